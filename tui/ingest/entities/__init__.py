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

Modules: ``lexicon`` (the French words and patterns names are read with), ``gazetteer`` (names
whose type is known), ``records`` (what one article's extraction holds), ``titles`` (titles of
works), ``candidates`` (steps 1 to 3: runs of capitals shaped into names), ``votes`` (step 5:
types from cues, words and shapes), ``linking`` (step 4: acronyms, short forms, surnames),
``extract`` (``extract_entities``: the steps in order, for one article).

Importing the package costs only the gazetteer and the records: the configuration, the cache
and a warm start need those types, never the extraction, whose patterns take ~50 ms to
compile. ``extract_entities``, ``decide_type`` and ``work_titles`` are loaded on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from tui.ingest.entities.gazetteer import Gazetteer, shipped_gazetteer
from tui.ingest.entities.records import ArticleEntities, LocalEntity

if TYPE_CHECKING:
    from tui.ingest.entities.extract import extract_entities
    from tui.ingest.entities.titles import work_titles
    from tui.ingest.entities.votes import decide_type

# The extraction's public names and their modules, imported on first use (PEP 562).
_LAZY = {
    "extract_entities": "tui.ingest.entities.extract",
    "decide_type": "tui.ingest.entities.votes",
    "work_titles": "tui.ingest.entities.titles",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


__all__ = [
    "ArticleEntities",
    "Gazetteer",
    "LocalEntity",
    "decide_type",
    "extract_entities",
    "shipped_gazetteer",
    "work_titles",
]
