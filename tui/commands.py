"""The non-interactive commands. Each takes the Corpus and parsed arguments, prints plain text
for people or JSON (``--json``) for programs, and returns the exit status.

The JSON field names are a contract (README, "JSON output"): add fields, never rename.
"""

from __future__ import annotations

import sys
from typing import Any

from tui.corpus import Corpus
from tui.model import Entity, Mention, iso
from tui.output import UsageError, dump_json, dump_json_rows
from tui.search import EntityMatcher
from tui.termout import clean, emphasise_span, more_line, record_limit, terminal


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def _note(line: str) -> None:
    """A summary or a remark for the person at the terminal: on stderr, so that stdout holds
    only the records."""
    print(clean(line), file=sys.stderr)


def cmd_articles(corpus: Corpus, args, config) -> int:
    rows = [
        {
            "id": a.id,
            "path": a.path,
            "date": iso(a.date),
            "published": iso(a.published),
            "title": a.title,
            "words": a.words,
            "source": a.source,
        }
        for a in corpus.articles
    ]
    if args.json:
        dump_json(rows)
        return 0
    term = terminal()
    for r in rows:
        _out(term.row([r["published"] or "undated", clean(r["id"]), clean(r["title"])], (10, 24)))
    _note(f"{len(rows)} articles")
    _report_problems(corpus)
    return 0


def cmd_show(corpus: Corpus, args, config) -> int:
    art = corpus.article(args.id)
    if art is None:
        raise UsageError(f"no article with id {args.id!r} (see 'chronique articles')")
    if args.json:
        dump_json(
            {
                "id": art.id,
                "path": art.path,
                "date": iso(art.date),
                "published": iso(art.published),
                "title": art.title,
                "source": art.source,
                "url": art.url,
                "author": art.author,
                "text": art.text,
                "paragraphs": [
                    {"kind": b.kind, "start": b.start, "end": b.end} for b in art.blocks
                ],
                "extra": _jsonable(art.extra),
            }
        )
        return 0
    term = terminal()
    _out(clean(art.title))
    _out(clean(" · ".join(x for x in (iso(art.published) or "undated", art.source, art.path) if x)))
    _out()
    for b in art.blocks:
        # One line per block in a pipe (a paragraph's own line breaks become spaces).
        chunk = " ".join(clean(art.text[b.start : b.end]).split())
        if b.kind == "subheading":
            _out(f"## {chunk}")
        elif b.kind == "caption":
            _out(term.wrap(f"[photo] {chunk}"))
        else:
            _out(term.wrap(chunk))
        _out()
    return 0


def _jsonable(value):
    import datetime as dt

    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def cmd_entities(corpus: Corpus, args, config) -> int:
    rows = []
    for e in corpus.entities:
        if args.type and e.type != args.type.upper():
            continue
        st = corpus.stats(e.id)
        rows.append(
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "aliases": list(e.aliases),
                "mentions": st.mentions,
                "articles": st.articles,
                "first": iso(st.first),
                "last": iso(st.last),
            }
        )
    rows.sort(key=lambda r: (-r["mentions"], r["name"]))
    if args.json:
        dump_json(rows)
        return 0
    term = terminal()
    if not term.is_terminal:  # tab-separated records, whole names, no header
        for r in rows:
            fields = [r["type"], r["name"], str(r["mentions"]), str(r["articles"])]
            fields += [r["first"] or "-", r["last"] or "-", ", ".join(r["aliases"])]
            _out(term.row([clean(f) for f in fields]))
        _note(f"{len(rows)} entities")
        return 0
    width = max((len(r["name"]) for r in rows), default=10)
    width = min(width, 42)
    _out(
        f"{'TYPE':<5} {'NAME':<{width}} {'MENTIONS':>8} {'ARTICLES':>8}  {'FIRST':<10} {'LAST':<10}  ALIASES"
    )
    for r in rows:
        _out(
            f"{r['type']:<5} {clean(r['name'])[:width]:<{width}} {r['mentions']:>8} {r['articles']:>8}  "
            f"{r['first'] or '-':<10} {r['last'] or '-':<10}  {clean(', '.join(r['aliases']))}"
        )
    _note(f"{len(rows)} entities")
    return 0


