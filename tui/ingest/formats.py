"""Readers: files on disk -> raw articles (text and metadata), with problems reported.

Three formats:
- seed ``.txt``: a header `` date YYYY-MM[-DD] `` on the first line, directly followed by the
  lead; paragraphs split by blank lines.
- ``.md`` / ``.markdown``: optional YAML front matter (title, date, source, url, author, any
  extra keys kept), then the body.
- ``.jsonl``: one article per line: id, date, title, text, source, url (extra keys kept).

Readers never write anything and never raise on bad input: they return what could be read
and a list of ``Problem``. Nothing here knows about entities or structure.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui import safeyaml
from tui.model import PartialDate, Problem

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl")
# A single article larger than this is cut (with a warning): no news article is 5 MB of text,
# and a stray log or dump file must not stall the whole load.
MAX_ARTICLE_CHARS = 5_000_000

_SEED_HEADER = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\S+)[ \t]*")
# C0 controls except tab and newline, DEL, C1 controls; ESC is among them. Replaced one for one
# so the text keeps its length and every later span stays exact.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


@dataclass
class RawArticle:
    """What a reader found, before structure: the text and its metadata."""

    id: str
    path: str
    text: str
    date: PartialDate | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    extra: dict[Any, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def sanitize(text: str) -> str:
    """Normalise newlines and replace control characters (ESC included) one for one."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(REPLACEMENT, text)


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> text: UTF-8 (with or without BOM), else cp1252, saying so. None if binary."""
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return None, [Problem(path, "binary file (NUL bytes), skipped")]
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), [Problem(path, "decoded as UTF-16 (BOM)")]
        except UnicodeDecodeError:
            return None, [Problem(path, "undecodable UTF-16 file, skipped")]
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


def parse_date(value: object) -> PartialDate | None:
    """A metadata date -> PartialDate; accepts ISO strings, YAML dates, datetimes. ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and 1000 <= value <= 9999:
        return PartialDate(value)
    if isinstance(value, str):
        text = value.strip()
        # Full timestamps ("2025-07-15T10:00:00Z") keep their day.
        m = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]", text)
        if m:
            text = m.group(1)
        return PartialDate.parse(text)
    raise ValueError(f"not a date: {value!r}")


def discover(root: Path) -> list[Path]:
    """Article files under a folder (recursive, sorted, hidden entries skipped), or the file."""
    if root.is_file():
        return [root]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and name.lower().endswith(ARTICLE_SUFFIXES):
                found.append(Path(dirpath) / name)
    return found


def read_file(path: Path, article_id: str) -> Iterator[RawArticle]:
    """Every article in one file. Problems ride on the articles, or on a stub with no text."""
    spath = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        yield _failed(article_id, spath, f"unreadable: {err.strerror or err}")
        return
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(data, spath, article_id)
        return
    text, problems = decode(data, spath)
    if text is None:
        yield _failed(article_id, spath, problems[0].message)
        return
    if len(text) > MAX_ARTICLE_CHARS:
        problems.append(
            Problem(spath, f"{len(text):,} characters; only the first {MAX_ARTICLE_CHARS:,} kept")
        )
        text = text[:MAX_ARTICLE_CHARS]
    text = sanitize(text)
    if path.suffix.lower() in (".md", ".markdown"):
        raw = _read_markdown(text, spath, article_id)
    else:
        raw = _read_seed(text, spath, article_id)
    raw.problems[:0] = problems
    if not raw.text.strip():
        raw.problems.append(Problem(spath, "empty article, skipped"))
    yield raw


def _failed(article_id: str, path: str, message: str, line: int | None = None) -> RawArticle:
    return RawArticle(article_id, path, "", problems=[Problem(path, message, line)])


def _read_seed(text: str, path: str, article_id: str) -> RawArticle:
    m = _SEED_HEADER.match(text)
    if not m:
        raw = RawArticle(article_id, path, text.strip("\n"))
        if text.strip():
            raw.problems.append(Problem(path, "no ' date YYYY-MM[-DD] ' header; loaded undated", 1))
        return raw
    body = text[m.end() :]
    raw = RawArticle(article_id, path, body.rstrip())
    try:
        raw.date = PartialDate.parse(m.group(1))
    except ValueError:
        raw.problems.append(
            Problem(path, f"malformed date {m.group(1)!r} in header; loaded undated", 1)
        )
    return raw


def _read_markdown(text: str, path: str, article_id: str) -> RawArticle:
    meta: dict[Any, Any] = {}
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            block = text[4:end]
            body = text[end + 4 :].split("\n", 1)[1] if "\n" in text[end + 4 :] else ""
            try:
                loaded = safeyaml.safe_load(block)
            except safeyaml.YAMLError as err:
                mark = getattr(err, "problem_mark", None)
                line = mark.line + 2 if mark is not None else None
                raw = RawArticle(article_id, path, body.strip("\n"))
                raw.problems.append(Problem(path, f"malformed front matter: {_yaml_reason(err)}", line))
                return raw
            if isinstance(loaded, dict):
                meta = loaded
            elif loaded is not None:
                raw = RawArticle(article_id, path, body.strip("\n"))
                raw.problems.append(Problem(path, "front matter is not a mapping; ignored", 2))
                return raw
    raw = RawArticle(article_id, path, body.strip("\n"))
    _apply_meta(raw, meta, line=None)
    return raw


def _yaml_reason(err: safeyaml.YAMLError) -> str:
    problem = getattr(err, "problem", None)
    return str(problem or err).splitlines()[0]


_KNOWN_KEYS = ("id", "date", "title", "text", "source", "url", "author")


def _apply_meta(raw: RawArticle, meta: dict[Any, Any], line: int | None) -> None:
    """Copy known metadata keys onto the raw article; keep the rest in ``extra``."""
    try:
        raw.date = parse_date(meta.get("date"))
    except ValueError:
        raw.problems.append(
            Problem(raw.path, f"malformed date {meta.get('date')!r}; loaded undated", line)
        )
    for key in ("title", "source", "url", "author"):
        value = meta.get(key)
        if value is not None:
            setattr(raw, key, sanitize(str(value)).strip())
    raw.extra = {k: v for k, v in meta.items() if k not in _KNOWN_KEYS}


def _read_jsonl(data: bytes, path: str, stem: str) -> Iterator[RawArticle]:
    text, problems = decode(data, path)
    if text is None:
        yield _failed(stem, path, problems[0].message)
        return
    first = True
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield _failed(f"{stem}:{lineno}", path, f"invalid JSON ({err.msg}), skipped", lineno)
            continue
        if not isinstance(obj, dict):
            yield _failed(f"{stem}:{lineno}", path, "not a JSON object, skipped", lineno)
            continue
        article_id = str(obj.get("id") or f"{stem}:{lineno}")
        body = obj.get("text")
        raw = RawArticle(article_id, path, sanitize(str(body or "")).strip("\n"))
        if first:
            raw.problems.extend(problems)
            first = False
        _apply_meta(raw, obj, lineno)
        for p in raw.problems:
            if p.line is None:
                raw.problems[raw.problems.index(p)] = Problem(p.path, p.message, lineno)
        if not raw.text.strip():
            raw.problems.append(Problem(path, "empty text, skipped", lineno))
        yield raw
