"""Deterministic synthetic corpus of French news-like articles, for benchmarks and tests.

    python -m bench.make_corpus --articles 100000 --entities 200000 --seed 1 OUT
    python -m bench.make_corpus --articles 5000 --jsonl OUT.jsonl

Folder mode writes one seed-format ``.txt`` per article (first line `` date YYYY-MM[-DD] ``
followed by the lead paragraph, paragraphs separated by blank lines, no final newline) under
``OUT/0000/000000.txt`` ... (at most 1000 files per subfolder; the stem is the article id).
``--jsonl`` writes one JSON object per line instead: id, date, title, text, source, url.

Same arguments -> byte-identical output, whatever the number of worker processes: every article
is drawn from its own ``random.Random`` seeded by (seed, index), and the entity vocabulary is a
pure function of (entities, seed).

The vocabulary holds ``entities`` distinct names (people 50 %, organisations 22 %, places 20 %,
misc 8 %), generated combinatorially and decoded lazily from a rank (a million names cost only
their cumulative weights up front, ~0.3 s): a few well-known real names first, then first name x
surname (178 x 456), regnal names ("Mohammed VI"-like), middle initials, compound surnames;
institutions, place-bound bodies, companies, 3-5 letter acronyms; syllable-built towns with
Saint-/-sur-Mer variants; treaties, summits, plans (capacity: tens of millions). Inside each type,
rank r is drawn with weight 1/r^1.1 (bisect over cumulative weights): a few names are very
frequent, most of the vocabulary is a long tail that a given corpus may never use.

Articles follow the seeds' style: roles ("le ministre russe des Affaires étrangères, X,"),
full name at first mention then surname, quotations in "..", " .. ", « .. » and “..” with
reporting verbs ("a-t-il ajouté"), French temporal expressions consistent with the publication
date, subheadings, photo captions ending "( AFP / NAME )"; some articles use curly apostrophes or
unaccented capitals ("Etats-Unis"). A small fraction of files (``odd_fraction``, folder mode
only, ``--clean`` for none; ceil(articles * fraction) files, the kinds in turn) is deliberately
odd: cp1252-encoded, empty, no date header, or text full of terminal control sequences and Rich
markup.

Speed: worker processes (one per core, from 4,000 articles) only generate; the parent process
does all the writing. The summary's ``distinct_names`` counts the vocabulary names that really
appear in the written text.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import random
import re
import sys
import time
import unicodedata
from collections import deque
from datetime import date
from itertools import accumulate, islice
from pathlib import Path

__all__ = ["make_corpus", "make_entity_names", "entity_types", "Vocabulary", "ODD_KINDS"]

ZIPF_S = 1.1
FIRST_DAY = date(2015, 1, 1).toordinal()
LAST_DAY = date(2026, 12, 31).toordinal()
PER_FOLDER = 1000
ODD_KINDS = ("cp1252", "empty", "no-header", "control")
SHARES = (("per", 0.50), ("org", 0.22), ("loc", 0.20), ("misc", 0.08))

# --------------------------------------------------------------------------------------------
# Word lists

FIRST_M = """Jean Jean-Marc Jean-Pierre Jean-Luc Jean-Yves Jean-Claude Pierre Michel Philippe Alain
Nicolas Christophe Stéphane Éric Frédéric Laurent Julien Olivier Thierry Sébastien Emmanuel François
Bernard Patrick Didier Pascal Gilles Bruno Hervé Xavier Benoît Mathieu Guillaume Antoine Thomas Hugo
Lucas Louis Gabriel Arthur Raphaël Théo Noé Émile Yves Gérard Marc Luc Rémi Jérôme Cédric Loïc
Yannick Gaël Pierre-Henri Sergueï Dmitri Iouri Alexeï Nikolaï Andreï Mikhaïl Evgueni Igor Oleg
Anatoli Guennadi Viatcheslav Volodymyr Oleksandr Petro Vitali Mykola Ahmed Mohammed Karim Youssef
Rachid Omar Hassan Ali Mehdi Abdelaziz Olaf Friedrich Pedro Luiz Antonio Giuseppe Marco Carlos
Javier Hans Klaus Jürgen Hiroshi Kenji Moussa Mamadou Amadou Ibrahim Rishi Keir Joe""".split()
FIRST_F = """Marie Anne Nathalie Isabelle Sylvie Catherine Françoise Christine Monique Sandrine
Valérie Céline Hélène Élise Élodie Chloé Léa Manon Camille Inès Zoé Claire Sophie Julie Aurélie
Émilie Laure Agnès Delphine Ségolène Marie-Claire Anne-Sophie Marie-Hélène Béatrice Cécile Mathilde
Pauline Margaux Agathe Maëlle Fatima Yasmine Leïla Nadia Samira Amina Aïcha Ursula Giorgia Mette
Kamala Annalena Lucía Carmen Elena Olga Tatiana Natalia Svetlana Ioulia Anastasia Ekaterina Mei
Ying Yuki Priya Aminata Fatou Mariam Ingrid Astrid Sanna Chiara Francesca""".split()
FIRST = [(n, 0) for n in FIRST_M] + [(n, 1) for n in FIRST_F]  # (name, 1 if feminine)

SURNAMES_PLAIN = """Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon
Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre
Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller
Henry Roussel Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson
Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas
Meunier Perez Marchand Dufour Blanchard Barbier Brun Dumas Brunet Schmitt Leroux Colin Fernandez
Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud Lemoine Picard Gaillard
Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Hubert Charles Guillot Rivière Guillaume Adam Rey
Moulin Gonzalez Berger Lecomte Ménard Fleury Deschamps Carpentier Julien Benoît Paris Maillard
Marchal Aubry Vasseur Renault Jacquet Collet Prévost Poirier Charpentier Royer Huet Baron Dupuy Pons
Paul Laine Carré Breton Rémy Schneider Perrot Guyot Barre Marty Cousin Bouvier Tessier Lebrun Hamon
Chauvet Besson Germain Delmas Bailly Hervé Weber Gilbert Lemaître Bouchet Riviere Devaux Pasquier
Marechal Millet Jourdan Ferrand Texier Laporte Delorme Langlois Tanguy Poulain Bertin Chevallier
Favre Raynaud Grégoire Bertrand Ivanov Petrov Smirnov Kouznetsov Sokolov Popov Lebedev Kozlov
Novikov Morozov Volkov Soloviev Vassiliev Zaïtsev Pavlov Semenov Golubev Vinogradov Bogdanov
Vorobiov Fiodorov Mikhaïlov Belov Tarassov Beliaïev Komarov Orlov Kisseliov Makarov Andreïev Kovalev
Ilyine Goussev Titov Medvedev Chouvalov Narychkine Kozak Chevtchenko Bondarenko Kovalenko Boïko
Tkatchenko Kravtchenko Oliïnyk Melnyk Lyssenko Koval Moroz Wang Li Zhang Liu Chen Yang Huang Zhao
Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Benali Haddad Khalil Mansour Nasser Saleh Hamdi
Belkacem Toumi Aziz Rahmani Karimi Hosseini Rezaï Moradi Tehrani Ahmadi Jafari Chérif Bensaïd
Müller Schmidt Fischer Wagner Becker Hoffmann Schäfer Koch Richter Klein Wolf Neumann Schwarz
Zimmermann Krüger Hartmann Lange Werner Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor
Anderson Clark Lewis Walker Hall Young King Wright Scott Green Baker Adams Nelson Carter Mitchell
Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers
Fernández González Rodríguez López Sánchez Pérez Gómez Díaz Moreno Álvarez Romero Ruiz Navarro Torres
Ramírez Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti
Costa Santos Oliveira Souza Pereira Almeida Ferreira Tanaka Suzuki Takahashi Watanabe Ito Yamamoto
Nakamura Kobayashi Kim Lee Park Choi Jung Kang Singh Sharma Patel Gupta Kumar Reddy Das Yilmaz Kaya
Demir Sahin Çelik Yildiz Öztürk Aydin Arslan Dogan Nowak Kowalski Wiśniewski Wójcik Kamiński
Lewandowski Zieliński Szymański Diallo Traoré Koné Diop Ndiaye Touré Camara Keïta Coulibaly Ouattara
Mensah Kamara Sow Fall Cissé Sarr Okafor Adeyemi Mbeki Nkosi Lindqvist Nilsson Andersen Hansen
Johansson Virtanen Novak Horvath Kovács Popescu Ionescu Georgiou Papadopoulos Dimitrov Stoyanov""".split()
SURNAMES_PARTICLE = """de Villiers|de Rugy|de Montferrand|de Castelnau|de Saint-Just|d'Ormesson|
du Plessis|de La Tour|de Gaulmyn|de Courson|Le Goff|Le Bras|Le Floch|Le Meur|Le Corre|Le Guen|Le Moal|
Le Roux|Le Gall|Le Bihan|Da Silva|De Luca|Ben Youssef|El Amrani|Van Damme|Van der Berg|
von Brandt|Al-Hachimi|Ben Salem|Abou Khalil""".replace("\n", "").split("|")
SURNAMES = list(dict.fromkeys(SURNAMES_PLAIN + SURNAMES_PARTICLE))
SURNAMES_PLAIN = list(dict.fromkeys(SURNAMES_PLAIN))
INITIALS = "ABCDEFGHJKLMNPRSTVW"
REGNAL = (("Ier", "II", "III", "IV", "V", "VI"), ("Ire", "II", "III", "IV", "V", "VI"))

# (adjective m, adjective f) for nationalities; index used by roles.
NATIONS = [
    ("russe", "russe"),
    ("chinois", "chinoise"),
    ("américain", "américaine"),
    ("français", "française"),
    ("ukrainien", "ukrainienne"),
    ("iranien", "iranienne"),
    ("allemand", "allemande"),
    ("japonais", "japonaise"),
    ("indien", "indienne"),
    ("turc", "turque"),
    ("britannique", "britannique"),
    ("italien", "italienne"),
    ("brésilien", "brésilienne"),
    ("émirien", "émirienne"),
    ("saoudien", "saoudienne"),
    ("israélien", "israélienne"),
    ("polonais", "polonaise"),
    ("canadien", "canadienne"),
    ("sud-africain", "sud-africaine"),
    ("hongrois", "hongroise"),
    ("kazakh", "kazakhe"),
    ("nord-coréen", "nord-coréenne"),
    ("sud-coréen", "sud-coréenne"),
    ("égyptien", "égyptienne"),
    ("algérien", "algérienne"),
    ("marocain", "marocaine"),
    ("sénégalais", "sénégalaise"),
    ("nigérian", "nigériane"),
    ("mexicain", "mexicaine"),
    ("argentin", "argentine"),
    ("espagnol", "espagnole"),
    ("belge", "belge"),
    ("suisse", "suisse"),
    ("qatari", "qatarie"),
    ("pakistanais", "pakistanaise"),
    ("vietnamien", "vietnamienne"),
    ("australien", "australienne"),
]
NAT = {a: k for k, (a, _f) in enumerate(NATIONS)}

# Roles: (masculine, feminine); {a} nationality agreeing with the person, {am}/{af} fixed gender.
ROLES = [
    ("le président {a}", "la présidente {a}"),
    ("le Premier ministre {a}", "la Première ministre {a}"),
    ("le ministre {a} des Affaires étrangères", "la ministre {a} des Affaires étrangères"),
    ("le ministre {a} de la Défense", "la ministre {a} de la Défense"),
    ("le ministre {a} de l'Économie", "la ministre {a} de l'Économie"),
    ("le ministre {a} de l'Intérieur", "la ministre {a} de l'Intérieur"),
    ("le chef de la diplomatie {af}", "la cheffe de la diplomatie {af}"),
    ("le porte-parole de la diplomatie {af}", "la porte-parole de la diplomatie {af}"),
    (
        "le conseiller diplomatique du président {am}",
        "la conseillère diplomatique du président {am}",
    ),
    ("l'ambassadeur {a} à l'ONU", "l'ambassadrice {a} à l'ONU"),
    ("le dirigeant {a}", "la dirigeante {a}"),
    ("l'opposant {a}", "l'opposante {a}"),
    ("le député {a}", "la députée {a}"),
    ("le chef d'état-major de l'armée {af}", "la cheffe d'état-major de l'armée {af}"),
    ("l'économiste {a}", "l'économiste {a}"),
    ("le porte-parole du gouvernement {am}", "la porte-parole du gouvernement {am}"),
    ("le négociateur {a}", "la négociatrice {a}"),
    ("le vice-président {a}", "la vice-présidente {a}"),
]

# Real people first (the most frequent ranks): full, surname, feminine, role index, nationality.
REAL_PERSONS = [
    ("Vladimir Poutine", "Poutine", 0, 0, "russe"),
    ("Xi Jinping", "Xi", 0, 0, "chinois"),
    ("Donald Trump", "Trump", 0, 0, "américain"),
    ("Emmanuel Macron", "Macron", 0, 0, "français"),
    ("Volodymyr Zelensky", "Zelensky", 0, 0, "ukrainien"),
    ("Sergueï Lavrov", "Lavrov", 0, 2, "russe"),
    ("Wang Yi", "Wang Yi", 0, 6, "chinois"),
    ("Ursula von der Leyen", "von der Leyen", 1, 10, "allemand"),
    ("Antony Blinken", "Blinken", 0, 6, "américain"),
    ("Iouri Ouchakov", "Ouchakov", 0, 8, "russe"),
    ("Dmitri Peskov", "Peskov", 0, 15, "russe"),
    ("Olaf Scholz", "Scholz", 0, 10, "allemand"),
    ("Giorgia Meloni", "Meloni", 1, 1, "italien"),
    ("Narendra Modi", "Modi", 0, 1, "indien"),
    ("Recep Tayyip Erdogan", "Erdogan", 0, 0, "turc"),
    ("Kim Jong-un", "Kim Jong-un", 0, 10, "nord-coréen"),
]

# Organisations: name, determiner prefix for running text, acronym alias or "".
REAL_ORGS = [
    ("OTAN", "l'", ""),
    ("FMI", "le ", ""),
    ("ONU", "l'", ""),
    ("Union européenne", "l'", "UE"),
    ("Kremlin", "le ", ""),
    ("Maison Blanche", "la ", ""),
    ("OCS", "l'", ""),
    ("Chine nouvelle", "l'agence ", ""),
    ("Commission européenne", "la ", ""),
    ("Banque mondiale", "la ", ""),
    ("Conseil de sécurité des Nations unies", "le ", ""),
    ("Organisation mondiale du commerce", "l'", "OMC"),
    ("CCTV", "la chaîne ", ""),
    ("Agence internationale de l'énergie atomique", "l'", "AIEA"),
    ("Banque centrale européenne", "la ", "BCE"),
    ("Gazprom", "le géant ", ""),
    ("Ministère de l'Intérieur", "le ", ""),
    ("Ministère des Affaires étrangères", "le ", ""),
    ("Pentagone", "le ", ""),
    ("Quai d'Orsay", "le ", ""),
    ("G7", "le ", ""),
    ("G20", "le ", ""),
    ("BRICS", "les ", ""),
    ("Parlement européen", "le ", ""),
    ("Assemblée nationale", "l'", ""),
    ("Sénat", "le ", ""),
    ("Élysée", "l'", ""),
    ("OPEP", "l'", ""),
    ("Organisation mondiale de la santé", "l'", "OMS"),
    ("Croix-Rouge", "la ", ""),
    ("Amnesty International", "", ""),
    ("Human Rights Watch", "", ""),
    ("Banque asiatique d'investissement", "la ", "BAII"),
    ("Rosatom", "le groupe ", ""),
]
ORG_HEADS = [  # (head, feminine)
    ("Ministère", 0),
    ("Agence", 1),
    ("Office", 0),
    ("Institut", 0),
    ("Conseil", 0),
    ("Commission", 1),
    ("Comité", 0),
    ("Fédération", 1),
    ("Union", 1),
    ("Organisation", 1),
    ("Autorité", 1),
    ("Centre", 0),
    ("Observatoire", 0),
    ("Haut-Commissariat", 0),
    ("Direction", 1),
    ("Caisse", 1),
    ("Compagnie", 1),
    ("Association", 1),
    ("Syndicat", 0),
    ("Parti", 0),
    ("Mouvement", 0),
    ("Alliance", 1),
    ("Fonds", 0),
    ("Secrétariat", 0),
    ("Académie", 1),
]
ORG_QUALS = [
    ("", ""),
    ("national", "nationale"),
    ("régional", "régionale"),
    ("international", "internationale"),
    ("fédéral", "fédérale"),
    ("supérieur", "supérieure"),
    ("européen", "européenne"),
    ("populaire", "populaire"),
    ("indépendant", "indépendante"),
    ("général", "générale"),
    ("démocratique", "démocratique"),
    ("africain", "africaine"),
    ("arabe", "arabe"),
]
ORG_DOMAINS = """de l'Intérieur|de la Défense|de l'Économie|des Affaires étrangères|de la Justice|
de l'énergie atomique|des transports|du commerce extérieur|de la santé publique|pour le développement|
de la recherche scientifique|des droits de l'homme|de la concurrence|des marchés financiers|
de la protection civile|des réfugiés|du travail|de l'environnement|de la transition écologique|
du numérique|de la pêche|des mines|de l'aviation civile|de la sûreté nucléaire|pour la paix|
de l'agriculture|des télécommunications|de la statistique|du renseignement|de la cybersécurité|
pour la sécurité alimentaire|de l'eau|des forêts|du patrimoine|de la jeunesse|des sports|
de la consommation|pour l'emploi|des retraites|du logement""".replace("\n", "").split("|")
PLACE_BODIES = [
    ("Banque centrale", 1),
    ("Université", 1),
    ("Bourse", 1),
    ("Cour suprême", 1),
    ("Parlement", 0),
    ("Port autonome", 0),
    ("Chambre de commerce", 1),
    ("Conseil régional", 0),
    ("Tribunal administratif", 0),
    ("Préfecture", 1),
    ("Mairie", 1),
    ("Assemblée régionale", 1),
    ("Académie militaire", 1),
    ("Opéra", 0),
    ("Aéroport", 0),
    ("Hôpital", 0),
]
FIRM_KINDS = {
    "Groupe": "le ",
    "Fondation": "la ",
    "Institut": "l'",
    "Cabinet": "le ",
    "Banque": "la ",
}
FIRM_KIND_NAMES = tuple(FIRM_KINDS)
FIRM_SUFFIXES = (
    "Industries",
    "Énergie",
    "Holding",
    "Télécom",
    "Group",
    "Pharma",
    "Motors",
    "Finance",
    "Médias",
    "Logistique",
    "Aéronautique",
    "Mining",
    "Capital",
    "Systems",
    "Conseil",
    "Assurances",
    "Transports",
    "Défense",
    "Agro",
    "Solaire",
)

