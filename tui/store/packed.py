"""Packed articles: what a cold load keeps of each ingest result until the corpus is built.

An IngestedArticle costs ~33 KB of Python objects for a 3,000-character article (a tuple per
mention and per sentence, a Block per block, a dict and a set per local entity, a TimeRef and a
Quote each): held for every file until the build, that was most of a cold load's peak. A
PackedArticle keeps the same content in ~5 KB: offsets in int arrays, the text (UTF-8) and the
local entities, dated expressions and quotes (the codec's field lists, compact JSON)
zlib-compressed, decoded when the build reads them. It is one of the build's article sources
(tui/corpus/build.py, ``ArticleSource``).
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from collections.abc import Callable
from itertools import chain, compress, cycle
from operator import itemgetter
from typing import Any

from tui.ingest import IngestedArticle, IngestedFile
from tui.ingest.entities import LocalEntity
from tui.model import Article, Block, PartialDate, Problem, Quote, TimeRef
from tui.store.codec import (
    FORMAT_VERSION,
    dec_extra,
    dec_local_entity,
    dec_quote,
    dec_timeref,
    enc_local_entity,
    enc_quote,
    enc_timeref,
    from_iso,
)


def _dumps(obj: Any) -> bytes:
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    return zlib.compress(data.encode("utf-8", "surrogatepass"), 1)


def _loads(data: bytes) -> Any:
    return json.loads(zlib.decompress(data).decode("utf-8", "surrogatepass"))


class PackedArticle:
    """One IngestedArticle, compact (see above). ``article()``, ``text``, ``mentions()``,
    ``local_entities()``, ``timerefs()`` and ``quotes()`` give back values equal to the
    original's; nothing decoded is kept."""

    __slots__ = (
        "id",
        "path",
        "title",
        "date",
        "published",
        "source",
        "url",
        "author",
        "extra",
        "_text",  # UTF-8, compressed; the str itself when it does not encode (lone surrogates)
        "_kinds",  # each block's kind (the structure module's own str constants)
        "_blocks",  # (start, end, credit_start, credit_end) per block, flat
        "_sentences",  # (start, end) per sentence, flat
        "_m_start",
        "_m_end",
        "_m_key",
        "_ents",  # JSON: [dict key, key, name, votes, aliases, weak] per local entity
        "_timerefs",  # JSON: a list of field lists
        "_quotes",  # JSON: a list of field lists
        "n_timerefs",
        "n_quotes",
    )
    id: str
    path: str
    title: str
    date: PartialDate | None
    published: PartialDate | None
    source: str | None
    url: str | None
    author: str | None
    extra: dict[Any, Any]
    _text: bytes | str
    _kinds: tuple[str, ...]
    _blocks: array[int]
    _sentences: array[int]
    _m_start: array[int]
    _m_end: array[int]
    _m_key: tuple[str, ...]
    _ents: bytes
    _timerefs: bytes
    _quotes: bytes
    n_timerefs: int
    n_quotes: int

    @classmethod
    def pack(cls, it: IngestedArticle) -> PackedArticle:
        a = it.article
        p = cls.__new__(cls)
        p.id, p.path, p.title, p.date, p.published = a.id, a.path, a.title, a.date, a.published
        p.source, p.url, p.author, p.extra = a.source, a.url, a.author, a.extra
        try:
            p._text = zlib.compress(a.text.encode("utf-8"), 1)
        except UnicodeEncodeError:
            p._text = a.text
        blocks = array("i")
        for b in a.blocks:
            blocks.extend((b.start, b.end, b.credit_start, b.credit_end))
        p._kinds, p._blocks = tuple(b.kind for b in a.blocks), blocks
        p._sentences = array("i", chain.from_iterable(a.sentences))
        ms = it.entities.mentions
        p._m_start = array("i", map(itemgetter(0), ms))
        p._m_end = array("i", map(itemgetter(1), ms))
        p._m_key = tuple(map(itemgetter(2), ms))
        # the field lists of the per-file cache (tui/store/codec.py)
        p._ents = _dumps([enc_local_entity(k, e) for k, e in it.entities.entities.items()])
        # apart: the snapshot writer reads the dated expressions and the quotes in two passes
        p._timerefs = _dumps([enc_timeref(t) for t in it.timerefs])
        p._quotes = _dumps([enc_quote(q) for q in it.quotes])
        p.n_timerefs, p.n_quotes = len(it.timerefs), len(it.quotes)
        return p

    def renamed(self, new_id: str) -> PackedArticle:
        """A copy with another article id (a duplicate id made unique)."""
        p = PackedArticle.__new__(PackedArticle)
        for name in PackedArticle.__slots__:
            setattr(p, name, getattr(self, name))
        p.id = new_id
        return p

    @property
    def text(self) -> str:
        t = self._text
        return t if isinstance(t, str) else str(zlib.decompress(t), "utf-8")

    def utf8(self) -> bytes:
        """The text as UTF-8 (UnicodeEncodeError when it has no UTF-8 form, as str.encode)."""
        t = self._text
        return t.encode("utf-8") if isinstance(t, str) else zlib.decompress(t)

    def article(self) -> Article:
        b, s = self._blocks, self._sentences
        it = iter(s)
        return Article(
            self.id,
            self.path,
            self.text,
            self.title,
            self.date,
            self.published,
            self.source,
            self.url,
            self.author,
            tuple(
                Block(kind, b[4 * k], b[4 * k + 1], b[4 * k + 2], b[4 * k + 3])
                for k, kind in enumerate(self._kinds)
            ),
            tuple(zip(it, it, strict=True)),
            self.extra,
        )

    def mentions(self) -> list[tuple[int, int, str]]:
        return list(zip(self._m_start, self._m_end, self._m_key, strict=True))

    def local_entities(self) -> dict[str, LocalEntity]:
        return dict(map(dec_local_entity, _loads(self._ents)))

    def timerefs(self) -> list[TimeRef]:
        return list(map(dec_timeref, _loads(self._timerefs)))

    def quotes(self) -> list[Quote]:
        return list(map(dec_quote, _loads(self._quotes)))

    def local_entities_json(self) -> bytes:
        """``local_entities()`` as the per-file cache's JSON (UTF-8), not decoded."""
        return zlib.decompress(self._ents)

    def quote_speakers(self) -> list[str | None]:
        """Each quote's speaker (a local key or None), without making the quotes."""
        return [v[4] for v in _loads(self._quotes)]  # enc_quote's field order


