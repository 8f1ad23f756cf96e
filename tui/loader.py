"""Load a corpus from disk: discover the files, ingest them (from the cache when it is up to
date, in worker processes when many changed), and build the ``Corpus``. No textual here.

Warm start: the whole built corpus is read back from the cache snapshot (tui/store, level 2)
when no file changed. Otherwise unchanged files come from the per-file cache (level 1), the
others are ingested, the corpus is built, and a new snapshot is saved. With the cache off the
same ingest loop runs without it. Cache trouble never stops a load: it is reported through
``warn`` (stderr by default) and the corpus is built without it.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.config import Config
from tui.corpus import Corpus, build_corpus
from tui.feedback import Progress, Warn, stderr_warn
from tui.ingest import IngestedArticle, IngestedFile
from tui.ingest.entities import Gazetteer
from tui.ingest.filetypes import is_article_file, is_page_assets
from tui.model import Problem
from tui.store.keys import file_stat, is_racy

if TYPE_CHECKING:  # the store itself is imported when the cache is used
    from tui.store.cache import CorpusCache
    from tui.store.filecache import FileCache


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
    # the snapshot was updated from the previous one (files ingested, articles dropped and
    # added, files removed), not rebuilt
    updated: dict[str, int] | None = None
    snapshot_saved: bool = False
    cache_dir: str | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def article_ids(root: Path, paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Stable ids: the file stem; the path below the root (without suffix) when stems clash."""
    names = [os.fspath(p) for p in paths]
    sep = os.sep
    # A file of another format (listed as skipped) is named in full, so that a stray photo.jpg
    # does not change the id of photo.txt.
    stems = [_stem(n) if is_article_file(n) else n for n in (p[p.rfind(sep) + 1 :] for p in names)]
    counts: dict[str, int] = {}
    for s in stems:
        counts[s] = counts.get(s, 0) + 1
    if root.is_file() or all(counts[s] == 1 for s in stems):
        return stems
    return [
        s if counts[s] == 1 else str(Path(p).relative_to(root).with_suffix("")).replace("\\", "/")
        for s, p in zip(stems, names, strict=True)
    ]


def scan(
    root: Path, skipped: list[Problem] | None = None
) -> tuple[list[str], list[tuple[int, int]]]:
    """``discover(root)`` as path strings, in the same order, with each file's (size,
    mtime_ns) from the same directory scan: one os.scandir per folder and one stat per file,
    and no Path object (a warm start of 100,000 files must not spend a second here).

    Symbolic links are followed only to a file inside the corpus root: a link out of it
    (``passwd.txt -> /etc/passwd``), a broken link or a loop is left out and, when
    ``skipped`` is given, reported there (``chronique check`` lists them). Links to folders
    are never walked (so no loop), and those leading out of the root are reported too."""
    if root.is_file():
        return [str(root)], [file_stat(root)]
    top = str(root)
    strip = 2 if top == "." else 0  # Path("./a") is "a"
    paths: list[str] = []
    stats: list[tuple[int, int]] = []
    join, islink = os.path.join, os.path.islink
    real_root = os.path.realpath(top)

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
        # Files of every type: those no reader knows are listed as skipped (by read_file).
        keep = [e for e in files if not e.name.startswith(".")]
        if any(map(os.DirEntry.is_symlink, keep)):  # rare: check only then
            keep = [
                e for e in keep if not e.is_symlink() or _link_inside(e.path, real_root, skipped)
            ]
        for entry in dirs:
            if skipped is not None and not entry.name.startswith(".") and entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not _within(target, real_root):
                    skipped.append(
                        Problem(
                            entry.path,
                            f"symbolic link to a folder outside the corpus ({target}), not followed",
                        )
                    )
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
        names = {e.name for e in keep}
        for name in sorted(e.name for e in dirs if not e.name.startswith(".")):
            sub = join(folder, name)
            if not islink(sub) and not is_page_assets(name, names):
                walk(sub)

    walk(top)
    return paths, stats


def _within(path: str, real_root: str) -> bool:
    return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)


def _link_inside(path: str, real_root: str, skipped: list[Problem] | None) -> bool:
    """True when the symbolic link ``path`` leads to a file inside the corpus root; else
    it is reported in ``skipped`` (a loop, a broken link, a link out of the corpus)."""
    import errno

    try:
        os.stat(path)
    except OSError as err:
        if skipped is not None:
            why = "a loop" if err.errno == errno.ELOOP else "broken"
            skipped.append(Problem(path, f"symbolic link {why}, skipped"))
        return False
    target = os.path.realpath(path)
    if _within(target, real_root) and os.path.isfile(target):
        return True
    if skipped is not None:
        where = "a folder or device" if _within(target, real_root) else "outside the corpus"
        skipped.append(Problem(path, f"symbolic link to {target}, {where}: skipped"))
    return False


