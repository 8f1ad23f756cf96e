"""On-disk cache of ingest results and of the built corpus. Stdlib only; plain data (JSON, flat
arrays), never a format that runs code when read.

Everything lives in one folder: ``config.cache_dir``, else ``$XDG_CACHE_HOME/chronique``, else
``~/.cache/chronique``; never inside the corpus folder (a cache folder there is refused).

Level 1, per file (``cache.sqlite``, sqlite3 in WAL mode): one row per (absolute path, config
key) with the file's size, mtime_ns, article id and its ``IngestedFile`` as zlib-compressed
compact JSON. The config key hashes config.fingerprint, EXTRACTOR_VERSION, this module's
FORMAT_VERSION and the source of the extraction code and shipped gazetteer, so any change there
re-ingests. Files whose size, mtime or id changed are ingested again (in worker processes when
there are many); rows of files gone from the corpus are pruned.

Level 2, per corpus (``snap-<root>-<config>.bin``): the built ``Corpus`` (merged entities, the
flat mention arrays, article columns, texts) in one binary file, keyed by a hash of every
(path, id, size, mtime_ns) + the config key + the corpus code. It is written to a temporary
file and renamed (atomic: concurrent writers cannot corrupt it, readers keep their copy), read
with mmap, and turned into a ``Corpus`` whose articles, per-entity arrays, stats, dated
expressions and quotes materialize lazily on first use (articles in bulk, by C loops over the
columns). A warm start reads no sqlite at all. Every section carries a CRC32 per 1 MiB chunk:
the small sections are checked at load (a failure is a cache miss), the big ones (texts, mention
arrays, dated expressions, quotes) chunk by chunk when first read (a failure warns, reads as
empty and removes the file for the next start).

Failures never crash a load: a corrupt database is deleted and rebuilt, a foreign one (not our
application_id) or an unwritable folder is bypassed, a locked one times out into a bypass, a
damaged snapshot is rebuilt -- each with a warning through ``warn``.
"""

from __future__ import annotations

import gc
import hashlib
import json
import mmap
import os
import sqlite3
import struct
import sys
import time
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import MISSING, fields
from itertools import chain, repeat
from operator import getitem, sub
from pathlib import Path

from tui.corpus import Corpus, EntityStats
from tui.ingest import EXTRACTOR_VERSION, IngestedArticle, IngestedFile, ingest_file
from tui.ingest.entities import ArticleEntities, Gazetteer, LocalEntity
from tui.model import Article, Block, Entity, PartialDate, Problem, Quote, TimeRef
from tui.records import (
    dec_local_entity,
    dec_quote,
    dec_timeref,
    enc_local_entity,
    enc_quote,
    enc_timeref,
    from_iso,
    to_iso,
)

# Bump on any change to the encodings below.
FORMAT_VERSION = 2
# sqlite "application_id" of our database (b"CHRQ"); anything else at our path is foreign.
APPLICATION_ID = 0x43485251
SCHEMA_VERSION = 1
DB_NAME = "cache.sqlite"
BUSY_TIMEOUT_S = 15.0
# Ingest in worker processes when at least this many files need it.
PARALLEL_MIN = 200
# A file modified less than this long before it was read may be modified again within the same
# mtime tick (coarse file-system clocks): its result is used but not cached.
RACY_NS = 2_000_000_000
SNAP_MAGIC = b"CHRQSNP\x01"
TEXT_CHUNK = 1 << 20

Warn = Callable[[str], None]
Progress = Callable[[int, int, str], None]


def _stderr_warn(message: str) -> None:
    print(f"chronique: warning: {message}", file=sys.stderr)


# --- the data model this codec knows ---------------------------------------------------------
# If a dataclass gains or loses a field, the codec below must learn it: until then the cache is
# disabled (never silently wrong). tests/test_cache.py checks these lists.

_EXPECTED_FIELDS: dict[type, tuple[str, ...]] = {
    Article: (
        "id",
        "path",
        "text",
        "title",
        "date",
        "published",
        "source",
        "url",
        "author",
        "blocks",
        "sentences",
        "extra",
    ),
    Block: ("kind", "start", "end", "credit_start", "credit_end"),
    TimeRef: ("article_id", "start", "end", "text", "value", "anchor"),
    Quote: (
        "article_id",
        "start",
        "end",
        "text",
        "speaker",
        "speaker_role",
        "verb",
        "date",
        "is_term",
    ),
    Problem: ("path", "message", "line"),
    Entity: ("id", "name", "type", "aliases"),
    EntityStats: ("mentions", "articles", "first", "last"),
    LocalEntity: ("key", "name", "votes", "aliases", "weak"),
    ArticleEntities: ("entities", "mentions"),
    IngestedArticle: ("article", "entities", "timerefs", "quotes"),
    IngestedFile: ("path", "articles", "problems"),
}
_CORPUS_FIELDS = frozenset(
    "articles entities problems timerefs quotes _ent_art _ent_start _ent_end _ent_pos _art_ent "
    "_art_start _art_end _article_index _entity_index _stats".split()
)


def schema_mismatch() -> str | None:
    """None when the codec matches the model; else which class changed."""
    for cls, names in _EXPECTED_FIELDS.items():
        if tuple(f.name for f in fields(cls)) != names:
            return cls.__name__
    return None


# --- keys ---------------------------------------------------------------------------------

_PKG = Path(__file__).resolve().parent
_code_hashes: dict[str, str] = {}


def _code_hash(kind: str) -> str:
    """A hash of the code whose output is cached: 'ingest' (per file) or 'corpus' (snapshot)."""
    if kind not in _code_hashes:
        if kind == "ingest":
            paths = sorted((_PKG / "ingest").rglob("*.py"))  # the readers are a package
            # records.py: the field lists the rows are written with
            paths += [_PKG / "model.py", _PKG / "records.py", _PKG / "data" / "gazetteer.yaml"]
        else:
            paths = [_PKG / "corpus.py", _PKG / "records.py", Path(__file__).resolve()]
        h = hashlib.sha1()
        for p in paths:
            try:
                h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
            except OSError:
                h.update(p.name.encode() + b"\0missing\0")
        _code_hashes[kind] = h.hexdigest()
    return _code_hashes[kind]


def config_key(config) -> str:
    """Hash of config.fingerprint + EXTRACTOR_VERSION + FORMAT_VERSION + extraction code."""
    h = hashlib.sha1()
    for part in (
        config.fingerprint or "",
        str(EXTRACTOR_VERSION),
        str(FORMAT_VERSION),
        _code_hash("ingest"),
    ):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:24]


def default_cache_dir(config=None) -> Path:
    if config is not None and getattr(config, "cache_dir", None):
        return Path(config.cache_dir)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "chronique"


def file_stat(path) -> tuple[int, int]:
    """(size, mtime_ns), or (-1, -1) when the file cannot be stat'ed (never cached)."""
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def snapshot_key(
    ckey: str, root, jobs: Sequence[tuple[Path, str]], stats: Sequence[tuple[int, int]]
) -> str:
    """Hash of the root (as given and absolute), every (path, id, size, mtime) and the code."""
    h = hashlib.sha1()
    head = [ckey, _code_hash("corpus"), str(root), os.path.abspath(str(root)), str(len(jobs))]
    h.update("\0".join(head).encode("utf-8", "surrogatepass"))
    paths, ids = zip(*jobs, strict=True) if jobs else ((), ())
    for part in (paths, ids):
        h.update(b"\1" + "\0".join(map(str, part)).encode("utf-8", "surrogatepass"))
    h.update(b"\1" + array("q", chain.from_iterable(stats)).tobytes())
    return h.hexdigest()


