"""Level 1 of the cache, per file: ``cache.sqlite`` (stdlib sqlite3, WAL mode), one row per
(absolute path, config key) with the file's size, mtime_ns, article id and its encoded
``IngestedFile`` (tui/store/codec.py).

A corrupt database is deleted and rebuilt, a foreign one (not our application_id) or an
unusable folder is bypassed, a locked one times out into a bypass -- each with one warning.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tui.feedback import Progress, Warn
from tui.sqlitefile import ForeignDatabase, is_corrupt, remove_database
from tui.store.codec import decode_file

# sqlite "application_id" of our database (b"CHRQ"); anything else at our path is foreign.
APPLICATION_ID = 0x43485251
SCHEMA_VERSION = 1
DB_NAME = "cache.sqlite"
_COLUMNS = ["path", "ckey", "size", "mtime_ns", "aid", "data"]
BUSY_TIMEOUT_S = 15.0

# (absolute path, size, mtime_ns, article id, record)
Row = tuple[str, int, int, str, bytes]

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


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        columns = [r[1] for r in conn.execute("PRAGMA table_info(files)")]
        # Ours being created by another instance may show our table before our id (the id is
        # set under the write lock below): only another id, or other content, is foreign.
        ours = not tables or (tables == {"files"} and columns == _COLUMNS)
        if app_id != APPLICATION_ID and (app_id or version or not ours):
            raise ForeignDatabase(f"application_id {app_id:#x}")
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


class FileCache:
    """The per-file rows of one config key, the database opened on first need. Every failure
    ends in a warning and a bypass: ``usable`` turns False and the methods do nothing."""

    def __init__(self, path: Path, ckey: str, warn: Warn):
        self.path, self.ckey, self.warn = path, ckey, warn
        self._conn: sqlite3.Connection | None = None
        self._failed = False
        self.written = 0

    @property
    def usable(self) -> bool:
        return not self._failed

    def _db(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._failed:
            return self._conn
        for attempt in (1, 2):
            try:
                self._conn = _connect(self.path)
                return self._conn
            except ForeignDatabase as err:
                self.warn(
                    f"{self.path} is not a Chronique cache ({err}); left untouched, cache not used "
                    f"(remove it or set cache.dir)"
                )
            except sqlite3.Error as err:
                if is_corrupt(err) and attempt == 1:
                    self.warn(f"cache {self.path} is corrupt ({err}); rebuilding it")
                    try:
                        remove_database(self.path)
                    except OSError as err2:
                        self.warn(
                            f"cannot remove corrupt cache {self.path}: {err2}; cache not used"
                        )
                        break
                    continue
                self.warn(f"cache {self.path} unusable ({err}); continuing without it")
            break
        self._failed = True
        return None

    def _error(self, err: sqlite3.Error, doing: str) -> None:
        """A failure while using the database: stop using it (and rebuild it if corrupt)."""
        conn, self._conn, self._failed = self._conn, None, True
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        if is_corrupt(err):
            self.warn(f"cache {self.path} is corrupt ({err}) while {doing}; it will be rebuilt")
            try:
                remove_database(self.path)
            except OSError:
                pass
        else:
            self.warn(f"cache {self.path}: {err} while {doing}; continuing without it")

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def _fetch(self, abspaths: list[str]) -> dict[str, tuple[int, int, str, bytes]]:
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

    def cached(
        self,
        jobs: Sequence[tuple[Path, str]],
        abspaths: Sequence[str],
        stats: Sequence[tuple[int, int]],
        progress: Progress | None = None,
        decode: Callable[[bytes, str], Any] = decode_file,
    ) -> Iterator[tuple[int, Any]]:
        """(index in jobs, IngestedFile) of every job whose row matches its size, mtime and
        id and decodes; the others need ingesting. With ``decode``, ``decode(record, path)``
        instead of the IngestedFile (a compact form made straight from the record)."""
        try:
            rows = self._fetch(list(abspaths))
        except sqlite3.Error as err:
            self._error(err, "reading")
            rows = {}
        n = len(jobs)
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
                    f = decode(row[3], str(path))
                except Exception:  # a damaged or outdated record: ingest again
                    pass
                else:
                    yield i, f
            if progress and rows and (i % step == 0):
                progress(i, n, "reading cache")

    def store(self, rows: Sequence[Row]) -> None:
        """Save rows (path, size, mtime_ns, id, record) in one transaction."""
        if not rows or self._failed:
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
            self._error(err, "saving ingest results")

    def forget(self, paths: Sequence[str]) -> int:
        """Forget the rows of these files (absolute paths), whatever their config key: files
        gone from the corpus. Returns how many rows went."""
        conn = None if self._failed else self._db()
        if conn is None or not paths:
            return 0
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                gone = sum(
                    conn.execute("DELETE FROM files WHERE path = ?", (p,)).rowcount for p in paths
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return gone
        except sqlite3.Error as err:
            self._error(err, "pruning")
            return 0

    def prune(self, root: Path, keep: Iterable[str]) -> int:
        """Forget rows of files under ``root`` that are no longer in the corpus (any config key
        other than the current one too). Returns how many rows went."""
        conn = None if self._failed else self._db()
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
            self._error(err, "pruning")
            return 0
