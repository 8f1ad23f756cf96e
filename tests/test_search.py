"""Fuzzy entity matching and the fzf-like query syntax."""

from __future__ import annotations

import pytest

from tui.search import EntityMatcher, parse_query


@pytest.fixture(scope="module")
def matcher(seed_corpus):
    from tui.search import EntityMatcher

    return EntityMatcher.for_corpus(seed_corpus)


def _top(matcher, corpus, q, n=1):
    return [corpus.entities[m.index].id for m in matcher.search(q, limit=n)]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("serguei lavrov", "serguei-lavrov"),
        ("lavr", "serguei-lavrov"),
        ("poutin", "vladimir-poutine"),
        ("POUTINE", "vladimir-poutine"),
        ("lavorv", "serguei-lavrov"),  # a typo
        ("lvarov", "serguei-lavrov"),  # typos after the first letter of a word
        ("lavrv", "serguei-lavrov"),
        ("laavrov", "serguei-lavrov"),
        ("ocs", "organisation-de-cooperation-de-shanghai"),  # an alias
        ("etats unis", "etats-unis"),
        ("États", "etats-unis"),
        ("'chine nouv", "chine-nouvelle"),
        ("^pek", "pekin"),
    ],
)
def test_queries_find_their_entity(matcher, seed_corpus, query, expected):
    assert _top(matcher, seed_corpus, query) == [expected]


def test_ranking_prefers_better_match_then_more_mentions(matcher, seed_corpus):
    ids = _top(matcher, seed_corpus, "chine", 2)
    assert ids == ["chine", "chine-nouvelle"]
    ids = _top(matcher, seed_corpus, "serg", 3)
    assert ids[:2] == ["serguei-lavrov", "serguei-choigou"]  # 4 mentions before 1


def test_type_filter_negation_and_suffix(matcher, seed_corpus):
    per = {seed_corpus.entities[m.index].type for m in matcher.search("@per")}
    assert per == {"PER"}
    ids = _top(matcher, seed_corpus, "chine !nouvelle", 5)
    assert "chine" in ids and "chine-nouvelle" not in ids
    assert _top(matcher, seed_corpus, "@loc moscou") == ["moscou"]
    assert _top(matcher, seed_corpus, "@org moscou") == []
    assert set(_top(matcher, seed_corpus, "ov$", 10)) >= {"serguei-lavrov", "iouri-ouchakov"}


def test_growing_query_reuses_previous_results_and_stays_correct(matcher, seed_corpus):
    fresh = EntityMatcher(
        [("Xi Jinping",), ("Jean Xiberras",), ("Ximena",)], ["PER"] * 3, [3, 2, 1]
    )
    for q in ("x", "xi", "xi ", "xi j", "xi jin"):
        incremental = [m.index for m in fresh.search(q)]
        again = [
            m.index
            for m in EntityMatcher(
                [("Xi Jinping",), ("Jean Xiberras",), ("Ximena",)], ["PER"] * 3, [3, 2, 1]
            ).search(q)
        ]
        assert incremental == again, q
    assert [m.index for m in fresh.search("xi jin")] == [0]
    # a shorter query after a longer one searches afresh
    assert len(fresh.search("x")) == 3


def test_near_misses_start_like_a_word():
    """A typo is tolerated after the first letter of a word, not anywhere: "pere" does not
    match "Riviere" for its "ere", nor "xavrov" "Lavrov"."""
    m = EntityMatcher([("Jean Riviere",), ("Pedro Sanchez",), ("Lavrov",)], ["PER"] * 3, [1, 1, 1])
    assert [x.index for x in m.search("perd")] == [1]
    assert [x.index for x in m.search("lavorv")] == [2] and m.search("xavrov") == []


def test_parse_query():
    q = parse_query("@per 'exa ^pre suf$ !neg fuz")
    assert q.types == {"PER"}
    assert [(t.mode, t.text) for t in q.terms] == [
        ("exact", "exa"),
        ("prefix", "pre"),
        ("suffix", "suf"),
        ("not", "neg"),
        ("fuzzy", "fuz"),
    ]


# --- fzf's OR: a bar between terms ------------------------------------------------------------


def _or_matcher() -> EntityMatcher:
    names = [
        ["Wang Yi"], ["Wang Zhao"], ["Sergueï Lavrov", "Sergei Lavrov"], ["Vladimir Poutine"],
        ["Chine"], ["Chine nouvelle"], ["Xi Jinping"],
    ]  # fmt: skip
    types = ["PER", "PER", "PER", "PER", "LOC", "ORG", "PER"]
    return EntityMatcher(names, types, [5, 1, 4, 20, 25, 2, 21])


def _names(m: EntityMatcher, query: str) -> set[str]:
    return {m.folded[x.index].split("|")[0] for x in m.search(query)}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("lavr | poutine", {"serguei lavrov", "vladimir poutine"}),
        ("wang yi | zhao", {"wang yi", "wang zhao"}),  # wang AND (yi OR zhao)
        ("^wang | lavr !zhao", {"wang yi", "serguei lavrov"}),
        ("@per lavr | chine", {"serguei lavrov"}),  # the type filter applies to the whole query
        ("chine | xi @loc", {"chine"}),
        ("lavr |", {"serguei lavrov"}),  # a bar being typed joins nothing yet
        ("| lavr", {"serguei lavrov"}),
        ("'zzz | 'yyy", set()),
        ("lavr | zzzz | ping$", {"serguei lavrov", "xi jinping"}),
    ],
)
def test_a_bar_between_terms_is_or(query, expected):
    assert _names(_or_matcher(), query) == expected


def test_or_is_the_union_of_the_alternatives_and_ranks_like_a_plain_query():
    m = _or_matcher()
    for a, b in [("lavr", "poutine"), ("^wang", "'chine"), ("yi", "ping$"), ("chine", "!chine")]:
        union = {x.index: x.score for x in m.search(a)}
        for x in m.search(b):
            union[x.index] = max(union.get(x.index, 0.0), x.score)
        got = m.search(f"{a} | {b}")
        assert {x.index: x.score for x in got} == union, (a, b)
        # Best first, ties broken by mentions as everywhere.
        keys = [(-x.score, -m.weights[x.index]) for x in got]
        assert keys == sorted(keys)
    # A bar glued to a word is not an OR (fzf needs spaces around it).
    assert _names(m, "lavr|poutine") == set()


def test_an_or_query_does_not_bound_the_next_keystroke():
    m = _or_matcher()
    assert _names(m, "lavr") == {"serguei lavrov"}
    assert _names(m, "lavr |") == {"serguei lavrov"}
    assert _names(m, "lavr | pou") == {"serguei lavrov", "vladimir poutine"}
    assert _names(m, "lavr | pout") == {"serguei lavrov", "vladimir poutine"}
    assert _names(m, "lavr | pout wang") == set()
