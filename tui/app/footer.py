"""The footer: Textual's, its keys drawn by one widget, composed again only when the keys it
would show change.

Textual's footer makes a widget per key; each costs as much to mount, style and draw as a
pane's list (the seven keys of the main screen were 5 % of the start-up). Here one widget,
``KeysLine``, draws the keys as the compact footer's keys look (the same component styles,
one cell between keys), shows the one under the mouse as hovered and runs it on a click; the
command palette's key, docked right with its border, stays Textual's own ``FooterKey``.

Textual rebuilds its footer each time the screen announces that its bindings changed, which
it does at every change of focus, whether or not the keys shown differ; at start-up that is
two or three rebuilds, each laying the screen out again after the first frame.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from tui.app.textual_private import FooterKey, own_context


class Key(NamedTuple):
    """One key of the footer, as Textual's ``FooterKey`` is made from it."""

    key: str
    display: str
    description: str
    disabled: bool
    tooltip: str


class KeysLine(Widget, can_focus=False):
    """The footer's keys in one widget, drawn as Textual's compact ``FooterKey``s."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--hover"}
    # FooterKey's rules (compact), and its :hover as a component.
    DEFAULT_CSS = """
    KeysLine {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, keys: list[Key]) -> None:
        super().__init__()
        self.keys = keys
        self._hover: int | None = None
        self._spans: list[tuple[int, int]] = []  # (start, end) cells of each key

    def render(self) -> Text:
        base = self.rich_style
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        out = Text(no_wrap=True, end="")
        self._spans = []
        for k, key in enumerate(self.keys):
            if k:
                out.append(" ", base)  # the footer's margin between keys
            start = out.cell_len
            item = base + Style(dim=True) if key.disabled else base
            key_part, description_part = key_style, description_style
            if k == self._hover:
                hover = self.get_component_rich_style("footer-key--hover")
                item, key_part = item + hover, hover + Style(color=key_style.color, bold=True)
                description_part = hover + Style(color=description_style.color)
            label = Text.assemble((key.display, key_part))
            if key.description:
                label.append(" " + key.description, description_part)
            label.stylize_before(item)
            out.append_text(label)
            self._spans.append((start, out.cell_len))
        return out

    def _key_at(self, x: int) -> int | None:
        for k, (start, end) in enumerate(self._spans):
            if start <= x < end:
                return k
        return None

    def _set_hover(self, k: int | None) -> None:
        if k != self._hover:
            self._hover = k
            self.tooltip = self.keys[k].tooltip or None if k is not None else None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._key_at(event.x))

    def on_leave(self) -> None:
        self._set_hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        k = self._key_at(event.x)
        if k is None:
            return
        if self.keys[k].disabled:
            self.app.bell()
        else:
            self.app.simulate_key(self.keys[k].key)


class KeysFooter(Footer):
    """A compact ``Footer`` whose keys are one ``KeysLine``, and that skips a recompose when
    the keys, their state and its own settings are those it shows already."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._announced = False  # the screen has announced its bindings (they can be shown)
        self._shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._announced = True
        super().bindings_changed(screen)

    def _keys(self) -> tuple[object, ...]:
        """What ``compose`` makes the footer from."""
        active = self.screen.active_bindings
        return (
            self._announced,
            self.compact,
            self.show_command_palette,
            self.combine_groups,
            tuple((key, b, enabled, tip) for key, (_node, b, enabled, tip) in active.items()),
        )

    def compose(self) -> ComposeResult:
        if not self._announced:
            return
        active = self.screen.active_bindings
        shown = [(b, enabled, tip) for (_node, b, enabled, tip) in active.values() if b.show]
        if not self.compact or any(b.group is not None for b, _enabled, _tip in shown):
            # (Textual's keys, one widget each: groups have a look of their own)
            yield from self._textual_compose()
            return
        # The keys Textual's footer shows: the first binding of each action, in order.
        first: dict[str, Key] = {}
        for b, enabled, tip in shown:
            if b.action not in first:
                display = self.app.get_key_display(b)
                first[b.action] = Key(b.key, display, b.description, not enabled, tip)
        if first:
            yield KeysLine(list(first.values()))
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, b, enabled, _tip = found
                yield FooterKey(
                    b.key,
                    self.app.get_key_display(b),
                    b.description,
                    b.action,
                    classes="-command-palette -compact",
                    disabled=not enabled,
                    tooltip=b.tooltip or b.description,
                )

    def _textual_compose(self) -> ComposeResult:
        # Each key is bound to the footer's ``compact``, which sets its "-compact" class as it
        # mounts: a second styling of every key. Given the class from the start, it is styled
        # once; the binding still follows later changes.
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await super().recompose()

    async def compose_now(self) -> None:
        """Compose the keys the screen has now (its focus set), at once: from the screen's
        mount, so that the first frame shows them (Textual's footer composes none until the
        screen announces its bindings, then waits for a refresh)."""
        with own_context(self):
            # (the recompose this asks for, after a refresh, then finds nothing to do)
            self.bindings_changed(self.screen)
            await self.recompose()
