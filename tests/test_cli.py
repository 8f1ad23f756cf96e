"""The commands and their JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from spans import assert_spans

from tui.cli import main

CORPUS_ARGS = ["--no-cache"]


def run(capsys, *args):
    code = main([*CORPUS_ARGS, *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args):
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_articles_json_contract(capsys):
    rows = run_json(capsys, "articles")
    assert [r["id"] for r in rows] == [
        "004_fba018ab2f51b844",
        "000_d741c021dae1db9a",
        "001_bcc5deee8cb38373",
    ]
    assert set(rows[0]) >= {"id", "path", "date", "published", "title", "words"}
    assert rows[1]["date"] == "2025-07" and rows[1]["published"] == "2025-07-15"


def test_show_json_text_is_what_spans_index(capsys):
    art = run_json(capsys, "show", "000_d741c021dae1db9a")
    assert set(art) >= {"id", "date", "published", "title", "source", "text", "paragraphs"}
    mentions = run_json(capsys, "mentions", "--all")
    mine = [m for m in mentions if m["article"] == art["id"]]
    assert mine
    assert_spans(art["text"], [(m["start"], m["end"], m["surface"]) for m in mine])
    for p in art["paragraphs"]:
        assert art["text"][p["start"] : p["end"]].strip()


def test_entities_json_contract(capsys):
    rows = run_json(capsys, "entities")
    lavrov = next(r for r in rows if r["id"] == "serguei-lavrov")
    assert lavrov == {
        "id": "serguei-lavrov",
        "name": "Sergueï Lavrov",
        "type": "PER",
        "aliases": lavrov["aliases"],
        "mentions": 4,
        "articles": 2,
        "first": "2024-05-16",
        "last": "2025-07-15",
    }


def test_mentions_lavr_prints_four_mentions_with_sentences_and_dates(capsys):
    code, out, err = run(capsys, "mentions", "lavr")
    assert code == 0
    assert err.splitlines()[0] == "Sergueï Lavrov (PER): 4 mentions in 2 articles"
    assert out.count("]\tSergueï Lavrov\t") == 4 and len(out.splitlines()) == 4
    assert out.count("2025-07-15\t000_d741c021dae1db9a") == 3 and out.count("2024-05-16\t004_") == 1
    rows = run_json(capsys, "mentions", "lavr")
    assert len(rows) == 4 and {r["article"] for r in rows} == {
        "000_d741c021dae1db9a",
        "004_fba018ab2f51b844",
    }
    assert set(rows[0]) >= {
        "entity",
        "name",
        "article",
        "date",
        "start",
        "end",
        "surface",
        "context",
    }
    assert rows[0]["surface"] in rows[0]["context"]


def test_mentions_by_entity_id_and_unknown(capsys):
    rows = run_json(capsys, "mentions", "--entity", "wang-yi")
    assert [r["surface"] for r in rows] == ["Wang Yi"]
    code, _out, err = run(capsys, "mentions", "--entity", "nobody")
    assert code == 2 and "nobody" in err and len(err.strip().splitlines()) == 1


def test_check_exit_status(capsys, tmp_path):
    code, out, err = run(capsys, "check")
    assert code == 0 and "no problems" in err and out == ""
    (tmp_path / "ok.txt").write_text(" date 2024-01-01 Bonjour.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00binary")
    code, out, _ = run(capsys, "--corpus", str(tmp_path), "check")
    assert code == 1 and "binary" in out


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--corpus", "/nonexistent/x", "articles"], "corpus not found"),
        (["show"], "the following arguments are required: id"),
        (["frobnicate", "x"], "unknown command"),
        (["frobnicate"], "neither a command"),
        (["show", "nope"], "no article with id"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, args, needle):
    code, _out, err = run(capsys, *args)
    assert code == 2 and needle in err and len(err.strip().splitlines()) == 1


def test_bad_config_names_file_line_and_key(capsys, tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("corpus: .\nkeys:\n  next_mention: n\n  fly_away: x\n", encoding="utf-8")
    code, _out, err = run(capsys, "--config", str(cfg), "articles")
    assert code == 2 and f"{cfg}:4" in err and "keys.fly_away" in err and "unknown action" in err


def test_commands_do_not_import_textual():
    code = (
        "import sys; from tui.cli import main; "
        "main(['--no-cache', 'entities', '--json']); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual imported'"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)


def test_python_dash_m_works():
    res = subprocess.run(
        [sys.executable, "-m", "tui", "--no-cache", "articles"], capture_output=True, text=True
    )
    assert res.returncode == 0 and "3 articles" in res.stderr and len(res.stdout.splitlines()) == 3


def test_a_relative_corpus_path_is_the_same_corpus_as_its_absolute_path(
    capsys, monkeypatch, tmp_path
):
    """`chronique .` and `chronique ~/archive` share one cache snapshot: paths are absolute."""
    import shutil
    from pathlib import Path

    folder = tmp_path / "archive"
    shutil.copytree(Path(__file__).resolve().parent.parent / "corpus", folder)
    monkeypatch.chdir(tmp_path)
    rel = run_json(capsys, "--corpus", "archive", "articles")
    absolute = run_json(capsys, "--corpus", str(folder), "articles")
    assert rel == absolute and all(Path(r["path"]).is_absolute() for r in rel)
