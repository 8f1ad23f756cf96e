"""Command line: the non-interactive commands and their JSON contract; with no command, the app.

Nothing here imports textual except ``_run_app``, so every command starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tui import __version__
from tui.config import ConfigError, config_path, load_config
from tui.output import UsageError

# tui.termout (terminal output: its control-character cleaning and record layout) is imported
# where a command or an error message uses it: not by a start of the app.

# Each command with its one-line help (``chronique --help`` lists them).
COMMAND_HELP = {
    "articles": "list the articles: date, id, title, in date order",
    "show": "print one article (ID from 'articles')",
    "entities": "list the entities: type, name, mentions, articles, first and last date, aliases",
    "mentions": "each mention of an entity with its article, date and sentence",
    "dates": "the temporal expressions found in the text, resolved to dates",
    "quotes": "the quotations with their speakers, or ready-to-paste citations (--cite)",
    "search": "every place the words are in the articles' text, in date order (a concordance)",
    "check": "problems in the configuration and the corpus; exit status 1 if any",
}
COMMANDS = tuple(COMMAND_HELP)

_QUERY_HELP = (
    "an entity query: fuzzy by default; 'exact ^prefix suffix$ !not a|b (or) @per @org @loc @misc"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2
        raise UsageError(message)


def _common_options(p: argparse.ArgumentParser) -> None:
    """The options every command takes, before or after the command's name."""
    p.add_argument("--corpus", metavar="PATH", help="the corpus: a folder of articles or one file")
    p.add_argument(
        "--config",
        metavar="FILE",
        help="the configuration file (default: ./config.yaml if present, else the built-in one)",
    )
    p.add_argument("--json", action="store_true", help="print JSON for programs instead of text")
    p.add_argument(
        "--no-cache", action="store_true", help="ingest every file afresh, without the cache"
    )


def _count(value: str) -> int:
    """``--limit N``: a whole number, 0 or more."""
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r}: give 0 (all) or a positive number")
    return n


def _limit_option(p: argparse.ArgumentParser, what: str) -> None:
    from tui.termout import TERMINAL_LIMIT

    p.add_argument(
        "--limit",
        metavar="N",
        type=_count,
        help=f"{what} printed (0: all); by default {TERMINAL_LIMIT} in a terminal, "
        "all in a pipe or with --json",
    )


