"""Fuzzy entity matching and the filter query syntax (after fzf's extended search).

Query: space-separated terms, all of which must match an entity's name or one of its aliases.
- ``lavr``      fuzzy (typos allowed from 4 letters, after a word's first letter): "serguei
                lavrov", "poutin", "lavorv"
- ``'lavr``     exact substring
- ``^serg``     prefix of a name or alias (of any of its words)
- ``rov$``      suffix
- ``!chine``    negation: the substring must not appear
- ``@per`` ``@org`` ``@loc`` ``@misc``  type filter (several: any of them)
- ``a | b``     either term (a bar between spaces, as in fzf): ``^wang | lavr poutine$`` is
                (^wang or lavr) and poutine$; type filters apply to the whole query
Matching folds case, accents and typographic variants. Results are ranked by match quality,
then by how often the entity is mentioned, then by shorter name.

Speed (a keystroke within a frame at 100,000 entities): an index built once lists, for every
letter and pair of letters, the entities containing it, split by whether its first occurrence
starts a word, each list in rank order (more mentions, shorter name). A query of one or two
letters is then answered and ranked without reading a name; a longer term reads only the names
of its rarest pair of letters; rapidfuzz scores the near misses of a fuzzy term among the
entities with a word starting like it (see ``_fuzzy_pool``). Results are two flat arrays
(``Matches``), Match objects being made only for the rows looked at. When a query only grows
(the user types one more letter), the previous result set bounds the new one. ``_Reference`` is the plain
algorithm the index reproduces exactly (tests compare them).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import TYPE_CHECKING, Any, overload

from rapidfuzz import fuzz, process

from tui.ingest.french import TYPOGRAPHIC as _TYPO
from tui.ingest.french import fold
from tui.model import ENTITY_TYPES
from tui.search_index import WORD_BOUNDS, Candidates, NameIndex

if TYPE_CHECKING:
    from tui.corpus import Corpus

FUZZY_CUTOFF = 72.0
_MIN_FUZZY_LEN = 4
# Above this many candidates a fuzzy term is only checked against the survivors of the other
# terms (or is answered by substring only), so one keystroke never scores the whole list.
# rapidfuzz's partial_ratio takes ~0.6 us a name: 20,000 is ~12 ms, within a frame. (At 100,000
# entities the word-start pools are a few thousand; at 1,000,000 the large ones are skipped.)
_MAX_FUZZY_CANDIDATES = 20_000


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # folded
    mode: str  # 'fuzzy', 'exact', 'prefix', 'suffix', 'not'


@dataclass(frozen=True, slots=True)
class Query:
    terms: tuple[Term, ...]
    types: frozenset[str]

    @property
    def empty(self) -> bool:
        return not self.terms and not self.types


def parse_query(text: str) -> Query:
    """The terms and type filters of a query without alternatives (a bare ``|`` is ignored
    here: ``split_alternatives`` handles it)."""
    terms: list[Term] = []
    types: set[str] = set()
    for raw in text.split():
        if raw == OR:
            continue
        if raw.startswith("@") and raw[1:].upper() in ENTITY_TYPES:
            types.add(raw[1:].upper())
            continue
        if raw.startswith("!") and len(raw) > 1:
            terms.append(Term(fold(raw[1:]), "not"))
        elif raw.startswith("'") and len(raw) > 1:
            terms.append(Term(fold(raw[1:]), "exact"))
        elif raw.startswith("^") and len(raw) > 1:
            terms.append(Term(fold(raw[1:]), "prefix"))
        elif raw.endswith("$") and len(raw) > 1:
            terms.append(Term(fold(raw[:-1]), "suffix"))
        elif raw not in ("!", "'", "^", "$"):
            terms.append(Term(fold(raw), "fuzzy"))
    return Query(tuple(terms), frozenset(types))


OR = "|"


def split_alternatives(text: str) -> tuple[list[list[str]], list[str]] | None:
    """A query with fzf's OR: the terms in groups of alternatives joined by a bare ``|``
    (``a | b c`` -> ``[["a", "b"], ["c"]]``), and the type filters apart; None when the query
    has no bar. A bar with nothing on one side (being typed) joins nothing."""
    tokens = text.split()
    if OR not in tokens:
        return None
    groups: list[list[str]] = []
    types: list[str] = []
    joined = False
    for raw in tokens:
        if raw == OR:
            joined = bool(groups)
        elif raw.startswith("@") and raw[1:].upper() in ENTITY_TYPES:
            types.append(raw)
        elif joined:
            groups[-1].append(raw)
            joined = False
        else:
            groups.append([raw])
    return groups, types


@dataclass(frozen=True, slots=True)
class Match:
    index: int  # into the matcher's entity list
    score: float


class Matches(Sequence[Match]):
    """A ranked result: ``Match`` objects made on demand from two flat arrays, so that a query
    matching 100,000 entities does not build 100,000 objects. Behaves as a read-only list of
    Match (indexing, slicing, iteration, len, ==); ``indices`` is the entity indexes in order."""

    __slots__ = ("indices", "scores")

    def __init__(self, indices: Sequence[int], scores: Sequence[float]):
        self.indices = indices
        self.scores = scores

    def __len__(self) -> int:
        return len(self.indices)

    @overload
    def __getitem__(self, k: int) -> Match: ...
    @overload
    def __getitem__(self, k: slice) -> Matches: ...
    def __getitem__(self, k: int | slice) -> Match | Matches:
        if isinstance(k, slice):
            return Matches(self.indices[k], self.scores[k])
        return Match(self.indices[k], self.scores[k])

    def __iter__(self) -> Iterator[Match]:
        return map(Match, self.indices, self.scores)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Matches):
            return list(self.indices) == list(other.indices) and list(self.scores) == list(
                other.scores
            )
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        head = ", ".join(repr(m) for m in self[:3])
        return f"Matches([{head}{', ...' if len(self) > 3 else ''}], n={len(self)})"


_COMBINING = {cp: None for cp in range(0x300, 0x370) if unicodedata.combining(chr(cp))}


def _fold_name(x: str) -> str:
    """fold(x), in C loops for the common names: an ASCII name folds to its lower case (no
    typographic variant or accent is ASCII), and so does a name that is ASCII once decomposed
    and stripped of the common accents (U+0300-U+036F); others go through fold()."""
    if x.isascii():
        return x.lower()
    y = unicodedata.normalize("NFKD", x.translate(_TYPO)).translate(_COMBINING)
    return y.lower() if y.isascii() else fold(x)


def folded_names(names: Iterable[Sequence[str]]) -> list[str]:
    """What the matcher searches: per entity, its names (name and aliases) folded and joined
    by a bar. The cache snapshot keeps it (``CorpusIndex.folded_names``)."""
    return ["|".join(map(_fold_name, n)) for n in names]


class EntityMatcher:
    """Matches queries against a fixed list of entities (names + aliases)."""

    def __init__(
        self,
        names: Sequence[Sequence[str]],
        types: Sequence[str],
        weights: Sequence[int],
        folded: Sequence[str] | None = None,
        order: Sequence[int] | None = None,
    ):
        """``names[i]`` are entity i's name and aliases; ``weights[i]`` its mention count;
        ``folded`` and ``order``, when given, ``folded_names(names)`` and ``rank_order`` made
        earlier (kept by the cache)."""
        self.types = list(types)
        self.weights = array("l", weights)
        self.lengths = array("i", (len(n[0]) if n else 0 for n in names))
        # One folded string per entity: its names separated by a bar.
        self.folded = list(folded) if folded is not None else folded_names(names)
        self._order = order
        self._ix: NameIndex | None = None
        self._ref: _Reference | None = None
        self._queries = 0
        self._last: tuple[str, Matches, Term | None] | None = None

    @classmethod
    def for_corpus(cls, corpus: Corpus) -> EntityMatcher:
        """The matcher over a corpus' entities, weighted by their mention counts."""
        ents = corpus.entities
        folded = corpus.index.folded_names
        # With the folded names kept by the cache, only each name's length is read here.
        names = (
            [(e.name,) for e in ents]
            if folded is not None
            else [(e.name, *e.aliases) for e in ents]
        )
        return cls(
            names,
            [e.type for e in ents],
            corpus.mention_counts(),
            folded,
            corpus.index.entity_order,
        )

    def __len__(self) -> int:
        return len(self.folded)

    def _ranks(self) -> NameIndex:
        if self._ix is None:
            self._ix = NameIndex(self.folded, self.weights, self.lengths, self._order)
            self._order = None
        return self._ix

    def index(self) -> NameIndex:
        """Build the search index now (~1 s per 100,000 entities). It is otherwise built by the
        second query with terms (a single query scans the names instead): an interactive
        caller should build it in a worker, after the first (empty) search."""
        return self._ranks().build()

    # --- public -----------------------------------------------------------------------------

    def search(self, text: str, limit: int | None = None) -> Matches:
        """Entities matching the query, best first. An empty query lists all by weight."""
        alternatives = split_alternatives(text)
        if alternatives is not None:
            groups, types = alternatives
            if any(len(g) > 1 for g in groups):
                # Alternatives widen a query: no previous result bounds this one or the next.
                self._last = None
                result = self._search_any(groups, types)
                return result[:limit] if limit else result
            text = " ".join([*(g[0] for g in groups), *types])  # a bar joining nothing yet
        query = parse_query(text)
        base: Sequence[int] | None = None
        prev: Term | None = None
        if self._last is not None and _extends(self._last[0], text):
            base = self._last[1].indices
            prev = self._last[2]
            if len(base) == len(self.folded):  # every entity: no bound at all
                base = None
        if _fast_ok(query):
            result, single = self._search(query, base, prev)
        else:
            found, single = self._reference()._search(query, base), None
            result = Matches(
                array("i", (m.index for m in found)), array("d", (m.score for m in found))
            )
        self._last = (text, result, single)
        return result[:limit] if limit else result

    def _search_any(self, groups: list[list[str]], types: list[str]) -> Matches:
        """Every group must match through one of its alternatives. An entity's score is the sum
        over the groups of its best alternative's score, divided by the number of groups: the
        best of the plain queries the alternatives expand to, without expanding them."""
        suffix = " ".join(types)
        total: dict[int, float] | None = None
        scored = 0  # groups with a positive term: negations score 0, as in a plain query
        for group in groups:
            best: dict[int, float] = {}
            scored += any(t.mode != "not" for a in group for t in parse_query(a).terms)
            for alternative in group:
                query = parse_query(f"{alternative} {suffix}")
                if _fast_ok(query):
                    found, _single = self._search(query, None, None)
                    pairs: Iterable[tuple[int, float]] = zip(
                        found.indices, found.scores, strict=True
                    )
                else:
                    pairs = ((m.index, m.score) for m in self._reference()._search(query, None))
                for i, score in pairs:
                    if score > best.get(i, -1.0):
                        best[i] = score
            total = (
                best if total is None else {i: total[i] + v for i, v in best.items() if i in total}
            )
            if not total:
                break
        total = total or {}
        n = max(1, scored)
        weights, lengths = self.weights, self.lengths
        ranked = sorted(total, key=lambda i: (-total[i], -weights[i], lengths[i], i))
        return Matches(array("i", ranked), array("d", (total[i] / n for i in ranked)))

    def search_indices(self, text: str, limit: int | None = None) -> array[int]:
        """``search`` as an array of entity indexes, best first (no Match objects)."""
        return array("i", self.search(text, limit).indices)

    # --- the search -------------------------------------------------------------------------

    def _search(
        self, query: Query, base: Sequence[int] | None, prev: Term | None
    ) -> tuple[Matches, Term | None]:
        """(ranked Matches, the query's only term when it has one positive term and nothing
        else: the next keystroke may then skip re-checking the previous results)."""
        positive = [t for t in query.terms if t.mode != "not"]
        negative = [t for t in query.terms if t.mode == "not"]
        ix = self._ranks()
        if query.terms:
            self._queries += 1
            if self._queries >= 2:
                ix.build()
        # Scores are summed in this order (most selective first), as the reference does.
        positive.sort(key=lambda t: (t.mode == "fuzzy", -len(t.text)))
        single = positive[0] if len(positive) == 1 and not negative and not query.types else None

        # The previous results bound the new ones. When the query is one term that only grew,
        # they hold every substring hit of the new term anyway: only its near misses (fuzzy)
        # need checking against them.
        superset = (
            single is not None
            and prev is not None
            and prev.mode == single.mode
            and single.text.startswith(prev.text)
        )
        cand: Candidates | None = None
        if base is not None and not superset:
            cand = Candidates(set(base))
        if query.types:
            tc = self._type_cands(query.types)
            cand = tc if cand is None else cand.narrowed(tc)  # tc iterates its sequence

        drop: set[int] = set()
        for t in negative:
            drop.update(self._hits(t.text, None))

        if not positive:
            idx: Sequence[int]
            if cand is None:
                idx = ix.order
            elif cand.seq is not None:
                idx = cand.seq
            else:
                idx = array("i", sorted(cand._members(), key=ix.rank.__getitem__))
            if drop:
                idx = array("i", (i for i in idx if i not in drop))
            return Matches(idx, array("d", [0.0]) * len(idx)), None

        if len(positive) == 1:
            classes, fuzzy = self._classes(positive[0], cand, base if superset else None)
            idx = array("i")
            scores = array("d")
            for score, members in classes:
                if drop:
                    members = [i for i in members if i not in drop]
                idx.extend(members)
                scores.extend(array("d", [score]) * len(members))
            if fuzzy:  # best score first, then rank (a stable sort keeps the rank order)
                fz = sorted(
                    (i for i in fuzzy if i not in drop) if drop else fuzzy, key=ix.rank.__getitem__
                )
                fz.sort(key=fuzzy.__getitem__, reverse=True)
                idx.extend(fz)
                scores.extend(map(fuzzy.__getitem__, fz))
            return Matches(idx, scores), single

        # Several terms: an entity must match each. First narrow the candidates to the
        # entities that could (substring hits, and the near-miss pools of fuzzy terms), so that
        # rapidfuzz only scores those; then score each term, summing in the reference's order.
        possible: set[int] | None = None
        for term in sorted(positive, key=lambda t: self._cost(t)):
            found = self._possible(term, cand if possible is None else Candidates(possible))
            possible = found if possible is None else possible & found
            if not possible:
                return Matches(array("i"), array("d")), None
        cand = Candidates(possible)
        total: dict[int, float] | None = None
        for term in positive:
            classes, fuzzy = self._classes(term, cand, None)
            scores_t: dict[int, float] = {}
            for score, members in classes:
                scores_t.update(dict.fromkeys(members, score))
            scores_t.update(fuzzy)
            if total is None:
                total = scores_t
            else:
                total = {i: total[i] + s for i, s in scores_t.items() if i in total}
            if not total:
                return Matches(array("i"), array("d")), None
            cand = Candidates(set(total))
        assert total is not None
        for i in drop:
            total.pop(i, None)
        n = len(positive)
        scaled = {i: s / n for i, s in total.items()}
        order = sorted(scaled, key=ix.rank.__getitem__)
        order.sort(key=scaled.__getitem__, reverse=True)  # stable: ties stay in rank order
        return Matches(array("i", order), array("d", map(scaled.__getitem__, order))), None

    def _type_cands(self, types: frozenset[str]) -> Candidates:
        ix = self._ranks()
        found = ix._types.get(types)
        if found is None:
            mask = bytearray(t in types for t in self.types)
            seq = array("i", compress(ix.order, map(mask.__getitem__, ix.order)))
            found = ix._types[types] = Candidates(None, mask, seq)
        return found

    def _cost(self, term: Term) -> int:
        ix = self._ranks()
        t = term.text
        return ix.estimate(t) if len(t) <= 2 else ix.estimate(ix.rarest(t))

    def _possible(self, term: Term, cand: Candidates | None) -> set[int]:
        """A superset of the entities the term matches: its substring hits, plus the pool of
        near misses for a fuzzy term."""
        found = set(self._hits(term.text, cand))
        if term.mode == "fuzzy" and len(term.text) >= _MIN_FUZZY_LEN:
            pool = self._fuzzy_pool(term.text)
            found |= pool if cand is None else cand.among(pool)
        return found

    def _hits(self, t: str, cand: Candidates | None) -> list[int]:
        """Entities whose folded names contain ``t`` (among ``cand`` when given), in no
        particular order."""
        ix = self._ranks()
        if len(t) <= 2:
            post = ix.containing(t)
            if cand is None:
                return list(post)
            if cand.mask is None and len(cand) < len(post):
                folded = self.folded
                return [i for i in cand if t in folded[i]]
            return cand.keep(post)
        folded = self.folded
        post = ix.containing(ix.rarest(t))
        if cand is not None and cand.mask is None and len(cand) < len(post):
            return [i for i in cand if t in folded[i]]
        if cand is not None:
            post = cand.keep(post)
        return [i for i in post if t in folded[i]]

    def _classes(
        self, term: Term, cand: Candidates | None, fuzzy_within: Sequence[int] | None
    ) -> tuple[list[tuple[float, Sequence[int]]], dict[int, float]]:
        """A term's matches as score classes [(score, entities in rank order)] and, for fuzzy
        terms of four letters or more, the near misses {entity: score} (all below 105)."""
        ix = self._ranks()
        t, mode = term.text, term.mode
        rank = ix.rank
        folded = self.folded
        if mode == "prefix":
            pat = re.compile(r"(?:^|[ |'-])" + re.escape(t)).search
            post: Sequence[int] = ix.words(t[:2])  # t starts a word, so its first pair does too
            exact_post = True  # every member of post has a word starting with t[:2]
            if cand is not None:
                if cand.mask is None and len(cand) < len(post):
                    # A scan of the few candidates: a substring test only, so the word-start
                    # test below must run whatever the length of t.
                    post = sorted((i for i in cand if t[:2] in folded[i]), key=rank.__getitem__)
                    exact_post = False
                else:
                    post = cand.keep(post)
            hits = post if len(t) <= 2 and exact_post else [i for i in post if pat(folded[i])]
            return [(115.0, hits)], {}
        if mode == "suffix":
            pat = re.compile(re.escape(t) + r"(?:$|\|)").search
            hits = sorted((i for i in self._hits(t, cand) if pat(folded[i])), key=rank.__getitem__)
            return [(110.0, hits)], {}

        # exact and fuzzy: substring hits, 130 for a whole name, 115 when the first occurrence
        # starts a word, 105 otherwise
        whole = ix.whole(t)
        if cand is not None and whole:
            whole = [i for i in whole if i in cand]
        lead: Sequence[int]
        rest: Sequence[int]
        if len(t) <= 2 and (
            cand is None or cand.mask is not None or len(cand) >= ix.posting_len(t)
        ):
            lead, rest = ix.lead(t), ix.rest(t)
            if cand is not None:
                lead, rest = cand.keep(lead), cand.keep(rest)
            if whole:
                w = set(whole)
                lead = [i for i in lead if i not in w] if len(w) > 8 else _without(lead, w, rank)
                rest = [i for i in rest if i not in w] if len(w) > 8 else _without(rest, w, rank)
        else:
            w = set(whole)
            leading: list[int] = []
            other: list[int] = []
            for i in self._hits(t, cand):
                if i in w:
                    continue
                s = folded[i]
                at = s.find(t)
                if at == 0 or s[at - 1] in WORD_BOUNDS:
                    leading.append(i)
                else:
                    other.append(i)
            leading.sort(key=rank.__getitem__)
            other.sort(key=rank.__getitem__)
            lead, rest = leading, other
        classes: list[tuple[float, Sequence[int]]] = [
            (130.0, sorted(whole, key=rank.__getitem__)),
            (115.0, lead),
            (105.0, rest),
        ]
        fuzzy: dict[int, float] = {}
        if mode == "fuzzy" and len(t) >= _MIN_FUZZY_LEN:
            pool = self._fuzzy_pool(t)
            if pool and cand is not None:
                pool = cand.among(pool)
            if pool and fuzzy_within is not None:
                pool = pool.intersection(fuzzy_within)
            if pool:
                pool = pool.difference(*(members for _score, members in classes))
            if pool:
                pool_list = list(pool)
                choices = (
                    itemgetter(*pool_list)(folded) if len(pool_list) > 1 else [folded[pool_list[0]]]
                )
                for _choice, score, k in process.extract(
                    t, choices, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF, limit=None
                ):
                    fuzzy[pool_list[k]] = float(score)
        return classes, fuzzy

    def _fuzzy_pool(self, t: str) -> set[int]:
        """The near-miss candidates of a fuzzy term: the entities with a word that starts like
        the term give or take one typo after its first letter, i.e. a word whose first two
        letters, or first and third, are the term's first two, or first and third. That covers
        one substitution, deletion, insertion or transposition anywhere after the first letter
        of the word being typed ("lavorv", "lvarov", "lavrv", "laavrov" for "lavrov").

        Why anchored at word starts: people type a name from the start of one of its words (as
        with fzf), and a pool of every name sharing one of the term's letter pairs made a term
        of four or five letters "match" a tenth of all entities (at 100,000 names, "pere" had
        10,000 near misses, "riviere" among them for its "ere"), all noise ranked after the
        substring hits, and scoring that pool cost a frame's time per keystroke.
        Above _MAX_FUZZY_CANDIDATES, none: the term is answered by substring only."""
        ix = self._ranks()
        cached = ix.pools.get(t)
        if cached is not None:
            return cached
        heads = {t[0] + t[1], t[0] + t[2]}
        lists = [ix.words(g) for g in sorted(heads)] + [ix.skips(g) for g in sorted(heads)]
        out: set[int] = set()
        if sum(map(len, lists)) <= _MAX_FUZZY_CANDIDATES:
            for found in lists:
                out.update(found)
        if len(ix.pools) >= 32:  # the pools of the last few terms typed (read-only sets)
            del ix.pools[next(iter(ix.pools))]
        ix.pools[t] = out
        return out

    def _reference(self) -> _Reference:
        if self._ref is None:
            self._ref = _Reference(self)
        return self._ref


