"""Keeping the reader's place across a reload: what the main screen shows, by ids (entity ids,
article ids, offsets), taken before the new corpus replaces the old and given back after.

Indexes (article, entity, event and quotation numbers) change when files are added or
removed; ids do not (entity ids are slugs of the names, article ids the file names). What
no longer exists is said, never an error: a selected entity gone is dropped from the
selection, an open article gone gives way to its neighbour in the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.widget import Widget

    from tui.app.main_screen import MainScreen
    from tui.corpus import Corpus
    from tui.model import Quote, TimeRef

# How many articles on each side of the open one are remembered, to open a neighbour when
# it is gone.
NEIGHBOURS = 20


@dataclass(frozen=True)
class ViewState:
    selection: tuple[str, ...]
    timeline_mode: str
    active_pane: str
    filter_text: str
    article: str | None  # the open article's id
    neighbours: tuple[str, ...]  # the articles after it in the timeline, then those before
    title: str  # the open article's, to name it if it is gone
    mention: tuple[str, int] | None  # the reader's mention cursor: (entity id, start)
    mark: tuple[int, int] | None  # the span the reader marks (an event's sentence, a quote)
    reader_top: int  # the first line the reader shows
    timeline_item: tuple[str, int] | None  # under the timeline cursor: (article id, start)
    timeline_height: int  # how far below the top of the timeline its cursor is


def capture(screen: MainScreen) -> ViewState:
    corpus, reader, timeline = screen.corpus, screen.reader, screen.timeline
    art = reader.article
    neighbours: tuple[str, ...] = ()
    if reader.article_idx is not None:
        ids = corpus.articles.ids()
        order = list(screen.filtered)
        try:
            k = order.index(reader.article_idx)
        except ValueError:
            k = reader.article_idx
            order = list(range(len(ids)))
        after = order[k + 1 : k + 1 + NEIGHBOURS]
        before = order[max(0, k - NEIGHBOURS) : k][::-1]
        neighbours = tuple(ids[i] for i in [*after, *before])
    mention = reader.mention_at(reader.cursor) if art is not None else None
    return ViewState(
        selection=tuple(screen.selection),
        timeline_mode=screen.timeline_mode,
        active_pane=screen.active_pane,
        filter_text=screen.filter_input.value,
        article=art.id if art is not None else None,
        neighbours=neighbours,
        title=art.title if art is not None else "",
        mention=(mention[0], mention[1]) if mention is not None else None,
        mark=reader.mark,
        reader_top=round(reader.scroll_offset.y),
        timeline_item=_timeline_item(corpus, screen.timeline_mode, timeline.current),
        timeline_height=max(0, timeline.cursor - round(timeline.scroll_offset.y)),
    )


def _timeline_item(corpus: Corpus, mode: str, item: int | None) -> tuple[str, int] | None:
    if item is None:
        return None
    if mode == "events":
        t = corpus.timerefs[item]
        return t.article_id, t.start
    if mode == "quotes":
        q = corpus.quotes[item]
        return q.article_id, q.start
    return corpus.articles[item].id, -1


def _find_item(corpus: Corpus, mode: str, key: tuple[str, int]) -> int | None:
    """The index of the event, quotation or article ``key`` names in the new corpus."""
    article, start = key
    if mode == "articles":
        return corpus.article_idx(article)
    items: Sequence[TimeRef] | Sequence[Quote] = (
        corpus.timerefs if mode == "events" else corpus.quotes
    )
    for i, x in enumerate(items):
        if x.article_id == article and x.start == start:
            return i
    return None


def restore(screen: MainScreen, state: ViewState) -> list[str]:
    """Show ``state`` on the screen's new panes; returns what could not be kept, in words.
    (This module is the main screen's own: it sets its selection and timeline as the
    screen's start-up does.)"""
    from tui.app.main_screen import SMALL_ENTITY_LIST

    corpus = screen.corpus
    notes: list[str] = []
    kept = [e for e in state.selection if corpus.entity(e) is not None]
    gone = [e for e in state.selection if e not in kept]
    if gone:
        notes.append("No longer in the corpus, unselected: " + ", ".join(gone))
    screen.selection = kept
    if state.filter_text:
        screen.filter_input.value = state.filter_text  # the list follows (Input.Changed)
    small = len(corpus.entities) <= SMALL_ENTITY_LIST
    screen.entity_list.show_filter(state.filter_text, now=small)

    a = corpus.article_idx(state.article) if state.article is not None else None
    if a is None and state.article is not None:
        a = next(
            (i for i in map(corpus.article_idx, state.neighbours) if i is not None),
            0 if len(corpus.articles) else None,
        )
        notes.append(f"The article open is gone from the folder: {state.title or state.article}")
    if a is not None:
        same = state.article is not None and corpus.article_idx(state.article) == a
        mention = state.mention if same else None
        mark = state.mark if same else None
        if mention is not None and corpus.entity(mention[0]) is None:
            mention = None
        screen.reader.show(a, mention=mention, mark=mark)
        if same and mention is None and mark is None and state.reader_top:
            top = state.reader_top
            _scroll_later(screen.reader, top)

    screen.timeline_mode = state.timeline_mode
    screen.set_class(state.timeline_mode != "articles", "-wide-timeline")
    if state.timeline_item is not None:
        key, height = state.timeline_item, state.timeline_height
        screen._after_rows.append(lambda: _put_timeline_cursor(screen, key, height))
    screen._selection_changed()
    screen.action_focus_pane(state.active_pane)
    return notes


def _put_timeline_cursor(screen: MainScreen, key: tuple[str, int], height: int) -> None:
    """The timeline's cursor on the item it was on, as far below the top as it was."""
    timeline = screen.timeline
    item = _find_item(screen.corpus, timeline.mode, key)
    row = timeline.row_of(item) if item is not None else None
    if row is None:
        return
    timeline.set_cursor(row, notify=False)
    _scroll_later(timeline, max(0, row - height))


def _scroll_later(widget: Widget, y: int, tries: int = 5) -> None:
    """Scroll ``widget`` to line ``y`` once it is laid out: after the next refresh (and the
    scrolls to the top that new rows or a new article asked for, deferred to it), and again
    after the following ones while it has no size yet. Forced: the scroll bars of new panes
    are not worked out yet, and without them Textual refuses to scroll."""

    def scroll() -> None:
        if widget.size.height == 0 and tries > 1:
            _scroll_later(widget, y, tries - 1)
            return
        widget.scroll_to(y=y, animate=False, immediate=True, force=True)

    widget.call_after_refresh(scroll)