def pack_file(f: IngestedFile) -> tuple[list[PackedArticle], list[Problem]]:
    """An IngestedFile as (its packed articles, its problems)."""
    return [PackedArticle.pack(it) for it in f.articles], list(f.problems)


def pack_record(data: bytes, path: str) -> tuple[list[PackedArticle], list[Problem]]:
    """``pack_file(decode_file(data, path))`` made straight from a per-file record: its field
    lists are those a PackedArticle keeps, so no Article, Block, TimeRef or Quote is made and
    encoded again (this was most of reading 100,000 rows after a file changed)."""
    fmt, p0, problems, articles = json.loads(zlib.decompress(data))
    if fmt != FORMAT_VERSION:
        raise ValueError("old record format")

    def fix(s: str) -> str:
        return path if s == p0 else s

    return [_from_record(v, fix) for v in articles], [
        Problem(fix(p), m, ln) for p, m, ln in problems
    ]


_NOT_KIND = (0, 1, 1, 1, 1)  # a block is (kind, start, end, credit_start, credit_end)


def _from_record(v: list[Any], fix: Callable[[str], str]) -> PackedArticle:
    """One article of a record (tui/store/codec.py, ``_enc_article``) as a PackedArticle."""
    (aid, path, text, title, date, published, source, url, author, blocks, sentences, extra,
     ents, mentions, timerefs, quotes) = v  # fmt: skip
    p = PackedArticle.__new__(PackedArticle)
    p.id, p.path, p.title = aid, fix(path), title
    p.date, p.published = from_iso(date), from_iso(published)
    p.source, p.url, p.author, p.extra = source, url, author, dec_extra(extra)
    p._text = zlib.compress(text.encode("utf-8"), 1)  # a record's text always encodes
    p._kinds = tuple(map(sys.intern, blocks[0::5]))
    p._blocks = array("i", compress(blocks, cycle(_NOT_KIND)))
    p._sentences = array("i", sentences)
    p._m_start, p._m_end = array("i", mentions[0::3]), array("i", mentions[1::3])
    p._m_key = tuple(map(sys.intern, mentions[2::3]))
    p._ents, p._timerefs, p._quotes = _dumps(ents), _dumps(timerefs), _dumps(quotes)
    p.n_timerefs, p.n_quotes = len(timerefs), len(quotes)
    return p
