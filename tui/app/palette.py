"""Command palette (ctrl+p): "go to entity…" over the corpus' entities.

Entity names come from the text: they are shown as ``Text`` objects, never markup, and the
help line (which the palette renders as markup) only holds our own words and numbers.
"""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.app.entities import TYPE_MARKS, TYPE_NAMES


class EntityCommands(Provider):
    """Select an entity by name: the same fuzzy matcher (and syntax) as the filter."""

    def _hit_parts(self, i: int):
        app = self.app
        ent = app.corpus.entities[i]
        display = Text(no_wrap=True)
        display.append(f"{TYPE_MARKS.get(ent.type, '?')} ", style="bold")
        display.append("go to entity ", style="dim")
        display.append(" ".join(ent.name.split()))
        n = app.corpus.mention_count(ent.id)
        help_ = f"{TYPE_NAMES.get(ent.type, 'entity')} · {n} mention{'s' if n != 1 else ''}"
        return display, partial(app.goto_entity, ent.id), f"go to entity {ent.name}", help_

    async def discover(self) -> Hits:
        app = self.app
        if getattr(app, "corpus", None) is None or app.entity_search is None:
            return
        top = await asyncio.to_thread(app.entity_search.search, "", 12)
        for i in top:
            display, command, text, help_ = self._hit_parts(i)
            yield DiscoveryHit(display, command, text=text, help=help_)

    async def search(self, query: str) -> Hits:
        app = self.app
        if getattr(app, "corpus", None) is None or app.entity_search is None or not query.strip():
            return
        found = await asyncio.to_thread(app.entity_search.search, query, 30)
        for rank, i in enumerate(found):
            display, command, text, help_ = self._hit_parts(i)
            yield Hit(1.0 - rank / 60, display, command, text=text, help=help_)
