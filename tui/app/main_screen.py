"""The main screen: the three panes over one corpus, and the state they share.

It owns the selection (the entities picked, in order), the articles that mention them all,
the timeline's mode and which pane is active; the panes show that state and post messages
(a cursor moved, an entity chosen), and the screen decides what follows. Where n/N and ]/[
go is decided by ``stepping``; what ``y`` copies by ``copying``.

Everything shown that comes from the corpus (titles, names, text) is a ``rich.text.Text``
built from plain strings, and notifications are sent with ``markup=False``.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.app.clipboard import deliver
from tui.app.copying import (
    QuoteIndex,
    citation_at,
    event_citation,
    hit_citation,
    quote_citation,
)
from tui.app.entities import EntityList, EntitySearch, FilterInput
from tui.app.footer import KeysFooter
from tui.app.header import header_text
from tui.app.keys import ACTIONS, APP_ACTIONS, FOCUS_ACTIONS, action_binding, rebound_keys
from tui.app.messages import (
    CorpusShown,
    FilterAccepted,
    GoToEntity,
    ReloadRequested,
)
from tui.app.palette import EntityCommands
from tui.app.panes import (
    PANES,
    PaneTitle,
    entities_title,
    hit_title,
    hits_title,
    pane_widgets,
    quoted,
    reader_title,
    timeline_title,
)
from tui.app.prompt import focus_now
from tui.app.reader import Reader
from tui.app.text_search_screen import TextSearchScreen
from tui.app.textual_private import settle_toasts, write_to_terminal
from tui.app.timeline import (
    Histogram,
    Rows,
    Timeline,
    article_rows,
    date_label,
)
from tui.app.vlist import VirtualList

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.text import Text
    from textual.geometry import Size

    from tui.app.stepping import Place
    from tui.config import Config
    from tui.corpus import Corpus

# tui.app.stepping (where n/N and ]/[ go) is imported at the first step: building its
# frozen dataclasses is start-up time the first frame does not need.

NARROW = 110  # below this many columns, one pane at a time
HINT_SECONDS = 3
SMALL_ENTITY_LIST = 20_000  # sorted at once for the first frame; more go to a worker

# Keys that move between panes: priority bindings too (see keys.FOCUS_ACTIONS).
PANE_KEYS = [
    Binding("tab", "cycle_pane(1)", "Next pane", show=False, priority=True),
    Binding("shift+tab", "cycle_pane(-1)", "Prev pane", show=False, priority=True),
    Binding("1", "focus_pane('entities')", "Entities pane", show=False, priority=True),
    Binding("2", "focus_pane('timeline')", "Timeline pane", show=False, priority=True),
    Binding("3", "focus_pane('reader')", "Reader pane", show=False, priority=True),
]
_PRIORITY = {"focus_filter", "text_search", "focus_pane", "cycle_pane", "next_pane"}
# Actions that only mean something while a text search is active.
_SEARCH_ACTIONS = {"sort_hits", "clear_search"}


class MainScreen(TextSearchScreen):
    """Entity filter, timeline and reader over one corpus (with at least one article)."""

    COMMANDS = {EntityCommands}  # "go to entity…" in the command palette
    AUTO_FOCUS = ""  # the timeline gets the focus once the panes are filled (on_mount)
    BINDINGS = [
        *(action_binding(a, priority=a in FOCUS_ACTIONS) for a in ACTIONS if a not in APP_ACTIONS),
        *PANE_KEYS,
    ]

    def __init__(self, corpus: Corpus, search: EntitySearch, config: Config):
        super().__init__()
        self.corpus, self.entity_search, self.config = corpus, search, config
        self.selection: list[str] = []
        self.filtered: list[int] | range = range(len(corpus.articles))
        self.timeline_mode = "articles"
        self.narrow = False
        self.active_pane = "timeline"
        self.quotes = QuoteIndex(corpus)
        self._claimed = rebound_keys(config.keys)
        # What the last n/N or ]/[ did ("wrapped"), shown in the reader's title while the
        # reader stays where that step left it: (place, words).
        self._status: tuple[tuple[int | None, int], str] | None = None
        self._last_hint: tuple[str, float] | None = None
        self._resumed = False  # the screen has been shown once
        self._header_shown: Text | None = None
        self._laid_out: Size | None = None  # the size the screen was last laid out at
        self._ready = False  # the panes are mounted
        self.notice = ""  # what changed in the corpus folder (tui/app/watch.py)
        self._after_rows: list[Callable[[], None]] = []  # once the timeline's rows are set

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # No container around the panes (see pane_widgets): the screen lays them out in a
        # row, the header docked above them and the footer below.
        yield Static(id="header", markup=False)
        yield from pane_widgets(self.corpus, self.entity_search)
        yield KeysFooter(compact=True)

    async def on_mount(self) -> None:
        # The tree is mounted (the screen's compose is awaited before its Mount): the panes
        # are filled, focused and the footer's keys composed here, before the first layout
        # (the ScreenResume queued behind this event), so that the first frame is the
        # settled one: no frame of empty panes, none to follow for the focus or the keys.
        self._found_panes()
        self._fill()
        await self.query_one(KeysFooter).compose_now()
        settle_toasts(self)
        self.post_message(CorpusShown())

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Every widget was styled as it mounted, a moment ago; Textual would style the
        # whole tree again as the screen first resumes (a tenth of the start-up). This
        # handler runs before Screen's own; later resumes (back from the help) refresh the
        # styles as usual.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        self._laid_out = self.app.size  # (Screen's handler lays the screen out at that size)

    def _fill(self) -> None:
        # The whole list, most mentioned first, is a sort of the entities: in this frame
        # when there are few (no worker round trip before the first paint).
        self.entity_list.show_filter("", now=len(self.corpus.entities) <= SMALL_ENTITY_LIST)
        self._selection_changed(initial=True)
        first = self.timeline.current
        if first is not None:
            self._open_article(first)
        self.action_focus_pane("timeline")

    async def _mount_panes(self) -> None:
        await self.mount_all(
            pane_widgets(self.corpus, self.entity_search), before=self.query_one(KeysFooter)
        )
        self._found_panes()

    def _found_panes(self) -> None:
        self.entity_list = self.query_one(EntityList)
        self.filter_input = self.query_one(FilterInput)
        self.timeline = self.query_one(Timeline)
        self.histogram = self.query_one(Histogram)
        self.reader = self.query_one(Reader)
        self.titles = {t.pane: t for t in self.query(PaneTitle)}
        self._apply_width(self.app.size.width)
        self._ready = True

    async def show_corpus(self, corpus: Corpus, search: EntitySearch) -> list[str]:
        """Show a reloaded corpus in new panes, the selection, the open article and the
        place in the timeline kept (tui/app/reload.py); returns what could not be kept."""
        from tui.app.reload import capture, restore

        # A text search is run again on the new corpus: its hits point into the old one's
        # articles, and the full-text index must catch up with the changed files.
        words = self.search_text if self.search_query is not None else ""
        if words:
            self.action_clear_search(say=False)
        self._close_fulltext()
        self._fulltext = None
        state = capture(self)
        self.corpus, self.entity_search, self.quotes = corpus, search, QuoteIndex(corpus)
        self._ready, self._status = False, None
        await self.query(".pane").remove()
        await self._mount_panes()
        lost = restore(self, state)
        if words:
            from tui.fulltext import parse_query

            self._start_search(parse_query(words), words)
            self._set_timeline_mode("hits")
        return lost

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self._laid_out:
            # Textual sends a start-up's size two or three times over, and lays the whole
            # screen out again for each (this handler runs before Screen's own): nothing
            # changed since the last, so neither runs.
            event.stop()
            event.prevent_default()
            return
        self._laid_out = event.size
        self._apply_width(event.size.width)

    def on_screen_suspend(self) -> None:
        self._laid_out = None

    def _apply_width(self, width: int) -> None:
        narrow = 0 < width < NARROW
        self.narrow = narrow
        self.set_class(narrow, "-narrow")
        for footer in self.query(KeysFooter):
            footer.show_command_palette = not narrow  # room for the pane's keys; ? lists ctrl+p
        if self._ready:
            self._show_active()
            self._update_header()

    # --- keys --------------------------------------------------------------------------

    async def on_key(self, event: events.Key) -> None:
        """A key the user gave to an action in config.yaml (``next_mention: j``) wins over a
        pane's own use of it (the lists' ``j``): the panes' bindings are only looked at
        after the key has passed here, so it is run here. Text typed in the filter stays
        text."""
        action = self._claimed.get(event.key)
        if action is None or isinstance(self.focused, Input):
            return
        event.stop()
        event.prevent_default()
        method = ACTIONS[action][0]
        await self.run_action(f"app.{method}" if action in APP_ACTIONS else method)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self._ready:
            return False  # the panes are not there yet
        if action in _PRIORITY:
            typing = isinstance(self.focused, Input)
            if typing and action != "cycle_pane":
                return False  # "/", "1" or "w" typed in the filter are text
        if action in _SEARCH_ACTIONS and self.search_query is None:
            return False  # (and hidden from the footer)
        return True

    # --- header, titles ----------------------------------------------------------------

    def _update_header(self) -> None:
        text = header_text(
            self.corpus,
            self.selection,
            len(self.filtered),
            width=self.app.size.width,
            notice=self.notice,
        )
        if text != self._header_shown:  # an update lays the screen out again: not for the same
            self._header_shown = text
            self.query_one("#header", Static).update(text)

    def set_notice(self, notice: str) -> None:
        if notice != self.notice:
            self.notice = notice
            if self._ready:
                self._update_header()

    def _update_titles(self) -> None:
        if not self._ready:
            return
        self._title("entities", entities_title(self.entity_list))
        if self.timeline.mode == "hits":
            info = hits_title(
                self.search_text, self.hits, self.hit_order, self._searching, bool(self.selection)
            )
        else:
            info = timeline_title(self.timeline, bool(self.selection))
        self._title("timeline", info)
        status = None
        if self._status is not None and self._status[0] == self._reader_place():
            status = self._status[1]
        here = self.reader.hit_here if self.search_query is not None else None
        if here is not None and self.hits is not None and self.reader.article is not None:
            art, mark = self.reader.article, self.reader.mark
            rank = self.hits.rank(self.reader.article_idx, mark[0]) if mark else None
            date = date_label(art.published or art.date)
            title = hit_title(self.search_text, rank, self.hits.total, date, here, status)
        else:
            title = reader_title(self.reader, self.corpus, self.selection, status)
        self._title("reader", title)

    def _title(self, pane: str, info) -> None:
        title = self.titles.get(pane)
        if title is not None:
            title.show(info, narrow=self.narrow, active=pane == self.active_pane)

    # --- panes -------------------------------------------------------------------------

    def _pane_widget(self, pane: str) -> Widget:
        if pane == "entities":
            return self.filter_input if self.filter_input.value else self.entity_list
        return {"timeline": self.timeline, "reader": self.reader}[pane]

    def _show_active(self) -> None:
        for name in PANES:
            for pane in self.query(f"#{name}-pane"):
                pane.set_class(name == self.active_pane, "-active")
        self._update_titles()

    def action_focus_pane(self, pane: str) -> None:
        self.active_pane = pane
        self._show_active()
        focus_now(self._pane_widget(pane))

    def action_cycle_pane(self, step: int) -> None:
        self.action_focus_pane(PANES[(PANES.index(self.active_pane) + step) % len(PANES)])

    def action_next_pane(self) -> None:
        self.action_cycle_pane(+1)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        for name in PANES:
            pane = self.query(f"#{name}-pane")
            if pane and widget in pane.first().query("*"):
                if name != self.active_pane:
                    self.active_pane = name
                    self._show_active()
                else:
                    self._update_titles()
                return

    def _show_reader_if_narrow(self) -> None:
        """On a narrow terminal the reader is hidden behind the other panes: show it."""
        if self.narrow and self.active_pane != "reader":
            self.action_focus_pane("reader")

    # --- selection ---------------------------------------------------------------------

    def toggle_entity(self, entity_id: str) -> None:
        if entity_id in self.selection:
            self.selection.remove(entity_id)
        else:
            self.selection.append(entity_id)
        self._selection_changed()

    def select_entity(self, entity_id: str) -> None:
        if entity_id in self.selection:
            ent = self.corpus.entity(entity_id)
            self.notify(
                f"{ent.name if ent else entity_id} is already selected", timeout=3, markup=False
            )
            return
        self.selection.append(entity_id)
        self._selection_changed()

    def _entity_name(self, entity_id: str) -> str:
        ent = self.corpus.entity(entity_id)
        return ent.name if ent else entity_id

    def clear_entity_selection(self) -> None:
        self.selection.clear()
        self._selection_changed()

    @on(GoToEntity)
    def _go_to_entity(self, message: GoToEntity) -> None:
        if message.entity_id not in self.selection:
            self.selection.append(message.entity_id)
            self._selection_changed()
        self.action_focus_pane("timeline")

    @property
    def primary_entity(self) -> str | None:
        """The entity n/N follow: the last selected, else the one under the reader cursor."""
        if self.selection:
            return self.selection[-1]
        m = self.reader.mention_at(self.reader.cursor)
        return m[0] if m else None

    def _selection_changed(self, initial: bool = False) -> None:
        corpus = self.corpus
        sel = list(self.selection)
        self.filtered = corpus.articles_mentioning(sel) if sel else range(len(corpus.articles))
        self.entity_list.set_selected(sel)
        self.reader.set_selected(sel)
        if self.search_query is not None:
            # The search is of the articles that mention the selection: run it again.
            self._start_search(self.search_query, self.search_text)
        else:
            self.histogram.set_data(
                corpus.per_month(sel), self._month_span(), "mentions" if sel else "articles"
            )
        self._rebuild_timeline(keep=self.reader.article_idx, notify=initial)
        self._update_header()
        self._update_titles()

    def _month_span(self) -> tuple[tuple[int, int], tuple[int, int]] | None:
        first, last = self.corpus.date_span
        if first is None or last is None:
            return None
        return ((first.year, first.month or 1), (last.year, last.month or 12))

    # --- timeline ----------------------------------------------------------------------

    def _rebuild_timeline(self, keep: int | None = None, notify: bool = False) -> None:
        sel = tuple(self.selection)
        if self.timeline_mode == "hits":
            self._show_hit_rows()
        elif self.timeline_mode == "articles":
            self._rows_ready(article_rows(self.corpus, sel), keep, notify)
        else:
            self.timeline.building = True
            self.timeline.data = Rows(
                self.timeline_mode, self.timeline.data.rows[:0], [], self.timeline.data.items[:0]
            )
            self.timeline.rows_changed(0, notify=False)
            self._build_rows(self.timeline_mode, sel)
        self._update_titles()

    @work(thread=True, exclusive=True, group="timeline")
    def _build_rows(self, mode: str, selection: tuple[str, ...]) -> None:
        from tui.app.timeline import event_rows, quote_rows

        corpus = self.corpus
        data = (event_rows if mode == "events" else quote_rows)(corpus, selection)

        def ready() -> None:
            if corpus is self.corpus:  # (not rows of a corpus since reloaded)
                self._rows_ready(data, None, False)

        self.app.call_from_thread(ready)

    def _rows_ready(self, data: Rows, keep: int | None, notify: bool) -> None:
        if data.mode != self.timeline_mode or data.selection != tuple(self.selection):
            return  # stale: the mode or the selection changed meanwhile
        if data.mode != "articles":
            keep = None
        self.timeline.set_rows(data, keep_item=keep)
        self.timeline.set_open_article(self.reader.article_idx)
        if notify and self.timeline.current is not None:
            self._timeline_moved(self.timeline.current)
        while self._after_rows:
            self._after_rows.pop(0)()
        self._update_titles()

    @on(VirtualList.CursorMoved, "#timeline")
    def _on_timeline_cursor(self, event: VirtualList.CursorMoved) -> None:
        item = self.timeline.item_at(event.row)
        if item is not None:
            self._timeline_moved(item)

    def _timeline_moved(self, item: int) -> None:
        """Follow the timeline cursor in the reader (a preview: the focus stays)."""
        corpus = self.corpus
        mode = self.timeline.mode
        if mode == "articles":
            if item != self.reader.article_idx:
                self._open_article(item)
        elif mode == "events":
            t = corpus.timerefs[item]
            a = corpus.article_idx(t.article_id)
            if a is not None:
                s, e = corpus.sentence_at(t.article_id, t.start)
                if not s <= t.start < max(e, s + 1):
                    s, e = t.start, t.end
                self._open_article(a, mark=(s, e))
        elif mode == "hits":
            hits = self.timeline.hits
            if hits is not None and 0 <= item < len(hits):
                self._open_article(hits.article[item], mark=(hits.start[item], hits.end[item]))
        else:
            q = corpus.quotes[item]
            a = corpus.article_idx(q.article_id)
            if a is not None:
                self._open_article(a, mark=(q.start, q.end))
        self._mark_histogram()

    @on(VirtualList.Selected, "#timeline")
    def _on_timeline_enter(self, event: VirtualList.Selected) -> None:
        item = self.timeline.item_at(event.row)
        if item is not None:
            self._timeline_moved(item)
            self.action_focus_pane("reader")

    def _mark_histogram(self) -> None:
        a = self.reader.article_idx
        d = None
        if self.timeline.mode == "events" and self.timeline.current is not None:
            d = self.corpus.timerefs[self.timeline.current].value
        elif a is not None:
            art = self.corpus.articles[a]
            d = art.published or art.date
        self.histogram.set_mark((d.year, d.month) if d is not None and d.month else None)

    def _open_article(
        self,
        a: int,
        *,
        mention: tuple[str, int] | None = None,
        mark: tuple[int, int] | None = None,
    ) -> None:
        self.reader.set_hits(self.hits.in_article(a) if self.hits is not None else [])
        self.reader.show(a, mention=mention, mark=mark)
        self.timeline.set_open_article(a)
        if self.timeline.mode == "articles" and self.timeline.current != a:
            row = self.timeline.row_of(a)
            if row is not None:
                self.timeline.set_cursor(row, notify=False, center=True)
        elif self.timeline.mode == "hits" and mark is not None and self.hits is not None:
            # n/N through the hits: the concordance's cursor follows.
            k = self.hits.rank(a, mark[0])
            if k is not None and self.timeline.current != k:
                row = self.timeline.row_of(k)
                if row is not None:
                    self.timeline.set_cursor(row, notify=False, center=True)
        self._mark_histogram()
        self._update_titles()

    # --- entity list -------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self.entity_list.show_filter(event.value)
        self._update_titles()

    @on(FilterAccepted)
    def _on_filter_accepted(self, message: FilterAccepted) -> None:
        """Enter in the filter: select (or unselect) the entity under the list's cursor and
        go to the timeline (Enter in the list itself stays in the list)."""
        self.toggle_entity(message.entity_id)
        self.action_focus_pane("timeline")

    @on(VirtualList.Selected, "#entity-list")
    def _on_entity_enter(self, event: VirtualList.Selected) -> None:
        eid = self.entity_list.entity_at(event.row)
        if eid is None:
            self.app.bell()
            return
        self.toggle_entity(eid)

    @on(VirtualList.CursorMoved, "#entity-list")
    def _on_entity_cursor(self, event: VirtualList.CursorMoved) -> None:
        self._update_titles()

    def action_filter_escape(self) -> None:
        lst = self.entity_list
        if self.filter_input.value:
            self.filter_input.value = ""
            lst.show_filter("")
        elif lst.mode != "filter":
            lst.show_filter("")
        elif self.selection:
            names = [self._entity_name(eid) for eid in self.selection]
            self.clear_entity_selection()
            self.notify(
                "Cleared the selection: " + ", ".join(names) + " (Esc again: back)",
                timeout=3,
                markup=False,
            )
        else:
            self.action_focus_pane("timeline")
            return
        self._update_titles()

    def action_focus_filter(self) -> None:
        self.active_pane = "entities"
        self._show_active()
        focus_now(self.filter_input)

    # --- reader ------------------------------------------------------------------------

    @on(Reader.MentionChosen)
    def _on_mention_chosen(self, event: Reader.MentionChosen) -> None:
        self.select_entity(event.entity_id)

    @on(Reader.CursorMoved)
    def _on_reader_cursor(self, event: Reader.CursorMoved) -> None:
        self._update_titles()

    def _reader_place(self) -> tuple[int | None, int]:
        return (self.reader.article_idx, self.reader.cursor)

    def _set_status(self, words: str | None) -> None:
        self._status = (self._reader_place(), words) if words else None
        self._update_titles()

    def _hint(self, message: str) -> None:
        """A short notice for a key that had nothing to act on; pressing the key again
        while it shows does not stack another one over the reader."""
        now = time.monotonic()
        if self._last_hint is not None and self._last_hint[0] == message:
            if now - self._last_hint[1] < HINT_SECONDS:
                return
        self._last_hint = (message, now)
        self.notify(message, timeout=HINT_SECONDS)

    def _here(self) -> Place:
        from tui.app.stepping import Place

        return Place(self.reader.article_idx, self.reader.position)

    def _step_mention(self, backward: bool) -> None:
        if self.search_query is not None:
            self._step_hit(backward)
            return
        eid = self.primary_entity
        if eid is None:
            self._hint("Select an entity first: / to filter, Enter to select")
            return
        from tui.app.stepping import step_mention

        step = step_mention(self.corpus, eid, self._here(), backward)
        if step is None:
            self.app.bell()
            return
        self._open_article(step.article, mention=(eid, step.offset))
        self._show_reader_if_narrow()
        if step.wrapped:
            self.app.bell()
        # The position goes to the reader's title (no notice: stacked notices would
        # cover the reader on a small terminal).
        self._set_status("(wrapped)" if step.wrapped else None)

    def _step_hit(self, backward: bool) -> None:
        """n/N while a text search is active: its next or previous hit across the corpus."""
        if self.hits is None:
            self._hint("Still searching…")
            return
        from tui.app.stepping import step_hit

        step = step_hit(self.hits.pairs(), self._here(), backward)
        if step is None:
            self.app.bell()
            self._hint(f"No hits for {quoted(self.search_text)}")
            return
        k = step.rank
        self._open_article(step.article, mark=(step.offset, self.hits.end[k]))
        self._show_reader_if_narrow()
        if step.wrapped:
            self.app.bell()
        self._set_status("(wrapped)" if step.wrapped else None)

    def action_next_mention(self) -> None:
        self._step_mention(backward=False)

    def action_prev_mention(self) -> None:
        self._step_mention(backward=True)

    def _step_article(self, step: int) -> None:
        if not len(self.filtered):
            self.app.bell()
            return
        from tui.app.stepping import step_article

        target = step_article(self.filtered, self.reader.article_idx, step)
        if target is None:
            self.app.bell()
            self._set_status("last article" if step > 0 else "first article")
            return
        self._open_article(target)
        self._show_reader_if_narrow()
        self._set_status(None)

    def action_next_article(self) -> None:
        self._step_article(+1)

    def action_prev_article(self) -> None:
        self._step_article(-1)

    def action_reload(self) -> None:
        self.post_message(ReloadRequested())

    # --- modes -------------------------------------------------------------------------

    def _base_mode(self) -> str:
        """What the timeline shows when not events or quotes: the hits of the text search,
        while there is one; else the articles."""
        return "hits" if self.search_query is not None else "articles"

    def _set_timeline_mode(self, mode: str) -> None:
        self.timeline_mode = mode
        self.set_class(mode != "articles", "-wide-timeline")
        self._rebuild_timeline(keep=self.reader.article_idx)
        if self.narrow or self.active_pane == "entities":
            self.action_focus_pane("timeline")

    def action_toggle_events(self) -> None:
        self._set_timeline_mode("events" if self.timeline_mode != "events" else self._base_mode())

    def action_quotes(self) -> None:
        self._set_timeline_mode("quotes" if self.timeline_mode != "quotes" else self._base_mode())

    def action_article_entities(self) -> None:
        art = self.reader.article
        if art is None:
            self._hint("No article open")
            return
        pairs = self.corpus.entities_of(art.id)
        self.entity_list.show_pairs("article", pairs, f"{len(pairs)} · Esc: all")
        self.action_focus_pane("entities")
        focus_now(self.entity_list)

    def action_related_entities(self) -> None:
        eid = self.primary_entity
        if eid is None and self.active_pane == "entities":
            eid = self.entity_list.current
        if eid is None:
            self._hint("Select an entity first: / to filter, Enter to select")
            return
        ent = self.corpus.entity(eid)
        pairs = self.corpus.co_mentions(eid, limit=50)
        self.entity_list.show_pairs("related", pairs, ent.name if ent else eid)
        self.action_focus_pane("entities")
        focus_now(self.entity_list)

    # --- copy --------------------------------------------------------------------------

    def action_copy(self) -> None:
        """Copy exactly the row under the cursor of the focused list (a quotation, an
        event's sentence, an entity's name); else what the reader points at in the open
        article (the quotation, or the sentence), with its citation."""
        found = self._copy_target()
        if found is None:
            return
        text, what = found
        how = deliver(
            text,
            env=os.environ,
            send_osc52=self.app.copy_to_clipboard,
            write_raw=lambda data: write_to_terminal(self.app, data),
        )
        # The start of the text is enough to recognise it: a long quotation would cover
        # half of a small terminal.
        shown = text if len(text) <= 90 else text[:89] + "…"
        self.notify(f"{shown}\n{how}", title=what, timeout=5, markup=False)

    def _copy_target(self) -> tuple[str, str] | None:
        focused = self.focused
        if focused is self.timeline and self.timeline.mode == "hits":
            item, hits = self.timeline.current, self.timeline.hits
            if item is None or hits is None:
                self._hint("Nothing under the cursor to copy")
                return None
            art = self.corpus.articles[hits.article[item]]
            text = hit_citation(self.corpus, self.config, art, hits.start[item], hits.end[item])
            return text, "The sentence of the hit, cited"
        if focused is self.timeline and self.timeline.mode != "articles":
            # (An article row is the article open in the reader: what the reader points
            # at in it is copied, below.)
            item = self.timeline.current
            if item is None:
                self._hint("Nothing under the cursor to copy")
                return None
            if self.timeline.mode == "quotes":
                return quote_citation(self.corpus, self.config, item), "The quotation, cited"
            text = event_citation(self.corpus, self.config, item)
            return (text, "The event's sentence, cited") if text else None
        if focused is self.entity_list:
            eid = self.entity_list.current
            ent = self.corpus.entity(eid) if eid else None
            if ent is None:
                self._hint("Nothing under the cursor to copy")
                return None
            return ent.name, "The entity's name"
        r = self.reader
        art = r.article
        if art is None:
            self._hint("No article open")
            return None
        pos = (
            r.position if r.position is not None else (art.sentences[0][0] if art.sentences else 0)
        )
        text, what = citation_at(self.corpus, self.quotes, self.config, art, pos)
        return text, f"The {what}, cited"
