"""The header line: the corpus (articles, entities, date span), the selection, and a notice
when the corpus folder changed ("3 new articles · R to reload", tui/app/watch.py).

On a narrow terminal the notice and the selection win: the corpus statistics shrink, then
go, before any selected name is cut, and every selected entity keeps at least the start of
its name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from tui.corpus import Corpus

BRAND = " Chronique "
_MIN_NAME = 6  # cells a selected name keeps at the least (with its ellipsis)


def _stats_variants(corpus: Corpus) -> list[str]:
    """The corpus statistics from the fullest to none."""
    first, last = corpus.date_span
    arts = f"  {len(corpus.articles)} articles"
    ents = f" · {len(corpus.entities)} entities"
    full = [arts + ents]
    if first is not None and last is not None:
        full.insert(0, f"{arts}{ents} · {first.iso()} → {last.iso()}")
    return [*full, arts, ""]


def _selection_text(names: Sequence[str], n_articles: int, room: int | None) -> Text:
    """ "  │ ● A + ● B (n articles)", names shortened evenly to fit ``room`` cells."""
    count = f" ({n_articles} article{'s' if n_articles != 1 else ''})"
    fixed = len("  │ ") + sum(len("● ") for _ in names) + len(" + ") * (len(names) - 1)
    if room is not None and fixed + sum(map(len, names)) + len(count) > room:
        count = f" ({n_articles})"
    shown = _fit_names(names, room - fixed - len(count)) if room is not None else list(names)
    out = Text(no_wrap=True, end="")
    out.append("  │ ", style="dim")
    for k, name in enumerate(shown):
        if k:
            out.append(" + ", style="dim")
        out.append("● " + name, style="bold")
    out.append(count)
    return out


def _fit_names(names: Sequence[str], budget: int) -> list[str]:
    """Names cut (with an ellipsis) to the largest common length that fits ``budget``
    cells in all, never below ``_MIN_NAME``: short names stay whole, long ones give way."""
    if sum(map(len, names)) <= budget:
        return list(names)
    cap = _MIN_NAME
    for c in range(max(map(len, names)), _MIN_NAME - 1, -1):
        if sum(min(len(n), c) for n in names) <= budget:
            cap = c
            break
    return [n if len(n) <= cap else n[: cap - 1] + "…" for n in names]


def header_text(
    corpus: Corpus | None,
    selection: Sequence[str] = (),
    n_articles: int = 0,
    *,
    loading: bool = False,
    width: int | None = None,
    notice: str = "",
) -> Text:
    """The header for ``corpus`` (None: still loading, or failed) with the selected
    entities and the number of articles that mention them all, and ``notice`` last, fitted
    to ``width``."""
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append(BRAND, style="bold reverse")
    if corpus is None:
        out.append("  loading…" if loading else "  no corpus")
        return out
    tail = _notice_text(notice)
    out.append_text(_body(corpus, selection, n_articles, width, tail.cell_len))
    out.append_text(tail)
    return out


def _notice_text(notice: str) -> Text:
    out = Text(no_wrap=True, end="")
    if notice:
        out.append("  │ ", style="dim")
        out.append(notice, style="bold")
    return out


def _body(
    corpus: Corpus, selection: Sequence[str], n_articles: int, width: int | None, taken: int
) -> Text:
    """The statistics and the selection in ``width`` less ``taken`` cells (the notice's)."""
    out = Text(no_wrap=True, end="")
    variants = _stats_variants(corpus)
    if not selection:
        if width is None or not taken:  # (cut with an ellipsis at the edge)
            out.append(variants[0])
            return out
        room = width - len(BRAND) - taken
        out.append(next((v for v in variants if len(v) <= room), ""))
        return out
    names = [" ".join(e.name.split()) if e else eid for eid, e in _entities(corpus, selection)]
    full = _selection_text(names, n_articles, None)
    if width is None:
        out.append(variants[0])
        out.append_text(full)
        return out
    room = width - len(BRAND) - taken
    for stats in variants:
        if len(stats) + full.cell_len <= room:
            out.append(stats)
            out.append_text(full)
            return out
    out.append_text(_selection_text(names, n_articles, max(room, 0)))
    return out


def _entities(corpus: Corpus, selection: Sequence[str]):
    return [(eid, corpus.entity(eid)) for eid in selection]
