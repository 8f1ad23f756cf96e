"""Load a corpus from disk: discover files, ingest them (from the cache when it is up to date,
in parallel processes when many changed), and build the ``Corpus``. No textual here.

Warm start: the whole built corpus is read back from a snapshot (tui/cache.py, level 2) when no
file changed. Otherwise unchanged files come from the per-file cache (level 1), the others are
ingested, the corpus is built, and a new snapshot is saved. Cache trouble never stops a load:
it is reported through ``warn`` (stderr by default) and the corpus is built without it.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from tui.config import Config
from tui.corpus import Corpus, build_corpus
from tui.ingest import IngestedFile, ingest_file
from tui.model import Problem

# progress(done, total, phase)
Progress = Callable[[int, int, str], None]
Warn = Callable[[str], None]


class CorpusNotFound(Exception):
    pass


@dataclass
class LoadReport:
    """What a load did, for the benchmarks, the tests and a status line."""

    files: int = 0
    snapshot: bool = False  # the built corpus came from the level-2 snapshot
    cached: int = 0  # files read from the per-file cache
    ingested: int = 0  # files ingested afresh
    pruned: int = 0  # cache rows of files gone from the corpus
    snapshot_saved: bool = False
    cache_dir: str | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


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


def scan(root: Path) -> tuple[list[str], list[tuple[int, int]]]:
    """``discover(root)`` as path strings, in the same order, with each file's (size,
    mtime_ns) from the same directory scan: one os.scandir per folder and one stat per file,
    and no Path object (a warm start of 100,000 files must not spend a second here)."""
    from tui.ingest.formats import ARTICLE_SUFFIXES

    if root.is_file():
        from tui.cache import file_stat  # here: `chronique search` scans without the cache

        return [str(root)], [file_stat(root)]
    top = str(root)
    strip = 2 if top == "." else 0  # Path("./a") is "a"
    paths: list[str] = []
    stats: list[tuple[int, int]] = []
    join, islink = os.path.join, os.path.islink

    def walk(folder: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        dirs, files = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry)
        files.sort(key=_name)
        keep = [
            e
            for e in files
            if not e.name.startswith(".") and e.name.lower().endswith(ARTICLE_SUFFIXES)
        ]
        # entry.path is os.path.join(folder, name), made in C
        paths.extend(map(_path, keep) if not strip else (e.path[strip:] for e in keep))
        try:
            stats.extend(map(_size_mtime, map(os.DirEntry.stat, keep)))  # C loops
        except OSError:  # a file gone or unreadable since the listing: one at a time
            for entry in keep[len(stats) - len(paths) + len(keep) :]:
                try:
                    st = entry.stat()
                    stats.append((st.st_size, st.st_mtime_ns))
                except OSError:
                    stats.append((-1, -1))
        for name in sorted(e.name for e in dirs if not e.name.startswith(".")):
            sub = join(folder, name)
            if not islink(sub):
                walk(sub)

    walk(top)
    return paths, stats


_name = attrgetter("name")
_path = attrgetter("path")
_size_mtime = attrgetter("st_size", "st_mtime_ns")


def _stem(name: str) -> str:
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name  # as Path.stem


def path_ids(root: Path, paths: list[str]) -> list[str]:
    """``article_ids`` for path strings (from ``scan``)."""
    sep = os.sep
    stems = [_stem(p[p.rfind(sep) + 1 :]) for p in paths]
    counts: dict[str, int] = {}
    for s in stems:
        counts[s] = counts.get(s, 0) + 1
    if root.is_file() or all(counts[s] == 1 for s in stems):
        return stems
    return [
        s if counts[s] == 1 else str(Path(p).relative_to(root).with_suffix("")).replace("\\", "/")
        for s, p in zip(stems, paths, strict=True)
    ]


def load_corpus(
    root: Path,
    config: Config,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    workers: int | None = None,
    warn: Warn | None = None,
) -> Corpus:
    """Everything under ``root`` as a Corpus. Raises CorpusNotFound if root does not exist."""
    return load_corpus_report(
        root, config, use_cache=use_cache, progress=progress, workers=workers, warn=warn
    )[0]


def load_corpus_report(
    root: Path,
    config: Config,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    workers: int | None = None,
    warn: Warn | None = None,
) -> tuple[Corpus, LoadReport]:
    """``load_corpus`` and a report of what came from where."""
    root = Path(root)
    if not root.exists():
        raise CorpusNotFound(f"corpus not found: {root}")
    report = LoadReport()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = report.seconds.get(name, 0.0) + now - clock
        clock = now

    def warn_(message: str) -> None:
        report.warnings.append(message)
        (warn or _stderr_warn)(message)

    cache = None
    if use_cache and config.cache:
        from tui.cache import open_cache

        cache = open_cache(config, root=root, warn=warn_)
        if cache is not None:
            report.cache_dir = str(cache.folder)
    # Millions of small objects are made below and none of them is garbage: the cyclic
    # collector would only walk them again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if progress:
            progress(0, 0, "scanning")
        paths, stats = scan(root)
        ids = path_ids(root, paths)
        report.files = len(paths)
        lap("discover")
        if cache is None:
            jobs = [(Path(p), aid) for p, aid in zip(paths, ids, strict=True)]
            results = ingest_all(
                jobs, config, use_cache=False, progress=progress, workers=workers, warn=warn_
            )
            report.ingested = len(jobs)
            lap("ingest")
            corpus = _build(results, config, progress, len(jobs))
            lap("build")
            return corpus, report
        with cache:
            return _load_cached(
                root, paths, ids, stats, config, cache, report, progress, workers, lap
            ), report
    finally:
        if gc_was_enabled:
            gc.enable()
            # The corpus lives as long as the program: keep its objects out of the cyclic
            # collector's full passes (each would walk millions of them: a frozen UI).
            gc.freeze()


def _load_cached(root, paths, ids, stats, config, cache, report, progress, workers, lap) -> Corpus:
    from tui.cache import is_racy, snapshot_key

    skey = snapshot_key(cache.ckey, root, list(zip(paths, ids, strict=True)), stats)
    lap("stat")
    corpus = cache.load_snapshot(root, skey)
    if corpus is not None:
        report.snapshot = True
        report.cached = len(paths)
        lap("snapshot load")
        if progress:
            progress(len(paths), len(paths), "indexing")
        return corpus
    lap("snapshot miss")
    from tui.corpus import build_packed, materialize, pack_file

    jobs = [(Path(p), aid) for p, aid in zip(paths, ids, strict=True)]
    # Each file's result is packed as it arrives (tui/corpus.py, PackedArticle): holding every
    # IngestedFile of the corpus until the build was most of a cold load's memory.
    results = cache.ingest_all(
        jobs, progress=progress, workers=workers, stats=stats, convert=pack_file
    )
    report.cached, report.ingested = cache.hits, cache.ingested
    lap("ingest")
    problems: list[Problem] = []
    packed = []
    for arts, probs in results:
        problems.extend(probs)
        packed.extend(arts)
    del results
    if progress:
        progress(len(jobs), len(jobs), "indexing")
    built = build_packed(packed, problems, config.gazetteer)
    del packed
    lap("build")
    # The built corpus reads its articles, dated expressions and quotes from the packed ones:
    # it is written to the snapshot in one pass, and the mapped snapshot is the corpus used, as
    # on a warm start. A snapshot that cannot be trusted at the next start (a file modified
    # too recently) is a temporary file; only when none can be written are they materialized.
    now = time.time_ns()
    keep = not any(is_racy(st, now) for st in stats)
    if progress:
        progress(len(jobs), len(jobs), "saving cache")
    report.snapshot_saved, corpus = cache.save_and_map(root, skey, built, keep=keep)
    if corpus is None:
        corpus = materialize(built)
    del built
    lap("snapshot save")
    report.pruned = cache.prune(root, [os.path.abspath(p) for p in paths])
    lap("prune")
    return corpus


def _build(
    results: list[IngestedFile], config: Config, progress: Progress | None, total: int
) -> Corpus:
    problems: list[Problem] = []
    articles = []
    for res in results:
        problems.extend(res.problems)
        articles.extend(res.articles)
    if progress:
        progress(total, total, "indexing")
    return build_corpus(articles, problems, config.gazetteer)


def ingest_all(
    jobs: list[tuple[Path, str]],
    config: Config,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    workers: int | None = None,
    warn: Warn | None = None,
) -> list[IngestedFile]:
    """Ingest every file (path, id), in job order. Cached results are reused when the cache is
    enabled; many files are ingested in worker processes."""
    if use_cache and config.cache:
        from tui.cache import open_cache

        cache = open_cache(config, warn=warn)
        if cache is not None:
            with cache:
                return cache.ingest_all(jobs, progress=progress, workers=workers)
    if workers == 1 or len(jobs) < 2:
        out = []
        for n, (path, aid) in enumerate(jobs, start=1):
            out.append(ingest_file(path, aid, config.gazetteer))
            if progress and (n % 200 == 0 or n == len(jobs)):
                progress(n, len(jobs), "ingesting")
        return out
    from tui.cache import ingest_many

    results: list[IngestedFile | None] = [None] * len(jobs)
    for i, f, _rec in ingest_many(
        jobs, config.gazetteer, workers=workers, progress=progress, encode=False, warn=warn
    ):
        results[i] = f
    return results  # type: ignore[return-value]


def _stderr_warn(message: str) -> None:
    import sys

    print(f"chronique: warning: {message}", file=sys.stderr)
