"""What the command line prints and how it fails: the usage error and the JSON writer, shared by
the argument parser (tui/cli.py) and the commands (tui/commands.py), below both."""

from __future__ import annotations

import json
import sys
from typing import Any


class UsageError(Exception):
    """A bad command line, a missing corpus or article: one line on stderr, exit status 2."""


def dump_json(value: Any) -> None:
    """``value`` as indented JSON on stdout, non-ASCII characters as they are (the contract of
    every ``--json`` output)."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
