"""Readers: files on disk -> raw articles (text, metadata, and block kinds when the markup
gives them), with problems reported. One module per format; this one picks the reader:

- ``.txt`` (seed header), ``.md``/``.markdown`` (YAML front matter), ``.jsonl`` (one article a
  line): plain text, structured later by the splitter;
- ``.html``/``.htm``: saved web pages (trafilatura);
- ``.xml``: by its root element, NewsML-G2 (``newsItem``/``newsMessage``), NITF (``nitf``) or a
  feed (``rss``, ``feed``, ``RDF``); ``.rss``/``.atom``: feeds (feedparser).

Any other file is listed as skipped. Readers never write anything and never raise on bad
input: they yield what could be read, and problems ride on the articles (or on a stub with no
text). Heavy parsers are imported only when a file needs them: a warm start from the cache
imports none of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tui.ingest.filetypes import (
    ARTICLE_SUFFIXES,
    HTML_SUFFIXES,
    PLAIN_SUFFIXES,
    XML_SUFFIXES,
    is_article_file,
    is_page_assets,
)
from tui.ingest.formats import base
from tui.ingest.formats.base import (
    MAX_ARTICLE_CHARS,
    MAX_MARKUP_BYTES,
    REPLACEMENT,
    RawArticle,
    cut_utf8,
    decode,
    failed,
    parse_date,
    read_capped,
    replaced_problem,
    sanitize,
    sanitize_counted,
)
from tui.model import Problem

_FEED_ROOTS = ("rss", "feed", "RDF")
_NEWSML_ROOTS = ("newsItem", "newsMessage")


def discover(root: Path) -> list[Path]:
    """Files under a folder (recursive, sorted, hidden entries and saved pages' asset folders
    skipped), or the file: article files and the others, which ``read_file`` lists as
    skipped."""
    if root.is_file():
        return [root]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        names = {n for n in filenames if not n.startswith(".")}
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not is_page_assets(d, names)
        )
        for name in sorted(filenames):
            if not name.startswith("."):
                found.append(Path(dirpath) / name)
    return found


def read_file(path: Path, article_id: str) -> Iterator[RawArticle]:
    """Every article in one file. Problems ride on the articles, or on a stub with no text."""
    suffix = path.suffix.lower()
    spath = str(path)
    if suffix == ".jsonl":
        from tui.ingest.formats.jsonl import read_jsonl

        yield from read_jsonl(path, article_id)
    elif suffix in HTML_SUFFIXES:
        from tui.ingest.formats.html import read_html

        yield from _guarded(article_id, spath, lambda: [read_html(path, article_id)])
    elif suffix in XML_SUFFIXES:
        yield from _guarded(article_id, spath, lambda: _read_xml(path, article_id))
    elif suffix in PLAIN_SUFFIXES:
        yield _read_plain(path, article_id, suffix)
    else:
        kind = f"'{suffix}'" if suffix else "without an extension"
        yield failed(article_id, spath, f"not a corpus format (a file {kind}); skipped")


def _guarded(
    article_id: str, path: str, produce: Callable[[], Iterable[RawArticle]]
) -> list[RawArticle]:
    """A markup reader's articles, all or none: hostile markup that makes a parser fail (a
    tree nested 100,000 deep, a parser's own bug) is a problem with the file, not a crash of
    the load."""
    try:
        return [_checked(raw) for raw in produce()]
    except RecursionError:
        return [failed(article_id, path, "markup nested too deeply; skipped")]
    except Exception as err:  # noqa: BLE001 - third-party parsers on arbitrary input
        return [failed(article_id, path, f"could not be read ({type(err).__name__}); skipped")]


def _read_plain(path: Path, article_id: str, suffix: str) -> RawArticle:
    spath = str(path)
    cap = base.MAX_ARTICLE_CHARS * 4  # bytes: the longest UTF-8 encoding of the longest text
    try:
        data, size = read_capped(path, cap)
    except OSError as err:
        return failed(article_id, spath, f"unreadable: {err.strerror or err}")
    if size > len(data):
        data = cut_utf8(data)
    text, problems = decode(data, spath)
    if text is None:
        return failed(article_id, spath, problems[0].message)
    if len(text) > base.MAX_ARTICLE_CHARS or size > len(data):
        problems.append(
            Problem(
                spath, f"{size:,} bytes; only the first {base.MAX_ARTICLE_CHARS:,} characters kept"
            )
        )
        text = text[: base.MAX_ARTICLE_CHARS]
    text, replaced = sanitize_counted(text)
    if replaced:
        problems.append(replaced_problem(spath, replaced))
    if suffix in (".md", ".markdown"):
        from tui.ingest.formats.markdown import read_markdown

        raw = read_markdown(text, spath, article_id)
    else:
        from tui.ingest.formats.txt import read_seed

        raw = read_seed(text, spath, article_id)
    raw.problems[:0] = problems
    return _checked(raw)


def _read_xml(path: Path, stem: str) -> Iterator[RawArticle]:
    from tui.ingest.formats import xmltree

    spath = str(path)
    try:
        data, size = read_capped(path, base.MAX_MARKUP_BYTES, whole=True)
    except OSError as err:
        yield failed(stem, spath, f"unreadable: {err.strerror or err}")
        return
    if size > base.MAX_MARKUP_BYTES:
        yield failed(
            stem, spath, f"{size:,} bytes, over the {base.MAX_MARKUP_BYTES:,}-byte limit; skipped"
        )
        return
    if not data.strip():
        yield failed(stem, spath, "empty file, skipped")
        return
    root, why = xmltree.parse(data)
    name = xmltree.local(root.tag) if root is not None else xmltree.sniff_root(data)
    if root is None and (why is None or not why.startswith("not well-formed")):
        yield failed(stem, spath, f"{why}; skipped")  # a bomb or an external entity
        return
    if name in _FEED_ROOTS:
        from tui.ingest.formats.feed import read_feed

        yield from read_feed(data, spath, stem, why)
    elif root is None:
        yield failed(stem, spath, f"{why}; skipped")
    elif name in _NEWSML_ROOTS:
        from tui.ingest.formats.newsml import read_newsml

        yield from read_newsml(root, spath, stem)
    elif name == "nitf":
        from tui.ingest.formats.nitf import read_nitf

        yield read_nitf(root, spath, stem)
    else:
        shown = base.safe_reason(name or "?", 40)
        yield failed(stem, spath, f"XML root <{shown}> is not NewsML-G2, NITF or a feed; skipped")


def _checked(raw: RawArticle) -> RawArticle:
    """The last word on every reader's result: no empty article goes on unreported, and no
    article is longer than the cap."""
    if raw.text and len(raw.text) > base.MAX_ARTICLE_CHARS:
        raw.problems.append(
            Problem(
                raw.path,
                f"{len(raw.text):,} characters; only the first {base.MAX_ARTICLE_CHARS:,} kept",
            )
        )
        raw.text = raw.text[: base.MAX_ARTICLE_CHARS]
        if raw.blocks is not None:
            raw.blocks = [b for b in raw.blocks if b.end <= len(raw.text)]
    if not raw.text.strip() and not any("skipped" in p.message for p in raw.problems):
        raw.problems.append(Problem(raw.path, "empty article, skipped"))
    return raw


__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_CHARS",
    "MAX_MARKUP_BYTES",
    "REPLACEMENT",
    "RawArticle",
    "decode",
    "discover",
    "is_article_file",
    "is_page_assets",
    "parse_date",
    "read_file",
    "sanitize",
]
