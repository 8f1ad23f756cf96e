"""The on-disk cache: identical results, invalidation, damaged or foreign caches, concurrency."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import tui.ingest.pool as pool_mod
import tui.store.cache as cache_mod
import tui.store.filecache as filecache_mod
import tui.store.keys as keys_mod
from tui.config import default_config
from tui.ingest import ingest_file
from tui.ingest.pool import ingest_many
from tui.loader import load_corpus, load_corpus_report
from tui.store import codec
from tui.store.cache import open_cache, settle
from tui.store.codec import decode_file, encode_file, encode_record

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))

MD = """---
title: Une note
date: 2024-03-02
source: Le Monde
tags: [diplomatie, "Chine"]
updated: 2024-03-05 10:30:00+01:00
score: 1.5
nested: {a: [1, 2.0, null], 2024-01-01: x}
---
Vladimir Poutine a rencontré Xi Jinping à Pékin, jeudi 16 mai, a indiqué l'agence Chine nouvelle.

Le Kremlin a salué une « nouvelle ère ». Emmanuel Macron n'a pas réagi.
"""

JSONL = (
    '{"id": "j1", "date": "2025-07-15", "title": "Un", "text": "Sergueï Lavrov était à Tianjin.", "lang": "fr", "n": 3}\n'
    "not json\n"
    '{"id": "j2", "date": "2025-07", "text": "Wang Yi a reçu Sergueï Lavrov à Pékin.", "meta": {"k": [1, 2]}}\n'
)


@pytest.fixture(autouse=True)
def _no_racy(monkeypatch):
    """Files made by a test are seconds old; let the cache trust their mtimes."""
    monkeypatch.setattr(keys_mod, "RACY_NS", 0)


def make_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for p in SEEDS:
        shutil.copy(p, folder / p.name)
    (folder / "note.md").write_text(MD, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "lines.jsonl").write_text(JSONL, encoding="utf-8")
    (folder / "sub" / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    return folder


def cfg(tmp_path: Path, **kw):
    return dataclasses.replace(default_config(), cache_dir=tmp_path / "cache", **kw)


def assert_same(a, b) -> None:
    """Two corpora are identical: everything the commands and the app can ask."""
    assert a == b
    assert [x.id for x in a.articles] == [x.id for x in b.articles]
    for x, y in zip(a.articles, b.articles, strict=True):
        assert x == y and x.extra == y.extra and type(x.extra) is type(y.extra)
    assert a.entities == b.entities
    assert list(a.timerefs) == list(b.timerefs) and list(a.quotes) == list(b.quotes)
    assert a.problems == b.problems
    assert list(a.iter_all_mentions()) == list(b.iter_all_mentions())
    for e in b.entities:
        assert a.mentions_of(e.id) == b.mentions_of(e.id)
        assert a.stats(e.id) == b.stats(e.id)
        assert a.co_mentions(e.id, None) == b.co_mentions(e.id, None)
        assert a.per_month([e.id]) == b.per_month([e.id])
        for m in b.mentions_of(e.id):
            assert a.next_mention(e.id, m.article_id, m.start) == b.next_mention(
                e.id, m.article_id, m.start
            )
            assert a.next_mention(e.id, m.article_id, m.start, backward=True) == b.next_mention(
                e.id, m.article_id, m.start, backward=True
            )
    for art in b.articles:
        assert a.entities_of(art.id) == b.entities_of(art.id)
        assert [list(x) for x in a.mention_spans_in(art.id)] == [
            list(x) for x in b.mention_spans_in(art.id)
        ]
    assert a.per_month() == b.per_month() and a.date_span == b.date_span


def test_the_codec_knows_the_model():
    assert codec.schema_mismatch() is None


def test_record_round_trip_is_identical(tmp_path):
    folder = make_corpus(tmp_path / "c")
    for path in [
        *folder.glob("*.txt"),
        folder / "note.md",
        folder / "sub" / "lines.jsonl",
        folder / "sub" / "bad.txt",
    ]:
        fresh = ingest_file(path, path.stem)
        back = decode_file(encode_file(fresh))
        assert back == fresh
        assert [a.article.extra for a in back.articles] == [a.article.extra for a in fresh.articles]
    md = decode_file(encode_file(ingest_file(folder / "note.md", "note")))
    extra = md.articles[0].article.extra
    assert extra["updated"] == dt.datetime(
        2024, 3, 5, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert extra["nested"] == {"a": [1, 2.0, None], dt.date(2024, 1, 1): "x"}
    assert type(extra["nested"]["a"][1]) is float


def test_a_quotation_with_other_places_round_trips_in_a_record(tmp_path):
    folder = make_corpus(tmp_path / "c")
    path = next(iter(sorted(folder.glob("*.txt"))))
    fresh = ingest_file(path, path.stem)
    q0 = fresh.articles[0].quotes[0]
    fresh.articles[0].quotes.append(dataclasses.replace(q0, also=((3, 8),)))
    back = decode_file(encode_file(fresh))
    assert back.articles[0].quotes[-1].also == ((3, 8),)
    assert back == fresh


def test_tagged_values_round_trip():
    odd = {
        "t": (1, "a"),
        "s": {1, 2},
        "f": frozenset({"x"}),
        "b": b"\x00\xff",
        "n": float("inf"),
        "d": dt.date(2020, 2, 29),
        "tm": dt.time(10, 5),
        3: None,
        "\0t": "collision",
        "l": [[{"k": 1}]],
    }
    assert codec.dec_extra(codec.enc_extra(odd)) == odd
    plain = {"a": [1, 2.5, "x", None, True], "b": {"c": "d"}}
    assert codec.enc_extra(plain) is plain  # stored as is
    assert codec.dec_extra(codec.enc_extra({})) == {}


def test_cached_results_are_identical_to_a_fresh_ingest(tmp_path):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    fresh = load_corpus(folder, config, use_cache=False)
    first, r1 = load_corpus_report(folder, config)
    assert r1.ingested == r1.files == 6 and not r1.snapshot and r1.snapshot_saved
    assert_same(first, fresh)
    # level 2: the snapshot
    warm, r2 = load_corpus_report(folder, config)
    assert r2.snapshot and r2.ingested == 0
    assert_same(warm, fresh)
    # level 1 only: the snapshot gone, every file from the per-file cache
    settle()  # this process's snapshot renames done
    for snap in (tmp_path / "cache").glob("snap-*.bin"):
        snap.unlink()
    l1, r3 = load_corpus_report(folder, config)
    assert not r3.snapshot and r3.cached == 6 and r3.ingested == 0
    assert_same(l1, fresh)


def fresh_and_warm(tmp_path):
    """The test corpus built without the cache, and read back from the cache's snapshot."""
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    fresh = load_corpus(folder, config, use_cache=False)
    load_corpus(folder, config)
    warm, report = load_corpus_report(folder, config)
    assert report.snapshot
    return fresh, warm


