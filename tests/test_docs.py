"""Every command and every option of the command line is documented in the README (in the
spirit of sqlite-utils' test_docs): the parsers are the source, the README must follow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.cli import COMMANDS, command_parser, global_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
# Options every command takes, documented once on the usage line.
GLOBAL = {"--corpus", "--config", "--json", "--no-cache"}


def _options(usage: str) -> set[str]:
    """The long options of an argparse usage line (-h/--help aside)."""
    return set(re.findall(r"\[(--[\w-]+)", usage)) - {"--help"}


def _parser_options(parser) -> set[str]:
    """The long options a parser knows (its usage line may be written by hand)."""
    return {o for a in parser._actions for o in a.option_strings if o.startswith("--")} - {"--help"}


def _section(title: str) -> str:
    """The README section under ``## title``, up to the next one."""
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert m, f"README has no section {title!r}"
    return m.group(1)


def _row(section: str, command: str) -> str:
    """The table row of ``section`` whose first cell starts with the command."""
    rows = re.findall(rf"^\| `{command}\b[^\n]*", section, re.M)
    assert rows, f"README: no table row for {command!r}"
    return rows[0]


def test_global_options_are_on_the_usage_line():
    usage = _section("Usage")
    first_block = usage.split("```")[1]
    for option in _parser_options(global_parser()):
        assert option in first_block, f"{option} is not on the README's usage line"


def test_the_parsers_know_the_global_options():
    """The list above is the parsers' own: a global option added to one is caught here."""
    assert _parser_options(global_parser()) - {"--version"} == GLOBAL
    for command in COMMANDS:
        assert GLOBAL <= _options(command_parser(command).format_usage())


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_and_its_options_are_in_the_usage_table(command):
    row = _row(_section("Usage"), command)
    for option in sorted(_options(command_parser(command).format_usage()) - GLOBAL):
        assert option in row, f"README: {option} of {command!r} is not in its row: {row}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_its_json_contract(command):
    _row(_section("JSON output (a contract)"), command)
