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
    fresh = EntityMatcher([("Xi Jinping",), ("Jean Xiberras",), ("Ximena",)], ["PER"] * 3, [3, 2, 1])
    for q in ("x", "xi", "xi ", "xi j", "xi jin"):
        incremental = [m.index for m in fresh.search(q)]
        again = [m.index for m in EntityMatcher([("Xi Jinping",), ("Jean Xiberras",), ("Ximena",)], ["PER"] * 3, [3, 2, 1]).search(q)]
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
        ("exact", "exa"), ("prefix", "pre"), ("suffix", "suf"), ("not", "neg"), ("fuzzy", "fuz")
    ]
