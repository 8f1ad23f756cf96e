"""Loading the corpus in the background, and the loading screen that shows its progress.

The app starts the load (``BackgroundLoad``, a thread) as it is created, so that reading
the corpus overlaps Textual's own start. A load that is done in a moment (a warm cache)
goes straight to the main screen, the panes filled in the first frame; a longer one shows
this screen at once, with a progress bar, and it stays up to say why when the load fails or
finds no article. It posts ``CorpusLoaded`` (or ``LoadFailed``) to the app, which shows the
main screen.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.header import header_text
from tui.app.messages import CorpusLoaded, LoadFailed

if TYPE_CHECKING:
    from tui.app.entities import EntitySearch
    from tui.config import Config
    from tui.corpus import Corpus

# Progress is shown once a load has taken this long (seconds): a quick one does not flash.
QUIET = 0.2
# How often the loading screen looks at the progress (seconds).
POLL = 0.1


class Progress:
    """How far the load is (a plain class: see tui/app/messages.py)."""

    def __init__(self, done: int, total: int, phase: str) -> None:
        self.done, self.total, self.phase = done, total, phase


class BackgroundLoad:
    """The corpus at ``root`` loaded in a thread, with the entity search over it; the main
    screen's modules are imported there too, while the loading screen (if any) shows."""

    def __init__(self, root: Path | None, config: Config, *, use_cache: bool = True):
        self.root, self.config, self.use_cache = root, config, use_cache
        self.done = threading.Event()
        self.corpus: Corpus | None = None
        self.search: EntitySearch | None = None
        self.error: str | None = None
        self.progress: Progress | None = None  # the latest, read by the loading screen
        self._start = time.monotonic()
        threading.Thread(target=self._run, name="chronique-load", daemon=True).start()

    def _report(self, done: int, total: int, phase: str) -> None:
        if time.monotonic() - self._start >= QUIET:
            self.progress = Progress(done, total, phase)

    def _run(self) -> None:
        try:
            from tui.app.entities import EntitySearch
            from tui.loader import load_corpus

            corpus = load_corpus(
                self.root, self.config, use_cache=self.use_cache, progress=self._report
            )
            self.search = EntitySearch(corpus)
            if corpus.articles:
                import tui.app.main_screen  # noqa: F401  (the next screen: import it here)
            self.corpus = corpus
        except Exception as err:  # shown in the app, which stays open
            self.error = f"{type(err).__name__}: {err}"
        finally:
            self.done.set()


def empty_corpus_text(root: Path | None) -> Text:
    text = Text("No articles found", style="bold")
    text.append(f" in {root}\n\n" if root else "\n\n")
    text.append(
        "Chronique reads .txt dispatches (with a ' date YYYY-MM-DD ' header line),\n"
        ".md files with YAML front matter and .jsonl files (one article per line).\n\n"
        "Open another corpus with  chronique --corpus PATH  or set 'corpus:' in\n"
        "config.yaml;  chronique check  explains what was skipped.  q quits."
    )
    return text


def progress_text(root: Path | None, done: int, total: int, phase: str) -> Text:
    width = 30
    filled = int(width * done / total) if total else width
    text = Text(f"Loading {root}\n\n{phase} ", no_wrap=False)
    text.append("█" * filled + "░" * (width - filled))
    text.append(f" {done}/{total}")
    return text


class LoadingScreen(Screen[None]):
    """Progress while the corpus loads; then the reason when there is nothing to show."""

    def __init__(
        self,
        root: Path | None,
        *,
        load: BackgroundLoad | None = None,
        empty: Corpus | None = None,
    ):
        """Follow ``load``; or, given an ``empty`` corpus, say so at once."""
        super().__init__()
        self.root, self.load, self.empty = root, load, empty
        self._shown: Progress | None = None

    def compose(self) -> ComposeResult:
        if self.empty is not None:
            yield Static(header_text(self.empty), id="header", markup=False)
            body = empty_corpus_text(self.root)
        else:
            yield Static(header_text(None, loading=True), id="header", markup=False)
            body = Text("starting…")
        with Container(id="body"):
            yield Static(body, id="loading", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.empty is None and self.load is not None:
            self.set_interval(POLL, self._show_progress)
            self._wait(self.load)

    @work(thread=True, exclusive=True, group="load")
    def _wait(self, load: BackgroundLoad) -> None:
        load.done.wait()
        self.app.call_from_thread(self._loaded, load)

    def _loaded(self, load: BackgroundLoad) -> None:
        if load.corpus is None or load.search is None:
            self._failed(load.error or "the load stopped")
        else:
            self.post_message(CorpusLoaded(load.corpus, load.search))

    def _show_progress(self) -> None:
        p = self.load.progress if self.load is not None else None
        if p is not None and p is not self._shown and not self.load.done.is_set():
            self._shown = p
            self.query_one("#loading", Static).update(
                progress_text(self.root, p.done, p.total, p.phase)
            )

    def _failed(self, message: str) -> None:
        self.query_one("#loading", Static).update(
            Text(f"Could not load the corpus:\n\n{message}\n\nq quits.")
        )
        self.query_one("#header", Static).update(header_text(None, loading=False))
        self.post_message(LoadFailed(message))

    def show_empty(self, corpus: Corpus) -> None:
        """The corpus loaded but holds no article: say where we looked and what we read."""
        self.empty = corpus
        self.query_one("#header", Static).update(header_text(corpus))
        self.query_one("#loading", Static).update(empty_corpus_text(self.root))
