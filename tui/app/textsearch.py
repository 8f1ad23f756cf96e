"""The app's text search, without Textual: the hits of a query as spans in corpus order, their
concordance lines (keyword in context) and sort orders, hits per month.

The index (tui/fulltext) finds the articles and the spans; this module turns them into what
the panes show. Everything here runs in worker threads as well as in the UI thread and is
tested directly (tests/app/test_textsearch.py).
"""

from __future__ import annotations

import bisect
import threading
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

from rich.cells import cell_len

from tui.model import PartialDate

# The index itself (tui.fulltext, sqlite3) is imported on the first search, not with the
# main screen: the first frame has no use for it.
if TYPE_CHECKING:
    from tui.corpus import Corpus
    from tui.fulltext import FullTextIndex, Query

# The hits kept for the concordance and n/N; past this, the rest are counted (for the total
# and the histogram) but not kept: a million rows of "de" helps nobody.
MAX_HITS = 100_000
# The first hits are shown as soon as they are found; the rest follow.
FIRST_BATCH = 500
# Sort orders, cycled by the sort key.
ORDERS = ("date", "before", "after")
ORDER_NAMES = {"date": "by date", "before": "by word before", "after": "by word after"}
# Words of context a sort key looks at on its side (1L 2L 3L, or 1R 2R 3R).
SORT_WORDS = 3
_CONTEXT_CHARS = 160  # characters of text a sort key reads on its side


class HitList:
    """Hits as three parallel arrays sorted by (article, start): the corpus order, the order
    of n/N. ``total`` counts every hit, kept or not (more than ``len`` when capped).

    A plain class, not a dataclass: this module is imported at every start (see
    tui/app/reader.py's ``Line``)."""

    __slots__ = ("article", "start", "end", "total", "months", "articles")

    def __init__(self, article: array[int], start: array[int], end: array[int]) -> None:
        self.article, self.start, self.end = article, start, end
        self.total = 0
        self.months: dict[tuple[int, int], int] = {}
        self.articles = 0  # articles with a hit (all of them, kept or not)

    def __len__(self) -> int:
        return len(self.start)

    @property
    def capped(self) -> bool:
        return self.total > len(self)

    def pairs(self) -> _Pairs:
        """(article, start) of every hit, for ``stepping.step_hit``."""
        return _Pairs(self)

    def rank(self, article: int, start: int) -> int | None:
        """The place of the hit starting there among all hits (0-based), or None."""
        k = self._first_in(article)
        while k < len(self) and self.article[k] == article:
            if self.start[k] == start:
                return k
            if self.start[k] > start:
                break
            k += 1
        return None

    def _first_in(self, article: int) -> int:
        return bisect.bisect_left(self.article, article)

    def in_article(self, article: int) -> list[tuple[int, int]]:
        """The (start, end) of the hits in one article, in text order."""
        lo = self._first_in(article)
        hi = bisect.bisect_right(self.article, article, lo)
        return list(zip(self.start[lo:hi], self.end[lo:hi], strict=True))


