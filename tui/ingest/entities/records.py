"""What the extraction of one article holds: its entities, its mentions, and candidates."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter


@dataclass(slots=True)
class LocalEntity:
    """An entity as one article sees it."""

    key: str
    name: str  # the fullest surface seen in this article
    votes: dict[str, float] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    # Seen only as a lone capitalised word at a sentence start: accepted by the corpus only
    # if the name is known from elsewhere.
    weak: bool = True


@dataclass(slots=True)
class ArticleEntities:
    entities: dict[str, LocalEntity]
    # (start, end, key), sorted by start
    mentions: list[tuple[int, int, str]]


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    initial: bool  # starts a sentence
    forced_type: str | None = None

    def words(self, text: str) -> list[str]:
        return text[self.start : self.end].split()


_START = attrgetter("start")
