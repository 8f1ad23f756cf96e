"""The words of attribution: reporting verbs, auxiliaries, role heads, nationalities, and the
regular expressions compiled from them once, at import.

Case-sensitive tries (see ``alt``) rather than ``re.IGNORECASE``: they are several times faster
on the reporting-verb patterns, which run over every sentence holding a quotation.
"""

from __future__ import annotations

import re

from tui.ingest.french import (
    MONTH_RE,
    PHRASE_PRESENT,
    REFLEXIVE_PRESENT,
    REPORTING_VERBS,
    WEEKDAY_RE,
    fold,
)
from tui.ingest.french import (
    alternation as _alt,
)

# Auxiliaries before a participle, plain and inverted ("a-t-il ajouté").
AUXILIARIES = (
    "a", "avait", "aurait", "aura", "ont", "avaient", "auraient",
    "s'est", "s'était", "se sont", "s'étaient", "se serait",
)  # fmt: skip
INVERTED_AUXILIARIES = (
    "a-t-il", "a-t-elle", "a-t-on", "avait-il", "avait-elle", "aurait-il", "aurait-elle",
    "ont-ils", "ont-elles", "avaient-ils", "avaient-elles",
    "s'est-il", "s'est-elle", "se sont-ils", "se sont-elles",
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
    "cheffe du gouvernement", "chef du gouvernement", "première ministre", "Première ministre",
    "secrétaire général", "secrétaire générale", "attaquant", "attaquante", "entraîneur",
    "entraîneuse", "capitaine", "défenseur", "gardien", "gardienne", "joueur", "joueuse",
    "sélectionneur", "sélectionneuse", "coach", "milieu", "buteur", "acteur", "actrice",
    "cinéaste", "réalisateur", "réalisatrice", "producteur", "productrice", "écrivain",
    "écrivaine", "auteur", "autrice", "romancier", "romancière", "chanteur", "chanteuse",
    "artiste", "comédien", "comédienne", "metteur en scène", "médecin", "infirmier",
    "infirmière", "chirurgien", "chirurgienne", "épidémiologiste", "scientifique",
    "astronome", "physicien", "physicienne", "biologiste", "climatologue", "économiste",
    "sociologue", "historien", "historienne", "politologue", "constitutionnaliste", "juriste",
    "magistrat", "magistrate", "juge", "prévenu", "prévenue", "accusé", "accusée", "témoin",
    "élu", "élue", "adjoint", "adjointe", "délégué", "déléguée", "syndicaliste", "habitant",
    "habitante", "riverain", "riveraine", "agriculteur", "agricultrice", "éleveur", "éleveuse",
    "commerçant", "commerçante", "enseignant", "enseignante", "étudiant", "étudiante",
    "policier", "policière", "gendarme", "pompier", "préfet", "préfète", "rapporteur",
    "rapporteure", "eurodéputé", "eurodéputée", "opposant", "opposante", "cofondateur",
    "cofondatrice", "gérant", "gérante", "fonctionnaire", "sénateur", "présidente",
    "directrice", "patronne", "ingénieur", "ingénieure", "spécialiste", "urgentiste",
    "pédiatre", "psychiatre", "archéologue", "géologue", "biologiste", "vulcanologue",
    "vainqueur", "coureur", "coureuse", "cycliste", "pilote", "nageur", "nageuse", "athlète",
    "skipper", "boxeur", "boxeuse", "sprinteur", "grimpeur", "manager", "demi de mêlée",
    "ouvreur", "talonneur", "arrière", "ailier", "tennisman", "tenniswoman", "finaliste",
    "lauréat", "lauréate", "primée", "auteure", "metteuse en scène", "dramaturge",
)  # fmt: skip
# Heads of a phrase naming an organisation or a document ("l'agence officielle Chine
# nouvelle", "un compte-rendu de la télévision chinoise CCTV"): the name inside speaks.
ORG_HEADS = (
    "agence", "télévision", "chaîne", "radio", "journal", "quotidien", "hebdomadaire", "média",
    "médias", "ministère", "gouvernement", "présidence", "diplomatie", "armée", "parti",
    "organisation", "institut", "banque", "entreprise", "groupe", "société", "compagnie",
    "porte-voix", "bureau", "cabinet", "service", "services", "club", "syndicat",
    "association", "fédération", "ONG", "collectif", "mairie", "préfecture", "municipalité",
    "hôpital", "parquet", "laboratoire", "constructeur", "opérateur", "firme", "enseigne",
    "plateforme", "direction", "équipe", "formation", "compagnie aérienne", "start-up",
    "distributeur", "fabricant", "électricien", "juridiction",
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
STOP = frozenset(
    fold(w)
    for w in """
    et ou a à au aux est sont ont était avait sera serait que qu qui avec par pour sur lors
    selon dont mais car donc se s il elle ils elles ne n y après avant pendant contre entre
    chez vers sans dans devant auprès depuis ce cette ces cet son sa ses leur leurs un une
    hier aujourd demain comme où lui eux quand si alors encore également aussi
    lundi mardi mercredi jeudi vendredi samedi dimanche
    """.split()
)
ARTICLES = frozenset(("le", "la", "les", "l"))
OF = frozenset(("de", "d", "a", "à", "en", "pour", "sur", "contre"))
DETERMINERS = frozenset(
    "le la les l son sa ses leur leurs un une ce cet cette au aux du des".split()
)


def _imperfect(participle: str) -> list[str]:
    """ "déclarait", "déclaraient" from "déclaré" (the -er verbs: most reporting verbs)."""
    if not participle.endswith("é") or " " in participle:
        return []
    stem = participle[:-1]
    if stem.endswith("c"):
        stem = stem[:-1] + "ç"  # lancé -> lançait
    elif stem.endswith("g"):
        stem += "e"  # jugé -> jugeait
    return [stem + "ait", stem + "aient"]


def _present_of(participle: str) -> str | None:
    """ "lance" from "lancé": a form left out of the table because it is also a noun."""
    return participle[:-1] + "e" if participle.endswith("é") and " " not in participle else None


_PP_RE = _alt(r[0] for r in REPORTING_VERBS)
_IMPERFECT = [form for r in REPORTING_VERBS for form in _imperfect(r[0])]
_PRES_RE = _alt(
    [r[1] for r in REPORTING_VERBS if r[1]]
    + [r[2] for r in REPORTING_VERBS if r[2]]
    + list(REFLEXIVE_PRESENT)
    + list(PHRASE_PRESENT)
    + _IMPERFECT
)
# After a subject pronoun, a present that is also a noun is the verb ("qu'elle juge « … »",
# "il lance"); the pronoun is read as the subject, as before any verb.
_PRONOUN_PRES_RE = (
    "(?:"
    + "|".join(f"(?<={p} )" for p in ("il", "elle", "on", "ils", "elles", "Il", "Elle", "On"))
    + ")(?:"
    + _alt(
        [_present_of(r[0]) for r in REPORTING_VERBS if r[1] is None and _present_of(r[0])]
        + [r[2] for r in REPORTING_VERBS if r[1] is None and r[2]]
    )
    + ")"
)
# After a quotation and a comma, a present that is also a noun is the verb ("», lance X").
_INCISE_PRES_RE = _alt(
    [r[1] for r in REPORTING_VERBS if r[1]]
    + [r[2] for r in REPORTING_VERBS if r[2]]
    + list(REFLEXIVE_PRESENT)
    + _IMPERFECT
    + [_present_of(r[0]) for r in REPORTING_VERBS if r[1] is None]
)
_GERUND_RE = _alt(r[3] for r in REPORTING_VERBS)
_AUX_RE = _alt(AUXILIARIES)
_AUX_INV_RE = _alt(INVERTED_AUXILIARIES)
_ADV_RE = _alt(ADVERBS)
_PRON_INV = r"(?:-t-(?:il|elle|on)|-(?:il|elle|ils|elles|on))"
_NB = r"(?![\w‑-])"  # not followed by more word

_COMPOUND = rf"(?P<aux>{_AUX_INV_RE}|{_AUX_RE})(?:\s+(?:{_ADV_RE})){{0,2}}\s+(?P<pp>{_PP_RE}){_NB}"
# The incise after a quotation: ", a affirmé", "a-t-il ajouté", ", ajoute-t-elle", ", estime".
INCISE = re.compile(
    rf"(?:^|[,—–(])\s*(?P<verb>{_COMPOUND}|(?P<pres>(?:{_INCISE_PRES_RE}){_PRON_INV}?){_NB})"
)
# A reporting verb in the normal order: "Xi Jinping a souligné", "Il estime".
HEAD_VERB = re.compile(
    rf"(?<![\w'’‑-])(?:(?P<aux>{_AUX_RE})(?:\s+(?:{_ADV_RE})){{0,2}}\s+(?P<pp>{_PP_RE})"
    rf"|(?P<pres>{_PRES_RE}|{_PRONOUN_PRES_RE})){_NB}"
)
# A sentence that opens on a reporting participle: "Qualifiant … de "…", X a déclaré".
GERUND_START = re.compile(rf"\s*(?:en\s+)?(?P<verb>{_GERUND_RE}){_NB}", re.IGNORECASE)
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
# (Possessive where giving back cannot help: blanks and a comma before a letter or a digit,
# a word's letters before a blank, the phrase after a preposition before the end.)
BETWEEN_OK = re.compile(
    rf"(?:\s*+,?\s*+(?:{_FILLER}){_NB})*\s*+,?\s*+"
    # an infinitive the verb governs: "dit vouloir « doubler »", "a reconnu avoir « hésité »"
    r"(?:(?!(?:entre|contre|notre|votre|autre|leur|lettre|titre|centre|membre)\s)"
    r"[^\W\d_]{2,}(?:er|ir|oir|re)\s+)?"
    r"(?:(?:à|au|aux|lors|dans|devant|sur|auprès|en|par|pendant|depuis|via|chez|avec|face)"
    r"(?![\w'’-])[^.!?;]*+"
    # or the object the quotation qualifies: "a dénoncé une enquête « menée à charge »"
    r"|(?:un|une|des|le|la|les|l['’]|du|de|d['’]|son|sa|ses|leur|leurs|ce|cet|cette|ces)"
    r"(?:\s+|(?<=['’]))(?:[^\W\d_][\w'’-]*+\s+){0,3}?(?:de\s+|d['’])?)?\s*",
    re.IGNORECASE,
)
QUE = re.compile(r"(?<![\w'’-])(?:que|qu['’])|:", re.IGNORECASE)
# "Selon X, …" / "D'après X, …" / "Pour X, …" at the start of a sentence.
SOURCE_HEAD = re.compile(r"\s*(?P<w>selon|d['’]après|pour)\s+", re.IGNORECASE)
# "…", selon X' after a quotation.
SOURCE_TAIL = re.compile(r"(?:^|,)\s*(?P<w>selon|d['’]après)\s+", re.IGNORECASE)
# A judgement in the passive before a quotation, its author after it: "une décision jugée
# « sévère » par le club", "un texte qualifié de « brutal » par les syndicats".
PASSIVE_BEFORE = re.compile(
    r"(?<![\w'’-])(?:jugée?s?|qualifiée?s?\s+(?:de|d['’])|décrite?s?\s+comme|présentée?s?\s+comme"
    r"|considérée?s?\s+comme|dénoncée?s?\s+comme|saluée?s?\s+comme|estimée?s?|trouvée?s?)\s*$",
    re.IGNORECASE,
)
PASSIVE_AGENT = re.compile(r"\s*(?P<w>par)\s+", re.IGNORECASE)
PRONOUN_BEFORE = re.compile(  # ("qu'elle juge « … »": the subject of a relative clause too)
    r"(?:(?<![\w'’-])|(?<=[qQ]u')|(?<=[qQ]u’))(?P<pron>il|elle|ils|elles|ce\s+dernier|cette\s+dernière|celui-ci|celle-ci)"
    r"(?:\s+(?:ne|n['’]))?\s*$",
    re.IGNORECASE,
)
# What follows a name that is the subject of a clause: an auxiliary, a modal, a pronoun.
# An apposition may stand between ("Jean X, éleveur à Accous, a découvert").
SUBJECT_NEXT = re.compile(
    r"(?:\s*,[^,;:.!?«»\"“”\n]{1,80},)?,?\s+"
    r"(?:a|avait|aura|aurait|est|était|sera|serait|s['’]|se|ne|n['’]|doit|devait|va|allait"
    r"|vient|venait|peut|pouvait|veut|voulait|fait|faisait|reste|restait|ont|sont|avaient"
    r"|fera|ira|pourra|devra|vit|habite|travaille|dirige|préside|tient|tenait|prend|prenait"
    r"|[a-zéèêëîïôûç]+(?:ait|aient)"
    rf"|{_PRES_RE})(?:(?<=['’])|(?![\w-]))",
    re.IGNORECASE,
)
PRONOUN_END = re.compile(r"-(?:t-)?(il|elle|ils|elles|on)$", re.IGNORECASE)
PRONOUN_AFTER = re.compile(r"\s*(?P<pron>lui|elle|eux|elles)(?![\w'’-])", re.IGNORECASE)
_PRONOUN_GENDER = {"il": "m", "lui": "m", "ce dernier": "m", "celui-ci": "m", "elle": "f",
                   "cette dernière": "f", "celle-ci": "f"}  # fmt: skip


def pronoun_gender(pronoun: str) -> str | None:
    """ "m" for il/lui/ce dernier, "f" for elle/cette dernière, None for the plural."""
    return _PRONOUN_GENDER.get(" ".join(pronoun.lower().split()))


# Between a name and its verb: nothing, an apposition between commas, or the comma that
# closes an apposition opened before the name ("Son premier secrétaire, Julien Marchal, a …").
APPOSITION = re.compile(r"\s*,[^,;:.!?\"«»“”\n]{1,120},\s*$|\s*,?\s*$")
QUI = re.compile(r"\s*,?\s*qui\s*$", re.IGNORECASE)
# A role phrase: determiner, optional adjectives, a role head. The determiner starts a word:
# no letter, apostrophe nor hyphen before it, checked after its first letter (see ``_alt``).
_DET = _alt(
    ["l'"]
    + [f"{w} " for w in "le la les son sa ses leur leurs au aux du un une ce cet cette".split()],
    capitals=True,
    after_first=r"(?<![\w'’‑-].)",
)
ROLE_START = re.compile(
    rf"(?P<det>{_DET})(?P<pre>(?:(?:{_alt(ROLE_PREFIXES)})[-‑]?\s*)*)"
    rf"(?P<head>{_alt(PERSON_HEADS + ORG_HEADS + DOCUMENT_HEADS, capitals=True)}){_NB}"
)
# A role with no determiner, after a name and a comma: "Claire Roy, ministre de la Culture,".
ROLE_BARE = re.compile(
    rf"(?P<det>)(?P<pre>(?:(?:{_alt(ROLE_PREFIXES)})[-‑]?\s*)*)"
    rf"(?P<head>{_alt(PERSON_HEADS)}){_NB}"
)
PERSON_HEAD_KEYS = frozenset(fold(h) for h in PERSON_HEADS)
# Heads that stand for an organisation the article has named ("précise l'entreprise").
ORG_ROLE_KEYS = frozenset(
    fold(w)
    for w in """
    entreprise société groupe club syndicat compagnie firme association fédération parti
    constructeur opérateur enseigne plateforme collectif laboratoire start-up ONG équipe
    formation organisation institut agence banque chaîne radio journal quotidien direction
    station usine électricien distributeur fabricant juridiction
    """.split()
)
# Feminine and masculine role phrases, by their determiner or their head's ending.
FEMININE_DETS = frozenset(("la", "une", "cette"))
MASCULINE_DETS = frozenset(("le", "un", "ce", "cet", "au", "du"))
FEMININE_ENDINGS = ("trice", "euse", "ienne", "ière", "cheffe", "ante", "ente", "ée", "ue", "aine",
                    "ine", "elle", "ère", "esse", "ote")  # fmt: skip
DOCUMENT_HEAD_KEYS = frozenset(fold(h) for h in DOCUMENT_HEADS)
ROLE_WORD = re.compile(r"\s*([^\W\d_][\w‑-]*(?:['’](?=\w))?|\d+|['’]|,|[^\w\s])", re.UNICODE)
# "[.!?…][.!?…]*", not "[.!?…]+": the regex engine skips ahead to a set or a letter, and tries
# a pattern that opens on a repeat at every position. Without "!", "?" nor "…" in the text (most
# texts), the ends are found by the pattern led by a literal period, faster still.
SENT_END = re.compile(r"[.!?…][.!?…]*(?=[\s\"«»“”]|$)")
SENT_END_PERIOD = re.compile(r"\.\.*(?=[\s\"«»“”]|$)")
SPACE = " \t\u00a0\u202f\u2009\u2007\u200b"
# Small patterns of the attribution rules, compiled once.
COMMA_ROLE = re.compile(r"\s*,\s*(?=(?:le|la|l['’])\s*\w)", re.IGNORECASE)  # "X, le ministre"
AND = re.compile(r"\s+et\s+")
DE_BEFORE = re.compile(r"(?:^|\s)(?:de|du|des|d['’])\s*$")
COLON_END = re.compile(r"\s*:\s*$")
SOURCE_AFTER = re.compile(r",\s*(?:selon|d['’]après)\s", re.IGNORECASE)
