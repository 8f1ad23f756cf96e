"""The Textual app: reads a Corpus, never parses text. Imports textual; nothing else in
``tui`` does (except ``cli._run_app``, which imports ``tui.app.app`` to start it)."""
