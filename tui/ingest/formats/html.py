"""Saved web pages (``.html``, ``.htm``): the article's main text without menus, ads and
comments, through trafilatura (which calls htmldate for the date), with the kinds of its
blocks: paragraphs, subheadings (``<h2>``…), photo captions (``<figcaption>``).

The publication date keeps the precision the page declares (``article:published_time``,
JSON-LD ``datePublished``, ``<time itemprop=datePublished>``): "2025-03" stays a month. Failing
those, htmldate's reading of the page's markup gives a day; a date htmldate can only guess (from
the URL or the running text) keeps only its month, because it fills in a day it does not know.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from pathlib import Path
from typing import Any

from tui.ingest.formats import base
from tui.ingest.formats.base import (
    BlockText,
    RawArticle,
    decode,
    failed,
    one_line,
    parse_date,
    read_capped,
    safe_reason,
    sanitize,
)
from tui.model import PartialDate, Problem

# Fewer words of prose than this is a page with no article in it (a home page, a cookie wall,
# an error page): trafilatura then returns the menus it could not rule out.
MIN_ARTICLE_WORDS = 25
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_DATE_META = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date",
        "dc.date.issued",
        "dcterms.date",
        "dcterms.issued",
        "parsely-pub-date",
        "sailthru.date",
    }
)
_quiet = False


def read_html(path: Path, article_id: str) -> RawArticle:
    """One article from a saved page, or a stub with the reason there is none."""
    spath = str(path)
    try:
        data, size = read_capped(path, base.MAX_PAGE_FILE_BYTES, whole=True)
    except OSError as err:
        return failed(article_id, spath, f"unreadable: {err.strerror or err}")
    if size > base.MAX_PAGE_FILE_BYTES:
        return failed(
            article_id,
            spath,
            f"page of {size:,} bytes, over the {base.MAX_PAGE_FILE_BYTES:,}-byte limit; skipped",
        )
    text, problems = _decode(data, spath)
    del data
    if text is None:
        return failed(article_id, spath, problems[0].message)
    if not re.search(r"<(?:[a-zA-Z]|!--|!doctype)", text[:65536], re.I):
        return failed(article_id, spath, "no HTML markup in the file; skipped")
    complete = "</html>" in text[-4096:].lower() or "<html" not in text[:4096].lower()
    text = _lighten(text)
    if len(text) > base.MAX_PAGE_MARKUP_CHARS:
        return failed(
            article_id,
            spath,
            f"{len(text):,} characters of markup without scripts and embedded images, over "
            f"the {base.MAX_PAGE_MARKUP_CHARS:,} handed to the parser; skipped",
        )
    raw = _extract(text, spath, article_id)
    raw.problems[:0] = problems
    if raw.text and not complete:
        raw.problems.append(
            Problem(spath, "page cut short (no closing </html>); loaded what could be read")
        )
    return raw


# What a page saved "complete in one file" carries besides its text: inline scripts and styles
# (JSON-LD metadata excepted) and images embedded as data: URIs, often most of its bytes.
_SCRIPT_OR_STYLE = re.compile(
    r"(<(script|style)\b(?![^>]*ld\+json)[^>]*>).*?(</\2\s*>)", re.I | re.S
)
_DATA_URI = re.compile(r"data:[\w/+.-]{0,64};base64,[A-Za-z0-9+/=\s]{256,}")


def _lighten(text: str) -> str:
    """The page without what its extraction never reads, so the parser gets only markup."""
    text = _SCRIPT_OR_STYLE.sub(r"\1\3", text)
    return _DATA_URI.sub("data:,", text)


def _decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """The page's declared charset when it names a known one, else UTF-8 / cp1252."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _CHARSET.search(data[:4096])
        if m and b"\x00" not in data[:8192]:
            name = m.group(1).decode("ascii").lower()
            try:
                codec = codecs.lookup(name).name
            except LookupError:
                codec = ""
            if codec and codec not in ("utf-8", "utf-16", "utf-32"):
                try:
                    return data.decode(codec), []
                except UnicodeDecodeError:
                    pass  # mislabelled: let the usual decoding say what it found
    return decode(data, path)


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _control_ref(m: re.Match[str]) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    bad = code < 0x20 and code not in (9, 10, 13) or 0x7F <= code <= 0x9F
    return "&#xFFFD;" if bad or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else m.group(0)