# Places: name, bare form in running text, locative form.
REAL_PLACES = [
    ("Moscou", "Moscou", "à Moscou"),
    ("Pékin", "Pékin", "à Pékin"),
    ("États-Unis", "les États-Unis", "aux États-Unis"),
    ("Chine", "la Chine", "en Chine"),
    ("Russie", "la Russie", "en Russie"),
    ("Ukraine", "l'Ukraine", "en Ukraine"),
    ("Washington", "Washington", "à Washington"),
    ("Kiev", "Kiev", "à Kiev"),
    ("France", "la France", "en France"),
    ("Paris", "Paris", "à Paris"),
    ("Abou Dhabi", "Abou Dhabi", "à Abou Dhabi"),
    ("Iran", "l'Iran", "en Iran"),
    ("Japon", "le Japon", "au Japon"),
    ("Inde", "l'Inde", "en Inde"),
    ("Bruxelles", "Bruxelles", "à Bruxelles"),
    ("Berlin", "Berlin", "à Berlin"),
    ("Allemagne", "l'Allemagne", "en Allemagne"),
    ("Turquie", "la Turquie", "en Turquie"),
    ("Israël", "Israël", "en Israël"),
    ("Le Caire", "Le Caire", "au Caire"),
    ("Londres", "Londres", "à Londres"),
    ("Royaume-Uni", "le Royaume-Uni", "au Royaume-Uni"),
    ("Brésil", "le Brésil", "au Brésil"),
    ("Pays-Bas", "les Pays-Bas", "aux Pays-Bas"),
    ("Genève", "Genève", "à Genève"),
    ("Téhéran", "Téhéran", "à Téhéran"),
    ("Ankara", "Ankara", "à Ankara"),
    ("New Delhi", "New Delhi", "à New Delhi"),
    ("Tokyo", "Tokyo", "à Tokyo"),
    ("Séoul", "Séoul", "à Séoul"),
    ("Pologne", "la Pologne", "en Pologne"),
    ("Kazakhstan", "le Kazakhstan", "au Kazakhstan"),
    ("Hongrie", "la Hongrie", "en Hongrie"),
    ("Arabie saoudite", "l'Arabie saoudite", "en Arabie saoudite"),
    ("Doha", "Doha", "à Doha"),
    ("Corée du Nord", "la Corée du Nord", "en Corée du Nord"),
    ("Taïwan", "Taïwan", "à Taïwan"),
    ("Minsk", "Minsk", "à Minsk"),
    ("Varsovie", "Varsovie", "à Varsovie"),
    ("Afrique du Sud", "l'Afrique du Sud", "en Afrique du Sud"),
    ("Dakar", "Dakar", "à Dakar"),
    ("Mexique", "le Mexique", "au Mexique"),
    ("Canada", "le Canada", "au Canada"),
    ("Vladivostok", "Vladivostok", "à Vladivostok"),
    ("Shanghai", "Shanghai", "à Shanghai"),
    ("Marseille", "Marseille", "à Marseille"),
    ("Lyon", "Lyon", "à Lyon"),
]
ONSETS = "b c d f g j l m n p r s t v ch br cl cr dr fl gr pl pr tr vr".split()
NUCLEI = "a e i o u é è ou au ai eu oi".split()
NUCLEI_LAST = "a e i o u ou au ai eu oi".split()  # no é/è before the coda
CODAS = ("", "n", "s", "t", "l", "r", "x", "c", "ne", "le", "re", "sse", "ville", "court", "mont")
TOWN_PREFIXES = ("Saint-", "Mont-", "Port-", "Val-", "Fort-", "Bourg-")
TOWN_SUFFIXES = ("-sur-Mer", "-les-Bains", "-la-Forêt", "-le-Haut", "-en-Vallée")

