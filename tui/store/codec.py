"""The store's encodings: how ingest results and corpus parts are written as plain data (JSON
field lists, integer codes) and read back. Nothing here runs code when read (plain JSON and
integers, never a serializer that rebuilds objects).

- the model's small records (dated expressions, quotes, local entities) as field lists, for
  the per-file cache and the packed articles; one place knows the order of the fields;
- a whole ``IngestedFile`` as zlib-compressed compact JSON (``encode_file``/``decode_file``);
- article metadata of any YAML/JSON type, tagged where JSON alone would lose it;
- dates as integer codes (``date_code``), and objects made field by field in bulk (``bulk``)
  for the snapshot reader;
- ``schema_mismatch``: the fields this codec knows, checked against the model.
"""

from __future__ import annotations

import json
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import fields
from itertools import repeat
from typing import Any, TypeVar

from tui.ingest import IngestedArticle, IngestedFile
from tui.ingest.entities import ArticleEntities, LocalEntity
from tui.model import (
    Article,
    Block,
    Entity,
    EntityStats,
    PartialDate,
    Problem,
    Quote,
    TimeRef,
    iso,
)

# Bump on any change to the encodings here or in the snapshot.
FORMAT_VERSION = 3
# An article's fields in its snapshot row (tui/store/snapshot_write.py), in this order;
# "extra" is enc_extra's form.
ROW_FIELDS = ("path", "title", "source", "url", "author", "extra")

T = TypeVar("T")

# --- the data model this codec knows ---------------------------------------------------------
# If a dataclass gains or loses a field, the codec below must learn it: until then the cache is
# disabled (never silently wrong). tests/test_cache.py checks these lists.

EXPECTED_FIELDS: dict[type, tuple[str, ...]] = {
    Article: (
        "id",
        "path",
        "text",
        "title",
        "date",
        "published",
        "source",
        "url",
        "author",
        "blocks",
        "sentences",
        "extra",
    ),
    Block: ("kind", "start", "end", "credit_start", "credit_end"),
    TimeRef: ("article_id", "start", "end", "text", "value", "anchor"),
    Quote: (
        "article_id",
        "start",
        "end",
        "text",
        "speaker",
        "speaker_role",
        "verb",
        "date",
        "is_term",
        "also",
    ),
    Problem: ("path", "message", "line"),
    Entity: ("id", "name", "type", "aliases"),
    EntityStats: ("mentions", "articles", "first", "last"),
    LocalEntity: ("key", "name", "votes", "aliases", "weak"),
    ArticleEntities: ("entities", "mentions"),
    IngestedArticle: ("article", "entities", "timerefs", "quotes"),
    IngestedFile: ("path", "articles", "problems"),
}


def schema_mismatch() -> str | None:
    """None when the codec matches the model; else which class changed."""
    for cls, names in EXPECTED_FIELDS.items():
        if tuple(f.name for f in fields(cls)) != names:
            return cls.__name__
    return None


# --- small records as field lists -----------------------------------------------------------

# Dates met again and again while decoding many records: parsed once each.
_dates: dict[str, PartialDate] = {}


def from_iso(s: str | None) -> PartialDate | None:
    if s is None:
        return None
    d = _dates.get(s)
    if d is None:
        d = _dates[s] = PartialDate.parse(s)
    return d


def enc_timeref(t: TimeRef) -> list[Any]:
    return [t.article_id, t.start, t.end, t.text, iso(t.value), iso(t.anchor)]


def dec_timeref(v: list[Any]) -> TimeRef:
    return TimeRef(v[0], v[1], v[2], v[3], from_iso(v[4]), from_iso(v[5]))


def enc_quote(q: Quote) -> list[Any]:
    return [
        q.article_id,
        q.start,
        q.end,
        q.text,
        q.speaker,
        q.speaker_role,
        q.verb,
        iso(q.date),
        q.is_term,
        [list(p) for p in q.also],
    ]


def dec_quote(v: list[Any]) -> Quote:
    also = tuple((p[0], p[1]) for p in v[9]) if len(v) > 9 else ()
    return Quote(v[0], v[1], v[2], v[3], v[4], v[5], v[6], from_iso(v[7]), v[8], also)


def enc_local_entity(k: str, e: LocalEntity) -> list[Any]:
    return [k, e.key, e.name, e.votes, sorted(e.aliases), e.weak]


def dec_local_entity(
    v: list[Any], memo: Callable[[str, str], str] | None = None
) -> tuple[str, LocalEntity]:
    """(its key in the article, the entity); ``memo`` (str -> str) shares repeated keys."""
    k, key, name, votes, aliases, weak = v
    if memo is not None:
        k, key = memo(k, k), memo(key, key)
    return k, LocalEntity(key, name, votes, set(aliases), weak)


