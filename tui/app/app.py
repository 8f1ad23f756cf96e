"""ChroniqueApp: the three panes, the keys, and the state they share (the selection).

The app reads a ``Corpus``; it never parses text. Started from the command line it paints a
loading screen at once and loads the corpus in a thread worker; tests hand it a corpus.

Keys come from ``config.keys`` (action -> key, ``DEFAULT_KEYS``): every app action is a
``Binding`` whose ``id`` is the action name, and the config is applied as Textual's keymap.
Everything shown on screen that comes from the corpus (titles, names, text) is a
``rich.text.Text`` built from plain strings, and notifications are sent with ``markup=False``.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.markup import escape
from textual.widgets import Footer, Input, Static

from tui.app.entities import EntityList, EntityPane, EntitySearch, FilterInput
from tui.app.keys import ACTIONS, action_binding
from tui.app.palette import EntityCommands
from tui.app.reader import Reader, ReaderPane
from tui.app.timeline import Histogram, Rows, Timeline, TimelinePane, article_rows, iso
from tui.app.vlist import VirtualList, drop_keys
from tui.config import DEFAULT_KEYS, Config, default_config

if TYPE_CHECKING:
    from tui.corpus import Corpus
    from tui.model import Quote

NARROW = 110  # below this many columns, one pane at a time
PANES = ("entities", "timeline", "reader")
PANE_NAMES = {"entities": "Entities", "timeline": "Timeline", "reader": "Reader"}

_NEEDS_CORPUS = {m for a, (m, _d) in ACTIONS.items() if a not in ("help", "quit")}
_NEEDS_CORPUS |= {"focus_pane", "cycle_pane", "filter_escape"}
_PRIORITY = {"focus_filter", "focus_pane", "cycle_pane", "next_pane"}


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

    def __init__(self, corpus: Corpus, search: EntitySearch, reserved: set[str]):
        super().__init__(id="main")
        self.corpus, self.search, self.reserved = corpus, search, reserved

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

    def on_mount(self) -> None:
        if self.reserved:
            for widget in self.query("EntityList, Timeline, Reader"):
                drop_keys(widget, self.reserved)


class ChroniqueApp(App[int]):
    """Timeline, reader and entity filter over one corpus."""

    CSS_PATH = Path(__file__).with_name("chronique.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Chronique"
    COMMANDS = App.COMMANDS | {EntityCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        *(
            action_binding(
                a, show=a in ("help", "quit"), priority=a in ("focus_filter", "switch_pane")
            )
            for a in ACTIONS
        ),
        # Keys that move the focus are priority bindings: handled as they arrive, so the
        # keys typed right after them ("/lavr") reach the newly focused widget.
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, priority=True),
        Binding("shift+tab", "cycle_pane(-1)", "Prev pane", show=False, priority=True),
        Binding("1", "focus_pane('entities')", "Entities pane", show=False, priority=True),
        Binding("2", "focus_pane('timeline')", "Timeline pane", show=False, priority=True),
        Binding("3", "focus_pane('reader')", "Reader pane", show=False, priority=True),
    ]

    def __init__(
        self,
        root: Path | None = None,
        config: Config | None = None,
        *,
        corpus: Corpus | None = None,
        use_cache: bool = True,
    ):
        super().__init__()
        self.root = Path(root) if root is not None else None
        self.config = config or default_config()
        self.use_cache = use_cache
        self.corpus: Corpus | None = corpus
        self.entity_search: EntitySearch | None = (
            EntitySearch(corpus) if corpus is not None else None
        )
        self.selection: list[str] = []
        self.filtered: list[int] | range = range(0)
        self.timeline_mode = "articles"
        self.narrow = False
        self.active_pane = "timeline"
        self.load_error: str | None = None
        self._load_state = Text("starting…")
        self._panes_ready = False  # the panes are mounted and wired
        self._keymap_keys = set(self._normalize_keymap(dict(self.config.keys)).values())

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="header", markup=False)
        with Container(id="body"):
            if self.corpus is not None:
                yield from self._body_for_corpus()
            else:
                yield Static(self._load_state, id="loading", markup=False)
        yield Footer(compact=True)

    def _body_for_corpus(self) -> ComposeResult:
        if not self.corpus.articles:
            yield Static(self._empty_text(), id="empty", markup=False)
        else:
            yield MainView(self.corpus, self.entity_search, self._reserved_keys())

    def _reserved_keys(self) -> set[str]:
        """Keys the user bound to an app action that differ from the defaults: they win over
        the panes' own navigation keys."""
        defaults = set(self._normalize_keymap(dict(DEFAULT_KEYS)).values())
        return self._keymap_keys - defaults

    def on_mount(self) -> None:
        self.set_keymap(dict(self.config.keys))
        self._apply_width(self.size.width)
        if self.corpus is not None:
            self._start()
        else:
            self._update_header()
            # Start loading once the first frame is out: the worker's imports and parsing
            # would otherwise compete with the first paint for the interpreter.
            self.call_after_refresh(self._load)

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = 0 < width < NARROW
        self.narrow = narrow
        self.screen.set_class(narrow, "-narrow")
        for footer in self.query(Footer):
            footer.show_command_palette = not narrow  # room for the pane's keys; ? lists ctrl+p
        if self.corpus is not None and self._panes_ready:
            self._show_active()

    # --- loading -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        import time

        from tui.loader import load_corpus

        last = [0.0]

        def progress(done: int, total: int, phase: str) -> None:
            now = time.monotonic()
            if now - last[0] > 0.05 or done == total:
                last[0] = now
                self.call_from_thread(self._show_progress, done, total, phase)

        try:
            corpus = load_corpus(
                self.root, self.config, use_cache=self.use_cache, progress=progress
            )
            search = EntitySearch(corpus)
        except Exception as err:  # shown in the app, which stays open
            self.call_from_thread(self._load_failed, f"{type(err).__name__}: {err}")
            return
        self.call_from_thread(self._corpus_loaded, corpus, search)

    def _show_progress(self, done: int, total: int, phase: str) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        text = Text(f"Loading {self.root}\n\n{phase} ", no_wrap=False)
        text.append("█" * filled + "░" * (width - filled))
        text.append(f" {done}/{total}")
        self._load_state = text
        for w in self.query("#loading"):
            w.update(text)

    def _load_failed(self, message: str) -> None:
        self.load_error = message
        for w in self.query("#loading"):
            w.update(Text(f"Could not load the corpus:\n\n{message}\n\nq quits."))
        self.notify(message, title="Load failed", severity="error", timeout=30, markup=False)
        self._update_header()

    async def _corpus_loaded(self, corpus: Corpus, search: EntitySearch) -> None:
        self.corpus, self.entity_search = corpus, search
        body = self.query_one("#body")
        await body.remove_children()
        await body.mount_all(list(self._body_for_corpus()))
        self._start()

    # --- start -------------------------------------------------------------------------

    def _start(self) -> None:
        corpus = self.corpus
        self._update_header()
        if corpus.problems:
            n = len(corpus.problems)
            self.notify(
                f"{n} problem{'s' if n > 1 else ''} while loading; first: {corpus.problems[0]}\n"
                "(`chronique check` lists them)",
                title="Corpus problems",
                severity="warning",
                timeout=12,
                markup=False,
            )
        if not corpus.articles:
            return
        self.entity_list = self.query_one(EntityList)
        self.filter_input = self.query_one(FilterInput)
        self.timeline = self.query_one(Timeline)
        self.histogram = self.query_one(Histogram)
        self.reader = self.query_one(Reader)
        self.titles = {t.pane: t for t in self.query(PaneTitle)}
        self._panes_ready = True
        self.entity_list.show_filter("")
        self._selection_changed(initial=True)
        first = self.timeline.current
        if first is not None:
            self._open_article(first)
        self.action_focus_pane("timeline")

    def _empty_text(self) -> Text:
        text = Text("No articles found", style="bold")
        text.append(f" in {self.root}\n\n" if self.root else "\n\n")
        text.append(
            "Chronique reads .txt dispatches (with a ' date YYYY-MM-DD ' header line),\n"
            ".md files with YAML front matter and .jsonl files (one article per line).\n\n"
            "Open another corpus with  chronique --corpus PATH  or set 'corpus:' in\n"
            "config.yaml;  chronique check  explains what was skipped.  q quits."
        )
        return text

    # --- header, titles ----------------------------------------------------------------

    def _update_header(self) -> None:
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        out.append(" Chronique ", style="bold reverse")
        corpus = self.corpus
        if corpus is None:
            out.append("  loading…" if self.load_error is None else "  no corpus")
        else:
            first, last = corpus.date_span
            out.append(f"  {len(corpus.articles)} articles · {len(corpus.entities)} entities")
            if first is not None:
                out.append(f" · {first.iso()} → {last.iso()}")
            if self.selection:
                out.append("  │ ", style="dim")
                for k, eid in enumerate(self.selection):
                    ent = corpus.entity(eid)
                    if k:
                        out.append(" + ", style="dim")
                    out.append("● " + (ent.name if ent else eid), style="bold")
                n = len(self.filtered)
                out.append(f" ({n} article{'s' if n != 1 else ''})")
        for w in self.query("#header"):
            w.update(out)

    def _update_titles(self) -> None:
        if not self._panes_ready:
            return
        lst = self.entity_list
        info = Text(no_wrap=True)
        if lst.mode == "article":
            info.append("this article ", style="bold")
            info.append(lst.caption, style="dim")
        elif lst.mode == "related":
            info.append("with ", style="dim")
            info.append(lst.caption, style="bold")
        else:
            info.append(lst.caption, style="dim")
        self._title("entities", info)

        tl = self.timeline
        t = Text(no_wrap=True)
        label = {"articles": "articles", "events": "events", "quotes": "quotes"}[tl.mode]
        if tl.mode == "articles":
            t.append(f"{len(tl.data.items)} {label}")
        elif tl.building:
            t.append(f"{label}…")
        else:
            t.append(f"{len(tl.data.items)} {label}", style="bold")
        if self.selection:
            t.append(" · filtered", style="dim")
        self._title("timeline", t)

        r = self.reader
        rt = Text(no_wrap=True)
        if r.article is not None and r.mention_count:
            m = r.mention_at(r.cursor)
            if m is not None:
                ent = self.corpus.entity(m[0])
                rt.append(ent.name if ent else m[0], style="bold")
                # the article's mentions, all entities: n/N's notice counts the entity's
                rt.append(f" · mention {r.cursor + 1}/{r.mention_count} here", style="dim")
            else:
                rt.append(f"{r.mention_count} mentions · h/l", style="dim")
        self._title("reader", rt)

    def _title(self, pane: str, info: Text) -> None:
        title = self.titles.get(pane)
        if title is not None:
            title.show(info, narrow=self.narrow, active=pane == self.active_pane)

    # --- panes -------------------------------------------------------------------------

    def _pane_widget(self, pane: str):
        if pane == "entities":
            return self.filter_input if self.filter_input.value else self.entity_list
        return {"timeline": self.timeline, "reader": self.reader}[pane]

    def _show_active(self) -> None:
        for name in PANES:
            for pane in self.query(f"#{name}-pane"):
                pane.set_class(name == self.active_pane, "-active")
        self._update_titles()

    def action_focus_pane(self, pane: str) -> None:
        if not self._panes_ready:
            return
        self.active_pane = pane
        self._show_active()
        _focus_now(self._pane_widget(pane))

    def action_cycle_pane(self, step: int) -> None:
        self.action_focus_pane(PANES[(PANES.index(self.active_pane) + step) % len(PANES)])

    def action_next_pane(self) -> None:
        self.action_cycle_pane(+1)

    def on_descendant_focus(self, event) -> None:
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

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in _PRIORITY:
            if self.screen.is_modal:
                return False  # the palette and the help screen keep their own keys
            typing = isinstance(self.focused, Input)
            if typing and action != "cycle_pane":
                return False  # "/", "1" or "w" typed in the filter are text
        if action in _NEEDS_CORPUS and not self._panes_ready:
            return False
        return True

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

    def goto_entity(self, entity_id: str) -> None:
        """From the command palette: select the entity and show its timeline."""
        if entity_id not in self.selection:
            self.selection.append(entity_id)
            self._selection_changed()
        self.action_focus_pane("timeline")

    def clear_entity_selection(self) -> None:
        self.selection.clear()
        self._selection_changed()

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
        first, last = corpus.date_span
        span = ((first.year, first.month or 1), (last.year, last.month or 12)) if first else None
        self.histogram.set_data(corpus.per_month(sel), span, "mentions" if sel else "articles")
        self._rebuild_timeline(keep=self.reader.article_idx, notify=initial)
        self._update_header()
        self._update_titles()

    # --- timeline ----------------------------------------------------------------------

    def _rebuild_timeline(self, keep: int | None = None, notify: bool = False) -> None:
        sel = tuple(self.selection)
        if self.timeline_mode == "articles":
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

        data = (event_rows if mode == "events" else quote_rows)(self.corpus, selection)
        self.call_from_thread(self._rows_ready, data, None, False)

    def _rows_ready(self, data: Rows, keep: int | None, notify: bool) -> None:
        if data.mode != self.timeline_mode or data.selection != tuple(self.selection):
            return  # stale: the mode or the selection changed meanwhile
        if data.mode != "articles":
            keep = None
        self.timeline.set_rows(data, keep_item=keep)
        self.timeline.set_open_article(self.reader.article_idx)
        if notify and self.timeline.current is not None:
            self._timeline_moved(self.timeline.current)
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

    def _open_article(self, a: int, *, mention: tuple[str, int] | None = None, mark=None) -> None:
        self.reader.show(a, mention=mention, mark=mark)
        self.timeline.set_open_article(a)
        if self.timeline.mode == "articles" and self.timeline.current != a:
            row = self.timeline.row_of(a)
            if row is not None:
                self.timeline.set_cursor(row, notify=False, center=True)
        self._mark_histogram()
        self._update_titles()

    # --- entity list -------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self.entity_list.show_filter(event.value)
        self._update_titles()

    def filter_submit(self) -> bool:
        """Enter in the filter accepts: select (or unselect) the entity under the list's
        cursor and go to the timeline (Enter in the list itself stays in the list). Called
        by the input as it reads Enter, so the query typed before it counts even if the
        input's Changed messages are still on their way."""
        lst, value = self.entity_list, self.filter_input.value
        if lst.mode != "filter" or lst.query != value:
            lst.show_filter(value)
        lst.flush()
        if self._choose_listed(lst.cursor):
            self.action_focus_pane("timeline")
            return True
        return False

    @on(VirtualList.Selected, "#entity-list")
    def _on_entity_enter(self, event: VirtualList.Selected) -> None:
        self._choose_listed(event.row)

    @on(VirtualList.CursorMoved, "#entity-list")
    def _on_entity_cursor(self, event: VirtualList.CursorMoved) -> None:
        self._update_titles()

    def _choose_listed(self, row: int) -> bool:
        eid = self.entity_list.entity_at(row)
        if eid is None:
            self.bell()
            return False
        self.toggle_entity(eid)
        return True

    def action_filter_escape(self) -> None:
        lst = self.entity_list
        if self.filter_input.value:
            self.filter_input.value = ""
            lst.show_filter("")
        elif lst.mode != "filter":
            lst.show_filter("")
        elif self.selection:
            self.clear_entity_selection()
        else:
            self.action_focus_pane("timeline")
            return
        self._update_titles()

    def action_focus_filter(self) -> None:
        self.active_pane = "entities"
        self._show_active()
        _focus_now(self.filter_input)

    # --- reader ------------------------------------------------------------------------

    @on(Reader.MentionChosen)
    def _on_mention_chosen(self, event: Reader.MentionChosen) -> None:
        self.select_entity(event.entity_id)

    @on(Reader.CursorMoved)
    def _on_reader_cursor(self, event: Reader.CursorMoved) -> None:
        self._update_titles()

    def _step_mention(self, backward: bool) -> None:
        corpus = self.corpus
        eid = self.primary_entity
        if eid is None:
            self.notify("Select an entity first: / to filter, Enter to select", timeout=4)
            return
        r = self.reader
        art, pos = r.article, r.position
        if art is None:
            found = corpus.next_mention(eid, None, 0, backward=backward)
        elif pos is None and not backward:
            # From the very top of this article: a mention at offset 0 counts.
            a = r.article_idx
            prev = corpus.articles[a - 1].id if a > 0 else None
            found = corpus.next_mention(eid, prev, (1 << 31) - 1 if prev else 0)
        else:
            found = corpus.next_mention(eid, art.id, pos or 0, backward=backward)
        if found is None:
            self.bell()
            return
        rank, m = found
        a = corpus.article_idx(m.article_id)
        wrapped = False
        if r.article_idx is not None and pos is not None:
            here = (r.article_idx, pos)
            there = (a, m.start)
            wrapped = there < here if not backward else there > here
        self._open_article(a, mention=(eid, m.start))
        self._show_reader_if_narrow()
        total = corpus.mention_count(eid)
        art = corpus.articles[a]
        ent = corpus.entity(eid)
        msg = f"{ent.name if ent else eid} {rank + 1}/{total} · {iso(art.published or art.date)}"
        if wrapped:
            msg += " (wrapped)"
        self.notify(msg, timeout=3, markup=False)

    def action_next_mention(self) -> None:
        self._step_mention(backward=False)

    def action_prev_mention(self) -> None:
        self._step_mention(backward=True)

    def _step_article(self, step: int) -> None:
        items = self.filtered
        if not len(items):
            self.bell()
            return
        cur = self.reader.article_idx
        if cur is None:
            target = items[0] if step > 0 else items[-1]
        elif step > 0:
            k = bisect.bisect_right(items, cur)
            target = items[k] if k < len(items) else None
        else:
            k = bisect.bisect_left(items, cur) - 1
            target = items[k] if k >= 0 else None
        if target is None:
            self.bell()
            self.notify("last article" if step > 0 else "first article", timeout=2)
            return
        self._open_article(target)
        self._show_reader_if_narrow()

    def _show_reader_if_narrow(self) -> None:
        """On a narrow terminal the reader is hidden behind the other panes: show it."""
        if self.narrow and self.active_pane != "reader":
            self.action_focus_pane("reader")

    def action_next_article(self) -> None:
        self._step_article(+1)

    def action_prev_article(self) -> None:
        self._step_article(-1)

    # --- modes -------------------------------------------------------------------------

    def _set_timeline_mode(self, mode: str) -> None:
        self.timeline_mode = mode
        self._rebuild_timeline(keep=self.reader.article_idx)
        if self.narrow or self.active_pane == "entities":
            self.action_focus_pane("timeline")

    def action_toggle_events(self) -> None:
        self._set_timeline_mode("events" if self.timeline_mode != "events" else "articles")

    def action_quotes(self) -> None:
        self._set_timeline_mode("quotes" if self.timeline_mode != "quotes" else "articles")

    def action_article_entities(self) -> None:
        art = self.reader.article
        if art is None:
            self.notify("No article open", timeout=3)
            return
        pairs = self.corpus.entities_of(art.id)
        self.entity_list.show_pairs("article", pairs, f"{len(pairs)} · Esc: all")
        self.action_focus_pane("entities")
        _focus_now(self.entity_list)

    def action_related_entities(self) -> None:
        eid = self.primary_entity
        if eid is None and self.active_pane == "entities":
            eid = self.entity_list.current
        if eid is None:
            self.notify("Select an entity first: / to filter, Enter to select", timeout=4)
            return
        ent = self.corpus.entity(eid)
        pairs = self.corpus.co_mentions(eid, limit=50)
        self.entity_list.show_pairs("related", pairs, ent.name if ent else eid)
        self.action_focus_pane("entities")
        _focus_now(self.entity_list)

    # --- copy --------------------------------------------------------------------------

    def action_copy(self) -> None:
        r = self.reader
        art = r.article
        if art is None:
            self.notify("No article open", timeout=3)
            return
        corpus = self.corpus
        pos = (
            r.position if r.position is not None else (art.sentences[0][0] if art.sentences else 0)
        )
        quote = self._quote_at(art.id, pos)
        from tui.citation import cite_quote, cite_sentence

        if quote is not None:
            text = cite_quote(corpus, quote, self.config.quote_citation)
            what = "quotation"
        else:
            s, e = corpus.sentence_at(art.id, pos)
            text = cite_sentence(art, s, e, self.config.sentence_citation)
            what = "sentence"
        self.copy_to_clipboard(text)
        self.notify(text, title=f"Copied the {what} with its citation", timeout=6, markup=False)

    def _quote_at(self, article_id: str, pos: int) -> Quote | None:
        """The quotation holding ``pos``; else one inside the sentence at ``pos`` (the cursor
        on the speaker's name in "X a déclaré : « … »")."""
        quotes = self._quotes_by_article().get(article_id, ())
        for q in quotes:
            if q.start <= pos <= q.end:
                return q
        s, e = self.corpus.sentence_at(article_id, pos)
        for q in quotes:
            if q.start < e and q.end > s:
                return q
        return None

    def _quotes_by_article(self) -> dict[str, list[Quote]]:
        cached = getattr(self, "_quote_index", None)
        if (
            cached is None
            or cached[0] is not self.corpus.quotes
            or cached[1] != len(self.corpus.quotes)
        ):
            index: dict[str, list[Quote]] = {}
            for q in self.corpus.quotes:
                if not q.is_term:
                    index.setdefault(q.article_id, []).append(q)
            cached = (self.corpus.quotes, len(self.corpus.quotes), index)
            self._quote_index = cached
        return cached[2]

    # --- help, palette -----------------------------------------------------------------

    def action_help(self) -> None:
        from tui.app.help import HelpScreen, binding_rows

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        sections = [("Everywhere", binding_rows(self, self))]
        if self._panes_ready:
            sections.append(
                (
                    "Entity pane (filter and list)",
                    _merge_rows(
                        binding_rows(self, self.query_one(EntityPane))
                        + binding_rows(self, self.filter_input, own=FilterInput)
                        + binding_rows(self, self.entity_list)
                    ),
                )
            )
            sections.append(("Timeline", binding_rows(self, self.timeline)))
            sections.append(("Reader", binding_rows(self, self.reader)))
        sections.append(
            (
                "Command palette",
                [(self.get_key_display(Binding("ctrl+p", "")), "actions, go to entity…")],
            )
        )
        from tui.app.help import FILTER_SYNTAX, MARKS

        sections.append(("Filter syntax (terms combine)", FILTER_SYNTAX))
        sections.append(("Marks", MARKS))
        help_key = self._normalize_keymap({"help": self.config.keys["help"]})["help"]
        self.push_screen(HelpScreen(_dedupe_sections(sections), close_key=help_key))

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        if not self._panes_ready:
            return
        yield SystemCommand(
            "Go to entity…", "Type a name here, or filter the entity list", self.action_focus_filter
        )
        for action, (method, description) in ACTIONS.items():
            if action in ("quit", "focus_filter"):
                continue
            key = self.config.keys.get(action, "")
            display = self.get_key_display(
                Binding(self._normalize_keymap({action: key})[action], "")
            )
            yield SystemCommand(
                description, f"key: {escape(display)}", getattr(self, f"action_{method}")
            )
        yield SystemCommand(
            "Clear the selection", "Esc in the entity pane", self.clear_entity_selection
        )


def _focus_now(widget) -> None:
    """Focus at once, not after a refresh (``Widget.focus`` defers): keys already queued
    behind the one that moved the focus ("/lavr" typed or pasted fast) go to the new widget."""
    widget.screen.set_focus(widget)
    widget.refresh()


def _merge_rows(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Rows of several widgets of one pane: one row per description, keys merged."""
    merged: dict[str, list[str]] = {}
    for keys, desc in rows:
        have = merged.setdefault(desc, [])
        have.extend(k for k in keys.split() if k not in have)
    return [(" ".join(keys), desc) for desc, keys in merged.items()]


def _dedupe_sections(sections):
    """A pane repeats some app keys to show them in its footer: list those once, under
    "Everywhere" (the first section)."""
    everywhere = set(sections[0][1]) if sections else set()
    out = [sections[0]] if sections else []
    for title, rows in sections[1:]:
        out.append((title, [row for row in rows if row not in everywhere]))
    return out


def run_app(root: Path, config: Config, use_cache: bool = True) -> int:
    """Run the app on the corpus at ``root`` (loaded in a worker). Returns the exit status."""
    app = ChroniqueApp(root, config, use_cache=use_cache)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
