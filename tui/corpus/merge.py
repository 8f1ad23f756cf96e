"""Which global entities the corpus has: the per-article entities (local keys) merged across
articles through the gazetteer, aliases and short forms.

The merge reads only ``MergeInputs``: counts and sums over the articles, which an article adds
and, once gone, subtracts again. Nothing in it depends on the order the articles came in
(ties are broken by the strings themselves, keys are visited sorted, and every vote weight is
a multiple of 1/64, so that float sums are exact in any order): an update that adds and
removes a few articles' inputs decides exactly what a clean build of the same files decides.
"""

from __future__ import annotations

import marshal
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import compress
from operator import eq, itemgetter
from typing import Any, NamedTuple, Protocol

from tui.ingest.entities import Gazetteer, LocalEntity
from tui.ingest.french import slug
from tui.model import PER, Entity

_key = itemgetter(2)


class MergeSource(Protocol):
    """What the merge reads of one article."""

    @property
    def text(self) -> str: ...
    def mentions(self) -> list[tuple[int, int, str]]: ...
    def local_entities(self) -> dict[str, LocalEntity]: ...


class MergeInputs:
    """The merge's inputs summed over a set of articles; ``add(source, -1)`` takes one back.

    Counted per key: the articles that have it (``keys``), that have it strongly (``strong``),
    its mentions by surface spelled as the key itself (``surface_n``) and the articles where a
    spelling was met, as a mention or as the article's name for it (``surface_in``), its type
    votes, its aliases (``alias_n``) and, for an alias whose key is another one, which keys
    claim it (``claims``)."""

    __slots__ = (
        "keys",
        "strong",
        "surface_n",
        "surface_in",
        "votes",
        "alias_n",
        "claims",
        "touched",
        "touched_pairs",
    )

    def __init__(self) -> None:
        self.keys: Counter[str] = Counter()
        self.strong: Counter[str] = Counter()
        self.surface_n: Counter[tuple[str, str]] = Counter()
        self.surface_in: Counter[tuple[str, str]] = Counter()
        self.votes: dict[str, dict[str, float]] = defaultdict(dict)
        # plain dicts (not Counters): the snapshot's copy loads without converting each
        self.alias_n: dict[str, dict[str, int]] = defaultdict(dict)
        self.claims: dict[str, dict[str, int]] = defaultdict(dict)
        # when a set: every key whose inputs ``add`` changes (what an update decides again),
        # and the (key, spelling) pairs whose counts it changes
        self.touched: set[str] | None = None
        self.touched_pairs: set[tuple[str, str]] = set()

    def add(self, source: MergeSource, sign: int = 1) -> None:
        text, ms, local = source.text, source.mentions(), source.local_entities()
        found = [text[s:e] for s, e, _k in ms]
        pairs = list(
            compress(
                zip(map(_key, ms), found, strict=True), map(eq, map(slug, found), map(_key, ms))
            )
        )
        met = dict.fromkeys(pairs)
        for key, ent in local.items():
            met.setdefault((key, ent.name))  # known even if only seen through aliases
        if sign > 0:
            self.surface_n.update(pairs)
            self.surface_in.update(met.keys())
            self.keys.update(local.keys())
        else:
            self.surface_n.subtract(pairs)
            self.surface_in.subtract(met.keys())
            self.keys.subtract(local.keys())
        if self.touched is not None:
            self.touched.update(local)
            self.touched.update(map(_key, ms))
            self.touched_pairs.update(met)
        for key, ent in local.items():
            if ent.votes:
                v = self.votes[key]
                for t, weight in ent.votes.items():
                    v[t] = v.get(t, 0.0) + sign * weight
            if not ent.weak:
                self.strong[key] += sign
            if ent.aliases:
                an = self.alias_n[key]
                for alias in ent.aliases:
                    an[alias] = an.get(alias, 0) + sign
                    akey = slug(alias)
                    if akey != key:
                        c = self.claims[akey]
                        c[key] = c.get(key, 0) + sign
                        if self.touched is not None:
                            self.touched.add(akey)

    def track(self) -> None:
        """Note from now on what ``add`` touches (see ``untrack``)."""
        self.touched, self.touched_pairs = set(), set()

    def untrack(self) -> set[str]:
        """Stop noting; the keys touched since ``track``."""
        touched = self.touched or set()
        self.touched, self.touched_pairs = None, set()
        return touched

    def add_all(self, sources: Iterable[MergeSource]) -> MergeInputs:
        for source in sources:
            self.add(source)
        return self

    def prune(self) -> None:
        """Forget what no article gives any more (after subtractions): what the changes
        touched while ``touched`` is a set (an update), else everything."""
        if self.touched is None:
            keys: Iterable[str] = {
                *self.keys,
                *self.votes,
                *self.strong,
                *self.alias_n,
                *self.claims,
            }
            pairs: Iterable[tuple[str, str]] = set(self.surface_in) | set(self.surface_n)
        else:
            keys, pairs = self.touched, self.touched_pairs
        for counter in (self.keys, self.strong):
            for k in keys:
                if k in counter and counter[k] <= 0:
                    del counter[k]
        for pair_counter in (self.surface_n, self.surface_in):
            for pair in pairs:
                if pair in pair_counter and pair_counter[pair] <= 0:
                    del pair_counter[pair]
        for k in keys:
            if k not in self.votes:
                continue
            if k not in self.keys:
                del self.votes[k]
            else:  # a type whose votes came back to nothing: as if never voted
                v = self.votes[k]
                for t in [t for t, w in v.items() if not w]:
                    del v[t]
        for table in (self.alias_n, self.claims):
            for k in keys:
                c = table.get(k)
                if c is None:
                    continue
                for x in [x for x, n in c.items() if n <= 0]:
                    del c[x]
                if not c:
                    del table[k]

    def exact(self, keys: Iterable[str] | None = None) -> bool:
        """Every vote sum (of ``keys``, when given) a multiple of 1/64 well inside a float's
        integers: sums in any order are then the same (the merge's promise); an update checks
        the keys it touched before trusting them (the others' sums are the previous ones)."""
        votes: Iterable[dict[str, float] | None] = (
            self.votes.values() if keys is None else map(self.votes.get, keys)
        )
        return all(
            float(w * 64).is_integer() and abs(w) < 2**40
            for v in votes
            if v is not None
            for w in v.values()
        )

    def state(self) -> dict[str, Any]:
        """The inputs as lists, sorted: the same inputs give the same lists (what tests
        compare)."""
        return {
            "keys": sorted(self.keys.items()),
            "strong": sorted(self.strong.items()),
            "surface_n": sorted([k, s, n] for (k, s), n in self.surface_n.items()),
            "surface_in": sorted([k, s, n] for (k, s), n in self.surface_in.items()),
            "votes": sorted(
                [k, sorted((t, w) for t, w in v.items() if w)] for k, v in self.votes.items() if v
            ),
            "alias_n": sorted([k, sorted(c.items())] for k, c in self.alias_n.items() if c),
            "claims": sorted([k, sorted(c.items())] for k, c in self.claims.items() if c),
        }

    def to_bytes(self) -> bytes:
        """The inputs as the snapshot keeps them between updates: plain dicts in marshal's
        format, which loads ten times faster than their JSON (the snapshot is written and
        read by this code only, its sections checked against their CRCs before reading)."""
        return marshal.dumps(
            (
                dict(self.keys),
                dict(self.strong),
                dict(self.surface_n),
                dict(self.surface_in),
                {k: v for k, v in self.votes.items() if v},
                {k: c for k, c in self.alias_n.items() if c},
                {k: c for k, c in self.claims.items() if c},
            ),
            4,
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> MergeInputs:
        keys, strong, surface_n, surface_in, votes, alias_n, claims = marshal.loads(data)
        m = cls()
        m.keys.update(keys)
        m.strong.update(strong)
        m.surface_n.update(surface_n)
        m.surface_in.update(surface_in)
        m.votes.update(votes)
        m.alias_n.update(alias_n)
        m.claims.update(claims)
        return m


def _accents(s: str) -> int:
    """The characters outside ASCII (an encoder that drops them counts them in C)."""
    return len(s) - len(s.encode("ascii", "ignore"))


def _capitals(s: str) -> int:
    return sum(map(str.isupper, s))


def _canon(votes: dict[str, float]) -> dict[str, float]:
    return {t: w for t, w in sorted(votes.items()) if w}


def _best(candidates: list[str], rank: Any) -> str:
    """The candidate of highest rank; on a tie, the first in string order."""
    if len(candidates) == 1:  # most groups: nothing to rank
        return candidates[0]
    ranks = list(map(rank, candidates))
    top = max(ranks)
    return min(c for c, r in zip(candidates, ranks, strict=True) if r == top)


Decision = tuple[
    dict[str, str],
    dict[str, dict[str, float]],
    dict[str, set[str]],
    dict[str, str],
    dict[str, str],
    dict[str, list[str]],
]


def _alias_to(inputs: MergeInputs) -> dict[str, str]:
    """An alias's key goes to the key that claims it in most articles (then the first key)."""
    alias_to: dict[str, str] = {}
    for akey, claimants in inputs.claims.items():
        live = [k for k, n in claimants.items() if n > 0]
        if live:
            alias_to[akey] = _best(live, claimants.__getitem__)
    return alias_to


def decide(
    inputs: MergeInputs,
    gaz: Gazetteer,
    only: set[str] | None = None,
    known_last: dict[str, list[str]] | None = None,
) -> Decision:
    """Decide the global entities: one per key, aliases and short forms folded in; with
    ``only``, for those keys alone (a set closed under every link, see ``affected``), the
    multi-word persons outside it that a last word names taken from ``known_last``.

    Returns (names, votes, aliases of each global key, local key -> global key for the keys
    of a kept entity, key -> the root of its group for every key not its own root, and each
    last word -> the multi-word persons among the keys decided that end with it).
    """
    from tui.ingest.entities.votes import decide_type

    # surfaces[key][surface]: the mentions whose surface slugs to the key itself (0 for a
    # spelling met only as an article's name for it)
    surfaces: dict[str, dict[str, int]] = defaultdict(dict)
    for (key, surface), n in inputs.surface_in.items():
        if n > 0 and (only is None or key in only):
            surfaces[key][surface] = inputs.surface_n.get((key, surface), 0)
    live = inputs.keys.items() if only is None else ((k, inputs.keys[k]) for k in only)
    keys = sorted(k for k, n in live if n > 0)
    strong = {k for k in keys if inputs.strong.get(k, 0) > 0}
    # each key's votes in type order, without the types whose votes came to nothing: the
    # type decided on a tie of votes is then the same in whatever order they were added
    votes = {k: _canon(inputs.votes[k]) for k in keys if k in inputs.votes}
    no_votes: dict[str, float] = {}
    alias_to = _alias_to(inputs)

    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    def union(child: str, root: str) -> None:
        a, b = find(child), find(root)
        if a != b:
            parent[a] = b

    for key in keys:
        target = gaz.canonical_key(key)
        if target != key:
            union(key, target)
            strong.add(target)
        elif key in alias_to and alias_to[key] != key:
            union(key, alias_to[key])

    # Short forms across articles: "Poutine" alone joins "Vladimir Poutine" when it names
    # exactly one multi-word person of the corpus.
    last_token: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        if (
            "-" in key
            and find(key) == key
            and decide_type(votes.get(key, no_votes), key.replace("-", " ")) == PER
        ):
            last_token[key.rsplit("-", 1)[1]].add(key)
    for key in keys:
        if "-" in key or gaz.lookup(key):
            continue
        named = last_token.get(key, set())
        if only is not None and known_last:  # those of the keys not decided again
            named = named | {k for k in known_last.get(key, ()) if k not in only}
        if len(named) == 1 and decide_type(votes.get(key, no_votes), key) in (PER, "MISC"):
            union(key, next(iter(named)))

    groups: dict[str, list[str]] = defaultdict(list)
    parent_of: dict[str, str] = {}
    for key in keys:
        root = find(key)
        groups[root].append(key)
        if root != key:
            parent_of[key] = root
    names: dict[str, str] = {}
    merged_votes: dict[str, dict[str, float]] = {}
    merged_aliases: dict[str, set[str]] = {}
    root_of: dict[str, str] = {}
    for root, members in groups.items():
        if root in gaz.ignore or not any(m in strong for m in members):
            continue
        known = gaz.lookup(root)
        own = surfaces.get(root) or {}
        if known:
            name = known[0]
        elif any(own.values()):
            # The most frequent spelling; on a tie the accented one ("États-Unis"), then the
            # one with fewer capitals ("Wang Yi" before a credit's "WANG YI").
            name = _best(list(own), lambda s, own=own: (own[s], _accents(s), -_capitals(s)))
        else:
            name = _best(list(own or {root: 0}), len)
        if name.isupper() and " " in name:
            name = name.title()  # a photographer credited as "KIRILL KUDRYAVTSEV"
        v: dict[str, float] = defaultdict(float)
        al: set[str] = set()
        for m in members:
            for t, x in votes.get(m, no_votes).items():
                v[t] += x
            al.update(a for a, n in inputs.alias_n.get(m, {}).items() if n > 0)
            if m != root:
                al.update(s for s, n in surfaces[m].items() if n)
        if known:
            v[known[1]] += 100
        for member in members:
            root_of[member] = root
        names[root] = name
        merged_votes[root] = _canon(v)
        merged_aliases[root] = {a for a in al if slug(a) != root or a != name}

    lasts = {t: sorted(ks) for t, ks in last_token.items()}
    return names, merged_votes, merged_aliases, root_of, parent_of, lasts


def affected(
    inputs: MergeInputs,
    gaz: Gazetteer,
    touched: set[str],
    parent_of: dict[str, str],
    last_of: dict[str, list[str]],
) -> set[str]:
    """The keys whose entity may differ from the previous decision (``parent_of`` and
    ``last_of``, decided on the inputs before the change) once ``touched`` keys changed:
    closed under the previous groups and under every link ``decide`` can draw, both ways
    (gazetteer alias, claimed alias, short form). Deciding these keys alone (with
    ``known_last``) gives what a decision of all keys gives them; every other key keeps its
    previous entity."""
    members: dict[str, list[str]] = defaultdict(list)
    for key, root in parent_of.items():
        members[root].append(key)
    gaz_from: dict[str, list[str]] = defaultdict(list)
    for alias, canonical in gaz.aliases.items():
        gaz_from[canonical].append(alias)
    alias_to = _alias_to(inputs)
    alias_from: dict[str, list[str]] = defaultdict(list)
    for akey, key in alias_to.items():
        alias_from[key].append(akey)
    # The short forms. "Poutine" joins "Vladimir Poutine" when that is the one multi-word
    # person (by its own votes, a group root) ending so: other multi-word keys never count,
    # and a key's votes change only when it is touched. A last word in use is "at stake"
    # when a key decided again ends with it (a touched key, or a person), or is itself one.
    # It must be decided with all the persons ending with it unless two of those it named
    # before are not decided again: they still are persons and roots, so it joins no one,
    # before as after (``decide`` counts them through ``known_last``).
    from tui.ingest.entities.votes import decide_type

    by_last: dict[str, list[str]] = defaultdict(list)
    for key in inputs.keys:
        if "-" in key:
            by_last[key.rsplit("-", 1)[1]].append(key)
    person: dict[str, bool] = {}

    def counts(key: str) -> bool:
        if key in touched:
            return True
        if key not in person:
            votes = _canon(inputs.votes[key]) if key in inputs.votes else {}
            person[key] = decide_type(votes, key.replace("-", " ")) == PER
        return person[key]

    done: set[str] = set()
    at_stake: set[str] = set()
    expanded: set[str] = set()

    def close(todo: list[str]) -> None:
        while todo:
            key = todo.pop()
            if key in done:
                continue
            done.add(key)
            root = parent_of.get(key, key)
            todo.append(root)
            todo += members.get(root, ())
            todo.append(gaz.canonical_key(key))
            todo += gaz_from.get(key, ())
            if key in alias_to:
                todo.append(alias_to[key])
            todo += alias_from.get(key, ())
            last = key.rsplit("-", 1)[1] if "-" in key else key
            if inputs.keys.get(last, 0) > 0 and (last == key or counts(key)):
                at_stake.add(last)

    close(list(touched))
    while True:  # until no last word at stake needs its persons (the set only grows)
        todo: list[str] = []
        for last in at_stake - expanded:
            if sum(1 for k in last_of.get(last, ()) if k not in done) < 2:
                expanded.add(last)
                todo.append(last)
                todo += filter(counts, by_last.get(last, ()))
        if not todo:
            return done
        close(todo)


def entities_of(
    names: dict[str, str], votes: dict[str, dict[str, float]], aliases: dict[str, set[str]]
) -> list[Entity]:
    """The corpus's entities, in key order, from ``decide``'s decision."""
    # The type votes are the extraction's (their patterns are compiled on import): a warm
    # start, which reads a built corpus, imports this module but never decides.
    from tui.ingest.entities.votes import decide_type

    return [
        Entity(
            key,
            names[key],
            decide_type(votes[key], names[key]),
            tuple(sorted(aliases[key] - {names[key]})),
        )
        for key in sorted(names)
    ]


class Redecision(NamedTuple):
    """What ``decide_again`` decides: the entities decided again (in key order) and the ids of
    the previous entities they replace (every other previous entity stays as it was), the
    groups and last words of the whole decision, and the keys decided again."""

    fresh: list[Entity]
    gone: set[str]
    groups: dict[str, str]
    lasts: dict[str, list[str]]
    redo: set[str]


def decide_again(
    inputs: MergeInputs,
    gaz: Gazetteer,
    touched: set[str],
    old_groups: dict[str, str],
    old_lasts: dict[str, list[str]],
) -> Redecision:
    """The decision after a change, from the previous one (its groups and last words,
    ``decide``'s last two items): the ``affected`` keys decided again, every other key's
    entity kept."""
    redo = affected(inputs, gaz, touched, old_groups, old_lasts)
    names, votes, aliases, _root_of, groups, lasts = decide(
        inputs, gaz, only=redo, known_last=old_lasts
    )
    # an entity of the previous decision goes when its keys are decided again (``redo`` holds
    # whole groups, and every root a new decision can choose)
    gone = {old_groups.get(k, k) for k in redo}
    groups.update((k, r) for k, r in old_groups.items() if k not in redo)
    # a last word's persons: those decided again as they are now, the others as they were
    new_lasts = dict(old_lasts)
    for last in {k.rsplit("-", 1)[1] for k in redo if "-" in k} | lasts.keys():
        named = [k for k in old_lasts.get(last, ()) if k not in redo] + lasts.get(last, [])
        if named:
            new_lasts[last] = sorted(named)
        else:
            new_lasts.pop(last, None)
    return Redecision(entities_of(names, votes, aliases), gone, groups, new_lasts, redo)
