"""Full-text search over the articles' text: a SQLite FTS5 index kept in the cache folder, the
query syntax, and hits as character spans into ``Article.text``. No textual here.

The index (``fulltext-<root hash>.sqlite`` in the cache folder, or in memory) holds, per
article, its id, date and text (zlib with a shared dictionary: it is read back for the spans
and the context, so a search need not load the corpus) and the FTS5 index of the words
(``unicode61 remove_diacritics 2``: case and accents do not count; apostrophes separate words,
so ``Europe`` finds ``l'Europe``). It is updated per file, keyed by path, size and mtime as the
per-file cache is: a changed file is indexed again, a removed one leaves, a new one is added.

``query.py``: the query syntax, its FTS5 translation, and the spans of its words in a text.
``index.py``: the SQLite index (rows numbered by date, so the first hits in timeline order
come first). This module: where the index lives, and bringing it up to date from a Corpus.

For the app: ``index = index_corpus(corpus, root, config)`` (in a worker: a first build reads
every text), ``q = parse_query(typed)`` (QueryError: a one-line message), then
``index.hits(q, articles=...)`` (lazy, timeline order) or ``index.search(q, limit=200)``,
``corpus_spans(corpus, hits)`` for (article index, start, end), ``index.month_counts(q)`` for
the histogram and ``index.count(q)`` for "3/17" (both read every matching article: in a
worker), and ``q.spans(article.text)`` for every hit in an open article.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from tui.fulltext.index import (
    Doc,
    FullTextIndex,
    Hit,
    SyncReport,
    Warn,
    date_key,
    rowid_range,
)
from tui.fulltext.query import WORD, Near, Phrase, Query, QueryError, fold, parse_query


class _CorpusLike(Protocol):
    @property
    def articles(self) -> Any: ...  # a sequence of Article (or the snapshot's LazyArticles)


def index_file(folder: Path, root: Path) -> Path:
    """The index of one corpus root in the cache folder."""
    key = hashlib.sha1(os.path.abspath(str(root)).encode("utf-8", "surrogatepass")).hexdigest()
    return folder / f"fulltext-{key[:16]}.sqlite"


def default_cache_dir(config: object = None) -> Path:
    """The cache folder, as tui/store/keys.py computes it (config.cache_dir, else
    $XDG_CACHE_HOME/chronique, else ~/.cache/chronique); kept here so that a search does not
    import the corpus cache."""
    given = getattr(config, "cache_dir", None)
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "chronique"


# --- from a corpus -------------------------------------------------------------------------


def corpus_docs(corpus: _CorpusLike) -> Callable[[set[str]], Iterator[Doc]]:
    """``docs_of`` for ``FullTextIndex.sync``: the articles of the given files, from a loaded
    Corpus. Uses the cheap columns of a corpus read from the cache snapshot when it has them
    (ids, texts and dates without building Article objects)."""
    arts = corpus.articles

    def docs_of(wanted: set[str]) -> Iterator[Doc]:
        paths = arts.paths() if hasattr(arts, "paths") else None
        if paths is not None:
            ids = arts.ids()
            texts = arts.text
            published = arts.published_dates()
            display = arts.display_dates()
            norm = _normaliser(wanted)
            for i, p in enumerate(paths):
                key = norm(p)
                if key is not None:
                    yield Doc(ids[i], key, texts(i), published[i], display[i])
            return
        norm = _normaliser(wanted)
        for a in arts:
            key = norm(a.path)
            if key is not None:
                yield Doc(a.id, key, a.text, a.published, a.published or a.date)

    return docs_of


def _normaliser(wanted: set[str]) -> Callable[[str], str | None]:
    """Maps an article's path to the scanned (absolute) path of its file, or None when that
    file is not wanted. Articles carry their path as the loader was given it: usually the
    same string; relative when the corpus was loaded from a relative path."""
    by_abs = {os.path.abspath(p): p for p in wanted}

    def norm(p: str) -> str | None:
        if p in wanted:
            return p
        return by_abs.get(os.path.abspath(p))

    return norm


def corpus_spans(corpus: _CorpusLike, hits: Iterable[Hit]) -> list[tuple[int, int, int]]:
    """(article index in the corpus, start, end) of each hit whose article the corpus has."""
    index_of = getattr(corpus, "article_idx", None)
    out = []
    for h in hits:
        i = index_of(h.article) if index_of else None
        if i is not None:
            out.append((i, h.start, h.end))
    return out


def scan_files(root: Path) -> tuple[list[str], list[tuple[int, int]]]:
    """The corpus files and their (size, mtime_ns), as the loader finds them."""
    from tui.loader import scan

    return scan(Path(os.path.abspath(str(root))))


def open_index(
    root: Path, config: object = None, *, use_cache: bool = True, warn: Warn | None = None
) -> FullTextIndex:
    """The index of ``root`` in the cache folder (in memory when the cache is off)."""
    if not use_cache or not getattr(config, "cache", True):
        return FullTextIndex.open(None, warn=warn)
    folder = default_cache_dir(config)
    root_abs = Path(os.path.abspath(str(root)))
    if root_abs.is_dir() and _inside(folder, root_abs):
        return FullTextIndex.open(None, warn=warn)  # never write into the corpus
    return FullTextIndex.open(index_file(folder, root_abs), warn=warn)


def index_corpus(
    corpus: _CorpusLike,
    root: Path,
    config: object = None,
    *,
    use_cache: bool = True,
    warn: Warn | None = None,
) -> FullTextIndex:
    """Open the index of ``root`` and bring it up to date with a loaded corpus (the app's
    entry point; run it in a worker: a first build reads every text). The files are listed
    after the corpus was loaded: a file changed in between is seen at the next start only if
    its size or mtime changes again, so a caller that has the loader's listing should call
    ``open_index`` and ``sync`` with it."""
    index = open_index(root, config, use_cache=use_cache, warn=warn)
    paths, stats = scan_files(root)
    index.sync(corpus_docs(corpus), paths, stats)
    return index


def _inside(child: Path, parent: Path) -> bool:
    try:
        c, p = child.resolve(), parent.resolve()
    except OSError:
        return False
    return c == p or p in c.parents


__all__ = [
    "WORD",
    "Doc",
    "FullTextIndex",
    "Hit",
    "Near",
    "Phrase",
    "Query",
    "QueryError",
    "SyncReport",
    "corpus_docs",
    "corpus_spans",
    "date_key",
    "default_cache_dir",
    "fold",
    "index_corpus",
    "index_file",
    "open_index",
    "parse_query",
    "rowid_range",
    "scan_files",
]
