"""The one place the app reaches past Textual's public API, and why.

``FooterKey``, the widget Textual's footer makes for each key, is not exported by
``textual.widgets``; the footer (tui/app/footer.py) makes the command palette's key itself, as
Textual's footer does, with its "-compact" class from the start (no second styling).

Writing a raw sequence to the terminal: Textual's only public route to the terminal's
clipboard is ``App.copy_to_clipboard``, which writes a bare OSC 52 through the app's driver.
GNU screen drops a bare OSC 52; it forwards it only wrapped in its DCS passthrough, which
``copy_to_clipboard`` cannot send. So we write the wrapped sequence the way
``copy_to_clipboard`` writes its own: through ``App._driver`` (None when headless or not
running, then nothing is written).

Running a widget's code from another widget's handler: what it calls binds to the active
message pump (a compose's ``data_bind``, a ``call_after_refresh``), which must be the widget
itself. The main screen has the footer compose its keys before the first frame
(tui/app/footer.py), in the footer's context (``MessagePump._context``).

The rack of notifications Textual adds to every screen (``#textual-toastrack``): as a screen
resumes, Textual sets its ``display`` (inline) to whether there are notifications, which
lays the screen out again a frame after the first even when there are none (its CSS hides
it already). ``settle_toasts`` sets it beforehand, so that the first frame stays the last.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets._footer import FooterKey

__all__ = ["FooterKey", "own_context", "settle_toasts", "write_to_terminal"]


def write_to_terminal(app: App, data: str) -> bool:
    """Write ``data`` to the terminal as is; False if there is no terminal to write to."""
    driver = getattr(app, "_driver", None)
    if driver is None:
        return False
    driver.write(data)
    return True


def own_context(widget: Widget) -> AbstractContextManager[None]:
    """Run code as ``widget``'s own (its handlers' context)."""
    return widget._context()


def settle_toasts(screen: Screen) -> None:
    """Hide the screen's rack of notifications, as Textual does when there are none, before
    the first layout (Textual shows it again when there are some)."""
    for rack in screen.query("#textual-toastrack"):
        rack.display = False
