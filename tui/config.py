"""config.yaml -> a validated ``Config``. Every error names the file, the line and the key.

Paths in the file are relative to the file itself, so ``chronique`` works from any folder.
YAML is read with the safe loader only.

A start pays for neither YAML nor the gazetteers when it can: the shipped configuration's
text comes with its parse (``default_config.json``, kept equal by the tests), so a config
file with exactly that text is not parsed again, and ``Config.gazetteer`` (the shipped
gazetteer with the configured names on top) is made on first use: only an ingest or a
build needs it, not a start from the cache.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.citation import DEFAULT_SENTENCE_TEMPLATE, DEFAULT_TEMPLATE, validate_template
from tui.model import ENTITY_TYPES

if TYPE_CHECKING:
    from tui.ingest.entities import Gazetteer

# The built-in configuration, shipped inside the package (a copy of the documented example,
# config.yaml at the top of the source tree; its corpus is the bundled example corpus).
DEFAULT_CONFIG = Path(__file__).resolve().parent / "data" / "default_config.yaml"
# Its text and what it parses to (tests/test_config.py keeps them equal to the YAML file).
DEFAULT_PARSED = DEFAULT_CONFIG.with_suffix(".json")
# The name looked for in the working folder when no --config is given.
LOCAL_CONFIG = "config.yaml"

# Actions the app can bind, with their default keys (design.md). The app reads this table;
# config.yaml may rebind any of them.
DEFAULT_KEYS: dict[str, str] = {
    "focus_filter": "slash",
    "text_search": "s",
    "sort_hits": "o",
    "next_mention": "n",
    "prev_mention": "N",
    "next_article": "right_square_bracket",
    "prev_article": "left_square_bracket",
    "toggle_events": "t",
    "article_entities": "e",
    "related_entities": "r",
    "quotes": "Q",
    "copy": "y",
    "help": "question_mark",
    "switch_pane": "w",
    "reload": "R",
    "quit": "q",
}

# The citation templates and their fields are tui/citation.py's.
DEFAULT_QUOTE_CITATION = DEFAULT_TEMPLATE
DEFAULT_SENTENCE_CITATION = DEFAULT_SENTENCE_TEMPLATE


class ConfigError(Exception):
    """A problem in a configuration file, located as precisely as possible."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, key: str | None = None
    ):
        self.path, self.line, self.key, self.message = str(path), line, key, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {key + ': ' if key else ''}{message}")


# The gazetteer section, validated: (name, type, aliases) entries and names to ignore.
GazetteerEntries = tuple[tuple[tuple[str, str, tuple[str, ...]], ...], tuple[str, ...]]


@dataclass(frozen=True)
class Config:
    path: Path | None
    corpus: Path | None
    gazetteer_entries: GazetteerEntries = ((), ())
    keys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))
    quote_citation: str = DEFAULT_QUOTE_CITATION
    sentence_citation: str = DEFAULT_SENTENCE_CITATION
    cache: bool = True
    cache_dir: Path | None = None
    # The raw text of the file, hashed into the cache key: a config change re-ingests.
    fingerprint: str = ""

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """The shipped gazetteer with the configured names on top (made on first use)."""
        from tui.ingest.entities import Gazetteer, shipped_gazetteer

        entries, ignore = self.gazetteer_entries
        if not entries and not ignore:
            return shipped_gazetteer()  # the same object: the extraction's caches key on it
        configured = Gazetteer.from_entries([(n, t, list(a)) for n, t, a in entries], ignore)
        return shipped_gazetteer().merged(configured)


def default_config() -> Config:
    return Config(None, None)


def config_path(explicit: Path | str | None = None) -> Path:
    """The configuration to use: the one given, else ./config.yaml when the working folder has
    one, else the built-in one (which an installed package always has)."""
    if explicit is not None:
        return Path(explicit)
    try:
        local = Path.cwd() / LOCAL_CONFIG
    except OSError:  # the working folder was removed
        return DEFAULT_CONFIG
    return local if local.is_file() else DEFAULT_CONFIG


