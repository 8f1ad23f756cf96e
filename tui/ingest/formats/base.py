"""What every reader shares: the raw article, text cleaning, decoding, dates, bounded reads.

Readers never write anything and never raise on bad input: they return what could be read and
a list of ``Problem``. Problem messages never quote a file's content raw (``repr`` at most), so
no byte of a bad file reaches a terminal through them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.model import Block, PartialDate, Problem

# A single article larger than this is cut (with a warning): no news article is 5 MB of text,
# and a stray log or dump file must not stall the whole load.
MAX_ARTICLE_CHARS = 5_000_000
# Markup (HTML, XML, feeds) larger than this is not handed to a parser at all: a parsed tree
# takes ~10x the bytes in memory, and no saved news page or agency file is this big.
MAX_MARKUP_BYTES = 16_000_000
# A saved page is read whole up to this size (pages saved in one file embed their images),
# then handed to the HTML parser only if its markup, without scripts, styles and embedded
# images, fits in MAX_PAGE_MARKUP_CHARS: parsing and extraction take ~25x that in memory.
MAX_PAGE_FILE_BYTES = 32_000_000
MAX_PAGE_MARKUP_CHARS = 8_000_000
# Metadata (front matter, JSON fields, agency extras) larger than this many values is dropped:
# a YAML alias bomb is a few lines that expand to billions of values.
MAX_META_NODES = 2_000
MAX_META_DEPTH = 20

# C0 controls except tab and newline, DEL, C1 controls (ESC is among them), and UTF-16
# surrogates: in a Python string any surrogate is unpaired (a JSON "\ud800", say) and could
# never be written as UTF-8 again. Replaced one for one so the text keeps its length and every
# later span stays exact.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
REPLACEMENT = "\ufffd"
# Runs of layout whitespace inside one paragraph of markup (not the no-break space, which
# French typography puts before « » : ; ! ?).
_LAYOUT_SPACE = re.compile(r"[ \t\r\n\f\v]+")


@dataclass
class RawArticle:
    """What a reader found, before structure: the text and its metadata.

    ``blocks`` is set by readers of structured formats (HTML, agency XML, feeds), which know
    each paragraph's kind from the markup; for plain text it is None and the structure
    splitter derives the blocks from blank lines.
    """

    id: str
    path: str
    text: str
    date: PartialDate | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    blocks: list[Block] | None = None


# The bytes of the control characters: C0 (tab and newline aside) and DEL, and C1 in Latin-1;
# in UTF-8 a C1 character is 0xc2 and a byte 0x80-0x9f (0xc2 leads nothing else there).
_C0_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_C0_C1_BYTES = _C0_BYTES + bytes(range(0x80, 0xA0))
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def _holds_control(text: str) -> bool:
    """Whether ``_CONTROL`` matches in ``text``: told in C several times faster than by the
    regex (which tests its set at every character), as whether deleting the control bytes
    from the text's bytes leaves fewer. A lone surrogate cannot be encoded at all."""
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        return len(data.translate(None, _C0_C1_BYTES)) != len(data)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return len(data.translate(None, _C0_BYTES)) != len(data) or _C1_UTF8.search(data) is not None


def sanitize(text: str) -> str:
    """Normalise newlines; replace control characters (ESC included) and lone surrogates one
    for one."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(REPLACEMENT, text) if _holds_control(text) else text


def sanitize_counted(text: str) -> tuple[str, int]:
    """``sanitize``, and how many characters it replaced (newline normalisation aside)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.subn(REPLACEMENT, text) if _holds_control(text) else (text, 0)


def replaced_problem(path: str, count: int, line: int | None = None) -> Problem:
    return Problem(
        path, f"{count:,} control character(s) or lone surrogate(s) replaced by U+FFFD", line
    )


def one_line(text: str) -> str:
    """A metadata value or a paragraph of markup as one clean line."""
    return _LAYOUT_SPACE.sub(" ", sanitize(text)).strip()


def failed(article_id: str, path: str, message: str, line: int | None = None) -> RawArticle:
    """A stub carrying only a problem: the file (or line) gave no article."""
    return RawArticle(article_id, path, "", problems=[Problem(path, message, line)])


