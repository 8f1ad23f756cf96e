"""Symbolic links in a corpus folder: followed only to files inside the corpus; a link out of
it, a loop or a broken link is skipped and listed by `check`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui.cli import main
from tui.config import default_config
from tui.loader import load_corpus, scan

ARTICLE = " date 2024-05-16 Sergueï Lavrov a rencontré Wang Yi à Pékin.\n"


@pytest.fixture
def linked(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(" date 2020-01-01 Secret Défense ne doit pas être lu.\n", encoding="utf-8")
    (outside / "more.txt").write_text(ARTICLE, encoding="utf-8")
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(secret, root / "passwd.txt")  # a file outside
    os.symlink("../a.txt", root / "sub" / "again.txt")  # a file inside: followed
    os.symlink("loop2.txt", root / "loop1.txt")  # a loop
    os.symlink("loop1.txt", root / "loop2.txt")
    os.symlink("gone.txt", root / "broken.txt")
    os.symlink(outside, root / "elsewhere")  # a folder outside
    os.symlink(root, root / "sub" / "self")  # a folder loop
    return root


def test_scan_follows_only_links_inside_the_corpus(linked):
    skipped = []
    paths, stats = scan(linked, skipped)
    names = sorted(Path(p).name for p in paths)
    assert names == ["a.txt", "again.txt"]
    assert all(size > 0 for size, _ in stats)
    messages = {Path(p.path).name: p.message for p in skipped}
    assert set(messages) == {"passwd.txt", "loop1.txt", "loop2.txt", "broken.txt", "elsewhere"}
    assert "outside the corpus" in messages["passwd.txt"] and "loop" in messages["loop1.txt"]
    assert "broken" in messages["broken.txt"] and "outside the corpus" in messages["elsewhere"]


@pytest.mark.parametrize("use_cache", [False, True])
def test_a_link_out_of_the_corpus_is_never_loaded_and_check_lists_it(linked, use_cache, capsys):
    for _ in range(2):  # the second load comes from the cache snapshot when there is one
        corpus = load_corpus(linked, default_config(), use_cache=use_cache)
        assert all("Secret" not in a.text for a in corpus.articles)
        assert len(corpus.articles) == 2
        assert sum("symbolic link" in p.message for p in corpus.problems) == 5
    args = ["--corpus", str(linked), *([] if use_cache else ["--no-cache"])]
    assert main([*args, "check"]) == 1
    out = capsys.readouterr().out
    assert "passwd.txt" in out and "outside the corpus" in out and "loop" in out
    assert main([*args, "check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["articles"] == 2 and not report["ok"]


def test_a_corpus_reached_through_a_link_still_follows_its_inner_links(linked, tmp_path):
    alias = tmp_path / "alias"
    os.symlink(linked, alias)
    paths, _ = scan(alias, [])
    assert sorted(Path(p).name for p in paths) == ["a.txt", "again.txt"]
