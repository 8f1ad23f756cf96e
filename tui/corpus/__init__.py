"""The corpus: every article, entity, mention, dated expression and quotation, indexed for the
commands and the app. ``index`` holds the Corpus and its queries, ``build`` makes one from
ingest results, ``storage`` the sequences it keeps its parts in. No textual here, and no
knowledge of how the cache stores a corpus (that is tui/store).
"""

from tui.corpus.build import (
    ArticleSource,
    IngestedSource,
    build_corpus,
    build_from_sources,
    materialize,
)
from tui.corpus.index import Corpus, CorpusIndex
from tui.model import EntityStats

__all__ = [
    "ArticleSource",
    "Corpus",
    "CorpusIndex",
    "EntityStats",
    "IngestedSource",
    "build_corpus",
    "build_from_sources",
    "materialize",
]
