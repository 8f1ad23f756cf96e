"""Seed ``.txt``: a header `` date YYYY-MM[-DD] `` on the first line, directly followed by the
lead; paragraphs separated by blank lines (the structure splitter finds their kinds)."""

from __future__ import annotations

import re

from tui.ingest.formats.base import RawArticle
from tui.model import PartialDate, Problem

_SEED_HEADER = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\S+)[ \t]*")


def read_seed(text: str, path: str, article_id: str) -> RawArticle:
    """One article from sanitized text."""
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
