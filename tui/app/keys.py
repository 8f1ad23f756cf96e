"""The app's actions and their bindings. Every action is a ``Binding`` whose ``id`` is the
action name of ``config.DEFAULT_KEYS``; the app applies ``config.keys`` as Textual's keymap
(``App.set_keymap``), so a key rebound in config.yaml changes every binding of that action
(and the footer and the help screen, which read the bindings through the same keymap)."""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding

from tui.config import DEFAULT_KEYS

# action -> (method, description). The methods are the main screen's, except APP_ACTIONS.
ACTIONS: dict[str, tuple[str, str]] = {
    "focus_filter": ("focus_filter", "Filter"),
    "text_search": ("text_search", "Search text"),
    "sort_hits": ("sort_hits", "Sort hits"),
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
    "reload": ("reload", "Reload the corpus"),
    "quit": ("quit", "Quit"),
}

# Actions of the app itself: they work on every screen (the loading screen too).
APP_ACTIONS = ("help", "quit")

# Actions whose keys move the focus: priority bindings, handled as they arrive, so that the
# keys typed right after them ("/lavr") reach the newly focused widget.
FOCUS_ACTIONS = ("focus_filter", "text_search", "switch_pane")


def action_binding(
    action: str, *, show: bool = False, namespace: str = "", priority: bool = False
) -> Binding:
    """The binding of an app action, with its default key and its action name as id."""
    method, description = ACTIONS[action]
    return Binding(
        DEFAULT_KEYS[action],
        f"{namespace}.{method}" if namespace else method,
        description,
        show=show,
        priority=priority,
        id=action,
    )


def namespace_of(action: str) -> str:
    return "app" if action in APP_ACTIONS else "screen"


def pane_bindings(*actions: str) -> list[Binding]:
    """App actions a pane repeats so that its footer shows them when it has the focus."""
    return [action_binding(a, show=True, namespace=namespace_of(a)) for a in actions]


def normalize(keys: str) -> str:
    """A key list as Textual names keys ("?" -> "question_mark", "n,N" -> "n,N")."""
    return ",".join(b.key for b in Binding.make_bindings([Binding(keys, "")]))


def normalize_keymap(keymap: Mapping[str, str]) -> dict[str, str]:
    return {action: normalize(keys) for action, keys in keymap.items()}


def rebound_keys(keymap: Mapping[str, str]) -> dict[str, str]:
    """key -> action for the keys the user gave to an app action that are not its default
    keys. They win over a pane's own use of the key (``next_mention: j`` beats the list's
    ``j``): the main screen claims them as they pass (see ``MainScreen.on_key``)."""
    defaults = {k for keys in normalize_keymap(DEFAULT_KEYS).values() for k in keys.split(",")}
    claimed: dict[str, str] = {}
    for action, keys in normalize_keymap(keymap).items():
        for key in keys.split(","):
            if key and key not in defaults and action in ACTIONS:
                claimed[key] = action
    return claimed
