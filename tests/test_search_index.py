"""The indexed entity search returns exactly what the plain reference algorithm returns:
same entities, same scores, same order, keystroke after keystroke (incremental reuse
included)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.search import EntityMatcher, Matches, _extends, _Reference, parse_query

FIRST = "Jean Marie Élise Sergueï Xi Wang Anne-Sophie Ahmed Olaf Zoé Noël Lucía".split()
SYL = "ba ri lo ma ne tu cha vi rou dor mont quet ier eau ov ski".split()


def _names(n: int, seed: int) -> tuple[list[tuple[str, ...]], list[str], list[int]]:
    rng = random.Random(seed)
    names, types, weights = [], [], []
    for k in range(n):
        w = "".join(rng.choice(SYL) for _ in range(rng.randint(1, 3))).capitalize()
        r = rng.random()
        if r < 0.5:
            name, t = (f"{rng.choice(FIRST)} {w}",), "PER"
        elif r < 0.7:
            name, t = (f"Saint-{w}" if rng.random() < 0.3 else w,), "LOC"
        elif r < 0.9:
            name, t = (f"Banque de {w}", "BD" + w[:1].upper()), "ORG"
        else:
            name, t = (f"Traité de {w} {1990 + k % 30}",), "MISC"
        if k % 17 == 0:
            name = (w,)  # short names and duplicates: ties, whole-name hits
        names.append(name)
        types.append(t)
        weights.append(rng.choice([1, 1, 2, 3, 5, 8, 40]))
    return names, types, weights


class _IncrementalReference:
    """The reference algorithm with the same reuse of the previous result as search()."""

    def __init__(self, m: EntityMatcher):
        self.ref = _Reference(m)
        self.last = None

    def search(self, text: str):
        base = None
        if self.last is not None and _extends(self.last[0], text):
            base = [x.index for x in self.last[1]]
        result = self.ref._search(parse_query(text), base)
        self.last = (text, result)
        return result


def _pairs(result) -> list[tuple[int, float]]:
    return [(m.index, m.score) for m in result]


QUERIES = [
    "e",
    "ma",
    "mar",
    "mari",
    "marie",
    "marie ba",
    "'ba",
    "^ri",
    "^vil",
    "ov$",
    "eau$",
    "@per",
    "@per jean",
    "@loc @org sa",
    "jean !ba",
    "!e",
    "xi",
    "banque",
    "bnaque",
    "traite 199",
    "zoe",
    "élise",
    "ELISE",
    "sergei",
    "noel ",
    "a b",
    "ab|c",
    "'",
    "^",
    "$",
    "@misc 2",
]


def test_indexed_search_equals_reference_keystroke_by_keystroke():
    names, types, weights = _names(1500, 3)
    fast = EntityMatcher(names, types, weights)
    ref = _IncrementalReference(EntityMatcher(names, types, weights))
    for q in QUERIES:
        for text in ("", *(q[: k + 1] for k in range(len(q))), q[:2], q):
            assert _pairs(fast.search(text)) == _pairs(ref.search(text)), text


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    queries=st.lists(
        st.text(alphabet="abeilmnorstuvé '^$!@|-", min_size=1, max_size=9), min_size=1, max_size=4
    ),
)
def test_indexed_search_equals_reference_on_random_typing(seed, queries):
    names, types, weights = _names(300, seed)
    fast = EntityMatcher(names, types, weights)
    ref = _IncrementalReference(EntityMatcher(names, types, weights))
    fresh = _Reference(EntityMatcher(names, types, weights))
    for q in queries:
        for k in range(len(q) + 1):
            got = _pairs(fast.search(q[:k]))
            assert got == _pairs(ref.search(q[:k])), q[:k]
            # and what was typed before does not change the answer
            assert got == _pairs(fresh.search(q[:k])), q[:k]


def test_matches_behave_as_a_list_of_match():
    names, types, weights = _names(200, 1)
    m = EntityMatcher(names, types, weights)
    result = m.search("a")
    assert isinstance(result, Matches) and len(result) == len(list(result))
    assert result[0] == list(result)[0] and result[-1] == list(result)[-1]
    assert list(result[:5]) == list(result)[:5] and m.search("a", limit=5) == list(result)[:5]
    assert list(m.search_indices("a")) == [x.index for x in result]
    assert m.search("zzzzqqq") == [] and not m.search("zzzzqqq")
    assert len(m.search("")) == len(names)


def test_index_can_be_built_ahead():
    names, types, weights = _names(100, 2)
    m = EntityMatcher(names, types, weights)
    assert m.index() is m.index()
    assert _pairs(m.search("ri")) == _pairs(_Reference(m).search("ri"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_fast_fold_is_fold(text):
    from tui.ingest.french import fold
    from tui.search import _fold_name

    assert _fold_name(text) == fold(text)


def test_fast_fold_on_french_names():
    from tui.ingest.french import fold
    from tui.search import _fold_name

    for name in (
        "Sergueï Lavrov",
        "États-Unis",
        "Œuvre d’Orient",
        "Zoë",
        "Straße",
        "Ἀθῆναι",
        "Ñandú",
        "İstanbul",
    ):
        assert _fold_name(name) == fold(name)


def test_one_shot_query_without_the_index_equals_the_indexed_one():
    names, types, weights = _names(800, 4)
    for q in ("e", "ri", "^ba", "banque", "bnaque", "jean !ba", "@loc ma", "ov$", "xi", "'ou"):
        once = EntityMatcher(names, types, weights)
        got = _pairs(once.search(q))
        assert not once._ix.built  # answered by scanning the names
        built = EntityMatcher(names, types, weights)
        built.index()
        assert got == _pairs(built.search(q)) == _pairs(_Reference(built).search(q)), q


def test_one_shot_queries_before_the_index_is_built_equal_the_built_index():
    """A first query (the command line's only one) is answered by scans of the names, with
    the rarest pair of letters chosen on a sample when there are many names: same answer as
    the built index."""
    names, types, weights = _names(6000, 5)  # more than the sample of names
    built = EntityMatcher(names, types, weights)
    built.index()
    for q in [*QUERIES, "bnaque de", "jaen mari", "traiet", "^sa ov$", "sergei ri"]:
        fresh = EntityMatcher(names, types, weights)
        assert _pairs(fresh.search(q)) == _pairs(built.search(q)), q
        assert not fresh._ix.built or not q.strip()
