"""The cyclic garbage collector, paused while the app starts.

What a start makes (Textual's modules and classes, the screens and their widgets, the corpus)
lives as long as the app: a collection before the first frame only walks it, again and
again as it grows (4 % of a start's instructions on the shipped corpus; the interpreter's exit
walks it once more). So importing ``tui.app`` turns the collector off, and the app turns it
back on once the corpus is shown (or its load has failed or found no article), with what
exists then frozen out of its sight, as the loader does with the corpus (``tui.loader``; a
load sees the collector off and leaves it to this module). The few cycles made garbage
during the start are not collected.
"""

from __future__ import annotations

import gc

_paused = False  # the collector is off because of ``pause``


def pause() -> None:
    """Turn the collector off, if it is on."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Turn the collector back on if ``pause`` turned it off, what exists now frozen."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
        gc.freeze()
