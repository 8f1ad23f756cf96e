"""French temporal expressions, resolved against the publication date.

Two public functions, both pure (no global state, no textual):

- ``refine_published(lead, date)``: the day of publication when the header gives only the
  month and the lead names the day ("mardi 15 juillet").
- ``extract_dates(text, article_id, published, sentences)``: every temporal expression of an
  article ("le 8 mai 2025", "mardi", "l'an dernier", "d'ici 50 jours", "début septembre"...)
  as ``TimeRef`` spans, sorted by start, each resolved on the calendar when it can be.

The grammar is a table (``FORMS``), in the manner of toolong's ``timestamps.py``: one row per
kind of expression, each a small named regex, the trigger words it contains, and the function
that turns its groups into a date. Rows are joined into compiled alternations with a named
group per row; at a given start the first row that matches wins, so longer forms come first
("mardi 15 juillet" before "mardi", "février 2022" before "février").

How the text is scanned (speed matters: a corpus can be hundreds of MB). Trying a big
alternation at every character is slow in Python's regex engine, so:

1. the text is lower-cased once (same length, so spans stay exact);
2. one regex finds the *trigger* words every expression contains (month and weekday names,
   4-digit years, hier, demain, veille, an, année, mois, semaine, jour...). It is led by a
   small class of word-separating characters, which the engine skips through quickly;
3. from each trigger the scan walks back over the few words that can lead an expression
   ("le", "ce", "en", "début", "il y a", "d'ici", numbers...) and tries, leftmost first, the
   rows that can contain that trigger, anchored at each possible start. The first match that
   covers the trigger wins: the longest expression, never overlapping the previous one.

Resolution rules, news-oriented (the publication date is the anchor):

- an explicit year makes the expression absolute (``anchor`` is None);
- a bare weekday is the most recent such day on or before publication, or the next one on or
  after it when its context speaks of the future ("à la veille de l'expiration, jeudi");
- a day and month without year take the publication year, unless that puts them more than
  about two months after publication (then the previous year) — or, when the context speaks
  of the future, more than two months before it (then the next year); a weekday given with
  them picks the neighbouring year when only that one agrees with the calendar;
- a month alone is its most recent occurrence (publication month included), or the next one
  when the context speaks of the future;
- ``dernier`` / ``prochain`` force the past / the future;
- "la semaine dernière" has no calendar unit of its own: it resolves to the month of the
  Thursday of that week; "il y a trois ans" is a year, "il y a deux mois" a month, "d'ici 50
  jours" a day.

Whether a context "speaks of the future" is decided cheaply from the sentence: a future cue
(futur simple, "doit", "prévu", "prochain", "à venir", "invité", "à la veille de"...) just
before the expression says yes; an auxiliary just before it ("a déclaré mardi") says no;
otherwise the nearest cue in the sentence decides, verbs that only report speech ("a
assuré") not counting; no cue at all means past.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache, partial
from itertools import chain
from typing import Any, NamedTuple

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from tui.ingest.french import MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS
from tui.model import PartialDate, TimeRef

# ---------------------------------------------------------------------------------------------
# Publication day from the lead.

# "mardi 15 juillet", "jeudi 16 mai", "ce mercredi 4 février"
_LEAD_DAY = re.compile(
    rf"\b(?:(?P<wd>{WEEKDAY_RE})\s+)?(?P<day>1er|[0-3]?\d)\s+(?P<month>{MONTH_RE})\b(?!\s+\d{{4}})",
    re.IGNORECASE,
)


def refine_published(lead: str, date: PartialDate | None) -> PartialDate | None:
    """The day of publication, when the header gives only the month and the lead names it.

    A day counts only when its month is the header's and a weekday is named that agrees with
    the calendar (2025-07 + "mardi 15 juillet" -> 2025-07-15). A bare "le 8 mai" in a lead is
    often a past event, not the day of writing, so it is not trusted.
    """
    if date is None or date.month is None or date.day is not None:
        return date
    for m in _LEAD_DAY.finditer(lead):
        if not m["wd"]:
            continue
        month = MONTHS.get(m["month"].lower())
        day = 1 if m["day"].lower() == "1er" else int(m["day"])
        if month != date.month:
            continue
        try:
            when = dt.date(date.year, month, day)
        except ValueError:
            continue
        if WEEKDAYS[m["wd"].lower()] != when.weekday():
            continue
        return PartialDate(date.year, month, day)
    return date


# ---------------------------------------------------------------------------------------------
# Building blocks of the grammar. The grammar runs on lower-cased text.

# One or more spaces, at most one line break (a date never spans a paragraph break).
SP = r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)"
AP = r"['’ʼ‘]"  # apostrophes, typographic ones included
MONTH = rf"(?P<month>{MONTH_RE})"
WEEKDAY = rf"(?P<wd>{WEEKDAY_RE})"
DAY = r"(?<![\d.,/])(?P<day>1er|1ᵉʳ|premier|3[01]|[12]\d|0?[1-9])(?!\d)"
# A plausible year, not a piece of a bigger number ("1.550", "2000,5", "2000 %").
YEAR = r"(?P<year>1[89]\d\d|20\d\d|2100)(?!\d|[.,]\d|[^\S\n]?%)"
PART_OF_DAY = r"(?P<part>matin|midi|apr[èe]s-midi|soir|soirée|soiree)"

_NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
}  # fmt: skip
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
# "50", "trois", "vingt-cinq", "quatre-vingt-dix", "vingt et un"
NUMBER = (
    rf"(?P<n>\d{{1,4}}|(?:{_NUMBER_WORD})(?:-(?:et-)?(?:{_NUMBER_WORD}))*"
    rf"(?:{SP}et{SP}(?:une|un|onze))?)"
)

# Words in front of a month, kept in the span: "en", "début", "fin", "mi-", "courant",
# "au début de", "à la mi-", "le mois de".
MONTH_PREFIX = (
    rf"(?P<pre>(?:(?:en|au|[àa]{SP}la){SP})?"
    rf"(?:(?:d[ée]but|fin|courant){SP}(?:d(?:e{SP}|{AP}))?|mi(?:-|{SP}))"
    rf"|(?:le|au|ce){SP}mois{SP}d(?:e{SP}|{AP})|en{SP})?"
)
# Words in front of a year, kept in the span: "en", "fin", "mi-", "l'année", "au printemps".
YEAR_PREFIX = (
    rf"(?P<pre>(?:en{SP})?(?:(?:d[ée]but|fin|courant){SP}|mi-{SP}?|l{AP}an{SP}"
    rf"|l{AP}ann[ée]e{SP}|ann[ée]e{SP}"
    rf"|(?:(?:au{SP}|[àa]{SP}l{AP}|l{AP}|cet{SP})?(?:printemps|automne|hiver)"
    rf"|(?:l{AP}|[àa]{SP}l{AP}|cet{SP})[ée]t[ée]){SP})|en{SP})?"
)

# ---------------------------------------------------------------------------------------------
# Resolution context: one per call.

# One word back, read on the reversed text: blanks (one line break at most), then the word.
_WORD_BACK = re.compile(r"[^\S\n]*\n?[^\S\n]*([\w'’ʼ‘-]+)")
_APOSTROPHES = "'’ʼ‘"
_TO_PLAIN_APOSTROPHE = str.maketrans({c: "'" for c in _APOSTROPHES})


class _Ctx:
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
            m = _WORD_BACK.match(self.rlow, n - pos)
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


def _absolute(value: PartialDate | None) -> Resolved:
    return Resolved(value, False)


def _relative(value: PartialDate | None) -> Resolved:
    return Resolved(value, True)


# A match's named groups: a str, or None for a group that took no part.
Groups = dict[str, Any]

# A resolver gets the row's groups, the context and the span; it returns None when the match
# is not a temporal expression after all ("de 2000 soldats").
Resolver = Callable[[Groups, _Ctx, int, int], Resolved | None]


class DateForm(NamedTuple):
    """One row of the grammar."""

    name: str
    regex: str  # on lower-cased text
    triggers: str  # the kinds of trigger words the expression contains (see _TRIGGER_WORDS)
    resolve: Resolver


# ---------------------------------------------------------------------------------------------
# Context: past or future?

_SEPARATORS = " \n\t\r\u00a0\u202f\u2009'’ʼ‘(\\-\"«/.–—\\["
# Tense cues, read on the lower-cased text. Auxiliaries of a compound past ("a déclaré",
# "s'était entretenu") say past; the other words announce what is to come.
_PAST_WORDS = [
    "a", "ont", "avait", "avaient", "est", "sont", "était", "etait", "étaient", "etaient",
    "s'est", "s'était", "s'etait", "se sont", "a-t-il", "a-t-elle", "a-t-on", "ont-ils",
    "ont-elles",
]  # fmt: skip
_FUTURE_WORDS = [
    r"doi[tv]\w*", r"devr\w*", "va", "vont", r"prévu\w*", r"prevu\w*", r"prévoi\w*",
    r"prevoi\w*", r"programm[ée]\w*", r"attendu\w*", r"envisag\w*", r"s['’]appr[êe]t\w*",
    r"prochain\w*", "à venir", "a venir", r"invit[ée]e?s?", "assister", r"futur\w*",
    r"d['’]ici", r"bient[ôo]t", r"à la veille d(?:e|u|es|['’]\w*)", r"devai\w*",
    r"promet\w*",
    r"a la veille d(?:e|u|es|['’]\w*)",
]  # fmt: skip


def _words_by_first_letter(fragments: Sequence[str]) -> str:
    """An alternation of word regexes grouped by first letter ("j(?:anvier|uin|eudi)|...").

    Python's regex engine checks the first letter of each alternative before trying it, so a
    scan led by a separator and then this alternation runs several times faster than a word
    boundary followed by a flat list of words.
    """
    by_first: dict[str, list[str]] = {}
    for f in fragments:
        by_first.setdefault(f[0], []).append(f[1:])
    return "|".join(
        rf"{re.escape(c)}(?:{'|'.join(sorted(rests, key=len, reverse=True))})"
        for c, rests in by_first.items()
    )


def _word_scan(fragments: Sequence[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A scan for words led by a separator (group ``w``), and the same at the text's start."""
    alts = _words_by_first_letter(fragments)
    return (
        re.compile(rf"[{_SEPARATORS}](?P<w>{alts})(?!\w)"),
        re.compile(rf"(?P<w>{alts})(?!\w)"),
    )


