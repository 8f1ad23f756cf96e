"""Named entities in French news text, found by proper-noun heuristics.

The extractor works on names it has never seen. One regular expression finds runs of
capitalised words (with an optional elided article: l'OCS, d'Etat); then small rules, each
a few lines, shape the runs:

1. drop function words and calendar words that are capitalised only because they start a
   sentence ("Le", "Selon", "Mardi"); a lone capitalised word at the start of a sentence is
   kept only as *weak* (the corpus accepts it if the name is seen elsewhere);
2. split off capitalised common nouns (ministre de la *Défense*, secrétaire d'*État*);
3. join runs across particles (Charles de Gaulle, Côte d'Ivoire) and, after an
   organisation word, across lowercase complements (Organisation de coopération de Shanghai,
   Conseil de sécurité des Nations unies); absorb the adjectives of proper names
   (Chine nouvelle, Nations unies, Seconde Guerre mondiale);
4. read acronym definitions "Name (ACR)" as aliases, and short forms (Poutine, Xi) as the full
   name seen in the same article;
5. guess the type from cues around the name (président X -> PER, agence X -> ORG, traité X ->
   MISC, à X -> LOC), from words inside it (Conseil, Banque -> ORG), from its shape, and from
   the gazetteer when it knows the name.

The result is per article (``ArticleEntities``); the corpus merges articles by entity key.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from tui import safeyaml
from tui.ingest.french import MONTHS, REPORTING_VERBS, WEEKDAYS, fold, slug
from tui.model import LOC, MISC, ORG, PER, Block

_UP = "A-ZÀ-ÖØ-ÞŒ"
_LOW = "a-zà-öø-ÿœ"
# Inside a name an apostrophe is followed by a capital (N'Djamena, O'Brien), so "L'entretien"
# is an elision, not a name.
_CAP = rf"[{_UP}]\w*(?:-\w+|['’][{_UP}]\w*)*"
_ELISION = r"(?:[lLdDjJmMnNsStTcC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’]"
# A run of capitalised words on one line, after an optional elided article.
_RUN = re.compile(rf"(?<![\w'’-])(?:{_ELISION})?(?P<run>{_CAP}(?:[ \t\u00a0]+{_CAP})*)")
_UPPER = re.compile(rf"[{_UP}]")
# Where an elided article may start before a capital: "l'", "qu'", "jusqu'", "lorsqu'".
_ELISION_BACK = (7, 6, 3, 2)


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


_ACRONYM_DEF = re.compile(r"[ \t\u00a0]*\([ \t]*([A-Z][A-Za-z0-9&]{1,11})[ \t]*\)")
_ALL_CAPS = re.compile(rf"^[{_UP}0-9&-]+$")

# Capitalised only because they start a sentence, or never names on their own.
_FUNCTION_WORDS = (
    frozenset(
        fold(w)
        for w in """
    le la les l un une des du de d au aux ce cet cette ces son sa ses leur leurs mon ma mes ton ta
    notre nos votre vos dans en a à avec pour par sur sous selon depuis pendant apres après avant
    entre vers chez contre malgre malgré parmi lors outre des dès hors et ou mais or donc car ni
    si que qu quand comme lorsque puisque alors ainsi aussi pourtant cependant toutefois neanmoins
    néanmoins enfin puis ensuite il elle ils elles on nous vous je tu cela ca ça celui celle ceux
    celles qui quoi dont ou où tout tous toute toutes chaque plusieurs certains certaines quelques
    aucun aucune autre autres moins plus tres très trop peu beaucoup encore deja déjà toujours
    jamais ici la là oui non aujourd'hui hier demain debut début fin mi voici voila voilà tandis
    quant face grace grâce afin loin pres près cote côté sans bien tant meme même seul seule seuls
    deux trois quatre cinq six sept huit neuf dix cent mille premier premiere première dernier
    derniere dernière nouveau nouvelle nouveaux ancien ancienne M Mme Mmes MM Mlle monsieur madame
    dr pr aujourd photo video vidéo lire voir aussi ensemble parce quoique rien ceci chacun
    chacune certes personne quelqu'un nul nulle
    Noël Pâques Toussaint Pentecôte Ascension Assomption Épiphanie Chandeleur Mardi-Gras
    """.split()
    )
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
)

# Capitalised common nouns: part of roles and phrases, not names ("ministre de la Défense",
# "secrétaire d'État", "Affaires étrangères", "États membres").
_COMMON_CAPITALISED = frozenset(
    fold(w)
    for w in """
    Etat Etats État États Affaires Défense Intérieur Justice Economie Économie Finances Santé
    Education Éducation Culture Travail Environnement Agriculture Armées Industrie Commerce
    Transports Logement Sports Budget Outre-mer Président Présidente Premier Première Ministre
    Gouvernement République Constitution Histoire Pêches Pêche Mer Numérique Transition Écologie
    Ecologie Énergie Energie Solidarités Territoires Retraites Famille Familles Jeunesse Ville
    Collectivités Cohésion Handicap Consommation Fonction Relations Comptes Recherche
    PDG IA ONG CFA DRH PME TPE SMS PIB TVA HLM RSA CDI CDD VTC EPR QR PLU
    """.split()
)
# Not names on their own, but parts of names (Corée du Nord, Nord Stream).
_LONE_COMMON = frozenset("nord sud est ouest centre".split())

# Words that make an organisation, an event or a treaty of the name they head.
_ORG_HEADS = frozenset(
    fold(w)
    for w in """
    Organisation Organisations Conseil Ministère Assemblée Parti Banque Fonds Union Agence Cour
    Commission Comité Fédération Association Institut Université Tribunal Sénat Parlement Forum
    Front Mouvement Alliance Office Haut-Commissariat Programme Société Groupe Compagnie Ligue
    Eglise Église Armée Garde Marine Police Gendarmerie Direction Service Services Fondation
    Académie Centre Collège Lycée Observatoire Bureau Secrétariat Cabinet Chambre Confédération
    Coalition Congrès Conférence Syndicat Communauté Haute Autorité Association Club Institution
    Maison Musée Théâtre Opéra Orchestre Hôpital Etablissement Établissement Entreprise Régie
    Rassemblement Stade Olympique Racing Sporting Sécurité Caisse Ordre Conseil Parquet
    Fédération Mutualité Assurance CHU CHRU Coordination Radio Région Force Forces Commissariat
    """.split()
)
# Last words that make an organisation of a name (Deutsche Bank, Reliance Industries).
_ORG_TAILS = frozenset(
    fold(w)
    for w in """
    Bank Group Industries Corporation Corp Inc SA AG GmbH Ltd Holding Holdings Airlines Airways
    Motors Energy Capital Partners Media Press News Times Post Journal Telecom Technologies
    Systems Pharma Foundation Institute University Party Council Agency Company Co Club FC
    Records Studios Entertainment Group Network Bancorp Assurances Banque Films Productions
    Pictures Cinéma Distribution Éditions Editions Music Rail Cheminots Mobilités Voyageurs
    Métropole Radio Inter Info Télévisions
    """.split()
)
# Last words that make a place of a name (Groupama Stadium, Roazhon Park).
_LOC_TAILS = frozenset(
    fold(w)
    for w in """
    Stadium Park Arena Parc Airport Aéroport Square Tower Bridge Dome Hall
    """.split()
)
# Honorifics: a person follows, and they are not part of the name ("Me Julie Martin").
_HONORIFICS = frozenset(fold(w) for w in "M Mme Mmes MM Mlle Me Mes Mgr Dr Pr Maître".split())
_MISC_HEADS = frozenset(
    fold(w)
    for w in """
    Traité Accord Accords Pacte Convention Guerre Révolution Jeux Coupe Sommet Festival Prix
    Tournoi Championnats Journées Journée Palme Trophée Grand-Prix Salon Biennale Ligue Tour
    Opération Plan Déclaration Charte Protocole Loi Mondial Mondiaux Championnat Exposition
    """.split()
)
_PARTICLES = frozenset(
    "de du des d' d’ von van der den da di dos del della bin ben ibn al el y".split()
)
# Adjectives that belong to proper names after a capitalised word (Chine nouvelle, Nations unies).
_NAME_ADJECTIVES = frozenset(
    fold(w)
    for w in """
    nouvelle nouveau unies unis mondiale mondial global globale populaire démocratique islamique
    centrale central fédérale fédéral socialiste soviétique européenne européen arabe arabes
    occidentale oriental orientale septentrional méridional méridionale saoudite centrafricaine
    tchèque noire rouge blanche blanc
    """.split()
)
# Lowercase adjective endings accepted after an organisation word (Banque mondiale, Fonds
# monétaire international, Cour pénale internationale).
_ADJ_AFTER_HEAD = re.compile(
    rf"[{_LOW}]+(?:al|ale|ales|aux|el|elle|elles|ien|ienne|iens|iennes|ique|iques|ais|aise|ain|aine"
    rf"|éen|éenne|éens|éennes|anne|annes|if|ive|aire|aires|ial|iale|ée|ées|ies|is|ois|oise|onal|onale|ic|ique|ublic"
    rf"|ublique|ême|ieur|ieure|ent|ente|ant|ante|iste|istes|ives|ifs|els|ales|ières|ière|ier|iers)"
)
_CONNECTOR = r"(?:de la|de l['’]|des|du|de|d['’]|pour la|pour le|pour les|pour l['’]|en|sur la|sur le|sur les|sur l['’]|contre la|contre le|et de la|et du|et des|et aux|et de|et d['’]|à la|à l['’]|aux|au)"
_LC_WORD = rf"[{_LOW}][{_LOW}'’-]*"
# Between an organisation word and the next capitalised run: "de coopération de", " des ".
# The gap patterns are matched in place (``match(text, pos, endpos)``), hence no "^".
_ORG_GAP = re.compile(
    rf"[ \t\u00a0]+(?:{_LC_WORD}[ \t\u00a0]+){{0,2}}(?:{_CONNECTOR}[ \t\u00a0]*(?:{_LC_WORD}[ \t\u00a0]+){{1,4}})?{_CONNECTOR}[ \t\u00a0]*$"
)
# After an organisation word with no capitalised run following: "de sécurité", "du peuple".
_ORG_TAIL = re.compile(
    rf"(?P<adj>(?:[ \t\u00a0]+{_LC_WORD})*?)(?P<comp>[ \t\u00a0]+{_CONNECTOR}[ \t\u00a0]*(?P<noun>{_LC_WORD}))?"
)
_PARTICLE_GAP = re.compile(
    r"[ \t\u00a0]+(?:de|du|des|von|van|der|den|von der|van der|da|di|dos|del|della|bin|ben|ibn|al|el|y)[ \t\u00a0]+$|[ \t\u00a0]+d['’]$"
)
_BLANK_CHARS = (" ", "\t", "\u00a0")
# After a name, the next lowercase word; after an organisation word, a complement.
_TAIL_WORD = re.compile(rf"[ \t\u00a0]+({_LC_WORD})")
# (A connector ends with an apostrophe or a blank: "devront" is not "de" + "vront".)
_TAIL_COMPLEMENT = re.compile(rf"[ \t\u00a0]+{_CONNECTOR}(?:(?<=['’])|[ \t\u00a0]+)({_LC_WORD})")

# Cues before a name, read backwards word by word from the mention: a role word within a few
# words (le *président* chinois Xi Jinping, le *conseiller* en politique étrangère du Kremlin,
# Iouri Ouchakov) makes a person; an organisation word (l'*agence* officielle Chine nouvelle)
# an organisation; a treaty word right before (le *traité* New Start) a named thing; a
# preposition right before (*à* Moscou) a place. Sets, not regexes: this runs on every mention.
_ROLE_WORDS = frozenset(
    fold(w)
    for w in """
    président présidente ministre porte-parole dirigeant dirigeante chef cheffe conseiller
    conseillère secrétaire homologue ambassadeur ambassadrice député députée sénateur sénatrice
    maire gouverneur général générale amiral colonel juge avocat avocate journaliste patron
    patronne directeur directrice chancelier chancelière roi reine prince princesse pape émir
    cheikh opposant opposante militant militante leader candidat candidate envoyé envoyée
    émissaire commissaire procureur procureure fondateur fondatrice PDG chercheur chercheuse
    analyste expert experte spécialiste professeur professeure économiste écrivain écrivaine
    auteur autrice acteur actrice chanteur chanteuse entraîneur joueur joueuse vice-président
    vice-présidente premier première M. Mme monsieur madame dirigeants présidents ministres élu
    élue responsable négociateur négociatrice diplomate photographe correspondant correspondante
    successeur prédécesseur épouse époux fils fille frère soeur sœur Me Mgr Dr Pr Dr. Pr. Mgr.
    Mlle Maître attaquant attaquante défenseur gardien capitaine sélectionneur réalisateur
    réalisatrice cinéaste comédien comédienne délégué déléguée constitutionnaliste médecin
    """.split()
)
_ORG_CUE_WORDS = frozenset(
    fold(w)
    for w in """
    agence groupe entreprise société firme parti télévision chaîne journal quotidien hebdomadaire
    start-up startup
    magazine radio site organisation ministère banque compagnie institut université club
    fondation ONG syndicat coalition constructeur géant opérateur laboratoire fonds cabinet
    réseau plateforme média médias association fédération collectif ONG mutuelle revue
    hôpital clinique enseigne lycée collège équipe formation
    """.split()
)
# Lowercase words that make a place of the name right after them ("la chapelle Sainte-Anne",
# "l'autoroute A7", "place Broglie"), also through "de" ("quai de la Bruche").
_LOC_CUE_WORDS = frozenset(
    fold(w)
    for w in """
    rue avenue boulevard place quai pont chapelle église cathédrale basilique abbaye gare
    aéroport autoroute route col mont lac île fleuve rivière vallée massif quartier commune
    village ville département région province plage port baie golfe presqu'île cité
    """.split()
)
# Lowercase words that make a named thing of the name after them, also through "de" ("le
# tournoi de Wimbledon", "le prix Femina", "baptisée provisoirement CUR-417").
_MISC_LATE_CUE_WORDS = frozenset(
    fold(w)
    for w in """
    prix tournoi coupe trophée baptisé baptisée baptisés surnommé surnommée intitulé intitulée
    """.split()
)
_MISC_CUE_WORDS = frozenset(
    fold(w)
    for w in """
    traité accord pacte convention sommet opération plan programme loi festival projet gazoduc
    oléoduc satellite missile navire porte-avions système initiative
    """.split()
)
_LOC_PREPS = frozenset("à a en au aux vers depuis".split())
# Words that end the look-back: verbs and links between clauses.
_CUE_BLOCKERS = frozenset(
    fold(w)
    for w in """
    a ont est sont été était étaient avait avaient sera seront va vont fait dit selon et ou mais
    que qui dont avec pour par sur dans entre contre chez après avant lors pendant depuis
    """.split()
)
_CUE_CONNECTORS = frozenset("de du des la le les l d en".split())


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
    tokens = before.split()[-7:]
    if tokens and tokens[-1] == "(":
        return None  # "l'hôpital de Vierzon (Cher)": what is before belongs to the name before
    if len(tokens) >= 2 and tokens[-1] in ("l'", "l’") and fold(tokens[-2]) in ("a", "de"):
        return LOC if tokens[-2] in ("à", "À") else None  # "à l'Opéra Bastille"
    apposition = bool(tokens) and tokens[-1].endswith(",")
    through_de = False
    for i, raw in enumerate(reversed(tokens)):
        said = _cue_word(raw)[i > 0]
        if said is _READ_ON:
            through_de = through_de or raw in ("de", "du", "des")
            continue
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


_DEMONYM_ENDINGS = tuple(
    "ains aines iens iennes éens éennes ais aises ois oises aux ites istes ards ans anes ens ennes "
    "ins".split()
)
_DEMONYM_DET = re.compile(
    r"\b(?:les|des|aux|ces|Les|Des|deux|trois|nombreux|millions\s+de|milliers\s+de|la|le|La|Le"
    r"|une|un|meilleur|meilleure|jeune)[ \t\u00a0]+$"
)
# Centuries in roman numerals ("VIe siècle", "XXIe") are not names.
_ROMAN_ORDINAL = re.compile(r"^[IVXLC]+(?:e|er|ème)$")
# What may stand before a sentence-initial word: start of text, sentence punctuation, an
# opening quote or bracket, a dash, possibly followed by spaces and quotes. The definition;
# ``_is_initial`` applies it by hand, which is several times faster on this hot path.
_INITIAL_BEFORE = re.compile(r"(?:^|[.!?…:;\n(\[«\"“—–]|\(\.\.\.\))[ \t\u00a0\"«“'»”]*$")


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: it keys caches
class Gazetteer:
    """Names whose type is known. ``names`` maps a key (slug) to (canonical name, type)."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    # alias key -> canonical key (e.g. "putin" -> "vladimir-poutine")
    aliases: dict[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()

    def lookup(self, key: str) -> tuple[str, str] | None:
        return self.names.get(self.aliases.get(key, key))

    def canonical_key(self, key: str) -> str:
        return self.aliases.get(key, key)

    def merged(self, other: Gazetteer) -> Gazetteer:
        """This gazetteer with ``other``'s entries added on top (other wins)."""
        return Gazetteer(
            {**self.names, **other.names},
            {**self.aliases, **other.aliases},
            self.ignore | other.ignore,
        )

    @classmethod
    def from_entries(
        cls, entries: list[tuple[str, str, list[str]]], ignore: Iterable[str] = ()
    ) -> Gazetteer:
        names: dict[str, tuple[str, str]] = {}
        aliases: dict[str, str] = {}
        for name, etype, alias_list in entries:
            key = slug(name)
            names[key] = (name, etype)
            for alias in alias_list:
                if slug(alias) != key:
                    aliases[slug(alias)] = key
        return cls(names, aliases, frozenset(slug(s) for s in ignore))


@lru_cache(maxsize=1)
def shipped_gazetteer() -> Gazetteer:
    path = Path(__file__).resolve().parent.parent / "data" / "gazetteer.yaml"
    data = safeyaml.safe_load(path.read_text(encoding="utf-8"))
    entries = []
    for etype, items in data.items():
        for item in items:
            name, *aliases = (part.strip() for part in str(item).split("|"))
            entries.append((name, etype, aliases))
    return Gazetteer.from_entries(entries)


@dataclass(slots=True)
class LocalEntity:
    """An entity as one article sees it."""

    key: str
    name: str  # the fullest surface seen in this article
    votes: dict[str, float] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    # Seen only as a lone capitalised word at a sentence start: accepted by the corpus only
    # if the name is known from elsewhere.
    weak: bool = True


@dataclass(slots=True)
class ArticleEntities:
    entities: dict[str, LocalEntity]
    # (start, end, key), sorted by start
    mentions: list[tuple[int, int, str]]


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    initial: bool  # starts a sentence
    forced_type: str | None = None

    def words(self, text: str) -> list[str]:
        return text[self.start : self.end].split()


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
    lo = max(floor, start - 12)
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
_START = attrgetter("start")


# Titles of works in quote marks: « Les Heures blanches », troisième long-métrage; le
# téléfilm « Un été à Collioure »; "Sable noir", prix du jury. A capitalised quotation with no
# sentence punctuation, with a word for a work just before or a description just after.
_WORK_NOUNS = (
    r"film|long-métrage|court-métrage|téléfilm|série|feuilleton|émission|magazine|documentaire"
    r"|roman|livre|album|chanson|pièce|spectacle|essai|recueil|BD|opéra|jeu|exposition|œuvre"
    r"|tube|single|saga|podcast|ouvrage|récit|polar|thriller|comédie|drame|disque|titre"
    r"|création|ballet|symphonie|concerto|clip|manga"
)
# A word for a work among the three words before the title ("le téléfilm", "son magazine").
_WORK_NOUN_SET = frozenset(
    form for w in _WORK_NOUNS.split("|") for form in (w.lower(), w.lower() + "s")
)
_WORK_AFTER = re.compile(
    rf"[ \t\u00a0]*,[ \t\u00a0]*(?:(?:un|une|le|la|son|sa|leur|ce|cette)[ \t\u00a0]+)?"
    rf"(?:[{_LOW}][\w'’-]*[ \t\u00a0]+)?(?:{_WORK_NOUNS}|paru|parue|publié|publiée|diffusé"
    rf"|diffusée|sorti|sortie|prix|récompensé|récompensée|adapté|adaptée)(?![\w-])"
)
_TITLE_PUNCT = frozenset(".!?;:,")


# A dateline opening the lead: "AVIGNON. ", "SAINT-CLOUD (Hauts-de-Seine) - ".
_DATELINE = re.compile(
    rf"(?P<place>[{_UP}][{_UP}'’-]+(?:[ \t][{_UP}][{_UP}'’-]+)*)(?=\s*(?:\([^()\n]*\))?\s*[.,–—-])"
)


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
_TITLE_ARTICLES = ("Le ", "La ", "Les ", "Un ", "Une ", "L'", "L’")
_TITLE_ARTICLES_BEFORE = ("Le ", "La ", "Les ", "Un ", "Une ", "L'", "L’", "Le\u00a0", "La\u00a0")
_TITLE_ARTICLE = re.compile(r"(?:(?<![\w'’-])(?:Le|La|Les|Un|Une)[ \t\u00a0]+|(?<![\w'’-])L['’])$")


_TITLE_ARTICLE_WORDS = frozenset("Le La Les Un Une".split())


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
    k = text.find(",")
    while k >= 0:
        if _WORK_AFTER.match(text, k):
            j = k
            while j > 0 and text[j - 1] in " \t\u00a0":
                j -= 1
            descriptions.add(j)
        k = text.find(",", k + 1)
    out: list[tuple[int, int]] = []
    for c in cands:
        if c.forced_type or text[c.start - 1 : c.start] != " ":
            continue
        word = _word_before(text, c.start - 1)
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
        for m in _runs(text, lo, hi):
            start, end = m.span("run")
            for s, e, initial in _clean_run(text[start:end], _is_initial(text, m.start(), lo), gaz):
                cands.append(_Cand(start + s, start + e, initial))
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
        joined = [_spelled_tail(text, c) for c in joined]
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


_NATIONALITY_ENDINGS = tuple(
    "ain aine ien ienne ais aise ois oise in ine an ane and ande ol ole que on onne ite ate".split()
)
_ARTICLE_BEFORE = re.compile(r"(?:(?<![\w])[lL]['’]|(?<![\w])(?:le|la|Le|La)[ \t\u00a0])$")
# A role and "de" before a run of names: "le sénateur républicain de l'Idaho Mark X".
_ROLE_OF_BEFORE = re.compile(
    r"(?:président|présidente|ministre|secrétaire|sénateur|sénatrice|député|députée|maire"
    r"|gouverneur|directeur|directrice|patron|patronne|chef|cheffe|dirigeant|dirigeante"
    r"|porte-parole|représentant|représentante|ambassadeur|ambassadrice|délégué|déléguée)"
    rf"(?:[ \t\u00a0]+[{_LOW}][\w'’-]*){{0,4}}[ \t\u00a0]+(?:de[ \t\u00a0]+(?:la[ \t\u00a0]+)?|du[ \t\u00a0]+|d['’]|de[ \t\u00a0]+l['’])$"
)
# An acronym that may open a chain "FO Marc X" or "FO-Cheminots Marc X".
_ACRONYM_WORD = re.compile(rf"[{_UP}]{{2,}}(?:-[{_UP}][\w]*)?$")
_TITLE_WORD = re.compile(rf"[{_UP}][{_LOW}][\w'’-]*$")
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
            and _ROLE_OF_BEFORE.search(text, max(0, c.start - 60), c.start)
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
        space = text.find(" ", c.start, c.end)
        first = fold(text[c.start : space if space >= 0 else c.end])
        is_head = first in _ORG_HEADS or first in _MISC_HEADS
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
            text[c.start - 3 : c.start] == "de " or text[c.start - 2 : c.start] in ("d'", "d’")
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
    limit = min(len(text), pos + 80)
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


def _person_shape(words: list[str]) -> bool:
    """ "First Last", "Jean-Paul de Montclar": capitalised words, particles inside."""
    return (
        words[0][:1].isupper()
        and words[-1][:1].isupper()
        and all(w[:1].isupper() or w in _PARTICLES for w in words)
    )


def _known_place(word_key: str, gaz: Gazetteer) -> bool:
    known = gaz.lookup(slug(word_key))
    return known is not None and known[1] == LOC


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


def _known_country(word_key: str, gaz: Gazetteer) -> bool:
    return word_key in ("france", "europe", "afrique", "monde") or _known_place(word_key, gaz)


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
        if last == "sur" and _MEDIUM_ON.search(prev):
            return True
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
# "Sangomar, le gisement", "Kelowna, une ville de".
_APPOSITION_AFTER = re.compile(
    rf",[ \t\u00a0]+(?:un|une|le|la|l['’]|cette|ce)[ \t\u00a0]*(?:{_LC_WORD}[ \t\u00a0]+)?({_LC_WORD})"
)


def _apposition_after(text: str, end: int) -> str | None:
    m = _APPOSITION_AFTER.match(text, end, end + 60)
    if m is None:
        return None
    key = fold(m.group(1))
    if key in _ORG_CUE_WORDS:
        return ORG
    if key in _LOC_CUE_WORDS:
        return _LOC_CUE
    if key in _ROLE_WORDS:
        return PER
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
    before = text[max(floor, c.start - 80) : c.start]
    surface = text[c.start : c.end]
    cue = _cue_type(before)
    if before.endswith(_MEDIUM_LAST_WORDS) and _medium_cue(before):
        cue = ORG  # "a déclaré sur France Inter", "interrogée par Franceinfo", "chez Gallimard"
    elif cue == PER and " " not in surface and _ALL_CAPS.match(surface):
        cue = ORG  # "délégué CFDT": an acronym after a role is the body, not the person
    if cue is None and text.startswith(")", c.end) and _ACRONYM_AFTER_NAME.search(before):
        cue = ORG  # "l'Institut national de la statistique (Insee)": an acronym spelled out
    if cue is None and before.endswith("(") and _PERSON_THEN_BRACKET.search(before):
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
        and _SOURCE_HINTS.search(before, max(0, len(before) - 45))
        and _SOURCE_BEFORE.search(before, max(0, len(before) - 45))
        and not gaz.lookup(slug(surface))
    ):
        cue = ORG  # "selon Vigicrues", "selon les chiffres de Médiamétrie": a source
    if cue is None and text.startswith(",", c.end):
        cue = _apposition_after(text, c.end)
    if cue == LOC and _building(surface):
        cue, bonus = LOC, 4.5  # "au Théâtre de l'Odéon", "à l'Opéra Bastille": the building
    elif cue is _LOC_CUE:
        cue, bonus = LOC, 3.0
    else:
        bonus = 0.0 if cue is None else 0.75 if cue == LOC else 3.0
    if 0 < name_votes.get(PER, 0) <= 1 and _ARTICLE_JUST_BEFORE.search(before):
        # "le Red Star", "au Palais Garnier", "du Tamil Nadu": French puts no article before a
        # person's name, so "First Last" is not a person's shape here.
        name_votes = dict(name_votes)
        del name_votes[PER]
        if before.rstrip(" \t\u00a0")[-2:] in ("au", "du", "ux", "Au", "Du"):
            if cue is None:
                name_votes[LOC] = name_votes.get(LOC, 0) + 0.25  # "du Tamil Nadu"
        else:
            name_votes[ORG] = name_votes.get(ORG, 0) + 1.0  # "le Red Star", "la Casa Rosada"
    for t, v in name_votes.items():
        votes[t] = votes.get(t, 0) + (v + bonus if t == cue else v)
    if cue is not None and cue not in name_votes:
        votes[cue] = votes.get(cue, 0) + bonus


