"""The reader's word wrap: line ranges index the article text exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.app.reader import wrap_ranges
from tui.app.timeline import histogram_text, months_between

TEXT = st.text(alphabet=st.sampled_from(list("ab cdé\n\t漢-«»[]")), max_size=300)


def _squeeze(s: str) -> str:
    return s.replace(" ", "").replace("\t", "").replace("\n", "")


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=40))
def test_wrap_ranges_cover_the_text_within_the_width(text, width):
    lines = wrap_ranges(text, 0, len(text), width)
    last = 0
    for s, e in lines:
        assert 0 <= s <= e <= len(text)
        assert s >= last
        last = e
        assert "\n" not in text[s:e]
        # a line fits, except a single wide character on a one-cell line
        assert cell_len(text[s:e]) <= max(width, 2)
    # nothing but the spaces at the wraps and the newlines is left out
    assert _squeeze("".join(text[s:e] for s, e in lines)) == _squeeze(text)


def test_wrap_keeps_words_whole():
    text = "Sergueï Lavrov a rencontré Wang Yi à Pékin."
    lines = wrap_ranges(text, 0, len(text), 16)
    assert [text[s:e] for s, e in lines] == ["Sergueï Lavrov a", "rencontré Wang", "Yi à Pékin."]


def test_wrap_a_block_inside_the_text():
    text = "xxx\n\nUn paragraphe court.\n\nyyy"
    start = text.index("Un")
    end = start + len("Un paragraphe court.")
    assert [text[s:e] for s, e in wrap_ranges(text, start, end, 12)] == [
        "Un",
        "paragraphe",
        "court.",
    ]


def test_histogram_scales_and_buckets():
    span = ((2024, 5), (2026, 2))
    counts = {(2024, 5): 1, (2025, 7): 4, (2026, 2): 2}
    line = histogram_text(counts, span, 60).plain
    assert line.startswith("2024-05 ") and line.endswith(" 2026-02")
    bars = line[8:-8]
    assert len(bars) == len(months_between(*span)) == 22
    assert bars[0] == "▂" and bars[14] == "█" and bars[21] == "▄"
    assert set(bars) - set("▂█▄ ") == set()
    # narrower than the months: several months per column, still one line
    assert len(histogram_text(counts, span, 10).plain) <= 10
    assert histogram_text(counts, None, 30).plain == "no dated articles"


NARROW = st.text(alphabet=st.sampled_from(list("ab cdé\n\t-«»[]")), max_size=300)


@settings(max_examples=300, deadline=None)
@given(NARROW, st.integers(min_value=1, max_value=40))
def test_the_one_cell_wrap_makes_the_lines_of_the_wrap_a_character_at_a_time(text, width):
    from tui.app import reader

    fast = wrap_ranges(text, 0, len(text), width)
    one_cell_each = reader._one_cell_each
    reader._one_cell_each = lambda *_: False  # every segment measured a character at a time
    try:
        slow = wrap_ranges(text, 0, len(text), width)
    finally:
        reader._one_cell_each = one_cell_each
    assert fast == slow