_TENSE, _TENSE_AT_START = _word_scan(
    [re.escape(w).replace("'", "['’]") for w in _PAST_WORDS] + _FUTURE_WORDS
)
_PAST_SET = frozenset(_PAST_WORDS)
# The ending of a futur simple ("sera", "aura", "se tiendra", "iront"), found anywhere.
_FUTUR_SIMPLE = re.compile(r"r(?<=[eiudrv]r)(?:a|ont)(?!\w)")
# Verbs that only report speech ("a assuré"): they frame the sentence, they do not date it.
_REPORTING = re.compile(
    r"[^\S\n]+(?:d[ée]clar|affirm|assur|indiqu|annonc|pr[ée]cis|soulign|ajout|dit\b|expliqu"
    r"|estim|rapport|r[ée]affirm|confirm|martel|insist|averti|pr[ée]venu|r[ée]p[ée]t|not[ée]"
    r"|fait savoir|jug[ée])"
)
_CLAUSE_BREAK = re.compile(r"[.;:!?\n\"«»“”()]")
_FUTURE_CUE, _PAST_CUE, _REPORT_CUE = 0, 1, 2
_SENTENCE_REACH = 200  # how far from the expression its sentence is read
_CHUNK = 256  # cues are found once per chunk of text, when first needed


def _chunk_cues(ctx: _Ctx, chunk: int) -> list[tuple[int, int, int]]:
    """The tense cues (start, end, kind) that start in one chunk of the text."""
    found = ctx.cue_cache.get(chunk)
    if found is None:
        low = ctx.low
        a, b = chunk * _CHUNK, (chunk + 1) * _CHUNK
        found = []
        head = _TENSE_AT_START.match(low) if chunk == 0 else None
        for m in chain((head,) if head else (), _TENSE.finditer(low, max(0, a - 1), b + 48)):
            if m.start("w") >= b:
                break
            if m.group("w").replace("’", "'") in _PAST_SET:
                kind = _REPORT_CUE if _REPORTING.match(low, m.end()) else _PAST_CUE
            else:
                kind = _FUTURE_CUE
            found.append((m.start("w"), m.end(), kind))
        for m in _FUTUR_SIMPLE.finditer(low, a, b + 8):
            if m.start() >= b:
                break
            k = m.start()
            while k > m.start() - 40 and k > 0 and low[k - 1].isalpha():
                k -= 1
            # Lower case only: "Sandra" or "Jura" are not verbs.
            if m.end() - k >= 3 and not ctx.text[k].isupper():
                found.append((k, m.end(), _FUTURE_CUE))
        ctx.cue_cache[chunk] = found
    return found


