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