def is_racy(stat: tuple[int, int], now_ns: int | None = None) -> bool:
    now_ns = time.time_ns() if now_ns is None else now_ns
    return stat[0] < 0 or stat[1] > now_ns - RACY_NS


# --- level 1 codec: IngestedFile <-> compact JSON ---------------------------------------------

class _Uncacheable(Exception):
    pass


def _plain(v) -> bool:
    """True when json round-trips ``v`` exactly (types included)."""
    t = type(v)
    if t is str or t is int or t is bool or v is None:
        return True
    if t is float:
        return v == v  # NaN does not compare equal to itself
    if t is list:
        return all(_plain(x) for x in v)
    if t is dict:
        return (
            all(type(k) is str for k in v) and "\0t" not in v and all(_plain(x) for x in v.values())
        )
    return False


def _tag(v):
    """Any YAML/JSON metadata value as JSON, tagged where json alone would lose its type."""
    import datetime as dt

    t = type(v)
    if t is str or t is int or t is bool or v is None:
        return v
    if t is float:
        return {"f": repr(v)}
    if t is list:
        return {"l": [_tag(x) for x in v]}
    if t is tuple:
        return {"t": [_tag(x) for x in v]}
    if t is dict:
        return {"m": [[_tag(k), _tag(x)] for k, x in v.items()]}
    if t is set or t is frozenset:
        return {"s" if t is set else "F": [_tag(x) for x in v]}
    if t is dt.datetime:
        return {"dt": v.isoformat()}
    if t is dt.date:
        return {"d": v.isoformat()}
    if t is dt.time:
        return {"tm": v.isoformat()}
    if t is bytes:
        import base64

        return {"b": base64.b64encode(v).decode("ascii")}
    raise _Uncacheable(f"cannot cache a {t.__name__} in article metadata")


def _untag(v):
    import datetime as dt

    if not isinstance(v, dict):
        return v
    ((k, x),) = v.items()
    if k == "f":
        return float(x)
    if k == "l":
        return [_untag(y) for y in x]
    if k == "t":
        return tuple(_untag(y) for y in x)
    if k == "m":
        return {_untag(a): _untag(b) for a, b in x}
    if k == "s":
        return {_untag(y) for y in x}
    if k == "F":
        return frozenset(_untag(y) for y in x)
    if k == "dt":
        return dt.datetime.fromisoformat(x)
    if k == "d":
        return dt.date.fromisoformat(x)
    if k == "tm":
        return dt.time.fromisoformat(x)
    if k == "b":
        import base64

        return base64.b64decode(x)
    raise ValueError(f"unknown tag {k!r}")


def _enc_extra(extra: dict):
    if not extra:
        return None
    if _plain(extra):
        return extra
    return {"\0t": _tag(extra)}


def _dec_extra(v) -> dict:
    if v is None:
        return {}
    if "\0t" in v:
        return _untag(v["\0t"])
    return v


def _enc_problem(p: Problem) -> list:
    return [p.path, p.message, p.line]


def _enc_article(it: IngestedArticle) -> list:
    a = it.article
    blocks: list = []
    for b in a.blocks:
        blocks += (b.kind, b.start, b.end, b.credit_start, b.credit_end)
    sentences = [x for s in a.sentences for x in s]
    ents = [enc_local_entity(k, e) for k, e in it.entities.entities.items()]
    mentions = [x for m in it.entities.mentions for x in m]
    return [
        a.id,
        a.path,
        a.text,
        a.title,
        to_iso(a.date),
        to_iso(a.published),
        a.source,
        a.url,
        a.author,
        blocks,
        sentences,
        _enc_extra(a.extra),
        ents,
        mentions,
        [enc_timeref(t) for t in it.timerefs],
        [enc_quote(q) for q in it.quotes],
    ]


# Strings met again and again while decoding many records (entity keys, block kinds): one
# object each, as a fresh ingest shares them, instead of one per occurrence.
_MEMO: dict[str, str] = {}


def _dec_article(v: list, fix) -> IngestedArticle:
    (
        aid,
        path,
        text,
        title,
        date,
        published,
        source,
        url,
        author,
        blocks,
        sentences,
        extra,
        ents,
        mentions,
        timerefs,
        quotes,
    ) = v
    memo = _MEMO.setdefault
    it = iter(sentences)
    article = Article(
        aid,
        fix(path),
        text,
        title,
        from_iso(date),
        from_iso(published),
        source,
        url,
        author,
        tuple(
            _bulk(
                Block,
                len(blocks) // 5,
                kind=map(memo, blocks[0::5], blocks[0::5]),
                start=blocks[1::5],
                end=blocks[2::5],
                credit_start=blocks[3::5],
                credit_end=blocks[4::5],
            )
        ),
        tuple(zip(it, it, strict=True)),
        _dec_extra(extra),
    )
    keys = mentions[2::3]
    found = ArticleEntities(
        dict(dec_local_entity(v, memo) for v in ents),
        list(zip(mentions[0::3], mentions[1::3], map(memo, keys, keys), strict=True)),
    )
    return IngestedArticle(
        article, found, [dec_timeref(t) for t in timerefs], [dec_quote(q) for q in quotes]
    )


def encode_file(f: IngestedFile) -> bytes:
    """An IngestedFile as zlib-compressed compact JSON. Raises _Uncacheable when it cannot."""
    obj = [
        FORMAT_VERSION,
        f.path,
        [_enc_problem(p) for p in f.problems],
        [_enc_article(it) for it in f.articles],
    ]
    try:
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), check_circular=False)
        return zlib.compress(data.encode("utf-8"), 1)
    except (TypeError, ValueError, UnicodeError) as err:
        raise _Uncacheable(str(err)) from None


def decode_file(data: bytes, path: str | None = None) -> IngestedFile:
    """The inverse of encode_file; ``path`` replaces the stored path string (the same file
    reached through another spelling of the corpus root)."""
    fmt, p0, problems, articles = json.loads(zlib.decompress(data))
    if fmt != FORMAT_VERSION:
        raise ValueError("old record format")
    if path is None or path == p0:

        def fix(s):
            return s
    else:

        def fix(s):
            return path if s == p0 else s

    return IngestedFile(
        fix(p0),
        [_dec_article(a, fix) for a in articles],
        [Problem(fix(p), m, ln) for p, m, ln in problems],
    )


def _same(x):
    return x


def _try_encode(f: IngestedFile) -> bytes | None:
    try:
        return encode_file(f)
    except _Uncacheable:
        return None


# --- parallel ingest ------------------------------------------------------------------------

_worker_gazetteer: Gazetteer | None = None
_worker_convert: Callable | None = None


def _worker_init(gazetteer: Gazetteer | None, convert=None) -> None:
    import signal

    global _worker_gazetteer, _worker_convert
    _worker_gazetteer, _worker_convert = gazetteer, convert
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl+C


def _worker_chunk(
    chunk: list[tuple[int, str, str]],
) -> list[tuple[int, bytes | None, IngestedFile | None]]:
    out = []
    for i, path, aid in chunk:
        f = ingest_file(Path(path), aid, _worker_gazetteer)
        rec = _try_encode(f)
        if _worker_convert is not None:
            # converted here, in parallel: the parent neither decodes the record nor converts
            out.append((i, rec, _worker_convert(f)))
        else:
            out.append((i, rec, None if rec is not None else f))
    return out


