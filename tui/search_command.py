"""`chronique search QUERY`: full-text hits with the fields of `mentions`, as JSON or as a
concordance (keyword in context) cut to the terminal's width.

Answered from the full-text index (tui/fulltext.py) without loading the corpus when the index
is up to date with the files: this module imports neither the corpus nor the entity matcher
unless --entity is given or the index is behind (then ``load`` loads the corpus).
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from tui import fulltext
from tui.model import PartialDate
from tui.output import UsageError, dump_json, dump_json_rows
from tui.termout import TERMINAL_LIMIT, more_line, record_limit

T = TypeVar("T")


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
        limit = record_limit(args.limit, json=args.json)
        hits = index.hits(query, since=since, until=until, articles=allowed)
        rows = _rows(index, itertools.islice(hits, limit) if limit is not None else hits)
        if args.json:
            n = dump_json_rows(row for row, _text in rows)
        else:
            n = 0
            for batch in _batches(rows, TERMINAL_LIMIT):
                _concordance([row for row, _t in batch], [text for _r, text in batch])
                n += len(batch)
        left, at_least = _count_rest(hits) if limit is not None and n == limit else (0, False)
    print(f"{n} hit{'s' if n != 1 else ''}" if n else f"no hits for {text!r}", file=sys.stderr)
    if left:
        print(more_line(left, at_least=at_least), file=sys.stderr)
    return 0 if n else 1


def _rows(
    index: fulltext.FullTextIndex, hits: Iterable[fulltext.Hit]
) -> Iterator[tuple[dict[str, Any], str]]:
    """Each hit as its JSON record, with its article's text. The hits of one article come
    together (timeline order), so one article's text and sentences are kept at a time."""
    doc, text, sentences = -1, "", _Sentences("")
    for h in hits:
        if h.doc != doc:
            doc, text = h.doc, index.text(h.doc)
            sentences = _Sentences(text)
        row = {
            "article": h.article,
            "date": h.date,
            "start": h.start,
            "end": h.end,
            "surface": text[h.start : h.end],
            "context": sentences.around(h.start),
        }
        yield row, text


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size``: the concordance lines up one batch at a time."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


# How long the count of the hits left out by --limit may take (seconds): counting every
# hit of a common word at 100,000 articles reads every article that has it.
COUNT_BUDGET = 0.3


def _count_rest(hits: Iterator[fulltext.Hit], budget: float = COUNT_BUDGET) -> tuple[int, bool]:
    """How many hits ``hits`` has left, and whether the count stopped at the time budget
    (then it is a lower bound: "at least N more")."""
    deadline = time.monotonic() + budget
    n = 0
    for n, _hit in enumerate(hits, 1):
        if n % 256 == 0 and time.monotonic() > deadline:
            return n, True
    return n, False


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


class _Sentences:
    """The sentence around an offset of one article's text, as ``mentions`` gives it (the
    ingest's sentence split), split on first use."""

    def __init__(self, text: str):
        self.text = text
        self.spans: list[tuple[int, int]] | None = None
        self.starts: list[int] = []

    def around(self, offset: int) -> str:
        if self.spans is None:
            from tui.ingest.structure import split_blocks, split_sentences

            self.spans = list(split_sentences(self.text, split_blocks(self.text)))
            self.starts = [s for s, _e in self.spans]
        if not self.spans:
            return ""
        k = max(0, bisect.bisect_right(self.starts, offset) - 1)
        s, e = self.spans[k]
        return " ".join(self.text[s:e].split())


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
