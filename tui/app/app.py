"""ChroniqueApp: the keymap, the screens, help and the command palette.

Started from the command line, the app shows the loading screen at once and loads the
corpus in a thread worker, then switches to the main screen (``main_screen.MainScreen``),
which owns the panes and the selection. Tests hand it a corpus: the main screen comes first.

Keys come from ``config.keys`` (action -> key, ``DEFAULT_KEYS``): every app action is a
``Binding`` whose ``id`` is the action name, and the config is applied as Textual's keymap.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen

from tui.app import collector
from tui.app.keys import ACTIONS, APP_ACTIONS, action_binding, normalize, normalize_keymap
from tui.app.loading import BackgroundLoad, LoadingScreen
from tui.app.messages import CorpusLoaded, CorpusShown, LoadFailed, ReloadRequested
from tui.config import DEFAULT_KEYS, Config, default_config

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tui.app.main_screen import MainScreen
    from tui.app.watch import CorpusWatch
    from tui.corpus import Corpus

# Waiting this long (seconds) for the load before the first frame is not noticed, and a
# warm cache is read in less: then the first frame shows the panes filled.
QUICK_LOAD = 0.25

# The first screen is the loading screen: the main screen's modules (the panes, the
# palette's provider) are imported when the corpus is at hand, after the first frame (the
# loading worker imports them while the loading screen shows).


class ChroniqueApp(App[int]):
    """Timeline, reader and entity filter over one corpus."""

    CSS_PATH = Path(__file__).with_name("chronique.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Chronique"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [action_binding(a, show=True) for a in APP_ACTIONS]

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
        self.load_error: str | None = None
        # Before the first frame: the footer is composed once, with the user's keys.
        self.set_keymap(dict(self.config.keys))
        # The load starts now, to overlap Textual's own start.
        # (when the load started: the folder's watch counts files changed after it as changed)
        self.load_started = time.time_ns() if corpus is None else None
        self.folder_watch: CorpusWatch | None = None  # the corpus folder, once the corpus is shown
        self.background_load = (
            BackgroundLoad(self.root, self.config, use_cache=use_cache) if corpus is None else None
        )

    def get_default_screen(self) -> Screen:
        """The first screen: the main screen when the corpus is at hand, else the loading
        screen (which stays under the main screen once the corpus is loaded)."""
        load = self.background_load
        if self.corpus is None and load is not None and load.done.wait(QUICK_LOAD):
            # Loaded in a moment: the filled panes are the first frame.
            if load.corpus is not None and load.corpus.articles:
                self.corpus = load.corpus
                from tui.app.main_screen import MainScreen

                return MainScreen(load.corpus, load.search, self.config)
        corpus = self.corpus
        if corpus is None:
            return LoadingScreen(self.root, load=load)
        if not corpus.articles:
            return LoadingScreen(self.root, empty=corpus)
        from tui.app.entities import EntitySearch
        from tui.app.main_screen import MainScreen

        return MainScreen(corpus, EntitySearch(corpus), self.config)

    def on_mount(self) -> None:
        if self.corpus is not None:
            self._notify_problems(self.corpus)
            if not self.corpus.articles:
                self._started()

    def _started(self) -> None:
        """The start is over (the corpus shown, or nothing to show): the garbage collector,
        paused since ``tui.app`` was imported, runs again once this frame is drawn."""
        self.call_after_refresh(collector.resume)

    @property
    def main(self) -> MainScreen | None:
        """The main screen, once the corpus is shown (under the help or the palette too)."""
        from tui.app.main_screen import MainScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    # --- loading -----------------------------------------------------------------------

    @on(CorpusLoaded)
    async def _corpus_loaded(self, message: CorpusLoaded) -> None:
        corpus = self.corpus = message.corpus
        self._notify_problems(corpus)
        if not corpus.articles:
            self._started()
            if isinstance(self.screen, LoadingScreen):
                self.screen.show_empty(corpus)
            return
        from tui.app.main_screen import MainScreen

        await self.push_screen(MainScreen(corpus, message.search, self.config))

    @on(CorpusShown)
    def _corpus_shown(self) -> None:
        self._started()
        self._watch_the_folder()

    def _watch_the_folder(self) -> None:
        if self.folder_watch is None and self.root is not None and self.corpus is not None:
            from tui.app.watch import CorpusWatch

            self.folder_watch = CorpusWatch(self, self.root, self.corpus, self.load_started)
            self.folder_watch.start()

    @on(ReloadRequested)
    def _reload(self) -> None:
        if self.folder_watch is None:
            self.notify("No corpus folder to reload from", timeout=3)
            return
        self.folder_watch.reload()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.load_error = message.message
        self._started()
        self.notify(
            message.message, title="Load failed", severity="error", timeout=30, markup=False
        )

    def _notify_problems(self, corpus: Corpus) -> None:
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

    # --- help, palette -----------------------------------------------------------------

    def action_help(self) -> None:
        from tui.app.help import HelpScreen, help_sections

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        keymap = normalize_keymap(self.config.keys)
        sections = help_sections(self, keymap, with_panes=self.main is not None)
        self.push_screen(HelpScreen(sections, close_key=keymap["help"]))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.app.main_screen import MainScreen

        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        yield SystemCommand(
            "Go to entity…",
            "Type a name here, or filter the entity list",
            screen.action_focus_filter,
        )
        for action, (method, description) in ACTIONS.items():
            if action in ("quit", "focus_filter"):
                continue
            keys = self.config.keys.get(action) or DEFAULT_KEYS[action]
            display = self.get_key_display(Binding(normalize(keys), ""))
            target = self if action in APP_ACTIONS else screen
            yield SystemCommand(
                description, f"key: {escape(display)}", getattr(target, f"action_{method}")
            )
        yield SystemCommand(
            "Clear the selection", "Esc in the entity pane", screen.clear_entity_selection
        )


def run_app(root: Path, config: Config, use_cache: bool = True) -> int:
    """Run the app on the corpus at ``root`` (loaded in a worker). Returns the exit status."""
    app = ChroniqueApp(root, config, use_cache=use_cache)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
