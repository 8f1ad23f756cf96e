"""The in-memory index over all articles, and the queries the commands and the app ask of it.

Built once from per-article ingest results. Articles are sorted by publication date (undated
last), so an article's index is its place on the timeline. Mentions are kept in flat integer
arrays (one set per entity, one per article) rather than one Python object each: a corpus of
100,000 articles has millions of them. ``Mention`` objects are made on demand.
"""

from __future__ import annotations

import bisect
import zlib
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import call, eq, itemgetter, lshift, or_

from tui.ingest import IngestedArticle
from tui.ingest.entities import Gazetteer, LocalEntity, decide_type, shipped_gazetteer
from tui.ingest.french import slug
from tui.model import PER, Article, Block, Entity, Mention, PartialDate, Problem, Quote, TimeRef
from tui.records import (
    dec_local_entity,
    dec_quote,
    dec_timeref,
    enc_local_entity,
    enc_quote,
    enc_timeref,
)

# An article index and an offset packed into one sortable integer: next/previous mention of an
# entity is a bisect in one array.
_SHIFT = 32


def _pos(article_idx: int, start: int) -> int:
    return (article_idx << _SHIFT) | start


def _date_key(article: Article) -> tuple:
    d = article.published or article.date
    return (d is None, d.sort_key if d else (0, 0, 0), article.id)


@dataclass(slots=True)
class EntityStats:
    mentions: int
    articles: int
    first: PartialDate | None
    last: PartialDate | None


