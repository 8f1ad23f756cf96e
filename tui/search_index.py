"""The index the entity matcher (tui/search.py) answers a query from: for every letter and
pair of letters the entities containing it, in rank order, built at once for the app's filter
or list by list for a one-shot lookup (a scan of the names joined by newlines), and the
candidate sets a query narrows. No textual; the names it reads are folded by tui/search.py.
"""

from __future__ import annotations

import bisect
import operator
import re
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, compress, repeat

_EMPTY = array("i")
WORD_BOUNDS = " -|'"
_SEP = re.compile(r"[ |'-]")


def _plus_newline(pos: int, length: int) -> int:
    return pos + length + 1


def _at_word_start(body: str) -> str:
    """A regex for ``body`` (of fixed width) starting a word, in names joined by newlines
    (``NameIndex._matching``). The literal comes first and the word start is checked behind it
    (not preceded by a letter): a leading look-behind would cost the regex engine its fast
    literal search, 20 times slower over 100,000 names."""
    return f"{body}(?<![^\n |'-]{body})"


def _whole_part(body: str) -> str:
    """A regex for ``body`` (of fixed width) being one whole name of an entity (a part
    between bars), in names joined by newlines; the literal first, as in ``_at_word_start``."""
    return rf"{body}(?=[|\n]|\Z)(?<![^\n|]{body})"


_SAMPLE = 4096  # names read to estimate how common a pair of letters is (index not built)


class _Appenders(dict[str, Callable[[int], None]]):
    """gram -> the ``append`` of its list in ``target``, the list made on first use."""

    def __init__(self, target: dict[str, array[int]]):
        super().__init__()
        self.target = target

    def __missing__(self, g: str) -> Callable[[int], None]:
        a = self.target[g] = array("i")
        f = self[g] = a.append
        return f


def rank_order(weights: Sequence[int], lengths: Sequence[int]) -> array[int]:
    """Entity indexes in the order ties are broken: more mentions first, then the shorter
    name, then the index. The cache keeps it (100,000 entities take 70 ms to sort)."""
    n = len(weights)
    shift = max(n, 2).bit_length()
    lshift = max(max(lengths, default=0) + 1, 2).bit_length()
    keys = [
        ((-w << lshift | ln) << shift) | i
        for i, (w, ln) in enumerate(zip(weights, lengths, strict=True))
    ]
    return array("i", sorted(range(n), key=keys.__getitem__))


