"""Feeds (RSS 0.9x/1.0/2.0, Atom), through feedparser: every item is an article, with its
title, link, author, publication date (as written, in its own time zone) and its content (or
else its summary) with the markup removed. The feed's title is the source.

An item's id is the file's stem and a hash of its guid (else its link, else its title and
date): re-reading a feed file that has grown gives the old items the same ids."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from typing import Any

from tui.ingest.formats.base import (
    BlockText,
    RawArticle,
    failed,
    one_line,
    parse_date,
    safe_reason,
    sanitize,
    stable_id,
)
from tui.ingest.formats.fragment import fragment_blocks, fragment_text
from tui.model import PartialDate, Problem

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def read_feed(data: bytes, path: str, stem: str, well_formed: str | None) -> Iterator[RawArticle]:
    """The items of a feed. ``well_formed`` is None, or why the XML did not parse (the feed is
    then read leniently and the reason reported)."""
    import feedparser  # type: ignore[import-untyped]

    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    problems: list[Problem] = []
    if well_formed:
        problems.append(Problem(path, f"feed is {well_formed}; read leniently"))
    feed_title = fragment_text(parsed.feed.get("title", "")) if parsed.feed.get("title") else ""
    entries = parsed.entries
    if not entries:
        problems.append(Problem(path, "feed has no items; nothing loaded"))
        yield RawArticle(stem, path, "", problems=problems)
        return
    seen: set[str] = set()
    for n, entry in enumerate(entries, start=1):
        raw = _entry(entry, n, path, stem, feed_title)
        if raw.id in seen:
            raw = failed(raw.id, path, f"item {n} repeats the id of an earlier item; skipped")
        seen.add(raw.id)
        raw.problems[:0] = problems
        problems = []
        yield raw


def _entry(entry: Any, n: int, path: str, stem: str, feed_title: str) -> RawArticle:
    guid = one_line(entry.get("id") or "") or None
    link = one_line(entry.get("link") or "") or None
    title = fragment_text(entry.get("title") or "") or None
    # dict.get: feedparser's own get maps a missing 'updated' to 'published' with a warning
    when = dict.get(entry, "published") or dict.get(entry, "updated") or dict.get(entry, "created")
    try:
        article_id = stable_id(stem, guid, link, f"{title}\0{when}" if title else None)
    except ValueError:
        article_id = f"{stem}:{n}"
    built = BlockText()
    plain: str | None = None
    content = entry.get("content") or []
    body = content[0] if content else entry.get("summary_detail")
    if body is not None and body.get("value"):
        if any(t in (body.get("type") or "html") for t in _HTML_TYPES):
            fragment_blocks(body.get("value"), built)
        else:
            plain = sanitize(body.get("value")).strip("\n")
    raw = RawArticle(article_id, path, "", title=title, url=link)
    if plain is not None:
        raw.text = plain
    else:
        raw.text, raw.blocks = built.build()
    raw.author = one_line(entry.get("author") or "") or None
    source = entry.get("source") or {}
    raw.source = fragment_text(source.get("title") or "") or feed_title or None
    raw.extra = {"format": "feed"}
    if guid:
        raw.extra["guid"] = guid
    raw.date = _date(entry, when, n, path, raw.problems)
    if not raw.text.strip():
        raw.problems.append(
            Problem(path, f"item {n} has no text (no content nor summary); skipped")
        )
    return raw


def _date(
    entry: Any, when: str | None, n: int, path: str, problems: list[Problem]
) -> PartialDate | None:
    """The date as written (its own day, its precision); feedparser's reading (in UTC) when
    ours fails on a format it knows; else a problem."""
    if not when:
        return None
    try:
        return parse_date(when)
    except ValueError:
        pass
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = dict.get(entry, key)
        if isinstance(stamp, time.struct_time):
            try:
                return PartialDate(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            except ValueError:
                break
    problems.append(
        Problem(path, f"item {n}: unreadable date {safe_reason(when, 60)!r}; loaded undated")
    )
    return None
