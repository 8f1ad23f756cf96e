"""The help screen: every key, read from the live bindings (so a key rebound in config.yaml
shows as rebound), plus the filter syntax and what the marks mean."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.binding import Keymap

Section = tuple[str, list[tuple[str, str]]]


def class_bindings(*classes: type) -> BindingsMap:
    """The bindings the classes declare (``BINDINGS``), merged as Textual merges a class's
    own with its bases': a later class's bindings for a key replace an earlier one's. Pass
    the classes base first, from the one declared with ``inherit_bindings=False``."""
    keys: dict[str, list[Binding]] = {}
    for cls in classes:
        for key, bindings in BindingsMap(cls.__dict__.get("BINDINGS", [])).key_to_bindings.items():
            keys[key] = bindings
    return BindingsMap.from_keys(keys)


def binding_rows(app: App, bindings: BindingsMap, keymap: Keymap) -> list[tuple[str, str]]:
    """(keys, description) rows for ``bindings`` after the app's keymap (the keys of
    config.yaml), one row per description."""
    bindings = bindings.copy()
    if keymap:
        bindings.apply_keymap(keymap)
    grouped: dict[str, list[str]] = {}
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


def merge_rows(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Rows of several widgets of one pane: one row per description, keys merged."""
    merged: dict[str, list[str]] = {}
    for keys, desc in rows:
        have = merged.setdefault(desc, [])
        have.extend(k for k in keys.split() if k not in have)
    return [(" ".join(keys), desc) for desc, keys in merged.items()]


def dedupe_sections(sections: list[Section]) -> list[Section]:
    """A pane repeats some app keys to show them in its footer: list those once, under
    "Everywhere" (the first section)."""
    everywhere = set(sections[0][1]) if sections else set()
    out = [sections[0]] if sections else []
    for title, rows in sections[1:]:
        out.append((title, [row for row in rows if row not in everywhere]))
    return out


def help_sections(app: App, keymap: Keymap, *, with_panes: bool) -> list[Section]:
    """Every key, by where it works: everywhere, then pane by pane (once the panes are
    up), then the palette, the filter syntax and the marks."""
    from tui.app.entities import EntityList, EntityPane, FilterInput
    from tui.app.keys import ACTIONS, action_binding
    from tui.app.main_screen import PANE_KEYS
    from tui.app.reader import Reader
    from tui.app.timeline import SearchInput, Timeline
    from tui.app.vlist import VirtualList

    # Textual's own app keys, every action (the app's and the main screen's) in the order
    # of ACTIONS, the pane keys.
    everywhere = BindingsMap([*App.BINDINGS, *(action_binding(a) for a in ACTIONS), *PANE_KEYS])
    palette = Binding(
        app.COMMAND_PALETTE_BINDING,
        "command_palette",
        "palette",
        show=False,
        key_display=app.COMMAND_PALETTE_DISPLAY,
        priority=True,
    )
    everywhere.key_to_bindings.setdefault(palette.key, []).append(palette)
    sections = [("Everywhere", binding_rows(app, everywhere, keymap))]
    if with_panes:
        entity_rows = (
            binding_rows(app, class_bindings(EntityPane), keymap)
            + binding_rows(app, class_bindings(FilterInput), keymap)
            + binding_rows(app, class_bindings(VirtualList, EntityList), keymap)
        )
        sections.append(("Entity pane (filter and list)", merge_rows(entity_rows)))
        timeline = class_bindings(VirtualList, Timeline)
        sections.append(("Timeline", binding_rows(app, timeline, keymap)))
        prompt = binding_rows(app, class_bindings(SearchInput), keymap)
        sections.append(("Text search prompt (s)", prompt))
        sections.append(("Reader", binding_rows(app, class_bindings(Reader), keymap)))
    if with_panes:
        sections.append(("Esc in the entity pane, one step per press", ESCAPE_STEPS))
    copy_key = app.get_key_display(Binding(keymap.get("copy") or "y", ""))
    copy_rows = [(copy_key if keys == "y" else keys, desc) for keys, desc in COPY_NOTES]
    sections.append((f"Copy ({copy_key})", copy_rows))
    sections.append(
        (
            "Command palette",
            [(app.get_key_display(Binding("ctrl+p", "")), "actions, go to entity…")],
        )
    )
    sections.append(("Filter syntax (terms combine)", FILTER_SYNTAX))
    sections.append(("Text search syntax (s)", SEARCH_SYNTAX))
    sections.append(("Marks", MARKS))
    return dedupe_sections(sections)


ESCAPE_STEPS = [
    ("1st", "clears the filter text"),
    ("2nd", "shows the whole list again (after e or r)"),
    ("3rd", "clears the selection (a notice names what it cleared)"),
    ("4th", "goes back to the timeline"),
    ("Enter", "on an empty filter: nothing; on a name: (un)select it"),
]

COPY_NOTES = [
    ("y", "the row under the cursor: a quotation, an event, an entity;"),
    ("", "in the reader, the quotation or sentence pointed at; cited"),
    ("OSC 52", "goes to the terminal's clipboard (over SSH too, if allowed)"),
    ("tmux", "also goes to the tmux buffer: prefix ] pastes it"),
    ("fallback", "chronique quotes --cite prints citations to paste"),
]

FILTER_SYNTAX = [
    ("lavr", "fuzzy: typos allowed from 4 letters"),
    ("'exact", "exact substring"),
    ("^serg", "prefix of a word of the name"),
    ("rov$", "suffix"),
    ("!chine", "must not contain"),
    ("@per @org @loc @misc", "type filter"),
]

SEARCH_SYNTAX = [
    ("gaz russe", "every word (case and accents do not count)"),
    ('"droits de douane"', "the words in a row"),
    ("chin*", "a word starting with chin"),
    ("-russie  NOT russie", "without the word"),
    ("gaz OR pétrole", "either"),
    ("NEAR(xi poutine, 5)", "at most 5 words apart"),
    ("o", "concordance order: date, word before, word after"),
    ("n N", "next / previous hit; Esc on the concordance ends the search"),
]

MARKS = [
    ("P O L M", "person, organisation, place, other"),
    ("●", "selected entity (the timeline shows articles mentioning all of them)"),
    ("underlined", "a mention of an entity in the reader"),
    ("bold underlined", "a mention of a selected entity"),
    ("reversed", "the mention under the reader cursor"),
    ("▶", "the article open in the reader"),
    ("×3", "mentions of the selection in that article"),
    ("reversed text", "a hit of the text search (the one shown also bold, underlined)"),
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

    def on_key(self, event: events.Key) -> None:
        # The help key closes the screen too, whatever config.yaml made it.
        if self.close_key and event.key in self.close_key.split(","):
            event.stop()
            self.dismiss(None)

    def action_dismiss(self, result=None) -> None:
        self.dismiss(None)

    def action_scroll(self, n: int) -> None:
        body = self.query_one("#help-body")
        body.scroll_to(y=body.scroll_offset.y + n, animate=False)

    def action_page(self, n: int) -> None:
        body = self.query_one("#help-body")
        body.scroll_to(y=body.scroll_offset.y + n * max(1, body.size.height - 1), animate=False)
