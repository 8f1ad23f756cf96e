"""Whether an expression's context speaks of the future: tense cues read in its sentence."""

from __future__ import annotations

import re
from itertools import chain

from tui.ingest.dates.context import Ctx
from tui.ingest.dates.patterns import word_scan

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


_TENSE, _TENSE_AT_START = word_scan(
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


def _chunk_cues(ctx: Ctx, chunk: int) -> list[tuple[int, int, int]]:
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


def _cues(ctx: Ctx, s0: int, s1: int) -> list[tuple[int, int, int]]:
    """The tense cues inside [s0, s1)."""
    out: list[tuple[int, int, int]] = []
    for chunk in range(s0 // _CHUNK, (s1 - 1) // _CHUNK + 1):
        out.extend(c for c in _chunk_cues(ctx, chunk) if s0 <= c[0] and c[1] <= s1)
    return out


def is_future(ctx: Ctx, start: int, end: int) -> bool:
    """Does the context of [start, end) speak of what is to come? (see the module doc)"""
    s0, s1 = ctx.sentence(start, end)
    # A window of the sentence: linear time even on a text without punctuation.
    # (conditionals, not max() and min(): a call costs several times as much)
    if s0 < start - _SENTENCE_REACH:
        s0 = start - _SENTENCE_REACH
    if s1 > end + _SENTENCE_REACH:
        s1 = end + _SENTENCE_REACH
    lo = start - 48 if start - 48 > s0 else s0
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