def _is_letter_low(c: str) -> bool:
    return "a" <= c <= "z" or "à" <= c <= "ö" or "ø" <= c <= "ÿ" or c == "œ"


def _is_word(c: str) -> bool:  # regex \w on str
    return c.isalnum() or c == "_"


def _is_token(c: str) -> bool:  # regex [\w'’-]
    return c.isalnum() or c in "_'’-"


def _appears_lowercase(text: str, word: str) -> bool:
    """Whether ``word`` is one of ``re.findall(r"\\b[a-z…][\\w'’-]+", text)`` (a word written
    in lower case), without listing them all: ``word`` is looked for with ``str.find``.

    Such a token is a whole run of [\\w'’-] characters from its first lowercase letter that
    follows a non-word character ("homme" is not one in "l'homme", "pierre" is in "Jean-pierre").
    """
    n, size = len(text), len(word)
    if size < 2 or not _is_letter_low(word[0]) or not all(_is_token(c) for c in word):
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
    lowercase_words = _LowercaseWords(text)

    # Acronym definitions: "Organisation de coopération de Shanghai (OCS)".
    acronym_of: dict[str, str] = {}
    common = _common_acronyms(text) if "(" in text else frozenset()
    if "(" in text:
        for c in cands:
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
            weak = False  # a photo credit never opens a sentence
        else:
            facts = _surface_facts(surface, gaz)
            if facts is None or (common and surface in common):
                continue
            key, demonym, weak_alone = facts
            if demonym and _DEMONYM_DET.search(text[max(0, c.start - 12) : c.start]):
                continue  # "les Occidentaux", "des Américains"
            # A bare capitalised word followed by a verb is a name: a French common noun
            # would take an article ("Netflix a annoncé", "Lyon est une équipe").
            weak = c.initial and weak_alone and not _VERB_AFTER.match(text, c.end)
            if weak and surface.lower() in lowercase_words:
                continue  # "Partenaire ..." opening a sentence; "partenaire" appears as a word
        key = acronym_of.get(key, key)
        ent = entities.get(key)
        surface_key = slug(surface)
        if ent is None:
            ent = entities[key] = LocalEntity(key, surface)
        elif surface_key == key and slug(ent.name) != key:
            ent.name = surface  # the full name defined after its acronym was seen
        ent.weak = ent.weak and weak
        if key != surface_key:
            ent.aliases.add(surface)  # the acronym
        # Cues are read on the first few mentions only: later ones rarely add evidence, and
        # reading context is the costliest step of extraction.
        seen = per_key_seen.get(key, 0)
        per_key_seen[key] = seen + 1
        if seen < 3:
            floor = (
                block_starts[max(0, bisect_right(block_starts, c.start) - 1)] if block_starts else 0
            )
            _add_votes(text, c, floor, gaz, ent.votes)
        mentions.append((c.start, c.end, key))

    _link_short_forms(text, entities, mentions, gaz)
    _link_initials_and_surnames(text, entities, mentions, gaz)
    for key, long_key in acronym_of.items():
        if long_key in entities:
            entities[long_key].aliases.add(_surface_of(key, mentions, text) or key.upper())
    return ArticleEntities(entities, mentions)


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
    rewritten: list[tuple[int, int, str]] = []
    for s, e, key in mentions:
        ent = entities[key]
        if " " in ent.name or gaz.lookup(key):
            rewritten.append((s, e, key))
            continue
        targets = by_token.get(key)
        if targets and len(targets) == 1:
            target = next(iter(targets))
            entities[target].aliases.add(text[s:e])
            for t, v in ent.votes.items():
                entities[target].votes[t] = entities[target].votes.get(t, 0) + v * 0.5
            rewritten.append((s, e, target))
            continue
        if "-" in text[s:e]:
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


