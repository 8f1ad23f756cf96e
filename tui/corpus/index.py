"""The in-memory index over all articles, and the queries the commands and the app ask of it.

Articles are sorted by publication date (undated last), so an article's index is its place on
the timeline. Mentions are kept in flat integer arrays (one set per entity, one per article,
``CorpusIndex``) rather than one Python object each: a corpus of 100,000 articles has millions
of them. ``Mention`` objects are made on demand. How the corpus is built is tui/corpus/build.py;
how its sequences are held (lists, or lazy views over the cache snapshot) tui/corpus/storage.py.
"""

from __future__ import annotations

import bisect
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from tui.corpus.storage import ArticleList, Articles, Stats, StatsList
from tui.model import Article, Entity, EntityStats, Mention, PartialDate, Problem, Quote, TimeRef

# An article index and an offset packed into one sortable integer: next/previous mention of an
# entity is a bisect in one array.
SHIFT = 32


def position(article_idx: int, start: int) -> int:
    """(article index, offset) as one integer that sorts as the pair."""
    return (article_idx << SHIFT) | start


@dataclass
class CorpusIndex:
    """The corpus' mention arrays, lookups and entity statistics: what the build makes and
    the cache snapshot writes and reads back.

    ``ent_*[e]`` are entity e's mentions (article index, start, end, ``position``), sorted by
    article then start; ``art_*[a]`` article a's mentions (entity index, start, end), sorted by
    start."""

    ent_art: Sequence[array[int]] = field(default_factory=list)
    ent_start: Sequence[array[int]] = field(default_factory=list)
    ent_end: Sequence[array[int]] = field(default_factory=list)
    ent_pos: Sequence[array[int]] = field(default_factory=list)
    art_ent: Sequence[array[int]] = field(default_factory=list)
    art_start: Sequence[array[int]] = field(default_factory=list)
    art_end: Sequence[array[int]] = field(default_factory=list)
    article_index: dict[str, int] = field(default_factory=dict)
    entity_index: dict[str, int] = field(default_factory=dict)
    stats: Stats = field(default_factory=StatsList)
    # Each entity's names folded for the entity matcher (tui/search.py), when the cache kept
    # them: folding 100,000 names costs a lookup a third of a second. Derived data, not
    # compared.
    folded_names: Sequence[str] | None = field(default=None, compare=False)
    # The entities in the matcher's rank order (tui/search.py rank_order), when the cache kept
    # it: sorting 100,000 entities costs a lookup 70 ms. Derived data, not compared.
    entity_order: Sequence[int] | None = field(default=None, compare=False)

    @classmethod
    def without_mentions(cls, articles: Articles, entities: Sequence[Entity]) -> CorpusIndex:
        """The index of articles and entities with no mention between them."""
        n, m = len(articles), len(entities)
        none: array[int] = array("i")
        return cls(
            [none] * m,
            [none] * m,
            [none] * m,
            [array("q")] * m,
            [none] * n,
            [none] * n,
            [none] * n,
            {aid: i for i, aid in enumerate(articles.ids())},
            {e.id: i for i, e in enumerate(entities)},
            StatsList([EntityStats(0, 0, None, None) for _ in range(m)]),
        )


