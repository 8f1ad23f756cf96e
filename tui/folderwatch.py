"""What changed under a corpus folder since the corpus was loaded: new, changed and removed
article files, found without a stat of every file at every look. No textual here: the app
calls ``FolderWatch.poll`` every few seconds in a worker thread.

A look stats the folders, not the files: adding, removing or renaming a file changes its
folder's mtime, and only a folder that changed is listed again (only its new names are
stat'ed). A file rewritten in place leaves its folder as it was, so each look also stats the
next ``sweep`` known files in turn: every file is checked once every ``len(files) / sweep``
looks (100 s at 100,000 files, 2,000 files a look every 2 s; at each look at 4,000 files).

Polling rather than inotify (``watchfiles``): no compiled dependency, and it sees the changes
made on a network share by another machine, which kernel notifications do not.

The baseline is the folder as found when the watch starts, after the load. The load may
have read an older state: a file modified after ``since`` (when the load started) counts as
changed, and when a folder was modified after ``since`` the files are compared with the
paths the loaded corpus knows (``known``), so that a file added or removed during the load
is not missed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tui.ingest.filetypes import is_article_file, is_page_assets

Stat = tuple[int, int]  # (size, mtime_ns)
# In the baseline: a file the load may have read before its last change (always "changed").
UNSURE: Stat = (-1, -1)
# On a file system that keeps mtimes to the second or two (FAT, some network shares), a file
# whose mtime is this close before the load's start may have changed after the load read it:
# it counts as changed (a false "changed" costs a reload that finds nothing new). An mtime
# with a fraction of a second is exact: a file saved just before the app started is not one.
MARGIN_NS = 2_000_000_000
SWEEP = 2_000  # files stat'ed per look, in turn, for changes in place

# Formats that may hold several articles in one file: a change to one is "a file", not
# "an article".
_MANY = (".jsonl", ".xml", ".rss", ".atom")


@dataclass(frozen=True)
class FolderChanges:
    """Article files new, changed and removed since the baseline (paths, sorted)."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> str:
        """ "3 new articles, 1 changed, 1 removed" ("files" when one may hold several
        articles: a new feed is not one new article)."""
        counts = [(len(self.added), "new"), (len(self.changed), "changed")]
        counts.append((len(self.removed), "removed"))
        shown = [(n, what) for n, what in counts if n]
        if not shown:
            return ""
        many = any(p.lower().endswith(_MANY) for p in self.added + self.changed + self.removed)
        n, what = shown[0]
        first = f"{n} {what} {'file' if many else 'article'}{'s' if n != 1 else ''}"
        return ", ".join([first, *(f"{n} {what}" for n, what in shown[1:])])


