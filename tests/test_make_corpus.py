"""bench.make_corpus: a deterministic synthetic corpus in the seed format (or JSON Lines)."""

from __future__ import annotations

import json
import re
import statistics
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))

import bench.make_corpus as mc  # noqa: E402
from bench.make_corpus import Vocabulary, make_corpus, make_entity_names  # noqa: E402

HEADER = re.compile(r"^ date \d{4}-\d{2}(-\d{2})? ")
# The generator keeps its own copy of the calendar words (it must not lean on the extractor);
# the test checks its output against the generator's words.
MONTHS, WEEKDAYS = mc.MONTHS, mc.WEEKDAYS
DAY_EXPR = re.compile(rf"\b({'|'.join(WEEKDAYS)}) (1er|\d{{1,2}}) ({'|'.join(MONTHS)})\b")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def texts(folder: Path) -> list[str]:
    """The articles of a clean corpus, in id order, typography folded back (curly apostrophes,
    unaccented capitals) so that vocabulary names can be counted."""
    out = []
    for p in sorted(folder.rglob("*.txt")):
        out.append(p.read_text(encoding="utf-8").replace("\u2019", "'"))
    return out


def fold(s: str) -> str:
    return s.replace("\u2019", "'").replace("É", "E")


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("clean") / "c"
    return out, make_corpus(out, articles=80, entities=400, seed=5, odd_fraction=0.0)


def test_deterministic_txt_and_jsonl(tmp_path):
    a = make_corpus(tmp_path / "a", articles=50, entities=300, seed=7, odd_fraction=0.1)
    b = make_corpus(tmp_path / "b", articles=50, entities=300, seed=7, odd_fraction=0.1)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert {k: v for k, v in a.items() if k not in ("out", "seconds")} == {
        k: v for k, v in b.items() if k not in ("out", "seconds")
    }
    make_corpus(tmp_path / "a.jsonl", articles=50, entities=300, seed=7, jsonl=True)
    make_corpus(tmp_path / "b.jsonl", articles=50, entities=300, seed=7, jsonl=True)
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    make_corpus(tmp_path / "c", articles=50, entities=300, seed=8, odd_fraction=0.1)
    assert tree(tmp_path / "c") != tree(tmp_path / "a")  # the seed matters


def test_same_bytes_whatever_the_workers_and_chunking(tmp_path, monkeypatch):
    monkeypatch.setattr(mc, "PER_FOLDER", 7)  # several chunks, hence a real process pool
    make_corpus(tmp_path / "one", articles=40, entities=200, seed=1, workers=1)
    make_corpus(tmp_path / "two", articles=40, entities=200, seed=1, workers=2)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert one == two
    folders = {k.split("/")[0] for k in one}
    assert folders == {f"{k:04d}" for k in range(6)}  # 40 files, at most 7 per folder


def test_one_file_per_article_in_numbered_folders(clean):
    out, info = clean
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [f"0000/{i:06d}.txt" for i in range(80)]
    assert info["articles"] == info["files"] == 80
    assert info["bytes"] == sum((out / f).stat().st_size for f in files)
    assert info["odd_files"] == {}


def test_seed_format(clean):
    out, _info = clean
    months = 0
    for text in texts(out):
        assert HEADER.match(text), text[:40]
        year = int(text[6:10])
        assert 2015 <= year <= 2026
        months += bool(re.match(r"^ date \d{4}-\d{2} ", text))
        assert not text.endswith("\n") and "\n\n\n" not in text
        paras = text.split("\n\n")
        body = [p for p in paras if p.rstrip()[-1:] in '."»”' and "( AFP /" not in p]
        assert 5 <= len(body) <= 13, len(body)
        assert all("\n" not in p for p in paras)
    assert 10 <= months <= 45  # about a third of 80 headers have month precision


def test_article_length_and_style(clean):
    out, info = clean
    all_text = texts(out)
    lengths = [len(t.split(" ", 3)[3]) for t in all_text]  # without the " date ... " header
    assert min(lengths) >= 2400 and max(lengths) <= 4300
    assert 2700 <= statistics.mean(lengths) <= 3300
    assert 2700 <= info["chars_mean"] <= 3300
    joined = "\n".join(all_text)
    assert "( AFP / " in joined  # photo captions
    for mark in ('"', "«", "“"):
        assert mark in joined  # every quotation style
    assert re.search(r"a-t-(il|elle) \w+", joined)
    for expr in ("l'an dernier", "d'ici ", " en 20", " dernier", "mois", "ce "):
        assert expr in joined or expr.replace("'", "\u2019") in joined


