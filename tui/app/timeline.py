"""The timeline pane: a one-line histogram over a virtual list of articles, events or quotes.

- ``articles``: the (filtered) articles in date order, grouped under year and month rows.
- ``events``: the resolved temporal expressions of the text (``corpus.timerefs``), sorted by
  the date they name, each with its sentence; filtered to sentences that mention the selection.
- ``quotes``: the quotations (not scare-quoted terms), by date; of the selected speakers.
- ``hits``: the text search's concordance (keyword in context), one row per hit, the match
  in one column; the rows are the hits' indexes in the chosen sort order (see textsearch.py).

Rows are one flat ``array('i')``: a value >= 0 is an item (article, timeref or quote index),
a negative value ``-(h + 1)`` is group header ``h``. A million rows cost four megabytes.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget

from tui.app.keys import pane_bindings
from tui.app.messages import TextSearchSubmitted
from tui.app.prompt import HandoffInput
from tui.app.textsearch import HitList, kwic
from tui.app.vlist import VirtualList, fit
from tui.model import PartialDate, iso

if TYPE_CHECKING:
    from tui.corpus import Corpus

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
BLOCKS = "▁▂▃▄▅▆▇█"
MODES = ("articles", "events", "quotes", "hits")
# Below this width an event row drops the date of its article (the reader shows it).
EVENT_DATE_WIDTH = 64
NOUNS = {
    "articles": ("article", "articles"),
    "events": ("event", "events"),
    "quotes": ("quote", "quotes"),
    "hits": ("hit", "hits"),
}
# A concordance row: gutter, date, a rule, then the context; the match starts at this share
# of the context's width (a little left of the middle: the right side holds the match too).
KWIC_LEFT = 0.42


# Plain classes, not dataclasses (see reader.Line): built at every start.


class Header:
    """A year or month row over the items."""

    __slots__ = ("label", "year", "count")

    def __init__(self, label: str, year: bool, count: int = 0) -> None:
        self.label = label
        self.year = year  # a year row (else a month row)
        self.count = count


class Rows:
    """What the list shows: the flat row array, the group headers, the items in order."""

    __slots__ = ("mode", "rows", "headers", "items", "selection")

    def __init__(
        self,
        mode: str,
        rows: array,
        headers: list[Header],
        items: array,  # the items alone, in order
        selection: tuple[str, ...] = (),
    ) -> None:
        self.mode, self.rows, self.headers, self.items = mode, rows, headers, items
        self.selection = selection


def date_label(d: PartialDate | None) -> str:
    """A date as the timeline shows it: its ISO form at its precision, or "undated"."""
    return iso(d) or "undated"


def group_rows(
    mode: str, items: Sequence[int], date_of: Callable[[int], PartialDate | None]
) -> Rows:
    """Interleave year and month header rows with items already sorted by date."""
    rows = array("i")
    headers: list[Header] = []
    year_h = month_h = None
    last_year: object = object()
    last_month: object = object()
    for item in items:
        d = date_of(item)
        year = d.year if d else None
        month = d.month if d else None
        if year != last_year:
            headers.append(Header(str(year) if year is not None else "undated", True))
            rows.append(-len(headers))
            year_h, month_h = headers[-1], None
            last_year, last_month = year, object()
        if month != last_month:
            if month is not None:
                headers.append(Header(f"{MONTHS[month - 1]} {year}", False))
                rows.append(-len(headers))
                month_h = headers[-1]
            else:
                month_h = None
            last_month = month
        rows.append(item)
        year_h.count += 1
        if month_h is not None:
            month_h.count += 1
    return Rows(mode, rows, headers, array("i", items))


def article_rows(corpus: Corpus, selection: Sequence[str]) -> Rows:
    items = corpus.articles_mentioning(selection) if selection else range(len(corpus.articles))
    # A column of dates, not corpus.articles[a]: at 100,000 articles read from the cache
    # snapshot, building every Article to learn its date would cost the start-up seconds.
    dates = corpus.article_dates()
    rows = group_rows("articles", items, dates.__getitem__)
    rows.selection = tuple(selection)
    return rows


def event_rows(corpus: Corpus, selection: Sequence[str]) -> Rows:
    """Timerefs with a value, by the date they name; with a selection, those whose sentence
    mentions every selected entity. (Runs in a worker: a corpus can hold millions.)"""
    refs = corpus.timerefs
    order = sorted(
        (k for k, t in enumerate(refs) if t.value is not None),
        key=lambda k: (
            refs[k].value.sort_key,
            corpus.article_idx(refs[k].article_id) or 0,
            refs[k].start,
        ),
    )
    if selection:
        wanted = [corpus.entity_idx(e) for e in selection]
        allowed = set(corpus.articles_mentioning(selection))
        kept = []
        for k in order:
            t = refs[k]
            a = corpus.article_idx(t.article_id)
            if a not in allowed:
                continue
            s, e = corpus.sentence_at(t.article_id, t.start)
            ents, starts, _ends = corpus.mention_spans_in(t.article_id)
            lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
            inside = set(ents[lo:hi])
            if all(w in inside for w in wanted):
                kept.append(k)
        order = kept
    rows = group_rows("events", order, lambda k: refs[k].value)
    rows.selection = tuple(selection)
    return rows


def quote_date(corpus: Corpus, q) -> PartialDate | None:
    if q.date is not None:
        return q.date
    art = corpus.article(q.article_id)
    return (art.published or art.date) if art else None


def quote_rows(corpus: Corpus, selection: Sequence[str]) -> Rows:
    quotes = corpus.quotes
    speakers = set(selection)
    keep = [
        k for k, q in enumerate(quotes) if not q.is_term and (not speakers or q.speaker in speakers)
    ]
    dates = {k: quote_date(corpus, quotes[k]) for k in keep}
    keep.sort(
        key=lambda k: (
            dates[k] is None,
            dates[k].sort_key if dates[k] else (0, 0, 0),
            corpus.article_idx(quotes[k].article_id) or 0,
            quotes[k].start,
        )
    )
    rows = group_rows("quotes", keep, dates.get)
    rows.selection = tuple(selection)
    return rows


class Timeline(VirtualList):
    """Articles, events or quotes in date order, under year and month headers."""

    BINDINGS = [
        Binding("enter", "select", "Open", show=True),
        Binding("escape", "screen.clear_search", "Clear search", show=True),
        *pane_bindings(
            "toggle_events", "quotes", "next_mention", "focus_filter", "text_search", "sort_hits"
        ),
    ]

    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "timeline--year",
        "timeline--month",
        "timeline--date",
        "timeline--count",
        "timeline--open",
        "timeline--expr",
        "timeline--speaker",
        "timeline--match",
    }

    def __init__(self, corpus: Corpus, *, id: str | None = None):
        super().__init__(id=id)
        self.corpus = corpus
        self.data = Rows("articles", array("i"), [], array("i"))
        self.open_article: int | None = None
        self.building = False
        self.hits: HitList | None = None  # the text search's hits (mode "hits")
        self.building_note = ""  # what is being built, shown while the list is empty
        self._dates: Sequence[PartialDate | None] = ()

    @property
    def mode(self) -> str:
        return self.data.mode

    @property
    def row_count(self) -> int:
        return len(self.data.rows)

    def selectable(self, row: int) -> bool:
        return self.data.rows[row] >= 0

    def item_at(self, row: int) -> int | None:
        if 0 <= row < len(self.data.rows):
            v = self.data.rows[row]
            return v if v >= 0 else None
        return None

    @property
    def current(self) -> int | None:
        return self.item_at(self.cursor)

    def row_of(self, item: int) -> int | None:
        """The row of an item. Articles are in index order, so it is a bisect."""
        rows = self.data.rows
        if self.data.mode == "articles":
            k = bisect.bisect_left(self.data.items, item)
            if k < len(self.data.items) and self.data.items[k] == item:
                # rows hold the items in the same order, with headers between
                lo = k
                while lo < len(rows) and rows[lo] != item:
                    lo += 1
                return lo if lo < len(rows) else None
            return None
        try:
            return rows.index(item)
        except ValueError:
            return None

    def set_rows(self, data: Rows, keep_item: int | None = None) -> None:
        """Show new rows; the cursor goes to ``keep_item`` if listed, else to the first row,
        quietly (the reader keeps its article until the user moves the cursor)."""
        self.data = data
        self.building = False
        row = self.row_of(keep_item) if keep_item is not None else None
        self.rows_changed(row if row is not None else 0, notify=False)
        if row is not None:
            self.scroll_to_cursor(center=True)

    def set_open_article(self, a: int | None) -> None:
        if a != self.open_article:
            self.open_article = a
            self.invalidate()

    # --- rendering ---------------------------------------------------------------------

    def empty_text(self) -> Text:
        if self.building:
            return Text(self.building_note or "…", style="dim")
        if self.mode == "hits":
            return Text("no hits", style="dim")
        if self.mode == "events":
            if not self.corpus.timerefs:
                return Text("no dated events were found in the text", style="dim")
            return Text("no event sentence mentions the selection", style="dim")
        if self.mode == "quotes":
            if not self.corpus.quotes:
                return Text("no quotations were found in the text", style="dim")
            return Text("no quotation by the selection", style="dim")
        if not self.corpus.articles:
            return Text("no articles", style="dim")
        return Text("no article mentions all the selected entities", style="dim")

    def render_row(self, row: int, width: int) -> Text:
        v = self.data.rows[row]
        if v < 0:
            return self._render_header(self.data.headers[-v - 1], width)
        if self.mode == "articles":
            return self._render_article(v, width)
        if self.mode == "events":
            return self._render_event(v, width)
        if self.mode == "hits":
            return self._render_hit(v, width)
        return self._render_quote(v, width)

    def _render_header(self, h: Header, width: int) -> Text:
        if self.mode == "hits":  # the note under a concordance cut short
            return Text(h.label, style=self.component_style("vlist--dim"))
        style = self.component_style("timeline--year" if h.year else "timeline--month")
        left = Text(h.label if h.year else "  " + h.label, style=style)
        singular, plural = NOUNS[self.mode]
        right = Text(
            f"{h.count} {singular if h.count == 1 else plural}",
            style=self.component_style("vlist--dim"),
        )
        return fit(left, right, width)

    def _gutter(self, a: int) -> Text:
        out = Text(no_wrap=True)
        if a == self.open_article:
            out.append("▶", self.component_style("timeline--open"))
        else:
            out.append(" ")
        return out

    def _render_article(self, a: int, width: int) -> Text:
        art = self.corpus.articles[a]
        left = self._gutter(a)
        left.append(
            f"{date_label(art.published or art.date):<10} ", self.component_style("timeline--date")
        )
        left.append(_one_line(art.title))
        right = None
        if self.data.selection:
            n = self.corpus.count_in_article(self.data.selection, a)
            right = Text(f"×{n}", self.component_style("timeline--count"))
        return fit(left, right, width)

    def _render_event(self, k: int, width: int) -> Text:
        t = self.corpus.timerefs[k]
        a = self.corpus.article_idx(t.article_id)
        art = self.corpus.articles[a] if a is not None else None
        left = Text(" ")
        left.append(f"{date_label(t.value):<10} ", self.component_style("timeline--date"))
        right = None
        if width >= EVENT_DATE_WIDTH:  # else the sentence needs the room more
            right = Text(
                date_label(art.published or art.date) if art else "?",
                self.component_style("vlist--dim"),
            )
        room = max(4, width - left.cell_len - (right.cell_len + 1 if right else 0))
        if art is not None:
            s, e = self.corpus.sentence_at(t.article_id, t.start)
            if not s <= t.start < max(e, s + 1):
                s, e = t.start, t.end
            left.append_text(
                _excerpt(
                    art.text, s, e, t.start, t.end, room, self.component_style("timeline--expr")
                )
            )
        else:
            left.append(_one_line(t.text), self.component_style("timeline--expr"))
        return fit(left, right, width)

    def _render_quote(self, k: int, width: int) -> Text:
        q = self.corpus.quotes[k]
        a = self.corpus.article_idx(q.article_id)
        left = self._gutter(a) if a is not None else Text(" ")
        left.append(
            f"{date_label(quote_date(self.corpus, q)):<10} ", self.component_style("timeline--date")
        )
        who = None
        if q.speaker:
            ent = self.corpus.entity(q.speaker)
            who = ent.name if ent else q.speaker
        who = who or q.speaker_role or "?"
        who = _one_line(who)
        if len(who) > 22:
            who = who[:21] + "…"
        left.append(who, self.component_style("timeline--speaker"))
        left.append(" « ")
        left.append(_one_line(q.text))
        left.append(" »")
        return fit(left, None, width)

    def _render_hit(self, k: int, width: int) -> Text:
        """date │ left context MATCH right context, the match at the same column on every
        row (keyword in context)."""
        hits = self.hits
        if hits is None or not 0 <= k < len(hits):
            return Text()
        a, start, end = hits.article[k], hits.start[k], hits.end[k]
        left = self._gutter(a)
        left.append(f"{date_label(self._dates[a]):<10} ", self.component_style("timeline--date"))
        left.append("│ ", self.component_style("vlist--dim"))
        room = max(8, width - left.cell_len)
        before_cells = int(room * KWIC_LEFT)
        before, match, after = kwic(
            self.corpus.articles.text(a), start, end, before_cells, room - before_cells
        )
        left.append(" " * (before_cells - cell_len(before)) + before)
        left.append(match, self.component_style("timeline--match"))
        left.append(after)
        return fit(left, None, width)

    def set_hits(self, hits: HitList | None) -> None:
        """The hits the rows of mode "hits" are indexes into."""
        self.hits = hits
        self._dates = self.corpus.articles.display_dates()
        self.invalidate()


def hit_rows(order: Sequence[int], selection: Sequence[str], note: str = "") -> Rows:
    """The concordance's rows: ``order`` lists the hits' indexes as the rows show them;
    ``note`` is a last line (that not every hit is there)."""
    rows = array("i", order)
    headers = []
    if note:
        headers.append(Header(note, False))
        rows.append(-1)
    return Rows("hits", rows, headers, array("i", order), tuple(selection))


def _excerpt(text: str, s: int, e: int, hs: int, he: int, room: int, hstyle) -> Text:
    """The sentence ``text[s:e]`` on one line, cropped to ``room`` cells around the
    highlighted span ``[hs, he)``, which is styled."""
    if e - s > room:
        # Show some context before the expression, then as much as fits.
        start = max(s, min(hs - room // 3, e - room))
        end = min(e, start + room)
    else:
        start, end = s, e
    out = Text(no_wrap=True)
    if start > s:
        out.append("…")
        start += 1
    lo, hi = max(start, hs), min(end, he)
    if lo < hi:
        out.append(_flat(text[start:lo]))
        out.append(_flat(text[lo:hi]), hstyle)
        out.append(_flat(text[hi:end]))
    else:
        out.append(_flat(text[start:end]))
    return out


def _flat(s: str) -> str:
    return s.replace("\n", " ").replace("\t", " ")


def _one_line(s: str) -> str:
    return " ".join(s.split()) if ("\n" in s or "\t" in s) else s


class Histogram(Widget):
    """Mentions (or articles) per month as one line of block characters."""

    DEFAULT_CSS = """
    Histogram { height: 1; }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.counts: dict[tuple[int, int], int] = {}
        self.span: tuple[tuple[int, int], tuple[int, int]] | None = None
        self.mark: tuple[int, int] | None = None
        self.what = "articles"

    def set_data(self, counts: dict, span, what: str) -> None:
        self.counts, self.span, self.what = counts, span, what
        self.refresh()

    def set_mark(self, month: tuple[int, int] | None) -> None:
        if month != self.mark:
            self.mark = month
            self.refresh()

    def render(self) -> Text:
        width = self.size.width
        return histogram_text(self.counts, self.span, width, self.mark, self.what)


