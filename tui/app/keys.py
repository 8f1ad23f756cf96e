"""The app's actions and their bindings. Every action is a ``Binding`` whose ``id`` is the
action name of ``config.DEFAULT_KEYS``; the app applies ``config.keys`` as Textual's keymap,
so a key rebound in config.yaml changes every binding of that action (and the footer and
the help screen, which read the live bindings)."""

from __future__ import annotations

from textual.binding import Binding

from tui.config import DEFAULT_KEYS

# action -> (app method, description)
ACTIONS: dict[str, tuple[str, str]] = {
    "focus_filter": ("focus_filter", "Filter"),
    "next_mention": ("next_mention", "Next mention"),
    "prev_mention": ("prev_mention", "Prev mention"),
    "next_article": ("next_article", "Next article"),
    "prev_article": ("prev_article", "Prev article"),
    "toggle_events": ("toggle_events", "Events"),
    "article_entities": ("article_entities", "Entities here"),
    "related_entities": ("related_entities", "Related"),
    "quotes": ("quotes", "Quotes"),
    "copy": ("copy", "Copy+cite"),
    "help": ("help", "Help"),
    "switch_pane": ("next_pane", "Next pane"),
    "quit": ("quit", "Quit"),
}


def action_binding(
    action: str, *, show: bool = False, app_ns: bool = False, priority: bool = False
) -> Binding:
    """The binding of an app action, with its default key and its action name as id."""
    method, description = ACTIONS[action]
    return Binding(
        DEFAULT_KEYS[action],
        f"app.{method}" if app_ns else method,
        description,
        show=show,
        priority=priority,
        id=action,
    )


def pane_bindings(*actions: str) -> list[Binding]:
    """App actions a pane repeats so that its footer shows them when it has the focus."""
    return [action_binding(a, show=True, app_ns=True) for a in actions]
