"""What the command line prints and how it fails: the usage error and the JSON writer, shared by
the argument parser (tui/cli.py) and the commands (tui/commands.py), below both."""

from __future__ import annotations

import json
import re
import sys
from typing import Any


class UsageError(Exception):
    """A bad command line, a missing corpus or article: one line on stderr, exit status 2."""


# Characters JSON allows raw in a string but a terminal acts on (C1 controls such as CSI, DEL)
# or that cannot be encoded (lone surrogates): written as \u escapes, the same JSON value.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def dump_json(value: Any) -> None:
    """``value`` as indented JSON on stdout, non-ASCII characters as they are (the contract of
    every ``--json`` output), except those a terminal would act on, escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")
