"""The cache's keys: what a cached result depends on, hashed.

- ``config_key``: the config file's text, EXTRACTOR_VERSION, the codec's FORMAT_VERSION and the
  source of the extraction code, model, codec and shipped gazetteer: any change re-ingests;
- a file's (size, mtime_ns) and id, checked against its row (``file_stat``, ``is_racy``);
- ``snapshot_key``: the root (as given and absolute), every (path, size, mtime_ns), the
  config key and the source of the corpus and store code and of the loader (the article ids
  follow from the paths, so a warm start need not make them).
Also where the cache folder is (``default_cache_dir``), never inside the corpus (``inside``).
"""

from __future__ import annotations

import hashlib
import os
import time
from array import array
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from tui.ingest import EXTRACTOR_VERSION
from tui.store.codec import FORMAT_VERSION

if TYPE_CHECKING:
    from tui.config import Config

# A file modified less than this long before it was read may be modified again within the same
# mtime tick (coarse file-system clocks): its result is used but not cached.
RACY_NS = 2_000_000_000

_PKG = Path(__file__).resolve().parent.parent
_code_hashes: dict[str, str] = {}


def _code_hash(kind: str) -> str:
    """A hash of the code whose output is cached: 'ingest' (per file) or 'corpus' (snapshot)."""
    if kind not in _code_hashes:
        if kind == "ingest":
            paths = sorted((_PKG / "ingest").rglob("*.py"))
            # codec.py: the field lists the rows are written with
            paths += [
                _PKG / "model.py",
                _PKG / "store" / "codec.py",
                _PKG / "data" / "gazetteer.yaml",
            ]
        else:
            paths = sorted((_PKG / "corpus").glob("*.py")) + sorted((_PKG / "store").glob("*.py"))
            paths.append(_PKG / "loader.py")  # the article ids, made from the paths
            # the matcher's folded names and rank order, kept in the snapshot
            paths += [_PKG / "search.py", _PKG / "search_index.py"]
        h = hashlib.sha1()
        for p in paths:
            try:
                h.update(str(p.relative_to(_PKG)).encode() + b"\0" + p.read_bytes() + b"\0")
            except OSError:
                h.update(str(p.relative_to(_PKG)).encode() + b"\0missing\0")
        _code_hashes[kind] = h.hexdigest()
    return _code_hashes[kind]


def corpus_code_hash() -> str:
    """The hash of the corpus and store code (part of every snapshot key)."""
    return _code_hash("corpus")


def config_key(config: Config) -> str:
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


def default_cache_dir(config: Config | None = None) -> Path:
    """``config.cache_dir``, else ``$XDG_CACHE_HOME/chronique``, else ``~/.cache/chronique``."""
    if config is not None and config.cache_dir:
        return Path(config.cache_dir)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "chronique"


def file_stat(path: str | os.PathLike[str]) -> tuple[int, int]:
    """(size, mtime_ns), or (-1, -1) when the file cannot be stat'ed (never cached)."""
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def snapshot_key(
    ckey: str,
    root: str | os.PathLike[str],
    paths: Sequence[str],
    stats: Sequence[tuple[int, int]],
) -> str:
    """Hash of the root (as given and absolute), every (path, size, mtime) and the code. The
    article ids are not hashed: they follow from the paths (``tui.loader.article_ids``, whose
    source is part of the code hashed)."""
    h = hashlib.sha1()
    head = [ckey, _code_hash("corpus"), str(root), os.path.abspath(str(root)), str(len(paths))]
    h.update("\0".join(head).encode("utf-8", "surrogatepass"))
    h.update(b"\1" + "\0".join(paths).encode("utf-8", "surrogatepass"))
    h.update(b"\1" + array("q", chain.from_iterable(stats)).tobytes())
    return h.hexdigest()


def is_racy(stat: tuple[int, int], now_ns: int | None = None) -> bool:
    """True when a file of this (size, mtime_ns) cannot be trusted to be unchanged next time:
    unknown, or modified within ``RACY_NS`` of now."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    return stat[0] < 0 or stat[1] > now_ns - RACY_NS


def inside(child: Path, parent: Path) -> bool:
    """True when ``child`` is ``parent`` or below it (both resolved)."""
    try:
        c, p = child.resolve(), parent.resolve()
    except OSError:
        return False
    return c == p or p in c.parents