class NameIndex:
    """Everything a query needs, precomputed once.

    ``order`` ranks the entities as ties are broken (more mentions, shorter name, index);
    ``rank`` is its inverse. For each letter and each pair of letters ``g`` (all lists hold
    entity indexes in rank order): ``first[g]``, the entities whose first occurrence of ``g``
    starts a word; ``other[g]``, the other entities containing ``g``; ``word[g]``, those where
    ``g`` starts a word anywhere. ``exact[part]``: the entities with a name folding to ``part``.
    A query of one or two letters is answered, ranked, from these lists alone."""

    def __init__(
        self,
        folded: list[str],
        weights: array[int],
        lengths: array[int],
        order: Sequence[int] | None = None,
    ):
        """The rank order now (``order``, when ``rank_order`` was kept by the cache); the
        letter lists on the first query that needs them."""
        n = len(folded)
        self.order = (
            array("i", order)
            if order is not None and len(order) == n
            else rank_order(weights, lengths)
        )
        # the inverse permutation, by a C loop (a sort would cost as much as the order's)
        self.rank = array("i", bytes(self.order.itemsize * n))
        deque(map(self.rank.__setitem__, self.order, range(n)), 0)
        self.folded = folded
        self.first: dict[str, array[int]] = {}
        self.other: dict[str, array[int]] = {}
        self.word: dict[str, array[int]] = {}
        self.skip: dict[str, array[int]] = {}
        self.exact: dict[str, list[int]] = {}
        self.built = False
        self._types: dict[frozenset[str], Candidates] = {}
        self.pools: dict[str, set[int]] = {}
        self._names: list[str] | None = None
        self._scanned: dict[str, array[int]] = {}
        self._sample: list[str] | None = None
        self._joined: str | None = None
        self._starts = array("q")

    def build(self) -> NameIndex:
        """The letter and pair lists, once. Each (entity, letter or pair) is appended by C
        code (map + operator.call over bound ``append`` methods): no Python loop per pair."""
        if self.built:
            return self
        folded = self.folded
        first: dict[str, array[int]] = {}
        other: dict[str, array[int]] = {}
        word: dict[str, array[int]] = {}
        skip: dict[str, array[int]] = {}
        exact: dict[str, list[int]] = {}
        to_first, to_other, to_word = _Appenders(first), _Appenders(other), _Appenders(word)
        f_get, o_get, w_get = to_first.__getitem__, to_other.__getitem__, to_word.__getitem__
        s_get = _Appenders(skip).__getitem__
        add, call, sep = str.__add__, operator.call, _SEP.finditer
        for i in self.order:
            s = folded[i]
            grams = set(s)
            grams.update(map(add, s, s[1:]))
            lead = set()
            starts = set()
            skips = set()
            for p in (0, *(m.end() for m in sep(s))):
                if p < len(s):
                    c, g = s[p], s[p : p + 2]
                    starts.add(c)
                    if p + 2 < len(s):
                        skips.add(c + s[p + 2])
                    if s.find(c) == p:
                        lead.add(c)
                    if len(g) == 2:
                        starts.add(g)
                        if s.find(g) == p:
                            lead.add(g)
            grams -= lead
            deque(map(call, map(f_get, lead), repeat(i)), 0)
            deque(map(call, map(o_get, grams), repeat(i)), 0)
            deque(map(call, map(w_get, starts), repeat(i)), 0)
            deque(map(call, map(s_get, skips), repeat(i)), 0)
            for part in s.split("|"):
                e = exact.get(part)
                if e is None:
                    exact[part] = [i]
                else:
                    e.append(i)
        self.first, self.other, self.word, self.skip, self.exact = first, other, word, skip, exact
        self.built = True
        self._names = None
        self._scanned.clear()
        return self

    # Until build() ran (a one-shot query from the command line does not need it), each list
    # is made when a query asks for it, by a scan of the names (C loops, about 10 ms per
    # 100,000 names), and kept.

    def _ranked_names(self) -> list[str]:
        if self._names is None:
            self._names = list(map(self.folded.__getitem__, self.order))
        return self._names

    def containing(self, g: str) -> list[int] | array[int]:
        """The entities containing ``g`` (one or two letters)."""
        if self.built:
            a, b = self.first.get(g, _EMPTY), self.other.get(g, _EMPTY)
            return (a + b) if a and b else (a or b)
        found = self._scanned.get(g)
        if found is None:
            folded = self.folded
            if self._names is None:
                # A few hits (the rarest pair of a term): found in index order and sorted, without
                # the names in rank order, a 20 ms list at 100,000 entities.
                hits = array(
                    "i", compress(range(len(folded)), map(operator.contains, folded, repeat(g)))
                )
                if len(hits) <= len(folded) >> 3:
                    found = self._scanned[g] = array("i", sorted(hits, key=self.rank.__getitem__))
                    return found
            names = self._ranked_names()
            found = array("i", compress(self.order, map(operator.contains, names, repeat(g))))
            self._scanned[g] = found
        return found

    def posting_len(self, g: str) -> int:
        if self.built:
            return len(self.first.get(g, _EMPTY)) + len(self.other.get(g, _EMPTY))
        return len(self.containing(g))

    def estimate(self, g: str) -> int:
        """How many entities contain ``g``: exact once built; before, counted on a fixed
        sample of names. Only used to choose which pair of letters to read the names of (any
        pair of a term is a correct filter), so a one-shot query need not scan every name
        for every pair of its letters."""
        if self.built or len(self.folded) <= _SAMPLE:
            return self.posting_len(g)
        if self._sample is None:
            step = len(self.folded) / _SAMPLE
            self._sample = [self.folded[int(k * step)] for k in range(_SAMPLE)]
        return sum(map(operator.contains, self._sample, repeat(g)))

    def _matching(self, pattern: str) -> array[int]:
        """The entities (in rank order) with a folded name matching the regex ``pattern``,
        found by one C scan of all names joined by newlines (index not built)."""
        if self._joined is None:
            self._joined = "\n".join(self.folded)
            # where each name starts: the running sum of the lengths (+1 for the newline)
            self._starts = array("q", accumulate(map(len, self.folded), _plus_newline, initial=0))
        starts, found = self._starts, set()
        for m in re.finditer(pattern, self._joined, re.M):
            found.add(bisect.bisect_right(starts, m.start()) - 1)
        return array("i", sorted(found, key=self.rank.__getitem__))

    def _split(self, g: str) -> None:
        """first/other/word lists of one letter or pair, from a scan (index not built)."""
        folded = self.folded
        lead, rest, word = array("i"), array("i"), array("i")
        at_word = re.compile(r"(?:^|[ |'-])" + re.escape(g)).search
        for i in self.containing(g):
            s = folded[i]
            at = s.find(g)
            if at == 0 or s[at - 1] in WORD_BOUNDS:
                lead.append(i)
                word.append(i)
            else:
                rest.append(i)
                if at_word(s):
                    word.append(i)
        self.first[g], self.other[g], self.word[g] = lead, rest, word

    def lead(self, g: str) -> array[int]:
        if not self.built and g not in self.first:
            self._split(g)
        return self.first.get(g, _EMPTY)

    def rest(self, g: str) -> array[int]:
        if not self.built and g not in self.other:
            self._split(g)
        return self.other.get(g, _EMPTY)

    def words(self, g: str) -> array[int]:
        """The entities with a word starting with ``g``."""
        if not self.built and g not in self.word:
            self.word[g] = self._matching(_at_word_start(re.escape(g)))
        return self.word.get(g, _EMPTY)

    def skips(self, g: str) -> array[int]:
        """The entities with a word whose first and third letters are ``g`` (two letters)."""
        found = self.skip.get(g)
        if found is None:
            if self.built:
                return _EMPTY
            found = self.skip[g] = self._matching(
                _at_word_start(re.escape(g[0]) + "[^\n]" + re.escape(g[1]))
            )
        return found

    def whole(self, t: str) -> Sequence[int]:
        """The entities with a name or alias folding to ``t``."""
        if self.built:
            return self.exact.get(t, ())
        found = self.exact.get(t)
        if found is None:
            found = self.exact[t] = list(self._matching(_whole_part(re.escape(t))))
        return found

    def rarest(self, t: str) -> str:
        """The rarest pair of letters of ``t`` (len >= 2): every name containing ``t`` has it."""
        return min({t[k : k + 2] for k in range(len(t) - 1)}, key=lambda x: (self.estimate(x), x))