def global_parser() -> _Parser:
    commands = "\n".join(f"  {name:<10}{text}" for name, text in COMMAND_HELP.items())
    p = _Parser(
        prog="chronique",
        usage="chronique [OPTIONS] [COMMAND [ARGS...] | PATH]",
        description="Explore a corpus of news articles: timeline, reader, entities, quotes. "
        "With no command the app opens on the corpus (PATH, --corpus, the configuration's "
        "corpus, else the bundled example).",
        epilog=f"commands:\n{commands}\n\n'chronique COMMAND --help' gives a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common_options(p)
    p.add_argument("--version", action="version", version=f"chronique {__version__}")
    p.add_argument(
        "rest",
        nargs=argparse.REMAINDER,
        metavar="COMMAND | PATH",
        help="a command (below) and its arguments, or a corpus to open in the app",
    )
    return p


def command_parser(command: str) -> _Parser:
    p = _Parser(prog=f"chronique {command}", description=COMMAND_HELP[command].capitalize() + ".")
    _common_options(p)
    if command == "show":
        p.add_argument("id", help="the article's id, as 'chronique articles' lists it")
    elif command == "mentions":
        p.add_argument("query", nargs="*", metavar="QUERY", help=_QUERY_HELP)
        p.add_argument("--entity", metavar="ID", help="the entity with this id (from 'entities')")
        p.add_argument("--all", action="store_true", help="every mention of every entity")
        p.add_argument(
            "--all-matches",
            action="store_true",
            help="the mentions of every entity the query matches, not only the best match",
        )
        _limit_option(p, "mentions")
    elif command == "quotes":
        p.add_argument("--speaker", metavar="QUERY", help="only the quotations of this entity")
        p.add_argument(
            "--all-matches",
            action="store_true",
            help="with --speaker: every entity the query matches, not only the best match",
        )
        p.add_argument(
            "--cite",
            action="store_true",
            help="one ready-to-paste citation per line (the app's 'y' copies the same)",
        )
        p.add_argument("--terms", action="store_true", help="include scare-quoted terms")
        _limit_option(p, "quotations (or citations)")
    elif command == "search":
        p.add_argument(
            "query", nargs="+", help='words, "a phrase", word*, -word, a OR b, NEAR(a b, 5)'
        )
        p.add_argument("--since", metavar="DATE", help="articles from this date (YYYY[-MM[-DD]])")
        p.add_argument("--until", metavar="DATE", help="articles up to this date, included")
        p.add_argument("--entity", metavar="QUERY", help="only articles that mention this entity")
        _limit_option(p, "hits")
    elif command == "dates":
        _limit_option(p, "temporal expressions")
    elif command == "entities":
        p.add_argument(
            "--type",
            choices=["PER", "ORG", "LOC", "MISC", "per", "org", "loc", "misc"],
            metavar="TYPE",
            help="only this type: PER, ORG, LOC or MISC",
        )
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except UsageError as err:
        from tui.termout import clean

        print(f"chronique: error: {clean(err)}", file=sys.stderr)
        return 2
    except ConfigError as err:
        from tui.termout import clean

        print(f"chronique: config error: {clean(err)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def _main(argv: list[str]) -> int:
    top = global_parser().parse_args(argv)
    rest = top.rest
    command = rest[0] if rest and rest[0] in COMMANDS else None
    if command is None:
        if len(rest) > 1 or (rest and rest[0].startswith("-")):
            raise UsageError(
                f"unknown command or extra arguments: {' '.join(rest)} (commands: {', '.join(COMMANDS)})"
            )
        if rest:
            if top.corpus:
                raise UsageError("give the corpus either as PATH or with --corpus, not both")
            top.corpus = rest[0]
        args = top
    else:
        words = rest[1:]
        if command == "search":  # `-word` excludes a word: it is not an option
            words = [
                _negated(w) if w[:1] == "-" and w[1:2] not in ("", "-", "h") else w for w in words
            ]
        args = command_parser(command).parse_args(words)
        for name in ("json", "no_cache"):
            setattr(args, name, getattr(args, name) or getattr(top, name))
        for name in ("corpus", "config"):
            setattr(args, name, getattr(args, name) or getattr(top, name))
    config = load_config(config_path(args.config))
    # Absolute, as the config's corpus is: the cache snapshot is keyed by the root's spelling
    # (article paths are stored as found), and `chronique .` then `chronique ~/archive` must
    # not rebuild a 100,000-article corpus each time.
    root = Path(os.path.abspath(Path(args.corpus).expanduser())) if args.corpus else config.corpus
    if root is None:
        raise UsageError("no corpus: give --corpus PATH or set 'corpus' in the config file")
    if not root.exists():
        if command is None and rest and "/" not in rest[0] and "." not in rest[0]:
            # `chronique frob`: more likely a mistyped command than a missing folder.
            raise UsageError(
                f"{rest[0]!r} is neither a command ({', '.join(COMMANDS)}) nor a corpus path"
            )
        raise UsageError(f"corpus not found: {root}")
    if command is None:
        return _run_app(root, config, use_cache=not args.no_cache)

    if command == "search":  # answered from the full-text index; it loads the corpus if needed
        from tui.search_command import cmd_search

        return cmd_search(root, config, args, load=lambda: _load(root, config, args))
    corpus = _load(root, config, args)
    from tui import commands

    return getattr(commands, f"cmd_{command}")(corpus, args, config)


def _negated(word: str) -> str:
    rest = word[1:]
    return f'NOT "{rest}"' if any(c.isspace() for c in rest) and '"' not in rest else f"NOT {rest}"


def _load(root: Path, config, args):
    from tui.loader import load_corpus

    progress = _terminal_progress() if sys.stderr.isatty() else None
    corpus = load_corpus(
        root, config, use_cache=not args.no_cache, progress=progress, warn=_warn_cleaned
    )
    if progress:
        progress(0, 0, "done")
    return corpus


def _warn_cleaned(message: str) -> None:
    """The loader's warnings (they may name corpus files) on stderr, control characters
    replaced."""
    from tui.termout import clean

    print(f"chronique: warning: {clean(message)}", file=sys.stderr)


def _terminal_progress():
    """A one-line progress bar on stderr, shown only for loads that take a while."""
    import time

    started = time.monotonic()
    state = {"shown": False}

    def progress(done: int, total: int, phase: str) -> None:
        if phase == "done":
            if state["shown"]:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()
            return
        if time.monotonic() - started < 0.5 or total == 0:
            return
        state["shown"] = True
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{phase} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    return progress


def _run_app(root: Path, config, use_cache: bool = True) -> int:
    try:
        from tui.app.app import run_app
    except ImportError as err:  # pragma: no cover - the app is part of the package
        print(f"chronique: the app is not available: {err}", file=sys.stderr)
        return 2
    return run_app(root, config, use_cache=use_cache)
