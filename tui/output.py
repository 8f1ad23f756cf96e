"""What the command line prints and how it fails: the usage error and the JSON writer, shared by
the argument parser (tui/cli.py) and the commands (tui/commands.py), below both."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import Any


class UsageError(Exception):
    """A bad command line, a missing corpus or article: one line on stderr, exit status 2."""


# Characters JSON allows raw in a string but a terminal acts on (C1 controls such as CSI, DEL)
# or that cannot be encoded (lone surrogates): written as \u escapes, the same JSON value.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def _json_text(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump_json(value: Any) -> None:
    """``value`` as indented JSON on stdout, non-ASCII characters as they are (the contract of
    every ``--json`` output), except those a terminal would act on, escaped."""
    sys.stdout.write(_json_text(value))
    sys.stdout.write("\n")


def dump_json_rows(rows: Iterable[Any]) -> int:
    """The JSON array of ``rows``, written as they come: the same text as ``dump_json(list)``,
    without holding every row (a common word at 100,000 articles has millions of hits), and
    the first rows reach a reader (``| head``, ``jq``) before the last is made. Returns how
    many rows were written."""
    n = 0
    write = sys.stdout.write
    for row in rows:
        write("[\n  " if n == 0 else ",\n  ")
        write(_json_text(row).replace("\n", "\n  "))
        n += 1
    write("[]\n" if n == 0 else "\n]\n")
    return n
