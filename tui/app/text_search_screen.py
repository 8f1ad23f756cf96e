"""The text search half of the main screen (``s``): the prompt, the full-text index opened
in a worker, the hits found and sorted in workers, and the concordance they make of the
timeline. ``MainScreen`` (tui/app/main_screen.py) builds on it and owns the panes it uses
(``timeline``, ``reader``, ``histogram``), the selection and the titles.

The logic that needs no Textual (hit lists, concordance lines, sort orders, the index
holder) is in ``textsearch``; this module is its wiring to the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.screen import Screen
from textual.worker import get_current_worker

from tui.app.messages import HitsShown, TextSearchSubmitted
from tui.app.panes import quoted
from tui.app.prompt import focus_now
from tui.app.textsearch import (
    HitList,
    IndexHolder,
    collect_hits,
    next_order,
    sorted_order,
)
from tui.app.timeline import SearchInput, hit_rows

if TYPE_CHECKING:
    from array import array

    from tui.app.reader import Reader
    from tui.app.timeline import Histogram, Timeline
    from tui.config import Config
    from tui.corpus import Corpus
    from tui.fulltext import FullTextIndex, Query

# An index build of this many files or more is announced with a notice (a few files take
# less time than reading the notice).
ANNOUNCE_INDEXING = 50


class TextSearchScreen(Screen[None]):
    """The text search's state and actions, for ``MainScreen``."""

    # What MainScreen provides (its corpus, selection and panes), declared for the checker.
    corpus: Corpus
    config: Config
    selection: list[str]
    filtered: list[int] | range
    timeline_mode: str
    timeline: Timeline
    reader: Reader
    histogram: Histogram

    if TYPE_CHECKING:

        def _show_active(self) -> None: ...
        def action_focus_pane(self, pane: str) -> None: ...
        def _selection_changed(self, initial: bool = False) -> None: ...
        def _set_timeline_mode(self, mode: str) -> None: ...
        def _update_titles(self) -> None: ...
        def _timeline_moved(self, item: int) -> None: ...
        def _month_span(self) -> tuple[tuple[int, int], tuple[int, int]] | None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The text search: the words as typed and parsed, its hits (None while the first
        # ones are being found), the concordance's order and rows, and a generation number
        # that tells stale results from a worker apart.
        self._fulltext: IndexHolder | None = None
        self.search_text = ""
        self.search_query: Query | None = None
        self.hits: HitList | None = None
        self.hit_order = "date"
        self._hit_rows: array[int] | None = None
        self._searching = False
        self._search_gen = 0
        self._indexing: int | None = None  # files being indexed, while that lasts

    # --- text search -------------------------------------------------------------------

    @property
    def fulltext(self) -> IndexHolder:
        if self._fulltext is None:
            app = self.app
            self._fulltext = IndexHolder(
                self.corpus,
                getattr(app, "root", None),
                self.config,
                getattr(app, "use_cache", True),
            )
        return self._fulltext

    def _show_prompt(self, shown: bool) -> None:
        # Shown at once (not through a CSS class, applied at the next refresh): the keys
        # typed right after s must find it focusable.
        self.query_one(SearchInput).display = shown

    def action_text_search(self) -> None:
        """Open the text search prompt over the timeline (with the current words, if any),
        and get the index ready meanwhile."""
        self._show_prompt(True)
        prompt = self.query_one(SearchInput)
        prompt.value = self.search_text
        self.active_pane = "timeline"
        self._show_active()
        focus_now(prompt)
        if self.fulltext.index is None:
            self._prepare_index()

    def action_cancel_text_search(self) -> None:
        """Esc in the prompt: back to the timeline, the search (if any) as it was."""
        prompt = self.query_one(SearchInput)
        prompt.value = self.search_text
        self._show_prompt(self.search_query is not None)
        self.action_focus_pane("timeline")

    def action_clear_search(self, say: bool = True) -> None:
        """Esc on the concordance: the search goes, the timeline comes back."""
        if self.search_query is None:
            return
        words = self.search_text
        self._search_gen += 1  # results still on their way are stale now
        self.search_query, self.search_text, self.hits = None, "", None
        self._searching = False
        self._hit_rows = None
        self.timeline.set_hits(None)
        self.query_one(SearchInput).value = ""
        self._show_prompt(False)
        if self.timeline_mode == "hits":
            self.timeline_mode = "articles"
            self.set_class(False, "-wide-timeline")
        a = self.reader.article_idx
        self.reader.set_hits([])
        self._selection_changed()
        if a is not None and self.timeline.mode == "articles":
            row = self.timeline.row_of(a)
            if row is not None:
                self.timeline.set_cursor(row, notify=False, center=True)
        if say:
            self.notify(f"Cleared the search {quoted(words)}", timeout=3, markup=False)

    def action_sort_hits(self) -> None:
        """The concordance's next sort order: date, word before, word after."""
        if self.search_query is None:
            return
        self.hit_order = next_order(self.hit_order)
        if self.timeline_mode != "hits":
            self._set_timeline_mode("hits")
        if self.hits is not None and not self._searching:
            self._sort_hits(self._search_gen, self.hits, self.hit_order)
        self._update_titles()

    @on(TextSearchSubmitted)
    def _on_text_search(self, message: TextSearchSubmitted) -> None:
        from tui.fulltext import QueryError, parse_query

        text = " ".join(message.text.split())
        if not text:
            if self.search_query is not None:
                self.action_clear_search()
            else:
                self.action_cancel_text_search()
            return
        try:
            query = parse_query(text)
        except QueryError as err:
            self.app.bell()
            self.notify(str(err), title="Search", severity="error", timeout=5, markup=False)
            return
        self.hit_order = "date" if text != self.search_text else self.hit_order
        self._start_search(query, text)
        self._set_timeline_mode("hits")
        self.action_focus_pane("timeline")

    def _start_search(self, query: Query, text: str) -> None:
        """Search in a worker: the first hits are shown as soon as they are found."""
        self._search_gen += 1
        self.search_query, self.search_text = query, text
        self.hits, self._hit_rows, self._searching = None, None, True
        self._show_prompt(True)
        self.query_one(SearchInput).value = text
        allowed = None
        if self.selection:
            ids = self.corpus.articles.ids()
            allowed = {ids[i] for i in self.filtered}
        self.histogram.set_data({}, self._month_span(), "hits")
        self._search(self._search_gen, query, allowed)
        self._update_titles()

    @work(thread=True, exclusive=True, group="textindex")
    def _prepare_index(self) -> None:
        try:
            with self.fulltext.lock:
                self._open_index()
        except Exception as err:  # noqa: BLE001 - told to the user, the app goes on
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._search_failed, None, err)

    def _open_index(self) -> FullTextIndex:
        """The index (with the lock held), announced when it has to be built."""

        def announce(files: int) -> None:
            self.app.call_from_thread(self._indexing_started, files)

        index = self.fulltext.get(announce)
        if self._indexing is not None:
            self.app.call_from_thread(self._indexing_done)
        return index

    def _indexing_started(self, files: int) -> None:
        self._indexing = files
        what = f"Indexing the words of {files:,} file{'s' if files != 1 else ''}…"
        self.timeline.building_note = what[0].lower() + what[1:]
        self.timeline.refresh()
        if files >= ANNOUNCE_INDEXING:
            self.notify(what + " (once: the index is kept in the cache)", timeout=5)

    def _indexing_done(self) -> None:
        self._indexing = None
        self.timeline.building_note = "searching…"
        self.timeline.refresh()

    @work(thread=True, exclusive=True, group="textsearch")
    def _search(self, gen: int, query: Query, allowed: set[str] | None) -> None:
        worker = get_current_worker()

        def first(hits: HitList) -> None:
            self.app.call_from_thread(self._hits_found, gen, hits, None, "date", True)

        try:
            with self.fulltext.lock:
                index = self._open_index()
                if worker.is_cancelled or gen != self._search_gen:
                    return
                hits = collect_hits(
                    index,
                    self.corpus,
                    query,
                    articles=allowed,
                    first=first,
                    cancelled=lambda: worker.is_cancelled or gen != self._search_gen,
                )
        except Exception as err:  # noqa: BLE001 - told to the user, the app goes on
            if not worker.is_cancelled:
                self.app.call_from_thread(self._search_failed, gen, err)
            return
        if hits is None:
            return
        order = self.hit_order  # (the sort key may have been pressed meanwhile)
        rows = sorted_order(hits, order, self.corpus.articles.text, lambda: worker.is_cancelled)
        if rows is not None:
            self.app.call_from_thread(self._hits_found, gen, hits, rows, order, False)

    @work(thread=True, exclusive=True, group="textsearch")
    def _sort_hits(self, gen: int, hits: HitList, order: str) -> None:
        worker = get_current_worker()
        rows = sorted_order(
            hits,
            order,
            self.corpus.articles.text,
            lambda: worker.is_cancelled or gen != self._search_gen,
        )
        if rows is not None:
            self.app.call_from_thread(self._hits_sorted, gen, order, rows)

    def _hits_found(
        self, gen: int, hits: HitList, rows: array[int] | None, order: str, partial: bool
    ) -> None:
        if gen != self._search_gen:
            return  # a newer search, or none
        if not partial and order != self.hit_order:
            self._sort_hits(gen, hits, self.hit_order)  # the order changed meanwhile
        first_shown = self.hits is None
        self.hits, self._searching = hits, partial
        self._hit_rows = rows
        self.timeline.set_hits(hits)
        if not partial:
            self.histogram.set_data(hits.months, self._month_span(), "hits")
        a = self.reader.article_idx
        if a is not None:
            self.reader.set_hits(hits.in_article(a))
        if self.timeline_mode == "hits":
            self._show_hit_rows()
            if first_shown and self.timeline.current is not None:
                self._timeline_moved(self.timeline.current)  # the first hit, in the reader
        self._update_titles()
        if first_shown:
            self.call_after_refresh(self.post_message, HitsShown(len(hits)))

    def _search_failed(self, gen: int | None, err: Exception) -> None:
        """The index could not be built or read (a full disk, a locked file): said once; the
        search is cleared."""
        self._indexing = None
        self.notify(
            f"The text search failed: {err}", title="Search", severity="error", markup=False
        )
        if gen is not None and gen == self._search_gen:
            self.action_clear_search(say=False)

    def _hits_sorted(self, gen: int, order: str, rows: array[int]) -> None:
        if gen != self._search_gen or order != self.hit_order:
            return
        self._hit_rows = rows
        if self.timeline_mode == "hits":
            self._show_hit_rows(keep=False)  # a new order is read from its top
        self._update_titles()

    def _show_hit_rows(self, keep: bool = True) -> None:
        """The concordance in the timeline: the hits in the chosen order (date order until
        a sort is done), the cursor kept on the hit it was on (with ``keep``)."""
        tl = self.timeline
        hits = self.hits
        if hits is None:
            tl.building = True
            tl.building_note = (
                f"indexing the words of {self._indexing:,} files…"
                if self._indexing is not None
                else "searching…"
            )
            tl.set_rows(hit_rows((), self.selection))
            tl.building = True
            return
        kept = None
        if keep and tl.mode == "hits" and tl.current is not None and tl.hits is not None:
            old = tl.current
            if old < len(tl.hits):
                kept = hits.rank(tl.hits.article[old], tl.hits.start[old])
        tl.set_hits(hits)
        rows = self._hit_rows if self._hit_rows is not None else range(len(hits))
        note = ""
        if hits.capped:
            rest = hits.total - len(hits)
            note = f"… and {rest:,} more hits, not listed: narrow the search"
        tl.set_rows(hit_rows(rows, self.selection, note), keep_item=kept)
        tl.set_open_article(self.reader.article_idx)

    def on_unmount(self) -> None:
        self._close_fulltext()

    def _close_fulltext(self) -> None:
        holder = self._fulltext
        # Not while a worker builds the index (quitting then must not wait for it).
        if holder is None:
            return
        if holder.lock.acquire(blocking=False):
            try:
                if holder.index is not None:
                    holder.index.close()
                    holder.index = None
            finally:
                holder.lock.release()
        else:
            holder.interrupt()
