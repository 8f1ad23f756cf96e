"""Titles of works: in quote marks after a word for a work, or bare ("le roman Les Veilleurs
de Brest", "Les Enfants du port, un documentaire")."""

from __future__ import annotations

import re
from functools import lru_cache

from tui.ingest.entities.lexicon import _LOW, _TITLE_ARTICLES
from tui.ingest.entities.records import _Cand

# Titles of works in quote marks: « Les Heures blanches », troisième long-métrage; le
# téléfilm « Un été à Collioure »; "Sable noir", prix du jury. A capitalised quotation with no
# sentence punctuation, with a word for a work just before or a description just after.
_WORK_NOUNS = (
    r"film|long-métrage|court-métrage|téléfilm|série|feuilleton|émission|magazine|documentaire"
    r"|roman|livre|album|chanson|pièce|spectacle|essai|recueil|BD|opéra|jeu|exposition|œuvre"
    r"|tube|single|saga|podcast|ouvrage|récit|polar|thriller|comédie|drame|disque|titre"
    r"|création|ballet|symphonie|concerto|clip|manga"
)


def _trie(words: list[str]) -> str:
    """An alternation matching exactly ``words``, with shared prefixes: Python's ``re`` tries
    the branches one by one, and these patterns are tried at every comma of every article."""
    if len(words) == 1:
        return re.escape(words[0])
    end = "" in words
    branches = []
    for first in sorted({w[0] for w in words if w}):
        rest = [w[1:] for w in words if w[:1] == first]
        branches.append(re.escape(first) + _trie(rest))
    if len(branches) == 1 and not end:
        return branches[0]  # one way on: no group
    return "(?:" + "|".join(branches) + ")" + ("?" if end else "")


# A word for a work among the three words before the title ("le téléfilm", "son magazine").
_WORK_NOUN_SET = frozenset(
    form for w in _WORK_NOUNS.split("|") for form in (w.lower(), w.lower() + "s")
)


# What follows the comma after a title: ", un documentaire", ", paru mercredi". Possessive
# where giving back cannot help (blanks before a letter, a word's letters before a blank; a
# determiner, which the optional word also reads): this is tried after every comma.
_WORK_DESCRIPTION = (
    rf"[ \t\u00a0]*+(?>(?:un|une|le|la|son|sa|leur|ce|cette)[ \t\u00a0]++)?"
    rf"(?:[{_LOW}][\w'’-]*+[ \t\u00a0]++)?"
    + _trie(
        _WORK_NOUNS.split("|")
        + "paru parue publié publiée diffusé diffusée sorti sortie prix récompensé récompensée"
        " adapté adaptée".split()
    )
    + r"(?![\w-])"
)


_WORK_AFTER = re.compile(rf"[ \t\u00a0]*,{_WORK_DESCRIPTION}")


# The commas a description follows, all in one scan (matching ``_WORK_AFTER`` at each comma
# costs a Python call per comma): the look-ahead consumes nothing, so no comma is skipped.
_DESCRIPTION_COMMA = re.compile(rf",(?={_WORK_DESCRIPTION})")


_TITLE_PUNCT = frozenset(".!?;:,")


@lru_cache(maxsize=4)  # the entity and the quotation extractors ask for the same article
def work_titles(text: str) -> list[tuple[int, int]]:
    """Spans of the titles of works in quote marks (without the marks), in text order."""
    out = []
    for s, e, o, c in _quoted_spans(text):
        while s < e and text[s] in _TITLE_BLANKS:
            s += 1
        while e > s and text[e - 1] in _TITLE_BLANKS:
            e -= 1
        inner = text[s:e]
        if not inner[:1].isupper() or _TITLE_PUNCT.intersection(inner) or len(inner.split()) > 8:
            continue
        before = text[max(0, o - 40) : o].lower().replace("’", "'").split()[-3:]
        if any(w.strip(",").rsplit("'", 1)[-1] in _WORK_NOUN_SET for w in before) or (
            _WORK_AFTER.match(text, c + 1, c + 61)
        ):
            out.append((s, e))
    return out


_TITLE_BLANKS = " \t\u00a0\u202f"


# A title's lowercase tail and the article before it: "Le Silence| des digues".
_TITLE_TAIL = re.compile(
    rf"(?:[ \t\u00a0]+(?:(?:de|des|du|la|le|les|à|au|aux|en|et|sur)[ \t\u00a0]+|d['’]|l['’])?"
    rf"[{_LOW}][\w'’-]*){{1,5}}(?=[ \t\u00a0]*[,.;:()])"
)