def ingest_many(
    jobs: Sequence[tuple[Path, str]],
    gazetteer: Gazetteer | None,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    encode: bool = True,
    min_parallel: int | None = None,
    warn: Warn | None = None,
    convert: Callable[[IngestedFile], object] | None = None,
) -> Iterator[tuple[int, IngestedFile, bytes | None]]:
    """Ingest files, yielding (index in jobs, result, encoded record or None) in any order;
    with ``convert`` (a module-level function: workers receive it), the result is
    ``convert(IngestedFile)``, made where the file was ingested.

    In worker processes (chunks of files) when there are at least ``min_parallel`` jobs and
    more than one worker; in this process otherwise. Results are identical either way: a
    worker sends the encoded record and this process decodes it."""
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
    try:
        yield from _ingest(jobs, gazetteer, workers, progress, encode, min_parallel, warn, convert)
    finally:
        _MEMO.clear()


def _ingest(jobs, gazetteer, workers, progress, encode, min_parallel, warn, convert=None):
    n = len(jobs)
    done = 0
    if workers > 1 and n >= min_parallel:
        try:
            yield from _ingest_parallel(jobs, gazetteer, workers, progress, warn, convert)
            return
        except _PoolFailed as failed:
            done_set = failed.done
            done = len(done_set)
            jobs_left = [(i, j) for i, j in enumerate(jobs) if i not in done_set]
        else:  # pragma: no cover
            return
    else:
        jobs_left = list(enumerate(jobs))
    step = max(1, n // 200)
    for i, (path, aid) in jobs_left:
        f = ingest_file(Path(path), aid, gazetteer)
        rec = _try_encode(f) if encode else None
        yield i, (f if convert is None else convert(f)), rec
        done += 1
        if progress and (done % step == 0 or done == n):
            progress(done, n, "ingesting")


class _PoolFailed(Exception):
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


def _ingest_parallel(jobs, gazetteer, workers, progress, warn, convert=None):
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    n = len(jobs)
    size = max(4, min(64, n // (workers * 16) or 1))
    chunks = [
        [(i, str(p), aid) for i, (p, aid) in enumerate(jobs[k : k + size], start=k)]
        for k in range(0, n, size)
    ]
    done: set[int] = set()
    pending = set()
    queue = iter(chunks)
    pool = None
    try:
        ctx = multiprocessing.get_context(_start_method())
        # the pool's queues start multiprocessing's resource tracker, the first submissions
        # the workers: all need real stdout/stderr file descriptors
        with _real_std_streams():
            pool = ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=_worker_init, initargs=(gazetteer, convert)
            )
            for chunk in queue:  # keep a bounded number of chunks in flight
                pending.add(pool.submit(_worker_chunk, chunk))
                if len(pending) >= workers * 4:
                    break
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                for i, rec, obj in fut.result():
                    f = obj if obj is not None or convert is not None else decode_file(rec)
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
def _real_std_streams():
    """Starting a process passes stdout/stderr's file descriptors; a program that replaced
    them with objects without one (Textual does while the app runs) would make that fail.
    The real streams stand in while the workers start."""
    swapped = []
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


# --- level 1 store --------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files(
    path TEXT NOT NULL,
    ckey TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    aid TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (path, ckey)
);
"""


class _Foreign(Exception):
    pass


def _is_corrupt(err: sqlite3.Error) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    msg = str(err).lower()
    return "not a database" in msg or "malformed" in msg


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (tables or app_id or version):
            raise _Foreign(f"application_id {app_id:#x}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
                raise sqlite3.OperationalError("cannot use WAL journal mode")
        conn.execute("PRAGMA synchronous = NORMAL")
        if app_id != APPLICATION_ID or version != SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Re-check under the write lock: another instance may have just created it.
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if app_id != APPLICATION_ID or version != SCHEMA_VERSION:
                    conn.execute("DROP TABLE IF EXISTS files")
                    conn.execute(_SCHEMA.strip())
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except BaseException:
        conn.close()
        raise
    return conn


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(str(path) + suffix)
        except FileNotFoundError:
            pass


def inside(child: Path, parent: Path) -> bool:
    """True when ``child`` is ``parent`` or below it (both resolved)."""
    try:
        c, p = child.resolve(), parent.resolve()
    except OSError:
        return False
    return c == p or p in c.parents


class CorpusCache:
    """The cache folder: level-1 rows in sqlite (opened on first need) and level-2 snapshots."""

    def __init__(self, folder: Path, config, warn: Warn | None = None):
        self.folder = folder
        self.db_path = folder / DB_NAME
        self.config = config
        self.ckey = config_key(config)
        self.warn = warn or _stderr_warn
        self._conn: sqlite3.Connection | None = None
        self._db_failed = False
        self._warned: set[str] = set()
        # counters for reports and tests
        self.hits = 0
        self.ingested = 0
        self.written = 0

    # --- plumbing ---

    def _warn_once(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warn(message)

    def _db(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._db_failed:
            return self._conn
        for attempt in (1, 2):
            try:
                self._conn = _connect(self.db_path)
                return self._conn
            except _Foreign as err:
                self._warn_once(
                    f"{self.db_path} is not a Chronique cache ({err}); left untouched, cache not used "
                    f"(remove it or set cache.dir)"
                )
            except sqlite3.Error as err:
                if _is_corrupt(err) and attempt == 1:
                    self._warn_once(f"cache {self.db_path} is corrupt ({err}); rebuilding it")
                    try:
                        _remove_db(self.db_path)
                    except OSError as err2:
                        self._warn_once(
                            f"cannot remove corrupt cache {self.db_path}: {err2}; cache not used"
                        )
                        break
                    continue
                self._warn_once(f"cache {self.db_path} unusable ({err}); continuing without it")
            break
        self._db_failed = True
        return None

    def _db_error(self, err: sqlite3.Error, doing: str) -> None:
        """A failure while using the database: stop using it (and rebuild it if corrupt)."""
        conn, self._conn, self._db_failed = self._conn, None, True
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        if _is_corrupt(err):
            self._warn_once(
                f"cache {self.db_path} is corrupt ({err}) while {doing}; it will be rebuilt"
            )
            try:
                _remove_db(self.db_path)
            except OSError:
                pass
        else:
            self._warn_once(f"cache {self.db_path}: {err} while {doing}; continuing without it")

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def __enter__(self) -> CorpusCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- level 1 ---

    def _fetch(self, abspaths: list[str]) -> dict[str, tuple]:
        conn = self._db()
        if conn is None or not abspaths:
            return {}
        wanted = set(abspaths)
        if len(abspaths) == 1:
            cur = conn.execute(
                "SELECT path, size, mtime_ns, aid, data FROM files WHERE ckey = ? AND path = ?",
                (self.ckey, abspaths[0]),
            )
        else:
            prefix = os.path.commonpath(abspaths)
            lo, hi = prefix, prefix + "\U0010ffff"
            cur = conn.execute(
                "SELECT path, size, mtime_ns, aid, data FROM files WHERE ckey = ? AND path >= ? AND path < ?",
                (self.ckey, lo, hi),
            )
        return {row[0]: row[1:] for row in cur if row[0] in wanted}

    def _store(self, rows: list[tuple]) -> None:
        if not rows or self._db_failed:
            return
        conn = self._db()
        if conn is None:
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT OR REPLACE INTO files(path, ckey, size, mtime_ns, aid, data) VALUES (?, ?, ?, ?, ?, ?)",
                    [(p, self.ckey, s, m, aid, data) for p, s, m, aid, data in rows],
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self.written += len(rows)
        except sqlite3.Error as err:
            self._db_error(err, "saving ingest results")

    def ingest_all(
        self,
        jobs: Sequence[tuple[Path, str]],
        *,
        progress: Progress | None = None,
        workers: int | None = None,
        stats: Sequence[tuple[int, int]] | None = None,
        min_parallel: int | None = None,
        convert: Callable[[IngestedFile], object] | None = None,
    ) -> list:
        """Every file's IngestedFile, from the cache when its size, mtime and id are unchanged,
        freshly ingested (and cached) otherwise. Same order as ``jobs``. With ``convert``, each
        is replaced by ``convert(it)`` as soon as it is read or made (a compact form: the
        IngestedFiles of a whole corpus are not held at once)."""
        keep = convert or _same
        n = len(jobs)
        if stats is None:
            stats = [file_stat(p) for p, _ in jobs]
        abspaths = [os.path.abspath(str(p)) for p, _ in jobs]
        try:
            rows = self._fetch(abspaths)
        except sqlite3.Error as err:
            self._db_error(err, "reading")
            rows = {}
        results: list[IngestedFile | None] = [None] * n
        todo: list[int] = []
        step = max(1, n // 100)
        for i, (path, aid) in enumerate(jobs):
            row = rows.get(abspaths[i])
            st = stats[i]
            if (
                row is not None
                and st[0] >= 0
                and row[0] == st[0]
                and row[1] == st[1]
                and row[2] == aid
            ):
                try:
                    results[i] = keep(decode_file(row[3], str(path)))
                    self.hits += 1
                except Exception:  # a damaged or outdated record: ingest again
                    todo.append(i)
            else:
                todo.append(i)
            if progress and rows and (i % step == 0):
                progress(i, n, "reading cache")
        del rows
        if todo:
            now = time.time_ns()
            batch: list[tuple] = []
            last_flush = time.monotonic()
            sub = [jobs[i] for i in todo]
            for k, f, rec in ingest_many(
                sub,
                self.config.gazetteer,
                workers=workers,
                progress=progress,
                min_parallel=min_parallel,
                warn=self._warn_once,
                convert=convert,
            ):
                i = todo[k]
                results[i] = f  # converted already, when there is a convert
                del f
                self.ingested += 1
                if rec is not None and not is_racy(stats[i], now) and not self._db_failed:
                    batch.append((abspaths[i], stats[i][0], stats[i][1], jobs[i][1], rec))
                    if len(batch) >= 512 or time.monotonic() - last_flush > 2.0:
                        self._store(batch)
                        batch, last_flush = [], time.monotonic()
            self._store(batch)
        _MEMO.clear()
        return results  # type: ignore[return-value]

    def prune(self, root: Path, keep: Iterable[str]) -> int:
        """Forget rows of files under ``root`` that are no longer in the corpus (any config key
        other than the current one too). Returns how many rows went."""
        conn = None if self._db_failed else self._db()
        if conn is None:
            return 0
        base = os.path.abspath(str(root))
        keep_set = set(keep)
        try:
            if os.path.isdir(base):
                prefix = base.rstrip(os.sep) + os.sep
                cur = conn.execute(
                    "SELECT rowid, path, ckey FROM files WHERE path >= ? AND path < ?",
                    (prefix, prefix + "\U0010ffff"),
                )
            else:
                cur = conn.execute("SELECT rowid, path, ckey FROM files WHERE path = ?", (base,))
            gone = [(rid,) for rid, path, ckey in cur if ckey != self.ckey or path not in keep_set]
            if gone:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.executemany("DELETE FROM files WHERE rowid = ?", gone)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            return len(gone)
        except sqlite3.Error as err:
            self._db_error(err, "pruning")
            return 0

    # --- level 2 ---

    def snapshot_path(self, root: Path) -> Path:
        rk = hashlib.sha1(os.path.abspath(str(root)).encode("utf-8", "surrogatepass")).hexdigest()[
            :16
        ]
        return self.folder / f"snap-{rk}-{self.ckey[:12]}.bin"

    def load_snapshot(self, root: Path, skey: str) -> Corpus | None:
        path = self.snapshot_path(root)
        try:
            return read_snapshot(path, skey, self._warn_once)[0]
        except FileNotFoundError:
            return None
        except _Stale:
            return None
        except (
            _Damaged,
            OSError,
            ValueError,
            KeyError,
            IndexError,
            TypeError,
            struct.error,
            UnicodeError,
        ) as err:
            self._warn_once(f"cache snapshot {path.name} is damaged ({err}); rebuilding it")
            try:
                path.unlink()
            except OSError:
                pass
            return None

    def save_snapshot(self, root: Path, skey: str, corpus: Corpus) -> bool:
        path = self.snapshot_path(root)
        tmp = self._write_temp(root, skey, corpus)
        if tmp is None:
            return False
        try:
            os.replace(tmp, path)
        except OSError as err:
            self._warn_once(f"cannot save the corpus snapshot in {self.folder}: {err}")
            _unlink(tmp)
            return False
        # Older snapshots of this root (another config or code version) and stale temp files.
        prefix = path.name.rsplit("-", 1)[0] + "-"
        try:
            for other in self.folder.iterdir():
                name = other.name
                if name.startswith(prefix) and name.endswith(".bin") and name != path.name:
                    other.unlink()
                elif name.startswith("snap-") and name.endswith(".tmp"):
                    if time.time() - other.stat().st_mtime > 3600:
                        other.unlink()
        except OSError:
            pass
        return True


    def _write_temp(self, root: Path, skey: str, corpus: Corpus) -> Path | None:
        """The corpus snapshot written to a new temporary file of the folder (None on failure,
        with a warning unless the corpus is of a kind that cannot be snapshotted)."""
        if snapshot_unsupported(corpus):
            return None
        path = self.snapshot_path(root)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{time.time_ns() % 10**9}.tmp")
        try:
            with open(tmp, "wb") as f:
                write_snapshot(f, corpus, skey, str(root))
        except (OSError, OverflowError, ValueError, TypeError, _Uncacheable) as err:
            self._warn_once(f"cannot save the corpus snapshot in {self.folder}: {err}")
            _unlink(tmp)
            return None
        return tmp

    def save_and_map(
        self, root: Path, skey: str, corpus: Corpus, *, keep: bool = True
    ) -> tuple[bool, Corpus | None]:
        """Write the corpus snapshot and map it back: (saved, the mapped corpus or None).

        The mapped corpus is what a warm start reads (articles, dated expressions and quotes
        built on first use, texts and mention arrays in the mapped file), so a cold load ends
        as compact as a warm one -- and ``corpus`` can come from ``build_packed``, whose views
        are read once here. ``keep=False`` (some file modified too recently for the snapshot
        to be trusted at the next start): a temporary file, unlinked once mapped (the mapping
        stays valid). None, with nothing lost, when it cannot be written or read back."""
        if keep:
            saved = self.save_snapshot(root, skey, corpus)
            path = self.snapshot_path(root) if saved else None
        else:
            saved, path = False, self._write_temp(root, skey, corpus)
        if path is None:
            return saved, None
        try:
            return saved, read_snapshot(path, skey, self._warn_once)[0]
        except (_Stale, _Damaged, OSError, ValueError, KeyError, IndexError, TypeError, struct.error) as err:
            # another instance replaced it with another key, or the disk lies: use the corpus
            if not isinstance(err, _Stale):
                self._warn_once(f"cannot read back the corpus snapshot {path.name}: {err}")
            return saved, None
        finally:
            if not keep:
                _unlink(path)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def open_cache(config, *, root: Path | None = None, warn: Warn | None = None) -> CorpusCache | None:
    """The cache for this config, or None (with a warning) when it cannot be used."""
    warn = warn or _stderr_warn
    bad = schema_mismatch()
    if bad:
        warn(
            f"cache disabled: the data model ({bad}) changed and tui/cache.py does not know it yet"
        )
        return None
    folder = default_cache_dir(config)
    if root is not None and Path(root).is_dir() and inside(folder, Path(root)):
        warn(f"cache folder {folder} is inside the corpus folder; cache not used")
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        warn(f"cannot create the cache folder {folder} ({err.strerror or err}); cache not used")
        return None
    return CorpusCache(folder, config, warn)


# --- level 2: the built corpus as one mmapped file -----------------------------------------


class _Stale(Exception):
    pass


class _Damaged(Exception):
    pass


def snapshot_unsupported(corpus: Corpus) -> str | None:
    """Why this corpus cannot be snapshotted (a Corpus field this module does not know holds
    something other than its default), or None."""
    for f in fields(Corpus):
        if f.name in _CORPUS_FIELDS:
            continue
        default = (
            f.default
            if f.default is not MISSING
            else (f.default_factory() if f.default_factory is not MISSING else MISSING)
        )
        if default is MISSING or getattr(corpus, f.name) != default:
            return f"unknown Corpus field {f.name}"
    return None


def _dcode(d: PartialDate | None) -> int:
    if d is None:
        return -1
    return d.year * 10000 + (d.month or 0) * 100 + (d.day or 0)


_dcodes: dict[int, PartialDate | None] = {-1: None}


def _ddecode(c: int) -> PartialDate | None:
    try:
        return _dcodes[c]
    except KeyError:
        y, md = divmod(c, 10000)
        m, d = divmod(md, 100)
        v = _dcodes[c] = PartialDate(y, m or None, d or None)
        return v


class _Writer:
    def __init__(self, f):
        self.f = f
        self.pos = 0
        self.sections: dict[str, list[int]] = {}

    def _pad(self) -> None:
        pad = -self.pos % 8
        if pad:
            self.f.write(b"\0" * pad)
            self.pos += pad

    def add(self, name: str, data) -> None:
        """A section, with a CRC32 per 1 MiB chunk (checked when the chunk is first read)."""
        self._pad()
        mv = memoryview(data).cast("B")
        self.f.write(mv)
        crcs = [zlib.crc32(mv[k : k + TEXT_CHUNK]) for k in range(0, len(mv), TEXT_CHUNK)]
        self.sections[name] = [self.pos, len(mv), crcs]
        self.pos += len(mv)

    def add_json(self, name: str, obj) -> None:
        self.add(name, json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _concat(arrays: Sequence[array], typecode: str) -> tuple[array, array]:
    big = array(typecode)
    off = array("q", [0])
    for a in arrays:
        big += a
        off.append(len(big))
    return big, off


def write_snapshot(f, corpus: Corpus, skey: str, given_root: str) -> None:
    """Write the corpus to an open binary file (preamble, sections, header at the end)."""
    preamble = struct.Struct("<8sQQI")
    f.write(b"\0" * preamble.size)
    w = _Writer(f)
    w.pos = preamble.size
    arts = corpus.articles
    n = len(arts)
    kinds: dict[str, int] = {}
    dates = array("i")
    blk = array("i")
    blk_off = array("q", [0])
    sen = array("i")
    sen_off = array("q", [0])
    cols: dict[str, list] = {
        k: [] for k in ("id", "path", "title", "source", "url", "author", "extra")
    }
    for a in arts:
        cols["id"].append(a.id)
        cols["path"].append(a.path)
        cols["title"].append(a.title)
        cols["source"].append(a.source)
        cols["url"].append(a.url)
        cols["author"].append(a.author)
        cols["extra"].append(_enc_extra(a.extra))
        dates.append(_dcode(a.date))
        dates.append(_dcode(a.published))
        for b in a.blocks:
            k = kinds.setdefault(b.kind, len(kinds))
            blk.extend((k, b.start, b.end, b.credit_start, b.credit_end))
        blk_off.append(len(blk) // 5)
        for s, e in a.sentences:
            sen.append(s)
            sen.append(e)
        sen_off.append(len(sen) // 2)
    w.add_json("articles", cols)
    del cols
    for name, data in (
        ("dates", dates),
        ("blk", blk),
        ("blk_off", blk_off),
        ("sen", sen),
        ("sen_off", sen_off),
    ):
        w.add(name, data)
    del blk, sen

    # Texts: UTF-8, one after the other; CRC per 1 MiB chunk, checked when first read.
    w._pad()
    text_start = w.pos
    text_off = array("q", [0])
    crcs: list[int] = []
    crc, filled, total = 0, 0, 0
    # A corpus from build_packed gives each text as UTF-8 without rebuilding its article.
    utf8 = getattr(arts, "utf8", None)
    for data in map(utf8, range(n)) if utf8 else (a.text.encode("utf-8") for a in arts):
        data = memoryview(data)
        f.write(data)
        total += len(data)
        text_off.append(total)
        while len(data):
            take = min(len(data), TEXT_CHUNK - filled)
            crc = zlib.crc32(data[:take], crc)
            filled += take
            data = data[take:]
            if filled == TEXT_CHUNK:
                crcs.append(crc)
                crc, filled = 0, 0
    if filled:
        crcs.append(crc)
    w.sections["text"] = [text_start, total, crcs]
    w.pos += total
    w.add("text_off", text_off)

    ents = corpus.entities
    w.add_json(
        "entities",
        {
            "id": [e.id for e in ents],
            "name": [e.name for e in ents],
            "type": [e.type for e in ents],
            "aliases": [list(e.aliases) for e in ents],
        },
    )
    for name, seq, tc in (
        ("ent_art", corpus._ent_art, "i"),
        ("ent_start", corpus._ent_start, "i"),
        ("ent_end", corpus._ent_end, "i"),
        ("ent_pos", corpus._ent_pos, "q"),
        ("art_ent", corpus._art_ent, "i"),
        ("art_start", corpus._art_start, "i"),
        ("art_end", corpus._art_end, "i"),
    ):
        big, off = _concat(seq, tc)
        w.add(name, big)
        if name in ("ent_art", "art_ent"):
            w.add(name[:3] + "_off", off)
    st_art, st_first, st_last = array("i"), array("i"), array("i")
    for s in corpus._stats:
        st_art.append(s.articles)
        st_first.append(_dcode(s.first))
        st_last.append(_dcode(s.last))
    for name, data in (("st_articles", st_art), ("st_first", st_first), ("st_last", st_last)):
        w.add(name, data)
    w.add_json("problems", [_enc_problem(p) for p in corpus.problems])
    _write_spans(w, "tr", corpus.timerefs, corpus, ("value", "anchor"))
    _write_spans(w, "q", corpus.quotes, corpus, ("date",))

    header = {
        "format": FORMAT_VERSION,
        "skey": skey,
        "root": given_root,
        "byteorder": sys.byteorder,
        "itemsize": [array("i").itemsize, array("q").itemsize],
        "articles": n,
        "entities": len(ents),
        "kinds": sorted(kinds, key=kinds.get),
        "chunk": TEXT_CHUNK,
        "sections": w.sections,
    }
    w._pad()
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hpos = w.pos
    f.write(raw)
    f.seek(0)
    f.write(preamble.pack(SNAP_MAGIC, hpos, len(raw), zlib.crc32(raw)))


def _write_spans(
    w: _Writer, prefix: str, items, corpus: Corpus, date_fields: tuple[str, ...]
) -> None:
    """Dated expressions ("tr") or quotes ("q") as columns: article index, start, end, date
    codes (and for quotes the speaker's entity index, role, verb, is_term). The text is not
    stored when it is the article's text[start:end] (always, from the extractors): it is cut
    again on load. Anything else goes to an "odd" JSON map, index -> field values."""
    aidx, eidx, arts = corpus._article_index, corpus._entity_index, corpus.articles
    # the article's text, without building the article where the sequence allows (build_packed,
    # LazyArticles); items come article after article, so the last one is kept
    text_of = getattr(arts, "text", None) or (lambda a: arts[a].text)
    last_a, last_text = -1, ""
    art, span = array("i"), array("i")
    dates = [array("i") for _ in date_fields]
    odd: dict[int, dict] = {}
    quotes = prefix == "q"
    spk, term, roles, verbs = array("i"), bytearray(), [], []
    for k, x in enumerate(items):
        a = aidx.get(x.article_id, -1)
        art.append(a)
        span.append(x.start)
        span.append(x.end)
        for col, name in zip(dates, date_fields, strict=True):
            col.append(_dcode(getattr(x, name)))
        if a < 0:
            odd[k] = {"article_id": x.article_id, "text": x.text}
        else:
            if a != last_a:
                last_a, last_text = a, text_of(a)
            if last_text[x.start : x.end] != x.text:
                odd[k] = {"text": x.text}
        if quotes:
            e = eidx.get(x.speaker, -2) if x.speaker is not None else -1
            spk.append(e)
            if e == -2:
                odd.setdefault(k, {})["speaker"] = x.speaker
            term.append(1 if x.is_term else 0)
            roles.append(x.speaker_role)
            verbs.append(x.verb)
    w.add(f"{prefix}_art", art)
    w.add(f"{prefix}_span", span)
    for col, name in zip(dates, date_fields, strict=True):
        w.add(f"{prefix}_{name}", col)
    if quotes:
        w.add("q_speaker", spk)
        w.add("q_term", term)
        w.add_json("q_roles", [roles, verbs])
    w.add_json(f"{prefix}_odd", {str(k): v for k, v in odd.items()})


def _read_spans(snap: _Snapshot, prefix: str, articles: LazyArticles, ents: list[Entity]):
    """The loader of ``_write_spans``' columns: a list of TimeRef or Quote, built in bulk."""
    quotes = prefix == "q"
    names = [f"{prefix}_art", f"{prefix}_span", f"{prefix}_odd"]
    names += ["q_date", "q_speaker", "q_term", "q_roles"] if quotes else ["tr_value", "tr_anchor"]

    def load() -> list:
        secs = [snap.sections[x] for x in names]
        if not all(sec.check() for sec in secs):
            return []
        enabled = gc.isenabled()
        gc.disable()
        try:
            items = _spans(secs, quotes, articles, ents)
        finally:
            if enabled:
                gc.enable()
                gc.freeze()
        for sec in secs:
            sec.release()
        return items

    return load


def _spans(secs, quotes: bool, articles: LazyArticles, ents: list[Entity]) -> list:
    art = array("i", bytes(secs[0].view))
    n = len(art)
    span = array("i", bytes(secs[1].view))
    odd = {int(k): v for k, v in json.loads(bytes(secs[2].view)).items()}
    ids = articles.ids()
    texts: list[str | None] = [None] * (len(ids) + 1)  # [-1]: "" for an unknown article
    texts[-1] = ""
    for a in set(art):
        if a >= 0:
            texts[a] = articles.text(a)
    ints = _ints().get
    starts, ends = span[0::2], span[1::2]
    common = {
        "article_id": map((*ids, "").__getitem__, art),
        "start": map(ints, starts, starts),
        "end": map(ints, ends, ends),
        "text": map(getitem, map(texts.__getitem__, art), map(slice, starts, ends)),
    }
    if quotes:
        eids = [e.id for e in ents] + ["", None]  # -2: odd, -1: None
        roles, verbs = json.loads(bytes(secs[6].view))
        items = _bulk(
            Quote,
            n,
            **common,
            speaker=map(eids.__getitem__, array("i", bytes(secs[4].view))),
            speaker_role=roles,
            verb=verbs,
            date=map(_ddecode, array("i", bytes(secs[3].view))),
            is_term=map(bool, bytes(secs[5].view)),
        )
        cls = Quote
    else:
        items = _bulk(
            TimeRef,
            n,
            **common,
            value=map(_ddecode, array("i", bytes(secs[3].view))),
            anchor=map(_ddecode, array("i", bytes(secs[4].view))),
        )
        cls = TimeRef
    for k, values in odd.items():
        for name, value in values.items():
            getattr(cls, name).__set__(items[k], value)
    return items


class _Section:
    """One section of a mapped snapshot, its chunks' CRCs checked on first read."""

    __slots__ = ("name", "view", "chunk", "crcs", "ok", "snap")

    def __init__(self, snap: _Snapshot, name: str, view: memoryview, chunk: int, crcs: list[int]):
        if len(crcs) != -(-len(view) // chunk):
            raise _Damaged(f"section {name} has the wrong checksums")
        self.snap, self.name, self.view, self.chunk, self.crcs = snap, name, view, chunk, crcs
        self.ok = bytearray(len(crcs))

    def release(self, lo: int = 0, hi: int | None = None) -> None:
        """Drop the pages of bytes lo..hi-1 from this process's memory (what was read from
        them has been copied out): they stay in the page cache, and are read again if asked."""
        hi = len(self.view) if hi is None else hi
        base = self.snap.offsets[self.name]
        page = mmap.PAGESIZE
        start = -(-(base + lo) // page) * page
        end = (base + hi) // page * page
        if end > start:
            try:
                self.snap.mm.madvise(mmap.MADV_DONTNEED, start, end - start)
            except (AttributeError, OSError, ValueError):
                pass

    def check(self, lo: int = 0, hi: int | None = None) -> bool:
        """True when bytes lo..hi-1 are intact; on damage, the snapshot is dropped for the
        next start and a warning given."""
        hi = len(self.view) if hi is None else hi
        if hi <= lo:
            return True
        chunk, ok = self.chunk, self.ok
        for c in range(lo // chunk, (hi - 1) // chunk + 1):
            if not ok[c]:
                s = c * chunk
                if zlib.crc32(self.view[s : s + chunk]) != self.crcs[c]:
                    self.snap.damaged(self.name)
                    return False
                ok[c] = 1
        return True


class _Snapshot:
    """The mapped file and its sections."""

    def __init__(self, path: Path, skey: str, warn: Warn):
        self.path, self.warn, self._damage_told = path, warn, False
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            pre = struct.Struct("<8sQQI")
            if size < pre.size:
                raise _Damaged("truncated")
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self.mm = mm
        self.view = memoryview(mm)
        self.offsets: dict[str, int] = {}
        magic, hpos, hlen, hcrc = pre.unpack_from(mm, 0)
        if magic != SNAP_MAGIC:
            raise _Damaged("not a snapshot file")
        if hpos + hlen > size or zlib.crc32(self.view[hpos : hpos + hlen]) != hcrc:
            raise _Damaged("bad header")
        self.header = h = json.loads(bytes(self.view[hpos : hpos + hlen]))
        if h.get("format") != FORMAT_VERSION or h.get("byteorder") != sys.byteorder:
            raise _Stale()
        if h.get("itemsize") != [array("i").itemsize, array("q").itemsize]:
            raise _Stale()
        if skey is not None and h.get("skey") != skey:
            raise _Stale()
        self.sections: dict[str, _Section] = {}
        for name, (off, length, crcs) in h["sections"].items():
            if off + length > hpos:
                raise _Damaged(f"section {name} out of bounds")
            self.sections[name] = _Section(
                self, name, self.view[off : off + length], h["chunk"], crcs
            )
            self.offsets[name] = off

    def damaged(self, name: str) -> None:
        """A section read after the load failed its check: say so once, and remove the file so
        that the next start rebuilds it (this session keeps its mapping)."""
        if not self._damage_told:
            self._damage_told = True
            self.warn(
                f"cache snapshot {self.path.name}: damaged section {name}; it will be rebuilt at the next start"
            )
            try:
                self.path.unlink()
            except OSError:
                pass

    def raw(self, name: str) -> memoryview:
        """A section checked whole (at load: a failure is a cache miss)."""
        sec = self.sections[name]
        for c in range(len(sec.crcs)):
            s = c * sec.chunk
            if zlib.crc32(sec.view[s : s + sec.chunk]) != sec.crcs[c]:
                raise _Damaged(f"section {name} fails its checksum")
        sec.ok[:] = b"\1" * len(sec.ok)
        return sec.view

    def json(self, name: str):
        return json.loads(bytes(self.raw(name)))

    def array(self, name: str, typecode: str) -> array:
        a = array(typecode)
        a.frombytes(self.raw(name))
        return a


class _Texts:
    """Article texts read from the mapped file on demand."""

    __slots__ = ("sec", "off")

    def __init__(self, sec: _Section, off: array):
        self.sec, self.off = sec, off

    def get(self, i: int) -> str:
        a, b = self.off[i], self.off[i + 1]
        if self.sec.check(a, b):
            return str(self.sec.view[a:b], "utf-8")
        return str(self.sec.view[a:b], "utf-8", "replace")

    def release(self, lo: int, hi: int) -> None:
        """Articles lo..hi-1 are built: their text pages can leave the process's memory."""
        self.sec.release(self.off[lo], self.off[hi])


_new = object.__new__
# Offsets repeat from article to article: share one int object per value (saves 28 bytes each
# on millions of block and sentence offsets). Made on first use.
_INTS: dict[int, int] = {}


def _ints() -> dict[int, int]:
    if not _INTS:
        _INTS.update(zip(range(-1, 1 << 16), range(-1, 1 << 16), strict=True))
    return _INTS


def _bulk(cls, n: int, **columns) -> list:
    """``n`` instances of a slots dataclass, field by field: one C loop per field (map over the
    member descriptors' __set__) instead of one __init__ call per object. Every field must be
    given; the objects are the ones __init__ would make (no __post_init__ is involved)."""
    assert set(columns) == set(_EXPECTED_FIELDS[cls]), cls
    objs = list(map(_new, repeat(cls, n)))
    for name, values in columns.items():
        deque(map(getattr(cls, name).__set__, objs, values), 0)
    return objs


class LazyArticles(Sequence):
    """``Corpus.articles`` from a snapshot: Articles are built on first access (in bulk: a
    range at a time when read in order), then kept. Behaves as a read-only list (indexing,
    slicing, iteration, len, ==)."""

    CHUNK = 1024

    def __init__(
        self,
        cols: dict,
        dates: array,
        texts: _Texts,
        blk: array,
        blk_off: array,
        kinds: list[str],
        sen: array,
        sen_off: array,
    ):
        self._cols = cols
        self._n = len(cols["id"])
        self._dates, self._texts = dates, texts
        self._blk, self._blk_off, self._kinds = blk, blk_off, kinds
        self._sen, self._sen_off = sen, sen_off
        self._cache: list[Article | None] = [None] * self._n
        self._next = -1  # the index that would continue an in-order read
        self._streak = 0
        self._published: list | None = None
        self._display: list | None = None

    def __len__(self) -> int:
        return self._n

    def _build(self, lo: int, hi: int) -> None:
        """Build the articles lo..hi-1 that are not built yet."""
        cache = self._cache
        if all(cache[i] is not None for i in range(lo, hi)):
            return
        # Thousands of objects that are not garbage: no cyclic collection while making them.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._build_range(lo, hi)
        finally:
            if enabled:
                gc.enable()
                # They live as long as the corpus: out of the collector's sight, or every full
                # collection would walk the millions of them again (frames lost in the app).
                gc.freeze()

    def _build_range(self, lo: int, hi: int) -> None:
        cache = self._cache
        n = hi - lo
        ints = _ints().get
        # blocks: five int columns, cut per article
        b0, b1 = self._blk_off[lo], self._blk_off[hi]
        flat = self._blk[b0 * 5 : b1 * 5]
        blocks = _bulk(
            Block,
            b1 - b0,
            kind=map(self._kinds.__getitem__, flat[0::5]),
            start=map(ints, flat[1::5], flat[1::5]),
            end=map(ints, flat[2::5], flat[2::5]),
            credit_start=map(ints, flat[3::5], flat[3::5]),
            credit_end=map(ints, flat[4::5], flat[4::5]),
        )
        boff = self._blk_off[lo : hi + 1]
        block_tuples = [tuple(blocks[boff[k] - b0 : boff[k + 1] - b0]) for k in range(n)]
        # sentences: (start, end) pairs
        s0, s1 = self._sen_off[lo], self._sen_off[hi]
        flat = self._sen[s0 * 2 : s1 * 2]
        it = iter(list(map(ints, flat, flat)))
        pairs = list(zip(it, it, strict=True))
        soff = self._sen_off[lo : hi + 1]
        sentence_tuples = [tuple(pairs[soff[k] - s0 : soff[k + 1] - s0]) for k in range(n)]
        c = self._cols
        d = self._dates
        articles = _bulk(
            Article,
            n,
            id=c["id"][lo:hi],
            path=c["path"][lo:hi],
            text=map(self._texts.get, range(lo, hi)),
            title=c["title"][lo:hi],
            date=map(_ddecode, d[2 * lo : 2 * hi : 2]),
            published=map(_ddecode, d[2 * lo + 1 : 2 * hi : 2]),
            source=c["source"][lo:hi],
            url=c["url"][lo:hi],
            author=c["author"][lo:hi],
            blocks=block_tuples,
            sentences=sentence_tuples,
            extra=map(_dec_extra, c["extra"][lo:hi]),
        )
        for k, art in enumerate(articles, start=lo):
            if cache[k] is None:
                cache[k] = art
        self._texts.release(lo, hi)  # the texts are in the articles now

    def __getitem__(self, i):
        if isinstance(i, slice):
            lo, hi, step = i.indices(self._n)
            if step == 1 and hi > lo:
                self._build(lo, hi)
            return [self[k] for k in range(lo, hi, step)]
        a = self._cache[i]  # IndexError and negative indexes as a list
        if a is None:
            if i < 0:
                i += self._n
            # Reading in order (a timeline filled row after row): build ahead, in bulk.
            self._streak = self._streak + 1 if i == self._next else 0
            self._build(i, min(self._n, i + (self.CHUNK if self._streak >= 8 else 1)))
            a = self._cache[i]
        self._next = i + 1 if i >= 0 else self._n + i + 1
        return a

    def __iter__(self) -> Iterator[Article]:
        cache = self._cache
        for lo in range(0, self._n, self.CHUNK):
            hi = min(self._n, lo + self.CHUNK)
            self._build(lo, hi)
            yield from cache[lo:hi]

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<LazyArticles {self._n} articles>"

    # Cheap columns, for code that wants one field of every article without building them.
    def ids(self) -> list[str]:
        return self._cols["id"]

    def text(self, i: int) -> str:
        """Article i's text, without building the article."""
        a = self._cache[i]
        return a.text if a is not None else self._texts.get(i)

    def published_dates(self) -> list[PartialDate | None]:
        """Every article's ``published``, without building the articles."""
        if self._published is None:
            self._published = list(map(_ddecode, self._dates[1::2]))
        return self._published

    def display_dates(self) -> list[PartialDate | None]:
        """Every article's ``published or date``, without building the articles."""
        if self._display is None:
            self._display = [
                p or d
                for p, d in zip(
                    self.published_dates(), map(_ddecode, self._dates[0::2]), strict=True
                )
            ]
        return self._display


class LazyList(Sequence):
    """A list decoded from JSON on first access (dated expressions, quotes)."""

    def __init__(self, load: Callable[[], list]):
        self._load: Callable[[], list] | None = load
        self._items: list | None = None

    @property
    def items(self) -> list:
        if self._items is None:
            self._items = self._load()  # type: ignore[misc]
            self._load = None
        return self._items

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __iter__(self):
        return iter(self.items)

    def __eq__(self, other) -> bool:
        if isinstance(other, LazyList):
            other = other.items
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return self.items == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name):  # append, extend, sort, copy... as a list
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.items, name)

    def __repr__(self) -> str:
        return repr(self.items) if self._items is not None else "<LazyList (not loaded)>"


class _ListLike(Sequence):
    """Compares equal to any sequence with equal items, as a list does."""

    __slots__ = ()

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


class _Slices(_ListLike):
    """A list of arrays (one per entity or article) cut on demand from one mapped section."""

    __slots__ = ("sec", "typecode", "size", "off", "cache")

    def __init__(self, sec: _Section, typecode: str, off: array):
        self.sec, self.typecode, self.off = sec, typecode, off
        self.size = array(typecode).itemsize
        self.cache: list[array | None] = [None] * (len(off) - 1)

    def __len__(self) -> int:
        return len(self.cache)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.cache)))]
        a = self.cache[i]
        if a is None:
            if i < 0:
                i += len(self.cache)
            a = array(self.typecode)
            lo, hi = self.off[i] * self.size, self.off[i + 1] * self.size
            if self.sec.check(lo, hi):  # a damaged chunk leaves the list empty
                a.frombytes(self.sec.view[lo:hi])
            self.cache[i] = a
        return a

    def __iter__(self):
        for i in range(len(self.cache)):
            yield self[i]