@dataclass
class FolderWatch:
    """The article files under ``root`` (a folder or one file) and what changed since the
    baseline. Not thread-safe: one thread polls (the app's worker)."""

    root: Path
    sweep: int = SWEEP
    baseline: dict[str, Stat] = field(default_factory=dict)
    files: dict[str, Stat] = field(default_factory=dict)  # as last seen
    folders: dict[str, int] = field(default_factory=dict)  # folder -> mtime_ns
    _in_folder: dict[str, set[str]] = field(default_factory=dict)  # folder -> its files
    _subfolders: dict[str, set[str]] = field(default_factory=dict)
    _turn: list[str] = field(default_factory=list)  # the files the sweep has still to stat
    _real_root: str = ""
    _one_file: bool = False  # the corpus is one file, not a folder
    _touched: set[str] = field(default_factory=set)  # files that may differ from the baseline
    _diff: FolderChanges | None = None  # the last comparison, None when files changed since

    @classmethod
    def start(
        cls,
        root: Path,
        *,
        since_ns: int | None = None,
        known: Callable[[], Iterable[str]] | None = None,
        sweep: int = SWEEP,
    ) -> FolderWatch:
        """The folder as it is now, as the baseline. ``since_ns`` is when the load that
        made the corpus shown started (time.time_ns()); ``known`` gives the paths that
        corpus holds (articles and problems), asked for only when a folder changed during
        the load."""
        watch = cls(Path(root), sweep)
        watch._real_root = os.path.realpath(watch.root)
        watch._one_file = watch.root.is_file()
        if watch._one_file:
            st = _stat(str(watch.root))
            if st is not None:
                watch.files[str(watch.root)] = st
        else:
            watch._list(str(watch.root))
        watch.baseline = dict(watch.files)
        if since_ns is not None:
            watch._distrust(since_ns, known)
        return watch

    def _distrust(self, since_ns: int, known: Callable[[], Iterable[str]] | None) -> None:
        """Mark what the load may have read in an older state (see the module's doc)."""
        for path, (_size, mtime) in self.baseline.items():
            if _after(mtime, since_ns):
                self.baseline[path] = UNSURE
                self._touched.add(path)
        root_mtime = _mtime(str(self.root)) if self._one_file else None
        moved = any(_after(m, since_ns) for m in self.folders.values())
        if known is None or not (
            moved or (root_mtime is not None and _after(root_mtime, since_ns))
        ):
            return
        loaded = {p for p in known() if is_article_file(p)}
        for path in self.baseline.keys() - loaded:
            del self.baseline[path]  # new since the load read the folder
            self._touched.add(path)
        for path in loaded - self.files.keys():
            self.baseline[path] = UNSURE  # removed since
            self._touched.add(path)

    # --- looking -----------------------------------------------------------------------

    def poll(self) -> FolderChanges:
        """Look again (the folders, and the next files in turn); what differs from the
        baseline."""
        if self._one_file or not self.folders:
            self._sweep(everything=True)
        else:
            for folder in sorted(self.folders):
                if folder not in self.folders:
                    continue  # dropped with its parent in this look
                mtime = _mtime(folder)
                if mtime is None:
                    self._drop_folder(folder)
                elif mtime != self.folders[folder]:
                    self._list(folder)
            self._sweep()
        if self._diff is None:
            self._diff = self._compare()
        return self._diff

    def _compare(self) -> FolderChanges:
        """The files seen to change, against the baseline (not every file: a look that
        finds a change must not hold the interpreter for a 100,000-file comparison)."""
        base, now = self.baseline, self.files
        added, changed, removed = [], [], []
        for path in self._touched:
            if path in now:
                if path not in base:
                    added.append(path)
                elif base[path] != now[path]:
                    changed.append(path)
            elif path in base:
                removed.append(path)
        return FolderChanges(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(removed)))

    def _list(self, folder: str) -> None:
        """List ``folder`` again: its new files stat'ed, its gone files and folders dropped,
        its new folders walked. The folder's mtime is read first, so that a change made
        during the listing is seen at the next look."""
        mtime = _mtime(folder)
        if mtime is None:
            self._drop_folder(folder)
            return
        self.folders[folder] = mtime
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        names = {e.name for e in entries if not e.name.startswith(".")}
        files: set[str] = set()
        folders: set[str] = set()
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:
                continue
            if is_dir:
                if not is_page_assets(entry.name, names):
                    folders.add(entry.path)
            elif is_article_file(entry.name) and (not is_link or self._inside(entry.path)):
                files.add(entry.path)
        old_files = self._in_folder.get(folder, set())
        for path in old_files - files:
            self.files.pop(path, None)
            self._touched.add(path)
        for path in files - old_files:
            st = _stat(path)
            if st is not None:
                self.files[path] = st
                self._touched.add(path)
        self._in_folder[folder] = {p for p in files if p in self.files}
        old_folders = self._subfolders.get(folder, set())
        for sub in old_folders - folders:
            self._drop_folder(sub)
        self._subfolders[folder] = folders
        for sub in sorted(folders - old_folders):
            self._list(sub)
        self._diff = None

    def _drop_folder(self, folder: str) -> None:
        """A folder gone: its files and folders with it."""
        self.folders.pop(folder, None)
        for path in self._in_folder.pop(folder, set()):
            self.files.pop(path, None)
            self._touched.add(path)
        for sub in self._subfolders.pop(folder, set()):
            self._drop_folder(sub)
        self._diff = None

    def _sweep(self, *, everything: bool = False) -> None:
        """Stat the next files in turn (all of them with ``everything``)."""
        if not self._turn:
            self._turn = list(self.files)
        n = len(self._turn) if everything else self.sweep
        batch, self._turn = self._turn[-n:], self._turn[:-n]
        for path in batch:
            if path not in self.files:
                continue  # gone in this look
            st = _stat(path)
            if st is None:
                if self._one_file:
                    del self.files[path]
                    self._touched.add(path)
                    self._diff = None
                continue  # its folder's listing drops it
            if st != self.files[path]:
                self.files[path] = st
                self._touched.add(path)
                self._diff = None

    def _inside(self, link: str) -> bool:
        """A symbolic link is read only when it leads to a file inside the corpus (as the
        loader reads it)."""
        target = os.path.realpath(link)
        root = self._real_root.rstrip(os.sep) + os.sep
        return (target == self._real_root or target.startswith(root)) and os.path.isfile(target)


def _after(mtime_ns: int, since_ns: int) -> bool:
    """Whether a file (or folder) with this mtime may have changed after ``since_ns``."""
    coarse = mtime_ns % 1_000_000_000 == 0
    return mtime_ns >= since_ns - (MARGIN_NS if coarse else 0)


def _stat(path: str) -> Stat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None
