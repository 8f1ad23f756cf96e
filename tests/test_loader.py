"""Loading a corpus: discovery, ids, progress, warnings, the report, parallel vs serial."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

import tui.ingest.pool as pool_mod
import tui.store.keys as keys_mod
from tui.config import default_config
from tui.loader import CorpusNotFound, article_ids, ingest_all, load_corpus, load_corpus_report

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.fixture(autouse=True)
def _no_racy(monkeypatch):
    monkeypatch.setattr(keys_mod, "RACY_NS", 0)


def _config(tmp_path: Path):
    return dataclasses.replace(default_config(), cache_dir=tmp_path / "cache")


def _corpus(folder: Path, copies: int = 0) -> Path:
    folder.mkdir(parents=True)
    for p in SEEDS:
        shutil.copy(p, folder / p.name)
    for k in range(copies):
        text = SEEDS[k % 3].read_text(encoding="utf-8")
        (folder / f"c{k:03d}.txt").write_text(
            text + f"\n\nParagraphe {k} à Pékin.\n", encoding="utf-8"
        )
    return folder


def test_missing_root_raises(tmp_path):
    with pytest.raises(CorpusNotFound):
        load_corpus(tmp_path / "nowhere", default_config())


def test_ids_are_stems_unless_they_clash(tmp_path):
    a, b = tmp_path / "x" / "same.txt", tmp_path / "y" / "same.txt"
    c = tmp_path / "y" / "other.md"
    assert article_ids(tmp_path, [a, b, c]) == ["x/same", "y/same", "other"]
    assert article_ids(a, [a]) == ["same"]


def test_single_file_corpus(tmp_path):
    config = _config(tmp_path)
    corpus = load_corpus(SEEDS[0], config)
    assert [a.id for a in corpus.articles] == [SEEDS[0].stem]
    again, report = load_corpus_report(SEEDS[0], config)
    assert report.snapshot and again == corpus


def test_progress_phases_and_report(tmp_path):
    folder = _corpus(tmp_path / "c")
    config = _config(tmp_path)
    seen: list[tuple[int, int, str]] = []
    corpus, report = load_corpus_report(
        folder, config, progress=lambda d, t, ph: seen.append((d, t, ph))
    )
    phases = [ph for _d, _t, ph in seen]
    assert phases[0] == "scanning" and "ingesting" in phases and "indexing" in phases
    assert all(d <= t for d, t, ph in seen if t)
    assert report.files == 3 and report.ingested == 3 and report.snapshot_saved
    assert set(report.seconds) >= {"discover", "stat", "ingest", "build"}
    assert len(corpus.articles) == 3


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    config = _config(tmp_path)
    for _ in range(2):
        corpus, _report = load_corpus_report(tmp_path / "empty", config)
        assert corpus.articles == [] and list(corpus.entities) == []


def test_ingest_all_keeps_job_order_with_and_without_cache(tmp_path, monkeypatch):
    folder = _corpus(tmp_path / "c", copies=12)
    jobs = [(p, p.stem) for p in sorted(folder.glob("*.txt"), reverse=True)]
    config = _config(tmp_path)
    monkeypatch.setattr(pool_mod, "PARALLEL_MIN", 2)
    plain = ingest_all(jobs, config, use_cache=False, workers=1)
    parallel = ingest_all(jobs, config, use_cache=False, workers=2)
    cached = ingest_all(jobs, config, workers=2)
    again = ingest_all(jobs, config, workers=2)
    assert [f.path for f in plain] == [str(p) for p, _ in jobs]
    assert plain == parallel == cached == again


def test_warnings_go_to_stderr_by_default(tmp_path, capsys):
    folder = _corpus(tmp_path / "c")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    config = dataclasses.replace(default_config(), cache_dir=blocker / "cache")
    load_corpus(folder, config)
    assert "chronique: warning: cannot create the cache folder" in capsys.readouterr().err


def test_cli_no_cache_leaves_no_cache(tmp_path, monkeypatch):
    from tui.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = _corpus(tmp_path / "c")
    assert main(["--corpus", str(folder), "--no-cache", "articles"]) == 0
    assert not (tmp_path / "xdg" / "chronique").exists()
    assert main(["--corpus", str(folder), "articles"]) == 0
    assert (tmp_path / "xdg" / "chronique" / "cache.sqlite").exists()


def test_warm_corpus_answers_like_a_fresh_one(tmp_path):
    """The commands' view of a snapshot-loaded corpus: dates, months, matcher, contexts."""
    from tui.search import EntityMatcher

    folder = _corpus(tmp_path / "c", copies=5)
    config = _config(tmp_path)
    fresh = load_corpus(folder, config, use_cache=False)
    load_corpus(folder, config)
    warm, report = load_corpus_report(folder, config)
    assert report.snapshot
    assert warm.date_span == fresh.date_span and warm.per_month() == fresh.per_month()
    assert (
        warm.article_dates()
        == fresh.article_dates()
        == [a.published or a.date for a in fresh.articles]
    )
    mf, mw = EntityMatcher.for_corpus(fresh), EntityMatcher.for_corpus(warm)
    for q in ("poutine", "lavr", "@loc", "chine !nouvelle"):
        assert list(mw.search(q)) == list(mf.search(q))
    for m in fresh.mentions_of("vladimir-poutine"):
        assert warm.context(m) == fresh.context(m)


def _tree(root: Path) -> None:
    for rel, text in {
        "b.txt": " date 2024-01-01 Un.",
        "a.md": "x",
        "A.TXT": " date 2024-01-02 Deux.",
        "z.jsonl": "{}",
        "notes.csv": "x",
        ".hidden.txt": "x",
        "sub/a.txt": "x",
        "sub/deeper/c.markdown": "x",
        "sub/b.": "x",
        ".git/x.txt": "x",
        "zz/a.txt": "x",
        "sub/x.y.txt": "x",
        "sub/.h/inside.txt": "x",
    }.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (root / "link").symlink_to(root / "sub", target_is_directory=True)  # not followed
    (root / "ln.txt").symlink_to(root / "b.txt")  # a file link is a file
    (root / "sub" / "dead.txt").symlink_to(root / "nowhere.txt")  # listed, cannot be stat'ed


def _stat(f: Path) -> tuple[int, int]:
    try:
        return (f.stat().st_size, f.stat().st_mtime_ns)
    except OSError:
        return (-1, -1)


def test_scan_is_discover_with_stats(tmp_path, monkeypatch):
    from tui.ingest.formats import discover
    from tui.loader import scan

    _tree(tmp_path / "c")
    monkeypatch.chdir(tmp_path)
    for root in (tmp_path / "c", Path("c"), Path("c/"), Path("./c/sub"), Path("c") / "b.txt"):
        # discover lists the dead link; scan leaves it out and says so (test_symlinks.py).
        files = [f for f in discover(root) if f.name != "dead.txt"]
        skipped = []
        paths, stats = scan(root, skipped)
        assert [Path(p.path).name for p in skipped] == (
            [] if root.name in ("b.txt",) else ["dead.txt"]
        )
        assert paths == [str(f) for f in files], root
        assert stats == [_stat(f) for f in files]
        assert article_ids(root, paths) == article_ids(root, files)
    monkeypatch.chdir(tmp_path / "c")
    here = [f for f in discover(Path(".")) if f.name != "dead.txt"]
    assert scan(Path("."))[0] == [str(f) for f in here]
    assert article_ids(Path("."), scan(Path("."))[0]) == article_ids(Path("."), here)
