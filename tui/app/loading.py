"""The loading screen: shown at once while a thread worker loads the corpus, with a progress
bar; it stays up to say why when the load fails or finds no article.

It posts ``CorpusLoaded`` (or ``LoadFailed``) to the app, which shows the main screen.
"""

from __future__ import annotations

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
    from tui.config import Config
    from tui.corpus import Corpus


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
        config: Config,
        *,
        use_cache: bool = True,
        empty: Corpus | None = None,
    ):
        """Load the corpus at ``root``; or, given an ``empty`` corpus, say so at once."""
        super().__init__()
        self.root, self.config, self.use_cache = root, config, use_cache
        self.empty = empty

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
        if self.empty is None:
            # Start loading once the first frame is out: the worker's imports and parsing
            # would otherwise compete with the first paint for the interpreter.
            self.call_after_refresh(self._load)

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        from tui.app.entities import EntitySearch
        from tui.loader import load_corpus

        last = [0.0]

        def progress(done: int, total: int, phase: str) -> None:
            now = time.monotonic()
            if now - last[0] > 0.05 or done == total:
                last[0] = now
                self.app.call_from_thread(self._show_progress, done, total, phase)

        try:
            corpus = load_corpus(
                self.root, self.config, use_cache=self.use_cache, progress=progress
            )
            search = EntitySearch(corpus)
        except Exception as err:  # shown in the app, which stays open
            self.app.call_from_thread(self._failed, f"{type(err).__name__}: {err}")
            return
        if corpus.articles:
            import tui.app.main_screen  # noqa: F401  (here, while the loading screen shows)
        self.app.call_from_thread(self.post_message, CorpusLoaded(corpus, search))

    def _show_progress(self, done: int, total: int, phase: str) -> None:
        self.query_one("#loading", Static).update(progress_text(self.root, done, total, phase))

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
