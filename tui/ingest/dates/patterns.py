"""The building blocks of the date grammar (regex fragments, on lower-cased text) and the
separator-led word scans the grammar and the tense cues use."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.ingest.french import MONTH_RE, WEEKDAY_RE

# One or more spaces, at most one line break (a date never spans a paragraph break).
SP = r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)"
AP = r"['’ʼ‘]"  # apostrophes, typographic ones included
MONTH = rf"(?P<month>{MONTH_RE})"
WEEKDAY = rf"(?P<wd>{WEEKDAY_RE})"
DAY = r"(?<![\d.,/])(?P<day>1er|1ᵉʳ|premier|3[01]|[12]\d|0?[1-9])(?!\d)"
# A plausible year, not a piece of a bigger number ("1.550", "2000,5", "2000 %").
YEAR = r"(?P<year>1[89]\d\d|20\d\d|2100)(?!\d|[.,]\d|[^\S\n]?%)"
PART_OF_DAY = r"(?P<part>matin|midi|apr[èe]s-midi|soir|soirée|soiree)"

NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
}  # fmt: skip
_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
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


_SEPARATORS = " \n\t\r\u00a0\u202f\u2009'’ʼ‘(\\-\"«/.–—\\["


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


def word_scan(fragments: Sequence[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A scan for words led by a separator (group ``w``), and the same at the text's start."""
    alts = _words_by_first_letter(fragments)
    return (
        re.compile(rf"[{_SEPARATORS}](?P<w>{alts})(?!\w)"),
        re.compile(rf"(?P<w>{alts})(?!\w)"),
    )


def blank_led_scan(fragments: Sequence[str]) -> re.Pattern[str]:
    """``word_scan(fragments)[0]`` for a text whose separators are blanks (``blank_separators``):
    it opens on a literal blank, which the regex engine skips ahead to several times faster
    than to one of a set (tested character by character). The words may hold no separator."""
    return re.compile(rf" (?P<w>{_words_by_first_letter(fragments)})(?!\w)")


# The Latin-1 separators (none is a word character), and a table that makes each a blank.
_LATIN1_SEPARATORS = frozenset(
    c for c in map(chr, range(256)) if re.fullmatch(f"[{_SEPARATORS}]", c)
)
_BLANKED = bytes(ord(" ") if chr(i) in _LATIN1_SEPARATORS else i for i in range(256))


def blank_separators(text: str) -> str | None:
    """``text`` with each separator a blank, if it is Latin-1 (one table lookup per byte);
    else None. The other characters keep their places."""
    try:
        return text.encode("latin-1").translate(_BLANKED).decode("latin-1")
    except UnicodeEncodeError:
        return None
