"""A corpus that changes between loads: the cached result after any sequence of additions,
changes and removals is the clean build's (``--no-cache``) for every command's JSON output,
entity ids stay stable, and two processes (one updating, one reading) never corrupt the cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tui.store.keys as keys_mod
from tui import cli
from tui.config import default_config, load_config
from tui.loader import load_corpus, load_corpus_report
from tui.store.cache import settle

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


def _seed_paragraphs() -> list[str]:
    paras: list[str] = []
    for p in SEEDS:
        body = p.read_text(encoding="utf-8").split(" ", 3)[3]  # after " date YYYY-MM[-DD] "
        paras.extend(x.strip() for x in body.split("\n\n") if len(x.strip()) > 40)
    return paras[:24]


# Paragraphs whose names interact across articles: "Poutine" alone joins "Vladimir Poutine"
# only while he is the one multi-word Poutine of the corpus, a spelling wins by frequency, an
# alias introduced in one article renames what others call it.
CRAFTED = [
    "Jean Poutine, maire de Rouen, a déclaré mardi 3 juin 2025 : « Nous verrons bien. »",
    "Poutine a parlé jeudi à Moscou, selon l'agence Ria Novosti.",
    "Vladimir Poutine a reçu Wang Yi au Kremlin le 12 mars 2024.",
    "« La coopération continue », a affirmé Wang Yi, ministre chinois des Affaires étrangères.",
    "Sergueï Lavrov (SL) et Xi Jinping se sont vus à Pékin en juillet 2025.",
    "L'Organisation du traité de l'Atlantique nord (OTAN) a réagi. L'OTAN a dit « non ».",
    "Emmanuel Macron a appelé Xi Jinping. Macron a rappelé les « lignes rouges » de Paris.",
    "Serguei Lavrov était à Tianjin lundi 14 juillet. Lavrov a salué « un succès ».",
]
PARAGRAPHS = _seed_paragraphs() + CRAFTED

# every command's JSON output (the contract); "show" is added per article
COMMANDS = [
    ["articles"],
    ["entities"],
    ["mentions", "--all"],
    ["mentions", "poutine", "--all-matches"],
    ["dates"],
    ["quotes", "--terms"],
    ["check"],
    ["search", "Moscou", "--limit", "0"],
]


@pytest.fixture(autouse=True)
def _no_racy(monkeypatch):
    """Files made by a test are seconds old; let the cache trust their mtimes (each write
    below sets a fresh mtime, so that no change can hide behind an equal size and time)."""
    monkeypatch.setattr(keys_mod, "RACY_NS", 0)


class Folder:
    """A corpus folder changed file by file, each write with an mtime never used before."""

    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.clock = 1_700_000_000 * 10**9

    def write(self, name: str, text: str) -> None:
        f = self.path / name
        f.write_text(text, encoding="utf-8")
        self.clock += 10**9
        os.utime(f, ns=(self.clock, self.clock))

    def remove(self, name: str) -> None:
        (self.path / name).unlink()

    def names(self) -> list[str]:
        return sorted(p.name for p in self.path.iterdir())


def article_text(date: tuple[int, int, int], paras: list[int]) -> str:
    y, m, d = date
    when = f"{y}-{m:02d}" + (f"-{d:02d}" if d else "")
    return f" date {when} " + "\n\n".join(PARAGRAPHS[k % len(PARAGRAPHS)] for k in paras) + "\n"


def run_json(argv: list[str]) -> object:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--json", *argv])
    assert code in (0, 1), (argv, err.getvalue())
    text = out.getvalue()
    return json.loads(text) if text.strip() else None


def outputs(folder: Path, config_file: Path, no_cache: bool) -> dict[str, object]:
    base = ["--corpus", str(folder), "--config", str(config_file)]
    if no_cache:
        base.append("--no-cache")
    got = {" ".join(c): run_json([*c, *base]) for c in COMMANDS}
    for row in got["articles"] or []:  # type: ignore[union-attr]
        got[f"show {row['id']}"] = run_json(["show", row["id"], *base])
    return got


def write_config(folder: Path, cache: Path) -> Path:
    f = folder / "config.yaml"
    f.write_text(f"cache:\n  dir: {json.dumps(str(cache))}\n", encoding="utf-8")
    return f


dates = st.tuples(st.integers(2024, 2026), st.integers(1, 12), st.sampled_from([0, 1, 14, 28]))
contents = st.tuples(dates, st.lists(st.integers(0, len(PARAGRAPHS) - 1), min_size=1, max_size=4))
operations = st.lists(
    st.tuples(st.sampled_from(["add", "change", "remove", "append"]), st.integers(0, 50), contents),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.lists(contents, min_size=1, max_size=4), ops=operations)
def test_any_sequence_of_changes_gives_the_clean_build(start, ops):
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        corpus = Folder(base / "corpus")
        config_file = write_config(base, base / "cache")
        for k, (date, paras) in enumerate(start):
            corpus.write(f"a{k:02d}.txt", article_text(date, paras))
        before = outputs(corpus.path, config_file, no_cache=False)  # the cache is made
        assert before == outputs(corpus.path, config_file, no_cache=True)
        serial = len(start)
        for kind, pick, (date, paras) in ops:
            names = corpus.names()
            if kind == "add" or not names:
                corpus.write(f"a{serial:02d}.txt", article_text(date, paras))
                serial += 1
            elif kind == "remove":
                corpus.remove(names[pick % len(names)])
            elif kind == "change":
                corpus.write(names[pick % len(names)], article_text(date, paras))
            else:  # a paragraph appended to an existing article
                name = names[pick % len(names)]
                old = (corpus.path / name).read_text(encoding="utf-8")
                corpus.write(name, old + "\n" + PARAGRAPHS[paras[0] % len(PARAGRAPHS)] + "\n")
            # the previous snapshot is updated with the change, not rebuilt
            _corpus, report = load_corpus_report(corpus.path, load_config(config_file))
            assert report.updated is not None and not report.snapshot, (kind, report)
            cached = outputs(corpus.path, config_file, no_cache=False)
            clean = outputs(corpus.path, config_file, no_cache=True)
            assert cached == clean, (kind, pick)
            assert_ids_stable(before, cached)
            before = cached


def assert_ids_stable(before: dict[str, object], after: dict[str, object]) -> None:
    """An entity whose name still exists after a change has the id it had."""
    old = {e["name"]: e["id"] for e in before["entities"] or []}  # type: ignore[union-attr]
    for e in after["entities"] or []:  # type: ignore[union-attr]
        if e["name"] in old:
            assert e["id"] == old[e["name"]], e


def cfg(tmp_path: Path):
    return dataclasses.replace(default_config(), cache_dir=tmp_path / "cache")


def test_entity_ids_survive_additions_and_removals(tmp_path):
    corpus = Folder(tmp_path / "c")
    for p in SEEDS:
        corpus.write(p.name, p.read_text(encoding="utf-8"))
    config = cfg(tmp_path)
    first = load_corpus(corpus.path, config)
    ids = {e.name: e.id for e in first.entities}
    poutine = first.entity("vladimir-poutine")
    assert poutine is not None
    # a new article about other people, one that mentions the same ones, one removed
    corpus.write("new1.txt", article_text((2026, 3, 1), [len(PARAGRAPHS) - 4]))
    corpus.write("new2.txt", article_text((2023, 1, 14), [len(PARAGRAPHS) - 6]))
    corpus.remove(SEEDS[1].name)
    second, report = load_corpus_report(corpus.path, config)
    assert not report.snapshot and report.ingested == 2  # only the new files were ingested
    assert report.updated == {"files": 2, "removed_files": 1, "dropped": 1, "added": 2}
    kept = [e for e in second.entities if e.name in ids]
    assert len(kept) > len(ids) // 2
    for e in kept:
        assert e.id == ids[e.name]
    assert second.entity("vladimir-poutine") is not None
    assert second.entity("vladimir-poutine").name == poutine.name
    # the same ids in a clean build of the same files
    clean = load_corpus(corpus.path, config, use_cache=False)
    assert [e.id for e in clean.entities] == [e.id for e in second.entities]


_UPDATER = """
import os, sys, time, dataclasses
from pathlib import Path
import tui.store.keys as keys_mod
keys_mod.RACY_NS = 0
from tui.config import default_config, load_config
from tui.loader import load_corpus_report
folder, cache, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
config = dataclasses.replace(default_config(), cache_dir=cache)
warnings = []
for k in range(rounds):
    f = folder / f"daily{k % 4}.txt"
    if f.exists() and k % 3 == 2:
        f.unlink()
    else:
        f.write_text(f" date 2026-01-{k % 28 + 1:02d} Wang Yi a reçu Sergueï Lavrov, jour {k}.\\n",
                     encoding="utf-8")
        os.utime(f, ns=(1_700_000_000 * 10**9 + k * 10**9,) * 2)
    corpus, report = load_corpus_report(folder, config, warn=warnings.append, workers=1)
    assert corpus.entity("wang-yi") is not None