def test_lazy_articles_behave_as_a_list(tmp_path):
    fresh, warm = fresh_and_warm(tmp_path)
    arts = warm.articles
    assert len(arts) == len(fresh.articles)
    assert arts[-1] == fresh.articles[-1] and arts[0] is arts[0]
    assert arts[1:3] == fresh.articles[1:3]
    assert list(reversed(arts)) == list(reversed(fresh.articles))
    assert arts == fresh.articles and fresh.articles == arts
    assert fresh.articles[2] in arts and arts.index(fresh.articles[2]) == 2
    with pytest.raises(IndexError):
        arts[len(arts)]
    assert arts.published_dates() == [a.published for a in fresh.articles]
    assert len(warm.quotes) == len(fresh.quotes) and warm.timerefs == fresh.timerefs


def test_a_warm_article_is_built_from_its_own_row(tmp_path):
    """Reading one article of a warm corpus parses that article's fields, not every
    article's (a lookup at 100,000 articles spent 0.1 s parsing them all)."""
    fresh, warm = fresh_and_warm(tmp_path)
    assert warm.articles[-1] == fresh.articles[-1]
    columns = warm.articles._columns._cols
    assert columns._cols is None  # no whole column parsed for one article
    assert warm.articles.paths() == fresh.articles.paths()
    assert columns._cols is not None


