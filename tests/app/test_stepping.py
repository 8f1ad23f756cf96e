"""Where n/N and ]/[ go (tui/app/stepping.py): plain functions, no Textual."""

from __future__ import annotations

import sys

from tui.app.stepping import Place, step_article, step_hit, step_mention

LAVROV = "serguei-lavrov"


def _mentions(corpus, eid):
    return [(corpus.article_idx(m.article_id), m.start) for m in corpus.mentions_of(eid)]


def test_stepping_imports_no_textual():
    import subprocess

    code = "import sys, tui.app.stepping; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_next_mention_walks_every_mention_in_corpus_order_then_wraps(seed_corpus):
    expected = _mentions(seed_corpus, LAVROV)
    assert len(expected) == 4
    here = Place(None)
    seen = []
    for _ in range(len(expected)):
        step = step_mention(seed_corpus, LAVROV, here, backward=False)
        assert step is not None and not step.wrapped
        assert step.total == len(expected)
        seen.append((step.article, step.offset))
        assert step.rank == len(seen) - 1
        here = Place(step.article, step.offset)
    assert seen == expected
    last = step_mention(seed_corpus, LAVROV, here, backward=False)
    assert (last.article, last.offset, last.rank, last.wrapped) == (*expected[0], 0, True)


def test_previous_mention_goes_back_and_wraps_to_the_last(seed_corpus):
    expected = _mentions(seed_corpus, LAVROV)
    step = step_mention(seed_corpus, LAVROV, Place(*expected[2]), backward=True)
    assert (step.article, step.offset, step.wrapped) == (*expected[1], False)
    step = step_mention(seed_corpus, LAVROV, Place(*expected[0]), backward=True)
    assert (step.article, step.offset, step.rank, step.wrapped) == (*expected[-1], 3, True)
    # nothing open: backward starts from the last one
    step = step_mention(seed_corpus, LAVROV, Place(None), backward=True)
    assert (step.article, step.offset) == expected[-1]


def test_from_the_top_of_an_article_its_first_mention_counts(seed_corpus):
    expected = _mentions(seed_corpus, LAVROV)
    a, start = expected[1]
    step = step_mention(seed_corpus, LAVROV, Place(a, None), backward=False)
    assert (step.article, step.offset) == (a, start)
    # from a reading position past it, the next one
    step = step_mention(seed_corpus, LAVROV, Place(a, start), backward=False)
    assert (step.article, step.offset) == expected[2]


def test_an_unknown_entity_has_no_step(seed_corpus):
    assert step_mention(seed_corpus, "nobody-at-all", Place(0, 10), backward=False) is None


def test_step_hit_over_sorted_positions():
    hits = [(0, 5), (0, 40), (2, 0), (3, 7)]
    step = step_hit(hits, Place(None), backward=False)
    assert (step.article, step.offset, step.rank, step.total) == (0, 5, 0, 4)
    step = step_hit(hits, Place(0, 5), backward=False)
    assert (step.article, step.offset, step.wrapped) == (0, 40, False)
    # the top of article 2: its hit at offset 0 counts
    step = step_hit(hits, Place(2, None), backward=False)
    assert (step.article, step.offset) == (2, 0)
    step = step_hit(hits, Place(3, 7), backward=False)
    assert (step.article, step.offset, step.rank, step.wrapped) == (0, 5, 0, True)
    step = step_hit(hits, Place(0, 5), backward=True)
    assert (step.article, step.offset, step.rank, step.wrapped) == (3, 7, 3, True)
    step = step_hit(hits, Place(1, 0), backward=True)
    assert (step.article, step.offset, step.wrapped) == (0, 40, False)
    assert step_hit([], Place(0, 0), backward=False) is None


def test_step_article_in_the_filtered_timeline_stops_at_the_ends():
    items = [1, 4, 6]
    assert step_article(items, None, +1) == 1
    assert step_article(items, None, -1) == 6
    assert step_article(items, 1, +1) == 4
    assert step_article(items, 2, +1) == 4  # the open article is not in the filtered list
    assert step_article(items, 2, -1) == 1
    assert step_article(items, 6, +1) is None
    assert step_article(items, 1, -1) is None
    assert step_article([], 3, +1) is None
    assert step_article(range(5), 2, -1) == 1