@dataclass
class Corpus:
    articles: list[Article]
    entities: list[Entity]
    problems: list[Problem] = field(default_factory=list)
    timerefs: list[TimeRef] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # entity index -> arrays of (article index, start, end), sorted by article then start
    _ent_art: list[array] = field(default_factory=list, repr=False)
    _ent_start: list[array] = field(default_factory=list, repr=False)
    _ent_end: list[array] = field(default_factory=list, repr=False)
    _ent_pos: list[array] = field(default_factory=list, repr=False)
    # article index -> arrays of (entity index, start, end), sorted by start
    _art_ent: list[array] = field(default_factory=list, repr=False)
    _art_start: list[array] = field(default_factory=list, repr=False)
    _art_end: list[array] = field(default_factory=list, repr=False)
    _article_index: dict[str, int] = field(default_factory=dict, repr=False)
    _entity_index: dict[str, int] = field(default_factory=dict, repr=False)
    _stats: list[EntityStats] = field(default_factory=list, repr=False)

    # --- lookups -------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        i = self._article_index.get(article_id)
        return None if i is None else self.articles[i]

    def article_idx(self, article_id: str) -> int | None:
        return self._article_index.get(article_id)

    def entity(self, entity_id: str) -> Entity | None:
        i = self._entity_index.get(entity_id)
        return None if i is None else self.entities[i]

    def entity_idx(self, entity_id: str) -> int | None:
        return self._entity_index.get(entity_id)

    def stats(self, entity_id: str) -> EntityStats:
        return self._stats[self._entity_index[entity_id]]

    @property
    def date_span(self) -> tuple[PartialDate | None, PartialDate | None]:
        dated = [d for d in self._published() if d]
        return (dated[0], dated[-1]) if dated else (None, None)

    def article_dates(self) -> list[PartialDate | None]:
        """Each article's date on the timeline (published, else the file's date), in order.
        Cheap on a corpus read from the cache snapshot: no Article is built for it."""
        column = getattr(self.articles, "display_dates", None)
        return column() if column is not None else [a.published or a.date for a in self.articles]

    def _published(self) -> list[PartialDate | None]:
        column = getattr(self.articles, "published_dates", None)  # the snapshot's column
        return column() if column is not None else [a.published for a in self.articles]

    # --- mentions --------------------------------------------------------------------------

    def mention_count(self, entity_id: str) -> int:
        i = self._entity_index.get(entity_id)
        return 0 if i is None else self._stats[i].mentions

    def mention_counts(self) -> list[int]:
        """Every entity's mention count, by entity index (the matcher's weights). Cheap on a
        corpus read from the cache snapshot: no EntityStats is built for it."""
        column = getattr(self._stats, "mention_counts", None)
        return column() if column is not None else [s.mentions for s in self._stats]

    def mentions_of(self, entity_id: str) -> list[Mention]:
        """Every mention of an entity, in article date order then text order."""
        i = self._entity_index.get(entity_id)
        if i is None:
            return []
        return [self._mention(i, k) for k in range(len(self._ent_start[i]))]

    def mentions_in(self, article_id: str) -> list[Mention]:
        """Every mention in an article, in text order."""
        a = self._article_index.get(article_id)
        if a is None:
            return []
        art = self.articles[a]
        ents, starts, ends = self._art_ent[a], self._art_start[a], self._art_end[a]
        return [
            Mention(self.entities[ents[k]].id, art.id, starts[k], ends[k], art.text[starts[k] : ends[k]])
            for k in range(len(starts))
        ]

    def mention_spans_in(self, article_id: str) -> tuple[array, array, array]:
        """(entity indexes, starts, ends) of an article's mentions: cheap, for rendering."""
        a = self._article_index[article_id]
        return self._art_ent[a], self._art_start[a], self._art_end[a]

    def _mention(self, ent: int, k: int) -> Mention:
        art = self.articles[self._ent_art[ent][k]]
        s, e = self._ent_start[ent][k], self._ent_end[ent][k]
        return Mention(self.entities[ent].id, art.id, s, e, art.text[s:e])

    def mention_rank(self, entity_id: str, article_id: str, start: int) -> int | None:
        """The 0-based rank of the mention at (article, start) among the entity's mentions."""
        i, a = self._entity_index.get(entity_id), self._article_index.get(article_id)
        if i is None or a is None:
            return None
        pos = _pos(a, start)
        k = bisect.bisect_left(self._ent_pos[i], pos)
        return k if k < len(self._ent_pos[i]) and self._ent_pos[i][k] == pos else None

    def next_mention(
        self, entity_id: str, article_id: str | None, offset: int, *, backward: bool = False, wrap: bool = True
    ) -> tuple[int, Mention] | None:
        """The entity's next (or previous) mention after position (article, offset), as
        (rank, mention). A bisect, not a scan. With no article, the first (or last) one."""
        i = self._entity_index.get(entity_id)
        if i is None or not len(self._ent_pos[i]):
            return None
        positions = self._ent_pos[i]
        a = self._article_index.get(article_id) if article_id is not None else None
        if a is None:
            k = len(positions) - 1 if backward else 0
        elif backward:
            k = bisect.bisect_left(positions, _pos(a, offset)) - 1
            if k < 0:
                if not wrap:
                    return None
                k = len(positions) - 1
        else:
            k = bisect.bisect_right(positions, _pos(a, offset))
            if k >= len(positions):
                if not wrap:
                    return None
                k = 0
        return k, self._mention(i, k)

    def articles_mentioning(self, entity_ids: Iterable[str]) -> list[int]:
        """Indexes (in date order) of the articles that mention every one of the entities."""
        result: set[int] | None = None
        for eid in entity_ids:
            i = self._entity_index.get(eid)
            found = set(self._ent_art[i]) if i is not None else set()
            result = found if result is None else result & found
        return sorted(result or ())

    def count_in_article(self, entity_ids: Sequence[str], article_idx: int) -> int:
        wanted = {self._entity_index[e] for e in entity_ids if e in self._entity_index}
        return sum(1 for e in self._art_ent[article_idx] if e in wanted)

    def entities_of(self, article_id: str) -> list[tuple[Entity, int]]:
        """The entities of one article with their mention counts, most mentioned first."""
        a = self._article_index.get(article_id)
        if a is None:
            return []
        counts = Counter(self._art_ent[a])
        return [(self.entities[e], n) for e, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def co_mentions(self, entity_id: str, limit: int | None = 20) -> list[tuple[Entity, int]]:
        """Entities mentioned in the same articles, by number of shared articles."""
        i = self._entity_index.get(entity_id)
        if i is None:
            return []
        counts: Counter[int] = Counter()
        for a in set(self._ent_art[i]):
            counts.update(set(self._art_ent[a]))
        counts.pop(i, None)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -len(self._ent_start[kv[0]]), kv[0]))
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
            i = self._entity_index.get(eid)
            if i is None:
                continue
            for a in self._ent_art[i]:
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
            ents, starts, ends = self._art_ent[a], self._art_start[a], self._art_end[a]
            for k in range(len(starts)):
                yield Mention(self.entities[ents[k]].id, art.id, starts[k], ends[k], art.text[starts[k] : ends[k]])