def cmd_mentions(corpus: Corpus, args, config) -> int:
    limit = record_limit(args.limit, json=args.json)
    total: int | None = None  # when only the mentions shown were made
    if args.all:
        mentions = list(corpus.iter_all_mentions())
        mentions.sort(key=lambda m: (corpus.article_idx(m.article_id), m.start))
        header = f"all {len(mentions)} mentions"
    else:
        if args.entity:
            entity = corpus.entity(args.entity)
            if entity is None:
                raise UsageError(f"no entity with id {args.entity!r} (see 'chronique entities')")
            chosen = [entity]
        else:
            query = " ".join(args.query)
            if not query.strip():
                raise UsageError("give a QUERY, --entity ID or --all")
            chosen = _matching_entities(corpus, query, args.all_matches)
            if not chosen:
                if args.json:
                    dump_json([])
                else:
                    _note(f"no entity matches {query!r}")
                return 1
        if len(chosen) == 1:
            # only those shown: Poutine's 200,000 mentions at 100,000 articles took 3 s
            mentions = corpus.mentions_of(
                chosen[0].id, limit if limit is not None and limit >= 0 else None
            )
            st = corpus.stats(chosen[0].id)
            total = st.mentions
            header = f"{chosen[0].name} ({chosen[0].type}): {st.mentions} mentions in {st.articles} articles"
        else:
            mentions = [m for e in chosen for m in corpus.mentions_of(e.id)]
            mentions.sort(key=lambda m: (corpus.article_idx(m.article_id), m.start))
            articles = len({m.article_id for m in mentions})
            names = ", ".join(e.name for e in chosen)
            header = f"{names}: {len(mentions)} mentions in {articles} articles"
    shown = mentions[:limit] if limit is not None else mentions
    left = (len(mentions) if total is None else total) - len(shown)
    if args.json:
        dump_json_rows(_mention_row(corpus, m) for m in shown)
        _note_left_out(left)
        return 0
    _note(header)
    term = terminal()
    for m in shown:
        r = _mention_row(corpus, m)
        head = [r["date"] or "undated", clean(r["article"]), f"[{r['start']}:{r['end']}]"]
        surface, context = clean(r["surface"]), clean(r["context"])
        if not term.is_terminal:  # one record per line: date, article, span, surface, sentence
            _out(term.row([*head, surface, context]))
            continue
        _out()
        _out(term.row([*head, surface], (10, 0, 0)))
        at = _offset_in_context(corpus, m)
        _out(emphasise_span(term, context, at, at + len(" ".join(surface.split()))))
    _note_left_out(left)
    return 0


def _mention_row(corpus: Corpus, m: Mention) -> dict[str, Any]:
    """One mention as its JSON record (and the fields of its line of text). Made only for
    the mentions printed: the sentence of each of 226,000 mentions is most of the time of a
    lookup."""
    art = corpus.article(m.article_id)
    ent = corpus.entity(m.entity_id)
    return {
        "entity": m.entity_id,
        "name": ent.name if ent else m.entity_id,
        "article": m.article_id,
        "date": iso(art.published) if art else None,
        "start": m.start,
        "end": m.end,
        "surface": m.surface,
        "context": corpus.context(m),
    }


def _note_left_out(left: int) -> None:
    """The last line on stderr when the limit left records out."""
    if left > 0:
        _note(more_line(left))


def _matching_entities(corpus: Corpus, query: str, all_matches: bool) -> list[Entity]:
    """The entity a query names (the best match), or every match with ``all_matches``. When
    several match and only the best is used, say so on stderr: `mentions wang` must not
    silently answer for Wang Yi alone when Wang Zhao matches too."""
    found = EntityMatcher.for_corpus(corpus).search(query)
    indices = found.indices if all_matches else found.indices[:6]
    entities = [corpus.entities[i] for i in indices]
    if all_matches or len(found) <= 1:
        return entities
    others = [e.name for e in entities[1:]]
    more = f" and {len(found) - 6} more" if len(found) > 6 else ""
    _note(
        f"{len(found)} entities match {query!r}: using {entities[0].name}; "
        f"also {', '.join(others)}{more} (--all-matches takes them all)"
    )
    return entities[:1]


