"""The grammar: one row per kind of expression (``FORMS``), and the alternations compiled
from it per kind of trigger word."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

from tui.ingest.dates.context import DateForm
from tui.ingest.dates.patterns import (
    AP,
    DAY,
    MONTH,
    MONTH_PREFIX,
    NUMBER,
    PART_OF_DAY,
    SP,
    WEEKDAY,
    YEAR,
    YEAR_PREFIX,
    blank_led_scan,
    word_scan,
)
from tui.ingest.dates.resolvers import (
    resolve_day_month,
    resolve_day_word,
    resolve_eve,
    resolve_month_alone,
    resolve_month_word,
    resolve_month_year,
    resolve_numeric_date,
    resolve_offset,
    resolve_week_word,
    resolve_weekday,
    resolve_year,
    resolve_year_offset,
)
from tui.ingest.french import MONTHS, WEEKDAYS

# The grammar. Longer forms first where two rows can start at the same place. Trigger kinds:
# M month, W weekday, Y year, D hier/demain, E veille/lendemain, A an/année, U units (ans,
# années, mois, semaine(s), jour(s)).

FORMS: list[DateForm] = [
    DateForm(
        "iso",  # "2025-05-08"
        rf"(?<![\d-]){YEAR}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\d-])",
        "Y",
        resolve_numeric_date,
    ),
    DateForm(
        "numeric",  # "08/05/2025", "8.5.2025"
        rf"(?<![\d/.])(?P<day>0?[1-9]|[12]\d|3[01])(?P<sep>[/.])(?P<month>0?[1-9]|1[0-2])"
        rf"(?P=sep){YEAR}",
        "Y",
        resolve_numeric_date,
    ),
    DateForm(
        "day_month",  # "le 8 mai 2025", "ce mercredi 4 février", "le 7 mai dernier"
        rf"(?:(?:le|ce){SP})?(?:{WEEKDAY}{SP})?{DAY}{SP}{MONTH}"
        rf"(?:{SP}{YEAR}|{SP}(?P<rel>dernier|prochain))?",
        "MWY",
        resolve_day_month,
    ),
    DateForm(
        "month_year",  # "février 2022", "en février 2023", "fin mars 2025"
        rf"{MONTH_PREFIX}{MONTH}{SP}{YEAR}",
        "MYU",
        resolve_month_year,
    ),
    DateForm(
        "month_rel",  # "en mars dernier", "mai prochain"
        rf"{MONTH_PREFIX}{MONTH}{SP}(?P<rel>dernier|prochain)",
        "MU",
        resolve_month_alone,
    ),
    DateForm(
        "month",  # "en janvier", "début septembre", "mi-mars", "le mois d'avril"
        rf"{MONTH_PREFIX}{MONTH}",
        "MU",
        resolve_month_alone,
    ),
    DateForm(
        "weekday",  # "mardi", "ce mercredi", "dimanche soir", "lundi dernier"
        rf"(?:ce{SP})?{WEEKDAY}(?:{SP}{PART_OF_DAY})?(?:{SP}(?P<rel>dernier|prochain))?",
        "W",
        resolve_weekday,
    ),
    DateForm(
        "day_word",  # "hier", "demain", "avant-hier", "hier soir"
        rf"(?P<w>avant[- ]hier|apr[èe]s[- ]demain|hier|demain)(?:{SP}{PART_OF_DAY})?",
        "D",
        resolve_day_word,
    ),
    DateForm(
        "eve",  # "la veille", "le lendemain"; not "la veille de l'expiration"
        rf"(?P<w>l{AP}avant-veille|la{SP}veille|le{SP}lendemain|le{SP}surlendemain)"
        rf"(?!{SP}(?:de|du|des)\b|{SP}d{AP})",
        "E",
        resolve_eve,
    ),
    DateForm(
        "last_year",  # "l'an dernier", "l'année passée"
        rf"l{AP}an{SP}(?:dernier|pass[ée])|l{AP}ann[ée]e{SP}(?:derni[èe]re|pass[ée]e)",
        "A",
        partial(resolve_year_offset, -1),
    ),
    DateForm(
        "next_year",  # "l'an prochain", "l'année prochaine"
        rf"l{AP}an{SP}prochain|l{AP}ann[ée]e{SP}prochaine",
        "A",
        partial(resolve_year_offset, 1),
    ),
    DateForm(
        "this_year",  # "cette année", "l'année en cours"; not "cette année-là"
        rf"cette{SP}ann[ée]e(?!-l[àa])|l{AP}ann[ée]e{SP}en{SP}cours",
        "A",
        partial(resolve_year_offset, 0),
    ),
    DateForm(
        "year_part",  # "en début d'année", "dans la première moitié de l'année"
        rf"(?:(?:en|au|[àa]{SP}la|dans{SP}la|dans{SP}le|d{AP}ici{SP}la){SP})?"
        rf"(?:d[ée]but|fin|milieu|cours|courant|(?:premi[èe]re|seconde|deuxi[èe]me){SP}moiti[ée]"
        rf"|(?:premier|second|deuxi[èe]me){SP}semestre)"
        rf"{SP}d(?:e{SP}l{AP}|{AP})ann[ée]e"
        rf"(?!{SP}(?:derni|prochain|pass|pr[ée]c[ée]dent|suivant|\d)|-)",
        "A",
        partial(resolve_year_offset, 0),
    ),
    DateForm(
        "month_word",  # "le mois dernier", "ce mois-ci"
        rf"le{SP}mois{SP}(?P<rel>dernier|prochain|pass[ée])|ce{SP}mois(?:-ci)?(?!{SP}d)",
        "U",
        resolve_month_word,
    ),
    DateForm(
        "week_word",  # "la semaine dernière", "cette semaine"
        rf"la{SP}semaine{SP}(?P<rel>derni[èe]re|prochaine|pass[ée]e)|cette{SP}semaine(?!-l[àa])",
        "U",
        resolve_week_word,
    ),
    DateForm(
        "offset",  # "il y a trois ans", "dans deux semaines", "d'ici 50 jours"
        rf"(?P<kind>il{SP}y{SP}a|dans|d{AP}ici(?:{SP}[àa])?){SP}{NUMBER}{SP}"
        rf"(?P<unit>ans|an|ann[ée]es|ann[ée]e|mois|semaines|semaine|jours|jour)",
        "AU",
        resolve_offset,
    ),
    DateForm(
        "year",  # "en 2010", "depuis 2014", "l'année 2022", "fin 2025", "l'an 2000"
        rf"{YEAR_PREFIX}(?<![\d.,/]){YEAR}",
        "YA",
        resolve_year,
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
) -> tuple[re.Pattern[str], dict[str, tuple[DateForm, tuple[str, ...], tuple[int, ...]]]]:
    """One alternation of the rows, each in a named group; inner groups renamed row__group.

    Each row's key maps to its form, its groups' names and their numbers in the alternation
    (read all at once with ``m.group(0, *numbers)``)."""
    parts: list[str] = []
    renamed_groups: dict[str, tuple[DateForm, list[tuple[str, str]]]] = {}
    for i, form in enumerate(forms):
        key = f"f{i}"
        local = sorted(set(re.findall(r"\(\?P<(\w+)>", form.regex)))

        def renamed(m: re.Match[str], key: str = key) -> str:
            return f"(?P{m[1]}{key}__{m[2]}"

        body = re.sub(r"\(\?P([<=])(\w+)", renamed, form.regex)
        parts.append(rf"(?P<{key}>\b{body})(?!\w)")
        renamed_groups[key] = (form, [(name, f"{key}__{name}") for name in local])
    pattern = re.compile("|".join(parts))
    groups = {
        key: (
            form,
            tuple(name for name, _full in names),
            tuple(pattern.groupindex[full] for _name, full in names),
        )
        for key, (form, names) in renamed_groups.items()
    }
    return pattern, groups


# A scan for the trigger words: each hit starts with a separator, so the engine skips quickly
# through the text to one of those few characters, then checks one letter per alternative.
_TRIGGER_FRAGMENTS = [re.escape(w) for words in _TRIGGER_WORDS.values() for w in words] + [
    r"1[89]\d\d",
    r"20\d\d",
    "2100",
]
TRIGGER, TRIGGER_AT_START = word_scan(_TRIGGER_FRAGMENTS)
# The same scan on a Latin-1 text with its separators made blanks (no trigger word holds one).
TRIGGER_AFTER_BLANK = blank_led_scan(_TRIGGER_FRAGMENTS)
KIND = {w: kind for kind, words in _TRIGGER_WORDS.items() for w in words}
GRAMMARS = {kind: _grammar([f for f in FORMS if kind in f.triggers]) for kind in "MWYDEAU"}