# Misc: (head, determiner) + generated town, or fixed names.
REAL_MISC = [
    ("New Start", "le traité "),
    ("accord de Paris", "l'"),
    ("accords de Minsk", "les "),
    ("traité de Versailles", "le "),
    ("Nord Stream 2", "le gazoduc "),
    ("Brexit", "le "),
    ("COP21", "la "),
    ("plan Marshall", "le "),
    ("protocole de Kyoto", "le "),
    ("traité de Lisbonne", "le "),
    ("Initiative ceinture et route", "l'"),
    ("Jeux olympiques", "les "),
]
MISC_HEADS = [
    ("traité de", "le "),
    ("accord de", "l'"),
    ("accords de", "les "),
    ("sommet de", "le "),
    ("conférence de", "la "),
    ("protocole de", "le "),
    ("pacte de", "le "),
    ("déclaration de", "la "),
    ("processus de", "le "),
    ("format de", "le "),
    ("forum de", "le "),
    ("initiative de", "l'"),
]
MISC_PERSON_HEADS = [
    ("plan", "le "),
    ("doctrine", "la "),
    ("loi", "la "),
    ("réforme", "la "),
    ("rapport", "le "),
]
MISC_BRAND_HEADS = [("opération", "l'"), ("programme", "le "), ("mission", "la ")]

GUARD = {n for n, *_ in REAL_PLACES} | {"Versailles", "Lisbonne", "Kyoto", "Minsk", "Paris"}
VOWELS = frozenset("aeiouAEIOUéèêëàâîïôûùÉÈÊÀÂÎÔÛœŒ")


# --------------------------------------------------------------------------------------------
# The vocabulary: rank -> entity, decoded lazily


