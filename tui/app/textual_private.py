"""The one place the app reaches past Textual's public API, and why.

``FooterKey``, the widget Textual's footer makes for each key, is not exported by
``textual.widgets``; the footer (tui/app/footer.py) gives each its "-compact" class as it is
made, which saves styling every key twice at each rebuild.

Writing a raw sequence to the terminal: Textual's only public route to the terminal's
clipboard is ``App.copy_to_clipboard``, which writes a bare OSC 52 through the app's driver.
GNU screen drops a bare OSC 52; it forwards it only wrapped in its DCS passthrough, which
``copy_to_clipboard`` cannot send. So we write the wrapped sequence the way
``copy_to_clipboard`` writes its own: through ``App._driver`` (None when headless or not
running, then nothing is written).
"""

from __future__ import annotations

from textual.app import App
from textual.widgets._footer import FooterKey

__all__ = ["FooterKey", "write_to_terminal"]


def write_to_terminal(app: App, data: str) -> bool:
    """Write ``data`` to the terminal as is; False if there is no terminal to write to."""
    driver = getattr(app, "_driver", None)
    if driver is None:
        return False
    driver.write(data)
    return True
