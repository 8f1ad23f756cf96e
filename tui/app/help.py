"""The help screen: every key, read from the live bindings (so a key rebound in config.yaml
shows as rebound), plus the filter syntax and what the marks mean."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_rows(app, node, own: type | None = None) -> list[tuple[str, str]]:
    """(keys, description) for the bindings of one node, after the app's keymap. With
    ``own``, only the bindings that class declares (not those it inherits)."""
    if own is not None:
        from textual.binding import BindingsMap

        bindings = BindingsMap(own.__dict__.get("BINDINGS", []))
    else:
        bindings = node._bindings.copy()
    keymap = getattr(app, "_keymap", None)
    if keymap:
        bindings.apply_keymap(keymap)
    grouped: dict[tuple[str, str], list[str]] = {}
    for _key, key_bindings in bindings.key_to_bindings.items():
        for b in key_bindings:
            if b.system:
                continue
            desc = b.description or b.action
            shown = app.get_key_display(b.with_key(b.key, key_display=None))
            keys = grouped.setdefault(desc, [])
            if shown not in keys:
                keys.append(shown)
    return [(" ".join(keys), desc) for desc, keys in grouped.items()]


FILTER_SYNTAX = [
    ("lavr", "fuzzy: typos allowed from 4 letters"),
    ("'exact", "exact substring"),
    ("^serg", "prefix of a word of the name"),
    ("rov$", "suffix"),
    ("!chine", "must not contain"),
    ("@per @org @loc @misc", "type filter"),
]

MARKS = [
    ("P O L M", "person, organisation, place, other"),
    ("●", "selected entity (the timeline shows articles mentioning all of them)"),
    ("underlined", "a mention of an entity in the reader"),
    ("bold underlined", "a mention of a selected entity"),
    ("reversed", "the mention under the reader cursor"),
    ("▶", "the article open in the reader"),
    ("×3", "mentions of the selection in that article"),
]


def help_text(sections: list[tuple[str, list[tuple[str, str]]]]) -> Text:
    out = Text()
    width = max((len(k) for _t, rows in sections for k, _d in rows), default=8)
    width = min(max(width, 8), 24)
    for n, (title, rows) in enumerate(sections):
        if n:
            out.append("\n")
        out.append(title + "\n", style="bold underline")
        for keys, desc in rows:
            out.append(f"  {keys:<{width}}", style="bold")
            out.append(f"  {desc}\n")
    out.rstrip()
    return out


class HelpScreen(ModalScreen[None]):
    """A scrollable list of keys; Esc, q or the help key close it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", show=True),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("down", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
        Binding("up", "scroll(-1)", "Scroll up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]

    def __init__(
        self, sections: list[tuple[str, list[tuple[str, str]]]], close_key: str | None = None
    ):
        super().__init__()
        self.sections = sections
        self.close_key = close_key

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_text(self.sections), id="help-text")

    def on_mount(self) -> None:
        body = self.query_one("#help-body")
        body.border_title = "Chronique keys"
        body.border_subtitle = "Esc closes"
        if self.close_key:
            self._bindings.bind(self.close_key, "dismiss", "Close", show=False)

    def action_dismiss(self, result=None) -> None:
        self.dismiss(None)

    def action_scroll(self, n: int) -> None:
        body = self.query_one("#help-body")
        body.scroll_to(y=body.scroll_offset.y + n, animate=False)

    def action_page(self, n: int) -> None:
        body = self.query_one("#help-body")
        body.scroll_to(y=body.scroll_offset.y + n * max(1, body.size.height - 1), animate=False)
