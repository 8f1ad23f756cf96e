"""One article's entities: the candidates shaped into names, their types voted, their
short forms and acronyms linked (steps 1 to 5 of the package's description)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from tui.ingest.entities.candidates import _candidates
from tui.ingest.entities.gazetteer import Gazetteer, shipped_gazetteer
from tui.ingest.entities.lexicon import (
    _ACRONYM_DEF,
    _ALL_CAPS,
    _COMMON_CAPITALISED,
    _DEMONYM_DET,
    _DEMONYM_ENDINGS,
    _FUNCTION_WORDS,
    _LONE_COMMON,
    _ROMAN_ORDINAL,
    _is_letter_low,
    _is_token,
    _is_word,
)
from tui.ingest.entities.linking import (
    _common_acronyms,
    _link_article_names,
    _link_initials_and_surnames,
    _link_short_forms,
    _may_spell,
    _surface_of,
)
from tui.ingest.entities.records import ArticleEntities, LocalEntity
from tui.ingest.entities.votes import _VERB_AFTER, _add_votes, _medium_cue
from tui.ingest.french import fold, slug
from tui.model import PER, Block

# Characters of ``_is_token`` (regex ``\w`` is ``str.isalnum`` or "_"), for a whole word in C.
_TOKEN_CHARS = re.compile(r"[\w'’-]*")


def _appears_lowercase(text: str, word: str) -> bool:
    """Whether ``word`` is one of ``re.findall(r"\\b[a-z…][\\w'’-]+", text)`` (a word written
    in lower case), without listing them all: ``word`` is looked for with ``str.find``.

    Such a token is a whole run of [\\w'’-] characters from its first lowercase letter that
    follows a non-word character ("homme" is not one in "l'homme", "pierre" is in "Jean-pierre").
    """
    n, size = len(text), len(word)
    if size < 2 or not _is_letter_low(word[0]) or _TOKEN_CHARS.fullmatch(word) is None:
        return False
    k = text.find(word)
    while k >= 0:
        end = k + size
        if (end == n or not _is_token(text[end])) and (k == 0 or not _is_word(text[k - 1])):
            # No earlier token start in the same run of token characters.
            j = k
            while j > 0 and _is_token(text[j - 1]):
                j -= 1
                if _is_letter_low(text[j]) and (j == 0 or not _is_word(text[j - 1])):
                    break
            else:
                return True
        k = text.find(word, k + 1)
    return False


# Lowercase tokens as ``_appears_lowercase`` defines them, all at once.
_LOWER_TOKEN = re.compile(r"(?<!\w)[a-zà-öø-ÿœ][\w'’-]+")


class _LowercaseWords:
    """``word in words``: whether ``word`` is written in lower case somewhere in the text.

    The first questions are answered with ``str.find`` (a news article is a few kB: listing
    its words costs more than dozens of finds); after ``_FIND_LIMIT`` of them the text's
    lowercase tokens are listed once, so an article with thousands of sentence-initial words
    stays linear in its length.
    """

    _FIND_LIMIT = 48

    def __init__(self, text: str) -> None:
        self.text = text
        self.asked = 0
        self.known: dict[str, bool] = {}
        self.tokens: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        found = self.known.get(word)
        if found is not None:
            return found
        if self.tokens is None:
            self.asked += 1
            if self.asked > self._FIND_LIMIT:
                self.tokens = set(_LOWER_TOKEN.findall(self.text))
        if self.tokens is not None:
            found = word in self.tokens
        else:
            found = _appears_lowercase(self.text, word)
        self.known[word] = found
        return found


@lru_cache(maxsize=1 << 16)
def _surface_facts(surface: str, gaz: Gazetteer) -> tuple[str, bool, bool] | None:
    """What a candidate's own words decide, cached per surface: None if it is never a name
    ("Le", "Etat", "Nord"), else (key, whether it may be a demonym as in "les Occidentaux",
    whether it is weak when it opens a sentence)."""
    key = slug(surface)
    if not key or key in gaz.ignore or len(surface) < 2:
        return None
    single = len(surface.split()) == 1
    if single and _ROMAN_ORDINAL.match(surface):
        return None
    demonym = False
    if single:
        k = fold(surface)
        if k in _FUNCTION_WORDS or k in _COMMON_CAPITALISED or k in _LONE_COMMON:
            return None
        demonym = k.endswith(_DEMONYM_ENDINGS) and not gaz.lookup(key)
    weak_alone = single and not gaz.lookup(key) and not _ALL_CAPS.match(surface)
    return key, demonym, weak_alone


def _before_brackets(text: str) -> set[int]:
    """The positions from which only blanks lead to an opening bracket: where
    ``_ACRONYM_DEF`` may match (found from the few brackets, not tried after every name)."""
    out: set[int] = set()
    k = text.find("(")
    while k >= 0:
        out.add(k)
        j = k
        while j > 0 and text[j - 1] in " \t\u00a0":
            j -= 1
            out.add(j)
        k = text.find("(", k + 1)
    return out


def extract_entities(
    text: str, blocks: list[Block], gazetteer: Gazetteer | None = None
) -> ArticleEntities:
    """Entities and their mentions in one article's text."""
    gaz = gazetteer or shipped_gazetteer()
    cands = _candidates(text, blocks, gaz)
    block_starts = [b.start for b in blocks]
    entities: dict[str, LocalEntity] = {}
    mentions: list[tuple[int, int, str]] = []
    per_key_seen: dict[str, int] = {}
    named: set[str] = set()  # the keys whose entity's name is its key's own spelling
    lowercase_words = _LowercaseWords(text)

    # Acronym definitions: "Organisation de coopération de Shanghai (OCS)".
    acronym_of: dict[str, str] = {}
    common = _common_acronyms(text) if "(" in text else frozenset()
    if "(" in text:
        before_bracket = _before_brackets(text)
        for c in cands:
            if c.end not in before_bracket:
                continue  # most names: no bracket right after them
            m = _ACRONYM_DEF.match(text, c.end)
            if m and len(c.words(text)) >= 2 and _may_spell(text[c.start : c.end], m.group(1)):
                acronym_of[slug(m.group(1))] = slug(text[c.start : c.end])

    for c in cands:
        surface = text[c.start : c.end]
        if c.forced_type:
            key = slug(surface)
            if not key or key in gaz.ignore:
                continue
            if c.forced_type == PER and _ALL_CAPS.match(surface.replace(" ", "")):
                surface = " ".join(w.capitalize() for w in surface.split())
            surface_key = slug(surface)
            weak = False  # a photo credit never opens a sentence
        else:
            facts = _surface_facts(surface, gaz)
            if facts is None and len(surface) == 1 and surface.isupper():
                if _medium_cue(text[max(0, c.start - 40) : c.start]):
                    facts = (slug(surface), False, False)  # "a réagi sur X": a network
            if facts is None or (common and surface in common):
                continue
            key, demonym, weak_alone = facts
            surface_key = key  # the facts' key is the surface's slug
            if demonym and _DEMONYM_DET.search(text[max(0, c.start - 12) : c.start]):
                continue  # "les Occidentaux", "des Américains"
            # A bare capitalised word followed by a verb is a name: a French common noun
            # would take an article ("Netflix a annoncé", "Lyon est une équipe").
            weak = c.initial and weak_alone and not _VERB_AFTER.match(text, c.end)
            if weak and surface.lower() in lowercase_words:
                continue  # "Partenaire ..." opening a sentence; "partenaire" appears as a word
        key = acronym_of.get(key, key)
        ent = entities.get(key)
        if ent is None:
            ent = entities[key] = LocalEntity(key, surface)
            if surface_key == key:
                named.add(key)
        elif surface_key == key and key not in named:
            ent.name = surface  # the full name defined after its acronym was seen
            named.add(key)
        ent.weak = ent.weak and weak
        if key != surface_key:
            ent.aliases.add(surface)  # the acronym
        # Cues are read on the first few mentions only: later ones rarely add evidence, and
        # reading context is the costliest step of extraction.
        seen = per_key_seen.get(key, 0)
        per_key_seen[key] = seen + 1
        if seen < 3:
            # The start of the mention's block (a conditional, not max(): a call of max costs
            # several times as much, and this runs on most mentions).
            at = bisect_right(block_starts, c.start) - 1
            floor = block_starts[at if at > 0 else 0] if block_starts else 0
            _add_votes(text, c, floor, gaz, ent.votes)
        mentions.append((c.start, c.end, key))

    _link_article_names(text, entities, mentions)
    _link_short_forms(text, entities, mentions, gaz)
    _link_initials_and_surnames(text, entities, mentions, gaz)
    for key, long_key in acronym_of.items():
        if long_key in entities:
            entities[long_key].aliases.add(_surface_of(key, mentions, text) or key.upper())
    return ArticleEntities(entities, mentions)
