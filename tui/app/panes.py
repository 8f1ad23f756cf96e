"""The three panes side by side, and the title line over each (its number and name, the
tabs on a narrow terminal, and what it shows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tui.app.entities import EntityList, EntityPane, EntitySearch, FilterInput
from tui.app.reader import Reader, ReaderPane
from tui.app.timeline import Histogram, Timeline, TimelinePane, iso

if TYPE_CHECKING:
    from tui.corpus import Corpus

PANES = ("entities", "timeline", "reader")
PANE_NAMES = {"entities": "Entities", "timeline": "Timeline", "reader": "Reader"}


class PaneTitle(Static):
    """One line over each pane: its number and name (the tabs, on a narrow terminal) and
    what it shows."""

    DEFAULT_CSS = "PaneTitle { height: 1; }"

    def __init__(self, pane: str):
        super().__init__(markup=False, classes="pane-title")
        self.pane = pane

    def show(self, info: Text | str, *, narrow: bool, active: bool) -> None:
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        if narrow:
            for n, name in enumerate(PANES, 1):
                label = f" {n} {PANE_NAMES[name]} "
                out.append(label, style="reverse bold" if name == self.pane else "dim")
            out.append(" ")
        else:
            n = PANES.index(self.pane) + 1
            out.append(f" {n} {PANE_NAMES[self.pane]} ", style="reverse bold" if active else "bold")
            out.append(" ")
        out.append_text(info if isinstance(info, Text) else Text(info))
        self.update(out)


class MainView(Horizontal):
    """The three panes."""

    def __init__(self, corpus: Corpus, search: EntitySearch):
        super().__init__(id="main")
        self.corpus, self.search = corpus, search

    def compose(self) -> ComposeResult:
        with EntityPane(id="entities-pane", classes="pane"):
            yield PaneTitle("entities")
            yield FilterInput(
                placeholder="filter: lavr @per 'exact ^pre !not",
                id="filter",
            )
            yield EntityList(self.corpus, self.search, id="entity-list")
        with TimelinePane(id="timeline-pane", classes="pane -active"):
            yield PaneTitle("timeline")
            yield Histogram(id="histogram")
            yield Timeline(self.corpus, id="timeline")
        with ReaderPane(id="reader-pane", classes="pane"):
            yield PaneTitle("reader")
            yield Reader(self.corpus, id="reader")


def entities_title(lst: EntityList) -> Text:
    info = Text(no_wrap=True)
    if lst.mode == "article":
        info.append("this article ", style="bold")
        info.append(lst.caption, style="dim")
    elif lst.mode == "related":
        info.append("with ", style="dim")
        info.append(lst.caption, style="bold")
    else:
        info.append(lst.caption, style="dim")
    return info


def timeline_title(tl: Timeline, filtered: bool) -> Text:
    t = Text(no_wrap=True)
    label = {"articles": "articles", "events": "events", "quotes": "quotes"}[tl.mode]
    if tl.mode == "articles":
        t.append(f"{len(tl.data.items)} {label}")
    elif tl.building:
        t.append(f"{label}…")
    else:
        t.append(f"{len(tl.data.items)} {label}", style="bold")
    if filtered:
        t.append(" · filtered", style="dim")
    return t


def reader_title(
    r: Reader, corpus: Corpus, selection: Sequence[str], status: str | None = None
) -> Text:
    """Where the reader is, as lnav and less show it in their status line: the entity
    under the cursor, its mention's rank in the corpus and date, and its place among the
    mentions here of the selection (of that entity, if it is not selected). ``status``
    says what the last step did ("wrapped", "last article")."""
    rt = Text(no_wrap=True)
    art = r.article
    m = r.mention_at(r.cursor) if art is not None else None
    if art is not None and m is not None:
        eid, start, _end = m
        ent = corpus.entity(eid)
        rt.append(ent.name if ent else eid, style="bold")
        rank, total = corpus.mention_rank(eid, art.id, start), corpus.mention_count(eid)
        if rank is not None:
            rt.append(f" {rank + 1}/{total}")
        if status:
            rt.append(f" {status}", style="bold")
        rt.append(f" · {iso(art.published or art.date)}", style="dim")
        counted = selection if eid in selection else (eid,)
        idxs = frozenset(i for i in map(corpus.entity_idx, counted) if i is not None)
        place, here = r.rank_here(idxs)
        rt.append(f" · {place}/{here} here", style="dim")
    elif art is not None:
        if r.mention_count:
            rt.append(f"{r.mention_count} mentions · h/l", style="dim")
        if status:
            rt.append(f" · {status}" if r.mention_count else status, style="bold")
    return rt