def test_the_snapshot_keeps_the_matchers_rank_order(tmp_path):
    from tui.search import EntityMatcher
    from tui.search_index import rank_order

    fresh, warm = fresh_and_warm(tmp_path)
    assert fresh.index.entity_order is None
    expected = rank_order(fresh.mention_counts(), [len(e.name) for e in fresh.entities])
    assert list(warm.index.entity_order) == list(expected)
    kept, made = EntityMatcher.for_corpus(warm), EntityMatcher.for_corpus(fresh)
    for query in ("", "a", "ou", "poutine", "pekin", "xi"):
        assert list(kept.search(query).indices) == list(made.search(query).indices), query


def test_edit_add_remove_are_noticed(tmp_path):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    load_corpus(folder, config)
    seed = folder / SEEDS[0].name
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("Pékin", "Oulan-Bator", 1), encoding="utf-8")
    os.utime(seed, ns=(seed.stat().st_atime_ns, seed.stat().st_mtime_ns - 10**10))
    (folder / "new.txt").write_text(
        " date 2026-01-05 Angela Merkel a rencontré Olaf Scholz à Berlin.\n", encoding="utf-8"
    )
    (folder / "sub" / "lines.jsonl").unlink()
    corpus, report = load_corpus_report(folder, config)
    assert not report.snapshot and report.ingested == 2 and report.cached == 4 and report.files == 6
    assert report.pruned == 1
    assert corpus.entity("oulan-bator") is not None
    assert corpus.article("new") is not None and corpus.entity("angela-merkel") is not None
    assert corpus.article("j1") is None and corpus.article("j2") is None
    assert_same(corpus, load_corpus(folder, config, use_cache=False))
    again, report = load_corpus_report(folder, config)
    assert report.snapshot
    assert_same(again, corpus)
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite") as db:
        paths = {p for (p,) in db.execute("SELECT path FROM files")}
    assert str((folder / "sub" / "lines.jsonl").resolve()) not in paths and len(paths) == 6


def test_same_size_same_mtime_edit_is_not_missed_when_racy(tmp_path, monkeypatch):
    monkeypatch.setattr(keys_mod, "RACY_NS", 60 * 10**9)
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    _, r = load_corpus_report(folder, config)
    assert not r.snapshot_saved  # files younger than the racy window are not trusted
    _, r = load_corpus_report(folder, config)
    assert r.ingested == r.files


def test_config_change_reingests(tmp_path):
    folder = make_corpus(tmp_path / "c")
    load_corpus(folder, cfg(tmp_path))
    _, report = load_corpus_report(folder, cfg(tmp_path, fingerprint="gazetteer: {}"))
    assert report.ingested == report.files


def test_another_spelling_of_the_root_keeps_paths_right(tmp_path, monkeypatch):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    load_corpus(folder, config)
    monkeypatch.chdir(tmp_path)
    rel = load_corpus(Path("c"), config)
    assert_same(rel, load_corpus(Path("c"), config, use_cache=False))
    assert all(a.path.startswith("c" + os.sep) for a in rel.articles)


def test_no_cache_bypasses_it(tmp_path):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    load_corpus(folder, config, use_cache=False)
    assert not (tmp_path / "cache").exists()
    load_corpus(folder, dataclasses.replace(config, cache=False))
    assert not (tmp_path / "cache").exists()


def test_xdg_cache_home_is_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = make_corpus(tmp_path / "c")
    _, report = load_corpus_report(folder, default_config())
    assert report.cache_dir == str(tmp_path / "xdg" / "chronique")
    assert (tmp_path / "xdg" / "chronique" / "cache.sqlite").exists()


def _tree(folder: Path) -> dict:
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def test_nothing_is_written_in_the_corpus_folder(tmp_path):
    folder = make_corpus(tmp_path / "c")
    before = _tree(folder)
    config = cfg(tmp_path)
    for _ in range(2):
        load_corpus(folder, config)
    (tmp_path / "cache" / "cache.sqlite").write_bytes(b"garbage" * 1000)
    load_corpus(folder, config, warn=lambda m: None)
    assert _tree(folder) == before
    # a cache folder configured inside the corpus is refused
    warnings: list[str] = []
    inside = dataclasses.replace(default_config(), cache_dir=folder / ".cache")
    corpus = load_corpus(folder, inside, warn=warnings.append)
    assert len(corpus.articles) == 6 and "inside the corpus" in warnings[0]
    assert _tree(folder) == before