print(len(warnings), *warnings, sep="\\n")
"""

_READER = """
import sys, dataclasses
from pathlib import Path
import tui.store.keys as keys_mod
keys_mod.RACY_NS = 0
from tui.config import default_config, load_config
from tui.loader import load_corpus
folder, cache, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
config = dataclasses.replace(default_config(), cache_dir=cache)
warnings = []
for _ in range(rounds):
    corpus = load_corpus(folder, config, warn=warnings.append, workers=1)
    # everything read, so that a damaged section would show
    n = sum(len(a.text) for a in corpus.articles) + len(list(corpus.iter_all_mentions()))
    n += len(corpus.quotes) + len(corpus.timerefs)
print(len(warnings), *warnings, sep="\\n")
"""


def test_an_update_and_a_reader_at_once_never_corrupt_the_cache(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    for p in SEEDS:
        shutil.copy(p, folder / p.name)
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(folder), str(cache), str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for code, rounds in ((_UPDATER, 12), (_READER, 25), (_READER, 25))
    ]
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        # no warning at all: no damaged snapshot, no locked or corrupt database
        assert out.splitlines()[0] == "0", out
    with sqlite3.connect(cache / "cache.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    settle()  # this process's snapshot renames done
    assert len(list(cache.glob("snap-*.bin"))) == 1 and not list(cache.glob("*.tmp"))
    config = cfg(tmp_path)
    final, report = load_corpus_report(folder, config)
    assert report.snapshot
    clean = load_corpus(folder, config, use_cache=False)
    assert [a.id for a in final.articles] == [a.id for a in clean.articles]
    assert list(final.iter_all_mentions()) == list(clean.iter_all_mentions())


def test_a_row_packed_straight_is_the_decoded_row_packed(tmp_path):
    """After a change the unchanged files come from their rows without the model objects
    (``pack_record``): the same build inputs as decoding then packing."""
    from tui.ingest import ingest_file
    from tui.store.codec import decode_file, encode_file
    from tui.store.packed import pack_file, pack_record

    corpus = Folder(tmp_path / "c")
    corpus.write("note.md", "---\ntitle: Une note\ndate: 2024-03-02\ntags: [a, 1.5]\n---\n"
                 + "\n\n".join(CRAFTED) + "\n")  # fmt: skip
    files = [*SEEDS, corpus.path / "note.md"]
    for k, f in enumerate(files):
        record = encode_file(ingest_file(f, f"id{k}", None))
        moved = str(tmp_path / "elsewhere" / f.name)  # another spelling of the root
        want, want_problems = pack_file(decode_file(record, moved))
        got, got_problems = pack_record(record, moved)
        assert got_problems == want_problems and len(got) == len(want) >= 1
        for a, b in zip(got, want, strict=True):
            assert a.article() == b.article() and a.article().extra == b.article().extra
            assert a.mentions() == b.mentions() and a.local_entities() == b.local_entities()
            assert a.timerefs() == b.timerefs() and a.quotes() == b.quotes()
            assert (a.n_timerefs, a.n_quotes, a.utf8()) == (b.n_timerefs, b.n_quotes, b.utf8())
            assert a.path == moved


def test_the_snapshot_keeps_what_the_matcher_folds(tmp_path):
    from tui.search import EntityMatcher, folded_names

    corpus = Folder(tmp_path / "c")
    for p in SEEDS:
        corpus.write(p.name, p.read_text(encoding="utf-8"))
    config = cfg(tmp_path)
    load_corpus(corpus.path, config)
    warm, report = load_corpus_report(corpus.path, config)
    assert report.snapshot and warm.index.folded_names is not None
    names = [(e.name, *e.aliases) for e in warm.entities]
    assert list(warm.index.folded_names) == folded_names(names)
    fresh = load_corpus(corpus.path, config, use_cache=False)
    assert fresh.index.folded_names is None
    for query in ("poutine", "xi", "moscou|pékin", "lavrov PER"):
        assert (
            EntityMatcher.for_corpus(warm).search(query).indices
            == EntityMatcher.for_corpus(fresh).search(query).indices
        )


def test_an_update_of_multi_article_files_and_problems_is_the_clean_build(tmp_path):
    """A JSON Lines file (several articles, a bad line) changed, a file with a problem added,
    a seed removed: the snapshot is updated, and equals the clean build, problems included."""
    from test_cache import JSONL

    corpus = Folder(tmp_path / "c")
    for p in SEEDS:
        corpus.write(p.name, p.read_text(encoding="utf-8"))
    corpus.write("lines.jsonl", JSONL)
    config = cfg(tmp_path)
    load_corpus(corpus.path, config)
    corpus.write(
        "lines.jsonl", JSONL + '{"id": "j3", "date": "2024-02-01", "text": "Xi Jinping a parlé."}\n'
    )
    corpus.write("zz.txt", " date 2025-13-45 Emmanuel Macron a dit « oui » à Moscou.\n")
    (corpus.path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    corpus.remove(SEEDS[0].name)
    got, report = load_corpus_report(corpus.path, config)
    assert report.updated is not None and report.updated["removed_files"] == 1
    clean = load_corpus(corpus.path, config, use_cache=False)
    assert [a.id for a in got.articles] == [a.id for a in clean.articles]
    assert list(got.articles) == list(clean.articles)
    assert len(clean.problems) >= 2  # the bad line and the bad file
    assert got.entities == clean.entities and got.problems == clean.problems
    assert list(got.iter_all_mentions()) == list(clean.iter_all_mentions())
    assert list(got.quotes) == list(clean.quotes) and list(got.timerefs) == list(clean.timerefs)
    assert got.mention_counts() == clean.mention_counts()
    assert [got.index.stats[i] for i in range(len(got.entities))] == list(clean.index.stats)
    assert list(got.index.folded_names) == folded_names_of(clean)


def folded_names_of(corpus) -> list[str]:
    from tui.search import folded_names

    return folded_names((e.name, *e.aliases) for e in corpus.entities)


@pytest.mark.parametrize("section", ["text", "m_key", "merge", "loc_rows"])
def test_a_damaged_snapshot_is_not_carried_into_its_update(tmp_path, section):
    """Damage in the previous snapshot is caught by its checksums when the update reads it:
    a full build follows, never a new file copied from damaged bytes."""
    from test_cache import _section

    corpus = Folder(tmp_path / "c")
    for p in SEEDS:
        corpus.write(p.name, p.read_text(encoding="utf-8"))
    config = cfg(tmp_path)
    load_corpus(corpus.path, config)
    settle()  # this process's snapshot renames done
    (snap,) = (tmp_path / "cache").glob("snap-*.bin")
    off, *_rest = where = _section(snap, section)
    target = snap.parent / where[3] if len(where) == 4 else snap  # texts: in their pool
    data = bytearray(target.read_bytes())
    data[off + 5] ^= 0x20
    target.write_bytes(bytes(data))
    corpus.write("new.txt", article_text((2026, 3, 1), [3]))
    warnings: list[str] = []
    got, report = load_corpus_report(corpus.path, config, warn=warnings.append)
    assert report.updated is None and report.snapshot_saved
    assert any("damaged" in w for w in warnings), warnings
    clean = load_corpus(corpus.path, config, use_cache=False)
    assert list(got.articles) == list(clean.articles) and got.entities == clean.entities
    assert list(got.iter_all_mentions()) == list(clean.iter_all_mentions())


def test_a_new_file_whose_name_clashes_renames_the_old_one_in_the_update(tmp_path):
    """Two files with one stem are named by their paths: the old file's id changes, and the
    update takes it out and in again, as the clean build names it."""
    corpus = Folder(tmp_path / "c")
    (corpus.path / "a").mkdir()
    (corpus.path / "b").mkdir()
    corpus.write("a/note.txt", article_text((2025, 7, 14), [1, 2]))
    corpus.write("other.txt", article_text((2024, 5, 1), [0]))
    config = cfg(tmp_path)
    first = load_corpus(corpus.path, config)
    assert sorted(a.id for a in first.articles) == ["note", "other"]
    corpus.write("b/note.txt", article_text((2026, 1, 1), [3]))
    got, report = load_corpus_report(corpus.path, config)
    assert report.updated is not None and report.updated["files"] == 2
    assert sorted(a.id for a in got.articles) == ["a/note", "b/note", "other"]
    clean = load_corpus(corpus.path, config, use_cache=False)
    assert list(got.articles) == list(clean.articles) and got.entities == clean.entities
    assert list(got.iter_all_mentions()) == list(clean.iter_all_mentions())
    assert list(got.quotes) == list(clean.quotes) and list(got.timerefs) == list(clean.timerefs)


def test_updates_append_to_one_text_pool_until_it_is_half_garbage(tmp_path, monkeypatch):
    """The texts live in a pool file that updates append to (a corpus opened before reads
    on); when most of it is texts no article has any more, an update writes a fresh one and
    the old pool goes once no snapshot refers to it."""
    from test_cache import _section

    import tui.store.textpool as textpool_mod

    monkeypatch.setattr(textpool_mod, "ORPHAN_AGE", 0)
    corpus = Folder(tmp_path / "c")
    for p in SEEDS:
        corpus.write(p.name, p.read_text(encoding="utf-8"))
    config = cfg(tmp_path)
    cache = tmp_path / "cache"
    before = load_corpus(corpus.path, config)
    before_texts = [a.text for a in before.articles]
    settle()
    (snap,) = cache.glob("snap-*.bin")
    (pool,) = cache.glob("*.text.pool")
    assert _section(snap, "text")[3] == pool.name
    size = pool.stat().st_size

    corpus.write("new.txt", article_text((2026, 3, 1), [3]))
    after, report = load_corpus_report(corpus.path, config)
    settle()
    assert report.updated is not None and report.updated["added"] == 1
    assert list(cache.glob("*.text.pool")) == [pool] and pool.stat().st_size > size
    assert [a.text for a in before.articles] == before_texts  # the older snapshot reads on
    assert len(list(cache.glob("*.loc_rows.pool"))) == 1  # the local entities: their own pool
    clean = load_corpus(corpus.path, config, use_cache=False)
    assert [a.text for a in after.articles] == [a.text for a in clean.articles]

    # change the big files again and again: their old texts pile up until a fresh pool
    seen = {pool.name}
    for k in range(6):
        for p in SEEDS:
            corpus.write(p.name, p.read_text(encoding="utf-8") + f"\n\nAjout {k}.\n")
        got, report = load_corpus_report(corpus.path, config)
        settle()
        assert report.updated is not None
        (now,) = cache.glob("*.text.pool")  # one pool at a time (orphans go at once here)
        seen.add(now.name)
        clean = load_corpus(corpus.path, config, use_cache=False)
        assert [a.text for a in got.articles] == [a.text for a in clean.articles]
        (snap,) = cache.glob("snap-*.bin")
        live = sum(len(a.text.encode("utf-8")) for a in clean.articles)
        assert _section(snap, "text")[1] <= 2 * live
    assert len(seen) > 1  # a fresh pool was written at least once


def _seeds_loaded(tmp_path: Path):
    """The seeds in a corpus folder, loaded once (snapshot and pools in the cache)."""
    corpus = Folder(tmp_path / "c")
    for p in SEEDS:
        corpus.write(p.name, p.read_text(encoding="utf-8"))
    config = cfg(tmp_path)
    load_corpus(corpus.path, config)
    settle()
    return corpus, config


def test_a_pool_that_cannot_be_locked_is_written_afresh(tmp_path, monkeypatch):
    """On a file system without locks (some network mounts), an update does not append to
    the shared pool: it writes a fresh one, and is still an update, not a full build."""
    import errno

    import tui.store.textpool as textpool_mod

    corpus, config = _seeds_loaded(tmp_path)
    (before,) = (tmp_path / "cache").glob("*.text.pool")

    def no_lock(fd, op):
        raise OSError(errno.ENOLCK, "no locks available")

    monkeypatch.setattr(textpool_mod.fcntl, "flock", no_lock)
    corpus.write("new.txt", article_text((2026, 3, 1), [3]))
    warnings: list[str] = []
    got, report = load_corpus_report(corpus.path, config, warn=warnings.append)
    settle()
    assert report.updated is not None and not warnings
    pools = {p.name for p in (tmp_path / "cache").glob("*.text.pool")}
    assert len(pools) == 2 and before.name in pools  # a fresh one (the old one not yet old)
    clean = load_corpus(corpus.path, config, use_cache=False)
    assert [a.text for a in got.articles] == [a.text for a in clean.articles]


def test_an_update_not_kept_has_its_pooled_sections_inside_and_leaves_the_pools(
    tmp_path, monkeypatch
):
    """A change too recent to be trusted at the next start is an update whose snapshot is
    not kept: its texts and mention columns are copied into it (from the pools, in runs), the
    shared pools are not appended to, and the result is the clean build's."""
    corpus, config = _seeds_loaded(tmp_path)
    cache = tmp_path / "cache"
    sizes = {p.name: p.stat().st_size for p in cache.glob("*.pool")}
    assert len(sizes) == 5  # texts, local entities, the three mention columns
    corpus.write("new.txt", article_text((2026, 3, 1), [3, 5]))
    now = time.time_ns()
    os.utime(corpus.path / "new.txt", ns=(now, now))
    monkeypatch.setattr(keys_mod, "RACY_NS", 3600 * 10**9)  # so it was "just written"
    got, report = load_corpus_report(corpus.path, config)
    settle()
    assert report.updated is not None and not report.snapshot_saved
    assert {p.name: p.stat().st_size for p in cache.glob("*.pool")} == sizes
    monkeypatch.setattr(keys_mod, "RACY_NS", 0)
    clean = load_corpus(corpus.path, config, use_cache=False)
    assert list(got.articles) == list(clean.articles) and got.entities == clean.entities
    assert list(got.iter_all_mentions()) == list(clean.iter_all_mentions())
