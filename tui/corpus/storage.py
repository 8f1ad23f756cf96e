"""The sequences a Corpus keeps its articles, mention arrays and statistics in: plain lists
after a fresh build, lazy views over a mapped snapshot after a warm start. Every form speaks
one protocol per kind (``Articles``, ``Stats``), so the corpus and its callers never ask which
form they hold.

Decoding is not done here: a lazy sequence is handed the store's decoder (``ArticleColumns``,
a loader function) and only decides when to call it and what to keep.
"""

from __future__ import annotations

import gc
from abc import abstractmethod
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar, overload

from tui.model import Article, EntityStats, PartialDate

T = TypeVar("T")


class ListLike(Sequence[T]):
    """Compares equal to any sequence with equal items, as a list does."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


def frozen_from_gc(make: Callable[[], T]) -> T:
    """``make()`` with the cyclic collector off (thousands of objects that are not garbage),
    then frozen out of its sight: they live as long as the corpus, and every full collection
    would walk the millions of them again (frames lost in the app)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return make()
    finally:
        if enabled:
            gc.enable()
            gc.freeze()


# --- articles --------------------------------------------------------------------------------


class Articles(ListLike[Article]):
    """``Corpus.articles``: a read-only sequence of Article in timeline order, with cheap
    columns for code that wants one field of every article without building them."""

    __slots__ = ()

    @abstractmethod
    def __len__(self) -> int: ...

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    @abstractmethod
    def __getitem__(self, i: int | slice) -> Article | list[Article]: ...

    def ids(self) -> list[str]:
        return [a.id for a in self]

    def paths(self) -> list[str]:
        """Every article's file path, as the loader was given it."""
        return [a.path for a in self]

    def text(self, i: int) -> str:
        """Article i's text (without building the article where the form allows)."""
        return self[i].text

    def utf8(self, i: int) -> bytes:
        """Article i's text as UTF-8 (UnicodeEncodeError when it has none, as str.encode)."""
        return self.text(i).encode("utf-8")

    def published_dates(self) -> list[PartialDate | None]:
        """Every article's ``published``."""
        return [a.published for a in self]

    def display_dates(self) -> list[PartialDate | None]:
        """Every article's ``published or date``: its date on the timeline."""
        return [a.published or a.date for a in self]


class ArticleList(Articles):
    """Articles held as a list of Article."""

    __slots__ = ("_items",)

    def __init__(self, items: Sequence[Article] = ()):
        self._items = list(items)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        return self._items[i]

    def __iter__(self) -> Iterator[Article]:
        return iter(self._items)

    def __repr__(self) -> str:
        return f"ArticleList({self._items!r})"


class ArticleColumns(Protocol):
    """What the store gives LazyArticles: the articles' columns and their decoder."""

    def __len__(self) -> int: ...
    def ids(self) -> list[str]: ...
    def paths(self) -> list[str]: ...
    def build(self, lo: int, hi: int) -> list[Article]:
        """Articles lo..hi-1, decoded (their texts may then leave memory)."""
        ...

    def text(self, i: int) -> str: ...
    def published(self) -> list[PartialDate | None]: ...
    def dates(self) -> list[PartialDate | None]: ...