def test_corrupt_database_is_rebuilt_with_a_warning(tmp_path):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    fresh = load_corpus(folder, config, use_cache=False)
    load_corpus(folder, config)
    db = tmp_path / "cache" / "cache.sqlite"
    settle()  # this process's snapshot renames done
    for snap in (tmp_path / "cache").glob("snap-*.bin"):
        snap.unlink()
    db.write_bytes(os.urandom(50_000))
    warnings: list[str] = []
    corpus, report = load_corpus_report(folder, config, warn=warnings.append)
    assert any("corrupt" in w for w in warnings)
    assert_same(corpus, fresh)
    assert report.ingested == report.files
    warnings.clear()
    settle()  # this process's snapshot renames done
    for snap in (tmp_path / "cache").glob("snap-*.bin"):
        snap.unlink()
    _, report = load_corpus_report(folder, config, warn=warnings.append)
    assert not warnings and report.cached == report.files  # the rebuilt cache works


def test_damaged_pages_inside_the_database_do_not_crash(tmp_path):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    fresh = load_corpus(folder, config, use_cache=False)
    load_corpus(folder, config)
    settle()  # this process's snapshot renames done
    for snap in (tmp_path / "cache").glob("snap-*.bin"):
        snap.unlink()
    db = tmp_path / "cache" / "cache.sqlite"
    data = bytearray(db.read_bytes())
    for k in range(4096, len(data), 97):  # keep the header page, scribble over the rest
        data[k] = (data[k] * 7 + 13) % 256
    db.write_bytes(bytes(data))
    warnings: list[str] = []
    corpus = load_corpus(folder, config, warn=warnings.append)
    assert_same(corpus, fresh)


def test_foreign_database_is_left_alone(tmp_path):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    (tmp_path / "cache").mkdir()
    db = tmp_path / "cache" / "cache.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE files(name TEXT, owner TEXT)")
        conn.execute("INSERT INTO files VALUES ('x', 'someone else')")
    conn.close()
    before = db.read_bytes()
    warnings: list[str] = []
    corpus, report = load_corpus_report(folder, config, warn=warnings.append)
    assert any("not a Chronique cache" in w for w in warnings)
    assert_same(corpus, load_corpus(folder, config, use_cache=False))
    assert db.read_bytes() == before


def test_unwritable_cache_folder_is_bypassed(tmp_path):
    folder = make_corpus(tmp_path / "c")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    config = dataclasses.replace(default_config(), cache_dir=blocker / "cache")
    warnings: list[str] = []
    corpus = load_corpus(folder, config, warn=warnings.append)
    assert len(corpus.articles) == 6 and any("cache" in w for w in warnings)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions"
)
def test_read_only_cache_folder_is_bypassed(tmp_path):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    (tmp_path / "cache").mkdir()
    os.chmod(tmp_path / "cache", 0o500)
    try:
        warnings: list[str] = []
        corpus = load_corpus(folder, config, warn=warnings.append)
        assert_same(corpus, load_corpus(folder, config, use_cache=False))
        assert warnings
    finally:
        os.chmod(tmp_path / "cache", 0o700)


def _section(snap: Path, name: str) -> list[int]:
    """(offset, length, crc) of a section of a snapshot file."""
    import json
    import struct

    raw = snap.read_bytes()
    _magic, hpos, hlen, _crc = struct.unpack_from("<8sQQI", raw, 0)
    return json.loads(raw[hpos : hpos + hlen])["sections"][name]


def test_damaged_snapshot_is_rebuilt(tmp_path):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    fresh = load_corpus(folder, config, use_cache=False)
    load_corpus(folder, config)
    settle()  # this process's snapshot renames done
    (snap,) = (tmp_path / "cache").glob("snap-*.bin")
    data = bytearray(snap.read_bytes())
    data[_section(snap, "entities")[0] + 3] ^= 0xFF  # checked at load: a cache miss
    snap.write_bytes(bytes(data))
    warnings: list[str] = []
    corpus, report = load_corpus_report(folder, config, warn=warnings.append)
    assert not report.snapshot and any("damaged" in w for w in warnings)
    assert_same(corpus, fresh)
    _, report = load_corpus_report(folder, config)
    assert report.snapshot
    snap.write_bytes(b"junk")
    warnings.clear()
    corpus = load_corpus(folder, config, warn=warnings.append)
    assert warnings and len(corpus.articles) == 6


