"""Handing the focus over at once: an Input whose Enter gives the focus to another pane (the
entity filter ``/`` and the text search prompt ``s``), and ``focus_now``."""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input


class HandoffInput(Input):
    """Enter runs ``action_submit`` as the key arrives (not through a binding, which only
    runs once the key has bubbled up to the app, after the keys queued behind it were typed
    here). A submit that moves the focus calls ``hand_off``: the keys typed after Enter and
    queued here before the focus moved then bubble on to the app, whose bindings follow the
    newly focused pane, instead of being typed into this input."""

    _handoff = False

    async def on_key(self, event: events.Key) -> None:
        # Runs before Input's own key handler (which types printable keys).
        if self._handoff:
            event.prevent_default()  # keeps Input's own handler from typing it
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_submit()

    def action_submit(self) -> None:  # overridden
        raise NotImplementedError

    def hand_off(self) -> None:
        """Let the keys already queued go on to the pane that gets the focus."""
        self._handoff = True
        self.call_later(self._end_handoff)

    def _end_handoff(self) -> None:
        self._handoff = False


def focus_now(widget: Widget) -> None:
    """Focus at once, not after a refresh (``Widget.focus`` defers): keys already queued
    behind the one that moved the focus ("/lavr" typed or pasted fast) go to the new widget."""
    widget.screen.set_focus(widget)
    widget.refresh()
