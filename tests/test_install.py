"""A regular install works: the default configuration and the example corpus ship inside the
package, and a built wheel runs a lookup from outside the source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import tui.cli as cli
from tui.config import DEFAULT_CONFIG, config_path, load_config

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tui"


def test_the_bundled_corpus_is_the_seeds_byte_for_byte():
    seeds = sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))
    bundled = sorted(p.name for p in (PACKAGE / "data" / "corpus").glob("*.txt"))
    assert seeds and bundled == seeds
    for name in seeds:
        assert (PACKAGE / "data" / "corpus" / name).read_bytes() == (
            ROOT / "corpus" / name
        ).read_bytes()


def test_the_builtin_configuration_is_the_documented_example():
    assert DEFAULT_CONFIG.is_relative_to(PACKAGE)
    assert DEFAULT_CONFIG.read_bytes() == (ROOT / "config.yaml").read_bytes()
    assert load_config().corpus == (PACKAGE / "data" / "corpus").resolve()


def test_which_configuration_is_used(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert config_path() == DEFAULT_CONFIG
    (tmp_path / "config.yaml").write_text("corpus: here\n", encoding="utf-8")
    assert config_path() == tmp_path / "config.yaml"
    assert load_config(config_path()).corpus == (tmp_path / "here").resolve()
    other = tmp_path / "other.yaml"
    assert config_path(str(other)) == other


def test_no_corpus_and_no_config_opens_the_bundled_example(tmp_path, monkeypatch):
    opened = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        cli, "_run_app", lambda root, config, use_cache=True: opened.append(root) or 0
    )
    assert cli.main([]) == 0
    assert opened == [(PACKAGE / "data" / "corpus").resolve()]


def test_a_built_wheel_runs_a_lookup_outside_the_source_tree(tmp_path):
    """What `pip install .` (not -e) gives: only the wheel's files, run from another folder.
    (.ci/run does the same with a real fresh venv and the dependencies installed.)"""
    # Built from a copy: pip builds in the source folder, whose build/ may hold stale files.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".*", "build", "dist", "*.egg-info", "__pycache__", "out"),
    )
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(wheels),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("chronique-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import tui; "
        "assert tui.__file__.startswith(sys.argv[1]), tui.__file__; "
        "from tui.cli import main; sys.exit(main(['mentions', 'lavr', '--json']))"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert len(rows) == 4 and {r["name"] for r in rows} == {"Sergueï Lavrov"}


@pytest.mark.parametrize("command", cli.COMMANDS)
def test_every_command_and_option_has_a_one_line_help(command, capsys):
    parser = cli.command_parser(command)
    for action in parser._actions:
        assert action.help and "\n" not in action.help, (command, action.dest)
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: chronique {command}")
    assert " ".join(cli.COMMAND_HELP[command].lower().split()) in " ".join(out.lower().split())


def test_the_global_help_names_commands_not_a_bare_rest(capsys):
    for action in cli.global_parser()._actions:
        assert action.help, action.dest
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "rest" not in out.split()
    for command, text in cli.COMMAND_HELP.items():
        assert f"{command:<10}{text}" in out
