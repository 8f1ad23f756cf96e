"""Load a corpus from disk: discover files, ingest them (from the cache when it is up to date,
in parallel processes when many changed), and build the ``Corpus``. No textual here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui.config import Config
from tui.corpus import Corpus, build_corpus
from tui.ingest import IngestedFile, ingest_file
from tui.ingest.formats import discover
from tui.model import Problem

# progress(done, total, phase)
Progress = Callable[[int, int, str], None]


class CorpusNotFound(Exception):
    pass


def article_ids(root: Path, files: list[Path]) -> list[str]:
    """Stable ids: the file stem; the path below the root (without suffix) when stems clash."""
    stems: dict[str, int] = {}
    for f in files:
        stems[f.stem] = stems.get(f.stem, 0) + 1
    ids = []
    for f in files:
        if stems[f.stem] == 1 or root.is_file():
            ids.append(f.stem)
        else:
            ids.append(str(f.relative_to(root).with_suffix("")).replace("\\", "/"))
    return ids


def load_corpus(
    root: Path,
    config: Config,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Corpus:
    """Everything under ``root`` as a Corpus. Raises CorpusNotFound if root does not exist."""
    if not root.exists():
        raise CorpusNotFound(f"corpus not found: {root}")
    files = discover(root)
    ids = article_ids(root, files)
    results = ingest_all(list(zip(files, ids, strict=True)), config, use_cache=use_cache, progress=progress, workers=workers)
    problems: list[Problem] = []
    articles = []
    for res in results:
        problems.extend(res.problems)
        articles.extend(res.articles)
    if progress:
        progress(len(files), len(files), "indexing")
    return build_corpus(articles, problems, config.gazetteer)


def ingest_all(
    jobs: list[tuple[Path, str]],
    config: Config,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[IngestedFile]:
    """Ingest every file (path, id). Cached results are reused when the cache is enabled."""
    cache = None
    if use_cache and config.cache:
        try:
            from tui.cache import open_cache
        except ImportError:  # the cache module is optional while it is being built
            open_cache = None
        if open_cache is not None:
            cache = open_cache(config)
    if cache is not None:
        return cache.ingest_all(jobs, progress=progress, workers=workers)
    out = []
    for n, (path, aid) in enumerate(jobs, start=1):
        out.append(ingest_file(path, aid, config.gazetteer))
        if progress and (n % 200 == 0 or n == len(jobs)):
            progress(n, len(jobs), "ingesting")
    return out