_TITLE_ARTICLES_BEFORE = ("Le ", "La ", "Les ", "Un ", "Une ", "L'", "L’", "Le\u00a0", "La\u00a0")


_TITLE_ARTICLE = re.compile(r"(?:(?<![\w'’-])(?:Le|La|Les|Un|Une)[ \t\u00a0]+|(?<![\w'’-])L['’])$")


_TITLE_ARTICLE_WORDS = frozenset("Le La Les Un Une".split())


# The last two letters of the words for a work and of the articles: a word before a name
# that ends otherwise is neither.
_WORD_ENDINGS = frozenset(w[-2:] for w in _WORK_NOUN_SET | _TITLE_ARTICLE_WORDS)


def _word_before(text: str, space: int) -> str:
    """The word that ends at ``space`` (a blank)."""
    k = text.rfind(" ", max(0, space - 16), space)
    return text[k + 1 : space]


def _bare_titles(text: str, cands: list[_Cand]) -> list[tuple[int, int]]:
    """Titles of works without quote marks, told by a word for a work just before ("son
    magazine Zone interdite", "le roman Les Veilleurs de Brest") or a description just after
    ("Les Enfants du port, un documentaire"; "Le Silence des digues, paru mercredi"). The
    title runs to the next punctuation; its other occurrences in the article are titles too.

    This runs on every name of every article: the word before is a slice, and the
    descriptions (after a comma) are looked for once per article."""
    descriptions: set[int] = set()
    for m in _DESCRIPTION_COMMA.finditer(text):
        j = m.start()
        while j > 0 and text[j - 1] in " \t\u00a0":
            j -= 1
        descriptions.add(j)
    out: list[tuple[int, int]] = []
    for c in cands:
        if c.forced_type or text[c.start - 1 : c.start] != " ":
            continue
        if not descriptions and text[c.start - 3 : c.start - 1] not in _WORD_ENDINGS:
            continue  # the word before ends as no word for a work does (nor an article)
        space = c.start - 1
        # _word_before, inline (and with a conditional, not max()): this runs on every name
        k = text.rfind(" ", space - 16 if space > 16 else 0, space)
        word = text[k + 1 : space]
        if word in _TITLE_ARTICLE_WORDS:  # "le roman Les Veilleurs": the word before "Les"
            word = _word_before(text, c.start - 2 - len(word))
        after_work = word.rsplit("'", 1)[-1] in _WORK_NOUN_SET
        titled = descriptions and (
            text.startswith(_TITLE_ARTICLES, c.start)
            or text.endswith(_TITLE_ARTICLES_BEFORE, max(0, c.start - 4), c.start)
        )
        if not after_work and not titled:
            continue  # most names: no word for a work before, no article of a title
        start, end = c.start, c.end
        art = _TITLE_ARTICLE.search(text, max(0, start - 4), start)
        if art is not None:
            start = art.start()
        tail = _TITLE_TAIL.match(text, end)
        if tail is not None:
            end = tail.end()
        if not after_work and end not in descriptions:
            continue  # "le roman Les Veilleurs", "Les Enfants du port, un documentaire"
        if end - start < 3 or (start, end) in out:
            continue
        out.append((start, end))
        title = text[start:end]
        k = text.find(title)
        while k >= 0:  # "Le Silence des digues, de Clémence X, Gallimard": the same title
            if (k, k + len(title)) not in out and (k == 0 or not text[k - 1].isalnum()):
                out.append((k, k + len(title)))
            k = text.find(title, k + 1)
    return sorted(out)


_QUOTE_PAIRS = (("«", "»"), ("“", "”"), ('"', '"'))


def _quoted_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(inner start, inner end, open mark, close mark) of short quotations on one line, found
    with str.find (a regex over the whole text costs more: this runs on every article)."""
    out = []
    for opener, closer in _QUOTE_PAIRS:
        i = text.find(opener)
        while i >= 0:
            j = text.find(closer, i + 1, i + 92)
            if j < 0:
                i = text.find(opener, i + 1)
                continue
            if "\n" not in text[i:j]:
                out.append((i + 1, j, i, j))
            i = text.find(opener, j + 1)
    out.sort()
    return out
