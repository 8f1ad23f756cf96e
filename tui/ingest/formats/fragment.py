"""An HTML fragment (a feed item's content, an agency item's XHTML body) -> kinded blocks,
with the standard library's tolerant parser: markup removed, script and style dropped,
``<p>``/``<li>``/``<div>`` paragraphs, ``<h1>``-``<h6>`` subheadings, ``<figcaption>``
captions. Character references are decoded; nothing is fetched."""

from __future__ import annotations

from html.parser import HTMLParser

from tui.ingest.formats.base import BlockText

_SKIP = frozenset({"script", "style", "noscript", "iframe", "svg", "template", "head", "object"})
_BLOCK = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "blockquote",
        "section",
        "article",
        "table",
        "tr",
        "dd",
        "dt",
        "pre",
        "figure",
        "body",
        "header",
        "footer",
        "aside",
        "main",
        "hr",
    }
)
_HEADING = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _Blocks(HTMLParser):
    def __init__(self, out: BlockText) -> None:
        super().__init__(convert_charrefs=True)
        self.out = out
        self.buf: list[str] = []
        self.kind = "paragraph"
        self.skipping = 0

    def flush(self) -> None:
        if self.buf:
            self.out.add(self.kind, "".join(self.buf))
        self.buf = []
        self.kind = "paragraph"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _HEADING:
            self.flush()
            self.kind = "subheading"
        elif tag == "figcaption":
            self.flush()
            self.kind = "caption"
        elif tag in _BLOCK:
            self.flush()
        elif tag == "br":
            self.buf.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _HEADING or tag == "figcaption" or tag in _BLOCK:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.buf.append(data)


def fragment_blocks(html: str, out: BlockText) -> None:
    """Append the blocks of an HTML fragment to ``out``."""
    parser = _Blocks(out)
    parser.feed(html)
    parser.close()
    parser.flush()


def fragment_text(html: str) -> str:
    """An HTML fragment (a title, say) as one line of plain text."""
    out = BlockText()
    fragment_blocks(html, out)
    text, _ = out.build()
    return " ".join(text.split("\n\n"))