def _offset_in_context(corpus: Corpus, m) -> int:
    """Where the mention starts in ``corpus.context(m)`` (the sentence with its whitespace
    runs made single spaces), so that the right occurrence is emphasised."""
    art = corpus.article(m.article_id)
    if art is None:
        return -1
    s, _e = corpus.sentence_at(m.article_id, m.start)
    before = art.text[s : m.start]
    lead = " ".join(before.split())
    if lead and before[-1:].isspace():
        lead += " "
    return len(lead)


def cmd_dates(corpus: Corpus, args, config) -> int:
    rows = [
        {
            "article": t.article_id,
            "start": t.start,
            "end": t.end,
            "text": t.text,
            "value": iso(t.value),
            "anchor": iso(t.anchor),
        }
        for t in corpus.timerefs
    ]
    rows.sort(key=lambda r: (r["value"] is None, r["value"] or "", r["article"], r["start"]))
    limit = record_limit(args.limit, json=args.json)
    shown = rows[:limit] if limit is not None else rows
    if args.json:
        dump_json_rows(shown)
        _note_left_out(len(rows) - len(shown))
        return 0
    term = terminal()
    for r in shown:
        _out(term.row([r["value"] or "?", clean(r["article"]), clean(r["text"])], (10, 24)))
    _note(f"{len(rows)} temporal expressions")
    _note_left_out(len(rows) - len(shown))
    return 0


def cmd_quotes(corpus: Corpus, args, config) -> int:
    quotes = [q for q in corpus.quotes if args.terms or not q.is_term]
    if args.speaker:
        speakers = _matching_entities(corpus, args.speaker, args.all_matches)
        if not speakers:
            _note(f"no entity matches {args.speaker!r}")
            if args.json:
                dump_json([])
            return 1
        wanted = {e.id for e in speakers}
        quotes = [q for q in quotes if q.speaker in wanted]
    quotes.sort(
        key=lambda q: (
            q.date is None,
            q.date.sort_key if q.date else (0, 0, 0),
            q.article_id,
            q.start,
        )
    )
    total = len(quotes)
    limit = record_limit(args.limit, json=args.json)
    if limit is not None:
        quotes = quotes[:limit]
    if args.cite:
        from tui.citation import cite_quote

        for q in quotes:  # one citation a line, never wrapped: it is meant to be pasted
            _out(clean(cite_quote(corpus, q, config.quote_citation)))
        _note_left_out(total - len(quotes))
        return 0
    rows = []
    for q in quotes:
        ent = corpus.entity(q.speaker) if q.speaker else None
        rows.append(
            {
                "article": q.article_id,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": q.speaker,
                "speaker_name": ent.name if ent else q.speaker_role,
                "speaker_role": q.speaker_role,
                "verb": q.verb,
                "date": iso(q.date),
                "is_term": q.is_term,
                "also": [list(p) for p in q.also],
            }
        )
    if args.json:
        dump_json_rows(rows)
        _note_left_out(total - len(rows))
        return 0
    term = terminal()
    for r in rows:
        who = clean(r["speaker_name"] or "?")
        text = " ".join(clean(r["text"]).split())
        if not term.is_terminal:
            _out(term.row([r["date"] or "undated", who, text]))
            continue
        head = term.row([r["date"] or "undated", who, ""], (10, 24))
        _out(term.wrap(f"« {text} »", head, " " * 38))
    _note(f"{total} quotations")
    _note_left_out(total - len(rows))
    return 0


def cmd_check(corpus: Corpus, args, config) -> int:
    problems = [str(p) for p in corpus.problems]
    undated = [a.id for a in corpus.articles if a.published is None]
    if args.json:
        dump_json(
            {
                "articles": len(corpus.articles),
                "entities": len(corpus.entities),
                "problems": [
                    {"path": p.path, "line": p.line, "message": p.message} for p in corpus.problems
                ],
                "undated": undated,
                "ok": not problems,
            }
        )
    else:
        _note(f"{len(corpus.articles)} articles, {len(corpus.entities)} entities")
        for p in problems:
            _out(f"problem: {clean(p)}")
        if not problems:
            _note("no problems found")
    return 1 if problems else 0


def _report_problems(corpus: Corpus) -> None:
    if corpus.problems:
        print(
            f"{len(corpus.problems)} problem(s) while loading; see 'chronique check'",
            file=sys.stderr,
        )
