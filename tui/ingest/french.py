"""French vocabulary shared by the extractors: calendar words and text folding."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import filterfalse

MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
MONTH_NAMES = (
    "",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

# Monday is 0, as in datetime.weekday() and dateutil's MO..SU.
WEEKDAYS = {
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
}

MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_RE = "|".join(WEEKDAYS)

# Typographic variants that should compare equal to their plain forms.
_TYPO = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
    }
)


@lru_cache(maxsize=1 << 17)  # names repeat: folding each once is most of the saving
def fold(text: str) -> str:
    """Lower case, no accents, plain apostrophes and hyphens: the key names compare on.

    "États-Unis" and "Etats-Unis" fold to the same "etats-unis".
    """
    text = text.translate(_TYPO)
    if text.isascii():  # nothing to decompose: most words, and quick for long quotations
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    # filterfalse runs in C: a generator expression costs a Python step per character.
    return "".join(filterfalse(unicodedata.combining, decomposed)).casefold()


@lru_cache(maxsize=1 << 17)
def slug(name: str) -> str:
    """A stable id for a canonical name: "Vladimir Poutine" -> "vladimir-poutine"."""
    out = []
    prev_dash = True
    for c in fold(name):
        if c.isalnum():
            out.append(c)
            prev_dash = False
        elif not prev_dash:
            out.append("-")
            prev_dash = True
    return "".join(out).strip("-") or "x"
