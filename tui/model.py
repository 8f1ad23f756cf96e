"""Plain, frozen data: what the ingest layer produces and the corpus indexes.

Every span is a half-open character range ``[start, end)`` into ``Article.text``;
``article.text[start:end]`` is exactly the surface shown. Nothing here imports textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import total_ordering
from typing import Any

# Entity types. MISC covers treaties, events and other named things.
PER, ORG, LOC, MISC = "PER", "ORG", "LOC", "MISC"
ENTITY_TYPES = (PER, ORG, LOC, MISC)

_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


@total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date that knows its precision: a year, a month or a day.

    "2025-07" is the month of July 2025, not the first of July. Sorting puts a
    month before the days inside it and a year before its months.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None and self.month is not None:
            import calendar

            if not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
                raise ValueError(f"day out of range: {self.year}-{self.month}-{self.day}")

    @property
    def precision(self) -> str:
        """'year', 'month' or 'day'."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    __str__ = iso

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ValueError otherwise."""
        m = _ISO_DATE.match(value)
        if not m:
            raise ValueError(f"not a date: {value!r}")
        year, month, day = m.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)


def iso(d: PartialDate | None) -> str | None:
    """``d.iso()``, or None for no date: how dates are written in JSON and in the cache."""
    return None if d is None else d.iso()


@dataclass(frozen=True, slots=True)
class Block:
    """A structural piece of an article: 'lead', 'paragraph', 'subheading' or 'caption'.

    For captions, ``credit_start``/``credit_end`` span the photo credit
    ("AFP / WANG ZHAO") inside the caption, or are -1 when there is none.
    """

    kind: str
    start: int
    end: int
    credit_start: int = -1
    credit_end: int = -1


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    path: str
    text: str
    title: str
    # The date given by the file (header or metadata), at its precision.
    date: PartialDate | None = None
    # The best known publication date: ``date`` refined from the text when
    # the header gives only a month and the lead names the day.
    published: PartialDate | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    blocks: tuple[Block, ...] = ()
    # Sentence spans (start, end), in order, covering the prose of the article.
    sentences: tuple[tuple[int, int], ...] = ()
    # Any other metadata keys (front matter, JSON fields), kept as given.
    extra: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Entity:
    id: str  # stable slug of the canonical name: "vladimir-poutine"
    name: str
    type: str  # PER, ORG, LOC or MISC
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class EntityStats:
    """An entity's numbers over the corpus: mentions, articles, first and last dates."""

    mentions: int
    articles: int
    first: PartialDate | None
    last: PartialDate | None


@dataclass(frozen=True, slots=True)
class Mention:
    entity_id: str
    article_id: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A temporal expression found in the text, resolved when it can be.

    ``value`` is None when the expression needs an anchor that is missing
    (a relative expression in an undated article). ``anchor`` is the date it
    was resolved against (usually the publication date).
    """

    article_id: str
    start: int
    end: int
    text: str
    value: PartialDate | None
    anchor: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted passage. ``start``/``end`` span the words inside the quote marks.

    ``speaker`` is an entity id or None; ``speaker_role`` the words that name
    the speaker ("le président chinois", "un porte-parole du ministère").
    ``is_term`` marks scare quotes of a word or two with no reporting verb.
    ``also`` holds the other places (start, end) of the same quotation in the article: a
    subheading or a caption that repeats it, the same words quoted again. One quotation, one
    row: the row is its first full occurrence.
    """

    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_role: str | None = None
    verb: str | None = None
    date: PartialDate | None = None
    is_term: bool = False
    also: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an input, reported and survived."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"