def test_damaged_mention_array_is_caught_when_read(tmp_path):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    load_corpus(folder, config)
    settle()  # this process's snapshot renames done
    (snap,) = (tmp_path / "cache").glob("snap-*.bin")
    data = bytearray(snap.read_bytes())
    data[_section(snap, "ent_start")[0] + 3] ^= 0xFF  # checked when first read
    snap.write_bytes(bytes(data))
    warnings: list[str] = []
    corpus, report = load_corpus_report(folder, config, warn=warnings.append)
    assert report.snapshot and not warnings
    for e in corpus.entities:  # no crash; the damaged chunk reads as no mentions
        corpus.next_mention(e.id, None, 0)
    assert warnings and "damaged section ent_start" in warnings[0] and not snap.exists()
    _, report = load_corpus_report(folder, config)
    assert not report.snapshot and report.snapshot_saved


def test_damaged_text_in_a_snapshot_is_caught_when_read(tmp_path):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    load_corpus(folder, config)
    settle()  # this process's snapshot renames done
    (snap,) = (tmp_path / "cache").glob("snap-*.bin")
    off, _length, _crcs, pool = _section(snap, "text")  # the texts are in a pool file
    target = snap.parent / pool
    data = bytearray(target.read_bytes())
    data[off + 5] = ord("#")
    target.write_bytes(bytes(data))
    warnings: list[str] = []
    corpus, report = load_corpus_report(folder, config, warn=warnings.append)
    assert report.snapshot
    text = corpus.articles[0].text
    assert warnings and "damaged section text" in warnings[0] and len(text) > 100
    assert not snap.exists()  # rebuilt at the next start


def test_parallel_ingest_gives_the_serial_result(tmp_path):
    folder = make_corpus(tmp_path / "c")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    jobs = [(p, p.stem) for p in files]
    serial = [ingest_file(p, aid) for p, aid in jobs]
    got: list = [None] * len(jobs)
    steps = []
    for i, f, rec in ingest_many(
        jobs,
        None,
        workers=2,
        min_parallel=1,
        progress=lambda d, t, ph: steps.append(d),
        encode=encode_record,
        decode=decode_file,
    ):
        got[i] = f
        assert rec is not None
    assert got == serial
    assert [[a.article.extra for a in f.articles] for f in got] == [
        [a.article.extra for a in f.articles] for f in serial
    ]
    assert steps and steps[-1] == len(jobs)


def test_parallel_load_through_the_cache(tmp_path, monkeypatch):
    folder = make_corpus(tmp_path / "c")
    monkeypatch.setattr(pool_mod, "PARALLEL_MIN", 2)
    config = cfg(tmp_path)
    phases = []
    corpus = load_corpus(folder, config, workers=2, progress=lambda d, t, ph: phases.append(ph))
    assert "ingesting" in phases and "indexing" in phases
    assert_same(corpus, load_corpus(folder, config, use_cache=False, workers=1))


_CHILD = """
import sys, hashlib, json
from pathlib import Path
import dataclasses
import tui.store.keys as keys_mod
keys_mod.RACY_NS = 0
from tui.config import default_config
from tui.loader import load_corpus_report
config = dataclasses.replace(default_config(), cache_dir=Path(sys.argv[2]))
warnings = []
corpus, report = load_corpus_report(Path(sys.argv[1]), config, warn=warnings.append, workers=1)
rows = [(m.entity_id, m.article_id, m.start, m.end) for m in corpus.iter_all_mentions()]
digest = hashlib.sha1(json.dumps([rows, [a.text for a in corpus.articles]]).encode()).hexdigest()
print(json.dumps({"digest": digest, "warnings": warnings, "articles": len(corpus.articles)}))
"""


