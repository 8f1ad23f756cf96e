"""The app's own messages: what a widget or the loading screen tells the screen or the app.

Widgets say what happened and the main screen, which owns the selection and the panes,
decides what follows; no widget calls into the app. (Messages that belong to one widget,
such as ``VirtualList.CursorMoved`` or ``Reader.MentionChosen``, are declared with it.)

They are plain classes, not dataclasses: a dataclass costs about half a millisecond to build
at import (its methods are compiled from source), and a message needs none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.app.entities import EntitySearch
    from tui.corpus import Corpus


class CorpusLoaded(Message):
    """The loading screen's worker has built the corpus and its entity search."""

    def __init__(self, corpus: Corpus, search: EntitySearch) -> None:
        super().__init__()
        self.corpus, self.search = corpus, search


class LoadFailed(Message):
    """The corpus could not be loaded; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class FilterAccepted(Message):
    """Enter in the entity filter on ``entity_id``: select it (or unselect it) and go on to
    the timeline."""

    def __init__(self, entity_id: str) -> None:
        super().__init__()
        self.entity_id = entity_id


class GoToEntity(Message):
    """From the command palette: select the entity and show its timeline."""

    def __init__(self, entity_id: str) -> None:
        super().__init__()
        self.entity_id = entity_id


class CorpusShown(Message):
    """The three panes show the corpus (the start-up benchmark stops its clock here)."""


class TextSearchSubmitted(Message):
    """Enter in the text search prompt: search these words (nothing: clear the search)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class HitsShown(Message):
    """The concordance shows the first hits of a text search (painted: the benchmark of
    the search stops its clock here)."""

    def __init__(self, hits: int) -> None:
        super().__init__()
        self.hits = hits


class ReloadRequested(Message):
    """`R`: load the corpus folder again and show it in place (tui/app/watch.py)."""