@dataclass
class Corpus:
    """Articles, entities, problems, dated expressions and quotes, and the index over them.

    ``Corpus(articles, entities)`` alone is a corpus with no mentions (its index is made)."""

    articles: Articles
    entities: list[Entity]
    problems: list[Problem] = field(default_factory=list)
    timerefs: Sequence[TimeRef] = field(default_factory=list)
    quotes: Sequence[Quote] = field(default_factory=list)
    index: CorpusIndex = field(default_factory=CorpusIndex, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.articles, Articles):
            self.articles = ArticleList(self.articles)
        if not self.index.article_index and (self.articles or self.entities):
            self.index = CorpusIndex.without_mentions(self.articles, self.entities)

    # --- lookups -------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        i = self.index.article_index.get(article_id)
        return None if i is None else self.articles[i]

    def article_idx(self, article_id: str) -> int | None:
        return self.index.article_index.get(article_id)

    def entity(self, entity_id: str) -> Entity | None:
        i = self.index.entity_index.get(entity_id)
        return None if i is None else self.entities[i]

    def entity_idx(self, entity_id: str) -> int | None:
        return self.index.entity_index.get(entity_id)

    def stats(self, entity_id: str) -> EntityStats:
        return self.index.stats[self.index.entity_index[entity_id]]

    @property
    def date_span(self) -> tuple[PartialDate | None, PartialDate | None]:
        dated = [d for d in self._published() if d]
        return (dated[0], dated[-1]) if dated else (None, None)

    def article_dates(self) -> list[PartialDate | None]:
        """Each article's date on the timeline (published, else the file's date), in order.
        Cheap on a corpus read from the cache snapshot: no Article is built for it."""
        return self.articles.display_dates()

    def _published(self) -> list[PartialDate | None]:
        return self.articles.published_dates()

    # --- mentions --------------------------------------------------------------------------

    def mention_count(self, entity_id: str) -> int:
        i = self.index.entity_index.get(entity_id)
        return 0 if i is None else self.index.stats[i].mentions

    def mention_counts(self) -> list[int]:
        """Every entity's mention count, by entity index (the matcher's weights). Cheap on a
        corpus read from the cache snapshot: no EntityStats is built for it."""
        return self.index.stats.mention_counts()

    def mentions_of(self, entity_id: str, limit: int | None = None) -> list[Mention]:
        """Every mention of an entity (the first ``limit`` ones), in article date order then
        text order."""
        i = self.index.entity_index.get(entity_id)
        if i is None:
            return []
        n = len(self.index.ent_start[i])
        return [self._mention(i, k) for k in range(n if limit is None else min(n, limit))]

    def mentions_in(self, article_id: str) -> list[Mention]:
        """Every mention in an article, in text order."""
        a = self.index.article_index.get(article_id)
        if a is None:
            return []
        art = self.articles[a]
        ents, starts, ends = self.index.art_ent[a], self.index.art_start[a], self.index.art_end[a]
        return [
            Mention(
                self.entities[ents[k]].id, art.id, starts[k], ends[k], art.text[starts[k] : ends[k]]
            )
            for k in range(len(starts))
        ]

    def mention_spans_in(self, article_id: str) -> tuple[array[int], array[int], array[int]]:
        """(entity indexes, starts, ends) of an article's mentions: cheap, for rendering."""
        a = self.index.article_index[article_id]
        return self.index.art_ent[a], self.index.art_start[a], self.index.art_end[a]

    def _mention(self, ent: int, k: int) -> Mention:
        art = self.articles[self.index.ent_art[ent][k]]
        s, e = self.index.ent_start[ent][k], self.index.ent_end[ent][k]
        return Mention(self.entities[ent].id, art.id, s, e, art.text[s:e])

    def mention_rank(self, entity_id: str, article_id: str, start: int) -> int | None:
        """The 0-based rank of the mention at (article, start) among the entity's mentions."""
        i, a = self.index.entity_index.get(entity_id), self.index.article_index.get(article_id)
        if i is None or a is None:
            return None
        pos = position(a, start)
        k = bisect.bisect_left(self.index.ent_pos[i], pos)
        return k if k < len(self.index.ent_pos[i]) and self.index.ent_pos[i][k] == pos else None

    def next_mention(
        self,
        entity_id: str,
        article_id: str | None,
        offset: int,
        *,
        backward: bool = False,
        wrap: bool = True,
    ) -> tuple[int, Mention] | None:
        """The entity's next (or previous) mention after position (article, offset), as
        (rank, mention). A bisect, not a scan. With no article, the first (or last) one."""
        i = self.index.entity_index.get(entity_id)
        if i is None or not len(self.index.ent_pos[i]):
            return None
        positions = self.index.ent_pos[i]
        a = self.index.article_index.get(article_id) if article_id is not None else None
        if a is None:
            k = len(positions) - 1 if backward else 0
        elif backward:
            k = bisect.bisect_left(positions, position(a, offset)) - 1
            if k < 0:
                if not wrap:
                    return None
                k = len(positions) - 1
        else:
            k = bisect.bisect_right(positions, position(a, offset))
            if k >= len(positions):
                if not wrap:
                    return None
                k = 0
        return k, self._mention(i, k)

    def articles_mentioning(self, entity_ids: Iterable[str]) -> list[int]:
        """Indexes (in date order) of the articles that mention every one of the entities."""
        result: set[int] | None = None
        for eid in entity_ids:
            i = self.index.entity_index.get(eid)
            found = set(self.index.ent_art[i]) if i is not None else set()
            result = found if result is None else result & found
        return sorted(result or ())

    def count_in_article(self, entity_ids: Sequence[str], article_idx: int) -> int:
        wanted = {self.index.entity_index[e] for e in entity_ids if e in self.index.entity_index}
        return sum(1 for e in self.index.art_ent[article_idx] if e in wanted)

    def entities_of(self, article_id: str) -> list[tuple[Entity, int]]:
        """The entities of one article with their mention counts, most mentioned first."""
        a = self.index.article_index.get(article_id)
        if a is None:
            return []
        counts = Counter(self.index.art_ent[a])
        return [
            (self.entities[e], n) for e, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def co_mentions(self, entity_id: str, limit: int | None = 20) -> list[tuple[Entity, int]]:
        """Entities mentioned in the same articles, by number of shared articles."""
        i = self.index.entity_index.get(entity_id)
        if i is None:
            return []
        counts: Counter[int] = Counter()
        for a in set(self.index.ent_art[i]):
            counts.update(set(self.index.art_ent[a]))
        counts.pop(i, None)
        ranked = sorted(
            counts.items(), key=lambda kv: (-kv[1], -len(self.index.ent_start[kv[0]]), kv[0])
        )
        return [(self.entities[e], n) for e, n in ranked[:limit]]

    def per_month(self, entity_ids: Sequence[str] = ()) -> dict[tuple[int, int], int]:
        """Mentions per (year, month) of the entities; articles per month when none given."""
        counts: Counter[tuple[int, int]] = Counter()
        if not entity_ids:
            for d in self._published():
                if d and d.month:
                    counts[(d.year, d.month)] += 1
            return dict(counts)
        for eid in entity_ids:
            i = self.index.entity_index.get(eid)
            if i is None:
                continue
            for a in self.index.ent_art[i]:
                d = self.articles[a].published
                if d and d.month:
                    counts[(d.year, d.month)] += 1
        return dict(counts)

    def sentence_at(self, article_id: str, offset: int) -> tuple[int, int]:
        """The sentence span containing an offset (or the nearest before it)."""
        art = self.article(article_id)
        if art is None or not art.sentences:
            return (0, 0)
        starts = [s for s, _e in art.sentences]
        k = max(0, bisect.bisect_right(starts, offset) - 1)
        return art.sentences[k]

    def context(self, mention: Mention) -> str:
        art = self.article(mention.article_id)
        s, e = self.sentence_at(mention.article_id, mention.start)
        return " ".join(art.text[s:e].split()) if art else ""

    def iter_all_mentions(self) -> Iterator[Mention]:
        for a, art in enumerate(self.articles):
            ents, starts, ends = (
                self.index.art_ent[a],
                self.index.art_start[a],
                self.index.art_end[a],
            )
            for k in range(len(starts)):
                yield Mention(
                    self.entities[ents[k]].id,
                    art.id,
                    starts[k],
                    ends[k],
                    art.text[starts[k] : ends[k]],
                )
