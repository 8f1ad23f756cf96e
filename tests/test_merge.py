"""The entity merge reads sums over the articles, never their order: the same articles in any
order decide the same entities, and an article added then taken back leaves the inputs (and the
decision) as if it had never come, which is what an incremental update relies on."""

from __future__ import annotations

import random

import pytest
from test_corpus import _ingested_seeds_and_oddities
from test_incremental import PARAGRAPHS

from tui.corpus import IngestedSource
from tui.corpus.merge import MergeInputs, decide
from tui.ingest import ingest_file


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("merge")
    items, gaz = _ingested_seeds_and_oddities(folder)
    rng = random.Random(7)
    for k in range(12):  # articles whose names interact: short forms, aliases, spellings
        f = folder / f"gen{k}.txt"
        f.write_text(" date 2025-07 " + "\n\n".join(rng.sample(PARAGRAPHS, 3)), encoding="utf-8")
        items += ingest_file(f, f.stem, gaz).articles
    return [IngestedSource(it) for it in items], gaz


def test_the_order_of_the_articles_does_not_change_the_entities(articles):
    items, gaz = articles
    first = decide(MergeInputs().add_all(items), gaz)
    assert first[0], "the corpus has entities"
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert decide(MergeInputs().add_all(shuffled), gaz) == first


def test_an_article_taken_back_leaves_no_trace(articles):
    items, gaz = articles
    rng = random.Random(3)
    for _ in range(5):
        kept = rng.sample(items, len(items) // 2)
        gone = [it for it in items if it not in kept]
        inputs = MergeInputs().add_all(items)
        for it in gone:
            inputs.add(it, -1)
        inputs.prune()
        clean = MergeInputs().add_all(kept)
        assert inputs.state() == clean.state()
        assert decide(inputs, gaz) == decide(clean, gaz)
        # and the inputs survive the form the snapshot keeps them in
        again = MergeInputs.from_bytes(inputs.to_bytes())
        assert again.state() == clean.state()
        assert decide(again, gaz) == decide(clean, gaz)


def test_vote_sums_are_exact_in_any_order(articles):
    items, _gaz = articles
    assert MergeInputs().add_all(items).exact()
    odd = MergeInputs().add_all(items)
    votes = next(iter(odd.votes.values()))
    votes["PER"] = votes.get("PER", 0.0) + 0.1
    assert not odd.exact()
