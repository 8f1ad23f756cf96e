"""IPTC NITF (``<nitf>``, alone or inside a NewsML-G2 item): headline, byline, dateline,
dates, distributor or copyright holder, and the body's paragraphs (``<p>``), subheadings
(``<hl2>``) and photo captions (``<media-caption>`` with its ``<media-producer>`` credit)."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from tui.ingest.formats.base import BlockText, RawArticle, one_line, parse_date
from tui.ingest.formats.xmltree import kid, local, text
from tui.model import PartialDate, Problem

_BYLINE_PREFIX = re.compile(r"^(?:par|by|de)\s+", re.I)


def read_nitf(root: Element, path: str, article_id: str) -> RawArticle:
    """One article from a ``<nitf>`` document."""
    head, body = kid(root, "head"), kid(root, "body")
    body_head = kid(body, "body.head")
    built = BlockText()
    dateline = one_line(text(kid(body_head, "dateline")))
    body_blocks(kid(body, "body.content"), built, dateline)
    raw = RawArticle(article_id, path, "")
    raw.text, raw.blocks = built.build()
    raw.title = (
        one_line(text(kid(body_head, "hedline", "hl1")))
        or one_line(text(kid(head, "title")))
        or None
    )
    raw.author = byline(text(kid(body_head, "byline"))) or None
    raw.source = (
        one_line(text(kid(body_head, "distributor")))
        or one_line((kid(head, "docdata", "doc.copyright") or Element("x")).get("holder") or "")
        or None
    )
    raw.extra = {"format": "nitf"}
    if dateline:
        raw.extra["dateline"] = dateline
    subtitle = one_line(text(kid(body_head, "hedline", "hl2")))
    if subtitle:
        raw.extra["subtitle"] = subtitle
    doc_id = kid(head, "docdata", "doc-id")
    if doc_id is not None and doc_id.get("id-string"):
        raw.extra["doc_id"] = one_line(doc_id.get("id-string") or "")
    raw.date = _date(head, body_head, raw.problems, path)
    return raw


def _date(
    head: Element | None, body_head: Element | None, problems: list[Problem], path: str
) -> PartialDate | None:
    """date.issue, else date.release, else the dateline's story.date, else pubdata's date."""
    candidates = [
        kid(head, "docdata", "date.issue"),
        kid(head, "docdata", "date.release"),
        kid(body_head, "dateline", "story.date"),
    ]
    values = [c.get("norm") for c in candidates if c is not None]
    pubdata = kid(head, "pubdata")
    if pubdata is not None:
        values.append(pubdata.get("date.publication"))
    for value in values:
        if not value:
            continue
        try:
            return parse_date(value)
        except ValueError:
            problems.append(Problem(path, f"malformed date {value!r}; tried the next one"))
    return None


def body_blocks(content: Element | None, built: BlockText, dateline: str = "") -> None:
    """The blocks of a ``<body.content>``; the dateline opens the first paragraph, as on the
    wire ("PÉKIN, 15 juil 2025 (AFP) - ..."), unless the paragraph already starts with it."""
    if content is None:
        return
    pending = [dateline]

    def paragraph(value: str) -> None:
        value = one_line(value)
        if pending[0] and value:
            first_word = pending[0].split()[0].rstrip(",").lower()
            if not value.lower().startswith(first_word):
                value = f"{pending[0]} - {value}"
            pending[0] = ""
        built.add("paragraph", value)

    def walk(el: Element) -> None:
        for child in el:
            name = local(child.tag)
            if name == "p":
                paragraph(text(child))
            elif name.startswith("hl") or name in ("h1", "h2", "h3", "h4"):
                built.add("subheading", text(child))
            elif name == "media":
                caption = one_line(text(kid(child, "media-caption")))
                credit = one_line(text(kid(child, "media-producer")))
                if caption:
                    built.add("caption", f"{caption} ( {credit} )" if credit else caption)
            elif name in ("block", "bq", "blockquote", "ul", "ol", "div"):
                walk(child)
            elif name == "li":
                paragraph(text(child))
            # tables, notes and anything else carry no prose

    walk(content)


def byline(value: str) -> str:
    """ "Par Jean Dupont" -> "Jean Dupont"."""
    return _BYLINE_PREFIX.sub("", one_line(value))
