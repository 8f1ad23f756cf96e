"""Calendar arithmetic and the resolvers, one per row of the grammar: a match's groups and
its context -> a date (or None: not a date after all)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from tui.ingest.dates.context import Ctx, Groups, Resolved, as_absolute, as_relative
from tui.ingest.dates.patterns import AP, NUMBER_WORDS, SP
from tui.ingest.dates.tense import is_future
from tui.ingest.french import MONTH_RE, MONTHS, WEEKDAYS
from tui.model import PartialDate

# Calendar helpers.


def _on_or_before(d: dt.date, weekday: int) -> dt.date:
    """The last ``weekday`` (Monday is 0) on or before ``d``."""
    return d - dt.timedelta(days=(d.weekday() - weekday) % 7)


def _on_or_after(d: dt.date, weekday: int) -> dt.date:
    """The first ``weekday`` (Monday is 0) on or after ``d``."""
    return d + dt.timedelta(days=(weekday - d.weekday()) % 7)


# dateutil does the month arithmetic. A relativedelta costs several microseconds and the
# same few months recur, so results are cached.
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
        value = NUMBER_WORDS.get(tok)
        if value is None:
            return None
        if value == 100:
            total = max(total, 1) * 100
        elif value == 20 and total % 100 == 4:  # quatre-vingt
            total += 76
        else:
            total += value
    return total


def _day_value(ctx: Ctx, year: int, month: int, day: int) -> PartialDate | None:
    try:
        return ctx.date(year, month, day)
    except ValueError:  # "le 30 février"
        return None


def _approx(year: int, month: int, day: int) -> dt.date:
    """A comparable date even for "29 février" in a common year."""
    if day <= 28 and year < 9999:
        return dt.date(year, month, day)  # in every month (most days): no month end to find
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day, last))


def _from_date(ctx: Ctx, d: dt.date, precision: str = "day") -> PartialDate:
    if precision == "month":
        return ctx.date(d.year, d.month)
    return ctx.date(d.year, d.month, d.day)


def _year_for_day(
    ctx: Ctx, month: int, day: int, rel: str | None, future: Callable[[], bool]
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
    ctx: Ctx, month: int, rel: str | None, future: Callable[[], bool]
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


# Resolvers, one per row of the table.

_ONE_WORD_AFTER = re.compile(r"[^\S\n]+(\w+)")


def resolve_numeric_date(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
    """ "2025-05-08", "08/05/2025"."""
    return as_absolute(_day_value(ctx, int(g["year"]), int(g["month"]), int(g["day"])))


def resolve_day_month(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
    """ "le 8 mai 2025", "mardi 15 juillet", "le 7 mai dernier", "1er janvier"."""
    month = MONTHS[g["month"]]
    day = _day_number(g["day"])
    if g["year"]:
        return as_absolute(_day_value(ctx, int(g["year"]), month, day))
    year = _year_for_day(ctx, month, day, g["rel"], lambda: is_future(ctx, start, end))
    if year is None:
        return as_relative(None)
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
    return as_relative(_day_value(ctx, year, month, day))


def resolve_month_year(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
    """ "février 2022", "en février 2023", "fin mars 2025"."""
    return as_absolute(ctx.date(int(g["year"]), MONTHS[g["month"]]))


# A month named alone needs a word before it that makes it a date ("depuis mai", "de janvier
# à mars") unless a prefix of the row is there ("en janvier", "début mars").
_MONTH_CUES = frozenset(
    "depuis dès des jusqu'en jusqu'à jusqu'au d'ici avant après apres entre de d' à au et ou "
    "pour".split()
)
_RANGE_CUES = frozenset("et ou à a au".split())  # "de janvier à mars", "mai et juin"
_MONTH_NAME = re.compile(rf"(?<!\w)(?:{MONTH_RE})(?!\w)")


def resolve_month_alone(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
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
    year = _year_for_month(ctx, month, rel, lambda: is_future(ctx, start, end))
    if year is None:
        return as_relative(None)
    return as_relative(ctx.date(year, month))


# "le mardi" (habitual), "du lundi au vendredi", "chaque jeudi", "Journal du Dimanche".
_NOT_A_DAY_BEFORE = frozenset("le les du au chaque un une".split())
_NOT_A_DAY_AFTER = re.compile(rf"-|{SP}(?:saint|gras|noir|fou)\b")
# "le lundi des Cendres", not "a annoncé lundi des résultats": read on the text itself.
_FEAST_AFTER = re.compile(rf"{SP}des{SP}[A-ZÀ-Ý]")


def resolve_weekday(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
    """ "mardi", "ce mercredi", "dimanche soir", "lundi dernier", "jeudi prochain"."""
    before = ctx.words_before(start, 1)
    if before and before[0] in _NOT_A_DAY_BEFORE:
        return None
    if _NOT_A_DAY_AFTER.match(ctx.low, end) or _FEAST_AFTER.match(ctx.text, end):
        return None
    if ctx.day is None:
        return as_relative(None)
    number = WEEKDAYS[g["wd"]]
    rel = g["rel"]
    if rel is None and before and before[0] == "depuis":
        return as_relative(_from_date(ctx, _on_or_before(ctx.day, number)))
    if rel == "dernier":
        when = _on_or_before(ctx.day - dt.timedelta(days=1), number)
    elif rel == "prochain":
        when = _on_or_after(ctx.day + dt.timedelta(days=1), number)
    elif number == ctx.day.weekday():
        when = ctx.day  # the day itself, past or future alike
    elif is_future(ctx, start, end):
        when = _on_or_after(ctx.day, number)
    else:
        when = _on_or_before(ctx.day, number)
    return as_relative(_from_date(ctx, when))


_DAY_WORDS = {"hier": -1, "demain": 1, "avant-hier": -2, "avant hier": -2,
              "après-demain": 2, "apres-demain": 2, "après demain": 2, "apres demain": 2}  # fmt: skip


def resolve_day_word(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
    """ "hier", "demain", "avant-hier", "hier soir"."""
    if not g["part"]:
        before = ctx.words_before(start, 1)
        if before and before[0] in ("de", "d'"):
            return None  # "le monde de demain", "les alliés d'hier": figurative
    if ctx.day is None:
        return as_relative(None)
    offset = _DAY_WORDS[_BLANKS.sub(" ", g["w"])]
    return as_relative(_from_date(ctx, ctx.day + dt.timedelta(days=offset)))


def resolve_eve(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
    """ "la veille", "le lendemain", "l'avant-veille", "le surlendemain" (of publication)."""
    if ctx.day is None:
        return as_relative(None)
    w = g["w"]
    offset = -2 if "avant" in w else -1 if "veille" in w else 2 if "surlendemain" in w else 1
    return as_relative(_from_date(ctx, ctx.day + dt.timedelta(days=offset)))


def resolve_year_offset(offset: int, g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
    """ "l'an dernier", "l'année prochaine", "cette année", "en début d'année"."""
    if ctx.year is None:
        return as_relative(None)
    return as_relative(ctx.date(ctx.year + offset))


def resolve_month_word(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
    """ "le mois dernier", "le mois prochain", "ce mois-ci"."""
    if ctx.month is None:
        return as_relative(None)
    rel = g["rel"] or ""
    offset = -1 if rel.startswith(("dernier", "pass")) else 1 if rel.startswith("prochain") else 0
    when = _add_months(ctx.year, ctx.month, offset)
    return as_relative(_from_date(ctx, when, "month"))


def resolve_week_word(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
    """ "la semaine dernière", "la semaine prochaine", "cette semaine": the month of its Thursday."""
    if ctx.day is None:
        return as_relative(None)
    rel = g["rel"] or ""
    weeks = -1 if rel.startswith(("derni", "pass")) else 1 if rel.startswith("prochain") else 0
    monday = _on_or_before(ctx.day + dt.timedelta(weeks=weeks), 0)
    thursday = monday + dt.timedelta(days=3)
    return as_relative(_from_date(ctx, thursday, "month"))


_OF_AFTER = re.compile(rf"{SP}d(?:e|u|es)\b|{SP}d{AP}")


def resolve_offset(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
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
            return as_relative(None)
        return as_relative(ctx.date(ctx.year + sign * n))
    if unit == "mois":
        if ctx.month is None:
            return as_relative(None)
        when = _add_months(ctx.year, ctx.month, sign * n)
        return as_relative(_from_date(ctx, when, "month"))
    if ctx.day is None:
        return as_relative(None)
    days = n * 7 if unit.startswith("semaine") else n
    return as_relative(_from_date(ctx, ctx.day + dt.timedelta(days=sign * days)))


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


def resolve_year(g: Groups, ctx: Ctx, start: int, end: int) -> Resolved | None:
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
    return as_absolute(ctx.date(int(g["year"])))