def _without(members: Sequence[int], drop: set[int], rank: array[int]) -> Sequence[int]:
    """``members`` (in rank order) without the few entities of ``drop``: by bisection."""
    out: Any = members  # a list or an array: slices of either concatenate
    for i in drop:
        k = bisect.bisect_left(out, rank[i], key=rank.__getitem__)
        if k < len(out) and out[k] == i:
            out = out[:k] + out[k + 1 :]
    kept: Sequence[int] = out
    return kept


def _fast_ok(query: Query) -> bool:
    """Terms the indexed search handles exactly like the reference: not empty, and without a
    newline or a bar (which the reference matches across names)."""
    return all(t.text and "\n" not in t.text and "|" not in t.text for t in query.terms)


class _Reference:
    """The straightforward matcher: a substring scan of all names joined in one string, a
    score per hit, one sort. Answers the queries the index does not handle (a term with a
    bar or a newline), and is what tests compare the indexed search with."""

    def __init__(self, m: EntityMatcher):
        self.m = m
        self.folded = m.folded
        self._joined = "\n".join(self.folded)
        offsets, pos = [], 0
        for s in self.folded:
            offsets.append(pos)
            pos += len(s) + 1
        self._offsets = array("l", offsets)

    def _substring_hits(self, needle: str, within: Sequence[int] | None) -> list[int]:
        if within is not None and len(within) < 4096:
            folded = self.folded
            return [i for i in within if needle in folded[i]]
        hits: list[int] = []
        last = -1
        offsets = self._offsets
        for m in re.finditer(re.escape(needle), self._joined):
            i = bisect.bisect_right(offsets, m.start()) - 1
            if i != last:
                hits.append(i)
                last = i
        if within is not None:
            allowed = set(within)
            hits = [i for i in hits if i in allowed]
        return hits

    @staticmethod
    def _substring_score(term: str, s: str) -> float:
        if s == term or ("|" + term + "|") in ("|" + s + "|"):
            return 130.0
        at = s.find(term)
        if at == 0 or (at > 0 and s[at - 1] in " -|'"):
            return 115.0
        return 105.0

    def _score_term(self, term: Term, candidates: Sequence[int] | None) -> dict[int, float]:
        t = term.text
        if term.mode == "exact":
            return {
                i: self._substring_score(t, self.folded[i])
                for i in self._substring_hits(t, candidates)
            }
        if term.mode == "prefix":
            pat = re.compile(r"(?:^|[ |'-])" + re.escape(t))
            hits = self._substring_hits(t, candidates)
            return {i: 115.0 for i in hits if pat.search(self.folded[i])}
        if term.mode == "suffix":
            pat = re.compile(re.escape(t) + r"(?:$|\|)")
            hits = self._substring_hits(t, candidates)
            return {i: 110.0 for i in hits if pat.search(self.folded[i])}
        scores = {
            i: self._substring_score(t, self.folded[i]) for i in self._substring_hits(t, candidates)
        }
        if len(t) >= _MIN_FUZZY_LEN:
            pool = sorted(self.m._fuzzy_pool(t))
            if candidates is not None:
                allowed = set(candidates)
                pool = [i for i in pool if i in allowed]
            pool = [i for i in pool if i not in scores]
            if pool:
                choices = [self.folded[i] for i in pool]
                for _choice, score, k in process.extract(
                    t, choices, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF, limit=None
                ):
                    scores[pool[k]] = float(score)
        return scores

    def _search(self, query: Query, base: Sequence[int] | None) -> list[Match]:
        candidates = base
        if query.types:
            pool = range(len(self.folded)) if candidates is None else candidates
            candidates = [i for i in pool if self.m.types[i] in query.types]
        positive = [t for t in query.terms if t.mode != "not"]
        negative = [t for t in query.terms if t.mode == "not"]
        positive.sort(key=lambda t: (t.mode == "fuzzy", -len(t.text)))
        total: dict[int, float] | None = None
        for term in positive:
            scores = self._score_term(term, candidates if total is None else list(total))
            if total is None:
                total = scores
            else:
                total = {i: total[i] + s for i, s in scores.items() if i in total}
            candidates = list(total)
            if not total:
                return []
        if total is None:
            pool = range(len(self.folded)) if candidates is None else candidates
            total = dict.fromkeys(pool, 0.0)
        for term in negative:
            total = {i: s for i, s in total.items() if term.text not in self.folded[i]}
        n = max(1, len(positive))
        weights, lengths = self.m.weights, self.m.lengths
        ranked = sorted(
            total.items(), key=lambda kv: (-kv[1] / n, -weights[kv[0]], lengths[kv[0]], kv[0])
        )
        return [Match(i, s / n) for i, s in ranked]

    def search(self, text: str) -> list[Match]:
        """A full search, with no reuse of a previous result."""
        return self._search(parse_query(text), None)


def _extends(previous: str, current: str) -> bool:
    """True when every result of ``current`` is also a result of ``previous``: the new query
    only appends letters to an exact, prefix or short fuzzy term (or adds a term), with no
    syntax change that could widen it. A fuzzy term of four letters or more also has near
    misses, and those are not bounded by the previous ones (partial_ratio is not monotonic:
    "maeaurou" is a near miss of "marie" but not of "mari"): then we search afresh."""
    if not previous.strip() or not current.startswith(previous):
        return False
    prev_terms, cur_terms = previous.split(), current.split()
    if any(t.startswith(("!", "@")) or t.endswith("$") for t in cur_terms):
        return False
    if len(cur_terms) < len(prev_terms):
        return False
    for p, c in zip(prev_terms, cur_terms, strict=False):
        if p != c and p[:1] not in "'^" and len(c) >= _MIN_FUZZY_LEN:
            return False  # an extended fuzzy term that now has near misses
    return False if len(cur_terms) == len(prev_terms) and previous == current else True
