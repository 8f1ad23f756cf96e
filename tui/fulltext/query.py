"""The full-text query: its syntax, its translation to FTS5, and where its words are in a text.

Syntax (README, "Full-text search"): words (all must appear), ``"exact phrase"``, ``word*``
(prefix), ``-word`` or ``NOT word``, ``a OR b``, ``NEAR(a b, 5)``. What the user typed never
reaches FTS5's parser as syntax: the expression is rebuilt from quoted words made of letters
and digits only. Words match as FTS5's ``unicode61 remove_diacritics 2`` tokenizer sees them
(case and accents do not count; apostrophes separate words); ``Query.spans`` finds them in a
text with regular expressions made from the folded words, so offsets are the text's own.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

NEAR_DEFAULT = 10
MAX_TERMS = 64

# --- words: what FTS5's unicode61 tokenizer calls a token --------------------------------------

# Letters and digits (Python's \w without the underscore), with combining accents kept inside
# the word: FTS5 drops them there. Everything else separates words, apostrophes included.
_MARKS = "\u0300-\u036f"
WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
_SEP = r"[\W_]+"
_NOT_WORD_BEFORE_FIRST = r"(?<![^\W_].)"  # placed after a word's first letter
_NOT_WORD_AFTER = r"(?![^\W_]|[\u0300-\u036f])"


def fold(word: str) -> str:
    """Lower case, accents removed: what the index stores for a word (``Été`` -> ``ete``)."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """For each folded letter, every Latin letter that folds to it (``e`` -> ``eéèêëÉ…``)."""
    table: dict[str, set[str]] = {}
    for lo, hi in ((0x41, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00)):
        for code in range(lo, hi):
            ch = chr(code)
            f = fold(ch)
            if len(f) == 1 and f.isalnum():
                table.setdefault(f, set()).update((ch, ch.lower(), ch.upper()))
    return {k: "".join(sorted(v)) for k, v in table.items()}


def _word_pattern(folded: str, prefix: bool) -> str:
    """A regex for one folded word: any case, any accents, combining accents allowed. The
    cases are spelled out in the classes: re.IGNORECASE makes every search several times
    slower. The check that no letter comes before sits after the first letter, where it does
    not stop the regex engine from skipping ahead to that letter."""
    variants = _variants()
    parts = []
    for i, ch in enumerate(folded):
        alts = variants.get(ch) or "".join(
            sorted({c for c in (ch, ch.lower(), ch.upper(), ch.title()) if len(c) == 1})
        )
        parts.append(f"[{re.escape(alts)}]" if len(alts) > 1 else re.escape(alts))
        if i == 0:
            parts.append(_NOT_WORD_BEFORE_FIRST)
        parts.append(f"[{_MARKS}]*")
    if prefix:
        parts.append(rf"(?:[^\W_]|[{_MARKS}])*")
    return "".join(parts)


# --- the query -----------------------------------------------------------------------------


class QueryError(ValueError):
    """A query that cannot be run; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in a row (one word is a phrase of one); the last may be a prefix."""

    words: tuple[str, ...]  # folded
    prefix: bool = False

    def fts(self) -> str:
        return '"' + " ".join(self.words) + '"' + (" *" if self.prefix else "")

    def pattern(self) -> str:
        last = len(self.words) - 1
        inner = _SEP.join(
            _word_pattern(w, self.prefix and i == last) for i, w in enumerate(self.words)
        )
        return inner + _NOT_WORD_AFTER


@dataclass(frozen=True, slots=True)
class Near:
    """Phrases all within ``distance`` words of each other (FTS5's NEAR)."""

    phrases: tuple[Phrase, ...]
    distance: int

    def fts(self) -> str:
        return "NEAR(" + " ".join(p.fts() for p in self.phrases) + f", {self.distance})"


Atom = Phrase | Near


@dataclass(frozen=True, slots=True)
class Query:
    """Groups that must all match (each a choice of atoms: ``a OR b``) and groups that must not."""

    must: tuple[tuple[Atom, ...], ...]
    must_not: tuple[tuple[Atom, ...], ...] = ()
    text: str = ""

    def fts(self) -> str:
        """The FTS5 MATCH expression. Every word is quoted and made of letters and digits
        only, so nothing the user typed reaches FTS5's parser as syntax."""

        def group(options: tuple[Atom, ...]) -> str:
            return (
                options[0].fts()
                if len(options) == 1
                else "(" + " OR ".join(o.fts() for o in options) + ")"
            )

        positive = " AND ".join(group(g) for g in self.must)
        if not self.must_not:
            return positive
        negative = " OR ".join(group(g) for g in self.must_not)
        return f"({positive}) NOT ({negative})"

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every place the wanted words are in ``text``, as sorted, non-overlapping half-open
        character ranges. Meant for articles the index matched."""
        found: list[tuple[int, int]] = []
        tokens: list[int] | None = None
        for options in self.must:
            for atom in options:
                if isinstance(atom, Phrase):
                    found.extend(m.span() for m in _compiled(atom).finditer(text))
                else:
                    if tokens is None:
                        tokens = [m.start() for m in WORD.finditer(text)]
                    found.extend(_near_spans(atom, text, tokens))
        return _merge(found)


@lru_cache(maxsize=256)
def _compiled(phrase: Phrase) -> re.Pattern[str]:
    return re.compile(phrase.pattern())


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _near_spans(near: Near, text: str, tokens: list[int]) -> list[tuple[int, int]]:
    """Occurrences of the NEAR group's phrases that belong to a matching group. As FTS5 counts:
    one occurrence per phrase; the words between the end of the first (by start) and the start
    of the last may be at most ``distance``. Positions are word numbers."""
    # (start word, end word, start char, end char) per phrase
    occ: list[list[tuple[int, int, int, int]]] = []
    for phrase in near.phrases:
        here = []
        for m in _compiled(phrase).finditer(text):
            a = bisect.bisect_right(tokens, m.start()) - 1
            b = bisect.bisect_left(tokens, m.end())
            here.append((a, b, m.start(), m.end()))
        if not here:
            return []
        occ.append(here)
    keep: set[tuple[int, int]] = set()
    for i, mine in enumerate(occ):
        for first in mine:
            reach = first[1] + near.distance
            chosen: list[tuple[int, int]] = []
            for j, theirs in enumerate(occ):
                if j == i:
                    continue
                inside = [
                    (o[2], o[3])
                    for o in theirs
                    if first[0] <= o[0] <= reach and (o[0] > first[0] or o[1] >= first[1])
                ]
                if not inside:
                    break
                chosen.extend(inside)
            else:
                keep.add((first[2], first[3]))
                keep.update(chosen)
    return list(keep)


# Query lexer: quoted phrases (straight or curly quotes), parentheses, commas, bare words.
_LEX = re.compile(r'\s*(?:(["“”])|([(),])|([^\s"“”(),]+))')
_OPERATORS = ("OR", "NOT", "AND", "NEAR")


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, value) pairs: kind is 'phrase', 'word', 'op' or one of '(' ')' ','."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        m = _LEX.match(text, i)
        if m is None:  # only trailing blanks are left
            break
        if m.group(1):
            close = re.compile(r'["“”]').search(text, m.end())
            if close is None:
                raise QueryError("a quote is not closed")
            value = text[m.end() : close.start()]
            i = close.end()
            if text.startswith("*", i):
                i += 1
                out.append(("phrase*", value))
            else:
                out.append(("phrase", value))
            continue
        i = m.end()
        if m.group(2):
            out.append((m.group(2), m.group(2)))
        elif m.group(3):
            word = m.group(3)
            if word in _OPERATORS:
                out.append(("op", word))
            elif word == "-" and i < len(text) and not text[i].isspace():
                out.append(("op", "-"))  # -"a phrase"
            elif word.startswith("-") and len(word) > 1:
                out.append(("op", "-"))
                out.append(("op", "NEAR") if word == "-NEAR" else ("word", word[1:]))
            else:
                out.append(("word", word))
        else:
            break
    return out


def _phrase(value: str, prefix: bool) -> Phrase | None:
    if value.endswith("*"):
        prefix, value = True, value.rstrip("*")
    words = tuple(fold(w) for w in WORD.findall(value))
    if not words:
        return None
    return Phrase(words, prefix)


def parse_query(text: str) -> Query:
    """The query as typed (README, "Full-text search"); QueryError with a one-line message."""
    items = _lex(text)
    pos = 0

    def peek() -> tuple[str, str] | None:
        return items[pos] if pos < len(items) else None

    def atom() -> Atom | None:
        """One phrase, word or NEAR group; None for a word with no letters or digits."""
        nonlocal pos
        kind, value = items[pos]
        pos += 1
        if kind in ("phrase", "phrase*", "word"):
            return _phrase(value, kind == "phrase*")
        if kind == "op" and value == "NEAR":
            return near()
        if kind == "op":
            raise QueryError(f"{value} needs a word after it")
        if kind == "(":
            raise QueryError("parentheses group only the words of NEAR(...)")
        if kind == ")":
            raise QueryError("a ')' without its '('")
        return None  # a stray comma

    def near() -> Near:
        nonlocal pos
        if peek() != ("(", "("):
            raise QueryError("NEAR takes its words in parentheses: NEAR(a b, 5)")
        pos += 1
        phrases: list[Phrase] = []
        distance = NEAR_DEFAULT
        while True:
            nxt = peek()
            if nxt is None:
                raise QueryError("NEAR( is not closed")
            kind, value = nxt
            pos += 1
            if kind == ")":
                break
            if kind == ",":
                num = peek()
                if num is None or num[0] != "word" or not num[1].isdigit():
                    raise QueryError("NEAR(a b, N): N is a number of words")
                distance = int(num[1])
                pos += 1
                if peek() != (")", ")"):
                    raise QueryError("NEAR(a b, N): the number comes last")
                continue
            if kind in ("phrase", "phrase*", "word"):
                p = _phrase(value, kind == "phrase*")
                if p is not None:
                    phrases.append(p)
                continue
            raise QueryError(f"NEAR(...) holds words and phrases, not {value!r}")
        if len(phrases) < 2:
            raise QueryError("NEAR needs at least two words or phrases")
        if distance > 10_000:
            raise QueryError("NEAR distance too large (at most 10000 words)")
        return Near(tuple(phrases), distance)

    must: list[tuple[Atom, ...]] = []
    must_not: list[tuple[Atom, ...]] = []
    count = 0
    while pos < len(items):
        negate = False
        while peek() in (("op", "-"), ("op", "NOT"), ("op", "AND")):
            negate = negate or items[pos][1] != "AND"
            pos += 1
        if peek() is None:
            raise QueryError("NOT (or '-') needs a word after it")
        options: list[Atom] = []
        first = atom()
        if first is not None:
            options.append(first)
        while peek() == ("op", "OR"):
            pos += 1
            if peek() is None or not options:
                raise QueryError("OR needs a word on each side")
            nxt = atom()
            if nxt is None:
                raise QueryError("OR needs a word on each side")
            options.append(nxt)
        if not options:
            continue
        count += sum(len(a.phrases) if isinstance(a, Near) else 1 for a in options)
        (must_not if negate else must).append(tuple(options))
    if count > MAX_TERMS:
        raise QueryError(f"too many words (at most {MAX_TERMS})")
    if not must:
        if must_not:
            raise QueryError("nothing to find: every word is negated")
        raise QueryError("nothing to find: give a word")
    return Query(tuple(must), tuple(must_not), text)
