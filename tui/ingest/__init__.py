"""Text -> model. Pure functions, one article at a time, no global state, no textual.

``ingest_file`` is the whole per-file pipeline: read (formats) -> structure -> entities ->
dates -> quotes. Each article's result is self-contained, so it can be cached per file and
computed in any process; the corpus merges entities across articles afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.ingest.entities import ArticleEntities, Gazetteer
from tui.model import Article, Entity, Problem, Quote, TimeRef

if TYPE_CHECKING:
    from tui.ingest.formats import RawArticle

# The extraction (tui.ingest.entities.extract, structure, dates, quotes) and the readers are
# imported where they are used: compiling their patterns costs ~100 ms, and a warm start from
# the cache, which imports this package for the result types, never runs them.

# Bump when extraction changes, so cached results are recomputed.
EXTRACTOR_VERSION = 4


@dataclass(slots=True)
class IngestedArticle:
    """One article and everything found in it. Entity keys are local until the corpus merges."""

    article: Article
    entities: ArticleEntities
    timerefs: list[TimeRef] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass(slots=True)
class IngestedFile:
    path: str
    articles: list[IngestedArticle]
    problems: list[Problem]


def ingest_file(path: Path, article_id: str, gazetteer: Gazetteer | None = None) -> IngestedFile:
    """Read and analyse every article of one file. Never raises on bad content."""
    from tui.ingest.formats import read_file

    articles: list[IngestedArticle] = []
    problems: list[Problem] = []
    for raw in read_file(path, article_id):
        problems.extend(raw.problems)
        if raw.text.strip():
            articles.append(ingest_raw(raw, gazetteer))
    return IngestedFile(str(path), articles, problems)


def ingest_raw(raw: RawArticle, gazetteer: Gazetteer | None = None) -> IngestedArticle:
    from tui.ingest.dates import extract_dates, refine_published
    from tui.ingest.entities.extract import extract_entities
    from tui.ingest.structure import derive_title, split_blocks, split_sentences

    text = raw.text
    # Readers of markup (HTML, agency XML, feeds) know each block's kind from the tags; plain
    # text gets them from the splitter.
    blocks = raw.blocks if raw.blocks is not None else split_blocks(text)
    sentences = split_sentences(text, blocks)
    # The day of publication is usually named in the first paragraphs ("a déclaré mardi 15
    # juillet"), not always in the lead itself.
    prose = [b for b in blocks if b.kind in ("lead", "paragraph")][:3]
    lead = "\n\n".join(text[b.start : b.end] for b in prose)[:1500]
    published = refine_published(lead, raw.date)
    article = Article(
        id=raw.id,
        path=raw.path,
        text=text,
        title=raw.title or derive_title(text, blocks, sentences),
        date=raw.date,
        published=published,
        source=raw.source,
        url=raw.url,
        author=raw.author,
        blocks=tuple(blocks),
        sentences=tuple(sentences),
        extra=raw.extra,
    )
    found = extract_entities(text, blocks, gazetteer)
    timerefs = extract_dates(article.text, article.id, article.published, article.sentences)
    quotes = _extract_quotes(article, found, timerefs)
    for q in quotes:
        ent = found.entities.get(q.speaker) if q.speaker else None
        if ent is not None:
            ent.weak = False  # "Libération salue « un choc »": who speaks is a name
    return IngestedArticle(article, found, timerefs, quotes)


def _extract_quotes(
    article: Article, found: ArticleEntities, timerefs: list[TimeRef]
) -> list[Quote]:
    from tui.ingest.entities.titles import work_titles
    from tui.ingest.quotes import QUOTE_MARKS, Spot, extract_quotes

    text = article.text
    if not any(c in text for c in QUOTE_MARKS):
        return []  # no quotation: neither the mentions nor the types are needed
    # Attribution reads an entity's type and a mention's place and surface only: no aliases,
    # and light mentions (every mention of the article is handed over).
    mentions = [Spot(key, s, e, text[s:e]) for s, e, key in found.mentions]
    quotes = extract_quotes(
        article.text,
        article.id,
        mentions,
        _TypedEntities(found),
        published=article.published,
        timerefs=timerefs,
        sentences=article.sentences,
    )
    titles = set(work_titles(article.text)) if quotes else set()
    # « Les Heures blanches », troisième long-métrage: a title of a work, not a quotation.
    return [q for q in quotes if (q.start, q.end) not in titles]


class _TypedEntities(Mapping[str, Entity]):
    """The article's entities with their decided types, each made when attribution first
    asks for it: attribution looks up the types of the mentions near quotations only, and
    deciding every entity's type up front cost about a tenth of the quotation step."""

    def __init__(self, found: ArticleEntities) -> None:
        from tui.ingest.entities.votes import decide_type

        self._decide = decide_type
        self._local = found.entities
        self._made: dict[str, Entity] = {}

    def get(self, key: str, default: Entity | None = None) -> Entity | None:  # type: ignore[override]
        ent = self._made.get(key)
        if ent is None:
            local = self._local.get(key)
            if local is None:
                return default
            ent = Entity(key, local.name, self._decide(local.votes, local.name))
            self._made[key] = ent
        return ent

    def __getitem__(self, key: str) -> Entity:
        ent = self.get(key)
        if ent is None:
            raise KeyError(key)
        return ent

    def __iter__(self) -> Iterator[str]:
        return iter(self._local)

    def __len__(self) -> int:
        return len(self._local)


__all__ = ["EXTRACTOR_VERSION", "IngestedArticle", "IngestedFile", "ingest_file", "ingest_raw"]
