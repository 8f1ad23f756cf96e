"""IPTC NewsML-G2: a ``<newsItem>`` is one article; a ``<newsMessage>`` carries several
(``itemSet``), each one an article. From each text item: the headline, dateline, byline,
creditline (else the info source or provider), firstCreated (else contentCreated, else
versionCreated) as the date, and the body: NITF or XHTML in ``inlineXML``, or plain
``inlineData``. Picture, video and package items are not articles and are passed over."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from tui.ingest.formats.base import (
    BlockText,
    RawArticle,
    failed,
    one_line,
    parse_date,
    sanitize,
    stable_id,
)
from tui.ingest.formats.fragment import fragment_blocks
from tui.ingest.formats.nitf import body_blocks, byline
from tui.ingest.formats.xmltree import kid, kids, local, text
from tui.model import Problem

_NON_TEXT = ("picture", "graphic", "video", "audio", "composite")


def read_newsml(root: Element, path: str, stem: str) -> Iterator[RawArticle]:
    """The articles of a newsItem (id: the file's stem) or a newsMessage (id: stem + a hash of
    each item's guid, so an item keeps its id when the message grows)."""
    if local(root.tag) == "newsItem":
        items = [root]
    else:
        items = [el for el in root.iter() if local(el.tag) == "newsItem"]
    texts = [it for it in items if not _is_media(it)]
    if not texts:
        yield failed(stem, path, "no text item in the NewsML-G2 file; skipped")
        return
    seen: set[str] = set()
    for n, item in enumerate(texts, start=1):
        if local(root.tag) == "newsItem":
            article_id = stem
        else:
            guid = item.get("guid")
            article_id = stable_id(stem, guid) if guid else f"{stem}:{n}"
            if article_id in seen:
                yield failed(
                    article_id, path, f"item {n} repeats the guid of an earlier item; skipped"
                )
                continue
            seen.add(article_id)
        yield _item(item, path, article_id)


def _is_media(item: Element) -> bool:
    cls = kid(item, "itemMeta", "itemClass")
    qcode = (cls.get("qcode") or cls.get("uri") or "") if cls is not None else ""
    return any(kind in qcode.lower() for kind in _NON_TEXT)


def _item(item: Element, path: str, article_id: str) -> RawArticle:
    meta, content = kid(item, "itemMeta"), kid(item, "contentMeta")
    raw = RawArticle(article_id, path, "")
    dateline = one_line(text(kid(content, "dateline")))
    _body(item, raw, dateline)
    raw.title = next((h for h in _texts(content, "headline") if h), None)
    by = one_line(text(kid(content, "by")))
    creator = kid(content, "creator")
    creator_name = (
        one_line(text(kid(creator, "name"))) or one_line(creator.get("literal") or "")
        if creator is not None
        else ""
    )
    raw.author = byline(by) or creator_name or None
    raw.source = (
        one_line(text(kid(content, "creditline")))
        or _named(kid(content, "infoSource"))
        or _named(kid(meta, "provider"))
        or None
    )
    raw.extra = {"format": "newsml-g2"}
    for key, value in (
        ("guid", item.get("guid")),
        ("version", item.get("version")),
        ("dateline", dateline),
        ("versionCreated", text(kid(meta, "versionCreated"))),
        ("language", (kid(content, "language") or Element("x")).get("tag")),
    ):
        if value:
            raw.extra[key] = one_line(value)
    for where, name in (
        (meta, "firstCreated"),
        (content, "contentCreated"),
        (meta, "versionCreated"),
    ):
        value = one_line(text(kid(where, name)))
        if not value:
            continue
        try:
            raw.date = parse_date(value)
            break
        except ValueError:
            raw.problems.append(Problem(path, f"malformed {name} {value!r}; tried the next date"))
    if not raw.text.strip():
        raw.problems.append(Problem(path, f"item {article_id!r} has no inline text; skipped"))
    return raw


def _body(item: Element, raw: RawArticle, dateline: str) -> None:
    content_set = kid(item, "contentSet")
    if content_set is None:
        return
    for inline in kids(content_set, "inlineXML"):
        for root in inline:
            built = BlockText()
            name = local(root.tag)
            if name == "nitf":
                body_blocks(kid(root, "body", "body.content"), built, dateline)
            elif name == "html":
                body = kid(root, "body")
                if body is not None:
                    from xml.etree.ElementTree import tostring

                    for el in body.iter():  # XHTML's namespace would hide the tag names
                        if isinstance(el.tag, str):
                            el.tag = local(el.tag)
                    fragment_blocks(tostring(body, encoding="unicode"), built)
            else:
                body_blocks(root, built, dateline)
            raw.text, raw.blocks = built.build()
            if raw.text:
                return
    for data in kids(content_set, "inlineData"):
        value = sanitize(data.text or "").strip("\n")
        if value.strip():
            raw.text, raw.blocks = value, None  # plain text: the splitter finds the blocks
            return


def _named(el: Element | None) -> str:
    """A party's name: its ``<name>``, its ``literal``, or the code after the scheme."""
    if el is None:
        return ""
    name = one_line(text(kid(el, "name"))) or one_line(el.get("literal") or "")
    if name:
        return name
    qcode = el.get("qcode") or ""
    return one_line(qcode.split(":", 1)[-1])


def _texts(el: Element | None, name: str) -> list[str]:
    return [one_line(text(c)) for c in kids(el, name)] if el is not None else []
