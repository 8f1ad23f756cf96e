"""The three panes side by side, and the title line over each (its number and name, the
tabs on a narrow terminal, and what it shows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.app.entities import EntityList, EntityPane, EntitySearch, FilterInput
from tui.app.reader import Reader, ReaderPane
from tui.app.textsearch import ORDER_NAMES, HitList
from tui.app.timeline import Histogram, SearchInput, Timeline, TimelinePane, date_label

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
        self._shown: Text | None = None

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
        if out != self._shown:  # an update lays the screen out again: not for the same text
            self._shown = out
            self.update(out)


def pane_widgets(corpus: Corpus, search: EntitySearch) -> list[Widget]:
    """The three panes, side by side on the main screen (no container around them: each
    level of the tree is paid again for every widget under it, in styles, layout and
    drawing; the screen lays them out in a row between its docked header and footer)."""
    return [
        EntityPane(
            PaneTitle("entities"),
            FilterInput(placeholder="filter: lavr @per 'exact ^pre !not", id="filter"),
            EntityList(corpus, search, id="entity-list"),
            id="entities-pane",
            classes="pane",
        ),
        TimelinePane(
            PaneTitle("timeline"),
            SearchInput(
                placeholder='search the text: gaz russe  "droits de douane"  chin*  -mot  a OR b',
                id="text-search",
            ),
            Histogram(id="histogram"),
            Timeline(corpus, id="timeline"),
            id="timeline-pane",
            classes="pane -active",
        ),
        ReaderPane(
            PaneTitle("reader"),
            Reader(corpus, id="reader"),
            id="reader-pane",
            classes="pane",
        ),
    ]


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


def quoted(text: str, limit: int = 30) -> str:
    """The query as typed, in quotes, on one line and cut short."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if len(text) > 1 and text[0] == text[-1] == '"':
        return text  # a phrase, quoted already
    return f'"{text}"'


def hits_title(
    text: str, hits: HitList | None, order: str, searching: bool, filtered: bool
) -> Text:
    """The concordance's title: the query, how many hits in how many articles, the sort
    order (and whether the search is still going, or was cut short)."""
    t = Text(no_wrap=True)
    t.append(quoted(text), style="bold")
    if hits is None:
        t.append(" searching…", style="dim")
        return t
    n = hits.total
    t.append(f" {n:,} hit{'s' if n != 1 else ''}")
    t.append(f" · {hits.articles:,} article{'s' if hits.articles != 1 else ''}", style="dim")
    if searching:
        t.append(" · searching…", style="dim")
    elif hits.capped:
        t.append(f" · first {len(hits):,} listed", style="dim")
    t.append(f" · {ORDER_NAMES[order]}", style="bold")
    if filtered:
        t.append(" · filtered", style="dim")
    return t


def hit_title(
    text: str, rank: int | None, total: int, date: str, here: tuple[int, int], status: str | None
) -> Text:
    """The reader's title on a hit, as on a mention: "droits de douane" 1/3 · 2025-07-15 ·
    1/1 here."""
    rt = Text(no_wrap=True)
    rt.append(quoted(text), style="bold")
    if rank is not None:
        rt.append(f" {rank + 1}/{total}")
    if status:
        rt.append(f" {status}", style="bold")
    rt.append(f" · {date}", style="dim")
    rt.append(f" · {here[0]}/{here[1]} here", style="dim")
    return rt


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
        rt.append(f" · {date_label(art.published or art.date)}", style="dim")
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