class LazyArticles(Articles):
    """Articles decoded on first access (in bulk: a range at a time when read in order), then
    kept."""

    CHUNK = 1024

    def __init__(self, columns: ArticleColumns):
        self._columns = columns
        self._n = len(columns)
        self._cache: list[Article | None] = [None] * self._n
        self._next = -1  # the index that would continue an in-order read
        self._streak = 0
        self._published: list[PartialDate | None] | None = None
        self._display: list[PartialDate | None] | None = None

    def __len__(self) -> int:
        return self._n

    def _build(self, lo: int, hi: int) -> None:
        """Build the articles lo..hi-1 that are not built yet."""
        cache = self._cache
        if all(cache[i] is not None for i in range(lo, hi)):
            return
        built = frozen_from_gc(lambda: self._columns.build(lo, hi))
        for k, art in enumerate(built, start=lo):
            if cache[k] is None:
                cache[k] = art

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            lo, hi, step = i.indices(self._n)
            if step == 1 and hi > lo:
                self._build(lo, hi)
            return [self[k] for k in range(lo, hi, step)]
        a = self._cache[i]  # IndexError and negative indexes as a list
        if a is None:
            if i < 0:
                i += self._n
            # Reading in order (a timeline filled row after row): build ahead, in bulk.
            self._streak = self._streak + 1 if i == self._next else 0
            self._build(i, min(self._n, i + (self.CHUNK if self._streak >= 8 else 1)))
            a = self._cache[i]
            assert a is not None
        self._next = i + 1 if i >= 0 else self._n + i + 1
        return a

    def __iter__(self) -> Iterator[Article]:
        cache = self._cache
        for lo in range(0, self._n, self.CHUNK):
            hi = min(self._n, lo + self.CHUNK)
            self._build(lo, hi)
            for a in cache[lo:hi]:
                assert a is not None
                yield a

    def __repr__(self) -> str:
        return f"<LazyArticles {self._n} articles>"

    def ids(self) -> list[str]:
        return self._columns.ids()

    def paths(self) -> list[str]:
        return self._columns.paths()

    def text(self, i: int) -> str:
        a = self._cache[i]
        return a.text if a is not None else self._columns.text(i)

    def published_dates(self) -> list[PartialDate | None]:
        if self._published is None:
            self._published = self._columns.published()
        return self._published

    def display_dates(self) -> list[PartialDate | None]:
        if self._display is None:
            self._display = [
                p or d for p, d in zip(self.published_dates(), self._columns.dates(), strict=True)
            ]
        return self._display


# --- dated expressions and quotes ------------------------------------------------------------


class LazyList(ListLike[T]):
    """A list made by ``load()`` on first access (the snapshot's dated expressions, quotes)."""

    def __init__(self, load: Callable[[], list[T]]):
        self._load: Callable[[], list[T]] | None = load
        self._items: list[T] | None = None

    @property
    def items(self) -> list[T]:
        if self._items is None:
            assert self._load is not None
            self._items = self._load()
            self._load = None
        return self._items

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        return self.items[i]

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __repr__(self) -> str:
        return repr(self.items) if self._items is not None else "<LazyList (not loaded)>"


# --- mention arrays --------------------------------------------------------------------------


class CheckedBytes(Protocol):
    """A region of a mapped file whose parts are checked when first read."""

    @property
    def view(self) -> memoryview: ...
    def check(self, lo: int = 0, hi: int | None = None) -> bool:
        """True when bytes lo..hi-1 are intact."""
        ...


class Slices(ListLike[array]):  # type: ignore[type-arg]
    """A list of arrays (one per entity or article) cut on demand from one checked region:
    array i is items ``off[i]..off[i+1]-1`` of the region."""

    __slots__ = ("_bytes", "_typecode", "_size", "_off", "_cache")

    def __init__(self, region: CheckedBytes, typecode: str, off: array):  # type: ignore[type-arg]
        self._bytes, self._typecode, self._off = region, typecode, off
        self._size = array(typecode).itemsize
        self._cache: list[array[Any] | None] = [None] * (len(off) - 1)

    def __len__(self) -> int:
        return len(self._cache)

    @overload
    def __getitem__(self, i: int) -> array[Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[array[Any]]: ...
    def __getitem__(self, i: int | slice) -> array[Any] | list[array[Any]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self._cache)))]
        a = self._cache[i]
        if a is None:
            if i < 0:
                i += len(self._cache)
            a = array(self._typecode)
            lo, hi = self._off[i] * self._size, self._off[i + 1] * self._size
            if self._bytes.check(lo, hi):  # a damaged chunk leaves the list empty
                a.frombytes(self._bytes.view[lo:hi])
            self._cache[i] = a
        return a

    def __iter__(self) -> Iterator[array[Any]]:
        for i in range(len(self._cache)):
            yield self[i]


