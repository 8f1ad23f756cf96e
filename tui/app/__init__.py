"""The Textual app: reads a Corpus, never parses text. Imports textual; nothing else in
``tui`` does (except ``cli._run_app``, which imports ``tui.app.app`` to start it).

Importing it pauses the garbage collector until the app has shown its corpus
(``tui.app.collector``): Textual's own import is the first thing that pause spares."""

from tui.app.collector import pause

pause()
