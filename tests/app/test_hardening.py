"""What a new user hit in a real terminal (issue 11, the app): each test failed before its fix."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest
from app_helpers import (  # noqa: F401
    CORPUS,
    main_screen,
    plain_terminal,
    screen_text,
    select,
    settle,
    spy_notifications,
)

from tui.app.app import ChroniqueApp
from tui.app.clipboard import deliver, osc52, screen_passthrough, tmux_load_buffer
from tui.app.entities import EntityList, FilterInput
from tui.app.header import header_text
from tui.app.reader import Reader
from tui.app.timeline import Timeline
from tui.citation import cite_quote, cite_sentence
from tui.config import load_config

LAVROV, OUCHAKOV = "serguei-lavrov", "iouri-ouchakov"


@pytest.fixture
def make_app(seed_corpus):
    def make():
        return ChroniqueApp(CORPUS, load_config(), corpus=seed_corpus)

    return make


# --- y copies the row under the cursor ----------------------------------------------------


async def test_y_right_after_Q_copies_the_quotation_under_the_cursor(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        assert app.focused is timeline and timeline.mode == "quotes"
        await pilot.press("y")
        await settle(pilot)
        first = seed_corpus.quotes[timeline.current]
        assert app.clipboard == cite_quote(seed_corpus, first, load_config().quote_citation)
        await pilot.press("j", "y")  # the next row, at once
        await settle(pilot)
        second = seed_corpus.quotes[timeline.current]
        assert second is not first
        assert app.clipboard == cite_quote(seed_corpus, second, load_config().quote_citation)


async def test_y_on_an_event_row_copies_that_events_sentence(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t", "j", "y")
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        t = seed_corpus.timerefs[timeline.current]
        s, e = seed_corpus.sentence_at(t.article_id, t.start)
        art = seed_corpus.article(t.article_id)
        assert app.clipboard == cite_sentence(art, s, e, load_config().sentence_citation)


async def test_y_in_the_entity_list_copies_the_name_under_the_cursor(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "j", "y")
        await settle(pilot)
        lst = app.screen.query_one(EntityList)
        assert app.focused is lst
        assert app.clipboard == seed_corpus.entity(lst.current).name


# --- copy inside tmux and GNU screen --------------------------------------------------------


@pytest.fixture
def fake_tmux(tmp_path, monkeypatch):
    """A `tmux` on PATH that records its arguments and what it reads on stdin."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "tmux"
    script.write_text(
        f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/buffer\n', encoding="utf-8"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")
    return tmp_path


async def test_copy_inside_tmux_fills_the_tmux_buffer_and_says_so(make_app, fake_tmux):
    app = make_app()
    seen = spy_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "lavr")
        await pilot.press("n", "y")
        await settle(pilot)
        buffer = (fake_tmux / "buffer").read_text(encoding="utf-8")
        assert buffer == app.clipboard and buffer.startswith("« ")
        assert (fake_tmux / "args").read_text().split() == ["load-buffer", "-w", "-"]
        notice = seen[-1][0]
        assert "in the tmux buffer" in notice and "(OSC 52)" in notice


def test_old_tmux_without_w_still_gets_the_buffer():
    calls = []

    def run(args, **kw):
        calls.append(args)
        code = 1 if "-w" in args else 0
        return subprocess.CompletedProcess(args, code, b"", b"unknown flag -w")

    assert tmux_load_buffer("x", run) is None
    assert calls == [["tmux", "load-buffer", "-w", "-"], ["tmux", "load-buffer", "-"]]


def test_a_failing_tmux_is_reported_not_claimed():
    def run(args, **kw):
        return subprocess.CompletedProcess(args, 1, b"", b"no server running")

    how = deliver(
        "texte", env={"TMUX": "x"}, send_osc52=lambda t: None, write_raw=lambda d: True, run=run
    )
    assert "not in the tmux buffer: no server running" in how
    assert "in the tmux buffer (" not in how


def test_gnu_screen_gets_osc52_in_its_passthrough():
    written: list[str] = []
    sent: list[str] = []
    text = "« Une citation assez longue pour tenir en plusieurs morceaux » " * 3
    how = deliver(
        text,
        env={"STY": "1.pts-0"},
        send_osc52=sent.append,
        write_raw=lambda data: written.append(data) is None,
    )
    assert sent == [text] and "GNU screen" in how and "(OSC 52)" in how
    wrapped = written[0]
    assert wrapped.startswith("\x1bP\x1b]52;c;") and wrapped.endswith("\x07\x1b\\")
    # every chunk sits in its own DCS ... ST, and together they are the OSC 52 payload
    payload = wrapped.replace("\x1b\\\x1bP", "")[len("\x1bP") : -len("\x1b\\")]
    assert payload == osc52(text)
    assert all(len(part) <= 90 for part in wrapped.split("\x1b\\"))
    assert screen_passthrough(text) == wrapped


# --- the screen at 80x24 -------------------------------------------------------------------


