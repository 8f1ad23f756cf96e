"""The French words and patterns that names are read with: capitals, function words,
capitalised common nouns, heads and tails of organisations, cue words, particles."""

from __future__ import annotations

import re
from functools import lru_cache

from tui.ingest.french import MONTHS, WEEKDAYS, fold

_UP = "A-ZÀ-ÖØ-ÞŒ"


_LOW = "a-zà-öø-ÿœ"


# Inside a name an apostrophe is followed by a capital (N'Djamena, O'Brien), so "L'entretien"
# is an elision, not a name.
_CAP_TAIL = rf"\w*(?:-\w+|['’][{_UP}]\w*)*"
_CAP = rf"[{_UP}]{_CAP_TAIL}"


_ELISION = r"(?:[lLdDjJmMnNsStTcC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’]"


# A run of capitalised words on one line, after an optional elided article.
_RUN = re.compile(rf"(?<![\w'’-])(?:{_ELISION})?(?P<run>{_CAP}(?:[ \t\u00a0]+{_CAP})*)")


_UPPER = re.compile(rf"[{_UP}]")


# ``_RUN`` found from its capital, for ``finditer``: a pattern that opens on a character class
# lets the regex engine skip to the next capital in C, where ``_RUN``'s look-behind makes it
# try every position. The capital opens a run when nothing of [\w'’-] precedes it and it does
# not open an elided article itself ("L'Union": the run is "Union"), or when an elided article
# that nothing precedes stands right before it; the groups tell which article (its length is
# ``_ELIDED_LENGTH[m.lastindex]``), so that the match of ``_RUN`` starts at
# ``m.start() - _ELIDED_LENGTH[m.lastindex or 0]`` and its run spans ``m.span()``.
_RUN_AT_CAPITAL = re.compile(
    rf"[{_UP}](?:(?<![\w'’-].)"
    rf"(?!(?<=[LDJMNSTC])['’][{_UP}]|(?<=Q)u['’][{_UP}]|(?<=J)usqu['’][{_UP}]"
    rf"|(?<=L)orsqu['’][{_UP}]|(?<=P)uisqu['’][{_UP}])"
    rf"|(?<=(?<![\w'’-])([lLdDjJmMnNsStTcC])['’].)"
    rf"|(?<=(?<![\w'’-])([Qq]u)['’].)"
    rf"|(?<=(?<![\w'’-])([Jj]usqu)['’].)"
    rf"|(?<=(?<![\w'’-])([Ll]orsqu|[Pp]uisqu)['’].))"
    rf"{_CAP_TAIL}(?:[ \t\u00a0]+{_CAP})*"
)


_ELIDED_LENGTH = (0, 2, 3, 6, 7)


# Where an elided article may start before a capital: "l'", "qu'", "jusqu'", "lorsqu'".
_ELISION_BACK = (7, 6, 3, 2)


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


# Words that make a place of the name they head, joined across its complements like an
# organisation's ("Piton de la Fournaise", "Golfe du Mexique", "Lac de Serre-Ponçon").
_LOC_HEADS = frozenset(
    fold(w)
    for w in """
    Mont Monts Col Lac Pic Piton Cap Golfe Baie Vallée Plateau Massif Forêt Pointe Étang Gorges
    Marais Plaine Canal Îles Place Rue Avenue Boulevard Quai Pont Dune Cirque Glacier Détroit
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
    hôpital clinique enseigne lycée collège équipe formation éditions éditeur studio label
    marque application messagerie distributeur assureur transporteur armateur fabricant
    producteur diffuseur industriel coopérative centrale mouvement
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
    oléoduc satellite missile navire porte-avions système initiative typhon cyclone ouragan
    tempête exposition roman album film série spectacle
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


_TITLE_ARTICLES = ("Le ", "La ", "Les ", "Un ", "Une ", "L'", "L’")


_NATIONALITY_ENDINGS = tuple(
    "ain aine ien ienne ais aise ois oise in ine an ane and ande ol ole que on onne ite ate".split()
)


# An acronym that may open a chain "FO Marc X" or "FO-Cheminots Marc X".
_ACRONYM_WORD = re.compile(rf"[{_UP}]{{2,}}(?:-[{_UP}][\w]*)?$")


_TITLE_WORD = re.compile(rf"[{_UP}][{_LOW}][\w'’-]*$")


def _is_letter_low(c: str) -> bool:
    return "a" <= c <= "z" or "à" <= c <= "ö" or "ø" <= c <= "ÿ" or c == "œ"


def _is_word(c: str) -> bool:  # regex \w on str
    return c.isalnum() or c == "_"


def _is_token(c: str) -> bool:  # regex [\w'’-]
    return c.isalnum() or c in "_'’-"


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
