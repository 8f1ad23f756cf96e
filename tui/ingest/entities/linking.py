"""Mentions of one entity: acronyms defined in brackets, short forms of people's names
("Poutine"), initials ("PS") and surnames with a particle ("Le Goff")."""

from __future__ import annotations

import re
from collections import defaultdict

from tui.ingest.entities.gazetteer import Gazetteer
from tui.ingest.entities.lexicon import (
    _ALL_CAPS,
    _INITIAL_SKIP_WORDS,
    _ORG_HEADS,
    _PARTICLES,
    _SURNAME_PARTICLES,
    _UP,
    _initials,
    _is_letter_low,
)
from tui.ingest.entities.records import LocalEntity
from tui.ingest.entities.votes import _type_of
from tui.ingest.french import fold, slug
from tui.model import PER


def _may_spell(name: str, acronym: str) -> bool:
    """Whether "NAME (ACR)" defines an acronym: "Force ouvrière (FO)", "Agence spatiale
    européenne (ESA)"; not "Jean-Charles de Varenne (LR)", a person and his party."""
    if fold(acronym[0]) == fold(name[0]):
        return True
    words = name.split()
    return fold(words[0]) in _ORG_HEADS or any(
        w[:1].islower() and w not in _PARTICLES for w in words
    )


# An acronym in brackets: "(VRS)".
_BRACKETED_ACRONYM = re.compile(rf"\([ \t]*([{_UP}]{{2,6}})[ \t]*\)")


def _common_acronyms(text: str) -> frozenset[str]:
    """Acronyms the text spells out in lowercase words: of common nouns, not names ("virus
    respiratoire syncytial (VRS)", "commission mixte paritaire (CMP)"). Found from each
    bracket (str.find), not with a regex over the text: this runs on every article."""
    out = set()
    k = text.find("(")
    while k >= 0:
        m = _BRACKETED_ACRONYM.match(text, k)
        if m is not None:
            acronym = m.group(1)
            words = [
                w for w in text[max(0, k - 90) : k].split() if fold(w) not in _INITIAL_SKIP_WORDS
            ]
            last = words[-len(acronym) :]
            if (
                len(last) == len(acronym)
                and all(
                    _is_letter_low(w.replace("’", "'").rsplit("'", 1)[-1][:1] or "A") for w in last
                )
                and _initials(" ".join(last)) == acronym
            ):
                out.add(acronym)
        k = text.find("(", k + 1)
    return frozenset(out)


def _surface_of(key: str, mentions: list[tuple[int, int, str]], text: str) -> str | None:
    for s, e, _k in mentions:
        if slug(text[s:e]) == key:
            return text[s:e]
    return None


def _link_article_names(
    text: str, entities: dict[str, LocalEntity], mentions: list[tuple[int, int, str]]
) -> None:
    """ "au Havre", "du Caire" join "Le Havre", "Le Caire": a name whose article is part of
    it loses that article in the contracted forms au, du, aux, des."""
    target_of: dict[str, str] = {}
    for key in entities:
        for article in ("le-", "la-", "les-"):
            if key.startswith(article) and key.count("-") == 1:
                bare = key[len(article) :]
                if bare in entities and bare not in target_of:
                    target_of[bare] = key
    if not target_of:
        return
    for i, (s, e, key) in enumerate(mentions):
        target = target_of.get(key)
        if target is not None:
            entities[target].aliases.add(text[s:e])
            for t, v in entities[key].votes.items():
                entities[target].votes[t] = entities[target].votes.get(t, 0) + v
            mentions[i] = (s, e, target)
    for key in target_of:
        del entities[key]


