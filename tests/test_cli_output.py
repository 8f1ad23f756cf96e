"""The CLI's text output in a terminal and in a pipe: records one per line in a pipe, the
terminal's width in a terminal, mentions emphasised without quote-like marks, summaries on
stderr, corpus strings never reaching the terminal as control sequences."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main
from tui.termout import clean, terminal

ROOT = Path(__file__).resolve().parent.parent
ESC = "\x1b"
BOLD_UNDERLINE = "\x1b[1;4m"


def run(capsys, *args):
    code = main(["--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out, err


def in_terminal(*args: str, columns: int, env: dict[str, str] | None = None) -> tuple[str, str]:
    """Run chronique with stdout on a pseudo-terminal of ``columns`` columns."""
    master, slave = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environ.update({"COLUMNS": str(columns), "LINES": "40", "TERM": "xterm", **(env or {})})
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "--no-cache", *args],
        stdout=slave,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        env=environ,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 0, err
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), err


def test_mentions_in_a_pipe_are_one_record_a_line_without_marks(capsys):
    code, out, err = run(capsys, "mentions", "lavr")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 4
    for line in lines:
        date, article, span, surface, sentence = line.split("\t")
        assert surface == "Sergueï Lavrov" and surface in sentence
        assert date[:4] in ("2024", "2025") and article.endswith(
            ("_d741c021dae1db9a", "_fba018ab2f51b844")
        )
        assert span.startswith("[") and span.endswith("]")
    assert "»" not in out and "«" not in out.replace("« ", "") and ESC not in out
    # The summary is on stderr: stdout is data.
    assert "Sergueï Lavrov (PER): 4 mentions in 2 articles" in err and "mentions in" not in out


@pytest.mark.parametrize(
    "args,summary",
    [
        (["articles"], "3 articles"),
        (["entities"], " entities"),
        (["dates"], " temporal expressions"),
        (["quotes"], " quotations"),
        (["check"], "no problems found"),
    ],
)
def test_summaries_go_to_stderr(capsys, args, summary):
    code, out, err = run(capsys, *args)
    assert code == 0 and summary in err and summary not in out
    if args == ["check"]:
        assert out == ""  # no problem: no record
    else:
        assert out.strip() and all("\t" in line for line in out.splitlines())


def test_mentions_in_a_terminal_use_its_width_and_bold_underline():
    narrow, _ = in_terminal("mentions", "lavr", columns=60)
    wide, _ = in_terminal("mentions", "lavr", columns=160)
    for out, columns in ((narrow, 60), (wide, 160)):
        plain = out.replace(BOLD_UNDERLINE, "").replace("\x1b[0m", "")
        assert max(len(line) for line in plain.splitlines()) <= columns
        assert out.count(BOLD_UNDERLINE + "Sergueï Lavrov\x1b[0m") == 4
        assert "»" not in out
    assert len(narrow.splitlines()) > len(wide.splitlines())
    # Longest line of the wide output is longer than 100 columns: not a fixed 100.
    assert max(len(line) for line in wide.splitlines()) > 100


def test_no_color_means_no_escape_codes_in_a_terminal():
    out, _ = in_terminal("mentions", "lavr", columns=80, env={"NO_COLOR": "1"})
    assert ESC not in out and "»" not in out and out.count("Sergueï Lavrov") >= 8


def test_several_matching_entities_are_named_and_all_matches_takes_them_all(capsys):
    code, out, err = run(capsys, "mentions", "wang", "--json")
    assert code == 0
    assert {r["name"] for r in json.loads(out)} == {"Wang Yi"}
    assert "Wang Zhao" in err and "--all-matches" in err
    code, out, err = run(capsys, "mentions", "wang", "--all-matches", "--json")
    rows = json.loads(out)
    assert {r["name"] for r in rows} == {"Wang Yi", "Wang Zhao"}
    assert [(r["article"], r["start"]) for r in rows] == sorted(
        [(r["article"], r["start"]) for r in rows],
        key=lambda k: (
            ["004_fba018ab2f51b844", "000_d741c021dae1db9a", "001_bcc5deee8cb38373"].index(k[0]),
            k[1],
        ),
    )
    # One entity matching: nothing to say.
    _code, _out, err = run(capsys, "mentions", "lavr", "--json")
    assert "match" not in err


def test_quotes_speaker_names_the_other_matches(capsys):
    code, _out, err = run(capsys, "quotes", "--speaker", "chine")
    assert "Chine nouvelle" in err or code == 1


@pytest.fixture
def hostile_names(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    text = " date 2024-05-16 Sergueï Lavrov a rencontré Wang Yi à Pékin, a indiqué l'agence.\n"
    (folder / f"esc_{ESC}[31mred.txt").write_text(text, encoding="utf-8")
    (folder / "bell_\x07_\x9b2J.txt").write_text(text, encoding="utf-8")
    (folder / "title.md").write_text(
        f'---\ntitle: "rouge \\e[31m et \\u009b2J fin"\ndate: 2024-05-17\n---\n{text[17:]}',
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["articles"],
        ["mentions", "lavr"],
        ["mentions", "--all"],
        ["dates"],
        ["quotes"],
        ["check"],
        ["entities"],
        ["quotes", "--cite"],
    ],
)
def test_corpus_strings_never_reach_the_terminal_as_control_sequences(capsys, hostile_names, args):
    code, out, err = run(capsys, "--corpus", str(hostile_names), *args)
    assert code in (0, 1)
    for stream in (out, err):
        assert not any(ch in stream for ch in (ESC, "\x07", "\x9b")), repr(stream)
    if args in (["articles"], ["mentions", "lavr"]):
        assert out.count("esc_\ufffd[31mred") >= 1 and "bell_\ufffd_\ufffd2J" in out


def test_show_cleans_the_title_and_path(capsys, hostile_names):
    code, out, _ = run(capsys, "--corpus", str(hostile_names), "articles", "--json")
    ids = [r["id"] for r in json.loads(out)]
    assert f"esc_{ESC}[31mred" in ids  # JSON keeps the id as it is (escaped by JSON itself)
    for aid in ids:
        code, out, err = run(capsys, "--corpus", str(hostile_names), "show", aid)
        assert code == 0 and ESC not in out and "\x9b" not in out


def test_json_output_escapes_c1_controls_but_keeps_the_value(capsys, hostile_names):
    code, out, _ = run(capsys, "--corpus", str(hostile_names), "articles", "--json")
    assert "\x9b" not in out and ESC not in out
    titles = {r["title"] for r in json.loads(out)}
    assert any("\x9b" in t or "\ufffd" in t for t in titles)


def test_clean_replaces_every_control_character_and_keeps_the_rest():
    assert clean("Sergueï «Lavrov» – 日本") == "Sergueï «Lavrov» – 日本"
    assert clean("a\x1b[31mb\x9bc\x00d\x7fe") == "a\ufffd[31mb\ufffdc\ufffdd\ufffde"
    assert clean("one\ntwo\tthree") == "one two three"
    assert clean("\udcff\u202e") == "\ufffd\ufffd"
    assert clean(None) == ""


def test_a_pipe_is_not_a_terminal(tmp_path):
    with open(tmp_path / "out", "w") as f:
        assert terminal(f).width is None