_name = attrgetter("name")
_path = attrgetter("path")
_size_mtime = attrgetter("st_size", "st_mtime_ns")


def _stem(name: str) -> str:
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name  # as Path.stem


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
        (warn or stderr_warn)(message)

    cache = None
    if use_cache and config.cache:
        from tui.store.cache import open_cache

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
        skipped: list[Problem] = []  # symbolic links not followed: problems of this load only
        paths, stats = scan(root, skipped)
        report.files = len(paths)
        lap("discover")
        if cache is None:
            ids = article_ids(root, paths)
            jobs = [(Path(p), aid) for p, aid in zip(paths, ids, strict=True)]
            results, _hits = ingest_files(
                jobs, config.gazetteer, progress=progress, workers=workers, warn=warn_
            )
            report.ingested = len(jobs)
            lap("ingest")
            problems: list[Problem] = []
            articles: list[IngestedArticle] = []
            for res in results:
                problems.extend(res.problems)
                articles.extend(res.articles)
            if progress:
                progress(len(jobs), len(jobs), "indexing")
            corpus = build_corpus(articles, problems, config.gazetteer)
            lap("build")
        else:
            with cache:
                corpus = _load_cached(
                    root, paths, stats, config, cache, report, progress, workers, lap
                )
        if skipped:
            corpus.problems = [*skipped, *corpus.problems]
        return corpus, report
    finally:
        if gc_was_enabled:
            gc.enable()
            # The corpus lives as long as the program: keep its objects out of the cyclic
            # collector's full passes (each would walk millions of them: a frozen UI).
            gc.freeze()


def _load_cached(
    root: Path,
    paths: list[str],
    stats: list[tuple[int, int]],
    config: Config,
    cache: CorpusCache,
    report: LoadReport,
    progress: Progress | None,
    workers: int | None,
    lap: Callable[[str], None],
) -> Corpus:
    from tui.store.keys import snapshot_key

    # The article ids follow from the paths (article_ids): a warm start does not make them.
    skey = snapshot_key(cache.ckey, root, paths, stats)
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
    # Only a miss ingests and builds: a warm start does not import the code that does.
    from tui.store.packed import pack_file, pack_record

    made_ids: list[list[str]] = []

    def ids() -> list[str]:
        if not made_ids:
            made_ids.append(article_ids(root, paths))
        return made_ids[0]

    def ingest_some(which: list[int], known: list[str] | None = None) -> list[Any]:
        # an update knows the ids already (it makes only the new files' stems)
        all_ids = known if known is not None else ids()
        jobs = [(Path(paths[j]), all_ids[j]) for j in which]
        results, hits = ingest_files(
            jobs,
            config.gazetteer,
            files=cache.files,
            stats=[stats[j] for j in which],
            convert=pack_file,
            convert_record=pack_record,
            progress=progress,
            workers=workers,
            warn=cache.warn_once,
        )
        report.ingested = len(jobs) - hits
        report.cached = len(paths) - report.ingested
        lap("ingest")
        return results

    # Most changes are a few files: the previous snapshot updated with them.
    saved, mapped, done = cache.update_and_map(
        root,
        skey,
        keep=not any(is_racy(st, time.time_ns()) for st in stats),
        paths=paths,
        stats=stats,
        ids=lambda ps: ids() if ps is paths else article_ids(root, ps),
        ingest=ingest_some,
        gazetteer=config.gazetteer,
    )
    if mapped is not None and done is not None:
        report.updated, report.snapshot_saved = done.counts, saved
        lap("update")
        if done.removed:  # their per-file rows (a full build prunes every stale row)
            report.pruned = cache.files.forget([os.path.abspath(p) for p in done.removed])
            lap("prune")
        return mapped
    # Otherwise every file through the per-file cache, built and saved as the snapshot.
    report.cached = report.ingested = 0
    from tui.corpus import build_from_sources, materialize
    from tui.store.packed import PackedArticle

    # Ids and Path objects only now: on a warm start of 100,000 files they would cost a second.
    jobs = [(Path(p), aid) for p, aid in zip(paths, article_ids(root, paths), strict=True)]
    # Each file's result is packed as it arrives (tui/store/packed.py): holding every
    # IngestedFile of the corpus until the build was most of a cold load's memory.
    results, hits = ingest_files(
        jobs,
        config.gazetteer,
        files=cache.files,
        stats=stats,
        convert=pack_file,
        convert_record=pack_record,
        progress=progress,
        workers=workers,
        warn=cache.warn_once,
    )
    report.cached, report.ingested = hits, len(jobs) - hits
    lap("ingest")
    problems: list[Problem] = []
    packed: list[PackedArticle] = []
    for arts, probs in results:
        problems.extend(probs)
        packed.extend(arts)
    del results
    if progress:
        progress(len(jobs), len(jobs), "indexing")
    built = build_from_sources(packed, problems, config.gazetteer)
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
    report.snapshot_saved, mapped = cache.save_and_map(
        root, skey, built, keep=keep, files=(paths, stats, [aid for _p, aid in jobs])
    )
    corpus = mapped if mapped is not None else materialize(built)
    del built
    lap("snapshot save")
    report.pruned = cache.files.prune(root, [os.path.abspath(p) for p, _ in jobs])
    lap("prune")
    return corpus


