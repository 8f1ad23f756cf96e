"""Quotations, who said them, and when.

``extract_quotes`` finds every quoted passage of an article and attributes it:

1. **Quote marks** are paired in one scan of the text (a single compiled regex over the
   marks and the newlines): « guillemets », “curly” and straight "quotes", with or without
   inner spaces, nested quotes (only the outer one is a quotation) and unbalanced marks. A
   quotation never crosses a newline, so a missing closing mark costs one paragraph at most.
2. **Sentences** are cut around the quotations (never inside one): quotes of one sentence
   share its attribution ("the speaker clause after the last quote covers the sentence").
3. **Attribution**, first that applies, per sentence:
   - an incise after a quote: ``"…", a affirmé mardi Xi Jinping`` / ``a-t-il ajouté`` /
     ``ajoute-t-elle`` / ``estime le ministre``; its subject is the first name or role after
     the verb that is not governed by a preposition ("à Vladimir Poutine" is the addressee);
   - a reporting verb before the quote with its subject: ``Xi Jinping a souligné que "…"``,
     ``X a déclaré : "…"``, ``X a dénoncé "…"`` (only addressee phrases and adverbs may sit
     between the verb and ``que``);
   - a participial clause: ``Qualifiant … de "…", Vladimir Poutine a déclaré``;
   - for a longer quotation only, any reporting verb with a subject earlier in the sentence;
   - ``"…", selon X`` / ``Selon X, … "…"`` / ``Pour X, "…"`` / ``X : "…"``.
   Pronouns (``a-t-il ajouté``, ``Il a déclaré que``) take the last person quoted or the last
   person seen as the subject of a reporting verb since. Roles ("le président chinois") are
   resolved through the appositions of the article ("le président chinois Xi Jinping",
   "le ministre russe des Affaires étrangères, Sergueï Lavrov", "Iouri Ouchakov, le
   conseiller …,") and "son homologue chinois Wang Yi" (which also ties Wang Yi to the
   Chinese counterpart of every role of the owner: "ministre chinois des Affaires étrangères").
4. A quote of at most ``TERM_MAX_WORDS`` words with no attribution is a **term** (scare quotes:
   une "alliance"); a quote repeated without attribution (a subheading that repeats the
   body) takes the attribution of its attributed twin.

Everything is a pure function of one article; nothing here imports textual.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tui.ingest.french import MONTH_RE, WEEKDAY_RE, fold
from tui.model import LOC, ORG, PER, Entity, Mention, PartialDate, Quote, TimeRef

# A quote of at most this many words with no attribution is a term (scare quotes).
TERM_MAX_WORDS = 3
# Attribution from "any reporting verb earlier in the sentence" (no "que" needed) only for
# quotations at least this long: a word or two in quotes is too often the narrator's own.
LENIENT_MIN_WORDS = 4
# An excerpt repeated without attribution is looked for among this many attributed
# quotations on each side (a subheading repeats a nearby paragraph).
TWIN_WINDOW = 20
# Entity types that can speak ("Pékin a déclaré" is the Chinese government).
SPEAKER_TYPES = (PER, ORG, LOC)

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

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
)
# fmt: on

# Auxiliaries before a participle, plain and inverted ("a-t-il ajouté").
AUXILIARIES = ("a", "avait", "aurait", "aura", "ont", "avaient", "auraient")
INVERTED_AUXILIARIES = (
    "a-t-il", "a-t-elle", "a-t-on", "avait-il", "avait-elle", "aurait-il", "aurait-elle",
    "ont-ils", "ont-elles", "avaient-ils", "avaient-elles",
)  # fmt: skip
# Adverbs allowed between the auxiliary and the participle ("a encore souligné").
ADVERBS = (
    "encore", "également", "ensuite", "alors", "aussi", "déjà", "d'ailleurs", "notamment",
    "pourtant", "toutefois", "cependant", "néanmoins", "enfin", "même", "plus tard",
    "récemment", "publiquement", "clairement", "fermement", "vivement", "longuement",
    "à nouveau", "de nouveau", "simplement", "seulement", "bien", "ainsi", "aussitôt",
    "immédiatement", "plus tôt", "par ailleurs", "en outre",
)  # fmt: skip
# Words that introduce a source: "selon X", "d'après X", "pour X" (the last only before a comma).
SOURCE_WORDS = ("selon", "d'après", "pour")

# Heads of a phrase naming a person by role ("le président chinois", "un porte-parole du …").
PERSON_HEADS = (
    "président", "présidente", "vice-président", "vice-présidente", "ministre",
    "vice-Premier ministre", "dirigeant", "dirigeante", "porte-parole", "conseiller",
    "conseillère", "chef", "cheffe", "secrétaire", "homologue", "ambassadeur", "ambassadrice",
    "chancelier", "chancelière", "directeur", "directrice", "patron", "patronne", "numéro un",
    "numéro deux", "roi", "reine", "prince", "princesse", "émir", "général", "commandant",
    "négociateur", "négociatrice", "envoyé", "envoyée", "émissaire", "représentant",
    "représentante", "maire", "gouverneur", "sénateur", "sénatrice", "député", "députée",
    "candidat", "candidate", "leader", "responsable", "PDG", "fondateur", "fondatrice",
    "procureur", "procureure", "avocat", "avocate", "diplomate", "hôte", "chef de l'Etat",
    "chef de l'État", "chef d'Etat", "chef d'État", "chef de la diplomatie", "premier ministre",
    "Premier ministre", "guide suprême", "commissaire", "vice-ministre", "analyste", "expert",
    "experte", "chercheur", "chercheuse", "professeur", "professeure", "militant", "militante",
)  # fmt: skip
# Heads of a phrase naming an organisation or a document ("l'agence officielle Chine
# nouvelle", "un compte-rendu de la télévision chinoise CCTV"): the name inside speaks.
ORG_HEADS = (
    "agence", "télévision", "chaîne", "radio", "journal", "quotidien", "hebdomadaire", "média",
    "médias", "ministère", "gouvernement", "présidence", "diplomatie", "armée", "parti",
    "organisation", "institut", "banque", "entreprise", "groupe", "société", "compagnie",
    "porte-voix", "bureau", "cabinet", "service", "services",
    "état-major", "Kremlin", "Maison Blanche", "Elysée", "Élysée",
)  # fmt: skip
# Heads of a phrase naming a document or a vague source ("selon la même source"): the name
# inside speaks, and without one nobody does.
DOCUMENT_HEADS = (
    "communiqué", "compte-rendu", "compte rendu", "déclaration", "source", "sources", "texte",
    "rapport", "document", "site", "message", "lettre", "entretien", "interview",
)  # fmt: skip
# Head-of-state words that name the same role ("dirigeant chinois" = "président chinois").
HEAD_OF_STATE = ("president", "dirigeant", "chef de l'etat", "numero un", "leader", "chef d'etat")
# Adjectives that do not change who a role is ("le nouveau ministre de la Défense").
ROLE_NOISE = ("nouveau", "nouvelle", "nouvel", "actuel", "actuelle", "puissant", "puissante",
              "influent", "influente", "tout-puissant", "toute-puissante", "même")  # fmt: skip
ROLE_PREFIXES = ROLE_NOISE + ("ancien", "ancienne", "ex", "futur", "future", "premier", "première",
                              "haut", "haute", "vice", "éphémère", "jeune", "vieux", "vieil")  # fmt: skip
# Nationality adjectives, to turn "son homologue chinois" into "ministre chinois des …".
NATIONALITIES = frozenset(
    fold(w)
    for w in """
    chinois chinoise russe américain américaine français française ukrainien ukrainienne
    britannique allemand allemande japonais japonaise indien indienne iranien iranienne turc
    turque italien italienne espagnol espagnole israélien israélienne palestinien palestinienne
    saoudien saoudienne nord-coréen nord-coréenne sud-coréen sud-coréenne coréen coréenne
    brésilien brésilienne canadien canadienne européen européenne syrien syrienne libanais
    libanaise égyptien égyptienne pakistanais pakistanaise polonais polonaise biélorusse
    kazakh kazakhe mexicain mexicaine sud-africain sud-africaine australien australienne
    taïwanais taïwanaise vénézuélien vénézuélienne hongrois hongroise belge suisse néerlandais
    néerlandaise qatari qatarie émirati émiratie irakien irakienne afghan afghane algérien
    algérienne marocain marocaine tunisien tunisienne ouzbek ouzbèke arménien arménienne
    azerbaïdjanais azerbaïdjanaise géorgien géorgienne serbe grec grecque roumain roumaine
    suédois suédoise norvégien norvégienne finlandais finlandaise danois danoise portugais
    portugaise argentin argentine chilien chilienne colombien colombienne cubain cubaine
    vietnamien vietnamienne thaïlandais thaïlandaise indonésien indonésienne philippin
    philippine malaisien malaisienne birman birmane nigérian nigériane kényan kényane
    éthiopien éthiopienne sénégalais sénégalaise malien malienne libyen libyenne soudanais
    soudanaise yéménite jordanien jordanienne irlandais irlandaise autrichien autrichienne
    tchèque slovaque croate slovène bulgare lituanien lituanienne letton lettone estonien
    estonienne moldave kirghiz tadjik turkmène mongol mongole nord-américain
    """.split()
)
# Words that end a role phrase: verbs, conjunctions, prepositions other than "de".
_STOP = frozenset(
    fold(w)
    for w in """
    et ou a à au aux est sont ont était avait sera serait que qu qui avec par pour sur lors
    selon dont mais car donc se s il elle ils elles ne n y après avant pendant contre entre
    chez vers sans dans devant auprès depuis ce cette ces cet son sa ses leur leurs un une
    hier aujourd demain comme où lui eux quand si alors encore également aussi
    lundi mardi mercredi jeudi vendredi samedi dimanche
    """.split()
)
_ARTICLES = frozenset(("le", "la", "les", "l"))
_OF = frozenset(("de", "d", "a", "à", "en", "pour", "sur", "contre"))
_DETERMINERS = frozenset(
    "le la les l son sa ses leur leurs un une ce cet cette au aux du des".split()
)


# ---------------------------------------------------------------------------------------------
# Compiled patterns
# ---------------------------------------------------------------------------------------------


_ATOM = {" ": r"\s+", "'": "['’]", "’": "['’]", "-": "[-‑]", "‑": "[-‑]"}


def _alt(words, capitals: bool = False) -> str:
    """A regex matching any of the phrases or their unaccented spellings, as a trie.

    Python's ``re`` tries the branches of an alternation one by one; sharing prefixes
    ("a(?:ffirm|jout|ssur)…") makes the reporting-verb patterns several times faster. Any
    run of spaces, either apostrophe and any hyphen match. The patterns are case-sensitive
    (``re.IGNORECASE`` halves their speed): ``capitals`` adds the capitalised spellings.
    """
    trie: dict = {}
    for w in words:
        forms = {w, fold(w)} if w else set()
        if capitals:
            forms |= {f[:1].upper() + f[1:] for f in forms}
        for form in forms:
            node = trie
            for ch in form:
                node = node.setdefault(_ATOM.get(ch, re.escape(ch)), {})
            node[""] = {}
    return _emit(trie)


def _emit(node: dict) -> str:
    branches = [atom + _emit(child) for atom, child in sorted(node.items()) if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return (body + "?") if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
    return body


_PP_RE = _alt(r[0] for r in REPORTING_VERBS)
_PRES_RE = _alt([r[1] for r in REPORTING_VERBS] + [r[2] for r in REPORTING_VERBS])
_GERUND_RE = _alt(r[3] for r in REPORTING_VERBS)
_AUX_RE = _alt(AUXILIARIES)
_AUX_INV_RE = _alt(INVERTED_AUXILIARIES)
_ADV_RE = _alt(ADVERBS)
_PRON_INV = r"(?:-t-(?:il|elle|on)|-(?:il|elle|ils|elles|on))"
_NB = r"(?![\w‑-])"  # not followed by more word

_COMPOUND = rf"(?P<aux>{_AUX_INV_RE}|{_AUX_RE})(?:\s+(?:{_ADV_RE})){{0,2}}\s+(?P<pp>{_PP_RE}){_NB}"
# The incise after a quotation: ", a affirmé", "a-t-il ajouté", ", ajoute-t-elle", ", estime".
_INCISE = re.compile(
    rf"(?:^|[,—–(])\s*(?P<verb>{_COMPOUND}|(?P<pres>(?:{_PRES_RE}){_PRON_INV}?){_NB})"
)
# A reporting verb in the normal order: "Xi Jinping a souligné", "Il estime".
_HEAD_VERB = re.compile(
    rf"(?<![\w'’‑-])(?:(?P<aux>{_AUX_RE})(?:\s+(?:{_ADV_RE})){{0,2}}\s+(?P<pp>{_PP_RE})"
    rf"|(?P<pres>{_PRES_RE})){_NB}"
)
# A sentence that opens on a reporting participle: "Qualifiant … de "…", X a déclaré".
_GERUND_START = re.compile(rf"\s*(?:en\s+)?(?P<verb>{_GERUND_RE}){_NB}", re.IGNORECASE)
# What may stand between a reporting verb and "que"/the quote: time words, adverbs, "pour sa
# part", then possibly a phrase opened by a preposition (the addressee, the place, the medium).
_DAYWORD = (
    rf"(?:(?:ce|cette)\s+)?(?:{WEEKDAY_RE}|hier|avant-hier|aujourd['’]hui|matin|soir)"
    rf"(?:\s+(?:1er|\d{{1,2}}))?(?:\s+(?:{MONTH_RE}))?(?:\s+\d{{4}})?"
    r"(?:\s+(?:matin|soir|après-midi|midi|dernier|dernière|prochain))?"
    rf"|(?:le\s+)?(?:1er|\d{{1,2}})\s+(?:{MONTH_RE})(?:\s+\d{{4}})?"
)
_FILLER = (
    rf"(?:{_DAYWORD}|{_ADV_RE}|pour\s+sa\s+part|de\s+son\s+côté|quant\s+à\s+(?:lui|elle)"
    r"|lui-même|elle-même|à\s+son\s+tour|à\s+(?:la|sa)\s+suite|une\s+nouvelle\s+fois)"
)
_BETWEEN_OK = re.compile(
    rf"(?:\s*,?\s*(?:{_FILLER}){_NB})*\s*,?\s*"
    r"(?:(?:à|au|aux|lors|dans|devant|sur|auprès|en|par|pendant|depuis|via|chez|avec|face)"
    r"(?![\w'’-])[^.!?;]*)?",
    re.IGNORECASE,
)
_QUE = re.compile(r"(?<![\w'’-])(?:que|qu['’])|:", re.IGNORECASE)
# "Selon X, …" / "D'après X, …" / "Pour X, …" at the start of a sentence.
_SOURCE_HEAD = re.compile(r"\s*(?P<w>selon|d['’]après|pour)\s+", re.IGNORECASE)
# "…", selon X' after a quotation.
_SOURCE_TAIL = re.compile(r"(?:^|,)\s*(?P<w>selon|d['’]après)\s+", re.IGNORECASE)
_PRONOUN_BEFORE = re.compile(
    r"(?<![\w'’-])(?:il|elle|ils|elles|ce\s+dernier|cette\s+dernière|celui-ci|celle-ci)"
    r"(?:\s+(?:ne|n['’]))?\s*$",
    re.IGNORECASE,
)
# What follows a name that is the subject of a clause: an auxiliary, a modal, a pronoun.
_SUBJECT_NEXT = re.compile(
    r"\s+(?:a|avait|aura|aurait|est|était|sera|serait|s['’]|se|ne|n['’]|doit|devait|va|allait"
    r"|vient|venait|peut|pouvait|veut|voulait|fait|faisait|reste|restait|ont|sont|avaient"
    rf"|{_PRES_RE})(?![\w-])",
    re.IGNORECASE,
)
_PRONOUN_END = re.compile(r"-(?:t-)?(il|elle|ils|elles|on)$", re.IGNORECASE)
_PRONOUN_AFTER = re.compile(r"\s*(?:lui|elle|eux|elles)(?![\w'’-])", re.IGNORECASE)
_APPOSITION = re.compile(r"\s*,[^,;:.!?\"«»“”\n]{1,120},\s*$|\s*$")
_QUI = re.compile(r"\s*,?\s*qui\s*$", re.IGNORECASE)
# A role phrase: determiner, optional adjectives, a role head.
_DET = (
    rf"(?:{_alt(['l'], capitals=True)}['’]|"
    rf"{_alt('le la les son sa ses leur leurs au aux du un une ce cet cette'.split(), True)}\s+)"
)
_ROLE_START = re.compile(
    rf"(?<![\w'’‑-])(?P<det>{_DET})(?P<pre>(?:(?:{_alt(ROLE_PREFIXES)})[-‑]?\s*)*)"
    rf"(?P<head>{_alt(PERSON_HEADS + ORG_HEADS + DOCUMENT_HEADS, capitals=True)}){_NB}"
)
_PERSON_HEAD_KEYS = frozenset(fold(h) for h in PERSON_HEADS)
_DOCUMENT_HEAD_KEYS = frozenset(fold(h) for h in DOCUMENT_HEADS)
_ROLE_WORD = re.compile(r"\s*([^\W\d_][\w‑-]*(?:['’](?=\w))?|\d+|['’]|,|[^\w\s])", re.UNICODE)
_SENT_END = re.compile(r"[.!?…]+(?=[\s\"«»“”]|$)")
_ABBREV = frozenset("m mm mme mmes mlle dr pr me mgr st ste av cf p art no n°".split())
_MARKS = re.compile('["«»“”„\n]')
_SPACE = " \t\u00a0\u202f\u2009\u2007\u200b"
# Small patterns of the attribution rules, compiled once.
_COMMA_ROLE = re.compile(r"\s*,\s*(?=(?:le|la|l['’])\s*\w)", re.IGNORECASE)  # "X, le ministre"
_AND = re.compile(r"\s+et\s+")
_DE_BEFORE = re.compile(r"(?:^|\s)(?:de|du|des|d['’])\s*$")
_COLON_END = re.compile(r"\s*:\s*$")
_SOURCE_AFTER = re.compile(r",\s*(?:selon|d['’]après)\s", re.IGNORECASE)
_OPEN_PREV = set(_SPACE + "([{'’«—–-/\n")
_CLOSE_NEXT = set(_SPACE + ",.;:!?)]}»…'’-–—\n")
_BAD_OPEN_NEXT = set(",.;:!?)]}»…")


# ---------------------------------------------------------------------------------------------
# Quote marks
# ---------------------------------------------------------------------------------------------

_OPEN, _CLOSE, _EITHER = 1, 2, 3


def _direction(text: str, i: int) -> int:
    """Whether a straight quote at ``i`` opens or closes, judged by its neighbours."""
    prev = text[i - 1] if i else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    opener = prev in _OPEN_PREV and nxt not in _CLOSE_NEXT
    closer = prev not in _OPEN_PREV and nxt in _CLOSE_NEXT
    if nxt in _BAD_OPEN_NEXT:
        opener = False
        closer = closer or prev not in "([{"
    if opener and not closer:
        return _OPEN
    if closer and not opener:
        return _CLOSE
    return _EITHER


def pair_quote_marks(text: str) -> list[tuple[int, int]]:
    """Positions (open mark, close mark) of the outermost quotations, in text order.

    One pass over the marks with a small stack per paragraph. « and “ always open, » and ”
    close their own kind; a straight quote opens or closes by its neighbours, and toggles
    when they do not tell (inner spaces: ``" renforcer "``). A straight quote that clearly
    opens while another is open drops the earlier one (unbalanced). Whatever is still open
    at a newline is dropped; quotations closed inside a dropped one are kept.
    """
    out: list[tuple[int, int]] = []
    # Entries: [kind, position, quotations closed inside it]
    stack: list[list] = []

    def drop(j: int) -> None:
        # Drop stack[j:], promoting the quotations found inside the dropped openers.
        inner: list[tuple[int, int]] = []
        for entry in stack[j:]:
            inner.extend(entry[2])
        del stack[j:]
        if j == 0:
            out.extend(inner)
        else:
            stack[j - 1][2].extend(inner)

    def close(kinds: str, i: int) -> bool:
        for j in range(len(stack) - 1, -1, -1):
            if stack[j][0] in kinds:
                pos = stack[j][1]
                drop(j + 1)
                del stack[j]
                if j == 0:
                    out.append((pos, i))
                else:
                    stack[j - 1][2].append((pos, i))
                return True
        return False

    for m in _MARKS.finditer(text):
        i = m.start()
        c = text[i]
        if c == "\n":
            if stack:
                drop(0)
            continue
        if c == "«":
            stack.append(["«", i, []])
        elif c == "»":
            close("«", i)
        elif c == "„":
            stack.append(["“", i, []])
        elif c == "“":
            if stack and stack[-1][0] == "“" and _direction(text, i) == _CLOSE:
                close("“", i)
            else:
                stack.append(["“", i, []])
        elif c == "”":
            if not close("“”", i) and _direction(text, i) == _OPEN:
                stack.append(["”", i, []])
        else:  # straight quote
            d = _direction(text, i)
            top = stack[-1][0] if stack else None
            if d == _OPEN:
                if top == '"':
                    drop(len(stack) - 1)
                stack.append(['"', i, []])
            elif d == _CLOSE:
                close('"', i)
            elif top == '"':
                close('"', i)
            else:
                stack.append(['"', i, []])
    if stack:
        drop(0)
    out.sort()
    return out


# ---------------------------------------------------------------------------------------------
# Attribution
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Who:
    """Who said it, as found in one attribution clause."""

    speaker: str | None
    role: str | None
    verb: str | None
    lo: int  # the clause, to look for the day of the speech
    hi: int
    pronoun: bool = False
    strict: bool = True  # good enough to make a quotation of a word or two
    date: PartialDate | None = None


@dataclass(slots=True)
class _Q:
    open: int
    close: int
    start: int
    end: int
    who: _Who | None = None
    term: bool = False


def role_key(role: str) -> str:
    """The key roles compare on: folded, without determiner nor noise adjectives.

    "Le nouveau ministre russe des Affaires étrangères," -> "ministre russe des affaires etrangeres"
    """
    words = fold(role).replace("’", "'").replace(",", " ").split()
    if words and (words[0] in _DETERMINERS or words[0] in ("d'un", "d'une")):
        words = words[1:]
    elif words and words[0].startswith(("l'", "d'")):
        words[0] = words[0][2:]
    noise = _NOISE_KEYS
    return " ".join(w for w in words if w not in noise).strip(" .;:")


_NOISE_KEYS = frozenset(fold(w) for w in ROLE_NOISE)


class _Article:
    """The per-article state of one extraction."""

    def __init__(
        self,
        text: str,
        mentions: Sequence[Mention],
        entities: Mapping[str, Entity],
        timerefs: Sequence[TimeRef],
        roles: Mapping[str, str] | None,
    ) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.mentions]
        self.entities = entities
        self.timerefs = sorted((t for t in timerefs if t.value is not None), key=lambda t: t.start)
        self.tr_starts = [t.start for t in self.timerefs]
        self.extra_roles = roles or {}
        self._roles: dict[str, list[tuple[int, str]]] | None = None

    # -- entities ---------------------------------------------------------------------------

    def etype(self, entity_id: str) -> str | None:
        ent = self.entities.get(entity_id)
        return ent.type if ent is not None else None

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        i = bisect_left(self.starts, lo)
        out = []
        while i < len(self.mentions) and self.starts[i] < hi:
            m = self.mentions[i]
            if m.end <= hi:
                out.append(m)
            i += 1
        return out

    def mention_at(self, pos: int, types=SPEAKER_TYPES) -> Mention | None:
        i = bisect_left(self.starts, pos)
        while i < len(self.mentions) and self.starts[i] == pos:
            m = self.mentions[i]
            if self.etype(m.entity_id) in types:
                return m
            i += 1
        return None

    def mention_ending_before(self, lo: int, hi: int) -> Mention | None:
        """The last speaker-type mention inside [lo, hi)."""
        i = bisect_left(self.starts, hi) - 1
        while i >= 0 and self.starts[i] >= lo:
            m = self.mentions[i]
            if m.end <= hi and self.etype(m.entity_id) in SPEAKER_TYPES:
                return m
            i -= 1
        return None

    # -- roles ------------------------------------------------------------------------------

    def role_ending_at(self, lo: int, hi: int) -> tuple[int, str, str] | None:
        """A role phrase ending at ``hi`` (a comma and spaces allowed): (start, text, head).

        The earliest determiner + head whose remaining words are all role words ("le conseiller
        diplomatique du président russe," rather than "du président russe,").
        """
        text = self.text
        lo = max(lo, hi - 160)
        end = hi
        while end > lo and (text[end - 1] in _SPACE or text[end - 1] == ","):
            end -= 1
        if end <= lo:
            return None
        for m in _ROLE_START.finditer(text, lo, end):
            if self._rest_ok(m.end(), end) and not self._per_inside(m.start(), end):
                return m.start(), text[m.start() : end], m["head"]
        return None

    def _rest_ok(self, pos: int, end: int) -> bool:
        n = 0
        prev = ""
        for w in _ROLE_WORD.finditer(self.text, pos, end):
            word = w.group(1)
            if not (word[0].isalnum() or word in ("'", "’")):
                return False
            f = fold(word).rstrip("'’")
            if f in _STOP or (f in _ARTICLES and prev not in _OF):
                return False
            prev = f
            n += 1
            if n > 9:
                return False
        return True

    def _per_inside(self, lo: int, hi: int) -> bool:
        return any(self.etype(m.entity_id) == PER for m in self.mentions_in(lo, hi))

    def role_phrase_at(self, pos: int, hi: int) -> tuple[int, str] | None:
        """The extent of the role phrase that starts at ``pos``: its end and head."""
        m = _ROLE_START.match(self.text, pos, hi)
        if m is None:
            return None
        end = m.end()
        prev = ""
        for w in _ROLE_WORD.finditer(self.text, m.end(), hi):
            word = w.group(1)
            if not (word[0].isalnum() or word in ("'", "’")):
                break
            f = fold(word).rstrip("'’")
            if f in _STOP or (f in _ARTICLES and prev not in _OF):
                break  # "dans un communiqué le ministère …": a new phrase starts
            if self.mention_at(w.start(1), (PER,)) is not None:
                break  # an apposition: the name is not part of the role
            end = w.end(1)
            prev = f
        return end, m["head"]

    @property
    def roles(self) -> dict[str, list[tuple[int, str]]]:
        if self._roles is None:
            self._roles = self._build_roles()
        return self._roles

    def _build_roles(self) -> dict[str, list[tuple[int, str]]]:
        text = self.text
        roles: dict[str, list[tuple[int, str]]] = {}
        homologues: list[tuple[str, str, str]] = []  # (entity, owner entity, adjective)
        last_per: tuple[int, str] | None = None  # (end, entity) of the previous PER mention
        for m in self.mentions:
            if self.etype(m.entity_id) != PER:
                continue
            lo = _clause_start(text, m.start)
            found = self.role_ending_at(lo, m.start)
            if found is not None:
                start, role, head = found
                key = role_key(role)
                roles.setdefault(key, []).append((m.start, m.entity_id))
                det = fold(text[start : start + 4]).split(" ")[0]
                if fold(head) == "homologue" and det in ("son", "sa") and last_per is not None:
                    if last_per[0] >= _sentence_start(text, start) and last_per[1] != m.entity_id:
                        adj = next((w for w in key.split() if w in NATIONALITIES), None)
                        if adj:
                            homologues.append((m.entity_id, last_per[1], adj))
            after = _COMMA_ROLE.match(text[m.end : m.end + 8])
            if after is not None:
                pos = m.end + after.end()
                hi = min(len(text), pos + 160)
                extent = self.role_phrase_at(pos, hi)
                stop = _skip_space(text, extent[0]) if extent is not None else -1
                if extent is not None and text[stop : stop + 1] in (",", ".", ";", ""):
                    if fold(extent[1]) in _PERSON_HEAD_KEYS:
                        key = role_key(text[pos : extent[0]])
                        roles.setdefault(key, []).append((m.start, m.entity_id))
            last_per = (m.end, m.entity_id)
        # "X … son homologue chinois Y": Y holds the Chinese version of X's roles.
        keys_of: dict[str, set[str]] = {}
        for key, holders in roles.items():
            for _p, e in holders:
                keys_of.setdefault(e, set()).add(key)
        for _round in range(2):  # both ways: "son homologue russe" of the Chinese president
            for ent, owner, adj in dict.fromkeys(homologues):
                for key in sorted(keys_of.get(owner, ())):
                    words = key.split()
                    for i, w in enumerate(words):
                        if w in NATIONALITIES and w != adj:
                            derived = " ".join(words[:i] + [adj] + words[i + 1 :])
                            if derived not in roles:
                                roles[derived] = [(-1, ent)]
                                keys_of.setdefault(ent, set()).add(derived)
                            break
        return roles

    def resolve_role(self, role: str, pos: int) -> str | None:
        """The entity the article ties to a role phrase, nearest apposition before ``pos``."""
        det = fold(role).split(" ", 1)[0]
        if det in ("un", "une", "des", "d'un", "d'une") or fold(role).startswith(("d'un", "d'une")):
            return None  # "un porte-parole": someone, not someone known
        key = role_key(role)
        keys = [key]
        for syn in HEAD_OF_STATE:
            if key.startswith(syn + " "):
                rest = key[len(syn) :]
                keys.extend(other + rest for other in HEAD_OF_STATE if other != syn)
                break
        for k in keys:
            holders = self.roles.get(k)
            if holders:
                at = bisect_right(holders, (pos, "\uffff"))  # sorted by position
                return holders[at - 1][1] if at else holders[0][1]
        for k in keys:
            if k in self.extra_roles:
                return self.extra_roles[k]
        return None

    # -- subjects ---------------------------------------------------------------------------

    def subject_before(self, lo: int, verb_start: int, verb: str) -> _Who | None:
        """The subject of a reporting verb in the normal order ("Xi Jinping a souligné")."""
        text = self.text
        window_lo = max(lo, verb_start - 200)
        before = text[window_lo:verb_start]
        if _PRONOUN_BEFORE.search(before):
            return _Who(None, None, verb, lo, verb_start, pronoun=True)
        qui = _QUI.search(before)
        end = window_lo + qui.start() if qui else verb_start
        m = self.mention_ending_before(window_lo, end)
        role = self.role_ending_at(window_lo, end)
        if m is not None and _APPOSITION.fullmatch(text, m.end, end):
            if role is not None and role[0] < m.start and _governed_by_de(text, m.start):
                m = None  # "le ministre chinois des Affaires étrangères a …": the role speaks
        else:
            m = None
        if m is not None:
            first = self._coordinated(window_lo, m)
            if first is not None:
                return _Who(None, text[first.start : m.end], verb, lo, verb_start, strict=False)
            apposed = self.role_ending_at(_clause_start(text, m.start, lo), m.start)
            return _Who(m.entity_id, apposed[1] if apposed else m.surface, verb, lo, verb_start)
        if role is None:
            return None
        start, phrase, head = role
        if fold(head) in _PERSON_HEAD_KEYS:
            return _Who(self.resolve_role(phrase, start), phrase, verb, lo, verb_start)
        for inner in self.mentions_in(start, end):
            if self.etype(inner.entity_id) in (ORG, PER) and not _governed_by_de(text, inner.start):
                return _Who(inner.entity_id, phrase, verb, lo, verb_start)
        return _Who(None, phrase, verb, lo, verb_start)

    def _coordinated(self, lo: int, m: Mention) -> Mention | None:
        """ "A et B a…": the first of two coordinated names, or None."""
        prev = self.mention_ending_before(lo, m.start)
        if prev is not None and _AND.fullmatch(self.text, prev.end, m.start):
            return prev
        return None

    def subject_after(
        self, pos: int, hi: int, verb: str | None, lo: int, anchored: bool = False
    ) -> _Who | None:
        """The subject after an inverted verb or "selon": the first name or role phrase that
        no preposition governs ("a déclaré ce mercredi Xi Jinping à Vladimir Poutine").

        A governed role phrase takes its apposed name with it ("à son homologue chinois Wang
        Yi", "à la télévision chinoise CCTV"); with ``anchored`` the subject must come first.
        """
        text = self.text
        cands: list[tuple[int, int, object]] = []
        for m in self.mentions_in(pos, hi):
            if self.etype(m.entity_id) in SPEAKER_TYPES:
                cands.append((m.start, 1, m))
        for r in _ROLE_START.finditer(text, pos, hi):
            cands.append((r.start(), 0, r))
        cands.sort(key=lambda c: (c[0], c[1]))
        first = _skip_space(text, pos)
        skip_until = -1  # the end of a governed phrase and its apposed name
        for start, _kind, c in cands:
            if start < skip_until:
                continue
            if anchored and start != first:
                return None
            if isinstance(c, Mention):
                if _governed(text, pos, start):
                    skip_until = c.end
                    continue
                return _Who(c.entity_id, c.surface, verb, lo, hi)
            extent = self.role_phrase_at(start, hi)
            if extent is None:
                continue
            end, head = extent
            role = text[start:end]
            after = _skip_space(text, end)
            if text.startswith(",", after):
                after = _skip_space(text, after + 1)
            apposed = self.mention_at(after, (PER,))
            contracted = fold(c["det"]).strip() in ("au", "aux", "du")  # à le, à les, de le
            if contracted or _governed(text, pos, start, role=True):
                skip_until = apposed.end if apposed is not None else end
                continue
            key = fold(head)
            if key in _PERSON_HEAD_KEYS:
                if apposed is not None:
                    return _Who(apposed.entity_id, role, verb, lo, hi)
                return _Who(self.resolve_role(role, start), role, verb, lo, hi)
            # An organisation or a document: the name inside it speaks.
            for m in self.mentions_in(start, end + 1 + 80):
                if m.start > _skip_space(text, end):
                    break
                if self.etype(m.entity_id) in (ORG, PER) and not _governed_by_de(text, m.start):
                    return _Who(m.entity_id, text[start : max(end, m.end)], verb, lo, hi)
            if key in _DOCUMENT_HEAD_KEYS:
                return None  # "selon la même source": a document, nobody named
            return _Who(None, role, verb, lo, hi)  # "le ministère chinois des Affaires …"
        return None

    def day_in(self, lo: int, hi: int) -> PartialDate | None:
        """The first day-precise temporal expression inside [lo, hi)."""
        i = bisect_left(self.tr_starts, lo)
        while i < len(self.timerefs) and self.tr_starts[i] < hi:
            t = self.timerefs[i]
            if t.end <= hi and t.value is not None and t.value.day is not None:
                return t.value
            i += 1
        return None


def _skip_space(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in _SPACE:
        pos += 1
    return pos


_GOVERNED = re.compile(
    r"(?:^|[\s'’])(?:à|au|aux|de|du|des|d['’]|avec|par|pour|sur|lors|selon|dans|devant|auprès"
    r"|chez|vers|contre|entre|sans|après|avant|pendant|depuis|envers|via|parmi|en)"
    r"(?:\s+|(?<=['’]))(?:(?:le|la|les|l['’]|son|sa|ses|leur|leurs|un|une|ce|cet|cette)\s*)?$",
)


_PREP_BEFORE = re.compile(
    r"(?:^|[\s'’])(?:à|au|aux|de|du|des|d['’]|avec|par|pour|sur|lors|selon|dans|devant|auprès"
    r"|chez|vers|contre|entre|sans|après|avant|pendant|depuis|envers|via|parmi|en)"
    r"(?:\s+|(?<=['’]))$",
)


def _governed(text: str, lo: int, start: int, role: bool = False) -> bool:
    """Whether a preposition governs the phrase starting at ``start`` ("à son hôte").

    A role phrase starts with its determiner, so only the word just before it counts; a name
    may follow a determiner and a word or two ("à la télévision chinoise CCTV").
    """
    pattern = _PREP_BEFORE if role else _GOVERNED
    return pattern.search(text[max(lo, start - 60) : start]) is not None


def _governed_by_de(text: str, start: int) -> bool:
    return (
        _DE_BEFORE.search(text[max(0, start - 5) : start]) is not None
    )


_LAST_CLAUSE_MARK = re.compile(r".*[.;:!?()\"«»“”\n]", re.DOTALL)
_LAST_SENTENCE_MARK = re.compile(r".*[.!?\n]", re.DOTALL)


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Just after the last sentence or clause punctuation before ``pos`` (a comma is kept)."""
    lo = max(floor, pos - 200)
    m = _LAST_CLAUSE_MARK.match(text, lo, pos)
    return m.end() if m else lo


def _sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - 400)
    m = _LAST_SENTENCE_MARK.match(text, lo, pos)
    return m.end() if m else lo


def _words(s: str) -> int:
    return len(s.split())


# ---------------------------------------------------------------------------------------------
# Sentences around quotations
# ---------------------------------------------------------------------------------------------


def _breaks(text: str, lo: int, hi: int, out: list[int]) -> None:
    """Sentence ends inside [lo, hi) (text outside quotations): positions after the mark."""
    for m in _SENT_END.finditer(text, lo, hi):
        if m.group() == "." and _is_abbreviation(text, lo, m.start()):
            continue
        out.append(m.end())


_ABBREV_MAX = max(len(a) for a in _ABBREV)


def _is_abbreviation(text: str, lo: int, dot: int) -> bool:
    i = dot
    # A word longer than any abbreviation is not one: no need to walk back to its start.
    stop = max(lo, dot - _ABBREV_MAX - 1)
    while i > stop and text[i - 1].isalpha():
        i -= 1
    if i == stop and i > lo and text[i - 1].isalpha():
        return False
    word = text[i:dot]
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREV


def _sentences(text: str, quotes: list[_Q], p0: int, p1: int) -> list[tuple[int, int, list[_Q]]]:
    """Group the quotations of one paragraph [p0, p1) by sentence."""
    cuts: list[int] = []
    prev = p0
    for i, q in enumerate(quotes):
        _breaks(text, prev, q.open, cuts)
        prev = q.close + 1
        inner = text[q.start : q.end]
        if inner and inner[-1] in ".!?…":
            nxt = quotes[i + 1].open if i + 1 < len(quotes) else p1
            after = text[prev:nxt].lstrip(_SPACE)
            if not after or after[0].isupper() or (i + 1 < len(quotes) and not after):
                cuts.append(prev)
    _breaks(text, prev, p1, cuts)
    groups: list[tuple[int, int, list[_Q]]] = []
    bounds = [p0, *cuts, p1]
    k = 0
    for b in range(len(bounds) - 1):
        s, e = bounds[b], bounds[b + 1]
        members = []
        while k < len(quotes) and quotes[k].open < e:
            members.append(quotes[k])
            k += 1
        if members:
            groups.append((s, max(e, members[-1].close + 1), members))
    return groups


# ---------------------------------------------------------------------------------------------
# The extractor
# ---------------------------------------------------------------------------------------------


def extract_quotes(
    text: str,
    article_id: str,
    mentions: Sequence[Mention],
    entities: Mapping[str, Entity],
    published: PartialDate | None = None,
    timerefs: Sequence[TimeRef] = (),
    sentences: Sequence[tuple[int, int]] = (),
    *,
    roles: Mapping[str, str] | None = None,
) -> list[Quote]:
    """Every quotation of one article, in text order, with its speaker when the text says.

    ``mentions`` are this article's entity mentions; ``entities`` maps their ids to entities
    (the type decides who can speak). ``timerefs`` give the day of the speech when the
    attribution names it ("a affirmé mardi"); otherwise the quote is dated ``published``.
    ``roles`` optionally maps role keys (see ``role_key``) to entity ids known from elsewhere
    (other articles), used when the article itself does not tie a role to a name.
    ``sentences`` is accepted for symmetry with the other extractors; quotations are
    segmented here, around the quote marks, because sentence splitters cut inside them.
    """
    del sentences
    if not any(c in text for c in '"«“”„'):
        return []
    pairs = pair_quote_marks(text)
    if not pairs:
        return []
    art = _Article(text, mentions, entities, timerefs, roles)
    quotes: list[_Q] = []
    for o, c in pairs:
        s, e = o + 1, c
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            quotes.append(_Q(o, c, s, e))
    if not quotes:
        return []

    history: list[tuple[int, _Who]] = []  # attributed quotations, in order
    prev_end = 0
    i = 0
    n = len(text)
    while i < len(quotes):
        p0 = text.rfind("\n", 0, quotes[i].open) + 1
        p1 = text.find("\n", quotes[i].close)
        if p1 < 0:
            p1 = n
        j = i
        while j < len(quotes) and quotes[j].open < p1:
            j += 1
        for s, e, group in _sentences(text, quotes[i:j], p0, p1):
            who = _attribute(art, s, e, group)
            if who is not None and who.pronoun:
                who = _resolve_pronoun(art, who, history, prev_end, group[0].open)
            if who is not None and who.speaker is None and who.role is None and not who.verb:
                who = None
            for q in group:
                q.who = who
                words = _words(text[q.start : q.end])
                if who is not None and not who.strict and words < LENIENT_MIN_WORDS:
                    q.who = None
                q.term = q.who is None and words <= TERM_MAX_WORDS
            if who is not None:
                history.append((group[0].open, who))
            prev_end = group[-1].close + 1
        i = j

    _inherit_twins(text, quotes)
    out = []
    for q in quotes:
        who = q.who
        date = published
        if who is not None:
            date = who.date or art.day_in(who.lo, who.hi) or published
        role = who.role if who else None
        if role and role[:1].isupper() and _ROLE_START.match(role) is not None:
            role = role[0].lower() + role[1:]  # "Le ministre …" at a sentence start
        out.append(
            Quote(
                article_id=article_id,
                start=q.start,
                end=q.end,
                text=text[q.start : q.end],
                speaker=who.speaker if who else None,
                speaker_role=role,
                verb=who.verb if who else None,
                date=date,
                is_term=q.term,
            )
        )
    return out


def _verb_text(m: re.Match) -> str:
    if m["pp"] is not None:
        return f"{m['aux']} {m['pp']}".lower()
    return m["pres"].lower()


def _attribute(art: _Article, s: int, e: int, group: list[_Q]) -> _Who | None:
    """The attribution of the quotations of one sentence [s, e)."""
    text = art.text
    first, last = group[0], group[-1]
    # 1. An incise after a quotation: "…", a affirmé mardi Xi Jinping.
    for k, q in enumerate(group):
        g0 = q.close + 1
        g1 = group[k + 1].open if k + 1 < len(group) else e
        gap = text[g0:g1]
        m = _INCISE.search(gap)
        if m is None:
            continue
        vs, ve = g0 + m.start("verb"), g0 + m.end("verb")
        verb = _verb_text(m)
        hi = _clause_end(text, ve, e)
        pron = _PRONOUN_END.search(m["aux"] or m["pres"])
        if pron is not None:
            if pron.group(1).lower() == "on":
                continue  # "a-t-on appris": nobody in particular
            return _Who(None, None, verb, vs, hi, pronoun=True)
        who = art.subject_after(ve, hi, verb, vs)
        if who is not None:
            who.hi = e
            return who
        # A verb with no subject found: a role-less speaker ("a-t-on appris") says nothing.
    head = text[s : first.open]
    # 2. A reporting verb before the quotation, with its subject.
    verbs = list(_HEAD_VERB.finditer(text, s, first.open))
    strict_found = None
    lenient_found = None
    for m in reversed(verbs):
        who = art.subject_before(s, m.start(), _verb_text(m))
        if who is None:
            continue
        que = _QUE.search(text, m.end(), first.open)
        between_end = que.start() if que else first.open
        if _BETWEEN_OK.fullmatch(text, m.end(), between_end):
            who.lo, who.hi = s, first.open
            strict_found = who
            break
        if lenient_found is None:
            who.lo, who.hi = s, first.open
            who.strict = False
            lenient_found = who
    if strict_found is not None:
        return strict_found
    # 3. "Qualifiant … de "…", Vladimir Poutine a déclaré".
    g = _GERUND_START.match(head)
    if g is not None:
        tail_start = _skip_space(text, last.close + 1)
        if text.startswith(",", tail_start):
            pos = _skip_space(text, tail_start + 1)
            who = art.subject_after(pos, _clause_end(text, pos, e), g["verb"].lower(), s, True)
            if who is not None:
                who.lo, who.hi = s, e
                return who
    # 4. A longer quotation: any reporting verb with a subject earlier in the sentence.
    if lenient_found is not None:
        return lenient_found
    # 5. "…", selon X.
    for k, q in enumerate(group):
        g0 = q.close + 1
        g1 = group[k + 1].open if k + 1 < len(group) else e
        m = _SOURCE_TAIL.search(text[g0:g1])
        if m is None:
            continue
        pos = g0 + m.end()
        hi = _clause_end(text, pos, g1)
        word = m["w"].lower().replace("’", "'")
        if _PRONOUN_AFTER.match(text, pos):
            return _Who(None, None, word, g0 + m.start("w"), hi, pronoun=True)
        who = art.subject_after(pos, hi, word, g0 + m.start("w"), True)
        if who is not None:
            who.strict = m.start() == 0 or not text[g0 : g0 + m.start()].strip(_SPACE + ",")
            who.hi = hi
            return who
    # 6. "Selon X, …" at the start of the sentence.
    m = _SOURCE_HEAD.match(head)
    if m is not None:
        pos = s + m.end()
        comma = text.find(",", pos, first.open)
        if comma > pos:
            word = m["w"].lower().replace("’", "'")
            if _PRONOUN_AFTER.fullmatch(text, pos, comma):
                return _Who(None, None, word, s, first.open, pronoun=True)
            who = art.subject_after(pos, comma, word, s, True)
            types = SPEAKER_TYPES if word != "pour" else (PER, ORG)
            if who is not None and (who.speaker is None or art.etype(who.speaker) in types):
                if who.speaker is not None or word != "pour":
                    who.lo, who.hi = s, first.open
                    return who
    # 7. A headline: "Xi Jinping : "…"".
    colon = _COLON_END.search(head)
    if colon is not None:
        m = art.mention_ending_before(s, first.open - len(colon.group()))
        if m is not None and m.end == first.open - len(colon.group()):
            return _Who(m.entity_id, m.surface, None, s, first.open)
    return None


def _clause_end(text: str, pos: int, hi: int) -> int:
    """The end of the attribution clause: before ", selon …" or the sentence end."""
    m = _SOURCE_AFTER.search(text, pos, hi)
    return m.start() if m else hi


def _resolve_pronoun(
    art: _Article, who: _Who, history: list[tuple[int, _Who]], prev_end: int, pos: int
) -> _Who | None:
    """ "a-t-il ajouté": the last person quoted, or the last person seen reporting since."""
    text = art.text
    # A reporting clause with a person subject between the previous quotation and this one.
    latest: _Who | None = None
    for m in _HEAD_VERB.finditer(text, prev_end, pos):
        lo = _sentence_start(text, m.start())
        subj = art.subject_before(max(lo, prev_end), m.start(), _verb_text(m))
        if subj is not None and not subj.pronoun and _is_person(art, subj):
            latest = subj
    if latest is not None:
        date = art.day_in(who.lo, who.hi) or art.day_in(latest.lo, latest.hi)
        return _Who(
            latest.speaker, latest.role, who.verb, who.lo, who.hi, strict=who.strict, date=date
        )
    for _p, past in reversed(history[-50:]):  # bounded: linear time on any input
        if _is_person(art, past):
            date = art.day_in(who.lo, who.hi) or past.date or art.day_in(past.lo, past.hi)
            return _Who(
                past.speaker, past.role, who.verb, who.lo, who.hi, strict=who.strict, date=date
            )
    # Nobody quoted yet: the last person who is the subject of a verb ("Angela Merkel est
    # arrivée à Paris. "…", a-t-elle ajouté").
    i = bisect_left(art.starts, pos) - 1
    while i >= 0 and art.starts[i] >= prev_end:
        m = art.mentions[i]
        if m.end <= pos and art.etype(m.entity_id) == PER and _SUBJECT_NEXT.match(text, m.end):
            return _Who(m.entity_id, m.surface, who.verb, who.lo, who.hi, strict=who.strict)
        i -= 1
    return _Who(None, None, who.verb, who.lo, who.hi, strict=who.strict)


def _is_person(art: _Article, who: _Who) -> bool:
    if who.speaker is not None:
        return art.etype(who.speaker) == PER
    if who.role is None:
        return False
    m = _ROLE_START.match(who.role)
    return m is not None and fold(m["head"]) in _PERSON_HEAD_KEYS


def _inherit_twins(text: str, quotes: list[_Q]) -> None:
    """An unattributed quotation that repeats an attributed one (a subheading repeating the
    body, or an excerpt of it) takes its attribution."""
    exact: dict[str, _Who] = {}
    attributed: list[tuple[int, str, _Who]] = []  # (index, folded text, attribution)
    for k, q in enumerate(quotes):
        if q.who is not None:
            key = fold(text[q.start : q.end])
            exact.setdefault(key, q.who)
            attributed.append((k, key, q.who))
    if not attributed:
        return
    indexes = [a[0] for a in attributed]
    for k, q in enumerate(quotes):
        if q.who is not None:
            continue
        key = fold(text[q.start : q.end])
        who = exact.get(key)
        if who is None and _words(key) >= 3:
            # An excerpt: look among the nearby attributed quotations only (linear time).
            at = bisect_left(indexes, k)
            for _k, other, cand in attributed[max(0, at - TWIN_WINDOW) : at + TWIN_WINDOW]:
                if key in other:
                    who = cand
                    break
        if who is not None:
            q.who = who
            q.term = False


def article_roles(
    text: str, mentions: Sequence[Mention], entities: Mapping[str, Entity]
) -> dict[str, str]:
    """The roles this article ties to people ("president chinois" -> "xi-jinping").

    For a corpus-wide fallback: the roles of other articles can be passed to
    ``extract_quotes(roles=...)`` when an article names a role but never the person.
    """
    art = _Article(text, mentions, entities, (), None)
    return {key: holders[-1][1] for key, holders in art.roles.items()}


__all__ = [
    "REPORTING_VERBS",
    "TERM_MAX_WORDS",
    "article_roles",
    "extract_quotes",
    "pair_quote_marks",
    "role_key",
]
