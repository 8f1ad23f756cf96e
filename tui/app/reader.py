"""The reader: one article, wrapped to the pane, with every entity mention marked.

A line-API ``ScrollView``: the article is wrapped into lines that remember their character
range in ``Article.text``, so a mention maps to a line (to scroll it into view) and a line is
drawn by styling the spans that fall inside it. The text reaches the screen only as
``rich.text.Text`` built from slices of the plain text: brackets and escapes show literally.

Styles (chronique.tcss) do not rely on colour alone: a mention is underlined, a mention of a
selected entity is bold and underlined, the mention under the cursor is reversed.
"""

from __future__ import annotations

import bisect
from array import array
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.keys import pane_bindings
from tui.app.vlist import text_strip
from tui.model import Article

if TYPE_CHECKING:
    from rich.style import Style

    from tui.corpus import Corpus

MAX_WIDTH = 100
_SPACES = " \t"


class Line:
    """A line of the reader: a range of the article text in a block, or fixed header text.

    A plain class, as the timeline's rows and the text search's hits: a dataclass costs
    about half a millisecond to build at start (its methods are compiled from source), and
    these records need only their fields."""

    __slots__ = ("kind", "start", "end", "text", "block")

    def __init__(
        self,
        kind: str,  # 'meta', 'title', 'blank', or a block kind: lead, paragraph, subheading...
        start: int = 0,
        end: int = 0,
        text: Text | None = None,  # for meta and title lines
        block: int = -1,
    ) -> None:
        self.kind, self.start, self.end, self.text, self.block = kind, start, end, text, block


