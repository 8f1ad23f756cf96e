"""Candidate names: runs of capitalised words, cleaned of function words and common nouns,
split where a role or an acronym opens a chain, joined across particles and organisation
complements, with the lowercase tails that belong to them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from tui.ingest.entities.gazetteer import Gazetteer
from tui.ingest.entities.lexicon import (
    _ACRONYM_WORD,
    _ADJ_AFTER_HEAD,
    _ALL_CAPS,
    _BLANK_CHARS,
    _COMMON_CAPITALISED,
    _CONNECTOR,
    _CUE_BLOCKERS,
    _CUE_CONNECTORS,
    _ELIDED_LENGTH,
    _ELISION_BACK,
    _FUNCTION_WORDS,
    _HONORIFICS,
    _LC_WORD,
    _LOC_HEADS,
    _LOW,
    _MISC_HEADS,
    _NAME_ADJECTIVES,
    _NATIONALITY_ENDINGS,
    _ORG_GAP,
    _ORG_HEADS,
    _PARTICLE_GAP,
    _PARTICLES,
    _RUN,
    _RUN_AT_CAPITAL,
    _TAIL_COMPLEMENT,
    _TAIL_WORD,
    _TITLE_ARTICLES,
    _TITLE_WORD,
    _UP,
    _UPPER,
    _initials,
    _is_letter_low,
    _is_word,
)
from tui.ingest.entities.records import _START, _Cand
from tui.ingest.entities.titles import _bare_titles, work_titles
from tui.ingest.french import MONTHS, REPORTING_VERBS, fold, slug
from tui.model import LOC, MISC, ORG, PER, Block


def _runs(text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """``_RUN.finditer(text, lo, hi)``, about twice as fast.

    Every match holds a capital, and trying ``_RUN`` at every character is what costs (its
    look-behind keeps the regex engine from skipping ahead), so: jump to the next capital
    with a one-class regex, try ``_RUN`` where an elided article would start if an apostrophe
    stands before the capital (leftmost first, as finditer would), else at the capital.
    """
    pos = lo
    while True:
        up = _UPPER.search(text, pos, hi)
        if up is None:
            return
        u = up.start()
        m = None
        if u > pos and text[u - 1] in "'’":
            for back in _ELISION_BACK:
                if u - back >= pos:
                    m = _RUN.match(text, u - back, hi)
                    if m is not None:
                        break
        if m is None:
            m = _RUN.match(text, u, hi)
            if m is None:
                pos = u + 1
                continue
        yield m
        pos = m.end()


def _run_matches(text: str, lo: int, hi: int) -> Iterable[re.Match[str]]:
    """The matches of ``_RUN_AT_CAPITAL`` that are the runs of ``_RUN.finditer(text, lo, hi)``.

    One ``finditer`` (half the cost of ``_runs``), unless a letter or an apostrophe stands
    just before ``lo``: an elided article there would start before the block, where
    ``_RUN.finditer`` does not look (never so in a text split into blocks); each run ``_runs``
    finds is then matched again from its capital."""
    if lo > 0 and (text[lo - 1].isalpha() or text[lo - 1] in "'’"):
        runs = (_RUN_AT_CAPITAL.match(text, m.start("run"), hi) for m in _runs(text, lo, hi))
        return [m for m in runs if m is not None]
    return _RUN_AT_CAPITAL.finditer(text, lo, hi)


# _INITIAL_BEFORE by hand (it runs on every capitalised run): blanks and quotes are skipped
# back from the name, then the character before them must be sentence punctuation. Closing
# quotes are skipped too: « Rien n'est décidé. » Selon Poutine, ... opens a sentence.
_INITIAL_SKIP = " \t\u00a0\"«“'»”"


_INITIAL_OPENERS = '"«“'  # both skipped and punctuation: one among the skipped is enough


# Not "(": a name in brackets does not open a sentence ("à Auxerre (Yonne)", "(Anssi)").
_INITIAL_PUNCT = '.!?…:;\n[«"“—–'


_HONORIFIC_ABBREVIATIONS = frozenset("M MM Mme Mmes Mlle Me Mes Mgr Dr Pr St Ste".split())


_HONORIFIC_LAST_LETTERS = frozenset(a[-1] for a in _HONORIFIC_ABBREVIATIONS)


def _is_initial(text: str, start: int, floor: int) -> bool:
    """Whether a name at ``start`` opens a sentence: ``_INITIAL_BEFORE`` found in the 12
    characters before it (not before ``floor``), or ``start == floor``."""
    if start == floor:
        return True
    lo = start - 12 if start - 12 > floor else floor  # (not max(): a call costs more)
    j = start
    while j > lo and text[j - 1] in _INITIAL_SKIP:
        j -= 1
        if text[j] in _INITIAL_OPENERS:
            return True
    if j == 0:
        return True
    if j > lo and text[j - 1] in _INITIAL_PUNCT:
        # "M. Dupont", "Dr. Roy": the period of an honorific does not end a sentence.
        if text[j - 1] != "." or text[j - 2 : j - 1] not in _HONORIFIC_LAST_LETTERS:
            return True
        k = text.rfind(" ", max(floor, j - 7), j - 1)
        return text[k + 1 : j - 1] not in _HONORIFIC_ABBREVIATIONS
    return j - 5 >= lo and text.startswith("(...)", j - 5)


_CREDIT_PART = re.compile(r"[^/]+")


# A dateline opening the lead: "AVIGNON. ", "SAINT-CLOUD (Hauts-de-Seine) - ".
_DATELINE = re.compile(
    rf"(?P<place>[{_UP}][{_UP}'’-]+(?:[ \t][{_UP}][{_UP}'’-]+)*)(?=\s*(?:\([^()\n]*\))?\s*[.,–—-])"
)


def _candidates(text: str, blocks: list[Block], gaz: Gazetteer) -> list[_Cand]:
    """Capitalised runs, cleaned of function words and common nouns, joined where names are."""
    cands: list[_Cand] = []
    for block in blocks:
        lo, hi = block.start, block.end
        if block.kind == "caption" and block.credit_start >= 0:
            hi = block.credit_start
            # "( AFP / WANG ZHAO )": an agency, then photographers.
            parts = _CREDIT_PART.finditer(text[block.credit_start : block.credit_end])
            for i, part in enumerate(parts):
                s, e = _strip(
                    text, block.credit_start + part.start(), block.credit_start + part.end()
                )
                if e > s:
                    cands.append(_Cand(s, e, False, ORG if i == 0 else PER))
        for m in _run_matches(text, lo, hi):
            start, end = m.span()
            at = start - _ELIDED_LENGTH[m.lastindex or 0]  # where an elided article starts
            # Most names follow a word or a comma and a space ("de Paris", "Selon X, Y"): not
            # a sentence start, told here without the call (neither is sentence punctuation).
            if (
                at - 2 >= lo
                and text[at - 1] == " "
                and (text[at - 2].isalnum() or text[at - 2] == ",")
            ):
                initial = False
            else:
                initial = _is_initial(text, at, lo)
            for s, e, opens in _clean_run(text[start:end], initial, gaz):
                cands.append(_Cand(start + s, start + e, opens))
    first = next((b for b in blocks if b.kind in ("lead", "paragraph")), None)
    dateline = _DATELINE.match(text, first.start, first.end) if first is not None else None
    if dateline is not None:
        # "AVIGNON. Trois semaines…": the place the dispatch comes from.
        s, e = dateline.span("place")
        cands = [c for c in cands if not s <= c.start < e]
        cands.append(_Cand(s, e, False, LOC))
    titles = work_titles(text) + _bare_titles(text, cands)
    if titles:
        # A title is one name, whatever capitals it holds: the runs inside it give way.
        inside = [(s, e) for s, e in titles]
        cands = [c for c in cands if not any(s <= c.start < e for s, e in inside)]
        cands.extend(_Cand(s, e, False, MISC) for s, e in titles)
    cands.sort(key=_START)
    joined = _join(text, _reshape(text, cands), gaz)
    if "(" in text:
        # Only a name with a bracket close after it may have a spelled-out tail.
        joined = [
            _spelled_tail(text, c) if text.find("(", c.end, c.end + 90) >= 0 else c for c in joined
        ]
    return joined


# Lowercase words up to an acronym in brackets: " agriculteurs (JA)", " insoumise (LFI)".
_TAIL_TO_ACRONYM = re.compile(
    rf"((?:[ \t\u00a0]+(?:d['’]|l['’])?{_LC_WORD}){{1,6}})[ \t\u00a0]*\([ \t]*([{_UP}][A-Za-z]{{1,7}})[ \t]*\)"
)


def _spelled_tail(text: str, c: _Cand) -> _Cand:
    """A name whose lowercase tail its acronym spells: "Jeunes agriculteurs (JA)", "La France
    insoumise (LFI)", "Université catholique argentine (UCA)"."""
    if (
        c.forced_type
        or text[c.end : c.end + 1] not in _BLANK_CHARS
        or not _is_letter_low(text[c.end + 1 : c.end + 2] or "A")
        or text.find("(", c.end, c.end + 90) < 0
    ):
        return c  # most names: no lowercase word after them, or no bracket near
    m = _TAIL_TO_ACRONYM.match(text, c.end, c.end + 90)
    if m is None:
        return c
    acronym = m.group(2).upper()
    name = text[c.start : c.end]
    if acronym in _spellings(name):
        return c
    if acronym in _spellings(name + m.group(1)):
        return _Cand(c.start, m.end(1), c.initial)
    return c


