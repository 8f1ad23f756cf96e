"""The scan: trigger words found in one pass, the words that may lead an expression walked
back over, the grammar tried at each start."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from itertools import chain

from tui.ingest.dates.context import APOSTROPHES, WORD_BACK, Ctx, Resolved
from tui.ingest.dates.grammar import (
    GRAMMARS,
    KIND,
    TRIGGER,
    TRIGGER_AFTER_BLANK,
    TRIGGER_AT_START,
)
from tui.ingest.dates.patterns import NUMBER_WORDS, blank_separators
from tui.ingest.french import WEEKDAYS
from tui.model import PartialDate, TimeRef


def _with_apostrophes(words: str) -> frozenset[str]:
    """The words, and their spellings with typographic apostrophes ("d'ici", "d’ici")."""
    out = set(words.split())
    out |= {w.replace("'", c) for w in out if "'" in w for c in APOSTROPHES}
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
    | frozenset(NUMBER_WORDS)
)
_ATTACHED = APOSTROPHES + "-"
_MAX_LEAD_WORDS, _MAX_LEAD_CHARS = 8, 60
_NUMERIC_HEAD = re.compile(r"(?<![\d/.])\d{1,2}([/.])\d{1,2}\1$")


def _starts(low: str, rlow: str, p: int, floor: int) -> list[int]:
    """Where an expression containing the trigger at ``p`` may start, leftmost first."""
    lo = p - _MAX_LEAD_CHARS if p - _MAX_LEAD_CHARS > floor else floor  # (max() costs more)
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
        m = WORD_BACK.match(rlow, n - i, n - lo)
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
    return all(part in NUMBER_WORDS or part == "et" for part in word.split("-"))


# The lower case of each Latin-1 character, itself Latin-1 (``bytes`` fails at import if not).
_LATIN1_LOWER = bytes(ord(chr(i).lower()) for i in range(256))


def _lower(text: str) -> str:
    """Lower case with the same length (a few characters grow when lowered: keep those)."""
    try:
        # A Latin-1 text (most French texts without typographic apostrophes) is lowered with
        # one table lookup per byte; str.lower() reads each accented letter's Unicode record.
        return text.encode("latin-1").translate(_LATIN1_LOWER).decode("latin-1")
    except UnicodeEncodeError:
        pass
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
        ctx = Ctx(text, low, published, sentences)
    except (ValueError, OverflowError, TypeError):  # a published date off the calendar
        ctx = Ctx(text, low, None, sentences)
    refs: list[TimeRef] = []
    covered = 0  # end of the last expression: expressions never overlap
    head = TRIGGER_AT_START.match(low)
    blanked = blank_separators(low)  # the same triggers, found faster (see blank_led_scan)
    triggers = TRIGGER.finditer(low) if blanked is None else TRIGGER_AFTER_BLANK.finditer(blanked)
    for trigger in chain((head,) if head else (), triggers):
        p = trigger.start("w")
        if p < covered:
            continue
        grammar, groups = GRAMMARS[KIND.get(trigger.group("w"), "Y")]
        for start in _starts(low, ctx.rlow, p, covered):
            m = grammar.match(low, start)
            if m is None or m.end() <= p:
                continue
            key = m.lastgroup or ""  # always a row's group: the rows are the alternation
            form, names, numbers = groups[key]
            # The row's groups by their names, read in one call (a tuple even for a row with
            # none or one: the whole match is asked twice first).
            g = dict(zip(names, m.group(0, 0, *numbers)[2:], strict=True))
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
            value = next(iter(named[WEEKDAYS[word]]))
            refs[i] = TimeRef(r.article_id, r.start, r.end, r.text, value, r.anchor)