def wrap_ranges(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text[start:end]`` into ranges of at most ``width`` cells.
    Newlines break lines; spaces at a wrap are dropped; a word longer than a line is split."""
    width = max(1, width)
    out: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        seg_end = end if nl == -1 else nl
        _wrap_segment(text, pos, seg_end, width, out)
        if nl == -1:
            break
        pos = nl + 1
    return out


def _wrap_segment(text: str, start: int, end: int, width: int, out: list) -> None:
    if start >= end:
        out.append((start, start))
        return
    if _one_cell_each(text, start, end):
        _wrap_narrow(text, start, end, width, out)
        return
    pos = start
    while pos < end:
        if pos != start:  # the spaces a wrap leaves at a line's start are dropped
            pos = _past_spaces(text, pos, end)
            if pos >= end:
                break
        cells = 0
        k = pos
        last_break = -1
        while k < end:
            w = cell_len(text[k])
            if cells + w > width:
                break
            if text[k] in _SPACES:
                last_break = k
            cells += w
            k += 1
        if k >= end:
            out.append((pos, end))
            break
        if text[k] in _SPACES:
            out.append((pos, k))
            pos = k
        elif last_break > pos:
            out.append((pos, last_break))
            pos = last_break
        else:
            k = max(k, pos + 1)  # a word longer than the line: fold it
            out.append((pos, k))
            pos = k


def _past_spaces(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in _SPACES:
        pos += 1
    return pos


def _one_cell_each(text: str, start: int, end: int) -> bool:
    """Every character of ``text[start:end]`` one cell wide, as ``_wrap_segment`` measures."""
    return all(cell_len(c) == 1 for c in set(text[start:end]))


def _wrap_narrow(text: str, start: int, end: int, width: int, out: list) -> None:
    """``_wrap_segment`` where every character is one cell (most prose): the same lines, the
    first character past a line found by adding the width and the last space before it by
    ``rfind``, not by measuring a character at a time (a tenth of the time)."""
    pos = start
    while pos < end:
        if pos != start:  # the spaces a wrap leaves at a line's start are dropped
            pos = _past_spaces(text, pos, end)
            if pos >= end:
                break
        k = pos + width
        if k >= end:
            out.append((pos, end))
            break
        if text[k] in _SPACES:
            out.append((pos, k))
            pos = k
            continue
        last_break = text.rfind(" ", pos, k)  # (a tab is no cell wide: not on this path)
        if last_break > pos:
            out.append((pos, last_break))
            pos = last_break
        else:  # a word longer than the line: fold it
            out.append((pos, k))
            pos = k


class Reader(ScrollView, can_focus=True, inherit_bindings=False):
    """The open article. j/k scroll, h/l move the mention cursor, Enter selects its entity."""

    BINDINGS = [
        Binding("down", "scroll_lines(1)", "Scroll down", show=False),
        Binding("j", "scroll_lines(1)", "Scroll down", show=False),
        Binding("up", "scroll_lines(-1)", "Scroll up", show=False),
        Binding("k", "scroll_lines(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_pages(1)", "Page down", show=False),
        Binding("space", "scroll_pages(1)", "Page down", show=False),
        Binding("ctrl+d", "scroll_pages(1)", "Page down", show=False),
        Binding("pageup", "scroll_pages(-1)", "Page up", show=False),
        Binding("ctrl+u", "scroll_pages(-1)", "Page up", show=False),
        Binding("home", "top", "Top", show=False),
        Binding("g", "top", "Top", show=False),
        Binding("end", "bottom", "Bottom", show=False),
        Binding("G", "bottom", "Bottom", show=False),
        Binding("right", "mention(1)", "Next mention here", show=False),
        Binding("l", "mention(1)", "Next mention here", show=True, key_display="h/l"),
        Binding("left", "mention(-1)", "Previous mention here", show=False),
        Binding("h", "mention(-1)", "Previous mention here", show=False),
        Binding("enter", "select_mention", "Select entity", show=True),
        Binding("escape", "screen.focus_pane('timeline')", "Back", show=False),
        *pane_bindings("next_mention", "next_article", "copy", "article_entities"),
    ]

    COMPONENT_CLASSES = {
        "reader--meta",
        "reader--title",
        "reader--lead",
        "reader--subheading",
        "reader--caption",
        "reader--credit",
        "reader--mention",
        "reader--selected",
        "reader--cursor",
        "reader--mark",
        "reader--hit",
        "reader--hit-current",
        "reader--per",
        "reader--org",
        "reader--loc",
        "reader--misc",
    }

    # The scroll bar always shown: an article (with the blank room after it) is nearly always
    # taller than the pane, and a bar that appears once the text is wrapped would narrow it
    # and have the whole pane wrapped and drawn again after the first frame.
    DEFAULT_CSS = """
    Reader {
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        padding: 0 1;
    }
    """

    class MentionChosen(Message):
        """Enter on a mention: select its entity."""

        def __init__(self, entity_id: str) -> None:
            super().__init__()
            self.entity_id = entity_id

    class CursorMoved(Message):
        def __init__(self, reader: Reader) -> None:
            super().__init__()
            self.reader = reader

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, Reader.CursorMoved)

    def __init__(self, corpus: Corpus, *, id: str | None = None):
        super().__init__(id=id)
        self.corpus = corpus
        self.article_idx: int | None = None
        self.article: Article | None = None
        self.lines: list[Line] = []
        self._text_lines = array("i")  # indexes of the lines that show article text
        self._text_starts = array("q")  # and their start offsets
        self._wrap_width = -1
        self.cursor: int = -1  # index into the article's mention arrays
        self.mark: tuple[int, int] | None = None  # a sentence or quote to show
        self.selected: frozenset[int] = frozenset()
        # The text search's hits in this article (start, end), in text order; the one
        # shown is the mark.
        self.hits: list[tuple[int, int]] = []
        self._spans: tuple[array, array, array] = (array("i"), array("i"), array("i"))
        self._strips: LRUCache[tuple, Strip] = LRUCache(maxsize=512)
        # The widget's style under every row (``rich_style`` walks the ancestors): kept as
        # long as the strips drawn on it, until the styles change.
        self._base: Style | None = None
        self.generation = 0

    # --- state -------------------------------------------------------------------------

    def show(
        self,
        article_idx: int | None,
        *,
        mention: tuple[str, int] | None = None,
        mark: tuple[int, int] | None = None,
    ) -> None:
        """Open an article (or none); put the mention cursor on ``mention`` (entity id,
        start) and/or mark a span (a sentence, a quote), and scroll that into view. Opening
        the article already open keeps the scroll position when there is nothing to show."""
        if article_idx != self.article_idx:
            self.article_idx = article_idx
            self.article = self.corpus.articles[article_idx] if article_idx is not None else None
            if self.article is not None:
                self._spans = self.corpus.mention_spans_in(self.article.id)
            else:
                self._spans = (array("i"), array("i"), array("i"))
            self._wrap_width = -1
            self._layout()
            self.scroll_to(y=0, animate=False)
        self.cursor = self.find_mention(*mention) if mention is not None else -1
        self.mark = mark
        self._changed()
        if self.cursor >= 0:
            self.scroll_to_offset(self._spans[1][self.cursor], jump=True)
        elif mark is not None:
            self.scroll_to_offset(mark[0], top=True)
        self.post_message(self.CursorMoved(self))

    def set_hits(self, spans: list[tuple[int, int]]) -> None:
        """The text search's hits in the open article (none: no search)."""
        if spans != self.hits:
            self.hits = spans
            self._changed()

    @property
    def hit_here(self) -> tuple[int, int] | None:
        """(place among this article's hits, 1-based; how many) when the mark is a hit."""
        if self.mark is not None and self.mark in self.hits:
            return self.hits.index(self.mark) + 1, len(self.hits)
        return None

    def set_selected(self, entity_ids) -> None:
        idx = (self.corpus.entity_idx(e) for e in entity_ids)
        self.selected = frozenset(i for i in idx if i is not None)
        self._changed()

    @property
    def mention_count(self) -> int:
        return len(self._spans[1])

    def mention_at(self, k: int) -> tuple[str, int, int] | None:
        """(entity id, start, end) of the article's k-th mention."""
        ents, starts, ends = self._spans
        if 0 <= k < len(starts):
            return self.corpus.entities[ents[k]].id, starts[k], ends[k]
        return None

    def rank_here(self, entity_idxs: frozenset[int]) -> tuple[int, int]:
        """(the cursor's place among the article's mentions of these entities, 1-based or
        0 if the cursor is on none of them; how many there are)."""
        ents = self._spans[0]
        place = total = 0
        for k, e in enumerate(ents):
            if e in entity_idxs:
                total += 1
                if k == self.cursor:
                    place = total
        return place, total

    def find_mention(self, entity_id: str, start: int) -> int:
        """Index of the entity's mention starting at ``start`` in this article, or -1."""
        ents, starts, _ends = self._spans
        e = self.corpus.entity_idx(entity_id)
        k = bisect.bisect_left(starts, start)
        while k < len(starts) and starts[k] == start:
            if ents[k] == e:
                return k
            k += 1
        return -1

    @property
    def position(self) -> int | None:
        """The reading position in the text: the mention cursor, the marked span, or the
        first line on screen. None when the article's top is on screen and nothing is
        pointed at (then "next" starts at the very beginning)."""
        if self.article is None:
            return None
        if self.cursor >= 0:
            return self._spans[1][self.cursor]
        if self.mark is not None:
            return self.mark[0]
        top = round(self.scroll_offset.y)
        if top == 0:
            return None
        for line in self.lines[top:]:
            if line.kind not in ("meta", "title", "blank"):
                return line.start
        return None

    def _changed(self) -> None:
        self.generation += 1
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._base = None

    def _base_style(self) -> Style:
        if self._base is None:
            self._base = self.rich_style
        return self._base

    # --- layout ------------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        return max(1, min(MAX_WIDTH, self.scrollable_content_region.width))

    def _layout(self) -> None:
        if self.scrollable_content_region.width <= 0:
            # Hidden (narrow terminal, another pane shown): wrap when it shows.
            self._wrap_width = -1
            self.lines = []
            self._text_lines, self._text_starts = array("i"), array("q")
            return
        width = self.text_width
        if width == self._wrap_width and self.lines:
            return
        self._wrap_width = width
        lines: list[Line] = []
        art = self.article
        if art is not None:
            meta = Text(no_wrap=True)
            date = art.published or art.date
            parts = [date.iso() if date else "undated"]
            if art.source:
                parts.append(_one_line(art.source))
            if art.author:
                parts.append(_one_line(art.author))
            parts.append(art.id)
            meta.append(" · ".join(parts))
            for piece in meta.wrap(self.app.console, width):
                lines.append(Line("meta", text=piece))
            title = Text(_one_line(art.title))
            for piece in title.wrap(self.app.console, width):
                lines.append(Line("title", text=piece))
            lines.append(Line("blank"))
            blocks = art.blocks or ()
            if not blocks:
                from tui.model import Block

                blocks = (Block("paragraph", 0, len(art.text)),)
            for b, block in enumerate(blocks):
                if b:
                    lines.append(Line("blank"))
                for s, e in wrap_ranges(
                    art.text, block.start, block.end, width - (2 if block.kind == "caption" else 0)
                ):
                    lines.append(Line(block.kind, s, e, block=b))
        self.lines = lines
        text_lines = [i for i, ln in enumerate(lines) if ln.text is None and ln.kind != "blank"]
        self._text_lines = array("i", text_lines)
        self._text_starts = array("q", (lines[i].start for i in text_lines))
        self._strips.clear()
        self._set_virtual_size()

    def _set_virtual_size(self) -> None:
        # Blank room after the last line, so that a mention near the end can still be scrolled
        # up into the upper part of the pane, clear of the notification in the corner.
        tail = self.scrollable_content_region.height * 2 // 3 if self.lines else 0
        self.virtual_size = Size(max(1, self._wrap_width), len(self.lines) + tail)

    def on_resize(self) -> None:
        if self.text_width != self._wrap_width and self.lines:
            self._rewrap()
        else:
            # The same wrap width (a taller pane, a second event for the same size): the
            # text has not moved, so the scroll stays exactly where it was.
            self._layout()
            self._set_virtual_size()
            self._scroll_to_target()

    def _rewrap(self) -> None:
        """Wrap the text at the pane's new width and keep the reading place: the mention
        cursor or the marked span in view, else the line that was first on screen back at
        the top. (Not one line below it, as a mention is shown: the place would drift down
        a line with each of the resize events a reload or a window drag sends.)"""
        anchor = self.position
        keep_top = anchor is not None and self.cursor < 0 and self.mark is None
        # the blank or heading lines between the top and the first line read
        above = max(0, self.line_of(anchor) - round(self.scroll_offset.y)) if keep_top else 0
        self._layout()
        if anchor is not None and keep_top:
            y = max(0, self.line_of(anchor) - above)
            self.call_later(lambda: self.scroll_to(y=y, animate=False))
        else:
            self.call_later(self._scroll_to_target)

    def _scroll_to_target(self) -> None:
        if self.cursor >= 0:
            self.scroll_to_offset(self._spans[1][self.cursor], jump=True)
        elif self.mark is not None:
            self.scroll_to_offset(self.mark[0], top=True)

    def line_of(self, offset: int) -> int:
        """The line holding a text offset (the last text line starting at or before it)."""
        k = bisect.bisect_right(self._text_starts, offset) - 1
        if not len(self._text_lines):
            return 0
        return self._text_lines[max(0, k)]

    def scroll_to_offset(self, offset: int, *, top: bool = False, jump: bool = False) -> None:
        """Bring the line of ``offset`` into view: near the top with ``top``; in the upper
        two thirds with ``jump`` (a notification may cover the bottom lines); else only
        if it is off screen."""
        if not self.lines:
            return
        line = self.line_of(offset)
        height = max(1, self.scrollable_content_region.height)
        first = round(self.scroll_offset.y)
        if top:
            self.scroll_to(y=max(0, line - 1), animate=False)
            return
        last = first + (max(1, height * 2 // 3) if jump else height)
        if not first <= line < last:
            self.scroll_to(y=max(0, line - height // 3), animate=False)

    # --- actions -----------------------------------------------------------------------

    def action_scroll_lines(self, n: int) -> None:
        self.scroll_to(y=self.scroll_offset.y + n, animate=False)

    def action_scroll_pages(self, n: int) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_offset.y + n * page, animate=False)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_mention(self, step: int) -> None:
        """Move the mention cursor; from the visible part of the text if it is off screen."""
        starts = self._spans[1]
        if not len(starts):
            self.app.bell()
            return
        height = max(1, self.scrollable_content_region.height)
        first = round(self.scroll_offset.y)
        visible = [
            ln
            for ln in self.lines[first : first + height]
            if ln.text is None and ln.kind != "blank"
        ]
        cur = self.cursor
        on_screen = cur >= 0 and visible and visible[0].start <= starts[cur] <= visible[-1].end
        if on_screen:
            k = cur + step
        elif visible:
            if step > 0:
                k = bisect.bisect_left(starts, visible[0].start)
            else:
                k = bisect.bisect_right(starts, visible[-1].end) - 1
        else:
            k = 0 if step > 0 else len(starts) - 1
        if not 0 <= k < len(starts):
            self.app.bell()
            return
        self.cursor = k
        self.mark = None
        self._changed()
        self.scroll_to_offset(starts[k])
        self.post_message(self.CursorMoved(self))

    def action_select_mention(self) -> None:
        m = self.mention_at(self.cursor)
        if m is None:
            self.app.bell()
            self.notify("no mention under the cursor: h/l move between mentions", timeout=3)
            return
        self.post_message(self.MentionChosen(m[0]))

    # --- rendering ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style()
        if width <= 0:
            return Strip.blank(0)
        if self._wrap_width != self.text_width and self.article is not None:
            # First drawn at this width (it was hidden, or resized): wrap, then bring the
            # cursor (or the marked span) back into view once this frame is done.
            self._rewrap()
        row = round(self.scroll_offset.y) + y
        if self.article is None:
            if y == 0:
                text = Text("no article open: Enter on the timeline opens one", style="dim")
                text.truncate(width, overflow="ellipsis")
                return text_strip(text, width, base, self.app.console)
            return Strip.blank(width, base)
        if row >= len(self.lines):
            return Strip.blank(width, base)
        key = (row, width, self.generation)
        strip = self._strips.get(key)
        if strip is None:
            strip = text_strip(self._line_text(self.lines[row]), width, base, self.app.console)
            self._strips[key] = strip
        return strip

    def _line_text(self, line: Line) -> Text:
        full = self.get_component_rich_style  # colours blended with the background

        def attr(name: str):  # text attributes only, over whatever colour is there
            return self.get_component_rich_style(name, partial=True)

        if line.text is not None:
            t = line.text.copy()
            t.stylize(full("reader--meta" if line.kind == "meta" else "reader--title"))
            return t
        if line.kind == "blank":
            return Text()
        art = self.article
        s, e = line.start, line.end
        # Tabs would expand; the offsets must not move: one cell each.
        text = Text(art.text[s:e].replace("\t", " "), no_wrap=True, end="")
        block_style = {
            "lead": "reader--lead",
            "subheading": "reader--subheading",
            "caption": "reader--caption",
        }.get(line.kind)
        if block_style:
            text.stylize(attr(block_style) if line.kind == "lead" else full(block_style))
        if line.kind == "caption":
            block = art.blocks[line.block] if 0 <= line.block < len(art.blocks) else None
            if block is not None and block.credit_start >= 0:
                cs, ce = max(s, block.credit_start), min(e, block.credit_end)
                if cs < ce:
                    text.stylize(attr("reader--credit"), cs - s, ce - s)
        if self.mark is not None:
            ms, me = max(s, self.mark[0]), min(e, self.mark[1])
            if ms < me:
                text.stylize(full("reader--mark"), ms - s, me - s)
        if self.hits:
            hit, current = full("reader--hit"), full("reader--hit-current")
            k = bisect.bisect_left(self.hits, (s, s))
            while k > 0 and self.hits[k - 1][1] > s:
                k -= 1
            while k < len(self.hits) and self.hits[k][0] < e:
                hs, he = self.hits[k]
                ms, me = max(s, hs), min(e, he)
                if ms < me:
                    text.stylize(current if self.hits[k] == self.mark else hit, ms - s, me - s)
                k += 1
        ents, starts, ends = self._spans
        # Mentions that overlap this line: those starting before its end and ending after
        # its start. Mentions are short, so look back a little from the first start inside.
        k = bisect.bisect_left(starts, s)
        while k > 0 and ends[k - 1] > s:
            k -= 1
        mention = attr("reader--mention")
        selected = full("reader--selected")
        cursor = full("reader--cursor")
        entities = self.corpus.entities
        while k < len(starts) and starts[k] < e:
            ms, me = max(s, starts[k]), min(e, ends[k])
            if ms < me:
                etype = entities[ents[k]].type.lower()
                text.stylize(attr(f"reader--{etype}"), ms - s, me - s)
                text.stylize(mention, ms - s, me - s)
                if ents[k] in self.selected:
                    text.stylize(selected, ms - s, me - s)
                if k == self.cursor:
                    text.stylize(cursor, ms - s, me - s)
            k += 1
        if line.kind == "caption":
            prefixed = Text(no_wrap=True, end="")
            prefixed.append("▏ ", full("reader--caption"))
            prefixed.append_text(text)
            return prefixed
        return text


class ReaderPane(Vertical):
    pass


def _one_line(s: str) -> str:
    return " ".join(s.split())