def test_weekdays_match_the_publication_date(clean):
    """'mardi 15 juillet' is the publication day or one of the six days before it."""
    out, _info = clean
    checked = 0
    for text in texts(out):
        m = re.match(r"^ date (\d{4})-(\d{2})-(\d{2}) ", text)
        if not m:
            continue
        pub = date(*map(int, m.groups()))
        for wd, day, month in DAY_EXPR.findall(text):
            mo = MONTHS.index(month) + 1
            d = date(pub.year - (mo > pub.month), mo, 1 if day == "1er" else int(day))
            assert 0 <= (pub - d).days <= 6, (pub, wd, day, month)
            assert WEEKDAYS[d.weekday()] == wd
            checked += 1
    assert checked > 20


def test_full_name_first_then_surname(tmp_path):
    out = tmp_path / "c"
    make_corpus(out, articles=60, entities=200, seed=2, odd_fraction=0.0)
    real = [(full, sur) for full, sur, *_ in mc.REAL_PERSONS if full != sur]
    later = 0
    for text in texts(out):
        text = fold(text)
        for full, sur in real:
            full, sur = fold(full), fold(sur)
            first_full = text.find(full)
            m = re.search(rf"(?<![\w-]){re.escape(sur)}(?![\w-])", text)
            if first_full < 0:
                assert m is None, (sur, text[:80])
                continue
            assert first_full <= m.start() < first_full + len(full)  # inside the full name
            later += len(re.findall(rf"(?<![\w-]){re.escape(sur)}(?![\w-])", text)) - text.count(
                full
            )
    assert later > 20  # surname-only mentions do happen


