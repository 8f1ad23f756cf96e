"""The model's small records as JSON field lists, for the two places that store ingest results
compactly: the per-file cache (tui/cache.py) and the packed articles a cold load holds until
the corpus is built (tui/corpus.py). One place knows the order of the fields."""

from __future__ import annotations

from tui.ingest.entities import LocalEntity
from tui.model import PartialDate, Quote, TimeRef

# Dates met again and again while decoding many records: parsed once each.
_dates: dict[str, PartialDate] = {}


def to_iso(d: PartialDate | None) -> str | None:
    return None if d is None else d.iso()


def from_iso(s: str | None) -> PartialDate | None:
    if s is None:
        return None
    d = _dates.get(s)
    if d is None:
        d = _dates[s] = PartialDate.parse(s)
    return d


def enc_timeref(t: TimeRef) -> list:
    return [t.article_id, t.start, t.end, t.text, to_iso(t.value), to_iso(t.anchor)]


def dec_timeref(v: list) -> TimeRef:
    return TimeRef(v[0], v[1], v[2], v[3], from_iso(v[4]), from_iso(v[5]))


def enc_quote(q: Quote) -> list:
    return [
        q.article_id,
        q.start,
        q.end,
        q.text,
        q.speaker,
        q.speaker_role,
        q.verb,
        to_iso(q.date),
        q.is_term,
    ]


def dec_quote(v: list) -> Quote:
    return Quote(v[0], v[1], v[2], v[3], v[4], v[5], v[6], from_iso(v[7]), v[8])


def enc_local_entity(k: str, e: LocalEntity) -> list:
    return [k, e.key, e.name, e.votes, sorted(e.aliases), e.weak]


def dec_local_entity(v: list, memo=None) -> tuple[str, LocalEntity]:
    """(its key in the article, the entity); ``memo`` (str -> str) shares repeated keys."""
    k, key, name, votes, aliases, weak = v
    if memo is not None:
        k, key = memo(k, k), memo(key, key)
    return k, LocalEntity(key, name, votes, set(aliases), weak)