def _extract(text: str, path: str, article_id: str) -> RawArticle:
    import trafilatura

    _silence_libraries()
    # Control characters, raw or as references (&#27;), are replaced before parsing: the
    # extractor's XML tree refuses them and would drop the whole page.
    text = _CHAR_REF.sub(_control_ref, sanitize(text))
    tree = trafilatura.load_html(text)
    if tree is None:
        return failed(article_id, path, "not HTML that can be parsed; skipped")
    captions = _captions(tree)
    declared = _declared_date(tree)
    try:
        doc = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_images=True,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, RecursionError) as err:  # defensive: a parser bug
        return failed(article_id, path, f"page could not be read ({safe_reason(err)}); skipped")
    if doc is None or isinstance(doc, dict) or doc.body is None:
        return failed(article_id, path, "no article text found in the page; skipped")
    title = one_line(doc.title or "") or None
    built = BlockText()
    _walk(doc.body, built, captions, title)
    words = built.prose_words()
    if words < MIN_ARTICLE_WORDS:
        return failed(
            article_id, path, f"no article text found in the page ({words} words of prose); skipped"
        )
    body, blocks = built.build()
    raw = RawArticle(article_id, path, body, title=title, blocks=blocks)
    raw.source = one_line(doc.sitename or "") or None
    raw.author = one_line(doc.author or "") or None
    raw.url = one_line(doc.url or "") or None
    raw.extra = {"format": "html"}
    if doc.description:
        raw.extra["description"] = one_line(doc.description)
    raw.date, how = _date(declared, doc.date, tree)
    if how:
        raw.extra["date_from"] = how
    return raw


def _walk(body: Any, built: BlockText, captions: dict[str, str], title: str | None) -> None:
    """trafilatura's output tree (``p``, ``head``, ``list/item``, ``quote``, ``graphic``) ->
    kinded blocks. A heading that repeats the title is the title, not a subheading."""
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            text = "".join(el.itertext())
            if not (title and one_line(text) == title):
                built.add("subheading", text)
        elif tag == "list":
            for item in el.iter("item"):
                built.add("paragraph", "".join(item.itertext()))
        elif tag == "graphic":
            caption = captions.get(el.get("src") or "")
            if caption:
                built.add("caption", caption)
        elif tag in ("p", "quote", "code"):
            built.add("paragraph", "".join(el.itertext()))
        elif tag and tag != "table":
            built.add("paragraph", "".join(el.itertext()))


def _captions(tree: Any) -> dict[str, str]:
    """Image source -> the text of the ``<figcaption>`` of its ``<figure>``: trafilatura keeps
    the image but not its caption."""
    found: dict[str, str] = {}
    for figure in tree.iter("figure"):
        caption = next(figure.iter("figcaption"), None)
        if caption is None:
            continue
        text = one_line(caption.text_content())
        for img in figure.iter("img"):
            for attr in ("src", "data-src"):
                src = img.get(attr)
                if src and text:
                    found.setdefault(src, text)
    return found


def _declared_date(tree: Any) -> PartialDate | None:
    """The publication date as the page declares it, at the precision it gives."""
    candidates: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and meta.get("content"):
            candidates.append(meta.get("content"))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            candidates.extend(_json_ld_dates(script.text))
    for time in tree.iter("time"):
        if (
            time.get("itemprop") == "datePublished" or time.get("pubdate") is not None
        ) and time.get("datetime"):
            candidates.append(time.get("datetime"))
    for value in candidates:
        try:
            date = parse_date(value)
        except ValueError:
            continue
        if date is not None:
            return date
    return None


def _json_ld_dates(source: str) -> list[str]:
    if len(source) > 200_000:
        return []
    try:
        data = json.loads(source)
    except (ValueError, RecursionError):
        return []
    found: list[str] = []
    stack: list[Any] = [data]
    seen = 0
    while stack and seen < 1000:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                found.append(value)
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _date(
    declared: PartialDate | None, found: str | None, tree: Any
) -> tuple[PartialDate | None, str | None]:
    if declared is not None:
        return declared, "metadata"
    if found:
        try:
            return parse_date(found), "htmldate"
        except ValueError:
            pass
    from htmldate import find_date

    guessed = find_date(tree, extensive_search=True, original_date=True)
    if guessed:
        try:
            day = parse_date(guessed)
        except ValueError:
            return None, None
        if day is not None and day.month is not None:
            return PartialDate(day.year, day.month), "guessed (month only)"
    return None, None


def _silence_libraries() -> None:
    """trafilatura, htmldate and friends log through ``logging``; with no handler set, Python
    prints their warnings to stderr, quoting bits of the page. Chronique reports problems
    itself."""
    global _quiet
    if _quiet:
        return
    for name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    _quiet = True