class _Pairs(Sequence[tuple[int, int]]):
    """A view of a HitList as a sorted sequence of (article, start), without a copy."""

    def __init__(self, hits: HitList):
        self.hits = hits

    def __len__(self) -> int:
        return len(self.hits)

    @overload
    def __getitem__(self, k: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, k: slice) -> list[tuple[int, int]]: ...

    def __getitem__(self, k: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        return (self.hits.article[k], self.hits.start[k])


def build_hitlist(
    spans: Iterable[tuple[int, int, int]],
    dates: Sequence[PartialDate | None],
    total: int | None = None,
) -> HitList:
    """A HitList from (article, start, end) triples in any order; ``dates`` gives each
    article's publication date (for hits per month)."""
    ordered = sorted(spans)
    hits = HitList(
        array("i", (t[0] for t in ordered)),
        array("i", (t[1] for t in ordered)),
        array("i", (t[2] for t in ordered)),
    )
    hits.total = len(ordered) if total is None else total
    months: Counter[tuple[int, int]] = Counter()
    last = -1
    for a in hits.article:
        d = dates[a]
        if a != last:
            hits.articles += 1
            last = a
        if d is not None and d.month:
            months[(d.year, d.month)] += 1
    hits.months = dict(months)
    return hits


# --- the index, and collecting hits ------------------------------------------------------


class IndexHolder:
    """The full-text index of the app's corpus: opened and brought up to date once, on first
    use, in a worker thread; one thread uses it at a time (the lock)."""

    def __init__(self, corpus: Corpus, root: Path | None, config: object, use_cache: bool):
        self.corpus, self.root, self.config, self.use_cache = corpus, root, config, use_cache
        self.lock = threading.Lock()
        self.index: FullTextIndex | None = None
        self._building: FullTextIndex | None = None

    def get(self, announce: Callable[[int], None] | None = None) -> FullTextIndex:
        """The index, up to date with the corpus (call with ``lock`` held). ``announce`` is
        told the number of files to index before a build that has to read their texts."""
        if self.index is not None:
            return self.index
        from tui.fulltext import FullTextIndex, corpus_docs, open_index, scan_files

        docs = corpus_docs(self.corpus)
        if self.root is None:
            # A corpus handed over without its folder (tests): indexed in memory.
            index = FullTextIndex.open(None, warn=_quiet)
            paths = sorted({a.path for a in self.corpus.articles})
            stats = [(0, 0)] * len(paths)
        else:
            index = open_index(self.root, self.config, use_cache=self.use_cache, warn=_quiet)
            paths, stats = scan_files(self.root)
        if announce is not None and not index.is_current(paths, stats):
            todo, _gone = index.changes(paths, stats)
            if todo:
                announce(len(todo))
        self._building = index
        try:
            index.sync(docs, paths, stats)
        except BaseException:
            index.close()
            raise
        finally:
            self._building = None
        self.index = index
        return index

    def interrupt(self) -> None:
        """Stop a build under way (from another thread: quitting must not wait for it). The
        build's transaction is rolled back; ``get`` raises sqlite3.OperationalError."""
        building = self._building
        if building is not None:
            building.conn.interrupt()

    def close(self) -> None:
        with self.lock:
            if self.index is not None:
                self.index.close()
                self.index = None


def _quiet(message: str) -> None:
    """Index warnings (a damaged file set aside) are not worth a notice over the app: the
    search goes on in memory."""


def collect_hits(
    index: FullTextIndex,
    corpus: Corpus,
    query: Query,
    *,
    articles: set[str] | None = None,
    first: Callable[[HitList], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    limit: int | None = None,
) -> HitList | None:
    """Every hit of ``query`` (in articles ``articles`` only, when given), as a HitList in
    corpus order; the first ``FIRST_BATCH`` are handed to ``first`` as soon as found. Past
    ``limit`` hits (``MAX_HITS``) are counted, not kept. None when cancelled."""
    limit = MAX_HITS if limit is None else limit
    index_of = corpus.article_idx
    dates = corpus.articles.published_dates()
    kept: list[tuple[int, int, int]] = []
    total = 0
    months: Counter[tuple[int, int]] = Counter()
    seen: set[int] = set()
    told = first is None
    for n, hit in enumerate(index.hits(query, articles=articles)):
        if n % 256 == 0 and cancelled():
            return None
        a = index_of(hit.article)
        if a is None:
            continue
        total += 1
        if len(kept) < limit:
            kept.append((a, hit.start, hit.end))
        else:
            seen.add(a)
            d = dates[a]
            if d is not None and d.month:
                months[(d.year, d.month)] += 1
        if not told and len(kept) == FIRST_BATCH:
            told = True
            first(build_hitlist(kept, dates))  # type: ignore[misc]
    hits = build_hitlist(kept, dates, total)
    if months:
        for m, c in months.items():
            hits.months[m] = hits.months.get(m, 0) + c
        hits.articles += len(seen - set(hits.article))
    return hits


# --- concordance lines -------------------------------------------------------------------


def clean(s: str) -> str:
    """Text for one line: whitespace (line breaks, tabs) as single spaces, other control
    and format characters as U+FFFD (ingest replaces them already; this is the app's
    own guard: nothing from a text may drive the terminal)."""
    out = []
    space = False
    for ch in s:
        if ch.isspace():
            if not space:
                out.append(" ")
            space = True
            continue
        space = False
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\u00ad":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def _left_cells(s: str, cells: int) -> str:
    """The end of ``s`` that fits ``cells`` cells."""
    used = 0
    k = len(s)
    while k > 0:
        w = cell_len(s[k - 1])
        if used + w > cells:
            break
        used += w
        k -= 1
    return s[k:]


def _right_cells(s: str, cells: int) -> str:
    """The start of ``s`` that fits ``cells`` cells."""
    used = 0
    for k, ch in enumerate(s):
        w = cell_len(ch)
        if used + w > cells:
            return s[:k]
        used += w
    return s


def kwic(text: str, start: int, end: int, left: int, right: int) -> tuple[str, str, str]:
    """(left context, match, right context) of ``text[start:end]`` on one line: the left
    context is the ``left`` cells before the match, the match is cut to ``right`` cells, the
    right context fills what is left of ``right``. Line breaks are spaces."""
    match = _right_cells(clean(text[start:end]), max(1, right))
    before = clean(text[max(0, start - 2 * left - 8) : start])
    after = clean(text[end : end + 2 * right + 8])
    return _left_cells(before, left), match, _right_cells(after, max(0, right - cell_len(match)))


def sort_key(text: str, start: int, end: int, order: str) -> tuple[str, ...]:
    """The words a hit sorts by: the words before it, nearest first (``before``), or after
    it (``after``), folded (case and accents do not count)."""
    from tui.fulltext import WORD, fold

    if order == "before":
        words = WORD.findall(text, max(0, start - _CONTEXT_CHARS), start)
        return tuple(fold(w) for w in reversed(words[-SORT_WORDS:]))
    words = WORD.findall(text, end, end + _CONTEXT_CHARS)
    return tuple(fold(w) for w in words[:SORT_WORDS])


def sorted_order(
    hits: HitList,
    order: str,
    text_of: Callable[[int], str],
    cancelled: Callable[[], bool] = lambda: False,
) -> array[int] | None:
    """The hits' indexes in ``order`` (``date``: corpus order; ``before``/``after``: by the
    words on that side, then by date). None when cancelled."""
    n = len(hits)
    if order == "date":
        return array("i", range(n))
    keys: list[tuple[tuple[str, ...], int]] = []
    last_a, text = -1, ""
    for k in range(n):
        if k % 1024 == 0 and cancelled():
            return None
        a = hits.article[k]
        if a != last_a:
            text, last_a = text_of(a), a
        keys.append((sort_key(text, hits.start[k], hits.end[k], order), k))
    keys.sort()
    return array("i", (k for _key, k in keys))


def next_order(order: str) -> str:
    return ORDERS[(ORDERS.index(order) + 1) % len(ORDERS)]