def _coprime(cap: int, rng: random.Random) -> int:
    a = rng.randrange(cap // 3 + 1, cap) if cap > 3 else 1
    while math.gcd(a, cap) != 1:
        a += 1
    return a


class _Scramble:
    """A bijection of [0, cap): j -> (j * a + b) % cap, so that rank order isn't name order."""

    __slots__ = ("cap", "a", "b")

    def __init__(self, cap: int, rng: random.Random):
        self.cap, self.a, self.b = cap, _coprime(cap, rng), rng.randrange(cap)

    def __call__(self, j: int) -> int:
        return (j * self.a + self.b) % self.cap


def _plain(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def _elide_de(name: str) -> str:
    return ("d'" if name[0] in VOWELS else "de ") + name


class Vocabulary:
    """``entities`` distinct names, split by type, with a Zipf weight per rank inside each type.

    Records (all tuples, cached for the frequent ranks):
      per:  (full, surname, feminine, role_index, nation_index)
      org:  (name, running-text form with determiner, acronym alias or "", acronym form)
      loc:  (name, bare form with determiner, locative form)
      misc: (name, running-text form with determiner)
    """

    TYPES = ("per", "org", "loc", "misc")

    def __init__(self, entities: int, seed: int = 0):
        if entities < 4:
            raise ValueError("entities must be at least 4 (one per type)")
        self.entities = entities
        self.seed = seed
        self.sizes = sizes = self.split(entities)
        self.offsets = {}
        off = 0
        for t in self.TYPES:
            self.offsets[t] = off
            off += sizes[t]
        rng = random.Random(f"chronique-vocabulary-{seed}")
        F, L, LP = len(FIRST), len(SURNAMES), len(SURNAMES_PLAIN)
        self._sc = {
            "per0": _Scramble(F * L, rng),
            "per1": _Scramble(F * len(REGNAL[0]), rng),
            "per2": _Scramble(F * len(INITIALS) * L, rng),
            "per3": _Scramble(F * LP * (LP - 1), rng),
            "town": _Scramble(self._town_plain_cap(), rng),
            "townp": _Scramble(self._town_plain_cap(), rng),
            "towns": _Scramble(self._town_plain_cap(), rng),
            "brand": _Scramble(self._town_plain_cap(), rng),
            "inst0": _Scramble(len(ORG_HEADS) * len(ORG_QUALS) * len(ORG_DOMAINS), rng),
            "inst1": _Scramble(len(ORG_HEADS) * len(ORG_QUALS) * len(ORG_DOMAINS) * 10**6, rng),
            "body": _Scramble(len(PLACE_BODIES) * 10**6, rng),
            "firm0": _Scramble(len(FIRM_KINDS) * L, rng),
            "firm1": _Scramble(len(FIRM_SUFFIXES) * 10**6, rng),
            "acr": [_Scramble(26**k, rng) for k in (3, 4, 5)],
            "misc0": _Scramble(len(MISC_HEADS) * 10**6, rng),
            "misc1": _Scramble(len(MISC_PERSON_HEADS) * L, rng),
            "misc2": _Scramble(len(MISC_BRAND_HEADS) * 10**6, rng),
            "role": rng.randrange(1 << 30),
        }
        self._cum = {}
        self._tot = {}
        for t in self.TYPES:
            n = sizes[t]
            cum = list(accumulate(r**-ZIPF_S for r in range(1, n + 1)))
            self._cum[t] = cum
            self._tot[t] = cum[-1]
        self._cache = {t: {} for t in self.TYPES}
        self._decode = {
            "per": self._person,
            "org": self._org,
            "loc": self._place,
            "misc": self._misc,
        }
        self._fixed_acr = {n for n, _d, _a in REAL_ORGS if n.isupper()} | {
            a for _n, _d, a in REAL_ORGS if a
        }
        self._fixed_names = {n for n, _d, _a in REAL_ORGS}

    @staticmethod
    def split(entities: int) -> dict[str, int]:
        """How many names of each type a vocabulary of ``entities`` names holds."""
        sizes = {t: max(1, int(entities * share)) for t, share in SHARES}
        sizes["per"] += entities - sum(sizes.values())
        return sizes

    # -- sampling

    def sample(self, t: str, u: float) -> int:
        """The rank (0-based) of type ``t`` for a uniform draw ``u`` in [0, 1)."""
        cum = self._cum[t]
        r = bisect.bisect_right(cum, u * self._tot[t])
        return r if r < len(cum) else len(cum) - 1

    def record(self, t: str, r: int) -> tuple:
        cache = self._cache[t]
        rec = cache.get(r)
        if rec is None:
            rec = self._decode[t](r)
            if len(cache) < 300_000:
                cache[r] = rec
        return rec

    def name(self, t: str, r: int) -> str:
        return self.record(t, r)[0]

    def aliases(self, t: str, r: int) -> tuple[str, ...]:
        rec = self.record(t, r)
        return (rec[0], rec[2]) if t == "org" and rec[2] else (rec[0],)

    def __iter__(self):
        """(type, rank) for every entity, types in order, most frequent rank first."""
        for t in self.TYPES:
            for r in range(self.sizes[t]):
                yield t, r

    # -- decoders (pure functions of rank and seed)

    @staticmethod
    def _town_plain_cap() -> int:
        return len(ONSETS) ** 2 * len(NUCLEI) * len(NUCLEI_LAST) * len(CODAS)

    def _syllables(self, j: int) -> str:
        """A bijection from [0, _town_plain_cap()) to syllable-built words (onset+nucleus twice
        then a consonant-initial coda: maximal vowel and consonant runs make the parse unique)."""
        no, nn = len(ONSETS), len(NUCLEI)
        j, c = divmod(j, len(CODAS))
        j, n2 = divmod(j, len(NUCLEI_LAST))
        j, o2 = divmod(j, no)
        j, n1 = divmod(j, nn)
        o1 = j
        w = ONSETS[o1] + NUCLEI[n1] + ONSETS[o2] + NUCLEI_LAST[n2] + CODAS[c]
        return w[0].upper() + w[1:]

    def town(self, j: int) -> str:
        """Generated town number ``j`` (any non-negative int below ~35 million), distinct for
        distinct j: 7 in 10 plain ("Cleuvran"), 2 with a prefix ("Saint-"), 1 with a suffix
        ("-sur-Mer"), then prefix and suffix together once the plain words run out."""
        plain = self._town_plain_cap()
        limit = 10 * (plain // 7)
        if j < limit:
            q, d = divmod(j, 10)
            if d < 7:
                name = self._syllables(self._sc["town"](q * 7 + d))
            elif d < 9:
                k = self._sc["townp"](q * 2 + d - 7)
                name = TOWN_PREFIXES[k % len(TOWN_PREFIXES)] + self._syllables(k)
            else:
                k = self._sc["towns"](q)
                name = self._syllables(k) + TOWN_SUFFIXES[k % len(TOWN_SUFFIXES)]
        else:
            k, x = divmod(j - limit, len(TOWN_SUFFIXES))
            k, p = divmod(k, len(TOWN_PREFIXES))
            if k >= plain:
                raise ValueError("town space exhausted")
            name = TOWN_PREFIXES[p] + self._syllables(self._sc["town"](k)) + TOWN_SUFFIXES[x]
        if name in GUARD:
            name += "-le-Vieux"
        return name

    def brand(self, j: int) -> str:
        plain = self._town_plain_cap()
        tier, k = divmod(j, plain)
        base = self._syllables(self._sc["brand"](k))
        return base if tier == 0 else f"{base}{tier + 1}"

    def _person(self, r: int) -> tuple:
        if r < len(REAL_PERSONS):
            full, sur, fem, role, nat = REAL_PERSONS[r]
            return (full, sur, fem, role, NAT[nat])
        j = r - len(REAL_PERSONS)
        sc = self._sc
        L = len(SURNAMES)
        if j < sc["per0"].cap:
            f, s = divmod(sc["per0"](j), L)
            first, fem = FIRST[f]
            sur = SURNAMES[s]
            full = f"{first} {sur}"
        else:
            j -= sc["per0"].cap
            if j < sc["per1"].cap:
                f, k = divmod(sc["per1"](j), len(REGNAL[0]))
                first, fem = FIRST[f]
                sur = full = f"{first} {REGNAL[fem][k]}"
            else:
                j -= sc["per1"].cap
                if j < sc["per2"].cap:
                    k = sc["per2"](j)
                    k, s = divmod(k, L)
                    f, i = divmod(k, len(INITIALS))
                    first, fem = FIRST[f]
                    sur = SURNAMES[s]
                    full = f"{first} {INITIALS[i]}. {sur}"
                else:
                    j -= sc["per2"].cap
                    if j >= sc["per3"].cap:
                        raise ValueError("person space exhausted")
                    LP = len(SURNAMES_PLAIN)
                    k = sc["per3"](j)
                    k, s2 = divmod(k, LP - 1)
                    f, s1 = divmod(k, LP)
                    s2 += s2 >= s1
                    first, fem = FIRST[f]
                    sur = f"{SURNAMES_PLAIN[s1]}-{SURNAMES_PLAIN[s2]}"
                    full = f"{first} {sur}"
        h = (r * 2654435761 + sc["role"]) & 0xFFFFFFFF
        return (full, sur, fem, h % len(ROLES), (h >> 8) % len(NATIONS))

    def _org(self, r: int) -> tuple:
        if r < len(REAL_ORGS):
            name, det, acr = REAL_ORGS[r]
            return (name, det + name, acr, self._acr_form(acr, r) if acr else "")
        g = r - len(REAL_ORGS)
        form, j = g % 4, g // 4
        sc = self._sc
        acr = ""
        if form == 0:  # institutions, national then local
            nq, nd = len(ORG_QUALS), len(ORG_DOMAINS)
            cap0 = sc["inst0"].cap
            if j < cap0:
                k, town = sc["inst0"](j), ""
            else:
                k = sc["inst1"](j - cap0)
                k, t = divmod(k, 10**6)
                town = " " + _elide_de(self.town(t))
            k, d = divmod(k, nd)
            h, q = divmod(k, nq)
            head, fem = ORG_HEADS[h]
            qual = ORG_QUALS[q][fem]
            name = f"{head}{' ' + qual if qual else ''} {ORG_DOMAINS[d]}{town}"
            det = "l'" if head[0] in VOWELS else ("la " if fem else "le ")
            if name in self._fixed_names:
                name += " du Nord"  # no other generated name ends so
            if j % 10 < 3:
                words = [w for w in re.split(r"[ '-]", name) if len(w) > 3 or w[:1].isupper()]
                acr = _plain("".join(w[0] for w in words)[:5]).upper()
        elif form == 1:  # place-bound bodies
            k, t = divmod(sc["body"](j % sc["body"].cap), 10**6)
            head, fem = PLACE_BODIES[k]
            name = f"{head} {_elide_de(self.town(t + 10**6 * (j // sc['body'].cap)))}"
            det = "l'" if head[0] in VOWELS else ("la " if fem else "le ")
        elif form == 2:  # firms and foundations
            cap0 = sc["firm0"].cap
            if j < cap0:
                k, s = divmod(sc["firm0"](j), len(SURNAMES))
                kind = FIRM_KIND_NAMES[k]
                name = f"{kind} {SURNAMES[s]}"
                det = FIRM_KINDS[kind]
            else:
                k, b = divmod(sc["firm1"]((j - cap0) % sc["firm1"].cap), 10**6)
                b += 10**6 * ((j - cap0) // sc["firm1"].cap)
                name = f"{self.brand(b)} {FIRM_SUFFIXES[k]}"
                det = "le groupe "
        else:  # acronyms of 3 to 5 letters
            width = 3
            for s in sc["acr"]:
                if j < s.cap:
                    break
                j -= s.cap
                width += 1
            else:
                raise ValueError("acronym space exhausted")
            v = s(j)
            letters = []
            for _ in range(width):
                v, c = divmod(v, 26)
                letters.append(chr(65 + c))
            name = "".join(letters)
            if name in self._fixed_acr:
                name += "-2"
            det = self._acr_form(name, r)[: -len(name)]
        return (name, det + name, acr, self._acr_form(acr, r) if acr else "")

    @staticmethod
    def _acr_form(acr: str, r: int) -> str:
        if acr[0] in "AEIOU":
            return "l'" + acr
        return ("la " if r % 2 else "le ") + acr

    def _place(self, r: int) -> tuple:
        if r < len(REAL_PLACES):
            return REAL_PLACES[r]
        name = self.town(r - len(REAL_PLACES))
        return (name, name, "à " + name)

    def _misc(self, r: int) -> tuple:
        if r < len(REAL_MISC):
            name, det = REAL_MISC[r]
            return (name, det + name)
        g = r - len(REAL_MISC)
        form, j = g % 2, g // 2
        sc = self._sc
        if form == 0:
            k, t = divmod(sc["misc0"](j % sc["misc0"].cap), 10**6)
            head, det = MISC_HEADS[k]
            # offset keeps these towns apart from the org towns only by scrambling; names differ
            # anyway by their head
            name = f"{head[:-3]} {_elide_de(self.town(t + 10**6 * (j // sc['misc0'].cap)))}"
        else:
            cap1 = sc["misc1"].cap
            if j < cap1:
                k, s = divmod(sc["misc1"](j), len(SURNAMES))
                head, det = MISC_PERSON_HEADS[k]
                name = f"{head} {SURNAMES[s]}"
            else:
                j -= cap1
                k, b = divmod(sc["misc2"](j % sc["misc2"].cap), 10**6)
                head, det = MISC_BRAND_HEADS[k]
                name = f"{head} {self.brand(b + 10**6 * (j // sc['misc2'].cap))}"
        return (name, det + name)


def make_entity_names(count: int, seed: int = 0) -> list[tuple[str, ...]]:
    """All ``count`` names of the vocabulary, each as (name, *aliases) (an acronym for some
    organisations), most frequent first within each type (people, orgs, places, misc)."""
    voc = Vocabulary(count, seed)
    out: list[tuple[str, ...]] = []
    for t in voc.TYPES:
        decode = voc._decode[t]
        if t == "org":
            for r in range(voc.sizes[t]):
                rec = decode(r)
                out.append((rec[0], rec[2]) if rec[2] else (rec[0],))
        else:
            out.extend((decode(r)[0],) for r in range(voc.sizes[t]))
    return out


def entity_types(count: int) -> list[str]:
    """PER/ORG/LOC/MISC for each name of ``make_entity_names(count, seed)``, in the same order."""
    sizes = Vocabulary.split(max(count, 4))
    labels = {"per": "PER", "org": "ORG", "loc": "LOC", "misc": "MISC"}
    return [labels[t] for t in Vocabulary.TYPES for _ in range(sizes[t])][:count]


# --------------------------------------------------------------------------------------------
# Text: templates with {SLOT}s. A slot after "de ", "que " or "à " is joined the French way
# (d'Israël, qu'elle, du Japon, au ministre, des États-Unis, aux Pays-Bas).

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
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
QUOTE_STYLES = (('"', '"'), ('" ', ' "'), ("« ", " »"), ("«\u00a0", "\u00a0»"), ("“", "”"))
QUOTE_STYLE_CUM = (0.38, 0.52, 0.74, 0.82, 1.0)
PICK_WEIGHTS = (0.42, 0.24, 0.15, 0.1, 0.06, 0.03)
PICK_CUM = [
    tuple(accumulate(w / sum(PICK_WEIGHTS[:k]) for w in PICK_WEIGHTS[:k])) for k in range(7)
]
PICK_CUM[0] = (1.0,)
VERBS = """a déclaré|a affirmé|a souligné|a assuré|a estimé|a martelé|a indiqué|a prévenu|a insisté|
a lancé|a expliqué|a ajouté|a rappelé|a averti|a reconnu|a jugé|a confié|a résumé|a tranché|
a poursuivi""".replace("\n", "").split("|")
VERBS_INV = """ajouté|déclaré|souligné|affirmé|poursuivi|insisté|estimé|dit|lancé|martelé|prévenu|
assuré|conclu|précisé|fait valoir""".replace("\n", "").split("|")

TOPICS = """la guerre en Ukraine|le dossier nucléaire|les droits de douane|la coopération militaire|
la sécurité énergétique|les sanctions économiques|la crise migratoire|l'inflation|la dette publique|
les échanges commerciaux|la transition énergétique|le changement climatique|la sécurité alimentaire|
les négociations de paix|le contrôle des armements|la cybersécurité|les investissements étrangers|
la réforme institutionnelle|les approvisionnements en gaz|le prix du pétrole|les terres rares|
l'intelligence artificielle|les semi-conducteurs|la situation humanitaire|le dossier ukrainien|
le dossier iranien|la stabilité stratégique mondiale|les exportations agricoles|
la liberté de navigation|la lutte contre le terrorisme|la reconstruction|les droits de l'homme|
la dissuasion nucléaire|les avoirs gelés|le commerce des céréales|la défense antimissile""".replace(
    "\n", ""
).split("|")
QUOTE_SENTENCES = """Nous ne céderons à aucune pression extérieure|
La coopération entre nos deux pays n'a jamais été aussi solide|Il n'y a pas d'alternative au dialogue|
Nous sommes prêts à travailler avec tous nos partenaires, sans exception|
Cette décision est inacceptable et nous y répondrons|
Les sanctions unilatérales sont illégales et contre-productives|
Nous défendons les principes de justice et un ordre mondial reflétant les réalités multipolaires|
Personne ne gagnera une guerre commerciale|La situation reste extrêmement préoccupante|
Nous avons besoin de résultats concrets, pas de promesses|
Les relations entre nos pays ont été durement acquises et nous devons les chérir|
C'est un signal très fort envoyé à la communauté internationale|Nous attendons des actes, pas des mots|
Il est encore trop tôt pour parler d'un accord|Le temps presse|
Nous continuerons à soutenir nos partenaires aussi longtemps qu'il le faudra|
Ce n'est pas une question de confiance mais de sécurité|Aucune option n'est écartée|
La porte reste ouverte à la négociation|Nous ne laisserons personne nous dicter notre politique|
Les deux parties doivent (...) veiller à ce que les relations continuent à se développer de manière stable|
Cette crise nous concerne tous|Nous avons eu des échanges francs et constructifs|
Le monde traverse une période de turbulences croissantes|
La priorité absolue reste la protection des civils|Nous sommes à un tournant|
Ce partenariat est dans l'intérêt de la stabilité mondiale|Les chiffres parlent d'eux-mêmes|
Il faut garder la tête froide|Rien n'est encore décidé|
Nous nous opposons fermement à toute juridiction extraterritoriale|
L'histoire jugera ceux qui ont choisi l'escalade|Nous ne sommes pas naïfs|
Ce qui se joue aujourd'hui dépasse largement nos frontières""".replace("\n", "").split("|")
QUOTE_FRAGMENTS = """renforcer leur soutien mutuel|mettre en oeuvre le consensus important|
défendre l'équité et la justice|approfondir la coordination stratégique|respecter le droit international|
trouver une issue négociée au conflit|préserver la stabilité régionale|garantir la sécurité énergétique|
rétablir la confiance|tourner la page des divisions|agir sans délai|protéger les populations civiles|
relancer le dialogue politique|renoncer à toute escalade|faire preuve de retenue|
bâtir un ordre mondial plus juste|lutter ensemble contre le terrorisme|accélérer la transition énergétique|
soutenir la croissance|assumer leurs responsabilités|unir les pays du Sud global|
promouvoir un monde multipolaire|lever les obstacles au commerce|respecter les engagements pris""".replace(
    "\n", ""
).split("|")

POOLS_SRC = {
    "ACT": """a réaffirmé son soutien à {L}
a appelé à un renforcement du partenariat stratégique entre {L} et {L2}
s'est entretenu{e} par téléphone avec {PH}
a condamné le comportement de plus en plus agressif de {L}
a plaidé pour une coopération plus étroite avec {L}
a annoncé l'ouverture de négociations avec {O}
s'est rendu{e} {Lloc} pour une visite de deux jours
a dénoncé une décision {QO}inacceptable{QC} de {O}
a exhorté {O} à {QO}prendre ses responsabilités{QC}
a promis de renforcer la coopération avec {L} dans le domaine de {TOPIC}
a reçu {Lloc} une délégation de {O}
a signé un accord de coopération avec {O}
a rejeté les accusations de {O}
a salué le rôle de {O} dans {TOPIC}
s'est dit{e} {QO}profondément préoccupé{e}{QC} par la situation {Lloc}
a défendu {M} face aux critiques de {L}
a menacé de se retirer de {M}
a estimé que {L} devait {QP}
a appelé {O} à respecter {M}
a mis en garde {L} contre toute {QO}provocation{QC}
a présenté un plan en dix points sur {TOPIC}
a multiplié les contacts avec {PH}
a reporté sa visite {Lloc}, invoquant des raisons de sécurité
a pris ses distances avec la position de {O}""",
    "LACT": """plaidé pour une plus étroite coopération bilatérale
condamné le comportement de plus en plus agressif de {L}
promis de renforcer la coopération militaire entre leurs deux pays
signé une série d'accords portant sur {TOPIC}
affiché leur unité face à {L}
appelé à la reprise des négociations sur {M}
évoqué {TOPIC} lors d'un long entretien""",
    "CTX": """sur fond de pressions de {L} pour mettre un terme à la guerre
selon {O}
a indiqué {O}
selon un communiqué de {O}
d'après des chiffres officiels publiés {T}
au lendemain d'une rencontre avec {PH}
quelques heures seulement après l'annonce de {O}
dans un contexte international marqué par une grande incertitude
alors que les discussions sur {TOPIC} restent dans l'impasse
une première depuis {TYR}
selon l'agence officielle Chine nouvelle
a rapporté la presse locale
malgré les mises en garde de {L}
à quelques jours de l'ouverture de {M}""",
    "CL": """reste un partenaire incontournable
ne peut plus ignorer les appels de la communauté internationale
cherche avant tout à gagner du temps
joue un rôle clé dans {TOPIC}
a tout intérêt à une désescalade rapide
risque un isolement croissant sur la scène internationale
n'acceptera aucun compromis sur {TOPIC}
devra clarifier sa position sur {M}""",
    "ANN": """un plan d'aide de {NB} d'euros
l'ouverture d'une enquête sur {TOPIC}
la suspension de sa coopération avec {L}
de nouvelles sanctions contre {L}
un accord de principe sur {M}
le report sine die de la réunion prévue {Lloc}""",
}

LEADS_SRC = """En pleine intensification des tensions entre {L} et {L2}, {PR} {ACT} {TP}, {CTX}.
{PR} et {PH} ont {LACT} {TP} {Lloc}, {CTX}.
{PR} {ACT} {TP}{CTXc}.
{O} a annoncé {TP} {ANN}, une décision qui pourrait peser sur {TOPIC}.
{Q}, {V} {TP} {PR} {Lloc}.
{PA} {ACT} {TP} {Lloc}, {CTX}.
Moins de trois semaines après la visite {Lloc} de {PR}, {P2} {ACT} {TP}.
{TP2}, {PR} et {PH} ont {LACT}{CTXc}."""

BODY_SRC = """{Q}, {V} {TP} {PR}{CTXc}.
{Q}, {VI}.
{Q}, {V} {P}, selon {O}.
{Q}, {V} {PAc} lors d'une conférence de presse {Lloc}.
{Q}, {VI} {Lloc}.
{PR} {ACT}{CTXc}.
{P} {ACT} {T}{CTXc}.
{Il} {ACT}{CTXc}.
{PA} {ACT}{CTXc}.
{PR} a déclaré {TP} que {L} devait {QP}{CTXc}.
Les deux pays doivent également {QP}, {VI}, selon {O}.
Selon {P}, {L} {CL}.
{L}, un allié diplomatique et économique clé de {L2}, n'a jamais dénoncé l'offensive en cours depuis {TMY}.
Plusieurs alliés de {L} considèrent que la relation privilégiée avec {L2} fournit un soutien clé à l'effort de guerre, et espèrent voir {P} faire pression sur {P2}.
Parmi les sujets abordés figurait la préparation d'une visite de {PR} {Lloc} à l'occasion d'un sommet de {O}, avait rapporté plus tôt {L}.
{P} s'était entretenu{e} {WD} avec {PH}, notamment sur {TOPIC} et {QO}les relations avec {L}{QC}, selon {O}.
{PA} avait alors vanté la relation entre {L} et {L2} comme étant {QO}la plus stable et la plus riche en valeur stratégique{QC}.
Les déclarations de {P} surviennent quelques heures seulement après que {PR} a averti les partenaires commerciaux de {L} qu'{il} imposerait des droits de douane pouvant atteindre {PCT} {TF}.
Or, {L} est un partenaire commercial majeur de {L2}, avec lequel les échanges ont atteint {T} un montant record de {NB} d'euros, d'après des chiffres officiels.
Réagissant à la menace brandie par {P}, {L} a fustigé {TP} un acte de {QO}coercition{QC}, affirmant qu'il était inutile.
{O} a indiqué {TP} dans un communiqué que les discussions sur {TOPIC} se poursuivraient {TF}.
Un nouveau cycle de négociations entre les représentants de {L} et de {L2} a démarré {TP} {Lloc} pour tenter de trouver une issue à {N} mois de crise.
Selon {PAc} ces efforts ont été évoqués lors de l'entretien entre {P} et {P2}.
{L} et {L2} entretiennent des liens économiques, diplomatiques et militaires étroits, qui se sont encore renforcés depuis {TYR}.
L'entretien s'est tenu dans un contexte marqué par une grande incertitude, notamment sur {TOPIC} et {TOPIC}.
{O} avait déjà mis en garde {T} contre les risques liés à {TOPIC}.
{P} doit se rendre {Lloc} {TF} pour participer à {M}.
Les négociations autour de {M} sont au point mort depuis {TMY}, selon des sources diplomatiques.
{L} a annoncé {T} son retrait de {M}, une décision vivement critiquée par {O}.
Les échanges commerciaux entre {L} et {L2} ont progressé de {PCT} sur un an, à {NB} de dollars, selon {O}.
Dans une longue déclaration commune, {L} et {L2} affichent leur intention d'approfondir encore le {QO}partenariat sans limites{QC} scellé en {TMY}.
Ils se disent préoccupés par {TOPIC} et par les projets de {L} dans la région.
Concernant {TOPIC}, {P} a précisé que les deux parties étaient d'accord pour dire qu'un règlement politique constituait la {QO}bonne direction{QC}.
En retour, {P} s'est dit{e} reconnaissant{e} de la volonté de {L} de tenter de résoudre la crise, ajoutant qu'{il} informerait {PH} de la situation.
{P} a été reçu{e} {TP} par {PR}, une première depuis {TYR}.
{P}, interrogé{e} sur {TOPIC}, a refusé de commenter, renvoyant vers {O}.
Le bilan provisoire fait état de {N} morts et de plusieurs centaines de blessés, selon {O}.
{O} table désormais sur une croissance de {PCTd} cette année, contre {PCTd} prévus {T}.
D'après {O}, près de {N} 000 personnes ont été déplacées depuis {TD}.
{PA} {V} {TP} que {L} {CL}.
{QO}{QS}.{QC}
{QO}{QS}. {QS}{QC}, a poursuivi {P}.
Ces propos interviennent alors que {O} doit se réunir {TF} {Lloc}.
{P}, qui avait succédé à {P2} en {TMY}, a promis de {QFR}.
{O} et {O2} ont signé {T} un protocole d'accord portant sur {TOPIC}.
Une source proche du dossier à {O} a confirmé l'information, sans donner plus de détails.
Le texte doit encore être approuvé par {O} avant d'entrer en vigueur {TF}.
Lors de sa dernière visite {Lloc}, {T}, {P} avait plaidé pour {QO}{QFR}{QC}.
{P} et {P2} se sont déjà rencontrés à {N} reprises depuis {TYR}.
Pour {P}, {TOPIC} constitue désormais {QO}une priorité absolue{QC}.
{Il} a également évoqué {TOPIC}, sans entrer dans les détails.
Ni {O} ni {O2} n'ont souhaité réagir dans l'immédiat.
Cette annonce intervient moins d'un an après la signature de {M}.
{L} accuse depuis {TYR} {L2} de mener une politique de déstabilisation dans la région.
Le porte-parole de {O} a qualifié ces accusations de {QO}sans fondement{QC}.
Selon {O}, {NB} d'euros d'aides ont été débloqués {T}.
Il s'agit du {ORD} déplacement de {P} {Lloc} depuis le début de son mandat.
{P} avait déjà annoncé {TD} vouloir {QFR}.
En {TYR}, {L} et {L2} avaient conclu {M}, qui doit être renégocié {TF}.
{T}, {P} {ACT}.
{TP2}, {PR} {ACT}{CTXc}.
{Q}, {V} {T} {PA} {Lloc}.
{Q}, {V} {P} dans un entretien accordé à {O}.
{P2} n'a pas souhaité commenter ces déclarations {TP}."""

CLOSE_SRC = """{O} n'a pas donné de calendrier précis pour la suite des discussions.
La prochaine réunion est prévue {TF} {Lloc}.
Aucune date n'a été fixée pour un prochain sommet entre {L} et {L2}.
{P} doit s'exprimer de nouveau {TF}.
Les deux parties ont convenu de se revoir {TF}."""

HEADS_SRC = """Une visite d'État à venir ?
{NB} d'échanges de biens
Proximité des points de vue de {L} et {L2}
Les Occidentaux dans le viseur
{QO}Partenariat sans limites{QC}
Une coopération, facteur de stabilité pour {XP}
Vers un nouveau sommet {Lloc}
Des sanctions renforcées
Pressions croissantes sur {L}
Un accord encore fragile
{XO} sous pression
Des négociations au point mort
Réactions en chaîne
Inquiétudes {Lloc}
Un calendrier serré
Le dialogue renoué
La Chine n'a jamais condamné la Russie pour son offensive en Ukraine
Quel avenir pour {M} ?
Sur {TOPIC}, des divergences persistantes"""

TITLES_SRC = """{XP} réaffirme son soutien à {XL}
{XL} et {XL2} promettent de renforcer leur coopération
{XO} : {XTOPIC} au cœur des discussions
{XP} met en garde {XL}
Visite de {XP} {XLloc}
{XM} : {XL} menace de se retirer
{XP} et {XP2} affichent leur proximité
Tensions autour de {XTOPIC} : {XO} hausse le ton"""

_SLOT_RE = re.compile(r"\{(\w+)\}")
_JOIN_RE = re.compile(r"(?:^|(?<=[\s'(]))(de|De|que|Que|à|À) $")


def _compile(src: str) -> tuple:
    """Template -> (((literal, slot, join), ...), tail)."""
    pieces = _SLOT_RE.split(src)
    parts = []
    for k in range(0, len(pieces) - 1, 2):
        lit, slot = pieces[k], pieces[k + 1]
        if slot not in _SLOTS:
            raise KeyError(f"unknown slot {slot!r} in {src!r}")
        join = None
        m = _JOIN_RE.search(lit)
        if m:
            w, stem = m.group(1), lit[: m.start(1)]
            cap = w[0].isupper()
            if w.lower() == "de":
                join = (
                    stem + w[0] + "'",
                    stem + ("Du " if cap else "du "),
                    stem + ("Des " if cap else "des "),
                )
            elif w.lower() == "que":
                join = (stem + w[:2] + "'", None, None)
            else:
                join = (None, stem + ("Au " if cap else "au "), stem + ("Aux " if cap else "aux "))
        parts.append((lit, _SLOTS[slot], join))
    return (tuple(parts), pieces[-1])


def _render(tpl: tuple, st: _Article) -> str:
    """Fill a compiled template, slots evaluated left to right (mention order matters)."""
    parts, tail = tpl
    out = []
    for lit, fn, join in parts:
        v = fn(st)
        if join is not None and v:  # join = (elided, before "le ", before "les ") literals
            c = v[0]
            if c in VOWELS:
                if join[0] is not None:
                    lit = join[0]
            elif c == "l" or c == "L":
                if v[:3] in ("le ", "Le "):
                    if join[1] is not None:
                        lit, v = join[1], v[3:]
                elif v[:4] in ("les ", "Les ") and join[2] is not None:
                    lit, v = join[2], v[4:]
        out.append(lit + v)
    out.append(tail)
    return "".join(out)


def _day_month(d: date) -> str:
    return f"{'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]}"


class _Article:
    """Mutable state while one article is written: its random stream, cast and mentions."""

    __slots__ = (
        "rnd",
        "voc",
        "day",
        "per",
        "org",
        "loc",
        "misc",
        "cur",
        "other",
        "qclose",
        "qstyle",
        "seen",
        "lastorg",
        "lastloc",
    )

    def __init__(self, voc: Vocabulary, rng: random.Random, day: int):
        self.rnd = rnd = rng.random
        self.voc = voc
        self.day = day
        # cast: [record, rank, mentioned]
        self.per = self._cast("per", 2 + int(rnd() * 4))
        self.org = self._cast("org", 2 + int(rnd() * 3))
        self.loc = self._cast("loc", 2 + int(rnd() * 3))
        self.misc = self._cast("misc", 1)
        self.cur = self.other = self.lastorg = self.lastloc = 0
        self.qclose = '"'
        u = rnd()
        self.qstyle = next(k for k, c in enumerate(QUOTE_STYLE_CUM) if u < c)
        self.seen: set[int] = set()

    def _cast(self, t: str, k: int) -> list:
        voc, rnd = self.voc, self.rnd
        k = min(k, voc.sizes[t])
        ranks: list[int] = []
        for _ in range(k * 6):
            r = voc.sample(t, rnd())
            if r not in ranks:
                ranks.append(r)
                if len(ranks) == k:
                    break
        off = voc.offsets[t]
        return [[voc.record(t, r), off + r, False] for r in ranks]

    def pick(self, cast: list) -> int:
        """A cast index, the first members (drawn first, so usually the most famous) favoured."""
        u = self.rnd()
        i = 0
        for c in PICK_CUM[len(cast)]:
            if u < c:
                return i
            i += 1
        return i - 1

    def other_than(self, cast: list, i: int) -> int:
        n = len(cast)
        if n < 2:
            return i
        j = int(self.rnd() * (n - 1))
        return j + (j >= i)

    def see(self, m: list) -> None:
        self.seen.add(m[1])

    # -- people

    def pname(self, i: int) -> str:
        m = self.per[i]
        rec = m[0]
        self.see(m)
        if not m[2]:
            m[2] = True
            return rec[0]
        u = self.rnd()
        if u < 0.8 or rec[1] == rec[0]:
            return rec[1]
        if u < 0.92:
            return rec[0]
        return ("Mme " if rec[2] else "M. ") + rec[1]

    def role(self, i: int) -> str:
        _full, _sur, fem, role, nat = self.per[i][0]
        adj = NATIONS[nat]
        return ROLES[role][fem].format(a=adj[fem], am=adj[0], af=adj[1])

    def homologue(self) -> str:
        j = self.other_than(self.per, self.cur)
        self.other = j
        rec = self.per[j][0]
        return f"son homologue {NATIONS[rec[4]][rec[2]]} {self.pname(j)}"

    # -- dates, relative to the publication day

    def past_day(self, lo: int, hi: int) -> date:
        return date.fromordinal(self.day - lo - int(self.rnd() * (hi - lo)))

    def future_day(self, lo: int, hi: int) -> date:
        return date.fromordinal(self.day + lo + int(self.rnd() * (hi - lo)))

    def month_year_before(self) -> str:
        d = date.fromordinal(self.day)
        k = d.year * 12 + d.month - 1 - 1 - int(self.rnd() * 96)
        return f"{MONTHS[k % 12]} {k // 12}"

    def quote_style(self) -> tuple[str, str]:
        if self.rnd() < 0.12:
            return QUOTE_STYLES[int(self.rnd() * len(QUOTE_STYLES))]
        return QUOTE_STYLES[self.qstyle]


def _choice(seq):
    n = len(seq)
    return lambda st: seq[int(st.rnd() * n)]


def _pool(name: str):
    def fn(st):
        pool = _POOLS[name]
        return _render(pool[int(st.rnd() * len(pool))], st)

    return fn


def _s_P(st):
    i = st.cur = st.pick(st.per)
    return st.pname(i)


def _s_P2(st):
    i = st.other = st.other_than(st.per, st.cur)
    return st.pname(i)


def _s_PR(st):
    i = st.cur = st.pick(st.per)
    m = st.per[i]
    if not m[2]:
        return st.role(i) + " " + st.pname(i)
    if st.rnd() < 0.5:
        return st.role(i)
    return st.pname(i)


def _s_PA(st, comma=""):
    i = st.cur = st.pick(st.per)
    if not st.per[i][2]:
        return f"{st.role(i)}, {st.pname(i)},"
    return st.pname(i) + comma


def _s_TP(st):
    d = date.fromordinal(st.day)
    wd = WEEKDAYS[d.weekday()]
    u = st.rnd()
    if u < 0.35:
        return wd
    if u < 0.55:
        return "ce " + wd
    if u < 0.8:
        return f"{wd} {_day_month(d)}"
    if u < 0.9:
        return f"ce {wd} {_day_month(d)}"
    return wd + " soir"


def _s_WD(st):
    return WEEKDAYS[st.past_day(1, 6).weekday()]


def _s_T(st):
    u = st.rnd()
    if u < 0.14:
        return WEEKDAYS[st.past_day(1, 6).weekday()]
    if u < 0.24:
        d = st.past_day(1, 6)
        return f"{WEEKDAYS[d.weekday()]} {_day_month(d)}"
    if u < 0.38:
        return "le " + _day_month(st.past_day(7, 330))
    if u < 0.44:
        return f"le {_day_month(st.past_day(20, 300))} dernier"
    if u < 0.58:
        return "en " + st.month_year_before()
    if u < 0.66:
        return f"en {date.fromordinal(st.day).year - 1 - int(st.rnd() * 25)}"
    if u < 0.73:
        return ("l'an dernier", "l'année dernière", "le mois dernier", "la semaine dernière")[
            int(st.rnd() * 4)
        ]
    if u < 0.8:
        return f"il y a {2 + int(st.rnd() * 15)} ans"
    if u < 0.88:
        d = st.past_day(30, 3000)
        return f"le {_day_month(d)} {d.year}"
    if u < 0.94:
        d = st.past_day(40, 700)
        return f"{'début' if st.rnd() < 0.5 else 'fin'} {MONTHS[d.month - 1]} {d.year}"
    return "plus tôt dans la journée"


def _s_TF(st):
    u = st.rnd()
    if u < 0.25:
        return f"d'ici {(7, 10, 15, 30, 50, 60, 90, 100)[int(st.rnd() * 8)]} jours"
    if u < 0.4:
        return (
            "dans les prochains jours",
            "d'ici la fin de l'année",
            "le mois prochain",
            "l'an prochain",
            "dans les semaines à venir",
        )[int(st.rnd() * 5)]
    if u < 0.6:
        return f"le {_day_month(st.future_day(3, 300))} prochain"
    if u < 0.75:
        return f"d'ici {date.fromordinal(st.day).year + 1 + int(st.rnd() * 10)}"
    if u < 0.88:
        return f"dans {2 + int(st.rnd() * 16)} mois"
    d = st.future_day(10, 400)
    return f"en {MONTHS[d.month - 1]} {d.year}"


def _s_TD(st):
    return "le " + _day_month(st.past_day(7, 330))


def _s_TYR(st):
    return str(date.fromordinal(st.day).year - 1 - int(st.rnd() * 25))


def _s_Q(st):
    o, c = st.quote_style()
    n = len(QUOTE_SENTENCES)
    q = QUOTE_SENTENCES[int(st.rnd() * n)]
    u = st.rnd()
    if u < 0.3:
        q += ". " + QUOTE_SENTENCES[int(st.rnd() * n)]
    elif u < 0.4:
        q2 = QUOTE_SENTENCES[int(st.rnd() * n)]
        q += " (...) " + q2[0].lower() + q2[1:]
    return o + q + c


def _s_QP(st):
    o, c = st.quote_style()
    return o + QUOTE_FRAGMENTS[int(st.rnd() * len(QUOTE_FRAGMENTS))] + c


def _s_QO(st):
    o, st.qclose = st.quote_style()
    return o


def _s_O(st, i=None):
    if i is None:
        i = st.pick(st.org)
    st.lastorg = i
    m = st.org[i]
    rec = m[0]
    st.see(m)
    if not m[2]:
        m[2] = True
        return f"{rec[1]} ({rec[2]})" if rec[2] else rec[1]
    if rec[2] and st.rnd() < 0.7:
        return rec[3]
    return rec[1]


def _s_O2(st):
    return _s_O(st, st.other_than(st.org, st.lastorg))


def _s_L(st, k=1, i=None):
    if i is None:
        i = st.pick(st.loc)
    st.lastloc = i
    m = st.loc[i]
    st.see(m)
    return m[0][k]


def _s_M(st):
    m = st.misc[0]
    st.see(m)
    return m[0][1]


def _s_title_p(k):
    def fn(st):
        m = st.per[min(k, len(st.per) - 1)]
        st.see(m)
        return m[0][0]

    return fn


def _s_title_l(k, form):
    def fn(st):
        m = st.loc[min(k, len(st.loc) - 1)]
        st.see(m)
        return m[0][form]

    return fn


_SLOTS = {
    "P": _s_P,
    "P2": _s_P2,
    "PR": _s_PR,
    "PA": _s_PA,
    "PAc": lambda st: _s_PA(st, ","),
    "PH": lambda st: st.homologue(),
    "Il": lambda st: "Elle" if st.per[st.cur][0][2] else "Il",
    "il": lambda st: "elle" if st.per[st.cur][0][2] else "il",
    "e": lambda st: "e" if st.per[st.cur][0][2] else "",
    "O": _s_O,
    "O2": _s_O2,
    "L": _s_L,
    "L2": lambda st: _s_L(st, 1, st.other_than(st.loc, st.lastloc)),
    "Lloc": lambda st: _s_L(st, 2),
    "M": _s_M,
    "TP": _s_TP,
    "TP2": lambda st: _s_TP(st).capitalize(),
    "WD": _s_WD,
    "T": _s_T,
    "TF": _s_TF,
    "TD": _s_TD,
    "TYR": _s_TYR,
    "TMY": lambda st: st.month_year_before(),
    "Q": _s_Q,
    "QP": _s_QP,
    "QO": _s_QO,
    "QC": lambda st: st.qclose,
    "QS": _choice(QUOTE_SENTENCES),
    "QFR": _choice(QUOTE_FRAGMENTS),
    "V": _choice(VERBS),
    "VI": lambda st: (
        f"a-t-{'elle' if st.per[st.cur][0][2] else 'il'} "
        f"{VERBS_INV[int(st.rnd() * len(VERBS_INV))]}"
    ),
    "TOPIC": _choice(TOPICS),
    "N": lambda st: str(2 + int(st.rnd() * 88)),
    "NB": lambda st: f"{2 + int(st.rnd() * 898)} {'milliards' if st.rnd() < 0.6 else 'millions'}",
    "PCT": lambda st: f"{1 + int(st.rnd() * 100)}%",
    "PCTd": lambda st: f"{int(st.rnd() * 6)},{int(st.rnd() * 10)}%",
    "ORD": _choice(("premier", "deuxième", "troisième", "quatrième", "cinquième")),
    "ACT": _pool("ACT"),
    "LACT": _pool("LACT"),
    "CTX": _pool("CTX"),
    "CTXc": lambda st: "" if st.rnd() < 0.5 else ", " + _SLOTS["CTX"](st),
    "CL": _pool("CL"),
    "ANN": _pool("ANN"),
    "XP": _s_title_p(0),
    "XP2": _s_title_p(1),
    "XL": _s_title_l(0, 1),
    "XL2": _s_title_l(1, 1),
    "XLloc": _s_title_l(0, 2),
    "XO": lambda st: st.org[0][0][1],
    "XM": lambda st: st.misc[0][0][0],
    "XTOPIC": _choice(TOPICS),
}
_POOLS = {k: [_compile(line) for line in v.splitlines()] for k, v in POOLS_SRC.items()}
LEADS = [_compile(line) for line in LEADS_SRC.splitlines()]
BODY = [_compile(line) for line in BODY_SRC.splitlines()]
CLOSES = [_compile(line) for line in CLOSE_SRC.splitlines()]
HEADS = [_compile(line) for line in HEADS_SRC.splitlines()]
TITLES = [_compile(line) for line in TITLES_SRC.splitlines()]


# --------------------------------------------------------------------------------------------
# Articles

SOURCES = ("AFP", "AFP", "AFP", "Le Quotidien synthétique", "Dépêches de l'Est", "Radio Chronique")
CONTROL_SAMPLE = (
    "Texte piégé : [@click=app.quit]x[/] [bold red]alerte[/bold red] [link=https://example.org]lien[/link] "
    "\x1b]52;c;SGVsbG8=\x07 \x1b[31mrouge\x1b[0m \x1b[2J nul\x00 suppr\x7f csi\x9b fin."
)


def _sentence(tpl: tuple, st: _Article) -> str:
    s = _render(tpl, st)
    c = s[0]
    return s if c.isupper() or not c.isalpha() else c.upper() + s[1:]


def _pick(seq: list, st: _Article):
    return seq[int(st.rnd() * len(seq))]


def _caption(st: _Article) -> str:
    rnd = st.rnd
    a = st.pick(st.per)
    b = st.other_than(st.per, a)
    pa, pb = st.per[a], st.per[b]
    st.see(pa)
    u = rnd()
    if u < 0.3:
        when = date.fromordinal(st.day)
    elif u < 0.7:
        when = st.past_day(1, 30)
    else:
        when = st.past_day(30, 2500)
    when_s = f"{_day_month(when)} {when.year}"
    loc = _pick(st.loc, st)
    st.see(loc)
    place = loc[0][2]
    first, _fem = _pick(FIRST, st)
    photog = f"{first} {_pick(SURNAMES_PLAIN, st)}".upper()
    v = rnd()
    if v < 0.35 and b != a:
        st.see(pb)
        text = f"{pa[0][0]} et {pb[0][0]}, le {when_s}, {place}"
    elif v < 0.55 and b != a:
        st.see(pb)
        rec = pb[0]
        role = st.role(a)
        text = (
            f"{role[0].upper()}{role[1:]} {pa[0][0]} et son homologue "
            f"{NATIONS[rec[4]][rec[2]]} {rec[0]} {place} le {when_s}."
        )
    elif v < 0.8:
        text = f"{pa[0][0]} lors d'une conférence de presse {place}, le {when_s}"
    else:
        text = f"{pa[0][0]}, le {when_s} {place}"
    return f"{text} ( AFP / {photog} )"


def _article(voc: Vocabulary, seed: int, index: int) -> tuple[str, str, str, list[int]]:
    """(date, title, text, entity ids seen) of article ``index``; text paragraphs joined by
    blank lines, the lead first."""
    rng = random.Random(((seed & 0xFFFFFFFFFFFF) << 32) | index)
    rnd = rng.random
    day = FIRST_DAY + int(rnd() * (LAST_DAY - FIRST_DAY + 1))
    d = date.fromordinal(day)
    date_s = f"{d.year:04d}-{d.month:02d}" if rnd() < 1 / 3 else d.isoformat()
    st = _Article(voc, rng, day)
    target = 2350 + 1150 * rnd()

    lead = _sentence(_pick(LEADS, st), st)
    if rnd() < 0.35:
        lead += " " + _sentence(_pick(BODY, st), st)
    paras = [lead]
    caption = _caption(st) if rnd() < 0.4 else None
    size = len(lead) + (len(caption) + 2 if caption else 0)
    while True:  # 6 to 12 paragraphs of 1 to 4 sentences, until the target length
        sents = []
        for _ in range(1 + int(rnd() * 3) + (rnd() < 0.5)):
            sent = _sentence(_pick(BODY, st), st)
            sents.append(sent)
            size += len(sent) + 1
            if size >= target and len(paras) >= 5:
                break
        paras.append(" ".join(sents))
        size += 1
        if (size >= target and len(paras) >= 6) or len(paras) >= 12:
            break
    while size < 2500:  # twelve short paragraphs: lengthen the last ones
        sent = _sentence(_pick(BODY, st), st)
        paras[-1] += " " + sent
        size += len(sent) + 1
    if rnd() < 0.3:
        paras[-1] += " " + _sentence(_pick(CLOSES, st), st)
    u = rnd()
    n_heads = 0 if u < 0.05 else 1 if u < 0.65 else 2
    # a subheading goes before paragraph 2..len-1, two of them at least two paragraphs apart
    first = 2 + int(rnd() * (len(paras) - 2))
    spots = [first]
    if n_heads == 2:
        second = 2 + int(rnd() * (len(paras) - 2))
        if abs(second - first) >= 2:
            spots.append(second)
    for pos in sorted(spots[:n_heads], reverse=True):
        paras.insert(pos, _sentence(_pick(HEADS, st), st))
    if caption:
        if rnd() < 0.15:
            paras.insert(0, caption)
        else:
            paras.insert(1, caption)
    text = "\n\n".join(paras)
    u = rnd()
    if u < 0.25:
        text = text.replace("'", "\u2019")
    elif u < 0.4:
        text = text.replace("É", "E")
    title = _sentence(_pick(TITLES, st), st)
    return date_s, title, text, sorted(st.seen)


def _slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:60]


# Worker state: set before the pool forks, so children inherit the vocabulary for free.
_JOB: dict = {}


def _chunk(k: int) -> tuple[int, list[int], dict[str, int], list[tuple[str, bytes]]]:
    """Articles [k*PER_FOLDER, (k+1)*PER_FOLDER): (chars, entity ids seen, odd counts, files),
    files being [(article id, bytes)] (one item, the JSON lines, with --jsonl). Pure: the
    parent process does all the writing, so workers never contend for the file system."""
    job = _JOB
    voc, seed, n, width = job["voc"], job["seed"], job["articles"], job["width"]
    jsonl, odd = job["jsonl"], job["odd"]
    lo, hi = k * PER_FOLDER, min(n, (k + 1) * PER_FOLDER)
    seen: set[int] = set()
    odd_counts: dict[str, int] = {}
    chars = 0
    files: list[tuple[str, bytes]] = []
    lines: list[str] = []
    for i in range(lo, hi):
        date_s, title, text, ids = _article(voc, seed, i)
        aid = f"{i:0{width}d}"
        if jsonl:
            y, m = date_s[:4], date_s[5:7]
            obj = {
                "id": aid,
                "date": date_s,
                "title": title,
                "text": text,
                "source": SOURCES[i % len(SOURCES)],
                "url": f"https://actu.example.org/{y}/{m}/{_slug(title)}-{aid}.html",
            }
            lines.append(json.dumps(obj, ensure_ascii=False) + "\n")
        else:
            kind = odd.get(i)
            if kind is None:
                data = f" date {date_s} {text}".encode()
            else:
                odd_counts[kind] = odd_counts.get(kind, 0) + 1
                if kind == "cp1252":
                    data = f" date {date_s} {text}".encode("cp1252", errors="replace")
                elif kind == "empty":
                    data, text, ids = b"", "", []
                elif kind == "no-header":
                    data = text.encode()
                else:  # "control"
                    lead, _, rest = text.partition("\n\n")
                    text = f"{lead}\n\n{CONTROL_SAMPLE}\n\n{rest}"
                    data = f" date {date_s} {text}".encode()
            files.append((aid, data))
        seen.update(ids)
        chars += len(text)
    if jsonl:
        files.append(("", "".join(lines).encode()))
    return chars, sorted(seen), odd_counts, files


def _odd_map(articles: int, seed: int, fraction: float) -> dict[int, str]:
    if fraction <= 0 or articles <= 0:
        return {}
    count = min(articles, math.ceil(articles * fraction))
    rng = random.Random(f"chronique-odd-{seed}")
    picked = rng.sample(range(articles), count)
    return {i: ODD_KINDS[k % len(ODD_KINDS)] for k, i in enumerate(picked)}


def _default_workers(articles: int) -> int:
    if articles < 4 * PER_FOLDER:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def make_corpus(
    out: Path,
    articles: int,
    entities: int,
    seed: int,
    jsonl: bool = False,
    odd_fraction: float = 0.001,
    *,
    workers: int | None = None,
    force: bool = False,
) -> dict:
    """Write the corpus (a folder of .txt, or one .jsonl file with ``jsonl``) and return a
    summary: articles, files, bytes, mb, chars_mean, entities, distinct_names (used in the
    text, by type too), odd_files, seconds, ..."""
    t0 = time.perf_counter()
    out = Path(out)
    if articles < 0:
        raise ValueError("articles must be >= 0")
    if jsonl:
        if out.exists() and not force:
            raise FileExistsError(f"{out} exists (pass force=True / --force to overwrite it)")
        out.parent.mkdir(parents=True, exist_ok=True)
    else:
        if out.exists() and not out.is_dir():
            raise FileExistsError(f"{out} exists and is not a folder")
        if out.is_dir() and any(out.iterdir()) and not force:
            raise FileExistsError(
                f"{out} is not empty (pass force=True / --force to write into it)"
            )
        out.mkdir(parents=True, exist_ok=True)
    voc = Vocabulary(entities, seed)
    odd = {} if jsonl else _odd_map(articles, seed, odd_fraction)
    _JOB.clear()
    _JOB.update(
        voc=voc,
        seed=seed,
        articles=articles,
        width=max(6, len(str(max(articles - 1, 0)))),
        jsonl=jsonl,
        odd=odd,
    )
    n_chunks = -(-articles // PER_FOLDER)
    workers = workers or _default_workers(articles)
    chars = 0
    seen: set[int] = set()
    odd_counts: dict[str, int] = {}
    writer = _Writer(out, jsonl)
    done = False
    try:
        if workers > 1 and n_chunks > 1:
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(min(workers, n_chunks)) as pool:
                todo = iter(range(n_chunks))
                pending = deque(pool.apply_async(_chunk, (k,)) for k in islice(todo, 2 * workers))
                while pending:
                    res = pending.popleft().get()
                    nxt = next(todo, None)
                    if nxt is not None:
                        pending.append(pool.apply_async(_chunk, (nxt,)))
                    chars += _gather(res, seen, odd_counts, writer)
        else:
            for k in range(n_chunks):
                chars += _gather(_chunk(k), seen, odd_counts, writer)
        done = True
    finally:
        _JOB.clear()
        writer.close(done)
    total = writer.bytes
    by_type = {t: 0 for t in Vocabulary.TYPES}
    bounds = [(voc.offsets[t], t) for t in Vocabulary.TYPES]
    for x in seen:
        by_type[bounds[bisect.bisect_right(bounds, (x, "~")) - 1][1]] += 1
    seconds = time.perf_counter() - t0
    return {
        "out": str(out),
        "format": "jsonl" if jsonl else "txt",
        "articles": articles,
        "files": 1 if jsonl else articles,
        "bytes": total,
        "mb": round(total / 1e6, 2),
        "chars_mean": round(chars / articles) if articles else 0,
        "entities": entities,
        "distinct_names": len(seen),
        "distinct_by_type": by_type,
        "odd_files": dict(sorted(odd_counts.items())),
        "seed": seed,
        "workers": workers,
        "seconds": round(seconds, 2),
    }


class _Writer:
    """Writes what the workers made: one file per article under OUT/NNNN/, or the JSON lines
    into OUT.part, renamed to OUT when complete."""

    FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)

    def __init__(self, out: Path, jsonl: bool):
        self.out, self.jsonl, self.bytes = out, jsonl, 0
        self.folder = ""
        self.tmp = out.with_name(out.name + ".part") if jsonl else None
        self.sink = open(self.tmp, "wb") if jsonl else None  # noqa: SIM115 - see close()

    def write(self, aid: str, data: bytes) -> None:
        self.bytes += len(data)
        if self.sink is not None:
            self.sink.write(data)
            return
        folder = os.path.join(self.out, f"{int(aid) // PER_FOLDER:04d}")
        if folder != self.folder:
            os.makedirs(folder, exist_ok=True)
            self.folder = folder
        fd = os.open(os.path.join(folder, aid + ".txt"), self.FLAGS, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def close(self, complete: bool = True) -> None:
        if self.sink is not None:
            self.sink.close()
            self.sink = None
            if complete:
                os.replace(self.tmp, self.out)
            else:
                os.unlink(self.tmp)


def _gather(res, seen: set[int], odd_counts: dict[str, int], writer: _Writer) -> int:
    chars, ids, odd, files = res
    seen.update(ids)
    for k, v in odd.items():
        odd_counts[k] = odd_counts.get(k, 0) + v
    for aid, data in files:
        writer.write(aid, data)
    return chars


def summary_line(info: dict) -> str:
    odd = sum(info["odd_files"].values())
    return (
        f"{info['articles']:,} articles, {info['mb']:.1f} MB written to {info['out']} "
        f"({info['format']}, mean {info['chars_mean']:,} chars), {info['distinct_names']:,} "
        f"distinct entity names used (vocabulary {info['entities']:,}), {odd} odd files, "
        f"{info['seconds']:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.make_corpus",
        description="Write a deterministic synthetic corpus of French news-like articles.",
    )
    ap.add_argument("out", type=Path, help="output folder (or file with --jsonl)")
    ap.add_argument("--articles", type=int, default=1000, help="number of articles (1000)")
    ap.add_argument("--entities", type=int, default=10_000, help="vocabulary size (10000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jsonl", action="store_true", help="one JSON Lines file instead of .txt")
    ap.add_argument(
        "--odd-fraction",
        type=float,
        default=0.001,
        help="share of deliberately odd .txt files (0.001)",
    )
    ap.add_argument("--clean", action="store_true", help="no odd files")
    ap.add_argument("--workers", type=int, default=None, help="processes (default: cores)")
    ap.add_argument("--force", action="store_true", help="write into a non-empty OUT")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)
    try:
        info = make_corpus(
            args.out,
            args.articles,
            args.entities,
            args.seed,
            jsonl=args.jsonl,
            odd_fraction=0.0 if args.clean else args.odd_fraction,
            workers=args.workers,
            force=args.force,
        )
    except (ValueError, FileExistsError) as e:
        print(f"make_corpus: error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(info, ensure_ascii=False) if args.json else summary_line(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
