"""Helpers for the app tests: the screen as plain text, waiting for workers."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

# Rich's SVG export (what App.export_screenshot returns) puts each run of text in a <text>
# element at x = column * CHAR_WIDTH, clipped to its line: we read the screen back from it.
CHAR_WIDTH = 20 * 0.61
_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)"[^>]*>(.*?)</text>'
)


def screen_text(app) -> str:
    """What the terminal shows, as plain text (one line per row), read from the app's public
    screenshot (an SVG): Textual has no public plain-text export of the composed screen."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, content in _TEXT.findall(app.export_screenshot()):
        row = int(line)
        if row >= height:
            continue
        col = round(float(x) / CHAR_WIDTH)
        for ch in html.unescape(content).replace("\xa0", " "):
            w = cell_len(ch)
            if col < width:
                rows[row][col] = ch
                for k in range(1, w):
                    if col + k < width:
                        rows[row][col + k] = ""
            col += w
    return "\n".join("".join(cells) for cells in rows)


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch):
    """App tests run as if in a plain terminal, not inside tmux or GNU screen (copying would
    reach the developer's own tmux otherwise); the tests that need one set it up. Imported
    by the app test modules (a conftest.py here would shadow tests/conftest.py)."""
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.delenv("STY", raising=False)


def main_screen(app):
    """The main screen (the panes and the selection), under the help or the palette too."""
    main = app.main
    assert main is not None, "the main screen is not up"
    return main


def spy_notifications(app) -> list[tuple[str, dict]]:
    """Record every notification as (message, keyword arguments): they expire on screen."""
    seen: list[tuple[str, dict]] = []
    original = app.notify

    def notify(message, **kw):
        seen.append((message, kw))
        return original(message, **kw)

    app.notify = notify
    return seen


async def select(pilot, query: str) -> None:
    """Filter the entities with ``query`` and select the first match."""
    await pilot.press("slash", *query, "enter")
    await settle(pilot)


async def settle(pilot) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