class _LazyStats(_ListLike):
    """Corpus._stats from the snapshot's columns, all built (in bulk) on first use."""

    __slots__ = ("off", "arts", "first", "last", "items")

    def __init__(self, off: array, arts: array, first: array, last: array):
        self.off, self.arts, self.first, self.last = off, arts, first, last
        self.items: list[EntityStats] | None = None

    def __len__(self) -> int:
        return len(self.arts)

    def _all(self) -> list[EntityStats]:
        if self.items is None:
            off = self.off
            self.items = _bulk(
                EntityStats,
                len(self.arts),
                mentions=map(sub, off[1:], off[:-1]),
                articles=self.arts,
                first=map(_ddecode, self.first),
                last=map(_ddecode, self.last),
            )
        return self.items

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self):
        return iter(self._all())

    def mention_counts(self) -> list[int]:
        """Every entity's mention count, without building the EntityStats."""
        off = self.off
        return list(map(sub, off[1:], off[:-1]))


def read_snapshot(path: Path, skey: str | None, warn: Warn | None = None) -> tuple[Corpus, str]:
    """(the corpus saved at ``path``, its key) if its key is ``skey`` (whatever it is when
    None: the caller compares). Raises FileNotFoundError, _Stale, or _Damaged (and decoding
    errors) when it cannot be used."""
    snap = _Snapshot(path, skey, warn or _stderr_warn)
    h = snap.header
    n, m = h["articles"], h["entities"]
    cols = snap.json("articles")
    dates = snap.array("dates", "i")
    blk_off, sen_off = snap.array("blk_off", "q"), snap.array("sen_off", "q")
    text_off = snap.array("text_off", "q")
    if not (
        len(cols["id"]) == n
        and len(dates) == 2 * n
        and len(blk_off) == len(sen_off) == len(text_off) == n + 1
    ):
        raise _Damaged("article columns disagree")
    text = snap.sections["text"]
    if text_off[-1] != len(text.view):
        raise _Damaged("text section disagrees")
    texts = _Texts(text, text_off)
    articles = LazyArticles(
        cols,
        dates,
        texts,
        snap.array("blk", "i"),
        blk_off,
        h["kinds"],
        snap.array("sen", "i"),
        sen_off,
    )
    ej = snap.json("entities")
    ids = ej["id"]
    if len(ids) != m:
        raise _Damaged("entity columns disagree")
    entities = _bulk(
        Entity, m, id=ids, name=ej["name"], type=ej["type"], aliases=map(tuple, ej["aliases"])
    )
    del ej
    problems = [Problem(p, msg, ln) for p, msg, ln in snap.json("problems")]

    corpus = Corpus(
        articles,  # type: ignore[arg-type]
        entities,
        problems,
        LazyList(_read_spans(snap, "tr", articles, entities)),  # type: ignore[arg-type]
        LazyList(_read_spans(snap, "q", articles, entities)),  # type: ignore[arg-type]
    )
    ent_off, art_off = snap.array("ent_off", "q"), snap.array("art_off", "q")
    if len(ent_off) != m + 1 or len(art_off) != n + 1:
        raise _Damaged("mention offsets disagree")
    for name, tc, off in (
        ("ent_art", "i", ent_off),
        ("ent_start", "i", ent_off),
        ("ent_end", "i", ent_off),
        ("ent_pos", "q", ent_off),
        ("art_ent", "i", art_off),
        ("art_start", "i", art_off),
        ("art_end", "i", art_off),
    ):
        sec = snap.sections[name]
        if len(sec.view) != off[-1] * array(tc).itemsize:
            raise _Damaged(f"section {name} has the wrong size")
        setattr(corpus, "_" + name, _Slices(sec, tc, off))
    corpus._article_index = dict(zip(cols["id"], range(n), strict=True))
    corpus._entity_index = dict(zip(ids, range(m), strict=True))
    st = [snap.array(x, "i") for x in ("st_articles", "st_first", "st_last")]
    if any(len(a) != m for a in st):
        raise _Damaged("stats disagree")
    corpus._stats = _LazyStats(ent_off, *st)  # type: ignore[assignment]
    return corpus, h["skey"]


__all__ = [
    "CorpusCache",
    "FORMAT_VERSION",
    "LazyArticles",
    "LazyList",
    "config_key",
    "decode_file",
    "default_cache_dir",
    "encode_file",
    "file_stat",
    "ingest_many",
    "open_cache",
    "read_snapshot",
    "snapshot_key",
    "write_snapshot",
]
