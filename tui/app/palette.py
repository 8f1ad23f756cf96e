"""Command palette (ctrl+p): "go to entity…" over the corpus' entities.

Entity names come from the text: they are shown as ``Text`` objects, never markup, and the
help line (which the palette renders as markup) only holds our own words and numbers.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.app.entities import TYPE_MARKS, TYPE_NAMES
from tui.app.messages import GoToEntity

if TYPE_CHECKING:
    from tui.app.main_screen import MainScreen


class EntityCommands(Provider):
    """Select an entity by name: the same fuzzy matcher (and syntax) as the filter. Offered
    over the main screen only (the loading screen has no corpus yet)."""

    def _main(self) -> MainScreen | None:
        from tui.app.main_screen import MainScreen

        return self.screen if isinstance(self.screen, MainScreen) else None

    def _hit_parts(self, main: MainScreen, i: int):
        corpus = main.corpus
        ent = corpus.entities[i]
        display = Text(no_wrap=True)
        display.append(f"{TYPE_MARKS.get(ent.type, '?')} ", style="bold")
        display.append("go to entity ", style="dim")
        display.append(" ".join(ent.name.split()))
        n = corpus.mention_count(ent.id)
        help_ = f"{TYPE_NAMES.get(ent.type, 'entity')} · {n} mention{'s' if n != 1 else ''}"
        command = partial(main.post_message, GoToEntity(ent.id))
        return display, command, f"go to entity {ent.name}", help_

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        top = await asyncio.to_thread(main.entity_search.search, "", 12)
        for i in top:
            display, command, text, help_ = self._hit_parts(main, i)
            yield DiscoveryHit(display, command, text=text, help=help_)

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None or not query.strip():
            return
        found = await asyncio.to_thread(main.entity_search.search, query, 30)
        for rank, i in enumerate(found):
            display, command, text, help_ = self._hit_parts(main, i)
            yield Hit(1.0 - rank / 60, display, command, text=text, help=help_)
