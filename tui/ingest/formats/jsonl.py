"""``.jsonl``: one article per line: id, date, title, text, source, url, author (other keys
kept). Read line by line, so a file of any size takes the memory of its longest line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tui.ingest.formats.base import (
    MAX_ARTICLE_CHARS,
    RawArticle,
    clean_meta,
    decode,
    failed,
    one_line,
    read_capped,
    replaced_problem,
    sanitize,
    sanitize_counted,
)
from tui.ingest.formats.markdown import apply_meta
from tui.model import Problem

MAX_ID_CHARS = 200


def read_jsonl(path: Path, stem: str) -> Iterator[RawArticle]:
    """Every article of a JSON Lines file; a bad line is a problem, the rest loads."""
    spath = str(path)
    line_cap = MAX_ARTICLE_CHARS * 4  # bytes: the longest UTF-8 encoding of the longest text
    try:
        with path.open("rb") as f:
            head = f.read(2)
            if head in (b"\xff\xfe", b"\xfe\xff"):
                # UTF-16 cannot be split on b"\n": read it whole (bounded) and decode once.
                data, size = read_capped(path, line_cap)
                text, problems = decode(data, spath)
                if size > len(data):
                    problems.append(Problem(spath, f"UTF-16 file over {line_cap:,} bytes; cut"))
                yield from _lines(enumerate((text or "").split("\n"), 1), spath, stem, problems)
                return
            f.seek(0)
            yield from _lines(_decoded_lines(f, spath, line_cap), spath, stem, [])
    except OSError as err:
        yield failed(stem, spath, f"unreadable: {err.strerror or err}")


def _decoded_lines(f: Any, path: str, cap: int) -> Iterator[tuple[int, str | Problem]]:
    """(line number, text) for each line, or (line number, problem) for one that cannot be an
    article; a line that is not UTF-8 is decoded as cp1252, with a problem before it."""
    lineno = 0
    while True:
        chunk: bytes = f.readline(cap)
        if not chunk:
            return
        lineno += 1
        if len(chunk) == cap and not chunk.endswith(b"\n"):
            while True:  # skip the rest of an overlong line without holding it
                more: bytes = f.readline(cap)
                if not more or more.endswith(b"\n"):
                    break
            yield lineno, Problem(path, f"line over {cap:,} bytes, skipped", lineno)
            continue
        if lineno == 1 and chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]
        if b"\x00" in chunk:
            yield lineno, Problem(path, "NUL bytes in the line (binary data), skipped", lineno)
            continue
        try:
            yield lineno, chunk.decode("utf-8")
        except UnicodeDecodeError:
            text, problems = decode(chunk, path)
            yield lineno, Problem(path, problems[0].message.replace("(byte", "(line byte"), lineno)
            yield lineno, text or ""


def _lines(
    lines: Iterable[tuple[int, str | Problem]], path: str, stem: str, problems: list[Problem]
) -> Iterator[RawArticle]:
    """Articles of the decoded lines; ``problems`` (of the file, or of a line's decoding) ride
    on the next article, or on a stub at the end."""
    for lineno, line in lines:
        if isinstance(line, Problem):
            if line.message.startswith("not valid UTF-8"):
                problems.append(line)  # the line itself comes next, decoded as cp1252
            else:
                yield RawArticle(f"{stem}:{lineno}", path, "", problems=[line])
            continue
        if not line.strip():
            continue
        raw = _article(line, lineno, path, stem)
        raw.problems[:0] = problems
        problems = []
        yield raw
    if problems:
        yield RawArticle(stem, path, "", problems=problems)


def _article(line: str, lineno: int, path: str, stem: str) -> RawArticle:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return failed(f"{stem}:{lineno}", path, f"invalid JSON ({err.msg}), skipped", lineno)
    except RecursionError:
        return failed(f"{stem}:{lineno}", path, "JSON nested too deeply, skipped", lineno)
    if not isinstance(obj, dict):
        kind = type(obj).__name__
        return failed(f"{stem}:{lineno}", path, f"not a JSON object ({kind}), skipped", lineno)
    problems: list[Problem] = []
    text = obj.pop("text", None)
    if isinstance(text, str):
        text, replaced = sanitize_counted(text)
        if replaced:
            problems.append(replaced_problem(path, replaced, lineno))
    meta = clean_meta(obj, problems, path, lineno)
    if not isinstance(meta, dict):
        # Too big to keep as metadata: the known fields alone, each bounded by the line.
        meta = {
            k: clean_meta(obj.get(k), problems, path, lineno)
            for k in ("id", "date", "title", "source", "url", "author")
            if isinstance(obj.get(k), str)
        }
    article_id = _article_id(meta.get("id"), f"{stem}:{lineno}", path, lineno, problems)
    body = text if isinstance(text, str) else sanitize(str(text or ""))
    raw = RawArticle(article_id, path, body.strip("\n"))
    raw.problems.extend(problems)
    apply_meta(raw, meta, lineno)
    raw.problems = [
        p if p.line is not None else Problem(p.path, p.message, lineno) for p in raw.problems
    ]
    if len(raw.text) > MAX_ARTICLE_CHARS:
        raw.problems.append(
            Problem(
                path,
                f"text of {len(raw.text):,} characters; only the first {MAX_ARTICLE_CHARS:,} kept",
                lineno,
            )
        )
        raw.text = raw.text[:MAX_ARTICLE_CHARS]
    if not raw.text.strip():
        raw.problems.append(Problem(path, "empty text, skipped", lineno))
    return raw


def _article_id(value: object, fallback: str, path: str, line: int, problems: list[Problem]) -> str:
    """The line's own id when it is a usable one (a string or number, short, printable)."""
    if value is None or value == "":
        return fallback
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(
            Problem(path, f"id is a {type(value).__name__}, not a string; using {fallback!r}", line)
        )
        return fallback
    text = one_line(str(value))
    if not text or len(text) > MAX_ID_CHARS:
        problems.append(
            Problem(path, f"id empty or over {MAX_ID_CHARS} characters; using {fallback!r}", line)
        )
        return fallback
    return text
