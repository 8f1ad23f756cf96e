"""The header line: the corpus (articles, entities, date span) and the selection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from tui.corpus import Corpus


def header_text(
    corpus: Corpus | None,
    selection: Sequence[str] = (),
    n_articles: int = 0,
    *,
    loading: bool = False,
) -> Text:
    """The header for ``corpus`` (None: still loading, or failed) with the selected
    entities and the number of articles that mention them all."""
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append(" Chronique ", style="bold reverse")
    if corpus is None:
        out.append("  loading…" if loading else "  no corpus")
        return out
    first, last = corpus.date_span
    out.append(f"  {len(corpus.articles)} articles · {len(corpus.entities)} entities")
    if first is not None:
        out.append(f" · {first.iso()} → {last.iso()}")
    if selection:
        out.append("  │ ", style="dim")
        for k, eid in enumerate(selection):
            ent = corpus.entity(eid)
            if k:
                out.append(" + ", style="dim")
            out.append("● " + (ent.name if ent else eid), style="bold")
        n = n_articles
        out.append(f" ({n} article{'s' if n != 1 else ''})")
    return out
