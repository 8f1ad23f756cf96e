"""Ingest many files, in worker processes when there are many: the files of a cold load or
of the changes found at start, with the cache on or off. Results are those of ``ingest_file``
in this process, whatever the number of workers.

Workers are started with fork when this process runs one thread (fast: no re-import, and
scripts need no ``if __name__ == "__main__"`` guard), spawn otherwise. A pool that fails
(a worker killed, a process that cannot start) is reported through ``warn`` and the rest is
ingested here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tui.feedback import Progress, Warn
from tui.ingest import IngestedFile, ingest_file
from tui.ingest.entities import Gazetteer

# Ingest in worker processes when at least this many files need it.
PARALLEL_MIN = 200

Encode = Callable[[IngestedFile], bytes | None]
Decode = Callable[[bytes], IngestedFile]

_worker_gazetteer: Gazetteer | None = None
_worker_encode: Encode | None = None
_worker_convert: Callable[[IngestedFile], Any] | None = None


def _worker_init(
    gazetteer: Gazetteer | None,
    encode: Encode | None,
    convert: Callable[[IngestedFile], Any] | None,
) -> None:
    import signal

    global _worker_gazetteer, _worker_encode, _worker_convert
    _worker_gazetteer, _worker_encode, _worker_convert = gazetteer, encode, convert
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl+C


def _worker_chunk(chunk: list[tuple[int, str, str]]) -> list[tuple[int, bytes | None, Any]]:
    """(index, record or None, result) per file; the result is None when the parent can
    decode it from the record (no convert): it then crosses the process boundary once."""
    out: list[tuple[int, bytes | None, Any]] = []
    for i, path, aid in chunk:
        f = ingest_file(Path(path), aid, _worker_gazetteer)
        rec = _worker_encode(f) if _worker_encode is not None else None
        if _worker_convert is not None:
            # converted here, in parallel: the parent neither decodes the record nor converts
            out.append((i, rec, _worker_convert(f)))
        else:
            out.append((i, rec, None if rec is not None else f))
    return out


def _same(f: IngestedFile) -> Any:
    return f


def ingest_many(
    jobs: Sequence[tuple[Path, str]],
    gazetteer: Gazetteer | None,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    min_parallel: int | None = None,
    warn: Warn | None = None,
    encode: Encode | None = None,
    decode: Decode | None = None,
    convert: Callable[[IngestedFile], Any] | None = None,
) -> Iterator[tuple[int, Any, bytes | None]]:
    """Ingest files, yielding (index in jobs, result, record or None) in any order. The result
    is the IngestedFile, or ``convert(IngestedFile)`` made where the file was ingested; the
    record is ``encode(IngestedFile)`` (for the cache), None without ``encode``. ``encode``
    and ``convert`` are module-level functions (workers receive them); with ``decode`` (the
    inverse of ``encode``) and no ``convert``, a worker sends only the record.

    In worker processes (chunks of files) when there are at least ``min_parallel`` jobs and
    more than one worker; in this process otherwise."""
    n = len(jobs)
    if n == 0:
        return
    min_parallel = PARALLEL_MIN if min_parallel is None else min_parallel
    if workers is None:
        try:
            workers = len(os.sched_getaffinity(0))
        except AttributeError:  # pragma: no cover - not Linux
            workers = os.cpu_count() or 1
    workers = max(1, min(workers, 61))
    done = 0
    jobs_left: list[tuple[int, tuple[Path, str]]]
    if workers > 1 and n >= min_parallel:
        try:
            yield from _ingest_parallel(
                jobs,
                gazetteer,
                workers,
                progress,
                warn,
                encode,
                decode if encode else None,
                convert,
            )
            return
        except _PoolFailed as failed:
            done = len(failed.done)
            jobs_left = [(i, j) for i, j in enumerate(jobs) if i not in failed.done]
    else:
        jobs_left = list(enumerate(jobs))
    keep = convert or _same
    step = max(1, n // 200)
    for i, (path, aid) in jobs_left:
        f = ingest_file(Path(path), aid, gazetteer)
        rec = encode(f) if encode is not None else None
        yield i, keep(f), rec
        done += 1
        if progress and (done % step == 0 or done == n):
            progress(done, n, "ingesting")


class _PoolFailed(Exception):
    """The pool broke; ``done`` are the jobs whose results were yielded."""

    def __init__(self, done: set[int]):
        self.done = done


def _start_method() -> str:
    """fork when this process runs one thread (fast: no re-import, and scripts need no
    ``if __name__ == "__main__"`` guard); spawn otherwise (the app loads in a worker thread,
    and forking a threaded process can deadlock the child)."""
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _ingest_parallel(
    jobs: Sequence[tuple[Path, str]],
    gazetteer: Gazetteer | None,
    workers: int,
    progress: Progress | None,
    warn: Warn | None,
    encode: Encode | None,
    decode: Decode | None,
    convert: Callable[[IngestedFile], Any] | None,
) -> Iterator[tuple[int, Any, bytes | None]]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    n = len(jobs)
    size = max(4, min(64, n // (workers * 16) or 1))
    chunks = [
        [(i, str(p), aid) for i, (p, aid) in enumerate(jobs[k : k + size], start=k)]
        for k in range(0, n, size)
    ]
    done: set[int] = set()
    pending: set[Future[list[tuple[int, bytes | None, Any]]]] = set()
    queue = iter(chunks)
    pool: ProcessPoolExecutor | None = None
    try:
        ctx = multiprocessing.get_context(_start_method())
        # the pool's queues start multiprocessing's resource tracker, the first submissions
        # the workers: all need real stdout/stderr file descriptors
        with _real_std_streams():
            pool = ProcessPoolExecutor(
                workers,
                mp_context=ctx,
                initializer=_worker_init,
                initargs=(gazetteer, encode, convert if convert or decode else _same),
            )
            for chunk in queue:  # keep a bounded number of chunks in flight
                pending.add(pool.submit(_worker_chunk, chunk))
                if len(pending) >= workers * 4:
                    break
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                for i, rec, obj in fut.result():
                    f = obj if obj is not None or decode is None or rec is None else decode(rec)
                    done.add(i)
                    yield i, f, rec
                if progress:
                    progress(len(done), n, "ingesting")
                nxt = next(queue, None)
                if nxt is not None:
                    pending.add(pool.submit(_worker_chunk, nxt))
    except Exception as err:  # BrokenProcessPool, OSError, a process that cannot start...
        if warn:
            warn(f"worker processes failed ({type(err).__name__}: {err}); ingesting the rest here")
        raise _PoolFailed(done) from None
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _real_std_streams() -> Iterator[None]:
    """Starting a process passes stdout/stderr's file descriptors; a program that replaced
    them with objects without one (Textual does while the app runs) would make that fail.
    The real streams stand in while the workers start."""
    swapped: list[tuple[str, Any]] = []
    for name in ("stdout", "stderr"):
        stream, real = getattr(sys, name), getattr(sys, f"__{name}__")
        try:
            ok = stream.fileno() >= 0
        except Exception:
            ok = False
        if not ok and real is not None:
            setattr(sys, name, real)
            swapped.append((name, stream))
    try:
        yield
    finally:
        for name, stream in swapped:
            setattr(sys, name, stream)