def test_two_processes_loading_at_once(tmp_path):
    import json

    folder = make_corpus(tmp_path / "c")
    for k in range(40):  # enough files for the two loads to overlap
        text = SEEDS[k % 3].read_text(encoding="utf-8")
        (folder / f"copy{k:02d}.txt").write_text(
            text + f"\n\nAjout {k} à Moscou.\n", encoding="utf-8"
        )
    cache_dir = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outs = []
    for _round in range(2):  # cold, then warm; each time two at once
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(folder), str(cache_dir)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(2)
        ]
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            outs.append(json.loads(out))
    assert len({o["digest"] for o in outs}) == 1
    assert all(o["articles"] == 46 and not o["warnings"] for o in outs), outs
    with sqlite3.connect(cache_dir / "cache.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 46
    settle()  # this process's snapshot renames done
    assert len(list(cache_dir.glob("snap-*.bin"))) == 1 and not list(cache_dir.glob("*.tmp"))


def test_locked_database_times_out_into_a_bypass(tmp_path, monkeypatch):
    folder = make_corpus(tmp_path / "c")
    config = cfg(tmp_path)
    load_corpus(folder, config)
    monkeypatch.setattr(filecache_mod, "BUSY_TIMEOUT_S", 0.2)
    settle()  # this process's snapshot renames done
    for snap in (tmp_path / "cache").glob("snap-*.bin"):
        snap.unlink()
    (folder / "extra.txt").write_text(" date 2026-02-01 Wang Yi à Pékin.\n", encoding="utf-8")
    holder = sqlite3.connect(tmp_path / "cache" / "cache.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        warnings: list[str] = []
        corpus = load_corpus(folder, config, warn=warnings.append)
        assert corpus.article("extra") is not None
        assert any("locked" in w for w in warnings)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_open_cache_refuses_when_the_model_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_mod, "schema_mismatch", lambda: "Article")
    warnings: list[str] = []
    assert open_cache(cfg(tmp_path), warn=warnings.append) is None
    assert "data model" in warnings[0]


def test_snapshot_keeps_dated_expressions_and_quotes_that_are_not_plain_slices(tmp_path):
    """Their text is normally cut again from the article on load; anything else is stored."""
    from dataclasses import replace

    from tui.corpus import build_corpus
    from tui.store.snapshot_read import read_snapshot
    from tui.store.snapshot_write import write_snapshot

    folder = make_corpus(tmp_path / "c")
    items = [a for p in sorted(folder.glob("*.txt")) for a in ingest_file(p, p.stem).articles]
    first = items[0]
    t0, q0 = first.timerefs[0], first.quotes[0]
    first.timerefs[0] = replace(t0, text="autre chose")
    first.timerefs.append(replace(t0, article_id="ailleurs"))
    first.quotes[0] = replace(q0, text="« autre »", is_term=True, verb=None)
    first.quotes.append(replace(q0, also=((1, 5), (9, 12))))  # a quotation said again
    corpus = build_corpus(items)
    with open(tmp_path / "snap.bin", "wb") as f:
        write_snapshot(f, corpus, "k", str(folder))
    back, key = read_snapshot(tmp_path / "snap.bin", "k")
    assert key == "k"
    assert list(back.timerefs) == list(corpus.timerefs) and list(back.quotes) == list(corpus.quotes)
    assert back == corpus


@pytest.mark.parametrize("module", ["search.py", "loader.py", "corpus/build.py"])
def test_the_snapshot_key_follows_the_code_whose_output_it_keeps(tmp_path, monkeypatch, module):
    """The snapshot keeps what the corpus build, the loader (article ids) and the matcher's
    name folding (tui/search.py) computed: changing any of them must make a new key."""
    pkg = tmp_path / "tui"
    shutil.copytree(keys_mod._PKG, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(keys_mod, "_PKG", pkg)
    monkeypatch.setattr(keys_mod, "_code_hashes", {})
    before = keys_mod._code_hash("corpus")
    with open(pkg / module, "a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    monkeypatch.setattr(keys_mod, "_code_hashes", {})
    assert keys_mod._code_hash("corpus") != before


def test_decoded_offsets_share_one_int_object_per_value():
    from tui.store.codec import shared_ints

    a, b = int("1234"), int("1234")
    assert a is not b  # two objects for one value, as decoding would make
    ints = shared_ints([a])
    assert ints.get(a, a) is ints.get(b, b) and ints.get(b, b) == 1234
    assert ints.get(7, 7) is shared_ints([9]).get(int("7"), 7)  # below what was asked: held
    big = int("70000")
    assert shared_ints([big]).get(big, big) is big  # past 65,535: the value itself