def _link_short_forms(
    text: str,
    entities: dict[str, LocalEntity],
    mentions: list[tuple[int, int, str]],
    gaz: Gazetteer,
) -> None:
    """ "Poutine" and "Xi" join "Vladimir Poutine" and "Xi Jinping"; "Xi-Poutine" is both."""
    by_token: dict[str, set[str]] = defaultdict(set)
    for key, ent in entities.items():
        parts = ent.name.split()
        if len(parts) >= 2 and _type_of(ent) == PER:
            by_token[slug(parts[-1])].add(key)
            by_token[slug(parts[0])].add(key)
    if not by_token:
        return
    # What each entity's mentions become, decided once per entity: the one full name that a
    # short form names, or (short forms naming none) maybe several in a compound.
    target_of: dict[str, str] = {}
    compound: set[str] = set()
    for key, ent in entities.items():
        if " " in ent.name or gaz.lookup(key) is not None:
            continue  # a full name or a known one: never a short form
        targets = by_token.get(key)
        if targets and len(targets) == 1:
            target_of[key] = next(iter(targets))
        else:
            compound.add(key)
    rewritten: list[tuple[int, int, str]] = []
    for s, e, key in mentions:
        target = target_of.get(key)
        if target is not None:
            entities[target].aliases.add(text[s:e])
            for t, v in entities[key].votes.items():
                entities[target].votes[t] = entities[target].votes.get(t, 0) + v * 0.5
            rewritten.append((s, e, target))
            continue
        if key in compound and "-" in text[s:e]:
            # A compound of known names: "l'entretien Xi-Poutine".
            pieces: list[tuple[int, int, str]] = []
            pos, ok = s, True
            for part in text[s:e].split("-"):
                found = by_token.get(slug(part))
                if not found or len(found) != 1:
                    ok = False
                    break
                pieces.append((pos, pos + len(part), next(iter(found))))
                pos += len(part) + 1
            if ok:
                rewritten.extend(pieces)
                continue
        rewritten.append((s, e, key))
    used = {k for _s, _e, k in rewritten}
    for key in list(entities):
        if key not in used:
            del entities[key]
    mentions[:] = rewritten


def _link_initials_and_surnames(
    text: str,
    entities: dict[str, LocalEntity],
    mentions: list[tuple[int, int, str]],
    gaz: Gazetteer,
) -> None:
    """An acronym is the organisation of the article whose initials it spells ("le PS" after
    "le Parti socialiste"); "Le Goff" is the "Yves Le Goff" of the article."""
    acronyms = [k for k, e in entities.items() if 2 <= len(k) <= 6 and _ALL_CAPS.match(e.name)]
    # "Le Goff", "Da Silva", "Van Damme": a surname with a particle, short for a full name.
    surnames = [k for k, e in entities.items() if e.name.split(" ", 1)[0] in _SURNAME_PARTICLES]
    if not acronyms and not surnames:
        return  # nothing to spell out nor to shorten: most articles
    first_letters = {entities[k].name[0] for k in acronyms}
    by_initials: dict[str, set[str]] = defaultdict(set)
    by_suffix: dict[str, set[str]] = defaultdict(set)
    for key, ent in entities.items():
        words = ent.name.split()
        if len(words) < 2 or (not acronyms and len(words) < 3):
            continue
        if len(words) < 3 and ent.name[0] not in first_letters:
            continue  # no acronym of the article starts with its initial
        initials = _initials(ent.name)
        if _type_of(ent) == PER:
            for i in range(1, len(words) - 1):
                by_suffix[slug(" ".join(words[i:]))].add(key)
            if len(initials) >= 3:
                by_initials[initials].add(key)  # "PSG": "Paris Saint-Germain" looked a person
        else:
            by_initials[initials].add(key)
    if not by_initials and not by_suffix:
        return
    target_of: dict[str, str] = {}
    for key in acronyms + surnames:
        ent = entities[key]
        if gaz.lookup(key):
            continue
        name = ent.name
        if 2 <= len(name) <= 6 and _ALL_CAPS.match(name) and " " not in name:
            targets = by_initials.get(name.replace("-", ""), set()) - {key}
        else:
            targets = by_suffix.get(key, set()) - {key}
        if len(targets) == 1:
            target_of[key] = next(iter(targets))
    if not target_of:
        return
    for key, target in target_of.items():
        entities[target].aliases.add(entities[key].name)
        for t, v in entities[key].votes.items():
            entities[target].votes[t] = entities[target].votes.get(t, 0) + v * 0.5
        del entities[key]
    mentions[:] = [(s, e, target_of.get(k, k)) for s, e, k in mentions]
