"""What ``y`` copies: the quotation (or else the sentence) at a place in an article, with
its citation."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.config import Config
    from tui.corpus import Corpus
    from tui.model import Article, Quote


class QuoteIndex:
    """The corpus' quotations (not scare-quoted terms) by article, built on first use and
    again if the corpus' list of quotations is replaced or grows."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._key: tuple[int, int] | None = None
        self._index: dict[str, list[Quote]] = {}

    def of(self, article_id: str) -> list[Quote]:
        quotes = self.corpus.quotes
        key = (id(quotes), len(quotes))
        if key != self._key:
            index: dict[str, list[Quote]] = {}
            for q in quotes:
                if not q.is_term:
                    index.setdefault(q.article_id, []).append(q)
            self._index, self._key = index, key
        return self._index.get(article_id, [])

    def at(self, article_id: str, pos: int) -> Quote | None:
        """The quotation holding ``pos``; else one inside the sentence at ``pos`` (the
        cursor on the speaker's name in "X a déclaré : « … »")."""
        quotes = self.of(article_id)
        for q in quotes:
            if q.start <= pos <= q.end:
                return q
        s, e = self.corpus.sentence_at(article_id, pos)
        for q in quotes:
            if q.start < e and q.end > s:
                return q
        return None


def citation_at(
    corpus: Corpus, quotes: QuoteIndex, config: Config, art: Article, pos: int
) -> tuple[str, str]:
    """(text to copy, what it is: "quotation" or "sentence") for position ``pos``."""
    from tui.citation import cite_quote, cite_sentence

    quote = quotes.at(art.id, pos)
    if quote is not None:
        return cite_quote(corpus, quote, config.quote_citation), "quotation"
    s, e = corpus.sentence_at(art.id, pos)
    return cite_sentence(art, s, e, config.sentence_citation), "sentence"


def event_citation(corpus: Corpus, config: Config, k: int) -> str | None:
    """An event row (``corpus.timerefs[k]``): the sentence it shows, with its citation."""
    from tui.citation import cite_sentence

    t = corpus.timerefs[k]
    art = corpus.article(t.article_id)
    if art is None:
        return None
    s, e = corpus.sentence_at(t.article_id, t.start)
    if not s <= t.start < max(e, s + 1):
        s, e = t.start, t.end
    return cite_sentence(art, s, e, config.sentence_citation)


def quote_citation(corpus: Corpus, config: Config, k: int) -> str:
    """A quotation row (``corpus.quotes[k]``), with its citation."""
    from tui.citation import cite_quote

    return cite_quote(corpus, corpus.quotes[k], config.quote_citation)


def hit_citation(corpus: Corpus, config: Config, art: Article, start: int, end: int) -> str:
    """A text search hit: the sentence it is in, with its citation."""
    from tui.citation import cite_sentence

    s, e = corpus.sentence_at(art.id, start)
    if not s <= start < max(e, s + 1):
        s, e = start, end  # no sentence around it (a text without sentences): the words
    return cite_sentence(art, s, e, config.sentence_citation)