def build_corpus(
    ingested: Iterable[IngestedArticle],
    problems: Sequence[Problem] = (),
    gazetteer: Gazetteer | None = None,
) -> Corpus:
    """Merge per-article results into one index: entities across articles, sorted arrays.

    Millions of mentions at 100,000 articles: the per-mention work is done by C loops (map,
    compress, array) over flat arrays, and every entity's mentions come out already in
    (article, start, end) order, so nothing is sorted per entity."""
    return _build(list(ingested), problems, gazetteer, packed=False)


def build_packed(
    packed: list[PackedArticle], problems: Sequence[Problem] = (), gazetteer: Gazetteer | None = None
) -> Corpus:
    """``build_corpus`` of packed articles (see PackedArticle), equal to it field by field, but
    its ``articles``, ``timerefs`` and ``quotes`` are views that rebuild each item when read
    (nothing is kept): for writing the corpus snapshot in one pass, whose mapped copy is then
    used. ``materialize(corpus)`` turns them into lists when the corpus itself is to be used."""
    return _build(packed, problems, gazetteer, packed=True)


def _build(items: list, problems: Sequence[Problem], gazetteer: Gazetteer | None, packed: bool) -> Corpus:
    gaz = gazetteer or shipped_gazetteer()
    items = sorted(items, key=_PackedDateKey if packed else lambda it: _date_key(it.article))
    items, dup_problems = _dedupe_ids(items)
    articles = _ArticleView(items) if packed else [it.article for it in items]
    resolve, names, votes, aliases, root_of = _merge_entities(items, gaz)

    entity_index: dict[str, int] = {}
    entities: list[Entity] = []
    for key in sorted(names):
        name = names[key]
        etype = decide_type(votes[key], name)
        entity_index[key] = len(entities)
        entities.append(Entity(key, name, etype, tuple(sorted(aliases[key] - {name}))))
    # local key -> global entity index, for the keys whose entity was kept
    gi_of = {}
    for key, root in root_of.items():
        gi = entity_index.get(root)
        if gi is not None:
            gi_of[key] = gi

    n_ent = len(entities)
    # Every kept mention, in article order then (start, end, key) order: flat columns.
    flat_a, flat_s, flat_e = array("i"), array("i"), array("i")
    art_ent, art_start, art_end = [], [], []
    # int arrays, not lists: a list holds one int object (36 bytes) per mention of the corpus
    ent_lists: list[array] = [array("q") for _ in range(n_ent)]
    to_entity = [lst.append for lst in ent_lists]
    get_key, get_s, get_e = itemgetter(2), itemgetter(0), itemgetter(1)
    for a, it in enumerate(items):
        ms = sorted(it.mentions() if packed else it.entities.mentions)
        gis = list(map(gi_of.get, map(get_key, ms)))
        if None in gis:
            keep = [g is not None for g in gis]
            ms = list(compress(ms, keep))
            gis = list(compress(gis, keep))
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

    corpus = Corpus(articles, entities, list(problems) + dup_problems)  # type: ignore[arg-type]
    ids = [it.id for it in items] if packed else [art.id for art in articles]
    corpus._article_index = {aid: i for i, aid in enumerate(ids)}
    del ids
    corpus._entity_index = entity_index
    corpus._art_ent, corpus._art_start, corpus._art_end = art_ent, art_start, art_end
    # All entities' mentions one after the other, then cut: four C passes in all.
    perm = list(chain.from_iterable(ent_lists))
    ea = array("i", map(flat_a.__getitem__, perm))
    es = array("i", map(flat_s.__getitem__, perm))
    ee = array("i", map(flat_e.__getitem__, perm))
    ep = array("q", map(or_, map(lshift, ea, repeat(_SHIFT)), es))
    del perm, flat_a, flat_s, flat_e
    published = [(it if packed else it.article).published for it in items]
    pos = 0
    for gi in range(n_ent):
        n = len(ent_lists[gi])
        arts = ea[pos : pos + n]
        corpus._ent_art.append(arts)
        corpus._ent_start.append(es[pos : pos + n])
        corpus._ent_end.append(ee[pos : pos + n])
        corpus._ent_pos.append(ep[pos : pos + n])
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
        corpus._stats.append(EntityStats(n, len(set(arts)), first, last))
    del ent_lists

    if packed:
        corpus.timerefs = _SpanView(items, 0, len_of=sum(it.n_timerefs for it in items))  # type: ignore[assignment]
        corpus.quotes = _SpanView(  # type: ignore[assignment]
            items, 1, root_of, gi_of, len_of=sum(it.n_quotes for it in items)
        )
        return corpus
    timerefs, quotes = corpus.timerefs, corpus.quotes
    for it in items:
        timerefs.extend(it.timerefs)
        quotes.extend(_with_speakers(it.quotes, root_of, gi_of))
    return corpus