async def test_n_at_80x24_puts_the_position_in_the_reader_title_not_in_notices(make_app):
    app = make_app()
    seen = spy_notifications(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await select(pilot, "lavr")
        for _ in range(3):
            await pilot.press("n")
            await settle(pilot)
        assert seen == []  # nothing stacks over the reader
        text = screen_text(app)
        assert "Sergueï Lavrov 3/4 · 2025-07-15" in text
        title = main_screen(app).titles["reader"].render().plain
        assert "2/3 here" in title


async def test_the_header_keeps_two_selected_entities_at_80_columns(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await select(pilot, "lavr")
        await select(pilot, "ouchakov")
        assert main_screen(app).selection == [LAVROV, OUCHAKOV]
        header = screen_text(app).splitlines()[0]
        assert "● Sergueï Lavrov" in header and "● Iouri Ouchakov" in header


def test_header_gives_way_to_the_selection(seed_corpus):
    for width in (100, 80, 60):
        text = header_text(seed_corpus, [LAVROV, OUCHAKOV], 1, width=width).plain
        assert len(text) <= width
        assert text.count("● ") == 2
    wide = header_text(seed_corpus, [LAVROV], 1, width=200).plain
    assert "36 entities" in wide and "2024-05-16 → 2026-02-04" in wide
    narrow = header_text(seed_corpus, [LAVROV, OUCHAKOV, "vladimir-poutine"], 1, width=60)
    assert narrow.plain.count("● ") == 3 and narrow.cell_len <= 60


async def test_here_counts_the_selections_mentions_in_the_article(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "lavr")
        await pilot.press("n", "n")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        art = reader.article
        mine = [m.start for m in seed_corpus.mentions_of(LAVROV) if m.article_id == art.id]
        all_here = len(seed_corpus.mentions_in(art.id))
        assert len(mine) < all_here
        title = main_screen(app).titles["reader"].render().plain
        assert f"· 1/{len(mine)} here" in title
        assert f"/{all_here} here" not in title


async def test_enter_on_an_empty_filter_does_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "enter")
        await settle(pilot)
        assert main_screen(app).selection == []
        assert isinstance(app.focused, FilterInput)
        await pilot.press("space", "enter")  # blanks are no query either
        await settle(pilot)
        assert main_screen(app).selection == []


async def test_help_says_what_escape_does_and_the_copy_fallback(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        body = str(app.screen.query_one("#help-text").render())
        assert "clears the selection" in body
        assert "goes back to the timeline" in body
        assert "chronique quotes --cite" in body


async def test_escape_says_which_selection_it_cleared(make_app):
    app = make_app()
    seen = spy_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "lavr")
        await pilot.press("slash", "escape")  # the text "lavr" first
        await settle(pilot)
        assert main_screen(app).selection == [LAVROV] and seen == []
        await pilot.press("escape")
        await settle(pilot)
        assert main_screen(app).selection == []
        assert any("Sergueï Lavrov" in m and "Cleared" in m for m, _kw in seen)


async def test_events_give_the_sentence_room_at_120_columns(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        width = timeline.scrollable_content_region.width
        row = timeline.cursor
        shown = timeline.render_row(row, width).plain
        t = seed_corpus.timerefs[timeline.current]
        context = shown[len(" 2025-07-15 ") :].rstrip()
        assert t.text[:10] in context or "…" in context
        assert len(context) >= 30, shown


# --- start-up -----------------------------------------------------------------------------


def test_the_app_module_imports_only_what_the_first_screen_needs():
    """The panes, the palette and the loader are imported after the first frame (or in
    the loading thread), not when the app module is."""
    import sys

    code = (
        "import sys, tui.app.app\n"
        "late = ['tui.app.main_screen', 'tui.app.reader', 'tui.app.timeline',"
        " 'tui.app.entities', 'tui.app.palette', 'tui.loader', 'tui.store.cache']\n"
        "print([m for m in late if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


async def test_a_quick_load_paints_the_panes_first_a_slow_one_the_loading_screen(monkeypatch):
    from tui.app import app as app_module
    from tui.app.loading import LoadingScreen
    from tui.app.main_screen import MainScreen

    app = ChroniqueApp(CORPUS, load_config(), use_cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen_stack[0], MainScreen)  # the first screen
        await settle(pilot)
        assert "3 articles" in screen_text(app)

    # A load that takes longer than QUICK_LOAD: held until the loading screen is up.
    import threading

    import tui.loader

    gate = threading.Event()
    original = tui.loader.load_corpus

    def slow_load(*args, **kw):
        gate.wait(10)
        return original(*args, **kw)

    monkeypatch.setattr(tui.loader, "load_corpus", slow_load)
    monkeypatch.setattr(app_module, "QUICK_LOAD", 0.01)
    app = ChroniqueApp(CORPUS, load_config(), use_cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen_stack[0], LoadingScreen)
        await pilot.pause()
        assert "loading…" in screen_text(app)
        gate.set()
        app.background_load.done.wait(10)
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(Timeline).row_count > 0


async def test_n_with_nothing_selected_does_not_stack_hints(make_app):
    app = make_app()
    seen = spy_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(4):
            await pilot.press("n")
        await settle(pilot)
        hints = [m for m, _kw in seen if m.startswith("Select an entity first")]
        assert len(hints) == 1
