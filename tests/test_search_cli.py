"""`chronique search`: the JSON contract, the concordance, errors, filters, the index's reuse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from tui.cli import main

DOUANE = "000_d741c021dae1db9a"
COMMON = "de OR la OR le OR les OR et"


def run(capsys, *args, cache: bool = False):
    code = main([*([] if cache else ["--no-cache"]), *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args, cache: bool = False):
    code, out, err = run(capsys, *args, "--json", cache=cache)
    assert code in (0, 1), err
    return json.loads(out)


def texts(capsys) -> dict[str, str]:
    rows = run_json(capsys, "articles")
    return {r["id"]: run_json(capsys, "show", r["id"])["text"] for r in rows}


def test_json_fields_are_those_of_mentions_and_spans_index_the_text(capsys):
    hits = run_json(capsys, "search", "ukraine", "--limit", "0")
    assert hits and all(
        set(h) == {"article", "date", "start", "end", "surface", "context"} for h in hits
    )
    mention = run_json(capsys, "mentions", "lavrov")[0]
    assert set(hits[0]) <= set(mention)
    by_id = texts(capsys)
    for h in hits:
        text = by_id[h["article"]]
        assert text[h["start"] : h["end"]] == h["surface"]
        assert h["surface"].lower() == "ukraine"
        assert h["surface"] in h["context"]  # the sentence, as mentions gives it
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates)
    assert len(hits) == 14


def test_the_phrase_of_the_issue(capsys):
    hits = run_json(capsys, "search", '"droits de douane"')
    assert [(h["article"], h["date"], h["surface"]) for h in hits] == [
        (DOUANE, "2025-07-15", "droits de douane")
    ]
    assert "imposerait des droits de douane" in hits[0]["context"]
    # one shell argument of several words is the phrase too
    assert run_json(capsys, "search", "droits de douane") == hits
    # several arguments are several words, each a hit
    words = run_json(capsys, "search", "droits", "douane", "--limit", "0")
    assert {h["surface"].lower() for h in words} == {"droits", "douane"}


def test_minus_word_is_an_exclusion_not_an_option(capsys):
    with_russie = run_json(capsys, "search", "chine", "--limit", "0")
    assert with_russie
    code, out, err = run(capsys, "search", "chine", "-russie", "--json")
    assert code == 1 and json.loads(out) == []  # every seed mentions Russia
    assert "no hits" in err
    code, out, err = run(capsys, "search", "chine", "-douane", "--json")
    assert {h["article"] for h in json.loads(out)} == {h["article"] for h in with_russie} - {DOUANE}


@pytest.mark.parametrize(
    "bad",
    [
        ['"droits de'],
        ["-douane"],
        ["NEAR(a b"],
        ["OR"],
        ["gaz", "--since", "juillet"],
        ["gaz", "--limit", "-3"],
        ["gaz", "--since", "2026", "--until", "2025"],
    ],
)
def test_bad_queries_and_options_are_one_line_exit_2(capsys, bad):
    code, out, err = run(capsys, "search", *bad)
    assert code == 2 and out == ""
    assert err.startswith("chronique: error:") and err.count("\n") == 1
    assert "Traceback" not in err


def test_bad_query_in_a_real_process_has_no_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "--no-cache", "search", '"unclosed'],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "quote" in proc.stderr


def test_date_filters(capsys):
    every = run_json(capsys, "search", "chine", "--limit", "0")
    assert {h["date"] for h in every} == {"2024-05-16", "2025-07-15", "2026-02-04"}
    since = run_json(capsys, "search", "chine", "--since", "2025", "--limit", "0")
    assert {h["date"] for h in since} == {"2025-07-15", "2026-02-04"}
    until = run_json(capsys, "search", "chine", "--until", "2025-07", "--limit", "0")
    assert {h["date"] for h in until} == {"2024-05-16", "2025-07-15"}
    one_day = run_json(
        capsys, "search", "chine", "--since", "2025-07-15", "--until", "2025-07-15", "--limit", "0"
    )
    assert {h["date"] for h in one_day} == {"2025-07-15"}
    assert len(since) + len(until) - len(one_day) == len(every)


def test_entity_keeps_the_articles_that_mention_it(capsys):
    every = run_json(capsys, "search", "chine", "--limit", "0")
    mentions = run_json(capsys, "mentions", "lavrov")
    lavrov_articles = {m["article"] for m in mentions}
    assert 0 < len(lavrov_articles) < len({h["article"] for h in every})
    hits = run_json(capsys, "search", "chine", "--entity", "lavrov", "--limit", "0")
    assert hits and {h["article"] for h in hits} == lavrov_articles
    assert hits == [h for h in every if h["article"] in lavrov_articles]
    code, out, err = run(capsys, "search", "chine", "--entity", "zzzzqqqq", "--json")
    assert code == 1 and json.loads(out) == [] and "no entity" in err


def test_limit(capsys):
    every = run_json(capsys, "search", COMMON, "--limit", "0")
    assert len(every) > 200
    assert run_json(capsys, "search", COMMON) == every  # JSON: every hit by default
    code, out, err = run(capsys, "search", COMMON, "--limit", "5", "--json")
    assert json.loads(out) == every[:5]
    assert err.splitlines()[-1] == f"{len(every) - 5} more (--limit 0 for all)"


def test_concordance_in_a_pipe_is_plain_and_fits_the_width(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    code, out, err = run(capsys, "search", "ukraine", "--limit", "0")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 14
    assert "\x1b" not in out
    assert all(len(line) <= 72 for line in lines)
    at = [{i for i in range(len(line)) if line.lower().startswith("ukraine", i)} for line in lines]
    assert set.intersection(*at)  # the match in one column
    monkeypatch.setenv("COLUMNS", "160")
    wide = run(capsys, "search", "ukraine", "--limit", "0")[1].splitlines()
    assert max(map(len, wide)) > 120 and all(len(line) <= 160 for line in wide)


def test_concordance_marks_the_match_in_a_terminal_unless_no_color(capsys, monkeypatch):
    from tui import search_command

    rows = [
        {
            "article": "a",
            "date": "2025-07-15",
            "start": 3,
            "end": 6,
            "surface": "gaz",
            "context": "Le gaz.",
        }
    ]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    search_command._concordance(rows, ["Le gaz."])
    assert "\x1b[1mgaz\x1b[0m" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    search_command._concordance(rows, ["Le gaz."])
    assert "\x1b" not in capsys.readouterr().out


def write(folder: Path, name: str, date: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {name}\ndate: {date}\n---\n{body}\n", encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))  # not racy
    return path


def test_the_index_is_kept_in_the_cache_and_follows_the_files(capsys, tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    root.mkdir()
    write(root, "one.md", "2025-07-15", "Le gaz russe arrive.")
    write(root, "two.md", "2025-08-01", "Les droits de douane.")
    args = ("--corpus", str(root), "search")
    assert [h["article"] for h in run_json(capsys, *args, "gaz", cache=True)] == ["one"]
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "chronique"
    assert len(list(folder.glob("fulltext-*.sqlite"))) == 1  # in the cache, not in the corpus
    assert sorted(p.name for p in root.iterdir()) == ["one.md", "two.md"]
    # up to date: answered without loading the corpus
    import tui.loader

    def no_load(*a, **k):
        raise AssertionError("the corpus was loaded")

    with monkeypatch.context() as m:
        m.setattr(tui.loader, "load_corpus", no_load)
        assert [h["article"] for h in run_json(capsys, *args, "douane", cache=True)] == ["two"]
    write(root, "one.md", "2025-07-15", "Le pétrole arrive.")
    (root / "two.md").unlink()
    write(root, "three.md", "2024-01-01", "Gaz et douane.")
    assert [h["article"] for h in run_json(capsys, *args, "gaz", cache=True)] == ["three"]
    assert [h["article"] for h in run_json(capsys, *args, "petrole", cache=True)] == ["one"]
    assert [h["article"] for h in run_json(capsys, *args, "douane", cache=True)] == ["three"]


def test_search_command_is_listed(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "search" in capsys.readouterr().out.split("commands:")[1]


def test_an_up_to_date_index_answers_without_loading_or_importing_the_corpus(tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    for f in corpus.iterdir():  # older than the racy window, even on a fresh checkout
        os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns - 10_000_000_000))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    code = (
        "import sys, tui.loader as L; real = L.load_corpus; loads = []\n"
        "def counted(*a, **k):\n    loads.append(1); return real(*a, **k)\n"
        "L.load_corpus = counted\n"
        f"from tui.cli import main; rc = main(['--corpus', {str(corpus)!r}, 'search', 'ukraine',"
        " '--json'])\n"
        "print(len(loads), sorted(m for m in ('tui.search', 'textual', 'tui.store.cache') "
        "if m in sys.modules), file=sys.stderr); sys.exit(rc)"
    )
    first = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert first.returncode == 0, first.stderr
    assert "1 [" in first.stderr  # the first search loads the corpus to build the index
    again = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert again.returncode == 0 and json.loads(again.stdout) == json.loads(first.stdout)
    assert "0 []" in again.stderr  # not loaded; neither the matcher nor the cache imported


def test_a_json_lines_file_is_indexed_article_by_article(capsys, tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    lines = [
        {"id": "a1", "date": "2025-01-02", "title": "A", "text": "Le gaz de Sibérie."},
        {"id": "a2", "date": "2025-01-01", "title": "B", "text": "Le pétrole et le gaz."},
    ]
    path = root / "feed.jsonl"
    path.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))
    hits = run_json(capsys, "--corpus", str(root), "search", "gaz", cache=True)
    assert [(h["article"], h["date"]) for h in hits] == [("a2", "2025-01-01"), ("a1", "2025-01-02")]
    lines[1]["text"] = "Le charbon."
    path.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 5_000_000_000))
    assert [
        h["article"] for h in run_json(capsys, "--corpus", str(root), "search", "gaz", cache=True)
    ] == ["a1"]
    assert [
        h["article"]
        for h in run_json(capsys, "--corpus", str(root), "search", "siberie OR charbon", cache=True)
    ] == ["a2", "a1"]
