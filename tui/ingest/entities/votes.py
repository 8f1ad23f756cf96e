"""The type of a name: cues before and after it (roles, organisation and place words,
prepositions, a medium spoken to, a source, a party in brackets), its own words and shape, the
gazetteer; and the decision."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from tui.ingest.entities.gazetteer import Gazetteer, _known_country, _known_place
from tui.ingest.entities.lexicon import (
    _ACRONYM_WORD,
    _ALL_CAPS,
    _CUE_BLOCKERS,
    _CUE_CONNECTORS,
    _FUNCTION_WORDS,
    _LC_WORD,
    _LOC_CUE_WORDS,
    _LOC_HEADS,
    _LOC_PREPS,
    _LOC_TAILS,
    _LOW,
    _MISC_CUE_WORDS,
    _MISC_HEADS,
    _MISC_LATE_CUE_WORDS,
    _ORG_CUE_WORDS,
    _ORG_HEADS,
    _ORG_TAILS,
    _PARTICLES,
    _ROLE_WORDS,
    _UP,
)
from tui.ingest.entities.records import LocalEntity, _Cand
from tui.ingest.french import REPORTING_VERBS, fold, slug
from tui.model import LOC, MISC, ORG, PER

# What one word of the look-back says: a type, stop reading, or read on to the next word.
_STOP, _READ_ON = "stop", "read on"


# A place word ("rue", "chapelle"): a strong cue for LOC, unlike a preposition ("à").
_LOC_CUE = "LOC cue"


# Prepositions that a cue further back does not reach through ("le ministre ... sur X").
_PREP_STOPS = frozenset("sur dans avec pour par chez contre entre lors pendant selon".split())


@lru_cache(maxsize=1 << 14)
def _cue_word(raw: str) -> tuple[str, str]:
    """What the word ``raw`` says (first as the word just before the name, then as a word
    further back). Cached: the same few hundred words make up most of the look-backs."""
    tok = raw.strip(',()«»"“”')
    if not tok:
        return _READ_ON, (_STOP if raw[-1:] in '.;:!?»"”' else _READ_ON)
    base = tok.rsplit("'", 1)[-1].rsplit("’", 1)[-1]
    key = fold(base)
    common = _READ_ON
    if key in _ROLE_WORDS or fold(tok) in _ROLE_WORDS:
        common = PER
    elif key in _ORG_CUE_WORDS:
        common = ORG
    elif base.islower() and key in _LOC_CUE_WORDS:
        common = _LOC_CUE  # "place Broglie", "quai de la Bruche"
    elif base.islower() and key in _MISC_LATE_CUE_WORDS:
        common = MISC  # "le tournoi de Wimbledon", "le prix Femina"
    # Just before the name.
    if key in _LOC_PREPS and tok == base:
        first = LOC
    elif key in _PREP_STOPS and tok == base and raw == tok:
        first = _STOP  # "la ministre, X, sur France Bleu": a role does not reach past "sur"
    elif key in _MISC_CUE_WORDS:
        first = MISC
    elif common != _READ_ON:
        first = common
    elif not (base[:1].isalpha() or key in _CUE_CONNECTORS) or raw[-1:] in '.;!?»"”':
        first = _STOP  # "… santé publique. Fournier": the sentence before says nothing
    else:
        first = _READ_ON
    # Further back: sentence punctuation and verbs end the look-back.
    if raw[-1:] in '.;:!?»"”':
        later = _STOP
    elif common != _READ_ON:
        later = common
    elif key in _CUE_BLOCKERS or not (base[:1].isalpha() or key in _CUE_CONNECTORS):
        later = _STOP
    else:
        later = _READ_ON
    return first, later


def _cue_type(before: str) -> str | None:
    """The type the words before a name give it. After a comma (an apposition: "la présidente
    du groupe, Martine X") only a role counts; a role read through "de" is not the name's
    ("le maire de Lyon", "le capitaine de l'OL")."""
    tokens = before.rsplit(None, 7)[-7:]  # the last seven words, without listing them all
    if tokens and tokens[-1] == "(":
        return None  # "l'hôpital de Vierzon (Cher)": what is before belongs to the name before
    if len(tokens) >= 2 and tokens[-1] in ("l'", "l’") and fold(tokens[-2]) in ("a", "de"):
        return LOC if tokens[-2] in ("à", "À") else None  # "à l'Opéra Bastille"
    apposition = bool(tokens) and tokens[-1].endswith(",")
    through_de = False
    past_name = False  # read back past another name: its head word is its own
    for i, raw in enumerate(reversed(tokens)):
        said = _cue_word(raw)[i > 0]
        if said is _READ_ON:
            through_de = through_de or raw in ("de", "du", "des")
            past_name = past_name or raw[:1].isupper()
            continue
        if past_name and said in (ORG, MISC):
            return None  # "le syndicat CGT des dockers du Havre Thierry X": CGT's head word
        if said is _STOP:
            return None
        if apposition or (i > 0 and raw.endswith(",")):
            # "le directeur de l'organisation, le Japonais X": past a comma, only a role
            # names the person; the noun before the comma is not the name's head.
            apposition = True
            if said == PER:
                return PER
            continue
        if said == PER and through_de:
            return None  # "le maire de Lyon", "le capitaine de l'OL": the complement
        if said == ORG and tokens[-1] in ("de", "du", "des"):
            return None  # "l'institut ... de Grenoble" (but "la société de transport X")
        return said
    return None


def _person_shape(words: list[str]) -> bool:
    """ "First Last", "Jean-Paul de Montclar": capitalised words, particles inside."""
    return (
        words[0][:1].isupper()
        and words[-1][:1].isupper()
        and all(w[:1].isupper() or w in _PARTICLES for w in words)
    )


@lru_cache(maxsize=1 << 16)
def _name_votes(surface: str, gaz: Gazetteer) -> dict[str, float]:
    """Evidence from the name itself: the gazetteer, its head word, its shape. Cached: the
    same names come back in article after article."""
    votes: dict[str, float] = defaultdict(float)
    words = surface.split()
    keys = [fold(w) for w in words]
    known = gaz.lookup(slug(surface))
    if known:
        votes[known[1]] += 10
    if keys[0] in _ORG_HEADS or (
        len(keys) > 1 and (keys[1] in _ORG_HEADS or keys[-1] in _ORG_TAILS)
    ):
        votes[ORG] += 4
    if not _MISC_HEADS.isdisjoint(keys):
        votes[MISC] += 4
    if len(keys) > 1 and keys[0] in _LOC_HEADS:
        votes[LOC] += 4  # "Piton de la Fournaise", "Place Kléber"
    acronym = _ALL_CAPS.match(words[0]) or _ACRONYM_WORD.match(words[0])
    if len(words) == 1 and acronym and len(words[0]) <= 16:
        votes[ORG] += 1.5
    elif surface.endswith("+") or (
        len(words) == 1
        and "-" in surface
        and any(_ALL_CAPS.match(p) and not p.isdigit() for p in surface.split("-"))
    ):
        votes[ORG] += 2  # "Disney+", "Groupama-FDJ": a platform, a team, a company
    elif len(words) >= 2 and not known and any(_known_place(k, gaz) for k in keys):
        votes[ORG] += 1  # "Radio France", "Greenpeace France", "Urssaf Bretagne": not a person
    elif (
        len(words) >= 2
        and not known
        and keys[0] not in _ORG_HEADS
        and keys[0] not in _FUNCTION_WORDS  # "Le Monde", "Les Heures blanches"
        and keys[-1] not in _ORG_TAILS
        and keys[-1] not in _LOC_TAILS
        and _person_shape(words)
    ):
        votes[PER] += 1  # "First Last"
    if len(keys) > 1 and keys[-1] in _LOC_TAILS:
        votes[LOC] += 4
    if not known:
        _shape_votes(surface, words, keys, gaz, votes)
    return dict(votes)


# A code: letters, a hyphen, digits ("Covid-19", "CUR-417", "Sirocco-2").
_CODE_NAME = re.compile(rf"^[{_UP}][\w]*-\d+$")


def _shape_votes(
    surface: str, words: list[str], keys: list[str], gaz: Gazetteer, votes: dict[str, float]
) -> None:
    """What the look of an unknown name says beyond its head word."""
    if len(words) == 1:
        if _CODE_NAME.match(surface):
            votes[MISC] += 1.5  # a disease, a molecule, a model: a named thing
        elif "-" in surface:
            parts = surface.split("-")
            # "Météo-France", "Ouest-France": a body named after a country (not
            # "Île-de-France", whose particle makes a place).
            if (
                len(parts) == 2
                and parts[0][:1].isupper()
                and _known_country(fold(parts[1]), gaz)
                and not _known_place(fold(parts[0]), gaz)
            ):
                votes[ORG] += 1.5
        return
    if keys[0] == "ligue" and words[1][:1].isdigit():
        votes[MISC] += 4.5  # "Ligue 1": a competition (Ligue is also an organisation head)
    elif keys[0] == "the":
        votes[ORG] += 1.5  # "The Lancet", "The Guardian": an English title
    elif any(
        _ALL_CAPS.match(w) and not w.isdigit() and len(w) >= 2 and not w.endswith("-")
        for w in words
    ):
        # "HBC Nantes", "Decathlon AG2R La Mondiale": an acronym or a digit, not a person
        votes.pop(PER, None)
        votes[ORG] += 1.0


# A medium, a publisher or a pollster before a name: what was said on it, by it, at it
# ("a déclaré sur France Inter", "interrogée par Franceinfo", "chez Gallimard", "au micro
# de RTL"). Read on the last words, not with a regex: this runs on every mention.
_MEDIUM_LAST = frozenset("chez sondage usine institut groupe".split())


_MEDIUM_BY = re.compile(r"(?:interrogée?s?|cité(?:e|s|es)?|révélée?s?|publiée?s?|paru(?:e|s|es)?)$")


_MEDIUM_ON = re.compile(rf"(?:[{_LOW}]+é(?:e|s|es)?|dit|dite|écrit)$")


_MEDIUM_OF = ("au micro de", "au micro d'", "à l'antenne de", "sur les ondes de")


# The word just before the name, with its space, for the quick test.
_MEDIUM_LAST_WORDS = ("sur ", "par ", "dans ", "chez ", "sondage ", "usine ", "institut ",
                      "groupe ", " de ", " d'", " d’")  # fmt: skip


def _medium_cue(before: str) -> bool:
    if not before.endswith(_MEDIUM_LAST_WORDS):
        return False  # the common case, quickly; "d'Arianespace" is an elided article
    words = before[-40:].replace("’", "'").split()
    if not words:
        return False
    last = words[-1].lower().rsplit("'", 1)[-1]  # "l'usine" -> "usine"
    if last in _MEDIUM_LAST:
        return True
    if len(words) >= 2:
        prev = words[-2].lower().rsplit("'", 1)[-1]
        if last == "sur" and (_MEDIUM_ON.search(prev) or fold(prev.strip(",")) in _SPEECH_FORMS):
            return True  # "a déclaré sur France Inter", "a réagi sur X"
        if last in ("par", "dans", "chez") and _MEDIUM_BY.search(prev):
            return True
    return " ".join(words[-4:]).lower().endswith(_MEDIUM_OF)


_VERB_AFTER = re.compile(
    r"[ \t\u00a0]+(?:a|avait|aura|aurait|est|était|sera|serait|ont|sont|va|doit|devra|peut"
    r"|pourra|fait|veut|vient|reste|compte|annonce|dispose|se|s['’]|n['’]|ne)"
    r"(?:(?<=['’])|(?![\w'’-]))"
)


# A bracket after a lowercase word: the acronym of a name with a lowercase tail.
_ACRONYM_AFTER_NAME = re.compile(rf"(?<![\w'’-])[{_LOW}][{_LOW}'’-]{{2,}}[ \t\u00a0]*\($")


# "Gérard Pelletier (": two capitalised words (a person, maybe with a particle) and a bracket.
_PERSON_THEN_BRACKET = re.compile(
    rf"(?<![\w'’-])(?!Saint|Sainte)[{_UP}][{_LOW}][\w'’-]*[ \t\u00a0]+"
    rf"(?:(?:de|du|d['’]|van|von|Le|La|De)[ \t\u00a0]*)?"
    rf"(?!Saint|Sainte)[{_UP}][{_LOW}][\w'’-]*[ \t\u00a0]*\($"
)


_CAPITAL_ARTICLES = ("Le ", "La ", "Les", "L'", "L’")


# An article right before a name: "le ", "la ", "l'", "du ", "au ", "aux ", "des ".
_ARTICLE_JUST_BEFORE = re.compile(
    r"(?:(?<![\w'’-])(?:le|la|les|Le|La|Les|du|Du|au|Au|aux|Aux)[ \t\u00a0]+|(?<![\w'’-])[lL]['’])$"
)


# A definite article just before a name, with its blank: "le ", "la ", "l'".
_DEFINITE_ENDINGS = ("le ", "la ", "Le ", "La ", "l'", "L'", "l’", "L’", "le\u00a0", "la\u00a0")
_ARTICLE_ONLY = {ORG: 1 / 64}
# ... unless a preposition of place governs it: "dans le Cher", "sur la Vézère".
_PLACE_ARTICLE = re.compile(
    r"(?<![\w'’-])(?:dans|vers|sur|depuis|traverse)[ \t\u00a0]+\S+[ \t\u00a0]*$"
)


# What ``_ARTICLE_JUST_BEFORE`` ends with, blanks aside: the article's own letters.
_ARTICLE_ENDINGS = ("le", "la", "les", "Le", "La", "Les", "du", "Du", "au", "Au", "aux", "Aux",
                    "l'", "L'", "l’", "L’")  # fmt: skip


# A source before a name: "selon X", "d'après X", "selon les chiffres de X", "l'enquête de X",
# "la publication par X".
_SOURCE_BEFORE = re.compile(
    r"(?:(?<![\w'’-])(?:[Ss]elon|[Dd]['’]après)(?:[ \t\u00a0]+l['’])?[ \t\u00a0]*"
    r"|(?:chiffres|données|enquête|étude|relevés|prévisions|bulletin|baromètre|publication"
    r"|rapport)[ \t\u00a0]+(?:de|d['’]|par)[ \t\u00a0]*(?:l['’])?)$"
)


_SOURCE_HINTS = re.compile(
    r"elon|après|chiffres|données|enquête|étude|relevés|prévisions|bulletin|baromètre|publication|rapport"
)


# Speech verbs (all forms, and the imperfect: "confiait"), for "a confié au Parisien".
_SPEECH_FORMS = frozenset(
    {fold(form) for row in REPORTING_VERBS for form in row if form is not None and " " not in form}
    | {fold(row[1][:-1] + "ait") for row in REPORTING_VERBS if row[1] and row[1].endswith("e")}
    | {"entretien", "interview", "entrevue", "tribune"}
)


_TOLD_TO_ENDINGS = (" au", " aux", " à", " à la", " à l'", " à l’")


# Quick tests on the last characters before a name (``_add_votes`` runs on every mention).
_TOLD_TO_LAST = ("au ", "aux ", "à ", "à\u00a0", "la ", "l'", "l’")


_SOURCE_LAST = ("elon ", "près ", "de ", "d'", "d’", "par ", "l'", "l’")


def _told_to(before: str) -> bool:
    """Whether the words before a name are a speech verb and "au"/"à": the name is the
    medium spoken to ("a assuré au Parisien", "confiait à La Provence", "dans un entretien
    au Monde"). Only a few words back, within the sentence."""
    stripped = before.rstrip(" \t\u00a0")
    if not stripped.endswith(_TOLD_TO_ENDINGS) and not stripped.endswith(("'", "’")):
        return False
    words = stripped[-60:].replace("’", "'").split()
    if not words:
        return False
    back = 1
    if words[-1] in ("la", "l'") and words[-2:-1] == ["à"]:
        back = 2
    elif words[-1] not in ("au", "aux", "à"):
        return False
    for raw in reversed(words[-6 - back : -back]):
        if raw.endswith((".", "!", "?", ";", ":", "»", "«")) or raw[:1].isupper():
            return False  # "confie Jordi Puig, vigneron à Rivesaltes": where the speaker is
        if fold(raw.strip(",").rsplit("-", 2)[0]) in _SPEECH_FORMS:
            return True
    return False


# After a name, an apposition that says what it is: "Nightfang, un groupe de pirates",
# "Kelowna, une ville de". Only with "un"/"une": ", le président chinois X" opens a new
# phrase, it does not describe the name before.
_APPOSITION_AFTER = re.compile(
    rf",[ \t\u00a0]+(?:un|une)[ \t\u00a0]+({_LC_WORD})(?:[ \t\u00a0]+({_LC_WORD}))?"
)


# "X et (de) (le|la|l') Y": the name coordinated with Y.
_AND_LAST = (" et ", " et le ", " et la ", " et l'", " et l’", " et de ", " et de l'", " et de l’",
             " et du ", " et de la ", " et les ", " et des ")  # fmt: skip
_AND_BEFORE = re.compile(
    r"[ \t\u00a0]+et[ \t\u00a0]+(?:(?:de|du|des)[ \t\u00a0]+)?(?:(?:le|la|les)[ \t\u00a0]+|l['’])?$"
)


def _coordinated_with_organisation(before: str, gaz: Gazetteer) -> bool:
    """Whether the name before "et" is an organisation by its own words ("l'Institut Curie",
    "l'Union européenne", "Redwood Partners"): two coordinated names are of one kind."""
    m = _AND_BEFORE.search(before, max(0, len(before) - 16))
    if m is None:
        return False
    words = before[: m.start()].split()[-5:]
    for k in range(len(words)):
        name = " ".join(words[k:]).lstrip('«"“(').rsplit("'", 1)[-1].rsplit("’", 1)[-1]
        if not name[:1].isupper():
            continue
        votes = _name_votes(name, gaz)
        if votes and max(votes.items(), key=lambda kv: kv[1])[0] == ORG and votes[ORG] >= 4:
            return True
    return False


def _apposition_after(text: str, end: int) -> str | None:
    m = _APPOSITION_AFTER.match(text, end, end + 60)
    if m is None:
        return None
    for word in m.groups():  # "un groupe de pirates", "une jeune start-up"
        key = fold(word or "")
        if key in _ORG_CUE_WORDS:
            return ORG
        if key in _LOC_CUE_WORDS:
            return _LOC_CUE
    return None


# Heads of names of buildings: an organisation or a venue, a venue after "au", "à l'".
_BUILDING_HEADS = frozenset(fold(w) for w in "Théâtre Opéra Palais Stade Salle Château".split())


def _building(surface: str) -> bool:
    words = surface.split(maxsplit=2)
    return fold(words[0]) in _BUILDING_HEADS or (
        len(words) > 1 and fold(words[0]) == "grand" and fold(words[1]) in _BUILDING_HEADS
    )


def _add_votes(text: str, c: _Cand, floor: int, gaz: Gazetteer, votes: dict[str, float]) -> None:
    """Add the evidence for each type from cues around the mention and from its own words."""
    if c.forced_type:
        votes[c.forced_type] = votes.get(c.forced_type, 0) + 5.0
        return
    lo = c.start - 80  # (conditionals, not max(): a call costs several times as much)
    before = text[lo if lo > floor else floor : c.start]
    surface = text[c.start : c.end]
    cue = _cue_type(before)
    if before.endswith(_MEDIUM_LAST_WORDS) and _medium_cue(before):
        cue = ORG  # "a déclaré sur France Inter", "interrogée par Franceinfo", "chez Gallimard"
    elif cue == PER and " " not in surface and _ALL_CAPS.match(surface):
        cue = ORG  # "délégué CFDT": an acronym after a role is the body, not the person
    if cue is None and text.startswith(")", c.end) and _ACRONYM_AFTER_NAME.search(before):
        cue = ORG  # "l'Institut national de la statistique (Insee)": an acronym spelled out
    if (
        cue is None
        and before.endswith("(")
        and _PERSON_THEN_BRACKET.search(before, max(0, len(before) - 70))
    ):
        cue = ORG  # "Gérard Pelletier (Les Républicains)": a person's party, team, employer
    name_votes = _name_votes(surface, gaz)
    single = " " not in surface
    titled = surface[0] == "L" and surface.startswith(_CAPITAL_ARTICLES)
    if (
        cue in (None, LOC)
        and before.endswith(_TOLD_TO_LAST)
        and (titled or (single and not before.endswith(("à ", "à\u00a0"))))
        and _told_to(before)
    ):
        # "a confié au Parisien", "confiait à La Provence" (not "a déclaré à Toronto")
        cue = ORG
    elif (
        cue is None
        and single
        and before.endswith(_SOURCE_LAST)
        and _SOURCE_HINTS.search(before, len(before) - 45 if len(before) > 45 else 0)
        and _SOURCE_BEFORE.search(before, len(before) - 45 if len(before) > 45 else 0)
        and not gaz.lookup(slug(surface))
    ):
        cue = ORG  # "selon Vigicrues", "selon les chiffres de Médiamétrie": a source
    if cue is None and text.startswith(",", c.end):
        cue = _apposition_after(text, c.end)
    if (
        cue is None
        and single
        and not name_votes
        and before.endswith(_AND_LAST)
        and _coordinated_with_organisation(before, gaz)
    ):
        cue = ORG  # "l'Union européenne et le Mercosur", "l'Institut Curie et de l'Inserm"
    if cue == LOC and _building(surface):
        cue, bonus = LOC, 4.5  # "au Théâtre de l'Odéon", "à l'Opéra Bastille": the building
    elif cue is _LOC_CUE:
        cue, bonus = LOC, 3.0
    else:
        bonus = 0.0 if cue is None else 0.75 if cue == LOC else 3.0
    if (
        0 < name_votes.get(PER, 0) <= 1
        and before.rstrip().endswith(_ARTICLE_ENDINGS)
        and _ARTICLE_JUST_BEFORE.search(before, max(0, len(before) - 6))
    ):
        # "le Red Star", "au Palais Garnier", "du Tamil Nadu": French puts no article before a
        # person's name, so "First Last" is not a person's shape here.
        name_votes = dict(name_votes)
        del name_votes[PER]
        if before.rstrip(" \t\u00a0")[-2:] in ("au", "du", "ux", "Au", "Du"):
            if cue is None:
                name_votes[LOC] = name_votes.get(LOC, 0) + 0.25  # "du Tamil Nadu"
        else:
            name_votes[ORG] = name_votes.get(ORG, 0) + 1.0  # "le Red Star", "la Casa Rosada"
    if (
        cue is None
        and single
        and not name_votes
        and before.endswith(_DEFINITE_ENDINGS)
        and _ARTICLE_JUST_BEFORE.search(before, max(0, len(before) - 6))
        and not _PLACE_ARTICLE.search(before, max(0, len(before) - 12))
        and not _ALL_CAPS.match(surface)
    ):
        # "le Mucem", "la Fage", "l'Arcom": a town takes no article, so a lone unknown word
        # with one is more often a body than a place. The least weight there is (votes are
        # multiples of 1/64): any cue, as "en" or "à" before a region, outweighs it.
        name_votes = _ARTICLE_ONLY
    for t, v in name_votes.items():
        votes[t] = votes.get(t, 0) + (v + bonus if t == cue else v)
    if cue is not None and cue not in name_votes:
        votes[cue] = votes.get(cue, 0) + bonus


def _type_of(ent: LocalEntity) -> str:
    if not ent.votes:
        return MISC
    return max(ent.votes, key=ent.votes.__getitem__)  # (the first on a tie, as with items)


def decide_type(votes: dict[str, float], name: str) -> str:
    """The type with the most evidence; with none, PER for "First Last", LOC for a lone
    word, else MISC."""
    if votes:
        top = max(votes.values())
        if top > 0:
            if votes.get(PER) == top:
                return PER  # a person wins a tie
            for etype, v in votes.items():
                if v == top:
                    return etype  # else the first type with the most
    words = name.split()
    if len(words) >= 2 and fold(words[0]) in ("le", "la", "les"):
        return ORG  # "Le Monde", "Les Écologistes": a person's name has no article
    if len(words) >= 2 and _person_shape(words):
        return PER
    # A lone name nothing types is most often a place in news ("à Vierzon", "dans le Cher").
    return LOC if len(words) == 1 and not _ALL_CAPS.match(name) else MISC
