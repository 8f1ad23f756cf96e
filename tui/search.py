"""Fuzzy entity matching and the filter query syntax (after fzf's extended search).

Query: space-separated terms, all of which must match an entity's name or one of its aliases.
- ``lavr``      fuzzy (typos allowed from 4 letters): "serguei lavrov", "poutin", "lavorv"
- ``'lavr``     exact substring
- ``^serg``     prefix of a name or alias (of any of its words)
- ``rov$``      suffix
- ``!chine``    negation: the substring must not appear
- ``@per`` ``@org`` ``@loc`` ``@misc``  type filter (several: any of them)
Matching folds case, accents and typographic variants. Results are ranked by match quality,
then by how often the entity is mentioned, then by shorter name.

Speed: the names live in one joined string (substring terms are one C-level scan), and a
bigram index narrows the candidates of a fuzzy term before rapidfuzz scores them. When a query
only grows (the user types one more letter), the previous result set is filtered instead of
the whole list.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tui.ingest.french import fold
from tui.model import ENTITY_TYPES

FUZZY_CUTOFF = 72.0
_MIN_FUZZY_LEN = 4
# Above this many candidates a fuzzy term is only checked against the survivors of the other
# terms (or is answered by substring only), so one keystroke never scores the whole list.
_MAX_FUZZY_CANDIDATES = 50_000


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
    terms: list[Term] = []
    types: set[str] = set()
    for raw in text.split():
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


@dataclass(frozen=True, slots=True)
class Match:
    index: int  # into the matcher's entity list
    score: float


class EntityMatcher:
    """Matches queries against a fixed list of entities (names + aliases)."""

    def __init__(self, names: Sequence[Sequence[str]], types: Sequence[str], weights: Sequence[int]):
        """``names[i]`` are entity i's name and aliases; ``weights[i]`` its mention count."""
        self.types = list(types)
        self.weights = array("l", weights)
        self.lengths = array("i", (len(n[0]) if n else 0 for n in names))
        # One folded string per entity: its names separated by a bar, and all of them joined
        # with a newline so a substring hit maps back to an entity by bisect.
        self.folded = ["|".join(fold(x) for x in n) for n in names]
        self._joined = "\n".join(self.folded)
        offsets, pos = [], 0
        for s in self.folded:
            offsets.append(pos)
            pos += len(s) + 1
        self._offsets = array("l", offsets)
        self._bigrams: dict[str, array] | None = None
        self._last: tuple[str, list[Match]] | None = None

    def __len__(self) -> int:
        return len(self.folded)

    # --- candidate narrowing ----------------------------------------------------------------

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

    def _bigram_index(self) -> dict[str, array]:
        if self._bigrams is None:
            index: dict[str, array] = {}
            for i, s in enumerate(self.folded):
                for bg in {s[k : k + 2] for k in range(len(s) - 1)}:
                    posting = index.get(bg)
                    if posting is None:
                        posting = index[bg] = array("i")
                    posting.append(i)
            self._bigrams = index
        return self._bigrams

    def _fuzzy_candidates(self, term: str) -> list[int]:
        """Entities sharing at least one of the term's four rarest bigrams. One typo spoils at
        most three bigrams (a transposition: "lavorv" for "lavrov"), so a name one typo away
        shares one of them. Bigrams that no name has are spoilt ones and are skipped."""
        index = self._bigram_index()
        grams = {term[k : k + 2] for k in range(len(term) - 1)}
        postings = sorted((index[g] for g in grams if g in index), key=len)
        chosen = postings[:4]
        if sum(len(p) for p in chosen) > _MAX_FUZZY_CANDIDATES:
            return []
        out: set[int] = set()
        for p in chosen:
            out.update(p)
        return sorted(out)

    # --- scoring ----------------------------------------------------------------------------

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
            return {i: self._substring_score(t, self.folded[i]) for i in self._substring_hits(t, candidates)}
        if term.mode == "prefix":
            pat = re.compile(r"(?:^|[ |'-])" + re.escape(t))
            hits = self._substring_hits(t, candidates)
            return {i: 115.0 for i in hits if pat.search(self.folded[i])}
        if term.mode == "suffix":
            pat = re.compile(re.escape(t) + r"(?:$|\|)")
            hits = self._substring_hits(t, candidates)
            return {i: 110.0 for i in hits if pat.search(self.folded[i])}
        # fuzzy: substring hits score high; from four letters, near misses score by rapidfuzz
        scores = {i: self._substring_score(t, self.folded[i]) for i in self._substring_hits(t, candidates)}
        if len(t) >= _MIN_FUZZY_LEN:
            pool = self._fuzzy_candidates(t)
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

    def search(self, text: str, limit: int | None = None) -> list[Match]:
        """Entities matching the query, best first. An empty query lists all by weight."""
        query = parse_query(text)
        base: Sequence[int] | None = None
        if self._last is not None and _extends(self._last[0], text):
            base = [m.index for m in self._last[1]]
        result = self._search(query, base)
        self._last = (text, result)
        return result[:limit] if limit else result

    def _search(self, query: Query, base: Sequence[int] | None) -> list[Match]:
        candidates = base
        if query.types:
            pool = range(len(self.folded)) if candidates is None else candidates
            candidates = [i for i in pool if self.types[i] in query.types]
        positive = [t for t in query.terms if t.mode != "not"]
        negative = [t for t in query.terms if t.mode == "not"]
        # Most selective terms first: exact and longer terms narrow fastest.
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
        weights, lengths = self.weights, self.lengths
        ranked = sorted(total.items(), key=lambda kv: (-kv[1] / n, -weights[kv[0]], lengths[kv[0]], kv[0]))
        return [Match(i, s / n) for i, s in ranked]


def _extends(previous: str, current: str) -> bool:
    """True when every result of ``current`` is also a result of ``previous``: the new query
    only appends letters to a fuzzy or exact term (or adds a term), with no syntax change that
    could widen it. Fuzzy terms of fewer than four letters are substring-only, so growing past
    that threshold can widen the set: then we search afresh."""
    if not previous.strip() or not current.startswith(previous):
        return False
    prev_terms, cur_terms = previous.split(), current.split()
    if any(t.startswith(("!", "@")) or t.endswith("$") for t in cur_terms):
        return False
    if len(cur_terms) < len(prev_terms):
        return False
    for p, c in zip(prev_terms, cur_terms, strict=False):
        if p != c:
            # An extended last term: only safe when both are substring-only or both fuzzy.
            plain = p.lstrip("'^")
            cplain = c.lstrip("'^")
            if p[:1] in "'^" or len(plain) >= _MIN_FUZZY_LEN or len(cplain) < _MIN_FUZZY_LEN:
                continue
            return False
    return False if len(cur_terms) == len(prev_terms) and previous == current else True
