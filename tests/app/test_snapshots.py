"""SVG snapshots of the main screens (pytest-textual-snapshot). Regenerate after a deliberate
change with ``pytest tests/app --snapshot-update`` and look at them (the SVGs open in a
browser). They depend on what the extractors find in the shipped corpus."""

from __future__ import annotations

import pytest
from app_helpers import CORPUS, plain_terminal, settle  # noqa: F401

from tui.app.app import ChroniqueApp
from tui.config import load_config

SIZES = [(80, 24), (160, 50)]


def app_for(corpus) -> ChroniqueApp:
    return ChroniqueApp(CORPUS, load_config(), corpus=corpus)


def keys(*pressed: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, seed_corpus, size):
    assert snap_compare(app_for(seed_corpus), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_filtered_view(snap_compare, seed_corpus, size):
    """Lavrov selected, his first mention under the reader cursor."""
    run = keys("slash", *"lavr", "enter", "n")
    assert snap_compare(app_for(seed_corpus), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_entity_filter(snap_compare, seed_corpus, size):
    """Typing in the filter (the entity pane shown alone at 80 columns)."""
    run = keys("slash", *"@per ou")
    assert snap_compare(app_for(seed_corpus), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, seed_corpus, size):
    assert snap_compare(app_for(seed_corpus), terminal_size=size, run_before=keys("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_events_timeline(snap_compare, seed_corpus, size):
    assert snap_compare(app_for(seed_corpus), terminal_size=size, run_before=keys("t", "j", "j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_concordance(snap_compare, seed_corpus, size):
    """A text search: the hits of "chine" in the timeline, the matches in one column, the
    first one open in the reader (beside the concordance at 160 columns)."""
    run = keys("s", *"chine", "enter")
    assert snap_compare(app_for(seed_corpus), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_concordance_sorted_by_the_word_after(snap_compare, seed_corpus, size):
    run = keys("s", *"russie", "enter", "o", "o")
    assert snap_compare(app_for(seed_corpus), terminal_size=size, run_before=run)