_SURNAME_PARTICLES = frozenset("Le La Du Da De Di Van Von Mac Ben Al El Dos Des Del Della".split())
_INITIAL_SKIP_WORDS = frozenset("de du des d la le les l et en sur pour".split())


@lru_cache(maxsize=1 << 14)
def _initials(name: str) -> str:
    """ "PSG" for "Paris Saint-Germain", "PS" for "Parti socialiste", "UBB" for "Union
    Bordeaux-Bègles": first letters of the words and of their hyphenated parts."""
    out: list[str] = []
    for word in name.replace("'", " ").replace("’", " ").split():
        if fold(word) in _INITIAL_SKIP_WORDS:
            continue
        out.extend(part[:1].upper() for part in word.split("-") if part)
    return "".join(out)


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


def _type_of(ent: LocalEntity) -> str:
    if not ent.votes:
        return MISC
    return max(ent.votes.items(), key=lambda kv: kv[1])[0]


def decide_type(votes: dict[str, float], name: str) -> str:
    """The type with the most evidence; with none, PER for "First Last", LOC for a lone
    word, else MISC."""
    if votes:
        best = max(votes.items(), key=lambda kv: (kv[1], kv[0] == PER))
        if best[1] > 0:
            return best[0]
    words = name.split()
    if len(words) >= 2 and fold(words[0]) in ("le", "la", "les"):
        return ORG  # "Le Monde", "Les Écologistes": a person's name has no article
    if len(words) >= 2 and _person_shape(words):
        return PER
    # A lone name nothing types is most often a place in news ("à Vierzon", "dans le Cher").
    return LOC if len(words) == 1 and not _ALL_CAPS.match(name) else MISC