def safe_reason(message: object, limit: int = 160) -> str:
    """A parser's error message, fit to print: one line, no control characters, bounded."""
    text = one_line(str(message))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> text: UTF-8 (with or without BOM), else cp1252, saying so. None if binary."""
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return None, [Problem(path, "binary file (NUL bytes), skipped")]
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            # A lone surrogate passes here and is replaced by sanitize, like a control
            # character, rather than failing the whole file.
            text = data.decode("utf-16", errors="surrogatepass")
        except UnicodeDecodeError:
            return None, [Problem(path, "undecodable UTF-16 file, skipped")]
        if "\x00" in text[:4096]:
            return None, [Problem(path, "binary file (NUL characters in UTF-16), skipped")]
        return text, [Problem(path, "decoded as UTF-16 (BOM)")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        at = err.start
    try:
        text = data.decode("cp1252")
        return text, [Problem(path, f"not valid UTF-8 (byte {at}); decoded as cp1252")]
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        return text, [Problem(path, f"not valid UTF-8 (byte {at}); undecodable bytes replaced")]


def read_capped(path: Path, limit: int, whole: bool = False) -> tuple[bytes, int]:
    """At most ``limit`` bytes of a file, and its size. With ``whole``, a file over the limit
    is not read at all (b"" is returned): markup cut in the middle is not worth parsing.
    OSError passes through."""
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        if whole and size > limit:
            return b"", size
        want = limit + 1 if whole else limit
        # Ask for what the stat promises (and a byte more, to see growth): read(n) allocates n
        # bytes up front, megabytes for every small article otherwise.
        data = f.read(min(want, size + 1))
        if size < len(data) < want:  # grown since the stat: read on to the limit
            data += f.read(want - len(data))
        if len(data) > limit:  # grown since the stat
            return b"", max(size, len(data))
        if len(data) == limit and not whole:
            size = max(size, f.seek(0, 2))
    return data, max(size, len(data))


def cut_utf8(data: bytes) -> bytes:
    """Bytes cut at an arbitrary point, minus a trailing incomplete UTF-8 sequence."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return data
        if byte >= 0xC0:  # a lead byte: complete only if its sequence fits
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data if back >= need else data[:-back]
    return data


_ISO_TIMESTAMP = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ]|$)")


def parse_date(value: object) -> PartialDate | None:
    """A metadata date -> PartialDate at the precision given; accepts ISO strings and
    timestamps, compact ISO (NITF's ``20250715T093000+0200``), RFC 822 (RSS), YAML dates and
    datetimes. A timestamp keeps the day it names in its own time zone. ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)
    if isinstance(value, str):
        text = value.strip()
        m = _ISO_TIMESTAMP.match(text)
        if m:
            return PartialDate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        try:
            return PartialDate.parse(text)
        except ValueError:
            pass
        import email.utils  # RFC 822 dates (feeds) only: the module costs ~10 ms to import

        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError) as err:
            raise ValueError(f"not a date: {value!r}") from err
        return PartialDate(when.year, when.month, when.day)
    raise ValueError(f"not a date: {value!r}")


class _TooBig(Exception):
    pass


def clean_meta(value: Any, problems: list[Problem], path: str, line: int | None = None) -> Any:
    """Metadata as plain data with every string sanitized, or None (with a problem) when it is
    too big or too deep to be an article's metadata: an alias bomb or a self-referencing
    document must not expand when the cache writes it."""
    budget = [MAX_META_NODES]

    def walk(v: Any, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0 or depth > MAX_META_DEPTH:
            raise _TooBig
        if isinstance(v, str):
            return sanitize(v)
        if isinstance(v, dict):
            return {
                (sanitize(k) if isinstance(k, str) else k): walk(x, depth + 1) for k, x in v.items()
            }
        if isinstance(v, list | tuple):
            return [walk(x, depth + 1) for x in v]
        return v

    try:
        return walk(value, 0)
    except (_TooBig, RecursionError):
        problems.append(
            Problem(
                path,
                f"metadata too large or too deeply nested (over {MAX_META_NODES:,} "
                f"values or {MAX_META_DEPTH} levels); ignored",
                line,
            )
        )
        return None


def stable_id(stem: str, *keys: str | None) -> str:
    """An id for one article of a many-article file (feed, agency message), derived from its
    own identifier (guid, link): the same item keeps its id when the file grows."""
    key = next((k for k in keys if k), None)
    if key is None:
        raise ValueError("no key")
    return f"{stem}:{hashlib.sha1(key.encode('utf-8', 'replace')).hexdigest()[:10]}"


class BlockText:
    """Builds an article's text from pieces whose kinds the markup gives: pieces joined by a
    blank line (so the text reads like a plain-text article), each one a block."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._kinds: list[tuple[str, int, int]] = []
        self._pos = 0

    def add(self, kind: str, text: str) -> None:
        piece = one_line(text)
        if not piece:
            return
        if self._parts:
            self._parts.append("\n\n")
            self._pos += 2
        self._parts.append(piece)
        self._kinds.append((kind, self._pos, self._pos + len(piece)))
        self._pos += len(piece)

    @property
    def kinds(self) -> list[tuple[str, int, int]]:
        return list(self._kinds)

    def prose_words(self) -> int:
        text = "".join(self._parts)
        return sum(len(text[s:e].split()) for k, s, e in self._kinds if k == "paragraph")

    def build(self) -> tuple[str, list[Block]]:
        from tui.ingest.structure import blocks_from_kinds

        text = "".join(self._parts)
        return text, blocks_from_kinds(text, self._kinds)
