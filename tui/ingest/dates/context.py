"""What a date resolver works with: the article's text and anchor (``Ctx``), what it returns
(``Resolved``), and the shape of a grammar row (``DateForm``)."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from tui.model import PartialDate

# One word back, read on the reversed text: blanks (one line break at most), then the word.
WORD_BACK = re.compile(r"[^\S\n]*\n?[^\S\n]*([\w'’ʼ‘-]+)")
APOSTROPHES = "'’ʼ‘"
_TO_PLAIN_APOSTROPHE = str.maketrans({c: "'" for c in APOSTROPHES})


class Ctx:
    """What the resolvers need: the text, its lower-cased twin, the anchor, the sentences."""

    def __init__(
        self,
        text: str,
        low: str,
        published: PartialDate | None,
        sentences: Sequence[tuple[int, int]],
    ) -> None:
        self.text = text
        self.low = low
        self.rlow = low[::-1]
        self.year: int | None = None
        self.month: int | None = None
        self.day: dt.date | None = None
        if published is not None:
            self.year, self.month = published.year, published.month
            if published.month is not None and published.day is not None:
                self.day = dt.date(published.year, published.month, published.day)
        self.sentences = sentences
        self._sentence_starts: list[int] | None = None
        self.cue_cache: dict[int, list[tuple[int, int, int]]] = {}
        self._dates: dict[tuple[int, int | None, int | None], PartialDate] = {}

    def date(self, year: int, month: int | None = None, day: int | None = None) -> PartialDate:
        """``PartialDate(year, month, day)``, shared within the article (they are immutable
        and the same few recur). ValueError off the calendar."""
        key = (year, month, day)
        value = self._dates.get(key)
        if value is None:
            value = self._dates[key] = PartialDate(year, month, day)
        return value

    def ref_day(self) -> dt.date | None:
        """The publication day, or the middle of its month when only the month is known."""
        if self.day is not None:
            return self.day
        if self.year is not None and self.month is not None:
            return dt.date(self.year, self.month, 15)
        return None

    def words_before(self, pos: int, count: int = 2) -> list[str]:
        """Up to ``count`` words just before ``pos``, nearest first, lower case, plain "'".

        Only blanks may separate them (punctuation stops the walk): before "avril" in "le
        mois d'avril" they are ["d'", "mois"].
        """
        out: list[str] = []
        n = len(self.low)
        for _ in range(count):
            m = WORD_BACK.match(self.rlow, n - pos)
            if m is None:
                break
            out.append(m.group(1)[::-1].translate(_TO_PLAIN_APOSTROPHE))
            pos = n - m.end()
        return out

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around [start, end): from ``sentences``, else found cheaply."""
        if self.sentences:
            if self._sentence_starts is None:
                self._sentence_starts = [s for s, _ in self.sentences]
            i = bisect_right(self._sentence_starts, start) - 1
            if i >= 0:
                s, e = self.sentences[i]
                if s <= start and end <= e:
                    return s, e
        text = self.text
        lo = max(0, start - 400)
        left = max(text.rfind(".", lo, start), text.rfind("\n", lo, start))
        left = left + 1 if left >= 0 else lo
        hi = min(len(text), end + 400)
        rights = [i for i in (text.find(".", end, hi), text.find("\n", end, hi)) if i >= 0]
        return left, (min(rights) + 1 if rights else hi)


class Resolved(NamedTuple):
    value: PartialDate | None
    relative: bool  # resolved against the publication date (which becomes the anchor)


def as_absolute(value: PartialDate | None) -> Resolved:
    return Resolved(value, False)


def as_relative(value: PartialDate | None) -> Resolved:
    return Resolved(value, True)


# A match's named groups: a str, or None for a group that took no part.
Groups = dict[str, Any]

# A resolver gets the row's groups, the context and the span; it returns None when the match
# is not a temporal expression after all ("de 2000 soldats").
Resolver = Callable[[Groups, Ctx, int, int], Resolved | None]


class DateForm(NamedTuple):
    """One row of the grammar."""

    name: str
    regex: str  # on lower-cased text
    triggers: str  # the kinds of trigger words the expression contains (see _TRIGGER_WORDS)
    resolve: Resolver