def _spellings(name: str) -> tuple[str, str]:
    """The initials of a name, without and with its article ("FI", "LFI")."""
    initials = _initials(name)
    if name.startswith(_TITLE_ARTICLES):
        return initials, name[0] + initials
    return initials, initials


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\u00a0(":
        s += 1
    while e > s and text[e - 1] in " \t\u00a0)":
        e -= 1
    return s, e


_WORD = re.compile(r"\S+")


@lru_cache(maxsize=1 << 16)
def _clean_run(chunk: str, initial: bool, gaz: Gazetteer) -> tuple[tuple[int, int, bool], ...]:
    """Drop leading function words and split the run at capitalised common nouns.

    Returns (start, end, initial) spans relative to ``chunk``. Cached: the same runs (names)
    come back again and again, within an article and across articles.
    """
    if " " not in chunk and "\t" not in chunk and "\u00a0" not in chunk:
        words = [(0, len(chunk))]  # most runs are one word
    else:
        words = [m.span() for m in _WORD.finditer(chunk)]
    out: list[tuple[int, int, bool]] = []
    cur: list[tuple[int, int]] = []
    first_initial = initial
    for i, (s, e) in enumerate(words):
        key = fold(chunk[s:e])
        leading = not cur
        if leading and key in _HONORIFICS:
            first_initial = False  # "Me Julie Martin": the honorific is a cue, not the name
            continue
        if (
            leading
            and key in _FUNCTION_WORDS
            and (initial or i > 0 or len(words) == 1)
            and chunk[s:e] != "Côte"  # "Côte d'Ivoire", "Côte d'Azur"; "côté" is the word
        ):
            # "Le"/"Selon"/"Mardi" opening a sentence, or alone; mid-sentence "Le Monde" stays.
            first_initial = False
            continue
        if (
            key in _COMMON_CAPITALISED
            and slug(chunk[s:e]) not in gaz.names
            and not (len(cur) >= 2 and key not in _HONORIFICS)
        ):
            # "ministre de la Défense"; but "France Nature Environnement", "La Nouvelle
            # République": a capitalised common noun after two words of a name is its end
            if cur:
                out.append((cur[0][0], cur[-1][1], first_initial))
            cur = []
            first_initial = False
            continue
        cur.append((s, e))
    if cur:
        out.append((cur[0][0], cur[-1][1], first_initial and cur[0][0] == words[0][0]))
    return tuple(out)


_ARTICLE_BEFORE = re.compile(r"(?:(?<![\w])[lL]['’]|(?<![\w])(?:le|la|Le|La)[ \t\u00a0])$")


# A role and "de" before a run of names: "le sénateur républicain de l'Idaho Mark X".
_ROLE_OF_BEFORE = re.compile(
    r"(?:président|présidente|ministre|secrétaire|sénateur|sénatrice|député|députée|maire"
    r"|gouverneur|directeur|directrice|patron|patronne|chef|cheffe|dirigeant|dirigeante"
    r"|porte-parole|représentant|représentante|ambassadeur|ambassadrice|délégué|déléguée)"
    rf"(?:[ \t\u00a0]+(?:[{_LOW}][\w'’-]*|[{_UP}][\w'’-]*)){{0,6}}[ \t\u00a0]+(?:de[ \t\u00a0]+(?:la[ \t\u00a0]+)?|du[ \t\u00a0]+|d['’]|de[ \t\u00a0]+l['’])$"
)


# What a number after a name may not be followed by: it is a quantity or a date, not part of
# the name ("Ligue 1", "France 2", but "Lyon 3 ans", "Paris 15 juillet").
_NOT_AFTER_NUMBER = frozenset(
    fold(w)
    for w in """
    % h e er ème ans an mois jours jour heures heure minutes minute secondes millions milliards
    euros € km kilomètres fois points point buts but voix places place sièges siège à
    """.split()
) | frozenset(MONTHS)


_NUMBER = re.compile(r"[ \t\u00a0](\d{1,2})(?=$|[\s,;:)»\"”.!?])")


_NEXT_WORD = re.compile(r"[ \t\u00a0]+([^\s,;:.!?)»\"”]+)")


def _reshape(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Names with signs and digits ("Canal+", "Ligue 1", "France 3 Cinéma"), and role + name
    chains split ("le secrétaire général de FO Marc X": FO, then Marc X)."""
    out: list[_Cand] = []
    n = len(text)
    after_digit = False  # the previous name ends with a digit ("France 3")
    for c in cands:
        end = c.end
        nxt_char = text[end : end + 1]
        if c.forced_type or (
            # the common case, quickly: nothing to add, to join, nor to split
            nxt_char != "+"
            and not (nxt_char == " " and text[end + 1 : end + 2].isdigit())
            and not after_digit
            and text.count(" ", c.start, end) < 2
        ):
            out.append(c)
            after_digit = False
            continue
        if nxt_char == "+" and (end + 1 == n or not _is_word(text[end + 1])):
            end += 1
        elif (
            nxt_char in _BLANK_CHARS
            and text[end + 1 : end + 2].isdigit()
            and (num := _NUMBER.match(text, end))
        ):
            after = num.end()
            decimal = (
                text[after : after + 1] in (".", ",") and text[after + 1 : after + 2].isdigit()
            )
            nxt = _NEXT_WORD.match(text, after)
            if not decimal and (nxt is None or fold(nxt.group(1)) not in _NOT_AFTER_NUMBER):
                end = after
        if end != c.end:
            c = _Cand(c.start, end, c.initial)
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.forced_type
            and text[prev.end - 1].isdigit()
            and prev.end + 1 == c.start
            and text[prev.end] == " "
        ):
            c = _Cand(out.pop().start, c.end, prev.initial)  # "France 3" + "Cinéma"
        after_digit = text[c.end - 1].isdigit()
        if text.count(" ", c.start, c.end) < 2:
            out.append(c)  # one or two words, no chain to split
            continue
        words = text[c.start : c.end].split()
        if (
            len(words) >= 3
            and all(_TITLE_WORD.match(w) for w in words)
            and fold(words[0]) not in _ORG_HEADS
            and fold(words[0]) not in _MISC_HEADS
            and fold(words[0]).endswith(_NATIONALITY_ENDINGS)
            and _ARTICLE_BEFORE.search(text, max(0, c.start - 4), c.start)
        ):
            # "l'Argentin Diego Ferraro", "la Britannique Emma X": a noun, then the name.
            cut = c.start + text[c.start : c.end].index(words[1], len(words[0]))
            out.append(_Cand(cut, c.end, False))
            continue
        if (
            len(words) >= 3
            and all(_TITLE_WORD.match(w) for w in words[-2:])
            and _ROLE_OF_BEFORE.search(text, max(0, c.start - 90), c.start)
            and not any(fold(w) in _PARTICLES for w in words)
        ):
            # "le sénateur de l'Idaho Mark Trelawney": a place or a body, then the person.
            cut = c.start + text[c.start : c.end].rindex(words[-2])
            head_end = cut
            while text[head_end - 1] in " \t\u00a0":
                head_end -= 1
            out.append(_Cand(c.start, head_end, c.initial))
            out.append(_Cand(cut, c.end, False))
            continue
        if (
            len(words) >= 3
            and _ACRONYM_WORD.match(words[0])
            and all(_TITLE_WORD.match(w) for w in words[1:])
        ):
            cut = c.start + len(words[0])
            rest = cut
            while text[rest] in " \t\u00a0":
                rest += 1
            out.append(_Cand(c.start, cut, c.initial))
            out.append(_Cand(rest, c.end, False))
            continue
        out.append(c)
    return out


def _join(text: str, cands: list[_Cand], gaz: Gazetteer) -> list[_Cand]:
    """Join runs across particles and organisation complements; absorb name adjectives."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if c.forced_type:
            out.append(c)
            i += 1
            continue
        if text[c.end : c.end + 1] not in _BLANK_CHARS:
            # "Paris," "l'OTAN.": punctuation after the name, nothing to join nor absorb (the
            # join and the tail below both start with a blank); only the particle is read.
            if c.start >= 5 and (
                text.startswith("de ", c.start - 3) or text.startswith(("d'", "d’"), c.start - 2)
            ):
                c = _particle_after_honorific(text, c)
            out.append(c)
            i += 1
            continue
        space = text.find(" ", c.start, c.end)
        first = fold(text[c.start : space if space >= 0 else c.end])
        is_head = first in _ORG_HEADS or first in _MISC_HEADS or first in _LOC_HEADS
        if (
            space > 0
            and i + 1 < len(cands)
            and first.endswith(_NATIONALITY_ENDINGS)
            and not is_head
            and text.find(" ", space + 1, c.end) < 0
            and _PARTICLE_GAP.match(text, c.end, cands[i + 1].start)
            and _ARTICLE_BEFORE.search(text, max(0, c.start - 4), c.start)
        ):
            # "le Néerlandais Pieter van der Linde": the noun before the name is no part of
            # it (as "l'Argentin Diego Ferraro" in _reshape, which sees no particle yet).
            c = _Cand(space + 1, c.end, False)
        # Join with following runs while the gap allows it (both gap patterns start with a
        # blank, which a comma or a full stop after the name rules out at once).
        while i + 1 < len(cands) and not cands[i + 1].forced_type:
            nxt = cands[i + 1]
            if text[c.end : c.end + 1] not in _BLANK_CHARS:
                break
            if (
                is_head
                and _ORG_GAP.match(text, c.end, nxt.start)
                and _gap_words_ok(text[c.end : nxt.start])
            ):
                pass
            elif _PARTICLE_GAP.match(text, c.end, nxt.start) and _particle_join_ok(
                text, c, nxt, gaz
            ):
                pass
            else:
                break
            c = _Cand(c.start, nxt.end, c.initial)
            i += 1
        titled = (
            not c.initial
            and text[c.start] == "L"
            and text.startswith(_TITLE_ARTICLES, c.start)
            and " " in text[c.start : c.end]
        )
        c = _absorb_tail(text, c, is_head, titled)
        if c.start >= 5 and (
            text.startswith("de ", c.start - 3) or text.startswith(("d'", "d’"), c.start - 2)
        ):
            c = _particle_after_honorific(text, c)
        out.append(c)
        i += 1
    return out


_HONORIFIC_PARTICLE = re.compile(
    r"(?<![\w'’-])(?:M\.|Mme|Mlle|Me|Dr|Pr|Mgr)[ \t\u00a0]+(?:de |d['’])$"
)


def _particle_after_honorific(text: str, c: _Cand) -> _Cand:
    """ "M. de Varenne": after an honorific the particle is part of the surname."""
    m = _HONORIFIC_PARTICLE.search(text, max(0, c.start - 10), c.start)
    if m is None:
        return c
    return _Cand(c.start - (3 if text[c.start - 1] == " " else 2), c.end, c.initial)


def _gap_words_ok(gap: str) -> bool:
    """Between an organisation word and the next name, only complements: "suprême de l'",
    " de coopération de ", never a verb ("a décidé de")."""
    words = gap.replace("'", " ").replace("’", " ").split()
    for i, word in enumerate(words):
        k = fold(word)
        if k == "et" and 0 < i < len(words) - 2 and words[i + 1] in ("de", "d", "des", "du", "aux"):
            # "Service départemental d'incendie et de secours d'Ille-et-Vilaine"; not "la
            # Ligue des droits de l'homme et du Bureau …" (two names)
            continue
        if k in _CUE_BLOCKERS and k not in _CUE_CONNECTORS and k not in ("en", "pour"):
            return False
        if k.endswith(_VERB_ENDINGS) or k in ("etre", "avoir"):
            return False  # "au Sénat devront être confirmés en CMP": a verb, not a name
    return True


_VERB_ENDINGS = ("ront", "rait", "aient")


def _particle_join_ok(text: str, left: _Cand, right: _Cand, gaz: Gazetteer) -> bool:
    """ "Charles de Gaulle", "Côte d'Ivoire", not "la Russie de Vladimir Poutine", nor two
    places ("Sainte-Anne de Ploërmel", "Valmétal de Saint-Dizier")."""
    joined = slug(text[left.start : right.end])
    if joined in gaz.names or joined in gaz.aliases:
        return True
    if text.startswith(("Saint-", "Sainte-"), left.start) or text.startswith(
        ("Saint-", "Sainte-"), right.start
    ):
        return False
    left_words = text[left.start : left.end].split()
    if (
        len(left_words) != 1
        or slug(left_words[0]) in gaz.names
        or slug(left_words[0]) in gaz.aliases
    ):
        return False
    return len(text[right.start : right.end].split()) <= 2 and not _ALL_CAPS.match(left_words[0])


# "La Cour rappelle que": a verb after a name is not its adjective.
_VERB_FORMS = frozenset(
    form for row in REPORTING_VERBS for form in row if form is not None and " " not in form
)


def _absorb_tail(text: str, c: _Cand, is_head: bool, titled: bool = False) -> _Cand:
    """Add the lowercase words that belong to the name: "Chine nouvelle", "Conseil de sécurité";
    after a name with its own article (``titled``) one adjective: "La France insoumise"."""
    pos = c.end
    if text[pos : pos + 1] not in _BLANK_CHARS:
        return c  # both patterns below start with a blank: punctuation or the end follows
    limit = pos + 80 if pos + 80 < len(text) else len(text)  # (not min(): a call costs more)
    # Name adjectives after any capitalised word.
    while True:
        m = _TAIL_WORD.match(text, pos, limit)
        if not m:
            break
        word = m.group(1)
        if fold(word) in _NAME_ADJECTIVES or (
            (is_head or (titled and pos == c.end))
            and (_ADJ_AFTER_HEAD.fullmatch(word) or (titled and word.endswith(("ise", "ises"))))
            and word not in _VERB_FORMS
            and fold(word) not in _FUNCTION_WORDS  # "avant d'entrer en vigueur"
        ):
            pos = m.end()
            continue
        break
    if is_head:
        # Up to two complements, each with its adjectives: "Ligue des droits de l'homme",
        # "Bureau de recherches géologiques et minières", "Conseil d'État".
        for _complement in range(3):
            m = _TAIL_COMPLEMENT.match(text, pos, limit)
            if (
                m is None
                or (fold(m.group(1)) in _FUNCTION_WORDS or len(m.group(1)) < 3)
                and not (m.group(1) == "or" and "d" in m.group(0))  # "Palme d'or"
                or m.group(1).endswith("ant")  # "au CHU en desservant la gare": a gerund
                or m.group(1) in _INFINITIVE_AFTER_DE
            ):
                cap = _TAIL_CAPITALISED.match(text, pos, limit)
                if cap is not None and fold(cap.group(1)) in _COMMON_CAPITALISED:
                    pos = cap.end()
                break
            pos = m.end()
            noun = _TAIL_WORD.match(text, pos, limit)
            if noun is not None and noun.group(1) in _NOUN_AFTER_NOUN:
                pos = noun.end()  # "Caisse primaire d'assurance maladie"
            while True:
                a = _TAIL_AND.match(text, pos, limit) or _TAIL_WORD.match(text, pos, limit)
                if (
                    a
                    and _ADJ_AFTER_HEAD.fullmatch(a.group(1))
                    and fold(a.group(1)) not in _FUNCTION_WORDS
                ):
                    pos = a.end()
                    continue
                break
    return _Cand(c.start, pos, c.initial) if pos != c.end else c


_TAIL_CAPITALISED = re.compile(
    rf"[ \t\u00a0]+{_CONNECTOR}(?:(?<=['’])|[ \t\u00a0]+)([{_UP}][{_LOW}]+)(?![\w'’-])"
)


# Nouns that French puts after a noun with no link, in names ("assurance maladie").
_NOUN_AFTER_NOUN = frozenset("maladie vieillesse chômage".split())


# Infinitives that follow "avant de", "afin de": never an organisation's complement.
_INFINITIVE_AFTER_DE = frozenset("entrer être faire aller partir venir devenir revenir".split())


_TAIL_AND = re.compile(rf"[ \t\u00a0]+et[ \t\u00a0]+({_LC_WORD})")