def load_config(path: Path | str | None = None) -> Config:
    """Read a config file (the shipped one when None). Raises ConfigError."""
    path = Path(path) if path is not None else DEFAULT_CONFIG
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(path, f"unreadable: {err}") from None
    data = _shipped_parse(text)
    if data is None:
        from tui import safeyaml

        try:
            data = safeyaml.safe_load(text)
        except safeyaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            reason = getattr(err, "problem", None) or str(err).splitlines()[0]
            raise ConfigError(
                path, f"invalid YAML: {reason}", mark.line + 1 if mark else None
            ) from None
    if data is None:
        data = {}
    reader = _Reader(path, text)
    if not isinstance(data, dict):
        raise reader.error([], "expected a mapping of settings at the top level")
    known = {"corpus", "gazetteer", "keys", "citation", "cache"}
    for key in data:
        if key not in known:
            raise reader.error(
                [key], f"unknown setting (expected one of: {', '.join(sorted(known))})"
            )

    corpus = None
    if data.get("corpus") is not None:
        value = reader.expect(data, ["corpus"], str)
        corpus = (path.parent / os.path.expanduser(value)).resolve()

    gazetteer = _read_gazetteer(reader, data.get("gazetteer"))
    keys = _read_keys(reader, data.get("keys"))

    quote_citation, sentence_citation = DEFAULT_QUOTE_CITATION, DEFAULT_SENTENCE_CITATION
    citation = data.get("citation")
    if citation is not None:
        reader.expect(data, ["citation"], dict)
        for name in citation:
            if name not in ("quote", "sentence"):
                raise reader.error(
                    ["citation", name], "unknown setting (expected quote or sentence)"
                )
        if "quote" in citation:
            quote_citation = _template(reader, citation, "quote")
        if "sentence" in citation:
            sentence_citation = _template(reader, citation, "sentence")

    cache, cache_dir = True, None
    if data.get("cache") is not None:
        section = reader.expect(data, ["cache"], dict)
        for name in section:
            if name not in ("enabled", "dir"):
                raise reader.error(["cache", name], "unknown setting (expected enabled or dir)")
        if "enabled" in section:
            cache = reader.expect(section, ["cache", "enabled"], bool)
        if section.get("dir") is not None:
            cache_dir = (
                path.parent / os.path.expanduser(reader.expect(section, ["cache", "dir"], str))
            ).resolve()

    return Config(
        path, corpus, gazetteer, keys, quote_citation, sentence_citation, cache, cache_dir, text
    )


def _template(reader: _Reader, section: dict, name: str) -> str:
    value = reader.expect(section, ["citation", name], str)
    try:
        validate_template(value)
    except ValueError as err:
        raise reader.error(["citation", name], str(err)) from None
    return value


def _shipped_parse(text: str) -> Any:
    """What ``text`` parses to when it is the shipped configuration's, else None."""
    try:
        shipped = json.loads(DEFAULT_PARSED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(shipped, dict) or shipped.get("text") != text:
        return None
    return shipped.get("data")


def _read_gazetteer(reader: _Reader, section) -> GazetteerEntries:
    if section is None:
        return ((), ())
    if not isinstance(section, dict):
        raise reader.error(["gazetteer"], "expected a mapping with 'entities' and/or 'ignore'")
    for name in section:
        if name not in ("entities", "ignore"):
            raise reader.error(["gazetteer", name], "unknown setting (expected entities or ignore)")
    entries = []
    for i, item in enumerate(section.get("entities") or []):
        where = ["gazetteer", "entities", i]
        if not isinstance(item, dict):
            raise reader.error(where, "expected a mapping with name, type and aliases")
        for name in item:
            if name not in ("name", "type", "aliases"):
                raise reader.error([*where, name], "unknown field (expected name, type, aliases)")
        if not isinstance(item.get("name"), str) or not item["name"].strip():
            raise reader.error(
                [*where, "name"] if "name" in item else where, "expected a non-empty name"
            )
        etype = str(item.get("type", "")).upper()
        if etype not in ENTITY_TYPES:
            raise reader.error(
                [*where, "type"] if "type" in item else where,
                f"expected a type among {', '.join(ENTITY_TYPES)}",
            )
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise reader.error([*where, "aliases"], "expected a list of names")
        entries.append((item["name"].strip(), etype, tuple(aliases)))
    ignore = section.get("ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(a, str) for a in ignore):
        raise reader.error(["gazetteer", "ignore"], "expected a list of names")
    return tuple(entries), tuple(ignore)


def _read_keys(reader: _Reader, section) -> dict[str, str]:
    keys = dict(DEFAULT_KEYS)
    if section is None:
        return keys
    if not isinstance(section, dict):
        raise reader.error(["keys"], "expected a mapping of action: key")
    for action, key in section.items():
        if action not in DEFAULT_KEYS:
            raise reader.error(
                ["keys", action],
                f"unknown action (expected one of: {', '.join(sorted(DEFAULT_KEYS))})",
            )
        if not isinstance(key, str) or not key.strip():
            raise reader.error(["keys", action], "expected a key name such as 'n' or 'ctrl+n'")
        keys[action] = key.strip()
    seen: dict[str, str] = {}
    for action, key in keys.items():
        if key in seen:
            culprit = action if action in section else seen[key]
            raise reader.error(
                ["keys", culprit], f"key {key!r} is bound to both {seen[key]} and {action}"
            )
        seen[key] = action
    return keys


class _Reader:
    """Finds the line of a key path in the composed YAML tree, for error messages (the tree
    is composed only then: a valid file is parsed once)."""

    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text

    def line_of(self, keys: list) -> int | None:
        import yaml

        from tui import safeyaml

        node, line = safeyaml.compose(self.text), None
        if node is not None:
            line = node.start_mark.line + 1
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == str(key):
                        line, node = k.start_mark.line + 1, v
                        break
                else:
                    return line
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(key, int)
                and key < len(node.value)
            ):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def error(self, keys: list, message: str) -> ConfigError:
        dotted = ".".join(str(k) if not isinstance(k, int) else f"[{k}]" for k in keys).replace(
            ".[", "["
        )
        return ConfigError(self.path, message, self.line_of(keys), dotted or None)

    def expect(self, section: dict, keys: list, kind: type):
        value = section[keys[-1]]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            names = {str: "a string", bool: "true or false", dict: "a mapping", list: "a list"}
            raise self.error(keys, f"expected {names.get(kind, kind.__name__)}, got {value!r}")
        return value
