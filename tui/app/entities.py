"""The entity pane: a filter input over a virtual list of entities.

The list has three modes: ``filter`` (the matcher's results for the query, by relevance),
``article`` (the entities of the open article, ``e``) and ``related`` (the entities most often
mentioned with the selected one, ``r``). Filtering runs in a thread worker; a newer keystroke
makes an older result stale, so typing never waits.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Vertical

from tui.app.keys import pane_bindings
from tui.app.messages import FilterAccepted
from tui.app.prompt import HandoffInput
from tui.app.vlist import VirtualList, fit

if TYPE_CHECKING:
    from tui.corpus import Corpus

TYPE_MARKS = {"PER": "P", "ORG": "O", "LOC": "L", "MISC": "M"}
TYPE_NAMES = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other"}


class EntitySearch:
    """The corpus' fuzzy matcher, built on first use, shared by the filter and the palette.
    A lock keeps two worker threads from using it at once (it remembers the last query)."""

    def __init__(self, corpus: Corpus, matcher=None):
        self.corpus = corpus
        self._matcher = matcher
        self._lock = threading.Lock()

    def ready(self):
        with self._lock:
            return self._matcher_locked()

    def _matcher_locked(self):
        if self._matcher is None:
            from tui.search import EntityMatcher

            self._matcher = EntityMatcher.for_corpus(self.corpus)
        return self._matcher

    def search(self, query: str, limit: int | None = None) -> array:
        if not query.strip() and self._matcher is None:
            # The whole list, most mentioned first (the matcher's order for an empty query),
            # without building the matcher: the first screen does not wait for it.
            counts, ents = self.corpus.mention_counts(), self.corpus.entities
            order = sorted(range(len(ents)), key=lambda i: (-counts[i], len(ents[i].name), i))
            return array("i", order[:limit] if limit else order)
        with self._lock:
            matches = self._matcher_locked().search(query, limit)
        return array("i", (m.index for m in matches))


class EntityList(VirtualList):
    """One row per entity: selection mark, type mark, name, count."""

    BINDINGS = [
        Binding("enter", "select", "Select", show=True),
        *pane_bindings("related_entities", "next_mention"),
    ]

    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "entities--per",
        "entities--org",
        "entities--loc",
        "entities--misc",
        "entities--selected",
        "entities--count",
    }

    def __init__(self, corpus: Corpus, search: EntitySearch, *, id: str | None = None):
        super().__init__(id=id)
        self.corpus = corpus
        self.entity_search = search
        self.mode = "filter"
        self.filter_query = ""
        self.items: Sequence[int] = array("i")
        self.counts: Sequence[int] | None = None  # per row, in article/related modes
        self.caption = ""  # what the list shows, for the pane title
        self.selected: frozenset[int] = frozenset()
        self.searching = False
        self._search_gen = 0

    # --- data --------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.items)

    def entity_at(self, row: int) -> str | None:
        if 0 <= row < len(self.items):
            return self.corpus.entities[self.items[row]].id
        return None

    @property
    def current(self) -> str | None:
        return self.entity_at(self.cursor)

    def set_selected(self, entity_ids: Sequence[str]) -> None:
        idx = (self.corpus.entity_idx(e) for e in entity_ids)
        self.selected = frozenset(i for i in idx if i is not None)
        self.invalidate()

    def show_filter(self, query: str, *, now: bool = False) -> None:
        """Narrow to ``query`` (in a worker; with ``now``, here: for the first frame of a
        small corpus, which then shows the list without waiting for a worker); results
        arrive in ``_filtered``."""
        self.mode = "filter"
        self.filter_query = query
        self.searching = True
        self._search_gen += 1
        if now:
            self._filtered(self._search_gen, self.entity_search.search(query))
        else:
            self._run_search(query, self._search_gen)

    @work(exclusive=True, thread=True, group="entity-filter")
    def _run_search(self, query: str, gen: int) -> None:
        items = self.entity_search.search(query)
        self.app.call_from_thread(self._filtered, gen, items)

    def flush(self) -> None:
        """Show the results of the latest query now, searching in this thread if the worker
        has not answered yet (Enter typed right after the query acts on its results)."""
        if self.mode == "filter" and self.searching:
            self._filtered(self._search_gen, self.entity_search.search(self.filter_query))

    def _filtered(self, gen: int, items: array) -> None:
        if gen != self._search_gen or not self.searching or self.mode != "filter":
            return  # a newer keystroke (or another mode) took over, or flush() answered
        self.searching = False
        keep = self.current
        self.items, self.counts = items, None
        n = len(items)
        query = self.filter_query
        self.caption = f"{n} of {len(self.corpus.entities)}" if query.strip() else f"{n}"
        self.rows_changed(self._row_of(keep) if query == "" and keep else 0)

    def accept(self, query: str) -> str | None:
        """Enter in the filter: the entity under the cursor once the list shows the
        results of ``query`` (searched now if the worker has not answered yet), or None."""
        if self.mode != "filter" or self.filter_query != query:
            self.show_filter(query)
        self.flush()
        return self.current

    def show_pairs(self, mode: str, pairs: list, caption: str) -> None:
        """Show (Entity, count) pairs: the entities of an article, or the co-mentioned ones."""
        self.mode = mode
        self.searching = False
        idx = [self.corpus.entity_idx(e.id) for e, _n in pairs]
        self.items = array("i", idx)
        self.counts = array("i", (n for _e, n in pairs))
        self.caption = caption
        self.rows_changed(0)

    def _row_of(self, entity_id: str) -> int:
        i = self.corpus.entity_idx(entity_id)
        if i is None:
            return 0
        for row, item in enumerate(self.items):
            if item == i:
                return row
        return 0

    # --- rendering ---------------------------------------------------------------------

    def empty_text(self) -> Text:
        if self.searching:
            return Text("searching…", style="dim")
        if self.mode == "filter" and self.filter_query.strip():
            return Text("no entity matches", style="dim")
        return Text("no entities", style="dim")

    def render_row(self, row: int, width: int) -> Text:
        i = self.items[row]
        ent = self.corpus.entities[i]
        is_selected = i in self.selected
        left = Text(no_wrap=True)
        left.append("●" if is_selected else " ", self.component_style("entities--selected"))
        mark = TYPE_MARKS.get(ent.type, "?")
        left.append(mark, self.component_style(f"entities--{ent.type.lower()}"))
        left.append(" ")
        name_style = self.component_style("entities--selected") if is_selected else ""
        left.append(_one_line(ent.name), name_style)
        n = self.counts[row] if self.counts is not None else self.corpus.mention_count(ent.id)
        right = Text(str(n), self.component_style("entities--count"))
        return fit(left, right, width)


class FilterInput(HandoffInput):
    """The filter query. Up/down and page keys move the list's cursor while typing; Enter
    picks the entity under the list's cursor (``FilterAccepted``)."""

    BINDINGS = [
        Binding("enter", "submit", "Select", show=True),
        Binding("down", "list('down')", "Down", show=False),
        Binding("up", "list('up')", "Up", show=False),
        Binding("pagedown", "list('page_down')", "Page down", show=False),
        Binding("pageup", "list('page_up')", "Page up", show=False),
    ]

    @property
    def entity_list(self) -> EntityList:
        return self.screen.query_one(EntityList)

    def action_submit(self) -> None:
        if not self.value.strip():
            return  # nothing typed: nothing to pick (the list's first row is no choice)
        entity_id = self.entity_list.accept(self.value)
        if entity_id is None:
            self.app.bell()
            return
        # Straight to the screen, not bubbled: the keys queued behind Enter bubble through
        # the pane to the screen, and the selection must be made before they reach the
        # app's bindings.
        self.screen.post_message(FilterAccepted(entity_id))
        self.hand_off()

    def action_list(self, what: str) -> None:
        lst = self.entity_list
        {
            "down": lambda: lst.move(+1),
            "up": lambda: lst.move(-1),
            "page_down": lst.action_page_down,
            "page_up": lst.action_page_up,
        }[what]()


class EntityPane(Vertical):
    """Title, filter input, list. Esc: clear the text, then the list mode, then the
    selection, then go back to the timeline."""

    BINDINGS = [
        Binding("escape", "screen.filter_escape", "Clear/back", show=True),
        *pane_bindings("related_entities"),
    ]


def _one_line(s: str) -> str:
    return " ".join(s.split()) if ("\n" in s or "\t" in s) else s
