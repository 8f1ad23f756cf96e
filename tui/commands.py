"""The non-interactive commands. Each takes the Corpus and parsed arguments, prints plain text
for people or JSON (``--json``) for programs, and returns the exit status.

The JSON field names are a contract (README, "JSON output"): add fields, never rename.
"""

from __future__ import annotations

import sys
import textwrap

from tui.cli import UsageError, dump_json, iso
from tui.corpus import Corpus
from tui.search import EntityMatcher


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def matcher_for(corpus: Corpus) -> EntityMatcher:
    return EntityMatcher(
        [(e.name, *e.aliases) for e in corpus.entities],
        [e.type for e in corpus.entities],
        corpus.mention_counts(),
    )


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
    for r in rows:
        _out(f"{r['published'] or 'undated':<10}  {r['id']:<24}  {r['title']}")
    _out(f"{len(rows)} articles")
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
    _out(art.title)
    _out(" · ".join(x for x in (iso(art.published) or "undated", art.source, art.path) if x))
    _out()
    for b in art.blocks:
        chunk = art.text[b.start : b.end]
        if b.kind == "subheading":
            _out(f"## {chunk}")
        elif b.kind == "caption":
            _out(textwrap.fill(f"[photo] {chunk}", 100))
        else:
            _out(textwrap.fill(chunk, 100))
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
    width = max((len(r["name"]) for r in rows), default=10)
    width = min(width, 42)
    _out(f"{'TYPE':<5} {'NAME':<{width}} {'MENTIONS':>8} {'ARTICLES':>8}  {'FIRST':<10} {'LAST':<10}  ALIASES")
    for r in rows:
        _out(
            f"{r['type']:<5} {r['name'][:width]:<{width}} {r['mentions']:>8} {r['articles']:>8}  "
            f"{r['first'] or '-':<10} {r['last'] or '-':<10}  {', '.join(r['aliases'])}"
        )
    _out(f"{len(rows)} entities")
    return 0


def cmd_mentions(corpus: Corpus, args, config) -> int:
    if args.all:
        mentions = list(corpus.iter_all_mentions())
        mentions.sort(key=lambda m: (corpus.article_idx(m.article_id), m.start))
        header = f"all {len(mentions)} mentions"
    else:
        if args.entity:
            entity = corpus.entity(args.entity)
            if entity is None:
                raise UsageError(f"no entity with id {args.entity!r} (see 'chronique entities')")
        else:
            query = " ".join(args.query)
            if not query.strip():
                raise UsageError("give a QUERY, --entity ID or --all")
            found = matcher_for(corpus).search(query, limit=1)
            if not found:
                if args.json:
                    dump_json([])
                else:
                    print(f"no entity matches {query!r}", file=sys.stderr)
                return 1
            entity = corpus.entities[found[0].index]
        mentions = corpus.mentions_of(entity.id)
        st = corpus.stats(entity.id)
        header = f"{entity.name} ({entity.type}): {st.mentions} mentions in {st.articles} articles"
    rows = []
    for m in mentions:
        art = corpus.article(m.article_id)
        ent = corpus.entity(m.entity_id)
        rows.append(
            {
                "entity": m.entity_id,
                "name": ent.name if ent else m.entity_id,
                "article": m.article_id,
                "date": iso(art.published) if art else None,
                "start": m.start,
                "end": m.end,
                "surface": m.surface,
                "context": corpus.context(m),
            }
        )
    if args.json:
        dump_json(rows)
        return 0
    _out(header)
    for r in rows:
        _out(f"\n{r['date'] or 'undated'}  {r['article']}  [{r['start']}:{r['end']}]  {r['surface']}")
        _out(textwrap.fill(_mark(r["context"], r["surface"]), 100, initial_indent="  ", subsequent_indent="  "))
    return 0


def _mark(context: str, surface: str) -> str:
    """Show the mention in its sentence between » « marks (plain text, no colours)."""
    at = context.find(surface)
    if at < 0:
        return context
    return context[:at] + "»" + surface + "«" + context[at + len(surface) :]


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
    if args.json:
        dump_json(rows)
        return 0
    for r in rows:
        _out(f"{r['value'] or '?':<10}  {r['article']:<24}  {r['text']}")
    _out(f"{len(rows)} temporal expressions")
    return 0


def cmd_quotes(corpus: Corpus, args, config) -> int:
    quotes = [q for q in corpus.quotes if args.terms or not q.is_term]
    if args.speaker:
        found = matcher_for(corpus).search(args.speaker, limit=1)
        if not found:
            print(f"no entity matches {args.speaker!r}", file=sys.stderr)
            if args.json:
                dump_json([])
            return 1
        wanted = corpus.entities[found[0].index].id
        quotes = [q for q in quotes if q.speaker == wanted]
    quotes.sort(key=lambda q: (q.date is None, q.date.sort_key if q.date else (0, 0, 0), q.article_id, q.start))
    if args.cite:
        from tui.citation import cite_quote

        for q in quotes:
            _out(cite_quote(corpus, q, config.quote_citation))
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
            }
        )
    if args.json:
        dump_json(rows)
        return 0
    for r in rows:
        who = r["speaker_name"] or "?"
        _out(f"{r['date'] or 'undated':<10}  {who:<24}  « {textwrap.shorten(r['text'], 120)} »")
    _out(f"{len(rows)} quotations")
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
        _out(f"{len(corpus.articles)} articles, {len(corpus.entities)} entities")
        for p in problems:
            _out(f"problem: {p}")
        if not problems:
            _out("no problems found")
    return 1 if problems else 0


def _report_problems(corpus: Corpus) -> None:
    if corpus.problems:
        print(
            f"{len(corpus.problems)} problem(s) while loading; see 'chronique check'", file=sys.stderr
        )


