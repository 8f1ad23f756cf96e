"""French-like entity names for the filter benchmark (when bench.make_corpus has no generator),
and realistic queries typed with typos.

Deterministic for a seed. Names are distinct: people (first name + built surname), places,
organisations (with acronyms as aliases) and events, in the proportions of a news corpus.
"""

from __future__ import annotations

import random

FIRST = """Jean Marie Pierre Michel André Philippe Nathalie Isabelle Sylvie Catherine Françoise
Anne Christine Monique Jacques Alain Bernard Daniel Patrick Nicolas Christophe Stéphane Éric
Frédéric Laurent Julien Olivier Thierry Sébastien Emmanuel Sandrine Valérie Céline Hélène
Élise Chloé Léa Manon Camille Inès Zoé Hugo Lucas Louis Gabriel Arthur Raphaël Théo Noé Émile
Sergueï Vladimir Dmitri Iouri Wang Li Zhang Xi Ahmed Karim Fatima Yasmine Olaf Angela Ursula
Giorgia Pedro Luiz Narendra Recep Volodymyr Kamala Joe Donald Rishi Keir Friedrich Mette""".split()

SYL = """ba be bi bo bu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo mu na
ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to va ve vi vo ze zi chan chen
lin min rou mar ber ger vet lan ton mon dor vil cour mont bel roc fau gui quet nier lard""".split()
ENDS = [
    "",
    "",
    "t",
    "n",
    "r",
    "s",
    "x",
    "z",
    "ov",
    "ine",
    "ier",
    "eau",
    "ard",
    "ini",
    "ez",
    "ski",
    "enko",
]

ORG_HEADS = [
    "Ministère de",
    "Conseil de",
    "Banque de",
    "Agence de",
    "Union de",
    "Parti de",
    "Fondation",
    "Institut",
    "Comité de",
    "Organisation de",
    "Société",
    "Groupe",
]
ORG_TAILS = [
    "la coopération",
    "la sécurité",
    "l'énergie",
    "la défense",
    "la santé",
    "l'industrie",
    "développement",
    "la recherche",
    "la transition",
    "commerce",
    "l'Europe",
    "l'Asie",
]
PLACE_PREFIX = ["Saint-", "Mont-", "Port-", "", "", "", "Villeneuve-", "Bourg-", "Val-"]
EVENTS = ["Sommet de", "Traité de", "Accord de", "Conférence de", "Forum de", "Jeux de"]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYL) for _ in range(n)) + rng.choice(ENDS)


def make_names(count: int, seed: int = 0) -> tuple[list[tuple[str, ...]], list[str], list[int]]:
    """``count`` distinct entities: (name, *aliases) tuples, types, mention counts (Zipf-like)."""
    rng = random.Random(seed)
    names: list[tuple[str, ...]] = []
    types: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        r = rng.random()
        if r < 0.55:
            name = f"{rng.choice(FIRST)} {_word(rng, rng.randint(1, 3)).capitalize()}"
            if rng.random() < 0.15:
                name = f"{rng.choice(FIRST)} {name}"
            t, aliases = "PER", ()
        elif r < 0.75:
            base = _word(rng, rng.randint(2, 3)).capitalize()
            name = f"{rng.choice(PLACE_PREFIX)}{base}"
            t, aliases = "LOC", ()
        elif r < 0.93:
            head, tail = rng.choice(ORG_HEADS), rng.choice(ORG_TAILS)
            city = _word(rng, 2).capitalize()
            name = f"{head} {tail} de {city}"
            words = [w for w in name.replace("'", " ").split() if w[0].isupper() or len(w) > 3]
            acr = "".join(w[0].upper() for w in words)[:6]
            t, aliases = "ORG", ((acr,) if rng.random() < 0.5 else ())
        else:
            name = f"{rng.choice(EVENTS)} {_word(rng, 2).capitalize()} {rng.randint(1950, 2030)}"
            t, aliases = "MISC", ()
        if name in seen:
            continue
        seen.add(name)
        names.append((name, *aliases))
        types.append(t)
    weights = [max(1, int(10_000 / (1 + k) ** 0.9)) for k in range(count)]
    rng.shuffle(weights)
    return names, types, weights


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    k = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    if kind == "drop":
        return word[:k] + word[k + 1 :]
    if kind == "double":
        return word[:k] + word[k] + word[k:]
    return word[:k] + rng.choice("aeiourstln") + word[k + 1 :]


def make_queries(names: list[tuple[str, ...]], count: int = 40, seed: int = 1) -> list[str]:
    """Queries as people type them: lowercase, accents dropped, part of a name, a typo in one
    word out of three, sometimes two words or an fzf operator."""
    import unicodedata

    rng = random.Random(seed)

    def plain(s: str) -> str:
        s = unicodedata.normalize("NFD", s.lower())
        return "".join(c for c in s if not unicodedata.combining(c))

    queries = []
    for _ in range(count):
        full = rng.choice(names)[0]
        words = [w for w in plain(full).replace("'", " ").split() if len(w) > 2]
        r = rng.random()
        if r < 0.45:
            q = rng.choice(words)
        elif r < 0.75:
            q = " ".join(words[:2])
        elif r < 0.85:
            q = "^" + words[-1][:4]
        elif r < 0.92:
            q = "@per " + words[-1]
        else:
            q = words[-1][:5] + " !" + rng.choice(["banque", "saint", "jean"])
        parts = q.split(" ")
        parts = [_typo(rng, p) if rng.random() < 0.35 and p[:1].isalpha() else p for p in parts]
        queries.append(" ".join(parts))
    return queries
