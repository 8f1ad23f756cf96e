"""How the CLI writes text for people: what the output is (a terminal or a pipe), how wide, and
how strings from the corpus are made safe to print.

Every string that comes from the corpus (ids and paths from file names, titles, sentences) goes
through ``clean`` before it is written: a file named ``esc_<ESC>[31m.txt`` must not colour the
user's terminal. In a pipe, records are one line each and never wrapped, so ``grep`` and
``cut`` see whole records; in a terminal, text is wrapped to the terminal's width and mentions
are emphasised with bold and underline (not with marks a French reader takes for quotes),
unless NO_COLOR is set (https://no-color.org) or the terminal is dumb. Nothing here imports
textual.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

# C0 and C1 control characters, DEL, lone surrogates (undecodable bytes of a file name) and
# the bidirectional overrides that can reorder what a line shows. Newlines and tabs are
# included: in a record of one line they would split it.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_SPACES = {"\n": " ", "\t": " ", "\r": " "}
REPLACEMENT = "\ufffd"

_BOLD_UNDERLINE = "\x1b[1;4m"
_RESET = "\x1b[0m"


def clean(value: object) -> str:
    """``value`` as text that cannot drive a terminal: control characters (ESC included),
    lone surrogates and bidi overrides replaced by U+FFFD, newlines and tabs by a space."""
    text = "" if value is None else str(value)
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: _SPACES.get(m.group(), REPLACEMENT), text)


@dataclass(frozen=True)
class Terminal:
    """Where text output goes. ``width`` is None in a pipe (no wrapping)."""

    width: int | None
    styled: bool

    @property
    def is_terminal(self) -> bool:
        return self.width is not None

    def wrap(self, text: str, indent: str = "", hanging: str | None = None) -> str:
        """``text`` (already clean) wrapped to the terminal, or on one line in a pipe.
        ``indent`` starts the first line, ``hanging`` (default: ``indent``) the others."""
        if self.width is None:
            return indent + text
        return textwrap.fill(
            text,
            max(self.width - 1, 20),
            initial_indent=indent,
            subsequent_indent=indent if hanging is None else hanging,
            break_on_hyphens=False,
        )

    def row(self, fields: Sequence[str], widths: Sequence[int] = ()) -> str:
        """One record: columns two spaces apart, padded to ``widths``, the last field wrapped
        under itself, in a terminal; tab-separated on one line in a pipe (``cut -f``).
        ``fields`` are clean, so none holds a tab."""
        if self.width is None:
            return "\t".join(fields)
        last = len(fields) - 1
        head = "".join(
            f.ljust(widths[i]) + "  " if i < len(widths) else f + "  "
            for i, f in enumerate(fields[:last])
        )
        hanging = " " * len(head) if len(head) <= self.width // 2 else "  "
        return self.wrap(fields[last], head, hanging) if fields[last] else head

    def emphasis(self, text: str) -> str:
        """Bold and underlined in a colour terminal; as is otherwise."""
        return f"{_BOLD_UNDERLINE}{text}{_RESET}" if self.styled and text else text


def terminal(stream: TextIO | None = None) -> Terminal:
    """What ``stream`` (stdout by default) is: a terminal of some width, or a pipe or file."""
    stream = sys.stdout if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        return Terminal(None, False)
    width = shutil.get_terminal_size((100, 24)).columns
    styled = not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    return Terminal(max(width, 20), styled)


def emphasise_span(term: Terminal, text: str, start: int, end: int) -> str:
    """``text`` (clean) with ``text[start:end]`` emphasised, wrapped in a terminal.

    The emphasis is added after wrapping so that its escape codes do not count as width."""
    if not term.is_terminal or not term.styled or not 0 <= start < end <= len(text):
        return term.wrap(text, "  ")
    # Wrap with placeholders of the mention's width (no space inside, so it is never split
    # across lines and never shifted), then put the styled mention back.
    marker = "\ue000" * (end - start)
    wrapped = term.wrap(text[:start] + marker + text[end:], "  ")
    at = wrapped.find(marker)
    if at < 0 or wrapped.count(marker) != 1:  # a mention longer than a line was broken
        return term.wrap(text, "  ")
    return wrapped[:at] + term.emphasis(text[start:end]) + wrapped[at + len(marker) :]


# Records printed by default in a terminal: a person reads the first screens of 226,000
# mentions of a president, not all of them. A pipe and --json get every record by default:
# `| cut -f2 | sort | uniq -c` must count them all, and a program reading JSON does not read
# the stderr line that says some were left out.
TERMINAL_LIMIT = 200


def record_limit(limit: int | None, *, json: bool, term: Terminal | None = None) -> int | None:
    """How many records to print: ``--limit N`` as given (0: all, None); without it
    ``TERMINAL_LIMIT`` for text in a terminal, all in a pipe and as JSON."""
    if limit is not None:
        return limit or None
    if json:
        return None
    return TERMINAL_LIMIT if (term or terminal()).is_terminal else None


def more_line(left: int, *, at_least: bool = False) -> str:
    """The last line on stderr when ``--limit`` (or the terminal's default) left records out."""
    return f"{'at least ' if at_least else ''}{left} more (--limit 0 for all)"
