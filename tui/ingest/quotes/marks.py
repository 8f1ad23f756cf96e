"""Pairing quote marks: « guillemets », “curly” and straight "quotes" in one scan."""

from __future__ import annotations

import re
from typing import Any

from tui.ingest.quotes.lexicon import SPACE

_MARKS = '"«»“”„'
_OPEN_PREV = set(SPACE + "([{'’«—–-/\n")
_CLOSE_NEXT = set(SPACE + ",.;:!?)]}»…'’-–—\n")
_BAD_OPEN_NEXT = set(",.;:!?)]}»…")


# ---------------------------------------------------------------------------------------------
# Quote marks
# ---------------------------------------------------------------------------------------------

_OPEN, _CLOSE, _EITHER = 1, 2, 3


def _direction(text: str, i: int) -> int:
    """Whether a straight quote at ``i`` opens or closes, judged by its neighbours."""
    prev = text[i - 1] if i else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    opener = prev in _OPEN_PREV and nxt not in _CLOSE_NEXT
    closer = prev not in _OPEN_PREV and nxt in _CLOSE_NEXT
    if nxt in _BAD_OPEN_NEXT:
        opener = False
        closer = closer or prev not in "([{"
    if opener and not closer:
        return _OPEN
    if closer and not opener:
        return _CLOSE
    return _EITHER


_OPENING_OF = {"«": "«", "“": "“", '"': '"'}
_PARAGRAPH_GAP = re.compile(r"[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)*[ \t\u00a0]*")


def _goes_on(text: str, newline: int, stack: list[list[Any]]) -> int:
    """Where the next paragraph reopens the one open quotation, or -1.

    French runs a quotation over paragraphs by opening each new one with a quote mark and
    closing only the last: the open quotation's paragraph must end a sentence, and the next
    must start with the same mark."""
    if len(stack) != 1 or stack[0][0] not in _OPENING_OF:
        return -1
    before = text[max(stack[0][1], newline - 3) : newline].rstrip(" \t\u00a0")
    if not before.endswith((".", "!", "?", "…")):
        return -1
    gap = _PARAGRAPH_GAP.match(text, newline)
    nxt = gap.end() if gap else newline + 1
    return nxt if text[nxt : nxt + 1] == _OPENING_OF[stack[0][0]] else -1


def _mark_positions(text: str) -> list[int]:
    """Where the quote marks are, in text order: each kind found with ``str.find``, which
    skips through the text far faster than a regex set tested at every character (and a
    text holds two or three kinds of marks, a few dozen in all)."""
    out = []
    for mark in _MARKS:
        i = text.find(mark)
        while i >= 0:
            out.append(i)
            i = text.find(mark, i + 1)
    out.sort()
    return out


def pair_quote_marks(text: str) -> list[tuple[int, int]]:
    """Positions (open mark, close mark) of the outermost quotations, in text order.

    One pass over the marks with a small stack per paragraph. « and “ always open, » and ”
    close their own kind; a straight quote opens or closes by its neighbours, and toggles
    when they do not tell (inner spaces: ``" renforcer "``). A straight quote that clearly
    opens while another is open drops the earlier one (unbalanced). Whatever is still open
    at a newline is dropped, unless the next paragraph reopens it (a quotation over several
    paragraphs); quotations closed inside a dropped one are kept.
    """
    out: list[tuple[int, int]] = []
    # Entries: [kind, position, quotations closed inside it]
    stack: list[list[Any]] = []

    def drop(j: int) -> None:
        # Drop stack[j:], promoting the quotations found inside the dropped openers.
        inner: list[tuple[int, int]] = []
        for entry in stack[j:]:
            inner.extend(entry[2])
        del stack[j:]
        if j == 0:
            out.extend(inner)
        else:
            stack[j - 1][2].extend(inner)

    def close(kinds: str, i: int) -> bool:
        for j in range(len(stack) - 1, -1, -1):
            if stack[j][0] in kinds:
                pos = stack[j][1]
                drop(j + 1)
                del stack[j]
                if j == 0:
                    out.append((pos, i))
                else:
                    stack[j - 1][2].append((pos, i))
                return True
        return False

    carried = -1  # the opening mark of a paragraph that goes on a quotation
    seen = 0  # the newlines before this are read
    for i in _mark_positions(text):
        # The newlines since the previous mark: they matter only while a quotation is open
        # (most are read past in C). Those after the last mark change nothing: whatever is
        # open then is dropped below all the same.
        while stack:
            newline = text.find("\n", seen, i)
            if newline < 0:
                break
            seen = newline + 1
            if carried < newline:
                nxt = _goes_on(text, newline, stack)
                if nxt >= 0:
                    carried = nxt  # one quotation over paragraphs: « … .\n\n« … »
                else:
                    drop(0)
        seen = i + 1
        c = text[i]
        if i == carried:
            continue
        if c == "«":
            stack.append(["«", i, []])
        elif c == "»":
            close("«", i)
        elif c == "„":
            stack.append(["“", i, []])
        elif c == "“":
            if stack and stack[-1][0] == "“" and _direction(text, i) == _CLOSE:
                close("“", i)
            else:
                stack.append(["“", i, []])
        elif c == "”":
            if not close("“”", i) and _direction(text, i) == _OPEN:
                stack.append(["”", i, []])
        else:  # straight quote
            d = _direction(text, i)
            top = stack[-1][0] if stack else None
            if d == _OPEN:
                if top == '"':
                    drop(len(stack) - 1)
                stack.append(['"', i, []])
            elif d == _CLOSE:
                close('"', i)
            elif top == '"':
                close('"', i)
            else:
                stack.append(['"', i, []])
    if stack:
        drop(0)
    out.sort()
    return out
