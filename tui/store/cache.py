"""The cache folder: ``config.cache_dir``, else ``$XDG_CACHE_HOME/chronique``, else
``~/.cache/chronique``; never inside the corpus folder (a cache folder there is refused).

It holds level 1, the per-file rows (tui/store/filecache.py), and level 2, one snapshot of the
built corpus per (root, config) (``snap-<root>-<config>.bin``, tui/store/snapshot_write.py and
snapshot_read.py), written to a temporary file and renamed (atomic: concurrent writers cannot
corrupt it, readers keep their copy), read with mmap. A warm start reads no sqlite at all.
Failures never crash a load: each is one warning through ``warn``, and the cache is bypassed.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
import threading
import time
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from tui.config import Config
from tui.corpus import Corpus
from tui.feedback import Warn, stderr_warn
from tui.store import textpool
from tui.store.codec import Uncacheable, schema_mismatch
from tui.store.keys import config_key, default_cache_dir, inside
from tui.store.snapshot_read import Damaged, Stale, external_files, read_snapshot
from tui.store.snapshot_write import Files, snapshot_unsupported, write_snapshot

if TYPE_CHECKING:
    from tui.store.filecache import FileCache
    from tui.store.snapshot_update import Updated


class CorpusCache:
    """The cache folder of one config: its per-file rows (``files``) and its snapshots."""

    def __init__(self, folder: Path, config: Config, warn: Warn | None = None):
        self.folder = folder
        self.config = config
        self.ckey = config_key(config)
        self._warn = warn or stderr_warn
        self._warned: set[str] = set()

    @cached_property
    def files(self) -> FileCache:
        """The per-file rows, made on first use: a warm start reads the snapshot only and
        does not even import sqlite3."""
        from tui.store.filecache import DB_NAME, FileCache

        return FileCache(self.folder / DB_NAME, self.ckey, self.warn_once)

    def warn_once(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self._warn(message)

    def close(self) -> None:
        if "files" in self.__dict__:  # made
            self.files.close()

    def __enter__(self) -> CorpusCache:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        err: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def snapshot_path(self, root: Path) -> Path:
        rk = hashlib.sha1(os.path.abspath(str(root)).encode("utf-8", "surrogatepass")).hexdigest()[
            :16
        ]
        return self.folder / f"snap-{rk}-{self.ckey[:12]}.bin"

    def _new_pool(self, root: Path) -> Path:
        """A name stem for new pool files of this root's snapshot (tui/store/textpool.py)."""
        rk = self.snapshot_path(root).name.split("-")[1]
        return self.folder / f"pool-{rk}-{os.getpid()}-{time.time_ns()}"

    def load_snapshot(self, root: Path, skey: str) -> Corpus | None:
        settle()  # a snapshot this process installs is in place before it is looked for
        path = self.snapshot_path(root)
        try:
            return read_snapshot(path, skey, self.warn_once)[0]
        except FileNotFoundError:
            return None
        except Stale:
            return None
        except (
            Damaged,
            OSError,
            ValueError,
            KeyError,
            IndexError,
            TypeError,
            struct.error,
            UnicodeError,
        ) as err:
            self.warn_once(f"cache snapshot {path.name} is damaged ({err}); rebuilding it")
            try:
                path.unlink()
            except OSError:
                pass
            return None

    def update_code(self, root: Path) -> str:
        """What must not have changed for a snapshot to be updated rather than rebuilt: the
        config and extraction code (``ckey``), the corpus and store code, the root, and the
        Python version (the merge inputs are kept in marshal's format)."""
        from tui.store.keys import corpus_code_hash

        python = "{}.{}".format(*sys.version_info[:2])
        return "\0".join(
            (self.ckey, corpus_code_hash(), python, str(root), os.path.abspath(str(root)))
        )

    def save_snapshot(
        self, root: Path, skey: str, corpus: Corpus, files: Files | None = None
    ) -> bool:
        settle()
        path = self.snapshot_path(root)
        tmp = self._write_temp(root, skey, corpus, files, self._new_pool(root))
        if tmp is None:
            return False
        return self._install(tmp, path)

    def _install(self, tmp: Path, path: Path) -> bool:
        """The temporary snapshot file renamed to its place (atomic), older ones removed."""
        # Replacing a snapshot of hundreds of MB frees its blocks, a quarter of a second the
        # caller need not wait for: a second name keeps the old file alive through the
        # rename, and a thread removes it while the command goes on.
        second = path.with_name(f"{path.name}.{os.getpid()}.{time.time_ns()}.old.tmp")
        try:
            os.link(path, second)
            old: Path | None = second
        except OSError:  # no previous snapshot, or no hard links here
            old = None
        try:
            os.replace(tmp, path)
        except OSError as err:
            self.warn_once(f"cannot save the corpus snapshot in {self.folder}: {err}")
            _unlink(tmp)
            if old is not None:
                _unlink(old)
            return False
        if old is not None:
            _in_background("old-snapshot", _unlink, old)
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
        self._drop_orphan_pools()
        return True

    def _drop_orphan_pools(self) -> None:
        """Remove the text pools no snapshot of the folder refers to (a process that has one
        mapped reads on: the mapping keeps the file), but those touched lately, which may be
        another process's, its snapshot not yet in place."""
        try:
            pools = [p for p in self.folder.iterdir() if p.name.endswith(textpool.SUFFIX)]
            if not pools:
                return
            used: set[str] = set()
            for snap in self.folder.iterdir():
                if snap.name.startswith("snap-") and snap.name.endswith(".bin"):
                    used |= external_files(snap)
            now = time.time()
            for pool in pools:
                if pool.name not in used and now - pool.stat().st_mtime > textpool.ORPHAN_AGE:
                    pool.unlink()
        except (OSError, ValueError):
            pass

    def _temp_name(self, root: Path) -> Path:
        path = self.snapshot_path(root)
        return path.with_name(f"{path.name}.{os.getpid()}.{time.time_ns() % 10**9}.tmp")

    def _write_temp(
        self,
        root: Path,
        skey: str,
        corpus: Corpus,
        files: Files | None = None,
        pool: Path | None = None,
    ) -> Path | None:
        """The corpus snapshot written to a new temporary file of the folder, its texts to the
        new text pool ``pool`` if given (None on failure, with a warning unless the corpus is
        of a kind that cannot be snapshotted)."""
        if snapshot_unsupported(corpus):
            return None
        tmp = self._temp_name(root)
        try:
            with open(tmp, "wb") as f:
                write_snapshot(f, corpus, skey, str(root), files, self.update_code(root), pool)
        except (OSError, OverflowError, ValueError, TypeError, Uncacheable) as err:
            self.warn_once(f"cannot save the corpus snapshot in {self.folder}: {err}")
            _unlink(tmp)
            if pool is not None:
                _unlink_pools(pool)
            return None
        return tmp

    def save_and_map(
        self,
        root: Path,
        skey: str,
        corpus: Corpus,
        *,
        keep: bool = True,
        files: Files | None = None,
    ) -> tuple[bool, Corpus | None]:
        """Write the corpus snapshot and map it back: (saved, the mapped corpus or None).

        The mapped corpus is what a warm start reads (articles, dated expressions and quotes
        built on first use, texts and mention arrays in the mapped file), so a cold load ends
        as compact as a warm one -- and ``corpus`` can come from ``build_from_sources``, whose
        views are read once here. ``keep=False`` (some file modified too recently for the snapshot
        to be trusted at the next start): a temporary file, unlinked once mapped (the mapping
        stays valid). None, with nothing lost, when it cannot be written or read back."""
        if keep:
            saved = self.save_snapshot(root, skey, corpus, files)
            path = self.snapshot_path(root) if saved else None
        else:
            saved, path = False, self._write_temp(root, skey, corpus, files)
        return self._map(path, skey, saved, keep)

    def update_and_map(
        self,
        root: Path,
        skey: str,
        *,
        keep: bool,
        **update: Any,
    ) -> tuple[bool, Corpus | None, Updated | None]:
        """The snapshot updated from the previous one of this root (snapshot_update.py) and
        mapped: (saved, the mapped corpus, what the update did), or (False, None, None) when
        the update cannot be made (a full build then)."""
        from tui.store.snapshot_update import update_snapshot

        settle()
        path = self.snapshot_path(root)
        tmp = self._temp_name(root)
        scratch = tmp.with_name(tmp.name + ".new")
        # a snapshot not kept has its texts in its own file: the shared pool is left alone
        pool = self._new_pool(root) if keep else None
        try:
            with open(tmp, "wb") as f:
                done = update_snapshot(
                    path,
                    f,
                    code=self.update_code(root),
                    skey=skey,
                    root=str(root),
                    scratch=scratch,
                    warn=self.warn_once,
                    pool=pool,
                    **update,
                )
        except Damaged as err:  # the previous snapshot cannot be trusted: a build
            self.warn_once(f"cache snapshot {path.name} is damaged ({err}); rebuilding it")
            done = None
        except (
            OSError,
            OverflowError,
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            struct.error,
            Uncacheable,
        ) as err:
            self.warn_once(f"cannot update the corpus snapshot ({err}); rebuilding it")
            done = None
        if done is None:
            _unlink(tmp)
            _unlink(scratch)
            if pool is not None:
                _unlink_pools(pool)
            return False, None, None
        if keep:
            saved = self._install(tmp, path)
            mapped = path if saved else None
        else:
            saved, mapped = False, tmp
        saved, corpus = self._map(mapped, skey, saved, keep)
        return saved, corpus, done

    def _map(
        self, path: Path | None, skey: str, saved: bool, keep: bool
    ) -> tuple[bool, Corpus | None]:
        if path is None:
            return saved, None
        try:
            return saved, read_snapshot(path, skey, self.warn_once)[0]
        except (
            Stale,
            Damaged,
            OSError,
            ValueError,
            KeyError,
            IndexError,
            TypeError,
            struct.error,
        ) as err:
            # another instance replaced it with another key, or the disk lies: use the corpus
            if not isinstance(err, Stale):
                self.warn_once(f"cannot read back the corpus snapshot {path.name}: {err}")
            return saved, None
        finally:
            if not keep:
                _unlink(path)


# Threads finishing a snapshot's installation (the rename to its place, the previous file's
# removal): joined before this process looks at its snapshots again, and at exit (they are
# not daemons, so a command that ends at once still leaves the snapshot in place).
_PENDING: list[threading.Thread] = []


def settle() -> None:
    """Wait for this process's snapshot renames and removals still under way."""
    while _PENDING:
        _PENDING.pop().join()


def _in_background(name: str, target: Any, *args: Any) -> None:
    thread = threading.Thread(target=target, args=args, name=name)
    _PENDING.append(thread)
    thread.start()


def _unlink_pools(stem: Path) -> None:
    """The new pool files named ``stem`` (a snapshot given up)."""
    for section in textpool.POOLED:
        _unlink(textpool.pool_file(stem, section))


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def open_cache(
    config: Config, *, root: Path | None = None, warn: Warn | None = None
) -> CorpusCache | None:
    """The cache for this config, or None (with a warning) when it cannot be used."""
    warn = warn or stderr_warn
    bad = schema_mismatch()
    if bad:
        warn(
            f"cache disabled: the data model ({bad}) changed and tui/store/codec.py does not know it yet"
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