def months_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    out = []
    y, m = first
    while (y, m) <= last:
        out.append((y, m))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def histogram_text(counts, span, width: int, mark=None, what: str = "articles") -> Text:
    if width <= 0:
        return Text()
    if span is None:
        return Text("no dated articles"[:width], style="dim")
    months = months_between(*span)
    labels = width >= 24
    room = width - (16 if labels else 0)
    if room <= 0:
        return Text()
    per = -(-len(months) // room)  # months per column
    columns = [months[i : i + per] for i in range(0, len(months), per)]
    values = [sum(counts.get(m, 0) for m in col) for col in columns]
    top = max(values, default=0)
    out = Text(no_wrap=True)
    if labels:
        out.append(f"{span[0][0]:04d}-{span[0][1]:02d} ", style="dim")
    for col, v in zip(columns, values, strict=True):
        if v == 0:
            ch = " "
        else:
            ch = BLOCKS[max(0, min(7, -(-v * 8 // top) - 1))]
        if mark is not None and mark in col:
            # the month of the open article: underlined (and coloured, where there is colour)
            out.append(ch if ch != " " else "_", "bold underline")
        else:
            out.append(ch)
    if labels:
        out.append(f" {span[1][0]:04d}-{span[1][1]:02d}", style="dim")
    return out


class TimelinePane(Vertical):
    pass


class SearchInput(HandoffInput):
    """The text search prompt over the timeline (``s``): Enter searches, Esc goes back.
    Shown while it is being typed in and while a search is active (it shows the query)."""

    BINDINGS = [
        Binding("enter", "submit", "Search", show=True),
        Binding("escape", "screen.cancel_text_search", "Back", show=True),
    ]

    def action_submit(self) -> None:
        self.screen.post_message(TextSearchSubmitted(self.value))
        self.hand_off()
