"""The app's own messages: what a widget or the loading screen tells the screen or the app.

Widgets say what happened and the main screen, which owns the selection and the panes,
decides what follows; no widget calls into the app. (Messages that belong to one widget,
such as ``VirtualList.CursorMoved`` or ``Reader.MentionChosen``, are declared with it.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.app.entities import EntitySearch
    from tui.corpus import Corpus


@dataclass
class CorpusLoaded(Message):
    """The loading screen's worker has built the corpus and its entity search."""

    corpus: Corpus
    search: EntitySearch


@dataclass
class LoadFailed(Message):
    """The corpus could not be loaded; ``message`` says why."""

    message: str


@dataclass
class FilterAccepted(Message):
    """Enter in the entity filter on ``entity_id``: select it (or unselect it) and go on to
    the timeline."""

    entity_id: str


@dataclass
class GoToEntity(Message):
    """From the command palette: select the entity and show its timeline."""

    entity_id: str


@dataclass
class CorpusShown(Message):
    """The three panes show the corpus (the start-up benchmark stops its clock here)."""


@dataclass
class TextSearchSubmitted(Message):
    """Enter in the text search prompt: search these words (nothing: clear the search)."""

    text: str


@dataclass
class HitsShown(Message):
    """The concordance shows the first hits of a text search (painted: the benchmark of
    the search stops its clock here)."""

    hits: int


@dataclass
class ReloadRequested(Message):
    """`R`: load the corpus folder again and show it in place (tui/app/watch.py)."""