class Candidates:
    """The entities a term may still match: a type filter (a mask over all entities, and its
    members in rank order) and/or a set (the previous results, the other terms' matches)."""

    __slots__ = ("set", "mask", "seq")

    def __init__(
        self,
        set_: set[int] | None = None,
        mask: bytearray | None = None,
        seq: Sequence[int] | None = None,
    ):
        self.set, self.mask, self.seq = set_, mask, seq

    def _members(self) -> set[int]:
        assert self.set is not None  # a Candidates has a set when it has no sequence or no mask
        return self.set

    def __len__(self) -> int:
        return len(self.seq) if self.seq is not None else len(self._members())

    def __contains__(self, i: int) -> bool:
        return bool(self.mask[i]) if self.mask is not None else i in self._members()

    def __iter__(self) -> Iterator[int]:
        return iter(self.seq if self.seq is not None else self._members())

    def keep(self, items: Iterable[int]) -> list[int]:
        """The members of ``items``, in their order."""
        if self.mask is not None:
            return list(compress(items, map(self.mask.__getitem__, items)))
        s = self._members()
        return [i for i in items if i in s]

    def among(self, items: set[int]) -> set[int]:
        """The members of the set ``items``."""
        if self.mask is not None:
            return set(compress(items, map(self.mask.__getitem__, items)))
        return items.intersection(self._members())  # C: walks the smaller of the two

    def narrowed(self, other: Iterable[int]) -> Candidates:
        return Candidates(set(self.keep(other)))
