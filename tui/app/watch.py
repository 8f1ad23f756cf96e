"""The corpus folder, watched while the app is open, and `R`, which reloads it in place.

Every ``POLL_SECONDS`` a thread worker takes one look at the folder (``tui.folderwatch``:
the folders' mtimes and a slice of the files, never a stat of every file); when what differs
from the corpus shown changes, the header says so: "3 new articles · R to reload". `R`
loads the corpus again in a thread worker (``tui.loader.load_corpus``: the files that did not
change come from the cache) and the main screen shows it with the selection, the open
article and the place in the timeline kept (``tui.app.reload``). A look never runs while the
previous one does, and the screen is never waited on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding

from tui.app.keys import normalize
from tui.config import DEFAULT_KEYS
from tui.folderwatch import FolderChanges, FolderWatch

if TYPE_CHECKING:
    from tui.app.app import ChroniqueApp
    from tui.app.entities import EntitySearch
    from tui.corpus import Corpus

POLL_SECONDS = 2.0


def known_paths(corpus: Corpus) -> list[str]:
    """The files the corpus was read from: its articles' and its problems' (a file that gave
    no article is listed among the problems)."""
    return [*corpus.articles.paths(), *(p.path for p in corpus.problems)]


class CorpusWatch:
    """The watch over ``app.root`` and the reload. ``since_ns`` is when the load of the
    corpus shown started (a file changed after it counts as changed)."""

    def __init__(self, app: ChroniqueApp, root: Path, corpus: Corpus, since_ns: int | None):
        self.app, self.root = app, Path(root)
        self.changes = FolderChanges()
        self.reloading = False
        self._corpus, self._since = corpus, since_ns
        self._watch: FolderWatch | None = None
        self._looking = False
        self._generation = 0  # a reload starts a new one: looks of the old are ignored
        self._progress: tuple[int, int, str] | None = None  # of the reload, from its thread

    def start(self) -> None:
        """The first look (the baseline: a stat of every file, 0.5 s at 100,000 files)
        comes a period after the first frame, not with it; what changed meanwhile is found
        from the load's start time and the corpus's paths."""
        self.app.set_interval(POLL_SECONDS, self.look, name="corpus-watch")

    # --- looking -----------------------------------------------------------------------

    def look(self) -> None:
        """One look in a thread worker, unless one is running or a reload is (then the
        notice shows how far the reload is)."""
        if self.reloading:
            self.show_notice()
            return
        if self._looking:
            return
        self._looking = True
        self.app.run_worker(
            self._look_in_thread, thread=True, group="corpus-watch", exit_on_error=False
        )

    def _look_in_thread(self) -> None:
        generation, watch = self._generation, self._watch
        changes: FolderChanges | None = None
        try:
            if watch is None:
                corpus = self._corpus
                watch = FolderWatch.start(
                    self.root, since_ns=self._since, known=lambda: known_paths(corpus)
                )
            changes = watch.poll()
        except OSError:  # the folder unreadable for now: look again next time
            changes = None
        finally:
            self.app.call_from_thread(self._seen, generation, watch, changes)

    def _seen(
        self, generation: int, watch: FolderWatch | None, changes: FolderChanges | None
    ) -> None:
        """Back on the app's thread (where the watch's state is changed, never in a worker
        that a reload may have outdated)."""
        self._looking = False
        if generation != self._generation:
            return
        if self._watch is None:
            self._watch = watch
        if changes is not None and changes != self.changes:
            self.changes = changes
            self.show_notice()

    async def wait(self) -> None:
        """Until the looks and the reload running now are done (for the tests)."""
        await self.app.workers.wait_for_complete()

    # --- the notice --------------------------------------------------------------------

    def notice(self) -> str:
        if self.reloading:
            p = self._progress
            return f"reloading… {p[2]} {p[0]}/{p[1]}" if p is not None and p[1] else "reloading…"
        if not self.changes:
            return ""
        return f"{self.changes.summary()} · {self._key()} to reload"

    def _key(self) -> str:
        keys = self.app.config.keys.get("reload") or DEFAULT_KEYS["reload"]
        return self.app.get_key_display(Binding(normalize(keys).split(",")[0], ""))

    def show_notice(self) -> None:
        main = self.app.main
        if main is not None:
            main.set_notice(self.notice())

    # --- reloading ---------------------------------------------------------------------

    def reload(self) -> None:
        if self.reloading:
            self.app.notify("Already reloading the corpus", timeout=3)
            return
        self.reloading = True
        self._generation += 1
        self._progress = None
        self.show_notice()
        self.app.run_worker(
            self._reload_in_thread, thread=True, group="corpus-reload", exit_on_error=False
        )

    def _reload_in_thread(self) -> None:
        from tui.app.entities import EntitySearch
        from tui.loader import load_corpus

        try:
            # The baseline first: a file changed while the load reads the folder is then
            # noticed after it (at worst as a change the load had already seen).
            watch = FolderWatch.start(self.root)
            app = self.app
            corpus = load_corpus(
                self.root, app.config, use_cache=app.use_cache, progress=self._report
            )
            search = EntitySearch(corpus)
        except Exception as err:  # shown; the corpus shown stays
            self.app.call_from_thread(self._failed, f"{type(err).__name__}: {err}")
            return
        self.app.call_from_thread(self._reloaded, corpus, search, watch)

    def _report(self, done: int, total: int, phase: str) -> None:
        self._progress = (done, total, phase)  # read by the notice, at the next look

    def _failed(self, message: str) -> None:
        self.reloading = False
        self.show_notice()
        self.app.notify(message, title="Reload failed", severity="error", markup=False)

    async def _reloaded(self, corpus: Corpus, search: EntitySearch, watch: FolderWatch) -> None:
        done = self.changes.summary()
        self.reloading = False
        main = self.app.main
        if not corpus.articles:
            self.show_notice()
            self.app.notify(
                "The corpus folder holds no article now: the corpus shown stays",
                title="Reload",
                severity="warning",
                markup=False,
            )
            return
        self._watch, self._corpus, self._since = watch, corpus, None
        self.changes = FolderChanges()
        self.app.corpus = corpus
        notes: list[str] = []
        if main is not None:
            notes = await main.show_corpus(corpus, search)
            main.set_notice(self.notice())
        said = f"Reloaded: {done}" if done else "Reloaded: nothing had changed"
        self.app.notify("\n".join([said, *notes]), title="Corpus", timeout=6, markup=False)
        self.look()
