"""Build a Corpus from per-article ingest results: entities merged across articles (gazetteer,
aliases, short forms), mentions sorted into the flat arrays of ``CorpusIndex``, statistics.

The build reads its articles through one protocol, ``ArticleSource``: an ingest result as it
is (``IngestedSource``) or packed by the store (tui/store/packed.py). Millions of mentions at
100,000 articles: the per-mention work is done by C loops (map, compress, array) over flat
arrays, and every entity's mentions come out already in (article, start, end) order, so
nothing is sorted per entity.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import chain, compress, repeat
from operator import call, itemgetter, lshift, or_
from typing import Any, Protocol, cast, overload

from tui.corpus.index import SHIFT, Corpus, CorpusIndex
from tui.corpus.merge import MergeInputs, decide, entities_of
from tui.corpus.storage import ArticleList, Articles, StatsList
from tui.ingest import IngestedArticle
from tui.ingest.entities import Gazetteer, LocalEntity, shipped_gazetteer
from tui.model import Article, EntityStats, PartialDate, Problem, Quote, TimeRef


class ArticleSource(Protocol):
    """One article's ingest result, as the build reads it."""

    @property
    def id(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def date(self) -> PartialDate | None: ...
    @property
    def published(self) -> PartialDate | None: ...
    @property
    def text(self) -> str: ...
    @property
    def n_timerefs(self) -> int: ...
    @property
    def n_quotes(self) -> int: ...
    def utf8(self) -> bytes: ...
    def article(self) -> Article: ...
    def mentions(self) -> list[tuple[int, int, str]]:
        """(start, end, local entity key) of each mention."""
        ...

    def local_entities(self) -> dict[str, LocalEntity]: ...
    def timerefs(self) -> list[TimeRef]: ...
    def quotes(self) -> list[Quote]: ...
    def renamed(self, new_id: str) -> ArticleSource:
        """A copy with another article id (a duplicate id made unique)."""
        ...


class IngestedSource:
    """An IngestedArticle as an ArticleSource: its objects are given back as they are."""

    __slots__ = ("it",)

    def __init__(self, it: IngestedArticle):
        self.it = it

    @property
    def id(self) -> str:
        return self.it.article.id

    @property
    def path(self) -> str:
        return self.it.article.path

    @property
    def date(self) -> PartialDate | None:
        return self.it.article.date

    @property
    def published(self) -> PartialDate | None:
        return self.it.article.published

    @property
    def text(self) -> str:
        return self.it.article.text

    @property
    def n_timerefs(self) -> int:
        return len(self.it.timerefs)

    @property
    def n_quotes(self) -> int:
        return len(self.it.quotes)

    def utf8(self) -> bytes:
        return self.it.article.text.encode("utf-8")

    def article(self) -> Article:
        return self.it.article

    def mentions(self) -> list[tuple[int, int, str]]:
        return self.it.entities.mentions

    def local_entities(self) -> dict[str, LocalEntity]:
        return self.it.entities.entities

    def timerefs(self) -> list[TimeRef]:
        return self.it.timerefs

    def quotes(self) -> list[Quote]:
        return self.it.quotes

    def renamed(self, new_id: str) -> IngestedSource:
        it = self.it
        return IngestedSource(
            IngestedArticle(replace(it.article, id=new_id), it.entities, it.timerefs, it.quotes)
        )


def _date_key(source: ArticleSource) -> tuple[bool, tuple[int, int, int], str]:
    d = source.published or source.date
    return (d is None, d.sort_key if d else (0, 0, 0), source.id)


def build_corpus(
    ingested: Iterable[IngestedArticle],
    problems: Sequence[Problem] = (),
    gazetteer: Gazetteer | None = None,
) -> Corpus:
    """Merge per-article results into one Corpus, its sequences plain lists."""
    return materialize(
        build_from_sources([IngestedSource(it) for it in ingested], problems, gazetteer)
    )


def build_from_sources(
    sources: Sequence[ArticleSource],
    problems: Sequence[Problem] = (),
    gazetteer: Gazetteer | None = None,
) -> Corpus:
    """The Corpus of these article sources, whose ``articles``, ``timerefs`` and ``quotes`` are
    views that make each item again from its source when read (nothing is kept): a cold load
    writes them to the cache snapshot in one pass and then uses the mapped copy.
    ``materialize(corpus)`` turns them into lists when the corpus itself is to be used."""
    gaz = gazetteer or shipped_gazetteer()
    items = sorted(sources, key=_date_key)
    items, dup_problems = _dedupe_ids(items)
    articles = SourceArticles(items)
    inputs = MergeInputs().add_all(items)
    names, votes, aliases, root_of, groups, lasts = decide(inputs, gaz)
    entities = entities_of(names, votes, aliases)
    entity_index = {e.id: i for i, e in enumerate(entities)}
    # what a snapshot keeps for the next update
    articles.merge_inputs, articles.merge_groups = inputs, (groups, lasts)
    # local key -> global entity index, for the keys whose entity was kept
    gi_of: dict[str, int] = {}
    for key, root in root_of.items():
        gi = entity_index.get(root)
        if gi is not None:
            gi_of[key] = gi

    n_ent = len(entities)
    # Every kept mention, in article order then (start, end, key) order: flat columns.
    flat_a, flat_s, flat_e = array("i"), array("i"), array("i")
    art_ent: list[array[int]] = []
    art_start: list[array[int]] = []
    art_end: list[array[int]] = []
    # int arrays, not lists: a list holds one int object (36 bytes) per mention of the corpus
    ent_lists: list[array[int]] = [array("q") for _ in range(n_ent)]
    to_entity = [lst.append for lst in ent_lists]
    get_key, get_s, get_e = itemgetter(2), itemgetter(0), itemgetter(1)
    for a, it in enumerate(items):
        ms = sorted(it.mentions())
        found = list(map(gi_of.get, map(get_key, ms)))
        if None in found:
            keep = [g is not None for g in found]
            ms = list(compress(ms, keep))
            found = list(compress(found, keep))
        gis = cast("list[int]", found)  # the None (keys whose entity was dropped) are gone
        ents, starts, ends = array("i", gis), array("i", map(get_s, ms)), array("i", map(get_e, ms))
        art_ent.append(ents)
        art_start.append(starts)
        art_end.append(ends)
        base = len(flat_s)
        flat_a.extend(repeat(a, len(ents)))
        flat_s.extend(starts)
        flat_e.extend(ends)
        # each mention's flat position joins its entity's list: C loop, no sort needed later
        deque(map(call, map(to_entity.__getitem__, gis), range(base, base + len(gis))), 0)

    # All entities' mentions one after the other, then cut: four C passes in all.
    perm = list(chain.from_iterable(ent_lists))
    ea = array("i", map(flat_a.__getitem__, perm))
    es = array("i", map(flat_s.__getitem__, perm))
    ee = array("i", map(flat_e.__getitem__, perm))
    ep = array("q", map(or_, map(lshift, ea, repeat(SHIFT)), es))
    del perm, flat_a, flat_s, flat_e
    published = [it.published for it in items]
    stats: list[EntityStats] = []
    ent_art: list[array[int]] = []
    ent_start: list[array[int]] = []
    ent_end: list[array[int]] = []
    ent_pos: list[array[int]] = []
    pos = 0
    for gi in range(n_ent):
        n = len(ent_lists[gi])
        arts = ea[pos : pos + n]
        ent_art.append(arts)
        ent_start.append(es[pos : pos + n])
        ent_end.append(ee[pos : pos + n])
        ent_pos.append(ep[pos : pos + n])
        pos += n
        # Articles are in date order, so the entity's first and last dates are those of its
        # first and last dated articles (min and max of its dates, without comparing them).
        first = last = None
        for x in arts:
            if published[x] is not None:
                first = published[x]
                break
        if first is not None:
            for k in range(n - 1, -1, -1):
                if published[arts[k]] is not None:
                    last = published[arts[k]]
                    break
        stats.append(EntityStats(n, len(set(arts)), first, last))
    del ent_lists
    index = CorpusIndex(
        ent_art,
        ent_start,
        ent_end,
        ent_pos,
        art_ent,
        art_start,
        art_end,
        article_index={it.id: i for i, it in enumerate(items)},
        entity_index=entity_index,
        stats=StatsList(stats),
    )
    timerefs = SourceSpans(items, lambda it: it.timerefs(), sum(it.n_timerefs for it in items))
    quotes = SourceSpans(
        items,
        lambda it: list(_with_speakers(it.quotes(), root_of, gi_of)),
        sum(it.n_quotes for it in items),
    )
    return Corpus(articles, entities, list(problems) + dup_problems, timerefs, quotes, index)


def _with_speakers(
    quotes: Iterable[Quote], root_of: dict[str, str], gi_of: dict[str, int]
) -> Iterator[Quote]:
    """The quotes with their speaker's global entity, when its key was kept (as the key's
    mentions were), else None."""
    for q in quotes:
        speaker = root_of.get(q.speaker) if q.speaker in gi_of else None
        yield q if q.speaker == speaker else replace(q, speaker=speaker)


def materialize(corpus: Corpus) -> Corpus:
    """A corpus from ``build_from_sources`` with lists where it has one-pass views."""
    if isinstance(corpus.articles, SourceArticles):
        corpus.articles = ArticleList(list(corpus.articles))
    if isinstance(corpus.timerefs, SourceSpans):
        corpus.timerefs = list(corpus.timerefs)
    if isinstance(corpus.quotes, SourceSpans):
        corpus.quotes = list(corpus.quotes)
    return corpus


def _dedupe_ids(items: list[ArticleSource]) -> tuple[list[ArticleSource], list[Problem]]:
    """Article ids must be unique: a later duplicate gets a suffix, and a problem says so."""
    seen: set[str] = set()
    out: list[ArticleSource] = []
    problems: list[Problem] = []
    for it in items:
        aid = it.id
        if aid in seen:
            n = 2
            while f"{aid}~{n}" in seen:
                n += 1
            new = f"{aid}~{n}"
            problems.append(Problem(it.path, f"duplicate article id {aid!r}; renamed {new!r}"))
            it = it.renamed(new)
            aid = new
        seen.add(aid)
        out.append(it)
    return out, problems


class SourceArticles(Articles):
    """``Corpus.articles`` of ``build_from_sources``: each Article is made again from its
    source when read, not kept; ``text(i)`` and ``utf8(i)`` without making it."""

    __slots__ = ("_items", "merge_inputs", "merge_groups")

    def __init__(self, items: list[ArticleSource]):
        self._items = items
        self.merge_inputs: MergeInputs | None = None
        # key -> its group's root when not its own; last word -> the persons it may name
        self.merge_groups: tuple[dict[str, str], dict[str, list[str]]] = ({}, {})

    def sources(self) -> list[ArticleSource]:
        """The article sources, in corpus order."""
        return self._items

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            return [p.article() for p in self._items[i]]
        return self._items[i].article()

    def __iter__(self) -> Iterator[Article]:
        for p in self._items:
            yield p.article()

    def ids(self) -> list[str]:
        return [p.id for p in self._items]

    def paths(self) -> list[str]:
        return [p.path for p in self._items]

    def text(self, i: int) -> str:
        return self._items[i].text

    def utf8(self, i: int) -> bytes:
        return self._items[i].utf8()

    def published_dates(self) -> list[PartialDate | None]:
        return [p.published for p in self._items]

    def display_dates(self) -> list[PartialDate | None]:
        return [p.published or p.date for p in self._items]


class SourceSpans(Sequence[Any]):
    """``Corpus.timerefs`` or ``Corpus.quotes`` of ``build_from_sources``: ``of(source)`` of
    each source in turn, made again when iterated."""

    def __init__(
        self, items: list[ArticleSource], of: Callable[[ArticleSource], list[Any]], n: int
    ):
        self._items, self._of, self._len = items, of, n

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Any]:
        for p in self._items:
            yield from self._of(p)

    def __getitem__(self, i: Any) -> Any:
        return list(self)[i]  # not on any hot path: the snapshot writer iterates
