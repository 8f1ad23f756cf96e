"""tui.folderwatch: new, changed and removed article files under a corpus folder, found by
looking at the folders (and a slice of the files in turn), never at every file each time."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from conftest import CORPUS

from tui.config import load_config
from tui.folderwatch import FolderChanges, FolderWatch
from tui.loader import load_corpus

SEEDS = sorted(p.name for p in CORPUS.iterdir())


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    return root


def write(path, text="x", *, mtime_ns: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def names(paths) -> list[str]:
    return [os.path.basename(p) for p in paths]


def test_nothing_changed_is_nothing():
    watch = FolderWatch.start(CORPUS)
    assert sorted(names(watch.files)) == SEEDS
    changes = watch.poll()
    assert changes == FolderChanges() and not changes and changes.summary() == ""


def test_added_changed_removed_in_the_folder_and_below(folder):
    watch = FolderWatch.start(folder)
    write(folder / "new.txt")
    write(folder / "deep" / "er" / "page.md")  # in a new folder, two levels down
    with open(folder / SEEDS[0], "a", encoding="utf-8") as f:
        f.write("\nplus\n")
    (folder / SEEDS[1]).unlink()
    changes = watch.poll()
    assert names(changes.added) == ["page.md", "new.txt"]
    assert names(changes.changed) == [SEEDS[0]]
    assert names(changes.removed) == [SEEDS[1]]
    assert changes.summary() == "2 new articles, 1 changed, 1 removed"
    shutil.rmtree(folder / "deep")  # gone again: no longer new
    (folder / "new.txt").unlink()
    assert watch.poll().summary() == "1 changed article, 1 removed"


def test_a_removed_folder_removes_its_articles(folder):
    write(folder / "sub" / "a.txt")
    write(folder / "sub" / "inner" / "b.txt")
    watch = FolderWatch.start(folder)
    shutil.rmtree(folder / "sub")
    assert names(watch.poll().removed) == ["a.txt", "b.txt"]


def test_what_the_loader_passes_over_is_not_counted(folder):
    watch = FolderWatch.start(folder)
    write(folder / "photo.jpg")  # not an article format
    write(folder / ".hidden.txt")
    write(folder / ".git" / "x.txt")
    write(folder / "page.html", "<html></html>")
    write(folder / "page_files" / "script.txt")  # a saved page's assets
    outside = folder.parent / "outside.txt"
    write(outside)
    (folder / "link.txt").symlink_to(outside)  # leads out of the corpus: not read
    (folder / "inside.txt").symlink_to(folder / SEEDS[0])
    assert names(watch.poll().added) == ["inside.txt", "page.html"]


def test_a_file_rewritten_in_place_is_found_by_the_sweep_in_turn(folder):
    for k in range(10):
        write(folder / f"f{k}.txt", "a")
    watch = FolderWatch.start(folder, sweep=2)
    folder_mtime = os.stat(folder).st_mtime_ns
    target = folder / "f3.txt"
    st = target.stat()
    write(target, "b", mtime_ns=st.st_mtime_ns + 5_000_000_000)  # same size, later
    assert os.stat(folder).st_mtime_ns == folder_mtime  # the folder does not tell
    looks = 0
    while not watch.poll():
        looks += 1
        assert looks <= 7, "13 files, 2 a look: every file within 7 looks"
    assert names(watch.poll().changed) == ["f3.txt"]


def test_one_file_as_the_corpus(folder):
    one = folder / SEEDS[0]
    watch = FolderWatch.start(one)
    assert not watch.poll()
    with open(one, "a", encoding="utf-8") as f:
        f.write("\nplus\n")
    assert names(watch.poll().changed) == [SEEDS[0]]
    one.unlink()
    assert names(watch.poll().removed) == [SEEDS[0]]


def test_files_that_hold_many_articles_are_counted_as_files(folder):
    watch = FolderWatch.start(folder)
    write(folder / "feed.jsonl", '{"id": "a"}\n')
    write(folder / "b.txt")
    assert watch.poll().summary() == "2 new files"


def test_what_changed_while_the_corpus_was_loading_is_not_missed(folder):
    """The watch starts after the load: a file changed, added or removed meanwhile must
    count, from the load's start time and the paths the loaded corpus knows."""
    since = time.time_ns()
    old = since - 10**12
    write(folder / "empty.txt", "", mtime_ns=old)  # a problem, not an article: known too
    corpus = load_corpus(folder, load_config(), use_cache=False)
    known = [*corpus.articles.paths(), *(p.path for p in corpus.problems)]
    assert str(folder / "empty.txt") in known

    # Nothing happened during the load: nothing to report.
    assert not FolderWatch.start(folder, since_ns=since + 10**12, known=lambda: known).poll()

    # During the load: one file added (with an old mtime, as `cp -p` or `mv` keep it),
    # one removed, one rewritten.
    write(folder / "moved_in.txt", "x", mtime_ns=old)
    (folder / SEEDS[1]).unlink()
    later = time.time_ns() + 10**9
    path = folder / SEEDS[2]
    os.utime(path, ns=(later, later))
    os.utime(folder, ns=(later, later))
    changes = FolderWatch.start(folder, since_ns=since, known=lambda: known).poll()
    assert names(changes.added) == ["moved_in.txt"]
    assert names(changes.removed) == [SEEDS[1]]
    assert names(changes.changed) == [SEEDS[2]]


def test_a_look_at_a_big_folder_stats_the_folders_and_one_slice(tmp_path, monkeypatch):
    """Not a stat of every file at each look (the point of the module)."""
    for d in range(5):
        for k in range(200):
            write(tmp_path / f"d{d}" / f"{k}.txt")
    watch = FolderWatch.start(tmp_path, sweep=50)
    calls = []
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **kw: calls.append(p) or real_stat(p, *a, **kw))
    assert not watch.poll()
    assert len(calls) == 6 + 50  # the root, 5 folders, then 50 files in turn


def test_a_file_saved_just_before_the_load_is_not_changed(folder):
    since = time.time_ns()
    exact = since - 1_000_000  # a millisecond before: an exact mtime, read as it is
    write(folder / "just_saved.txt", "x", mtime_ns=exact)
    coarse = (since // 1_000_000_000) * 1_000_000_000  # the same second, kept to the second
    write(folder / "on_a_share.txt", "x", mtime_ns=coarse)
    os.utime(folder, ns=(since - 10**12, since - 10**12))
    known = [str(p) for p in folder.iterdir()]
    changes = FolderWatch.start(folder, since_ns=since, known=lambda: known).poll()
    assert names(changes.changed) == ["on_a_share.txt"] and not changes.added