# --- search: full-text hits and the concordance ----------------------------------------------
# Answered from the full-text index (tui/fulltext.py) without loading the corpus when the index
# is up to date with the files; ``load`` loads it when the index is behind or --entity is given.


def cmd_search(root, config, args, load) -> int:
    from tui import fulltext

    text = _search_text(args.query)
    try:
        query = fulltext.parse_query(text)
    except fulltext.QueryError as err:
        raise UsageError(f"search query {text!r}: {err}") from None
    since, until = (_date_option(getattr(args, k), k) for k in ("since", "until"))
    lo, hi = fulltext.rowid_range(since, until)
    if lo > hi:
        raise UsageError(f"--until {until} is before --since {since}")
    if args.limit < 0:
        raise UsageError("--limit N: N is 0 (all hits) or more")
    index = fulltext.open_index(root, config, use_cache=not args.no_cache)
    with index:
        paths, stats = fulltext.scan_files(root)
        corpus = None
        if args.entity or not index.is_current(paths, stats):
            corpus = load()
            if sys.stderr.isatty() and not index.is_current(paths, stats):
                sys.stderr.write("indexing the words of the articles…\r")
                sys.stderr.flush()
            index.sync(fulltext.corpus_docs(corpus), paths, stats)
            if sys.stderr.isatty():
                sys.stderr.write("\x1b[K")
        allowed = None
        if args.entity:
            found = matcher_for(corpus).search(args.entity, limit=1)
            if not found:
                print(f"no entity matches {args.entity!r}", file=sys.stderr)
                if args.json:
                    dump_json([])
                return 1
            entity = corpus.entities[found[0].index]
            ids = corpus.articles.ids() if hasattr(corpus.articles, "ids") else None
            allowed = {
                ids[i] if ids is not None else corpus.articles[i].id
                for i in corpus.articles_mentioning([entity.id])
            }
        limit = args.limit or None
        hits = []
        more = False
        for hit in index.hits(query, since=since, until=until, articles=allowed):
            if limit is not None and len(hits) >= limit:
                more = True
                break
            hits.append(hit)
        texts: dict[int, str] = {}
        for h in hits:
            if h.doc not in texts:
                texts[h.doc] = index.text(h.doc)
    contexts = _SentenceContext(texts)
    rows = [
        {
            "article": h.article,
            "date": h.date,
            "start": h.start,
            "end": h.end,
            "surface": texts[h.doc][h.start : h.end],
            "context": contexts.of(h.doc, h.start),
        }
        for h in hits
    ]
    shown = f"{len(rows)} hit{'s' if len(rows) != 1 else ''}"
    if more:
        shown += f" (the first {len(rows)}; --limit 0 for all)"
    if args.json:
        dump_json(rows)
    else:
        _concordance(rows, [texts[h.doc] for h in hits])
    print(shown if rows else f"no hits for {text!r}", file=sys.stderr)
    return 0 if rows else 1


def _search_text(words: list[str]) -> str:
    """The query from the command's arguments. One argument of several plain words is a phrase
    (the shell's quotes were meant as the query's): `search "droits de douane"`."""
    import re

    plain = re.compile(r'[^"“”()*]*')
    out = []
    for w in words:
        parts = w.split()
        if (
            len(parts) > 1
            and plain.fullmatch(w)
            and not any(p in ("OR", "NOT", "AND", "NEAR") or p.startswith("-") for p in parts)
        ):
            out.append(f'"{w}"')
        else:
            out.append(w)
    return " ".join(out)


def _date_option(value: str | None, name: str):
    from tui.model import PartialDate

    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise UsageError(f"--{name} {value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD") from None


class _SentenceContext:
    """The sentence around an offset, as ``mentions`` gives it (the ingest's sentence split)."""

    def __init__(self, texts: dict[int, str]):
        self.texts = texts
        self.sentences: dict[int, list[tuple[int, int]]] = {}

    def of(self, doc: int, offset: int) -> str:
        import bisect

        from tui.ingest.structure import split_blocks, split_sentences

        text = self.texts[doc]
        spans = self.sentences.get(doc)
        if spans is None:
            spans = self.sentences[doc] = list(split_sentences(text, split_blocks(text)))
        if not spans:
            return ""
        k = max(0, bisect.bisect_right([s for s, _e in spans], offset) - 1)
        s, e = spans[k]
        return " ".join(text[s:e].split())


def _concordance(rows: list[dict], texts: list[str]) -> None:
    """One line per hit: date, article, left context, the match, right context, the match in
    one column, cut to the terminal's width. Bold in a terminal (not with NO_COLOR); plain text
    in a pipe."""
    import os
    import shutil

    width = max(40, shutil.get_terminal_size().columns - 1)
    bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    id_width = min(24, max((len(r["article"]) for r in rows), default=0))
    for r, text in zip(rows, texts, strict=True):
        aid = r["article"]
        if len(aid) > id_width:
            aid = aid[: id_width - 1] + "…"
        head = f"{r['date'] or 'undated':<10}  {aid:<{id_width}}  "
        room = width - len(head)
        match = " ".join(r["surface"].split())
        if len(match) > room - 20:
            match = match[: max(1, room - 21)] + "…"
        side = max(0, room - len(match) - 2)
        left_room, right_room = side // 2, side - side // 2
        left = " ".join(text[max(0, r["start"] - 3 * left_room) : r["start"]].split())
        right = " ".join(text[r["end"] : r["end"] + 3 * right_room].split())
        left = left[-left_room:] if left_room else ""
        right = right[:right_room] if right_room else ""
        shown = f"\x1b[1m{match}\x1b[0m" if bold else match
        _out(f"{head}{left:>{left_room}} {shown} {right}".rstrip())
