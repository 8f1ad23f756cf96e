"""Names whose type is known: the shipped gazetteer and the configured ones."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tui.ingest.french import slug
from tui.model import LOC


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: it keys caches
class Gazetteer:
    """Names whose type is known. ``names`` maps a key (slug) to (canonical name, type)."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    # alias key -> canonical key (e.g. "putin" -> "vladimir-poutine")
    aliases: dict[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()

    def lookup(self, key: str) -> tuple[str, str] | None:
        return self.names.get(self.aliases.get(key, key))

    def canonical_key(self, key: str) -> str:
        return self.aliases.get(key, key)

    def merged(self, other: Gazetteer) -> Gazetteer:
        """This gazetteer with ``other``'s entries added on top (other wins)."""
        return Gazetteer(
            {**self.names, **other.names},
            {**self.aliases, **other.aliases},
            self.ignore | other.ignore,
        )

    @classmethod
    def from_entries(
        cls, entries: list[tuple[str, str, list[str]]], ignore: Iterable[str] = ()
    ) -> Gazetteer:
        names: dict[str, tuple[str, str]] = {}
        aliases: dict[str, str] = {}
        for name, etype, alias_list in entries:
            key = slug(name)
            names[key] = (name, etype)
            for alias in alias_list:
                if slug(alias) != key:
                    aliases[slug(alias)] = key
        return cls(names, aliases, frozenset(slug(s) for s in ignore))


@lru_cache(maxsize=1)
def shipped_gazetteer() -> Gazetteer:
    from tui import safeyaml  # (PyYAML is imported only when a gazetteer is read)

    path = Path(__file__).resolve().parents[2] / "data" / "gazetteer.yaml"
    data = safeyaml.safe_load(path.read_text(encoding="utf-8"))
    entries = []
    for etype, items in data.items():
        for item in items:
            name, *aliases = (part.strip() for part in str(item).split("|"))
            entries.append((name, etype, aliases))
    return Gazetteer.from_entries(entries)


def _known_place(word_key: str, gaz: Gazetteer) -> bool:
    known = gaz.lookup(slug(word_key))
    return known is not None and known[1] == LOC


def _known_country(word_key: str, gaz: Gazetteer) -> bool:
    return word_key in ("france", "europe", "afrique", "monde") or _known_place(word_key, gaz)