def _same(f: IngestedFile) -> Any:
    return f


def ingest_files(
    jobs: Sequence[tuple[Path, str]],
    gazetteer: Gazetteer | None,
    *,
    files: FileCache | None = None,
    stats: Sequence[tuple[int, int]] | None = None,
    convert: Callable[[IngestedFile], Any] | None = None,
    convert_record: Callable[[bytes, str], Any] | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    warn: Warn | None = None,
) -> tuple[list[Any], int]:
    """The ingest loop of every load: (each job's IngestedFile, in job order; how many came
    from the per-file cache). With ``files``, a file whose row matches its size, mtime and id
    is read from it and the others are ingested and saved; without, all are ingested. With
    ``convert``, each result is ``convert(IngestedFile)``, made as soon as it is read or
    ingested (a compact form: the IngestedFiles of a whole corpus are not held at once), and
    ``convert_record(record, path)`` the same made straight from a per-file row."""
    from tui.ingest.pool import ingest_many
    from tui.store.codec import decode_file, encode_record, forget_shared_strings

    keep = convert or _same
    n = len(jobs)
    results: list[Any] = [None] * n
    done = [False] * n
    hits = 0
    if stats is None:
        stats = [file_stat(p) for p, _ in jobs]
    abspaths = [os.path.abspath(str(p)) for p, _ in jobs] if files is not None else []
    try:
        if files is not None:
            hits_of = (
                files.cached(jobs, abspaths, stats, progress, convert_record)
                if convert_record is not None
                else files.cached(jobs, abspaths, stats, progress)
            )
            for i, f in hits_of:
                results[i], done[i] = (f if convert_record is not None else keep(f)), True
                hits += 1
                del f
        todo = [i for i in range(n) if not done[i]]
        now = time.time_ns()
        batch: list[tuple[str, int, int, str, bytes]] = []
        last_flush = time.monotonic()
        for k, f, rec in ingest_many(
            [jobs[i] for i in todo],
            gazetteer,
            workers=workers,
            progress=progress,
            warn=warn,
            encode=encode_record if files is not None else None,
            decode=decode_file,
            convert=convert,
        ):
            i = todo[k]
            results[i] = f  # converted already, when there is a convert
            del f
            if (
                files is not None
                and rec is not None
                and files.usable
                and not is_racy(stats[i], now)
            ):
                batch.append((abspaths[i], stats[i][0], stats[i][1], jobs[i][1], rec))
                if len(batch) >= 512 or time.monotonic() - last_flush > 2.0:
                    files.store(batch)
                    batch, last_flush = [], time.monotonic()
        if files is not None:
            files.store(batch)
    finally:
        forget_shared_strings()
    return results, hits


def ingest_all(
    jobs: list[tuple[Path, str]],
    config: Config,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    workers: int | None = None,
    warn: Warn | None = None,
) -> list[IngestedFile]:
    """Ingest every file (path, id), in job order, through the per-file cache when it is
    enabled; many files are ingested in worker processes."""
    if use_cache and config.cache:
        from tui.store.cache import open_cache

        cache = open_cache(config, warn=warn)
        if cache is not None:
            with cache:
                return ingest_files(
                    jobs,
                    config.gazetteer,
                    files=cache.files,
                    progress=progress,
                    workers=workers,
                    warn=cache.warn_once,
                )[0]
    return ingest_files(jobs, config.gazetteer, progress=progress, workers=workers, warn=warn)[0]