def test_jsonl(tmp_path):
    out = tmp_path / "corpus.jsonl"
    info = make_corpus(out, articles=50, entities=300, seed=3, jsonl=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 50 and info["files"] == 1 and info["format"] == "jsonl"
    ids = set()
    for line in lines:
        obj = json.loads(line)
        assert set(obj) == {"id", "date", "title", "text", "source", "url"}
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", obj["date"])
        assert obj["title"] and obj["text"] and obj["source"]
        assert obj["url"].startswith("https://") and obj["id"] in obj["url"]
        assert not obj["text"].startswith(" date")
        ids.add(obj["id"])
    assert len(ids) == 50
    assert not (tmp_path / "corpus.jsonl.part").exists()
    with pytest.raises(FileExistsError):
        make_corpus(out, articles=5, entities=300, seed=3, jsonl=True)


def test_odd_files_when_asked(tmp_path):
    out = tmp_path / "odd"
    info = make_corpus(out, articles=50, entities=300, seed=4, odd_fraction=0.1)
    assert info["odd_files"] == {"control": 1, "cp1252": 2, "empty": 1, "no-header": 1}
    kinds = {"cp1252": 0, "empty": 0, "no-header": 0, "control": 0, "fine": 0}
    for p in out.rglob("*.txt"):
        data = p.read_bytes()
        if not data:
            kinds["empty"] += 1
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            assert HEADER.match(data.decode("cp1252"))
            kinds["cp1252"] += 1
            continue
        if not HEADER.match(text):
            kinds["no-header"] += 1
        elif "\x1b" in text:
            assert "[@click=app.quit]" in text
            kinds["control"] += 1
        else:
            kinds["fine"] += 1
    assert kinds == {"cp1252": 2, "empty": 1, "no-header": 1, "control": 1, "fine": 45}


def test_default_fraction_and_clean(tmp_path):
    info = make_corpus(tmp_path / "d", articles=50, entities=300, seed=4)
    assert sum(info["odd_files"].values()) == 1  # ceil(50 * 0.001)
    info = make_corpus(tmp_path / "c", articles=50, entities=300, seed=4, odd_fraction=0.0)
    assert info["odd_files"] == {}
    for p in (tmp_path / "c").rglob("*.txt"):
        text = p.read_bytes().decode("utf-8")
        assert HEADER.match(text) and "\x1b" not in text and "\x00" not in text


def test_distinct_names_grow_with_the_vocabulary(tmp_path):
    used = []
    for k, m in enumerate((20, 300, 5000, 200_000)):
        info = make_corpus(tmp_path / str(k), articles=50, entities=m, seed=1, odd_fraction=0)
        assert info["distinct_names"] <= m
        assert sum(info["distinct_by_type"].values()) == info["distinct_names"]
        used.append(info["distinct_names"])
    assert used == sorted(used) and used[-1] > 3 * used[0]
    # the summary counts names really in the text
    names = [n[0] for n in make_entity_names(20, 1)]
    corpus = fold("\n".join(texts(tmp_path / "0")))
    assert sum(fold(n) in corpus for n in names) == used[0]


def test_vocabulary_has_exactly_m_distinct_names():
    names = make_entity_names(130_000, seed=3)  # crosses the first person and town tiers
    assert len(names) == 130_000
    assert len({n[0] for n in names}) == 130_000
    assert all(isinstance(a, str) and a for n in names for a in n)
    joined = {n[0] for n in names}
    for expected in ("Vladimir Poutine", "OTAN", "Pékin", "Abou Dhabi", "États-Unis", "New Start"):
        assert expected in joined
    assert any(re.fullmatch(r"[A-Z]{3,5}", n) for n in joined)  # generated acronyms
    assert any(n.startswith(("Ministère ", "Banque centrale ")) for n in joined)
    assert any(n.startswith(("traité d", "accord d")) for n in joined)
    assert any(" de " in n or " Le " in n for n in joined if " " in n)  # particles
    types = mc.entity_types(130_000)
    assert len(types) == 130_000 and types[0] == "PER" and types[-1] == "MISC"
    assert names[types.index("ORG")] == ("OTAN",) and names[types.index("LOC")] == ("Moscou",)


def test_a_million_names_decode_lazily():
    voc = Vocabulary(1_000_000, seed=0)
    assert sum(voc.sizes.values()) == 1_000_000
    seen = set()
    for t in voc.TYPES:
        n = voc.sizes[t]
        for r in list(range(0, 300)) + list(range(n // 2, n // 2 + 300)) + list(range(n - 300, n)):
            seen.add(voc.name(t, r))
    assert len(seen) == 4 * 900
    # people past first name x surname: regnal names, middle initials, compound surnames
    sc = voc._sc
    start = len(mc.REAL_PERSONS) + sc["per0"].cap
    regnal = [voc.name("per", r) for r in range(start, start + 200)]
    assert all(re.fullmatch(r"\S+ (Ier|Ire|II|III|IV|V|VI)", n) for n in regnal)
    start += sc["per1"].cap
    initials = [voc.name("per", r) for r in range(start - 100, start + 300)]
    assert sum(bool(re.fullmatch(r"\S+ [A-Z]\. .+", n)) for n in initials) == 300
    start += sc["per2"].cap
    compound = [voc.name("per", r) for r in range(start, start + 300)]
    assert all(re.fullmatch(r"\S+ [^ ]+-[^ ]+", n) for n in compound)
    assert len(set(regnal + initials + compound)) == 200 + 400 + 300
    assert voc.sample("per", 0.0) == 0 and voc.sample("per", 0.999999999) < voc.sizes["per"]


def test_zipf_skew(tmp_path):
    out = tmp_path / "z"
    make_corpus(out, articles=100, entities=600, seed=9, odd_fraction=0)
    corpus = fold("\n".join(texts(out)))
    voc = Vocabulary(600, seed=9)
    counts = sorted(
        (corpus.count(fold(voc.name("per", r))) for r in range(voc.sizes["per"])), reverse=True
    )
    present = [c for c in counts if c]
    assert counts[0] >= 10 * statistics.median(present)
    assert len(present) > 30  # and a long tail
    # the frequency falls with the rank
    head = sum(corpus.count(fold(voc.name("per", r))) for r in range(10))
    tail = sum(corpus.count(fold(voc.name("per", r))) for r in range(200, 210))
    assert head > 10 * max(tail, 1)


def test_cli(tmp_path, capsys):
    out = tmp_path / "cli"
    assert (
        mc.main(["--articles", "12", "--entities", "100", "--seed", "2", "--clean", str(out)]) == 0
    )
    line = capsys.readouterr().out.strip()
    assert "12 articles" in line and "distinct entity names" in line and "MB" in line
    assert len(list(out.rglob("*.txt"))) == 12
    assert mc.main(["--articles", "12", str(out)]) == 2  # not empty: refuses
    assert "not empty" in capsys.readouterr().err
    assert mc.main(["--articles", "3", "--jsonl", "--json", str(tmp_path / "c.jsonl")]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["articles"] == 3 and info["format"] == "jsonl"