# --- level 1 codec: IngestedFile <-> compact JSON ---------------------------------------------


class Uncacheable(Exception):
    """A value the encodings cannot write exactly (an unusual metadata type)."""


def _plain(v: Any) -> bool:
    """True when json round-trips ``v`` exactly (types included)."""
    t = type(v)
    if t is str or t is int or t is bool or v is None:
        return True
    if t is float:
        return bool(v == v)  # NaN does not compare equal to itself
    if t is list:
        return all(_plain(x) for x in v)
    if t is dict:
        return (
            all(type(k) is str for k in v) and "\0t" not in v and all(_plain(x) for x in v.values())
        )
    return False


def _tag(v: Any) -> Any:
    """Any YAML/JSON metadata value as JSON, tagged where json alone would lose its type."""
    import datetime as dt

    t = type(v)
    if t is str or t is int or t is bool or v is None:
        return v
    if t is float:
        return {"f": repr(v)}
    if t is list:
        return {"l": [_tag(x) for x in v]}
    if t is tuple:
        return {"t": [_tag(x) for x in v]}
    if t is dict:
        return {"m": [[_tag(k), _tag(x)] for k, x in v.items()]}
    if t is set or t is frozenset:
        return {"s" if t is set else "F": [_tag(x) for x in v]}
    if t is dt.datetime:
        return {"dt": v.isoformat()}
    if t is dt.date:
        return {"d": v.isoformat()}
    if t is dt.time:
        return {"tm": v.isoformat()}
    if t is bytes:
        import base64

        return {"b": base64.b64encode(v).decode("ascii")}
    raise Uncacheable(f"cannot cache a {t.__name__} in article metadata")


def _untag(v: Any) -> Any:
    import datetime as dt

    if not isinstance(v, dict):
        return v
    ((k, x),) = v.items()
    if k == "f":
        return float(x)
    if k == "l":
        return [_untag(y) for y in x]
    if k == "t":
        return tuple(_untag(y) for y in x)
    if k == "m":
        return {_untag(a): _untag(b) for a, b in x}
    if k == "s":
        return {_untag(y) for y in x}
    if k == "F":
        return frozenset(_untag(y) for y in x)
    if k == "dt":
        return dt.datetime.fromisoformat(x)
    if k == "d":
        return dt.date.fromisoformat(x)
    if k == "tm":
        return dt.time.fromisoformat(x)
    if k == "b":
        import base64

        return base64.b64decode(x)
    raise ValueError(f"unknown tag {k!r}")


def enc_extra(extra: dict[Any, Any]) -> Any:
    """Article metadata as JSON: as is when JSON keeps it exactly, else tagged."""
    if not extra:
        return None
    if _plain(extra):
        return extra
    return {"\0t": _tag(extra)}


def dec_extra(v: Any) -> dict[Any, Any]:
    """The inverse of ``enc_extra``."""
    if v is None:
        return {}
    value: dict[Any, Any] = _untag(v["\0t"]) if "\0t" in v else v
    return value


def enc_problem(p: Problem) -> list[Any]:
    return [p.path, p.message, p.line]


def _enc_article(it: IngestedArticle) -> list[Any]:
    a = it.article
    blocks: list[Any] = []
    for b in a.blocks:
        blocks += (b.kind, b.start, b.end, b.credit_start, b.credit_end)
    sentences = [x for s in a.sentences for x in s]
    ents = [enc_local_entity(k, e) for k, e in it.entities.entities.items()]
    mentions = [x for m in it.entities.mentions for x in m]
    return [
        a.id,
        a.path,
        a.text,
        a.title,
        iso(a.date),
        iso(a.published),
        a.source,
        a.url,
        a.author,
        blocks,
        sentences,
        enc_extra(a.extra),
        ents,
        mentions,
        [enc_timeref(t) for t in it.timerefs],
        [enc_quote(q) for q in it.quotes],
    ]


# Strings met again and again while decoding many records (entity keys, block kinds): one
# object each, as a fresh ingest shares them, instead of one per occurrence.
_MEMO: dict[str, str] = {}


def forget_shared_strings() -> None:
    """Let go of the strings shared while decoding (after a load)."""
    _MEMO.clear()


