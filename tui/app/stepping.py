"""Where n/N and ]/[ go: the stepping rules, as plain functions of the corpus and a place.

No Textual here: the main screen asks these functions for a target and then shows it, and
tests/app/test_stepping.py checks the rules directly.

A place in the corpus is the open article (its index in date order) and the reading
position in its text. A position of None means "the top of the article, nothing pointed at":
then "next" starts at the very beginning, so a mention at offset 0 counts.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.corpus import Corpus

# Larger than any offset in an article: "after the end of the previous article".
_END = (1 << 31) - 1


@dataclass(frozen=True, slots=True)
class Place:
    article: int | None  # the open article, or None
    offset: int | None = None  # the reading position in it, or None (its top)


@dataclass(frozen=True, slots=True)
class Step:
    """A target found by stepping: the article and the offset to show, the rank of the
    target among all of them (0-based) and their number, and whether the step went round
    the end (or the start) of the corpus."""

    article: int
    offset: int
    rank: int
    total: int
    wrapped: bool


def _wrapped(here: Place, there: tuple[int, int], backward: bool) -> bool:
    if here.article is None or here.offset is None:
        return False
    now = (here.article, here.offset)
    return there > now if backward else there < now


def step_mention(corpus: Corpus, entity_id: str, here: Place, backward: bool) -> Step | None:
    """The entity's next (or previous) mention from ``here``, across articles in date
    order, going round at the ends. None if the entity has no mention."""
    if here.article is None:
        found = corpus.next_mention(entity_id, None, 0, backward=backward)
    elif here.offset is None and not backward:
        # From the very top of this article: a mention at offset 0 counts.
        a = here.article
        prev = corpus.articles[a - 1].id if a > 0 else None
        found = corpus.next_mention(entity_id, prev, _END if prev else 0)
    else:
        art_id = corpus.articles[here.article].id
        found = corpus.next_mention(entity_id, art_id, here.offset or 0, backward=backward)
    if found is None:
        return None
    rank, m = found
    a = corpus.article_idx(m.article_id)
    if a is None:
        return None
    return Step(
        a, m.start, rank, corpus.mention_count(entity_id), _wrapped(here, (a, m.start), backward)
    )


def step_hit(hits: Sequence[tuple[int, int]], here: Place, backward: bool) -> Step | None:
    """The next (or previous) of ``hits`` — (article, offset) pairs in corpus order, such
    as the hits of a text search — from ``here``, going round at the ends."""
    if not hits:
        return None
    if here.article is None:
        k = len(hits) - 1 if backward else 0
    elif backward:
        k = bisect.bisect_left(hits, (here.article, here.offset or 0)) - 1
        if k < 0:
            k = len(hits) - 1
    else:
        # From the top of the article (offset None) a hit at offset 0 counts.
        after = here.offset if here.offset is not None else -1
        k = bisect.bisect_right(hits, (here.article, after))
        if k >= len(hits):
            k = 0
    a, offset = hits[k]
    return Step(a, offset, k, len(hits), _wrapped(here, (a, offset), backward))


def step_article(items: Sequence[int], current: int | None, step: int) -> int | None:
    """The next (``step`` > 0) or previous article of ``items`` (article indexes in date
    order: the filtered timeline) from ``current``; None past the ends (no wrapping: the
    timeline is a list the reader can see the ends of)."""
    if not len(items):
        return None
    if current is None:
        return items[0] if step > 0 else items[-1]
    if step > 0:
        k = bisect.bisect_right(items, current)
        return items[k] if k < len(items) else None
    k = bisect.bisect_left(items, current) - 1
    return items[k] if k >= 0 else None