class Positions(ListLike[array]):  # type: ignore[type-arg]
    """Each entity's mention positions (``position(article, start)``, what navigation
    bisects), made from its articles and starts when first asked: the snapshot does not keep
    them (40 MB at 100,000 articles, written again by every update)."""

    __slots__ = ("_arts", "_starts", "_cache")

    def __init__(self, arts: Sequence[array], starts: Sequence[array]):  # type: ignore[type-arg]
        self._arts, self._starts = arts, starts
        self._cache: list[array[int] | None] = [None] * len(arts)

    def __len__(self) -> int:
        return len(self._cache)

    @overload
    def __getitem__(self, i: int) -> array[int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[array[int]]: ...
    def __getitem__(self, i: int | slice) -> array[int] | list[array[int]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self._cache)))]
        a = self._cache[i]
        if a is None:
            from tui.corpus.index import position

            arts, starts = self._arts[i], self._starts[i]
            a = array("q")
            if len(arts) == len(starts):  # (a damaged chunk reads as no mentions)
                a.extend(map(position, arts, starts))
            self._cache[i] = a
        return a

    def __iter__(self) -> Iterator[array[int]]:
        for i in range(len(self._cache)):
            yield self[i]


# --- entity statistics -----------------------------------------------------------------------


class Stats(ListLike[EntityStats]):
    """Every entity's EntityStats by entity index, and the mention counts alone (the matcher's
    weights) without building them where the form allows."""

    __slots__ = ()

    @abstractmethod
    def __len__(self) -> int: ...

    @overload
    def __getitem__(self, i: int) -> EntityStats: ...
    @overload
    def __getitem__(self, i: slice) -> list[EntityStats]: ...
    @abstractmethod
    def __getitem__(self, i: int | slice) -> EntityStats | list[EntityStats]: ...

    def mention_counts(self) -> list[int]:
        return [s.mentions for s in self]


class StatsList(Stats):
    """Stats held as a list."""

    __slots__ = ("_items",)

    def __init__(self, items: Sequence[EntityStats] = ()):
        self._items = list(items)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> EntityStats: ...
    @overload
    def __getitem__(self, i: slice) -> list[EntityStats]: ...
    def __getitem__(self, i: int | slice) -> EntityStats | list[EntityStats]:
        return self._items[i]

    def __iter__(self) -> Iterator[EntityStats]:
        return iter(self._items)

    def __repr__(self) -> str:
        return f"StatsList({self._items!r})"


class LazyStats(Stats):
    """Stats built all at once (in bulk, by ``build``) on first use; ``counts`` gives the
    mention counts without them, and ``one(i)``, when given, entity i's alone until they are
    all built (a lookup of one entity does not build 100,000 of them)."""

    __slots__ = ("_n", "_counts", "_build", "_one", "_items")

    def __init__(
        self,
        n: int,
        counts: Callable[[], list[int]],
        build: Callable[[], list[EntityStats]],
        one: Callable[[int], EntityStats] | None = None,
    ):
        self._n, self._counts, self._build, self._one = n, counts, build, one
        self._items: list[EntityStats] | None = None

    def __len__(self) -> int:
        return self._n

    def _all(self) -> list[EntityStats]:
        if self._items is None:
            self._items = self._build()
        return self._items

    @overload
    def __getitem__(self, i: int) -> EntityStats: ...
    @overload
    def __getitem__(self, i: slice) -> list[EntityStats]: ...
    def __getitem__(self, i: int | slice) -> EntityStats | list[EntityStats]:
        if self._items is None and self._one is not None and isinstance(i, int):
            if not -self._n <= i < self._n:
                raise IndexError("entity index out of range")
            return self._one(i % self._n)
        return self._all()[i]

    def __iter__(self) -> Iterator[EntityStats]:
        return iter(self._all())

    def mention_counts(self) -> list[int]:
        return self._counts()