def _dec_article(v: list[Any], fix: Callable[[str], str]) -> IngestedArticle:
    (
        aid,
        path,
        text,
        title,
        date,
        published,
        source,
        url,
        author,
        blocks,
        sentences,
        extra,
        ents,
        mentions,
        timerefs,
        quotes,
    ) = v
    memo = _MEMO.setdefault
    it = iter(sentences)
    article = Article(
        aid,
        fix(path),
        text,
        title,
        from_iso(date),
        from_iso(published),
        source,
        url,
        author,
        tuple(
            bulk(
                Block,
                len(blocks) // 5,
                kind=map(memo, blocks[0::5], blocks[0::5]),
                start=blocks[1::5],
                end=blocks[2::5],
                credit_start=blocks[3::5],
                credit_end=blocks[4::5],
            )
        ),
        tuple(zip(it, it, strict=True)),
        dec_extra(extra),
    )
    keys = mentions[2::3]
    found = ArticleEntities(
        dict(dec_local_entity(v, memo) for v in ents),
        list(zip(mentions[0::3], mentions[1::3], map(memo, keys, keys), strict=True)),
    )
    return IngestedArticle(
        article, found, [dec_timeref(t) for t in timerefs], [dec_quote(q) for q in quotes]
    )


def encode_file(f: IngestedFile) -> bytes:
    """An IngestedFile as zlib-compressed compact JSON. Raises Uncacheable when it cannot."""
    obj = [
        FORMAT_VERSION,
        f.path,
        [enc_problem(p) for p in f.problems],
        [_enc_article(it) for it in f.articles],
    ]
    try:
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), check_circular=False)
        return zlib.compress(data.encode("utf-8"), 1)
    except (TypeError, ValueError, UnicodeError) as err:
        raise Uncacheable(str(err)) from None


def decode_file(data: bytes, path: str | None = None) -> IngestedFile:
    """The inverse of encode_file; ``path`` replaces the stored path string (the same file
    reached through another spelling of the corpus root)."""
    fmt, p0, problems, articles = json.loads(zlib.decompress(data))
    if fmt != FORMAT_VERSION:
        raise ValueError("old record format")
    if path is None or path == p0:

        def fix(s: str) -> str:
            return s
    else:

        def fix(s: str) -> str:
            return path if s == p0 else s

    return IngestedFile(
        fix(p0),
        [_dec_article(a, fix) for a in articles],
        [Problem(fix(p), m, ln) for p, m, ln in problems],
    )


def encode_record(f: IngestedFile) -> bytes | None:
    """``encode_file``, or None when the file cannot be encoded (it is then not cached)."""
    try:
        return encode_file(f)
    except Uncacheable:
        return None


# --- dates as integer codes, objects in bulk --------------------------------------------------


def date_code(d: PartialDate | None) -> int:
    """A date as one integer, YYYYMMDD with 00 for a missing month or day; -1 for None."""
    if d is None:
        return -1
    return d.year * 10000 + (d.month or 0) * 100 + (d.day or 0)


_dcodes: dict[int, PartialDate | None] = {-1: None}


def from_date_code(c: int) -> PartialDate | None:
    """The inverse of ``date_code``; one object per code."""
    try:
        return _dcodes[c]
    except KeyError:
        y, md = divmod(c, 10000)
        m, d = divmod(md, 100)
        v = _dcodes[c] = PartialDate(y, m or None, d or None)
        return v


_new = object.__new__
# Offsets repeat from article to article: share one int object per value (saves 28 bytes each
# on millions of block and sentence offsets). Filled as far as the values read so far need:
# all 65,536 at once cost 5 ms, a tenth of a small corpus's start.
_INTS: dict[int, int] = {}
_INTS_LIMIT = 1 << 16
_ints_top = -1  # _INTS holds every value of range(-1, _ints_top)


def shared_ints(values: Iterable[int] = ()) -> dict[int, int]:
    """A map giving one shared int object per small value (``ints.get(v, v)``), holding at
    least the ``values`` below 65,536."""
    global _ints_top
    top = min(max(values, default=0) + 1, _INTS_LIMIT)
    if top > _ints_top:
        _INTS.update(zip(range(_ints_top, top), range(_ints_top, top), strict=True))
        _ints_top = top
    return _INTS


def bulk(cls: type[T], n: int, **columns: Iterable[Any]) -> list[T]:
    """``n`` instances of a slots dataclass, field by field: one C loop per field (map over the
    member descriptors' __set__) instead of one __init__ call per object. Every field must be
    given; the objects are the ones __init__ would make (no __post_init__ is involved)."""
    assert set(columns) == set(EXPECTED_FIELDS[cls]), cls
    objs = list(map(_new, repeat(cls, n)))
    for name, values in columns.items():
        deque(map(getattr(cls, name).__set__, objs, values), 0)
    return objs
