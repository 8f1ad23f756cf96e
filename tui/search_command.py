"""`chronique search QUERY`: full-text hits with the fields of `mentions`, as JSON or as a
concordance (keyword in context) cut to the terminal's width.

Answered from the full-text index (tui/fulltext.py) without loading the corpus when the index
is up to date with the files: this module imports neither the corpus nor the entity matcher
unless --entity is given or the index is behind (then ``load`` loads the corpus).
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import sys

from tui import fulltext
from tui.model import PartialDate
from tui.output import UsageError, dump_json


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def cmd_search(root, config, args, load) -> int:
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
            from tui.search import EntityMatcher

            found = EntityMatcher.for_corpus(corpus).search(args.entity, limit=1)
            if not found:
                print(f"no entity matches {args.entity!r}", file=sys.stderr)
                if args.json:
                    dump_json([])
                return 1
            entity = corpus.entities[found[0].index]
            ids = corpus.articles.ids()
            allowed = {ids[i] for i in corpus.articles_mentioning([entity.id])}
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


def _date_option(value: str | None, name: str) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise UsageError(
            f"--{name} {value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None


class _SentenceContext:
    """The sentence around an offset, as ``mentions`` gives it (the ingest's sentence split)."""

    def __init__(self, texts: dict[int, str]):
        self.texts = texts
        self.sentences: dict[int, list[tuple[int, int]]] = {}

    def of(self, doc: int, offset: int) -> str:
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
        # one column each side of the match for the space the text has there (or not:
        # "l'Europe", "douane,")
        side = max(0, room - len(match))
        left_room, right_room = side // 2, side - side // 2
        start, end = r["start"], r["end"]
        left = " ".join(text[max(0, start - 3 * left_room) : start].split())
        right = " ".join(text[end : end + 3 * right_room].split())
        if left and text[start - 1 : start].isspace():
            left += " "
        if right and text[end : end + 1].isspace():
            right = " " + right
        left = left[-left_room:] if left_room else ""
        right = right[:right_room] if right_room else ""
        shown = f"\x1b[1m{match}\x1b[0m" if bold else match
        _out(f"{head}{left:>{left_room}}{shown}{right}".rstrip())