def _with_speakers(quotes: Iterable[Quote], root_of: dict, gi_of: dict) -> Iterator[Quote]:
    """The quotes with their speaker's global entity, when its key was kept (as the key's
    mentions were), else None."""
    from dataclasses import replace

    for q in quotes:
        speaker = root_of.get(q.speaker) if q.speaker in gi_of else None
        yield q if q.speaker == speaker else replace(q, speaker=speaker)


def materialize(corpus: Corpus) -> Corpus:
    """A corpus from ``build_packed`` with plain lists where it has one-pass views."""
    for name in ("articles", "timerefs", "quotes"):
        value = getattr(corpus, name)
        if isinstance(value, _ArticleView | _SpanView):
            setattr(corpus, name, list(value))
    return corpus


def _dedupe_ids(items: list[IngestedArticle]) -> tuple[list[IngestedArticle], list[Problem]]:
    """Article ids must be unique: a later duplicate gets a suffix, and a problem says so."""
    from dataclasses import replace

    seen: set[str] = set()
    out, problems = [], []
    for it in items:
        packed = isinstance(it, PackedArticle)
        aid = it.id if packed else it.article.id
        if aid in seen:
            n = 2
            while f"{aid}~{n}" in seen:
                n += 1
            new = f"{aid}~{n}"
            path = it.path if packed else it.article.path
            problems.append(Problem(path, f"duplicate article id {aid!r}; renamed {new!r}"))
            if packed:
                it = it.renamed(new)
            else:
                it = IngestedArticle(replace(it.article, id=new), it.entities, it.timerefs, it.quotes)
            aid = new
        seen.add(aid)
        out.append(it)
    return out, problems


def _merge_entities(items: list[IngestedArticle], gaz: Gazetteer):
    """Decide the global entities: one per key, aliases and short forms folded in.

    Returns (resolve(local key) -> global key or None, names, votes, aliases, and the
    mapping resolve reads: local key -> global key).
    """
    surfaces: dict[str, Counter] = defaultdict(Counter)
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    aliases: dict[str, set[str]] = defaultdict(set)
    strong: set[str] = set()
    alias_to: dict[str, str] = {}
    # surfaces[key][surface] counts the mentions whose surface slugs to the key itself; a
    # key's Counter lists its surfaces in the order they were first met (a mention, or the
    # entity's name, counted 0), as ties in choosing the name go to the first met.
    counts: Counter[tuple[str, str]] = Counter()
    met: dict[tuple[str, str], None] = {}
    get_key = itemgetter(2)
    for it in items:
        if isinstance(it, PackedArticle):
            text, ms, local = it.text, it.mentions(), it.local_entities()
        else:
            text, ms, local = it.article.text, it.entities.mentions, it.entities.entities
        found = [text[s:e] for s, e, _k in ms]
        keys = list(map(get_key, ms))
        own = list(compress(zip(keys, found, strict=True), map(eq, map(slug, found), keys)))
        counts.update(own)
        met.update(dict.fromkeys(own))
        for key, ent in local.items():
            for t, v in ent.votes.items():
                votes[key][t] += v
            if not ent.weak:
                strong.add(key)
            for alias in ent.aliases:
                akey = slug(alias)
                aliases[key].add(alias)
                if akey != key:
                    alias_to.setdefault(akey, key)
            met.setdefault((key, ent.name))  # known even if only seen through aliases
    for key, surface in met:
        surfaces[key][surface] = counts.get((key, surface), 0)
    del counts, met

    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    def union(child: str, root: str) -> None:
        a, b = find(child), find(root)
        if a != b:
            parent[a] = b

    for key in list(surfaces):
        target = gaz.canonical_key(key)
        if target != key:
            union(key, target)
            strong.add(target)
        elif key in alias_to and alias_to[key] != key:
            union(key, alias_to[key])

    # Short forms across articles: "Poutine" alone joins "Vladimir Poutine" when it names
    # exactly one multi-word person of the corpus.
    last_token: dict[str, set[str]] = defaultdict(set)
    for key in surfaces:
        if "-" in key and find(key) == key and decide_type(votes[key], key.replace("-", " ")) == PER:
            last_token[key.rsplit("-", 1)[1]].add(key)
    for key in surfaces:
        if "-" not in key and key in last_token and len(last_token[key]) == 1 and not gaz.lookup(key):
            if decide_type(votes[key], key) in (PER, "MISC"):
                union(key, next(iter(last_token[key])))

    groups: dict[str, list[str]] = defaultdict(list)
    for key in surfaces:
        groups[find(key)].append(key)
    names: dict[str, str] = {}
    merged_votes: dict[str, dict[str, float]] = {}
    merged_aliases: dict[str, set[str]] = {}
    root_of: dict[str, str] = {}
    for root, members in groups.items():
        if root in gaz.ignore or not any(m in strong for m in members):
            continue
        known = gaz.lookup(root)
        own = surfaces.get(root) or Counter()
        if known:
            name = known[0]
        elif own and any(own.values()):
            # The most frequent spelling; on a tie the accented one ("États-Unis").
            name = max(own.items(), key=lambda kv: (kv[1], sum(ord(c) > 127 for c in kv[0])))[0]
        else:
            name = max(own or {root: 0}, key=len)
        if name.isupper() and " " in name:
            name = name.title()  # a photographer credited as "KIRILL KUDRYAVTSEV"
        v: dict[str, float] = defaultdict(float)
        al: set[str] = set()
        for m in members:
            for t, x in votes[m].items():
                v[t] += x
            al |= aliases[m]
            if m != root:
                al.update(s for s in surfaces[m] if surfaces[m][s])
        if known:
            v[known[1]] += 100
        for member in members:
            root_of[member] = root
        names[root] = name
        merged_votes[root] = v
        merged_aliases[root] = {a for a in al if slug(a) != root or a != name}

    def resolve(key: str) -> str | None:
        return root_of.get(key)

    return resolve, names, merged_votes, merged_aliases, root_of