def _cues(ctx: _Ctx, s0: int, s1: int) -> list[tuple[int, int, int]]:
    """The tense cues inside [s0, s1)."""
    out: list[tuple[int, int, int]] = []
    for chunk in range(s0 // _CHUNK, (s1 - 1) // _CHUNK + 1):
        out.extend(c for c in _chunk_cues(ctx, chunk) if s0 <= c[0] and c[1] <= s1)
    return out


def _is_future(ctx: _Ctx, start: int, end: int) -> bool:
    """Does the context of [start, end) speak of what is to come? (see the module doc)"""
    s0, s1 = ctx.sentence(start, end)
    # A window of the sentence: linear time even on a text without punctuation.
    s0, s1 = max(s0, start - _SENTENCE_REACH), min(s1, end + _SENTENCE_REACH)
    lo = max(s0, start - 48)
    breaks = list(_CLAUSE_BREAK.finditer(ctx.text, lo, start))
    if breaks:
        lo = breaks[-1].end()
    cues = _cues(ctx, s0, s1)
    local = [kind for a, b, kind in cues if lo <= a and b <= start]
    if _FUTURE_CUE in local:
        return True
    if local:
        return False
    best, future = None, False
    for a, b, kind in cues:
        if kind == _REPORT_CUE or (start <= a < end):
            continue  # a reporting verb, or a word of the expression itself
        dist = start - b if b <= start else a - end
        if best is None or dist < best or (dist == best and kind == _FUTURE_CUE):
            best, future = dist, kind == _FUTURE_CUE
    return future


# ---------------------------------------------------------------------------------------------
# Calendar helpers.


_DU_WEEKDAY = (MO, TU, WE, TH, FR, SA, SU)


# dateutil does the calendar arithmetic. A relativedelta costs several microseconds and every
# weekday of an article is resolved against the same publication day, so results are cached.
@lru_cache(maxsize=8192)
def _weekday_from(day: dt.date, days: int, weekday: int, n: int) -> dt.date:
    """``day`` moved by ``days``, then to the n-th ``weekday`` (Monday is 0) from there:
    n=-1 the last one on or before, n=+1 the first one on or after."""
    return day + relativedelta(days=days, weekday=_DU_WEEKDAY[weekday](n))


def _on_or_before(d: dt.date, weekday: int) -> dt.date:
    return _weekday_from(d, 0, weekday, -1)


def _on_or_after(d: dt.date, weekday: int) -> dt.date:
    return _weekday_from(d, 0, weekday, +1)


@lru_cache(maxsize=4096)
def _add_months(year: int, month: int, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) ``year-month``."""
    return dt.date(year, month, 1) + relativedelta(months=months)


_NEAR = 62  # days: "about two months"


def _day_number(word: str) -> int:
    return int(word) if word.isdigit() else 1  # "1er", "1ᵉʳ", "premier"


_NUMBER_SPLIT = re.compile(r"[-\s]+")
_BLANKS = re.compile(r"\s+")
_FOUR_DIGITS = re.compile(r"\d{4}")


def _number(words: str) -> int | None:
    """ "50" -> 50, "trois" -> 3, "vingt-cinq" -> 25, "quatre-vingt-dix" -> 90."""
    if words.isdigit():
        return int(words)
    total = 0
    for tok in _NUMBER_SPLIT.split(words):
        if tok == "et" or not tok:
            continue
        value = _NUMBER_WORDS.get(tok)
        if value is None:
            return None
        if value == 100:
            total = max(total, 1) * 100
        elif value == 20 and total % 100 == 4:  # quatre-vingt
            total += 76
        else:
            total += value
    return total


def _day_value(ctx: _Ctx, year: int, month: int, day: int) -> PartialDate | None:
    try:
        return ctx.date(year, month, day)
    except ValueError:  # "le 30 février"
        return None


def _approx(year: int, month: int, day: int) -> dt.date:
    """A comparable date even for "29 février" in a common year."""
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day, last))


def _from_date(ctx: _Ctx, d: dt.date, precision: str = "day") -> PartialDate:
    if precision == "month":
        return ctx.date(d.year, d.month)
    return ctx.date(d.year, d.month, d.day)


def _year_for_day(
    ctx: _Ctx, month: int, day: int, rel: str | None, future: Callable[[], bool]
) -> int | None:
    """The year of a day-month written without one, or None without a month anchor."""
    ref = ctx.ref_day()
    if ref is None:
        return None
    year = ref.year
    cand = _approx(year, month, day)
    if rel == "dernier":
        if ctx.day is not None:
            return year - 1 if cand >= ref else year
        return year - 1 if month > ref.month else year
    if rel == "prochain":
        if ctx.day is not None:
            return year + 1 if cand <= ref else year
        return year + 1 if month < ref.month else year
    if (cand - ref).days > _NEAR and not future():
        return year - 1
    if (ref - cand).days > _NEAR and future():
        return year + 1
    return year


def _year_for_month(
    ctx: _Ctx, month: int, rel: str | None, future: Callable[[], bool]
) -> int | None:
    """The year of a month named alone, or None without a month anchor."""
    if ctx.year is None or ctx.month is None:
        return None
    year, now = ctx.year, ctx.month
    if rel == "dernier":
        return year if month < now else year - 1
    if rel == "prochain":
        return year if month > now else year + 1
    if month == now:
        return year
    if future():
        return year if month > now else year + 1
    return year if month < now else year - 1


# ---------------------------------------------------------------------------------------------
# Resolvers, one per row of the table.

_ONE_WORD_AFTER = re.compile(r"[^\S\n]+(\w+)")


def _numeric_date(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "2025-05-08", "08/05/2025"."""
    return _absolute(_day_value(ctx, int(g["year"]), int(g["month"]), int(g["day"])))


def _day_month(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "le 8 mai 2025", "mardi 15 juillet", "le 7 mai dernier", "1er janvier"."""
    month = MONTHS[g["month"]]
    day = _day_number(g["day"])
    if g["year"]:
        return _absolute(_day_value(ctx, int(g["year"]), month, day))
    year = _year_for_day(ctx, month, day, g["rel"], lambda: _is_future(ctx, start, end))
    if year is None:
        return _relative(None)
    if g["wd"]:
        wanted = WEEKDAYS[g["wd"]]
        ref = ctx.ref_day()
        try:
            agrees = dt.date(year, month, day).weekday() == wanted
        except ValueError:
            agrees = True
        if not agrees:
            # "lundi 29 décembre" read in January: the year where the weekday agrees, if near.
            # When none does, the explicit day and month stand.
            for other in (year - 1, year + 1):
                try:
                    when = dt.date(other, month, day)
                except ValueError:
                    continue
                if ref is not None and when.weekday() == wanted and abs((when - ref).days) <= 200:
                    year = other
                    break
    return _relative(_day_value(ctx, year, month, day))


def _month_year(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "février 2022", "en février 2023", "fin mars 2025"."""
    return _absolute(ctx.date(int(g["year"]), MONTHS[g["month"]]))


# A month named alone needs a word before it that makes it a date ("depuis mai", "de janvier
# à mars") unless a prefix of the row is there ("en janvier", "début mars").
_MONTH_CUES = frozenset(
    "depuis dès des jusqu'en jusqu'à jusqu'au d'ici avant après apres entre de d' à au et ou "
    "pour".split()
)
_RANGE_CUES = frozenset("et ou à a au".split())  # "de janvier à mars", "mai et juin"
_MONTH_NAME = re.compile(rf"(?<!\w)(?:{MONTH_RE})(?!\w)")


def _month_alone(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "en janvier", "début septembre", "fin mars", "depuis mai", "mars dernier"."""
    rel = g.get("rel")
    if not g["pre"]:
        # Month names are written in lower case: a bare "Mars" is the planet or the brand.
        if ctx.text[start].isupper():
            return None
        if not rel:
            before = ctx.words_before(start, 1)
            if not before or before[0] not in _MONTH_CUES:
                return None
            if before[0] in _RANGE_CUES and not _MONTH_NAME.search(
                ctx.low, max(0, start - 40), start - len(before[0])
            ):
                return None
    month = MONTHS[g["month"]]
    year = _year_for_month(ctx, month, rel, lambda: _is_future(ctx, start, end))
    if year is None:
        return _relative(None)
    return _relative(ctx.date(year, month))


# "le mardi" (habitual), "du lundi au vendredi", "chaque jeudi", "Journal du Dimanche".
_NOT_A_DAY_BEFORE = frozenset("le les du au chaque un une".split())
_NOT_A_DAY_AFTER = re.compile(rf"-|{SP}(?:saint|gras|noir|fou)\b")
# "le lundi des Cendres", not "a annoncé lundi des résultats": read on the text itself.
_FEAST_AFTER = re.compile(rf"{SP}des{SP}[A-ZÀ-Ý]")


def _weekday(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "mardi", "ce mercredi", "dimanche soir", "lundi dernier", "jeudi prochain"."""
    before = ctx.words_before(start, 1)
    if before and before[0] in _NOT_A_DAY_BEFORE:
        return None
    if _NOT_A_DAY_AFTER.match(ctx.low, end) or _FEAST_AFTER.match(ctx.text, end):
        return None
    if ctx.day is None:
        return _relative(None)
    number = WEEKDAYS[g["wd"]]
    rel = g["rel"]
    if rel is None and before and before[0] == "depuis":
        return _relative(_from_date(ctx, _on_or_before(ctx.day, number)))
    if rel == "dernier":
        when = _on_or_before(ctx.day - dt.timedelta(days=1), number)
    elif rel == "prochain":
        when = _on_or_after(ctx.day + dt.timedelta(days=1), number)
    elif number == ctx.day.weekday():
        when = ctx.day  # the day itself, past or future alike
    elif _is_future(ctx, start, end):
        when = _on_or_after(ctx.day, number)
    else:
        when = _on_or_before(ctx.day, number)
    return _relative(_from_date(ctx, when))


_DAY_WORDS = {"hier": -1, "demain": 1, "avant-hier": -2, "avant hier": -2,
              "après-demain": 2, "apres-demain": 2, "après demain": 2, "apres demain": 2}  # fmt: skip


def _day_word(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "hier", "demain", "avant-hier", "hier soir"."""
    if not g["part"]:
        before = ctx.words_before(start, 1)
        if before and before[0] in ("de", "d'"):
            return None  # "le monde de demain", "les alliés d'hier": figurative
    if ctx.day is None:
        return _relative(None)
    offset = _DAY_WORDS[_BLANKS.sub(" ", g["w"])]
    return _relative(_from_date(ctx, ctx.day + dt.timedelta(days=offset)))


def _eve(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "la veille", "le lendemain", "l'avant-veille", "le surlendemain" (of publication)."""
    if ctx.day is None:
        return _relative(None)
    w = g["w"]
    offset = -2 if "avant" in w else -1 if "veille" in w else 2 if "surlendemain" in w else 1
    return _relative(_from_date(ctx, ctx.day + dt.timedelta(days=offset)))


def _year_offset(offset: int, g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "l'an dernier", "l'année prochaine", "cette année", "en début d'année"."""
    if ctx.year is None:
        return _relative(None)
    return _relative(ctx.date(ctx.year + offset))


def _month_word(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "le mois dernier", "le mois prochain", "ce mois-ci"."""
    if ctx.month is None:
        return _relative(None)
    rel = g["rel"] or ""
    offset = -1 if rel.startswith(("dernier", "pass")) else 1 if rel.startswith("prochain") else 0
    when = _add_months(ctx.year, ctx.month, offset)
    return _relative(_from_date(ctx, when, "month"))


def _week_word(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "la semaine dernière", "la semaine prochaine", "cette semaine": the month of its Thursday."""
    if ctx.day is None:
        return _relative(None)
    rel = g["rel"] or ""
    weeks = -1 if rel.startswith(("derni", "pass")) else 1 if rel.startswith("prochain") else 0
    monday = _on_or_before(ctx.day + dt.timedelta(weeks=weeks), 0)
    thursday = monday + dt.timedelta(days=3)
    return _relative(_from_date(ctx, thursday, "month"))


_OF_AFTER = re.compile(rf"{SP}d(?:e|u|es)\b|{SP}d{AP}")


def _offset(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "il y a trois ans", "dans deux semaines", "d'ici 50 jours"."""
    if g["kind"] == "dans" and _OF_AFTER.match(ctx.low, end):
        return None  # "dans deux ans de mandat"
    n = _number(g["n"])
    if n is None:
        return None
    sign = -1 if g["kind"].startswith("il") else 1
    unit = g["unit"]
    if unit.startswith("an"):
        if ctx.year is None:
            return _relative(None)
        return _relative(ctx.date(ctx.year + sign * n))
    if unit == "mois":
        if ctx.month is None:
            return _relative(None)
        when = _add_months(ctx.year, ctx.month, sign * n)
        return _relative(_from_date(ctx, when, "month"))
    if ctx.day is None:
        return _relative(None)
    days = n * 7 if unit.startswith("semaine") else n
    return _relative(_from_date(ctx, ctx.day + dt.timedelta(days=sign * days)))


# A year written alone needs a word before it that makes it a date ("depuis 2014", "de 2010 à
# 2014") unless a prefix of the row is there ("en 2010", "l'année 2022").
_YEAR_CUES = frozenset(
    "depuis dès de jusqu'en jusqu'à jusqu'au d'ici à avant après apres entre vers et ou "
    "pour qu'en".split()
)
_WEAK_YEAR_CUES = frozenset("de à pour et ou entre vers avant après apres".split())
# Words that may follow a year although they end in s or x (a plural noun after a number
# makes it a count: "de 2000 soldats").
_FUNCTION_WORDS = frozenset(
    "dans sous vers alors depuis mais puis plus tous nous vous ils elles les des ses ces mes "
    "tes nos vos leurs pas très tres après apres dès lors jamais toujours aux ceux eux mieux "
    "moins avons avez sommes êtes etes fois encore plusieurs certains certaines quelques "
    "nombreux nombreuses tandis sans toutes autres hors parfois désormais jadis deux trois six "
    "dix".split()
)
_UNITS = frozenset("km m kg g t mw gw kw ha cm mm l h min".split())
_YEAR_ALONE_AFTER = re.compile(r"[^\S\n]*(?:$|\n|[:,–—-])")


def _year(g: Groups, ctx: _Ctx, start: int, end: int) -> Resolved | None:
    """ "en 2010", "depuis 2014", "l'année 2022", "fin 2025", "(2010)", "2022 :" on its line."""
    low = ctx.low
    before = None if g["pre"] else ctx.words_before(start, 1)
    cue = before[0] if before else None
    nxt = _ONE_WORD_AFTER.match(ctx.text, end)
    if nxt is not None:
        word = nxt.group(1)
        folded = word.lower()
        # a plural noun after the number makes it a count ("de 2000 soldats", "à 1850 mètres");
        # after a weak cue, a capitalised one too ("plus de 2000 Ukrainiens")
        if (word[0].islower() or cue in _WEAK_YEAR_CUES) and (
            folded in _UNITS or (folded[-1] in "sx" and folded not in _FUNCTION_WORDS)
        ):
            return None
    if not g["pre"]:
        if (start >= 5 and low[start - 1] in "-–" and low[start - 5 : start - 1].isdigit()) or (
            low[end : end + 1] in ("-", "–") and low[end + 1 : end + 5].isdigit()
        ):
            pass  # "2022-2023", "2010–2014"
        elif cue in _YEAR_CUES:
            if cue in ("et", "ou") and not _FOUR_DIGITS.search(low, max(0, start - 24), start):
                return None  # "2010 et 2014" yes, "X et 2000" no
        else:
            i = start
            while i > 0 and low[i - 1] in " \t":
                i -= 1
            alone = (i == 0 or low[i - 1] == "\n") and _YEAR_ALONE_AFTER.match(low, end)
            bracketed = start > 0 and low[start - 1] == "(" and low[end : end + 1] == ")"
            if not (alone or bracketed):
                return None
    return _absolute(ctx.date(int(g["year"])))


# ---------------------------------------------------------------------------------------------
# The grammar. Longer forms first where two rows can start at the same place. Trigger kinds:
# M month, W weekday, Y year, D hier/demain, E veille/lendemain, A an/année, U units (ans,
# années, mois, semaine(s), jour(s)).

FORMS: list[DateForm] = [
    DateForm(
        "iso",  # "2025-05-08"
        rf"(?<![\d-]){YEAR}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\d-])",
        "Y",
        _numeric_date,
    ),
    DateForm(
        "numeric",  # "08/05/2025", "8.5.2025"
        rf"(?<![\d/.])(?P<day>0?[1-9]|[12]\d|3[01])(?P<sep>[/.])(?P<month>0?[1-9]|1[0-2])"
        rf"(?P=sep){YEAR}",
        "Y",
        _numeric_date,
    ),
    DateForm(
        "day_month",  # "le 8 mai 2025", "ce mercredi 4 février", "le 7 mai dernier"
        rf"(?:(?:le|ce){SP})?(?:{WEEKDAY}{SP})?{DAY}{SP}{MONTH}"
        rf"(?:{SP}{YEAR}|{SP}(?P<rel>dernier|prochain))?",
        "MWY",
        _day_month,
    ),
    DateForm(
        "month_year",  # "février 2022", "en février 2023", "fin mars 2025"
        rf"{MONTH_PREFIX}{MONTH}{SP}{YEAR}",
        "MYU",
        _month_year,
    ),
    DateForm(
        "month_rel",  # "en mars dernier", "mai prochain"
        rf"{MONTH_PREFIX}{MONTH}{SP}(?P<rel>dernier|prochain)",
        "MU",
        _month_alone,
    ),
    DateForm(
        "month",  # "en janvier", "début septembre", "mi-mars", "le mois d'avril"
        rf"{MONTH_PREFIX}{MONTH}",
        "MU",
        _month_alone,
    ),
    DateForm(
        "weekday",  # "mardi", "ce mercredi", "dimanche soir", "lundi dernier"
        rf"(?:ce{SP})?{WEEKDAY}(?:{SP}{PART_OF_DAY})?(?:{SP}(?P<rel>dernier|prochain))?",
        "W",
        _weekday,
    ),
    DateForm(
        "day_word",  # "hier", "demain", "avant-hier", "hier soir"
        rf"(?P<w>avant[- ]hier|apr[èe]s[- ]demain|hier|demain)(?:{SP}{PART_OF_DAY})?",
        "D",
        _day_word,
    ),
    DateForm(
        "eve",  # "la veille", "le lendemain"; not "la veille de l'expiration"
        rf"(?P<w>l{AP}avant-veille|la{SP}veille|le{SP}lendemain|le{SP}surlendemain)"
        rf"(?!{SP}(?:de|du|des)\b|{SP}d{AP})",
        "E",
        _eve,
    ),
    DateForm(
        "last_year",  # "l'an dernier", "l'année passée"
        rf"l{AP}an{SP}(?:dernier|pass[ée])|l{AP}ann[ée]e{SP}(?:derni[èe]re|pass[ée]e)",
        "A",
        partial(_year_offset, -1),
    ),
    DateForm(
        "next_year",  # "l'an prochain", "l'année prochaine"
        rf"l{AP}an{SP}prochain|l{AP}ann[ée]e{SP}prochaine",
        "A",
        partial(_year_offset, 1),
    ),
    DateForm(
        "this_year",  # "cette année", "l'année en cours"; not "cette année-là"
        rf"cette{SP}ann[ée]e(?!-l[àa])|l{AP}ann[ée]e{SP}en{SP}cours",
        "A",
        partial(_year_offset, 0),
    ),
    DateForm(
        "year_part",  # "en début d'année", "dans la première moitié de l'année"
        rf"(?:(?:en|au|[àa]{SP}la|dans{SP}la|dans{SP}le|d{AP}ici{SP}la){SP})?"
        rf"(?:d[ée]but|fin|milieu|cours|courant|(?:premi[èe]re|seconde|deuxi[èe]me){SP}moiti[ée]"
        rf"|(?:premier|second|deuxi[èe]me){SP}semestre)"
        rf"{SP}d(?:e{SP}l{AP}|{AP})ann[ée]e"
        rf"(?!{SP}(?:derni|prochain|pass|pr[ée]c[ée]dent|suivant|\d)|-)",
        "A",
        partial(_year_offset, 0),
    ),
    DateForm(
        "month_word",  # "le mois dernier", "ce mois-ci"
        rf"le{SP}mois{SP}(?P<rel>dernier|prochain|pass[ée])|ce{SP}mois(?:-ci)?(?!{SP}d)",
        "U",
        _month_word,
    ),
    DateForm(
        "week_word",  # "la semaine dernière", "cette semaine"
        rf"la{SP}semaine{SP}(?P<rel>derni[èe]re|prochaine|pass[ée]e)|cette{SP}semaine(?!-l[àa])",
        "U",
        _week_word,
    ),
    DateForm(
        "offset",  # "il y a trois ans", "dans deux semaines", "d'ici 50 jours"
        rf"(?P<kind>il{SP}y{SP}a|dans|d{AP}ici(?:{SP}[àa])?){SP}{NUMBER}{SP}"
        rf"(?P<unit>ans|an|ann[ée]es|ann[ée]e|mois|semaines|semaine|jours|jour)",
        "AU",
        _offset,
    ),
    DateForm(
        "year",  # "en 2010", "depuis 2014", "l'année 2022", "fin 2025", "l'an 2000"
        rf"{YEAR_PREFIX}(?<![\d.,/]){YEAR}",
        "YA",
        _year,
    ),
]

# The trigger words of each kind. Every row contains at least one of its kinds.
_TRIGGER_WORDS = {
    "M": list(MONTHS),
    "W": list(WEEKDAYS),
    "D": ["hier", "demain"],
    "E": ["veille", "lendemain", "surlendemain"],
    "A": ["an", "année", "annee"],
    "U": ["ans", "années", "annees", "mois", "semaine", "semaines", "jour", "jours"],
}


def _grammar(
    forms: Sequence[DateForm],
) -> tuple[re.Pattern[str], dict[str, tuple[DateForm, list[tuple[str, str]]]]]:
    """One alternation of the rows, each in a named group; inner groups renamed row__group."""
    parts: list[str] = []
    groups: dict[str, tuple[DateForm, list[tuple[str, str]]]] = {}
    for i, form in enumerate(forms):
        key = f"f{i}"
        local = sorted(set(re.findall(r"\(\?P<(\w+)>", form.regex)))

        def renamed(m: re.Match[str], key: str = key) -> str:
            return f"(?P{m[1]}{key}__{m[2]}"

        body = re.sub(r"\(\?P([<=])(\w+)", renamed, form.regex)
        parts.append(rf"(?P<{key}>\b{body})(?!\w)")
        groups[key] = (form, [(name, f"{key}__{name}") for name in local])
    return re.compile("|".join(parts)), groups


# A scan for the trigger words: each hit starts with a separator, so the engine skips quickly
# through the text to one of those few characters, then checks one letter per alternative.
_TRIGGER, _TRIGGER_AT_START = _word_scan(
    [re.escape(w) for words in _TRIGGER_WORDS.values() for w in words]
    + [r"1[89]\d\d", r"20\d\d", "2100"]
)
_KIND = {w: kind for kind, words in _TRIGGER_WORDS.items() for w in words}
_GRAMMARS = {kind: _grammar([f for f in FORMS if kind in f.triggers]) for kind in "MWYDEAU"}


def _with_apostrophes(words: str) -> frozenset[str]:
    """The words, and their spellings with typographic apostrophes ("d'ici", "d’ici")."""
    out = set(words.split())
    out |= {w.replace("'", c) for w in out if "'" in w for c in _APOSTROPHES}
    return frozenset(out)


# Words that may stand before a trigger inside one expression ("il y a trois ans", "dans la
# première moitié de l'année", "le 8 mai"): the scan walks back over them (_LEAD_WORDS), and
# tries the grammar at those that can begin an expression (_START_WORDS), leftmost first.
_START_WORDS = _with_apostrophes(
    """le la l ce cet cette en au à dans il d d'ici début debut fin courant mi premier première
    premiere seconde deuxième deuxieme milieu cours avant après apres l'avant printemps automne
    hiver l'hiver l'automne l'été l'ete 1er 1ᵉʳ l'an l'année l'annee"""
) | frozenset(WEEKDAYS)
_LEAD_WORDS = (
    _START_WORDS
    | frozenset("a y ici mois de du moitié moitie second semestre an année annee et".split())
    | frozenset(_NUMBER_WORDS)
)
_ATTACHED = _APOSTROPHES + "-"
_MAX_LEAD_WORDS, _MAX_LEAD_CHARS = 8, 60
_NUMERIC_HEAD = re.compile(r"(?<![\d/.])\d{1,2}([/.])\d{1,2}\1$")


def _starts(low: str, rlow: str, p: int, floor: int) -> list[int]:
    """Where an expression containing the trigger at ``p`` may start, leftmost first."""
    lo = max(floor, p - _MAX_LEAD_CHARS)
    if p > lo and low[p - 1] == " ":
        # The common case, quickly: a plain word before the trigger, which leads nothing.
        j = low.rfind(" ", lo, p - 1)
        if j >= lo:
            word = low[j + 1 : p - 1]
            if word.isalpha() and word not in _LEAD_WORDS:
                return [p]
    out = [p]
    n = len(low)
    i = p
    for _ in range(_MAX_LEAD_WORDS):
        m = _WORD_BACK.match(rlow, n - i, n - lo)
        if m is None:
            break
        k = n - m.end()
        if k == lo and lo > 0 and (low[lo - 1].isalnum() or low[lo - 1] in _ATTACHED):
            break  # a word cut by the window
        word = m.group(1)[::-1].rstrip(_ATTACHED)
        if word in _START_WORDS:
            out.append(k)
        elif word.isdigit():
            if len(word) <= 2:
                out.append(k)  # "le 8 mai": a day can begin an expression
        elif not (word in _LEAD_WORDS or ("-" in word and _is_number_word(word))):
            break
        i = k
    if p >= 3 and low[p - 1] in "/.":
        head = _NUMERIC_HEAD.search(low, max(0, p - 6), p)
        if head is not None and head.start() >= floor:
            out.append(head.start())  # "08/05/2025"
    out.sort()
    return out


def _is_number_word(word: str) -> bool:
    return all(part in _NUMBER_WORDS or part == "et" for part in word.split("-"))


def _lower(text: str) -> str:
    """Lower case with the same length (a few characters grow when lowered: keep those)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def extract_dates(
    text: str,
    article_id: str,
    published: PartialDate | None,
    sentences: Sequence[tuple[int, int]] = (),
) -> list[TimeRef]:
    """The temporal expressions of ``text``, sorted by start, resolved when possible.

    ``published`` anchors the relative expressions ("mardi", "l'an dernier", "en janvier");
    without it (or at too coarse a precision) they keep ``value=None``. ``sentences`` are
    optional sentence spans used to read the tense around an expression. Never raises on
    text; every ``TimeRef.text`` equals ``text[start:end]``.
    """
    if not text:
        return []
    low = _lower(text)
    try:
        ctx = _Ctx(text, low, published, sentences)
    except (ValueError, OverflowError, TypeError):  # a published date off the calendar
        ctx = _Ctx(text, low, None, sentences)
    refs: list[TimeRef] = []
    covered = 0  # end of the last expression: expressions never overlap
    head = _TRIGGER_AT_START.match(low)
    for trigger in chain((head,) if head else (), _TRIGGER.finditer(low)):
        p = trigger.start("w")
        if p < covered:
            continue
        grammar, groups = _GRAMMARS[_KIND.get(trigger.group("w"), "Y")]
        for start in _starts(low, ctx.rlow, p, covered):
            m = grammar.match(low, start)
            if m is None or m.end() <= p:
                continue
            key = m.lastgroup or ""  # always a row's group: the rows are the alternation
            form, names = groups[key]
            g = {name: m.group(full) for name, full in names}
            end = m.end()
            try:
                res = form.resolve(g, ctx, start, end)
            except (ValueError, OverflowError):  # arithmetic off the calendar
                res = Resolved(None, True)
            if res is None:
                continue  # not a date after all ("de 2000 soldats"): try a later start
            value = res.value
            anchor = published if res.relative and value is not None else None
            refs.append(TimeRef(article_id, start, end, text[start:end], value, anchor))
            covered = end
            break
    if ctx.day is not None and len(refs) > 1:
        _days_the_article_names(refs, ctx.day)
    return refs


def _days_the_article_names(refs: list[TimeRef], day: dt.date) -> None:
    """A bare weekday is the day the article names with that weekday near the publication
    ("Une motion examinée jeudi" when the text says "jeudi 20 novembre")."""
    named: dict[int, set[PartialDate]] = {}
    for r in refs:
        v = r.value
        if v is None or v.day is None or not r.text[:1].isalpha():
            continue
        word = r.text.split(None, 1)[0].lower()
        if word in WEEKDAYS and " " in r.text:
            d = dt.date(v.year, v.month or 1, v.day)
            if d.weekday() == WEEKDAYS[word] and abs((d - day).days) <= 7:
                named.setdefault(d.weekday(), set()).add(v)
    if not named:
        return
    for i, r in enumerate(refs):
        word = r.text.lower()
        if word in WEEKDAYS and len(named.get(WEEKDAYS[word], ())) == 1:
            refs[i] = replace(r, value=next(iter(named[WEEKDAYS[word]])))


__all__ = ["FORMS", "DateForm", "Resolved", "extract_dates", "refine_published"]
