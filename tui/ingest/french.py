"""The French language data of the project, one public module: calendar words, reporting
verbs, abbreviations, typographic variants and text folding.

Ingest (dates, entities, structure, quotations), search (folding, typography) and citation
(reporting verbs) all read it here, so a word added once is known everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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

# Reporting verbs, one row each: past participle (after a/avait/ont/a-t-il…), present
# 3rd person singular and plural (None where the form is more often a noun: "une note",
# "la menace"), present participle (for "Qualifiant … de "…", X a dit").
# fmt: off
REPORTING_VERBS: tuple[tuple[str, str | None, str | None, str | None], ...] = (
    # participle       present           plural              gerund
    ("déclaré",        "déclare",        "déclarent",        "déclarant"),
    ("affirmé",        "affirme",        "affirment",        "affirmant"),
    ("réaffirmé",      "réaffirme",      "réaffirment",      "réaffirmant"),
    ("souligné",       "souligne",       "soulignent",       "soulignant"),
    ("ajouté",         "ajoute",         "ajoutent",         "ajoutant"),
    ("assuré",         "assure",         "assurent",         "assurant"),
    ("dit",            "dit",            "disent",           "disant"),
    ("averti",         "avertit",        "avertissent",      "avertissant"),
    ("vanté",          "vante",          "vantent",          "vantant"),
    ("indiqué",        "indique",        "indiquent",        "indiquant"),
    ("estimé",         "estime",         "estiment",         "estimant"),
    ("expliqué",       "explique",       "expliquent",       "expliquant"),
    ("précisé",        "précise",        "précisent",        "précisant"),
    ("répété",         "répète",         "répètent",         "répétant"),
    ("martelé",        "martèle",        "martèlent",        "martelant"),
    ("insisté",        "insiste",        "insistent",        "insistant"),
    ("lancé",          None,             "lancent",          "lançant"),
    ("rappelé",        "rappelle",       "rappellent",       "rappelant"),
    ("jugé",           None,             "jugent",           "jugeant"),
    ("noté",           None,             "notent",           "notant"),
    ("annoncé",        "annonce",        "annoncent",        "annonçant"),
    ("confié",         "confie",         "confient",         "confiant"),
    ("réagi",          "réagit",         "réagissent",       "réagissant"),
    ("prévenu",        "prévient",       "préviennent",      "prévenant"),
    ("plaidé",         "plaide",         "plaident",         "plaidant"),
    ("reconnu",        "reconnaît",      "reconnaissent",    "reconnaissant"),
    ("déploré",        "déplore",        "déplorent",        "déplorant"),
    ("dénoncé",        "dénonce",        "dénoncent",        "dénonçant"),
    ("fustigé",        "fustige",        "fustigent",        "fustigeant"),
    ("qualifié",       "qualifie",       "qualifient",       "qualifiant"),
    ("poursuivi",      "poursuit",       "poursuivent",      "poursuivant"),
    ("conclu",         "conclut",        "concluent",        "concluant"),
    ("commenté",       "commente",       "commentent",       "commentant"),
    ("observé",        None,             "observent",        "observant"),
    ("relevé",         "relève",         "relèvent",         "relevant"),
    ("résumé",         "résume",         "résument",         "résumant"),
    ("tranché",        None,             "tranchent",        "tranchant"),
    ("ironisé",        "ironise",        "ironisent",        "ironisant"),
    ("écrit",          "écrit",          "écrivent",         "écrivant"),
    ("raconté",        "raconte",        "racontent",        "racontant"),
    ("lâché",          None,             "lâchent",          "lâchant"),
    ("glissé",         "glisse",         "glissent",         "glissant"),
    ("promis",         "promet",         "promettent",       "promettant"),
    ("garanti",        "garantit",       "garantissent",     "garantissant"),
    ("menacé",         None,             "menacent",         "menaçant"),
    ("salué",          "salue",          "saluent",          "saluant"),
    ("appelé",         "appelle",        "appellent",        "appelant"),
    ("exhorté",        "exhorte",        "exhortent",        "exhortant"),
    ("rapporté",       "rapporte",       "rapportent",       "rapportant"),
    ("soutenu",        "soutient",       "soutiennent",      None),
    ("démenti",        "dément",         "démentent",        "démentant"),
    ("admis",          "admet",          "admettent",        "admettant"),
    ("avancé",         None,             "avancent",         "avançant"),
    ("répondu",        "répond",         "répondent",        "répondant"),
    ("réitéré",        "réitère",        "réitèrent",        "réitérant"),
    ("signalé",        "signale",        "signalent",        "signalant"),
    ("confirmé",       "confirme",       "confirment",       "confirmant"),
    ("argué",          "argue",          "arguent",          "arguant"),
    ("protesté",       "proteste",       "protestent",       "protestant"),
    ("regretté",       "regrette",       "regrettent",       "regrettant"),
    ("prôné",          "prône",          "prônent",          "prônant"),
    ("réclamé",        "réclame",        "réclament",        "réclamant"),
    ("demandé",        None,             "demandent",        "demandant"),
    ("souhaité",       "souhaite",       "souhaitent",       "souhaitant"),
    ("espéré",         "espère",         "espèrent",         "espérant"),
    ("renchéri",       "renchérit",      "renchérissent",    "renchérissant"),
    ("enchaîné",       "enchaîne",       "enchaînent",       "enchaînant"),
    ("clamé",          "clame",          "clament",          "clamant"),
    ("proclamé",       "proclame",       "proclament",       "proclamant"),
    ("détaillé",       "détaille",       "détaillent",       "détaillant"),
    ("tweeté",         "tweete",         "tweetent",         "tweetant"),
    ("mis en garde",   "met en garde",   "mettent en garde", "mettant en garde"),
    ("fait savoir",    "fait savoir",    "font savoir",      "faisant savoir"),
    ("fait valoir",    "fait valoir",    "font valoir",      "faisant valoir"),
    ("fait remarquer", "fait remarquer", "font remarquer",   "faisant remarquer"),
    ("analysé",        "analyse",        "analysent",        "analysant"),
    ("soufflé",        "souffle",        "soufflent",        "soufflant"),
    ("nuancé",         "nuance",         "nuancent",         "nuançant"),
    ("tempéré",        "tempère",        "tempèrent",        "tempérant"),
    ("avoué",          "avoue",          "avouent",          "avouant"),
    ("constaté",       "constate",       "constatent",       "constatant"),
    ("témoigné",       "témoigne",       "témoignent",       "témoignant"),
    ("rétorqué",       "rétorque",       "rétorquent",       "rétorquant"),
    ("répliqué",       "réplique",       "répliquent",       "répliquant"),
    ("objecté",        "objecte",        "objectent",        "objectant"),
    ("accusé",         "accuse",         "accusent",         "accusant"),
    ("défendu",        "défend",         "défendent",        None),
    ("plaisanté",      "plaisante",      "plaisantent",      "plaisantant"),
    ("confessé",       "confesse",       "confessent",       "confessant"),
    ("relativisé",     "relativise",     "relativisent",     "relativisant"),
    ("abondé",         "abonde",         "abondent",         "abondant"),
    ("soupiré",        "soupire",        "soupirent",        "soupirant"),
    ("souri",          "sourit",         "sourient",         "souriant"),
    ("alerté",         None,             "alertent",         "alertant"),
    ("pointé",         None,             "pointent",         "pointant"),
    ("balayé",         "balaie",         "balaient",         "balayant"),
    ("tonné",          None,             "tonnent",          "tonnant"),
    ("savouré",        "savoure",        "savourent",        "savourant"),
    ("concédé",        "concède",        "concèdent",        "concédant"),
    ("décrit",         "décrit",         "décrivent",        "décrivant"),
    ("évoqué",         "évoque",         "évoquent",         "évoquant"),
    ("exulté",         "exulte",         "exultent",         "exultant"),
    ("prédit",         "prédit",         "prédisent",        "prédisant"),
    ("mis en avant",   "met en avant",   "mettent en avant", "mettant en avant"),
    ("fait part",      "fait part",      "font part",        "faisant part"),
    ("redouté",        "redoute",        "redoutent",        "redoutant"),
    ("craint",         "craint",         "craignent",        "craignant"),
    # Reflexive verbs, with their auxiliary "s'est" / "se sont" as part of the phrase.
    ("félicité",       "se félicite",    "se félicitent",    "se félicitant"),
    ("réjoui",         "se réjouit",     "se réjouissent",   "se réjouissant"),
    ("inquiété",       "s'inquiète",     "s'inquiètent",     "s'inquiétant"),
    ("indigné",        "s'indigne",      "s'indignent",      "s'indignant"),
    ("insurgé",        "s'insurge",      "s'insurgent",      "s'insurgeant"),
    ("agacé",          "s'agace",        "s'agacent",        "s'agaçant"),
    ("emporté",        "s'emporte",      "s'emportent",      "s'emportant"),
    ("alarmé",         "s'alarme",       "s'alarment",       "s'alarmant"),
    ("interrogé",      "s'interroge",    "s'interrogent",    "s'interrogeant"),
    ("exclamé",        "s'exclame",      "s'exclament",      "s'exclamant"),
    ("étonné",         "s'étonne",       "s'étonnent",       "s'étonnant"),
    ("désolé",         "se désole",      "se désolent",      "se désolant"),
    ("justifié",       "se justifie",    "se justifient",    "se justifiant"),
    ("amusé",          "s'amuse",        "s'amusent",        "s'amusant"),
    ("agacée",         None,             None,               None),
    ("indignée",       None,             None,               None),
    ("réjouie",        None,             None,               None),
    ("félicitée",      None,             None,               None),
    ("inquiétée",      None,             None,               None),
    ("emportée",       None,             None,               None),
    ("étonnée",        None,             None,               None),
    ("exclamée",       None,             None,               None),
    ("défendue",       None,             None,               None),
    ("dite",           None,             None,               None),
    ("invoqué",        "invoque",        "invoquent",        "invoquant"),
    ("parlé",          "parle",          "parlent",          "parlant"),
    ("enthousiasmé",   "s'enthousiasme", "s'enthousiasment", "s'enthousiasmant"),
    ("enthousiasmée",  None,             None,               None),
)
# fmt: on
# Present forms of reflexive reporting verbs whose participle has a row above already.
REFLEXIVE_PRESENT = ("se dit", "se disent", "se défend", "se défendent")
# Present forms that are also nouns, reporting verbs only in a phrase ("menace de publier").
PHRASE_PRESENT = ("menace de", "menacent de", "juge que", "jugent que", "juge la", "juge le",
                  "juge les", "juge l'", "note que")  # fmt: skip

# Words after which a period does not end a sentence (case matters: "M." is monsieur, "m." a
# metre). Honorifics, titles and ranks, and the usual abbreviations of running text.
ABBREVIATIONS = frozenset(
    """
    M MM Mme Mmes Mlle Mlles Me Mes Mgr Dr Pr St Ste Gén Col Cdt Sgt Lt Cne
    av apr J.-C etc cf p ex env n° No art al
    """.split()
)
_ABBREVIATION_MAX = max(len(a) for a in ABBREVIATIONS)
# What may stand right before an abbreviation: a blank, or an opening bracket or quote.
_WORD_OPENERS = '("«“'
# The end of a word before a period: no blank nor opener (\Z: "$" would stop before a "\n").
_WORD_BEFORE_DOT = re.compile(r'[^\s("«“]*\Z')


def has_rare_stops(text: str, lo: int = 0, hi: int | None = None) -> bool:
    """Whether ``text[lo:hi]`` holds a "!", "?" or "…": most news texts end every sentence
    with a period, and their sentence ends are found with a pattern led by a literal period
    (which the regex engine finds far faster than a set of characters)."""
    if hi is None:
        hi = len(text)
    return text.find("!", lo, hi) >= 0 or text.find("?", lo, hi) >= 0 or text.find("…", lo, hi) >= 0


def is_abbreviation(text: str, floor: int, dot: int) -> bool:
    """Whether the period at ``dot`` closes an abbreviation ("M.", "etc.") or an initial
    ("J. Smith") rather than a sentence. The word is read back to a blank or ``floor``."""
    if text[dot] != ".":
        return False
    if dot - _ABBREVIATION_MAX - 1 >= floor and text[dot - _ABBREVIATION_MAX - 1 : dot].isalnum():
        return False  # most sentence ends: a word or number longer than any abbreviation (C)
    # A word longer than any abbreviation is not one: no need to walk back to its start. The
    # word starts after the last blank or opener before the dot (found in C), else at ``stop``.
    stop = dot - _ABBREVIATION_MAX - 1 if dot - _ABBREVIATION_MAX - 1 > floor else floor
    i = _WORD_BEFORE_DOT.search(text, stop, dot).start()  # type: ignore[union-attr]
    if i == stop and i > floor and not text[i - 1].isspace() and text[i - 1] not in _WORD_OPENERS:
        return False
    word = text[i:dot]
    return word in ABBREVIATIONS or (len(word) == 1 and word.isupper())


MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_RE = "|".join(WEEKDAYS)

# Typographic variants that should compare equal to their plain forms.
TYPOGRAPHIC = str.maketrans(
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
    text = text.translate(TYPOGRAPHIC)
    if text.isascii():  # nothing to decompose: most words, and quick for long quotations
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    # filterfalse runs in C: a generator expression costs a Python step per character.
    return "".join(filterfalse(unicodedata.combining, decomposed)).casefold()


@lru_cache(maxsize=1 << 17)
def slug(name: str) -> str:
    """A stable id for a canonical name: "Vladimir Poutine" -> "vladimir-poutine"."""
    return "-".join(_ALNUM_RUN.findall(fold(name))) or "x"


# A run of letters and digits (``str.isalnum``: ``\w`` without "_"), joined by "-" in a slug.
_ALNUM_RUN = re.compile(r"[^\W_]+")


# ---------------------------------------------------------------------------------------------
# Matching French words in regular expressions

_ATOM = {" ": r"\s+", "'": "['’]", "’": "['’]", "-": "[-‑]", "‑": "[-‑]"}


def _atom(ch: str) -> str:
    """The regex for one character of a phrase (cached in ``_ATOM``: phrases share letters)."""
    atom = _ATOM.get(ch)
    if atom is None:
        atom = _ATOM[ch] = re.escape(ch)
    return atom


def alternation(words: Iterable[str | None], capitals: bool = False, after_first: str = "") -> str:
    """A regex matching any of the phrases or their unaccented spellings, as a trie.

    Python's ``re`` tries the branches of an alternation one by one; sharing prefixes
    ("a(?:ffirm|jout|ssur)…") makes the reporting-verb patterns several times faster. Any
    run of spaces, either apostrophe and any hyphen match. The patterns are case-sensitive
    (``re.IGNORECASE`` halves their speed): ``capitals`` adds the capitalised spellings.
    ``after_first`` is put after the first letter of every phrase (a look-behind there makes
    a pattern that opens on a letter, which the regex engine skips ahead to in C: a pattern
    that opens on a look-behind is tried at every position).
    """
    forms: set[str] = set()
    for w in words:
        if w:
            forms.add(w)
            forms.add(fold(w))
    if capitals:
        forms |= {f[:1].upper() + f[1:] for f in forms}
    # The trie, as its sorted root-to-leaf paths: the children of a node are a run of paths
    # (sorted like the node's branches), a path ending at the node comes first. Emitted
    # without building nested dicts: this runs at import, over a few thousand letters.
    paths = sorted({tuple(_atom(ch) for ch in form) for form in forms})
    if after_first:
        paths = [(p[0], after_first, *p[1:]) for p in paths]
    return _emit(paths, 0) if paths else ""


def _emit(paths: list[tuple[str, ...]], depth: int) -> str:
    """The regex of the trie node at ``depth`` whose paths (sharing their first ``depth``
    atoms) are ``paths``."""
    end = len(paths[0]) == depth  # a phrase ends here
    branches = []
    i = 1 if end else 0
    while i < len(paths):
        atom = paths[i][depth]
        j = i + 1
        while j < len(paths) and paths[j][depth] == atom:
            j += 1
        if j == i + 1:
            branches.append("".join(paths[i][depth:]))  # one phrase left: its letters in a row
        else:
            branches.append(atom + _emit(paths[i:j], depth + 1))
        i = j
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return (body + "?") if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
    return body