# --- packed articles: what a load keeps of each ingest result until the corpus is built -------
#
# An IngestedArticle costs ~33 KB of Python objects for a 3,000-character article (a tuple per
# mention and per sentence, a Block per block, a dict and a set per local entity, a TimeRef and
# a Quote each): held for every file until the build, that was most of a cold load's peak. A
# PackedArticle keeps the same content in ~5 KB: offsets in int arrays, the text (UTF-8) and the
# local entities, dated expressions and quotes (compact JSON) zlib-compressed, decoded when the
# build reads them (once or twice each: level 1 costs a few microseconds per article).

def _dumps(obj) -> bytes:
    import json

    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    return zlib.compress(data.encode("utf-8", "surrogatepass"), 1)


def _loads(data: bytes):
    import json

    return json.loads(zlib.decompress(data).decode("utf-8", "surrogatepass"))


class PackedArticle:
    """One IngestedArticle, compact (see above). ``article()``, ``text``, ``mentions()``,
    ``local_entities()``, ``timerefs()`` and ``quotes()`` give back values equal to the
    original's; nothing decoded is kept."""

    __slots__ = (
        "id",
        "path",
        "title",
        "date",
        "published",
        "source",
        "url",
        "author",
        "extra",
        "_text",  # UTF-8, compressed; the str itself when it does not encode (lone surrogates)
        "_kinds",  # each block's kind (the structure module's own str constants)
        "_blocks",  # (start, end, credit_start, credit_end) per block, flat
        "_sentences",  # (start, end) per sentence, flat
        "_m_start",
        "_m_end",
        "_m_key",
        "_ents",  # JSON: [dict key, key, name, votes, aliases, weak] per local entity
        "_timerefs",  # JSON: a list of field lists
        "_quotes",  # JSON: a list of field lists
        "n_timerefs",
        "n_quotes",
    )

    @classmethod
    def pack(cls, it: IngestedArticle) -> PackedArticle:
        a = it.article
        p = cls.__new__(cls)
        p.id, p.path, p.title, p.date, p.published = a.id, a.path, a.title, a.date, a.published
        p.source, p.url, p.author, p.extra = a.source, a.url, a.author, a.extra
        try:
            p._text = zlib.compress(a.text.encode("utf-8"), 1)
        except UnicodeEncodeError:
            p._text = a.text
        blocks = array("i")
        for b in a.blocks:
            blocks.extend((b.start, b.end, b.credit_start, b.credit_end))
        p._kinds, p._blocks = tuple(b.kind for b in a.blocks), blocks
        p._sentences = array("i", chain.from_iterable(a.sentences))
        ms = it.entities.mentions
        p._m_start = array("i", map(itemgetter(0), ms))
        p._m_end = array("i", map(itemgetter(1), ms))
        p._m_key = tuple(map(itemgetter(2), ms))
        # the field lists of the per-file cache (tui/records.py)
        p._ents = _dumps([enc_local_entity(k, e) for k, e in it.entities.entities.items()])
        # apart: the snapshot writer reads the dated expressions and the quotes in two passes
        p._timerefs = _dumps([enc_timeref(t) for t in it.timerefs])
        p._quotes = _dumps([enc_quote(q) for q in it.quotes])
        p.n_timerefs, p.n_quotes = len(it.timerefs), len(it.quotes)
        return p

    def renamed(self, new_id: str) -> PackedArticle:
        """A copy with another article id (a duplicate id made unique)."""
        p = PackedArticle.__new__(PackedArticle)
        for name in PackedArticle.__slots__:
            setattr(p, name, getattr(self, name))
        p.id = new_id
        return p

    @property
    def text(self) -> str:
        t = self._text
        return t if type(t) is str else str(zlib.decompress(t), "utf-8")

    def utf8(self) -> bytes:
        """The text as UTF-8 (UnicodeEncodeError when it has no UTF-8 form, as str.encode)."""
        t = self._text
        return t.encode("utf-8") if type(t) is str else zlib.decompress(t)

    def article(self) -> Article:
        b, s = self._blocks, self._sentences
        it = iter(s)
        return Article(
            self.id,
            self.path,
            self.text,
            self.title,
            self.date,
            self.published,
            self.source,
            self.url,
            self.author,
            tuple(
                Block(kind, b[4 * k], b[4 * k + 1], b[4 * k + 2], b[4 * k + 3])
                for k, kind in enumerate(self._kinds)
            ),
            tuple(zip(it, it, strict=True)),
            self.extra,
        )

    def mentions(self) -> list[tuple[int, int, str]]:
        return list(zip(self._m_start, self._m_end, self._m_key, strict=True))

    def local_entities(self) -> dict[str, LocalEntity]:
        return dict(map(dec_local_entity, _loads(self._ents)))

    def timerefs(self) -> list[TimeRef]:
        return list(map(dec_timeref, _loads(self._timerefs)))

    def quotes(self) -> list[Quote]:
        return list(map(dec_quote, _loads(self._quotes)))


