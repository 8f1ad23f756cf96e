"""What the two SQLite files of the cache folder (the per-file rows, tui/store/filecache.py,
and the full-text index, tui/fulltext/index.py) share: telling a damaged or foreign file from a
busy one, and removing a database with its journal files. Stdlib only."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class ForeignDatabase(Exception):
    """The file is an SQLite database of another program (its application_id is not ours)."""


def is_corrupt(err: sqlite3.Error) -> bool:
    """True when ``err`` says the file is damaged or not a database (then it is rebuilt),
    rather than busy or locked (then the cache is bypassed for this run)."""
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    msg = str(err).lower()
    return "not a database" in msg or "malformed" in msg


def remove_database(path: Path) -> None:
    """Remove a database file and its WAL, shared-memory and rollback journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(str(path) + suffix)
        except FileNotFoundError:
            pass
