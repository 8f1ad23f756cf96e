"""How long-running core work (ingest, cache, load) tells the caller about itself: a progress
callback, a warning callback, and the default warning, one line on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable

# progress(done, total, phase): phase names the step ("scanning", "ingesting", "indexing"...);
# (0, 0, "done") ends a progress display.
Progress = Callable[[int, int, str], None]
Warn = Callable[[str], None]


def stderr_warn(message: str) -> None:
    """The default Warn: ``chronique: warning: ...`` on stderr."""
    print(f"chronique: warning: {message}", file=sys.stderr)
