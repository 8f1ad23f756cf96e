"""The footer: Textual's, composed again only when the keys it would show change.

Textual rebuilds its footer (a widget per key, styled anew) each time the screen announces
that its bindings changed, which it does at every change of focus, whether or not the keys
shown differ; at start-up that is two or three rebuilds, each laying the screen out again
after the first frame.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from tui.app.textual_private import FooterKey, own_context


class KeysFooter(Footer):
    """A ``Footer`` that skips a recompose when the keys, their state and its own settings
    are those it shows already."""

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
        # Each key is bound to the footer's ``compact``, which sets its "-compact" class as it
        # mounts: a second styling of every key (a third of the rebuild). Given the class
        # from the start, it is styled once; the binding still follows later changes.
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