def _PackedDateKey(p: PackedArticle) -> tuple:
    """``_date_key`` of the packed article's Article."""
    d = p.published or p.date
    return (d is None, d.sort_key if d else (0, 0, 0), p.id)


class _ArticleView(Sequence):
    """``Corpus.articles`` of ``build_packed``: each Article is rebuilt when read, not kept.
    ``text(i)`` and ``utf8(i)`` give an article's text without building it."""

    def __init__(self, items: list[PackedArticle]):
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [p.article() for p in self._items[i]]
        return self._items[i].article()

    def __iter__(self) -> Iterator[Article]:
        for p in self._items:
            yield p.article()

    def text(self, i: int) -> str:
        return self._items[i].text

    def utf8(self, i: int) -> bytes:
        return self._items[i].utf8()


class _SpanView(Sequence):
    """``Corpus.timerefs`` (which 0) or ``Corpus.quotes`` (which 1, speakers resolved as
    build_corpus does) of ``build_packed``: decoded article by article when iterated."""

    def __init__(self, items: list[PackedArticle], which: int, root_of=None, gi_of=None, *, len_of: int):
        self._items, self._which, self._root_of, self._gi_of, self._len = items, which, root_of, gi_of, len_of

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator:
        for p in self._items:
            if self._which == 0:
                yield from p.timerefs()
            else:
                yield from _with_speakers(p.quotes(), self._root_of, self._gi_of)

    def __getitem__(self, i):
        return list(self)[i]  # not on any hot path: the snapshot writer iterates


def pack_file(f) -> tuple[list[PackedArticle], list[Problem]]:
    """An IngestedFile as (its packed articles, its problems)."""
    return [PackedArticle.pack(it) for it in f.articles], list(f.problems)
