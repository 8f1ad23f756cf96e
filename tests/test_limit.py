"""`--limit N` of `mentions`, `quotes`, `dates` and `search`: the first N records, the same as
the start of the full list; by default 200 in a terminal, every record in a pipe and as JSON;
"N more (--limit 0 for all)" last on stderr when records were left out."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CORPUS
from test_cli_output import in_terminal

from tui.cli import main
from tui.search_command import _count_rest
from tui.termout import TERMINAL_LIMIT, Terminal, record_limit

COMMON = "de OR la OR le OR les OR et"

# Each command with arguments that give more than a handful of records on the shipped corpus.
COMMANDS = [
    ("mentions", "--all"),
    ("mentions", "chine", "--all-matches"),
    ("mentions", "--entity", "chine"),  # one entity: only the mentions shown are made
    ("quotes", "--terms"),
    ("dates",),
    ("search", COMMON),
]


def run(capsys, *args):
    code = main(["--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out, err


def records(capsys, *args) -> list:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_json_gives_every_record_by_default_and_the_limit_takes_the_first(capsys, command):
    every = records(capsys, *command, "--limit", "0")
    assert len(every) > 20
    assert records(capsys, *command) == every  # no limit by default for programs
    for n in (1, 7, len(every), len(every) + 5):
        code, out, err = run(capsys, *command, "--limit", str(n), "--json")
        assert json.loads(out) == every[:n]
        left = len(every) - n
        if left > 0:
            assert err.splitlines()[-1] == f"{left} more (--limit 0 for all)"
        else:
            assert "more (--limit 0" not in err


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_pipe_gets_every_record_and_the_limit_cuts_the_same_lines(capsys, command):
    code, whole, err = run(capsys, *command)
    assert code == 0 and "more (--limit 0" not in err
    lines = whole.splitlines()
    assert len(lines) == len(records(capsys, *command))  # one record a line in a pipe
    code, cut, err = run(capsys, *command, "--limit", "5")
    assert cut.splitlines() == lines[:5]
    assert err.splitlines()[-1] == f"{len(lines) - 5} more (--limit 0 for all)"
    assert "more" not in cut  # the remark is on stderr: stdout holds only records


def test_citations_are_limited_too(capsys):
    code, whole, _err = run(capsys, "quotes", "--cite")
    code, cut, err = run(capsys, "quotes", "--cite", "--limit", "3")
    assert cut.splitlines() == whole.splitlines()[:3]
    assert err.splitlines()[-1] == f"{len(whole.splitlines()) - 3} more (--limit 0 for all)"


@pytest.mark.parametrize("command", ["mentions", "quotes", "dates", "search"])
@pytest.mark.parametrize("bad", ["-1", "deux", "2.5"])
def test_a_bad_limit_is_a_one_line_usage_error(capsys, command, bad):
    query = {"mentions": ["lavr"], "search": ["gaz"]}.get(command, [])
    code, out, err = run(capsys, command, *query, "--limit", bad)
    assert code == 2 and out == ""
    assert err.startswith("chronique: error:") and err.count("\n") == 1 and "--limit" in err


def test_the_default_depends_on_where_the_text_goes():
    tty, pipe = Terminal(80, False), Terminal(None, False)
    assert record_limit(None, json=False, term=tty) == TERMINAL_LIMIT == 200
    assert record_limit(None, json=False, term=pipe) is None
    assert record_limit(None, json=True, term=tty) is None
    assert record_limit(0, json=False, term=tty) is None
    assert record_limit(7, json=True, term=pipe) == 7


def test_in_a_terminal_the_first_200_and_how_many_more(tmp_path):
    """Three copies of the seeds give more than 200 mentions: a terminal shows 200."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(3):
        for f in sorted(CORPUS.iterdir()):
            shutil.copy(f, corpus / f"{copy}-{f.name}")
    out, err = in_terminal("--corpus", str(corpus), "mentions", "--all", columns=100)
    spans = [line for line in out.splitlines() if "[" in line and ":" in line and "]" in line]
    total = int(err.split("all ")[1].split()[0])
    assert total > TERMINAL_LIMIT
    assert len(spans) == TERMINAL_LIMIT
    assert err.splitlines()[-1] == f"{total - TERMINAL_LIMIT} more (--limit 0 for all)"
    out, err = in_terminal(
        "--corpus", str(corpus), "mentions", "--all", "--limit", "0", columns=100
    )
    assert "more (--limit 0" not in err
    assert len([line for line in out.splitlines() if "[" in line and "]" in line]) >= total


def test_search_in_a_terminal_shows_200_hits():
    out, err = in_terminal("search", COMMON, columns=100)
    assert len(out.splitlines()) == TERMINAL_LIMIT
    assert err.splitlines()[0] == f"{TERMINAL_LIMIT} hits"
    assert err.splitlines()[-1].endswith(" more (--limit 0 for all)")


def test_counting_the_hits_left_out_stops_at_its_time_budget():
    assert _count_rest(iter(range(1000))) == (1000, False)
    assert _count_rest(iter(range(0))) == (0, False)
    n, at_least = _count_rest(iter(range(100_000)), budget=-1.0)
    assert at_least and 0 < n < 100_000
