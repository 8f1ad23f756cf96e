"""Every key the app binds is in README's key table (after sqlite-utils' test_docs)."""

from __future__ import annotations

import re

import pytest
from app_helpers import ROOT

from tui.app.app import ChroniqueApp
from tui.app.entities import EntityList, EntityPane, FilterInput
from tui.app.help import class_bindings
from tui.app.keys import ACTIONS, action_binding
from tui.app.main_screen import MainScreen
from tui.app.reader import Reader
from tui.app.timeline import SearchInput, Timeline
from tui.app.vlist import VirtualList
from tui.config import DEFAULT_KEYS

# Textual's key names as the README writes them.
README_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "space": "Space",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}


def readme_keys() -> set[str]:
    """The `backticked` words in the rows of the key table of README's "The app"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## The app", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, "README's 'The app' section has no key table"
    return {word for row in rows for word in re.findall(r"`([^`]+)`", row)}


def app_bindings():
    """Every binding of the app's screens and panes, actions at their default keys."""
    groups = [
        [action_binding(a) for a in ACTIONS],
        class_bindings(ChroniqueApp),
        class_bindings(MainScreen),
        class_bindings(EntityPane),
        class_bindings(FilterInput),
        class_bindings(VirtualList, EntityList),
        class_bindings(VirtualList, Timeline),
        class_bindings(SearchInput),
        class_bindings(Reader),
    ]
    for group in groups:
        pairs = group if isinstance(group, list) else [b for _k, b in group]
        yield from pairs


@pytest.mark.parametrize(
    "key", sorted({b.key for b in app_bindings()}), ids=lambda k: k.replace("+", "-")
)
def test_every_app_key_is_in_the_readme_key_table(key):
    assert README_NAMES.get(key, key) in readme_keys()


def test_every_rebindable_action_is_a_binding_with_its_default_key():
    bound = {b.id: b.key for b in app_bindings() if b.id}
    assert set(bound) == set(DEFAULT_KEYS)
    for action, key in DEFAULT_KEYS.items():
        assert bound[action] == key
