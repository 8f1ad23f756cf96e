"""Level 2 of the cache: the texts of a snapshot in a file of their own (``text-*.pool``),
shared by the snapshots that follow it.

A pool is only ever appended to: the bytes a snapshot refers to (it names the pool, the
length it uses and a CRC32 per 1 MiB chunk) never change, so an update appends the new
articles' texts (a few kB) where it used to write the corpus's 300 MB of texts again, and a
process that has an earlier snapshot mapped reads on, undisturbed. Texts of removed or changed
articles stay behind as garbage, until an update finds the pool more than half garbage and
writes a fresh one (snapshot_update.py). Two processes appending at once take turns (an
exclusive lock on the file); each snapshot refers to its own texts. A pool no snapshot refers
to any more is removed when a snapshot is installed (tui/store/cache.py).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

try:  # POSIX; elsewhere an update writes a fresh pool (no shared appends)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

CHUNK = 1 << 20  # the snapshot's checksum chunk (snapshot_write.TEXT_CHUNK)
SUFFIX = ".pool"
SHARED = fcntl is not None  # whether processes can take turns appending
# A pool no snapshot refers to is removed once it has been left alone this long (seconds):
# until then it may be one that another process is writing, its snapshot not yet in place
# (a build of 100,000 articles writes the rest of its snapshot for about 30 s after it).
ORPHAN_AGE = 600


POOLED = ("text", "loc_rows", "m_key", "m_start", "m_end")  # the sections kept in pools


def pool_file(stem: Path, section: str) -> Path:
    """The pool file of a section (``text``, ``loc_rows``) for new pools named ``stem``."""
    return stem.with_name(f"{stem.name}.{section}{SUFFIX}")


class PoolDamaged(Exception):
    """The pool's bytes are not those the previous snapshot checked: they are not built on."""


class PoolWriter:
    """Texts added to a pool file, each at the position ``add`` returns; ``finish()`` gives
    the length the new snapshot uses and the CRC32 of each chunk of it."""

    def __init__(self, path: Path, fd: int, length: int, crcs: list[int]):
        self.path, self._fd = path, fd
        self._pos = length  # where the next text goes
        # the chunks wholly before ``length``: their checksums stand (the bytes never change)
        self._crcs = crcs[: length // CHUNK]
        self._crc, self._filled = 0, 0  # the chunk being summed
        self._parts: list[bytes | bytearray | memoryview] = []
        self._size = 0

    @classmethod
    def create(cls, path: Path) -> PoolWriter:
        """A new, empty pool (it must not exist yet)."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        return cls(path, fd, 0, [])

    @classmethod
    def append_to(cls, path: Path, length: int, crcs: list[int]) -> PoolWriter:
        """The pool a previous snapshot uses (``length`` bytes, checked by ``crcs``), to
        append to. Raises OSError when it cannot be opened, PoolDamaged when the chunk the
        appending sums again is not what was checked."""
        fd = os.open(path, os.O_RDWR)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)  # held until finish(): appends take turns
            end = os.fstat(fd).st_size
            if end < length or len(crcs) != -(-length // CHUNK):
                raise PoolDamaged("shorter than its snapshot says")
            writer = cls(path, fd, length, crcs)
            last = length // CHUNK * CHUNK
            if last < length:  # the partial last chunk, summed again with what follows
                head = os.pread(fd, length - last, last)
                if zlib.crc32(head) != crcs[-1]:
                    raise PoolDamaged("its last chunk fails its checksum")
                writer._sum(head)
            # any other process's texts appended since: garbage to this snapshot, but summed
            while writer._pos < end:
                more = os.pread(fd, min(CHUNK, end - writer._pos), writer._pos)
                if not more:
                    raise PoolDamaged("cannot be read to its end")
                writer._sum(more)
                writer._pos += len(more)
        except BaseException:
            os.close(fd)
            raise
        return writer

    def _sum(self, data: bytes | memoryview) -> None:
        view = memoryview(data).cast("B")
        while len(view):
            take = min(len(view), CHUNK - self._filled)
            self._crc = zlib.crc32(view[:take], self._crc)
            self._filled += take
            view = view[take:]
            if self._filled == CHUNK:
                self._crcs.append(self._crc)
                self._crc, self._filled = 0, 0

    def add(self, data: bytes | bytearray | memoryview) -> int:
        """Append one text; its position in the pool."""
        at = self._pos + self._size
        if len(data):
            self._parts.append(data)
            self._size += len(data)
            if self._size >= CHUNK:
                self._flush()
        return at

    def _flush(self) -> None:
        if not self._parts:
            return
        # one write for the parts gathered (a text is a few kB: a write each would be
        # 100,000 system calls for a corpus)
        view = memoryview(b"".join(self._parts))
        self._sum(view)
        pos = self._pos
        while len(view):
            done = os.pwrite(self._fd, view, pos)
            pos += done
            view = view[done:]
        self._pos, self._parts, self._size = pos, [], 0

    def finish(self) -> tuple[int, list[int]]:
        """Everything added written; (the length used, the CRC32 of each chunk)."""
        try:
            self._flush()
            return self._pos, self._crcs + ([self._crc] if self._filled else [])
        finally:
            self.close()

    def close(self) -> None:
        """Let go of the file (and of the lock) without finishing: what was appended stays
        as garbage no snapshot refers to."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
