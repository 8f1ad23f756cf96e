"""A virtual list: a ``ScrollView`` that renders only the visible rows (after toolong's LogLines).

Subclasses say how many rows there are, whether a row can hold the cursor (group headers
cannot), and how to draw one row as a ``rich.text.Text``. The base class keeps the cursor,
scrolls it into view, caches rendered strips in an LRU cache, and posts small messages whose
bursts collapse (holding ``j`` posts one ``CursorMoved`` per frame, not one per key).

Row text is always built from plain strings (``Text(str)`` / ``Text.append(str, style)``):
article titles and entity names are data, never markup.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

NAV_BINDINGS = [
    Binding("down", "cursor_down", "Down", show=False),
    Binding("j", "cursor_down", "Down", show=False),
    Binding("up", "cursor_up", "Up", show=False),
    Binding("k", "cursor_up", "Up", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("ctrl+d", "page_down", "Page down", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("ctrl+u", "page_up", "Page up", show=False),
    Binding("home", "first", "First", show=False),
    Binding("g", "first", "First", show=False),
    Binding("end", "last", "Last", show=False),
    Binding("G", "last", "Last", show=False),
]


def text_strip(text: Text, width: int, base: Style, console) -> Strip:
    """One line of ``Text`` as a Strip of exactly ``width`` cells on the widget's ``base``
    style. Every segment carries a style (Textual's NO_COLOR filter needs one), the Text's
    own base style goes under its spans and ``base`` under both."""
    if text.cell_len > width:
        text.truncate(width)
    if text.style:
        text.stylize_before(text.style)
        text.style = ""
    text.stylize_before(base)
    segments = [seg for seg in text.render(console) if seg.text]
    return Strip(segments).crop_extend(0, width, base)


def fit(left: Text, right: Text | None, width: int) -> Text:
    """``left`` truncated with an ellipsis so that ``right`` fits flush right, padded to width."""
    if width <= 0:
        return Text()
    right_len = right.cell_len if right is not None else 0
    if right is not None and right_len + 2 > width:
        right, right_len = None, 0
    room = width - (right_len + 1 if right is not None else 0)
    out = left.copy()
    if out.cell_len > room:
        out.truncate(room, overflow="ellipsis")
    out.pad_right(room - out.cell_len)
    if right is not None:
        out.append(" ")
        out.append_text(right)
    return out


class VirtualList(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows drawn on demand; a cursor that skips non-selectable rows."""

    BINDINGS = [*NAV_BINDINGS, Binding("enter", "select", "Select", show=False)]

    COMPONENT_CLASSES = {
        "vlist--cursor",
        "vlist--cursor-blur",
        "vlist--header",
        "vlist--dim",
        "vlist--mark",
    }

    DEFAULT_CSS = """
    VirtualList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    """

    cursor: reactive[int] = reactive(-1, repaint=False, init=False)

    class CursorMoved(Message):
        """The cursor moved to ``row``; a newer one replaces a pending one."""

        def __init__(self, vlist: VirtualList, row: int) -> None:
            super().__init__()
            self.vlist, self.row = vlist, row

        @property
        def control(self) -> VirtualList:
            return self.vlist

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, VirtualList.CursorMoved) and message.vlist is self.vlist

    class Selected(Message):
        """Enter (or a second click) on ``row``."""

        def __init__(self, vlist: VirtualList, row: int) -> None:
            super().__init__()
            self.vlist, self.row = vlist, row

        @property
        def control(self) -> VirtualList:
            return self.vlist

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ):
        super().__init__(name=name, id=id, classes=classes)
        self._strips: LRUCache[tuple, Strip] = LRUCache(maxsize=1024)
        # The widget's style under every row (``rich_style`` walks the ancestors): kept as
        # long as the strips drawn on it, until the styles change.
        self._base: Style | None = None
        # Bumped whenever what rows show changes (selection, data): old strips are stale.
        self.generation = 0
        self._quiet = False

    # --- to implement ------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return 0

    def selectable(self, row: int) -> bool:
        return True

    def render_row(self, row: int, width: int) -> Text:
        return Text()

    def empty_text(self) -> Text:
        return Text("nothing to show", style="dim")

    # --- data changes ------------------------------------------------------------------

    def invalidate(self) -> None:
        """Rows changed their look (not their number): redraw."""
        self.generation += 1
        self._strips.clear()
        self.refresh()

    def rows_changed(self, cursor: int = 0, *, notify: bool = True) -> None:
        """The rows were replaced: resize, put the cursor on ``cursor`` (or the nearest
        selectable row after it) and redraw."""
        self.generation += 1
        self._strips.clear()
        self._update_virtual_size()
        target = self._nearest(cursor, +1) if self.row_count else -1
        if target == self.cursor:
            self.refresh()
            if notify:
                self.post_message(self.CursorMoved(self, target))
        else:
            self.set_cursor(target, notify=notify)
        if target <= self._first_selectable():
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def _update_virtual_size(self) -> None:
        # One column wide: rows are cut to the width, never scrolled sideways, and a size
        # that does not follow the width leaves a resize nothing to lay out again.
        self.virtual_size = Size(1, self.row_count)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._base = None

    def _base_style(self) -> Style:
        if self._base is None:
            self._base = self.rich_style
        return self._base

    # --- cursor ------------------------------------------------------------------------

    def set_cursor(self, row: int, *, notify: bool = True, center: bool = False) -> None:
        self._quiet = not notify
        try:
            self.cursor = row
        finally:
            self._quiet = False
        self.scroll_to_cursor(center=center)

    def validate_cursor(self, row: int) -> int:
        count = self.row_count
        if count == 0:
            return -1
        return max(0, min(row, count - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        if not self._quiet:
            self.post_message(self.CursorMoved(self, new))

    def _first_selectable(self) -> int:
        return self._nearest(0, +1)

    def _nearest(self, row: int, step: int) -> int:
        """The first selectable row from ``row`` in direction ``step``; then the other way."""
        count = self.row_count
        if count == 0:
            return -1
        row = max(0, min(row, count - 1))
        for direction in (step, -step):
            r = row
            # Headers are never more than a few in a row: this stays short.
            while 0 <= r < count:
                if self.selectable(r):
                    return r
                r += direction
        return row

    def move(self, delta: int) -> None:
        if self.row_count == 0:
            return
        start = self.cursor if self.cursor >= 0 else 0
        target = max(0, min(start + delta, self.row_count - 1))
        step = 1 if delta > 0 else -1
        row = self._nearest(target, step)
        if row == self.cursor and delta:
            # Only headers lie that way (the top of the list): show them anyway.
            if delta < 0:
                self.scroll_to(y=0, animate=False)
            return
        self.set_cursor(row)

    def scroll_to_cursor(self, center: bool = False) -> None:
        row = self.cursor
        if row < 0:
            return
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_offset.y)
        if center and not top <= row < top + height:
            self.scroll_to(y=max(0, row - height // 2), animate=False)
            return
        # Keep the group headers just above the cursor in view when possible.
        head = row
        while head > 0 and not self.selectable(head - 1) and row - head < 2:
            head -= 1
        if head < top:
            self.scroll_to(y=head, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    # --- actions -----------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move(+1)

    def action_cursor_up(self) -> None:
        self.move(-1)

    def action_page_down(self) -> None:
        self.move(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move(-max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        if self.row_count:
            self.set_cursor(self._nearest(0, +1))
            self.scroll_to(y=0, animate=False)

    def action_last(self) -> None:
        if self.row_count:
            self.set_cursor(self._nearest(self.row_count - 1, -1))

    def action_select(self) -> None:
        if 0 <= self.cursor < self.row_count and self.selectable(self.cursor):
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_offset.y) + event.y
        if 0 <= row < self.row_count and self.selectable(row):
            if row == self.cursor:
                self.post_message(self.Selected(self, row))
            else:
                self.set_cursor(row)

    # The strips are keyed by width and focus: a resize or a change of focus redraws from
    # them (the first frame is drawn before the first Resize and Focus events arrive).
    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self._update_virtual_size()
        self.scroll_to_cursor()

    # --- rendering ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = round(self.scroll_offset.y) + y
        base = self._base_style()
        if width <= 0:
            return Strip.blank(0)
        count = self.row_count
        if count == 0:
            if y == 0:
                text = self.empty_text()
                text.truncate(width, overflow="ellipsis")
                return text_strip(text, width, base, self.app.console)
            return Strip.blank(width, base)
        if row >= count:
            return Strip.blank(width, base)
        is_cursor = row == self.cursor
        focused = self.has_focus
        key = (row, width, is_cursor, focused, self.generation)
        strip = self._strips.get(key)
        if strip is None:
            text = self.render_row(row, width)
            if text.cell_len < width:
                text.pad_right(width - text.cell_len)
            if text.style:  # the row's own base style goes under its spans
                text.stylize_before(text.style)
                text.style = ""
            if is_cursor:
                cls = "vlist--cursor" if focused else "vlist--cursor-blur"
                text.stylize(self.get_component_rich_style(cls, partial=True))
            strip = text_strip(text, width, base, self.app.console)
            self._strips[key] = strip
        return strip

    def component_style(self, name: str) -> Style:
        """A component's full style (translucent colours such as $text-muted are blended
        with the widget's background; a partial style would lose that)."""
        return self.get_component_rich_style(name)
