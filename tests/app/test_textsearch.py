"""The app's text search without the app: hits in corpus order, concordance lines, sort
orders, capping (tui/app/textsearch.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import CORPUS
from rich.cells import cell_len

from tui import fulltext
from tui.app import stepping, textsearch
from tui.app.textsearch import (
    IndexHolder,
    build_hitlist,
    clean,
    collect_hits,
    kwic,
    sort_key,
    sorted_order,
)
from tui.config import load_config


@pytest.fixture
def index(seed_corpus):
    holder = IndexHolder(seed_corpus, CORPUS, load_config(), True)
    with holder.lock:
        yield holder.get()
    holder.close()


def spans_of(hits):
    return list(zip(hits.article, hits.start, hits.end, strict=True))


def test_hits_are_the_index_hits_in_corpus_order(seed_corpus, index):
    query = fulltext.parse_query("chine")
    hits = collect_hits(index, seed_corpus, query)
    expected = sorted(fulltext.corpus_spans(seed_corpus, index.search(query, limit=None)))
    assert spans_of(hits) == expected
    assert hits.total == len(hits) == len(expected) > 10
    assert not hits.capped
    for a, s, e in spans_of(hits):
        assert seed_corpus.articles[a].text[s:e].lower() == "chine"
    assert hits.articles == len({a for a, _s, _e in expected})


def test_hits_per_month_count_every_hit(seed_corpus, index):
    hits = collect_hits(index, seed_corpus, fulltext.parse_query("russie"))
    by_month: dict[tuple[int, int], int] = {}
    for a in hits.article:
        d = seed_corpus.articles[a].published
        by_month[(d.year, d.month)] = by_month.get((d.year, d.month), 0) + 1
    assert hits.months == by_month
    assert sum(hits.months.values()) == hits.total


def test_only_the_allowed_articles(seed_corpus, index):
    query = fulltext.parse_query("chine")
    first = seed_corpus.articles[0].id
    hits = collect_hits(index, seed_corpus, query, articles={first})
    assert set(hits.article) == {0}
    everywhere = collect_hits(index, seed_corpus, query)
    assert len(hits) == sum(1 for a in everywhere.article if a == 0)


def test_past_the_limit_hits_are_counted_not_kept(seed_corpus, index):
    query = fulltext.parse_query("chine")
    full = collect_hits(index, seed_corpus, query)
    firsts = []
    capped = collect_hits(index, seed_corpus, query, limit=5, first=firsts.append)
    assert len(capped) == 5 and capped.total == full.total and capped.capped
    assert capped.months == full.months  # the histogram counts them all
    assert capped.articles == full.articles
    assert firsts == []  # fewer kept than the first batch: nothing handed early


def test_the_first_batch_is_handed_over_early(seed_corpus, index, monkeypatch):
    monkeypatch.setattr(textsearch, "FIRST_BATCH", 4)
    firsts = []
    hits = collect_hits(index, seed_corpus, fulltext.parse_query("chine"), first=firsts.append)
    assert len(firsts) == 1 and len(firsts[0]) == 4
    assert len(hits) > 4


def test_a_cancelled_search_returns_none(seed_corpus, index):
    assert (
        collect_hits(index, seed_corpus, fulltext.parse_query("chine"), cancelled=lambda: True)
        is None
    )


def test_rank_and_hits_in_an_article():
    hits = build_hitlist([(2, 5, 8), (0, 10, 12), (2, 1, 3), (0, 3, 4)], [None] * 3)
    assert spans_of(hits) == [(0, 3, 4), (0, 10, 12), (2, 1, 3), (2, 5, 8)]
    assert hits.in_article(2) == [(1, 3), (5, 8)]
    assert hits.in_article(1) == []
    assert hits.rank(2, 5) == 3
    assert hits.rank(2, 4) is None
    assert hits.articles == 2
    pairs = hits.pairs()
    assert list(pairs) == [(0, 3), (0, 10), (2, 1), (2, 5)]
    # n/N go through them as through mentions, round the ends
    step = stepping.step_hit(pairs, stepping.Place(0, 10), backward=False)
    assert (step.article, step.offset, step.rank, step.total) == (2, 1, 2, 4)
    step = stepping.step_hit(pairs, stepping.Place(2, 5), backward=False)
    assert (step.article, step.offset, step.wrapped) == (0, 3, True)


def test_kwic_puts_the_context_on_one_line_and_fits_it():
    text = "Un texte\navec\tdes [bold]crochets[/] et la Chine au milieu, puis la suite du texte."
    s = text.index("Chine")
    left, match, right = kwic(text, s, s + 5, 20, 30)
    assert match == "Chine"
    assert cell_len(left) <= 20 and left.endswith("crochets[/] et la ")
    assert cell_len(match) + cell_len(right) <= 30 and right.startswith(" au milieu")
    assert "\n" not in left + right and "\t" not in left + right
    # at the very start and end of a text
    assert kwic("Chine", 0, 5, 10, 10) == ("", "Chine", "")


def test_kwic_counts_cells_not_characters():
    text = "中文中文中文 Chine 中文中文中文"
    s = text.index("Chine")
    left, _m, right = kwic(text, s, s + 5, 5, 11)
    assert cell_len(left) <= 5 and cell_len(right) <= 6


def test_clean_replaces_control_characters():
    assert clean("a\x1b[31mb\x07c\u202ed") == "a\ufffd[31mb\ufffdc\ufffdd"
    assert clean("a \n\t b") == "a b"


def test_sort_keys_are_the_folded_words_on_each_side():
    text = "Selon l'Élysée, la Chine a répondu."
    s = text.index("Chine")
    assert sort_key(text, s, s + 5, "before") == ("la", "elysee", "l")
    assert sort_key(text, s, s + 5, "after") == ("a", "repondu")


def test_sorted_orders():
    texts = {0: "x de la Chine alpha", 1: "y en Chine beta", 2: "z à Chine gamma"}
    spans = [(a, texts[a].index("Chine"), texts[a].index("Chine") + 5) for a in texts]
    hits = build_hitlist(spans, [None] * 3)
    assert list(sorted_order(hits, "date", texts.__getitem__)) == [0, 1, 2]
    # word before: "a" (à folded), "en", "la"
    assert list(sorted_order(hits, "before", texts.__getitem__)) == [2, 1, 0]
    # word after: alpha, beta, gamma
    assert list(sorted_order(hits, "after", texts.__getitem__)) == [0, 1, 2]
    assert sorted_order(hits, "after", texts.__getitem__, cancelled=lambda: True) is None
    assert [textsearch.next_order(o) for o in textsearch.ORDERS] == ["before", "after", "date"]


def test_an_index_in_memory_without_a_root(hostile_corpus_path: Path):
    from tui.loader import load_corpus

    corpus = load_corpus(hostile_corpus_path, load_config(), use_cache=False)
    holder = IndexHolder(corpus, None, load_config(), True)
    announced = []
    with holder.lock:
        index = holder.get(announced.append)
    assert announced == [1] and index.path is None
    hits = collect_hits(index, corpus, fulltext.parse_query("poutine"))
    assert len(hits) == 2


def test_the_index_is_announced_only_when_it_has_to_be_built(seed_corpus):
    announced = []
    for _ in range(2):
        holder = IndexHolder(seed_corpus, CORPUS, load_config(), True)
        with holder.lock:
            holder.get(announced.append)
        holder.close()
    assert announced == [len(seed_corpus.articles)]  # the second time, from the cache


@pytest.fixture
def hostile_corpus_path(tmp_path: Path) -> Path:
    (tmp_path / "h.txt").write_text(
        " date 2025-03-04 \nVladimir Poutine a dit [bold]x[/] à Vladimir Poutine.\n",
        encoding="utf-8",
    )
    return tmp_path
