"""Level 2 of the cache, reading: a snapshot file (tui/store/snapshot_write.py) mapped with mmap
and turned into a Corpus whose articles, per-entity arrays, statistics, dated expressions and
quotes are decoded on first use (tui/corpus/storage.py decides when; this module how).

The small sections are checked whole at load (a failure is a cache miss: ``Damaged``); the big
ones (texts, mention arrays, dated expressions, quotes) chunk by chunk when first read (a
failure warns once, reads as empty and removes the file for the next start). A snapshot of
another key, format or machine is ``Stale``.
"""

from __future__ import annotations

import json
import mmap
import os
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable
from itertools import repeat
from operator import getitem, sub
from pathlib import Path
from typing import Any

from tui.corpus import Corpus, CorpusIndex
from tui.corpus.storage import (
    LazyArticles,
    LazyList,
    LazyStats,
    Positions,
    Slices,
    frozen_from_gc,
)
from tui.feedback import Warn, stderr_warn
from tui.model import Article, Block, Entity, EntityStats, PartialDate, Problem, Quote, TimeRef
from tui.store.codec import FORMAT_VERSION, ROW_FIELDS, bulk, dec_extra, from_date_code, shared_ints
from tui.store.snapshot_write import PREAMBLE, SNAP_MAGIC


class Stale(Exception):
    """The snapshot is of another key, format or machine: not an error, a miss."""


class Damaged(Exception):
    """The snapshot fails a check at load: a miss, and the file is replaced."""


class _Section:
    """One section of a mapped snapshot, its chunks' CRCs checked on first read."""

    __slots__ = ("name", "view", "chunk", "crcs", "ok", "snap", "mm", "base")

    def __init__(
        self,
        snap: _Snapshot,
        name: str,
        view: memoryview,
        chunk: int,
        crcs: list[int],
        mm: mmap.mmap,
        base: int,
    ):
        if len(crcs) != -(-len(view) // chunk):
            raise Damaged(f"section {name} has the wrong checksums")
        self.snap, self.name, self.view, self.chunk, self.crcs = snap, name, view, chunk, crcs
        self.mm, self.base = mm, base  # the mapped file it is in, and where
        self.ok = bytearray(len(crcs))

    def release(self, lo: int = 0, hi: int | None = None) -> None:
        """Drop the pages of bytes lo..hi-1 from this process's memory (what was read from
        them has been copied out): they stay in the page cache, and are read again if asked."""
        hi = len(self.view) if hi is None else hi
        base = self.base
        page = mmap.PAGESIZE
        start = -(-(base + lo) // page) * page
        end = (base + hi) // page * page
        if end > start:
            try:
                self.mm.madvise(mmap.MADV_DONTNEED, start, end - start)
            except (AttributeError, OSError, ValueError):
                pass

    def check(self, lo: int = 0, hi: int | None = None) -> bool:
        """True when bytes lo..hi-1 are intact; on damage, the snapshot is dropped for the
        next start and a warning given."""
        hi = len(self.view) if hi is None else hi
        if hi <= lo:
            return True
        chunk, ok = self.chunk, self.ok
        for c in range(lo // chunk, (hi - 1) // chunk + 1):
            if not ok[c]:
                s = c * chunk
                if zlib.crc32(self.view[s : s + chunk]) != self.crcs[c]:
                    self.snap.damaged(self.name)
                    return False
                ok[c] = 1
        return True


def external_files(path: Path) -> set[str]:
    """The other files (text pools) a snapshot file refers to, from its header alone."""
    with open(path, "rb") as fh:
        pre = fh.read(PREAMBLE.size)
        if len(pre) < PREAMBLE.size:
            return set()
        magic, hpos, hlen, hcrc = PREAMBLE.unpack(pre)
        fh.seek(hpos)
        raw = fh.read(hlen)
    if magic != SNAP_MAGIC or zlib.crc32(raw) != hcrc:
        return set()
    sections = json.loads(raw).get("sections") or {}
    return {v[3] for v in sections.values() if isinstance(v, list) and len(v) == 4}


class _Snapshot:
    """The mapped file and its sections."""

    def __init__(self, path: Path, skey: str | None, warn: Warn):
        self.path, self.warn, self._damage_told = path, warn, False
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            pre = PREAMBLE
            if size < pre.size:
                raise Damaged("truncated")
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self.mm = mm
        self.view = memoryview(mm)
        self.offsets: dict[str, int] = {}
        self.external: list[mmap.mmap] = []  # the other files' mappings (text pools)
        magic, hpos, hlen, hcrc = pre.unpack_from(mm, 0)
        if magic != SNAP_MAGIC:
            raise Damaged("not a snapshot file")
        if hpos + hlen > size or zlib.crc32(self.view[hpos : hpos + hlen]) != hcrc:
            raise Damaged("bad header")
        self.header = h = json.loads(bytes(self.view[hpos : hpos + hlen]))
        if h.get("format") != FORMAT_VERSION or h.get("byteorder") != sys.byteorder:
            raise Stale()
        if h.get("itemsize") != [array("i").itemsize, array("q").itemsize]:
            raise Stale()
        if skey is not None and h.get("skey") != skey:
            raise Stale()
        self.sections: dict[str, _Section] = {}
        for name, (off, length, crcs, *file) in h["sections"].items():
            if file:  # in a file of its own (a text pool, tui/store/textpool.py)
                self.sections[name] = self._external(name, file[0], length, h["chunk"], crcs)
                continue
            if off + length > hpos:
                raise Damaged(f"section {name} out of bounds")
            self.sections[name] = _Section(
                self, name, self.view[off : off + length], h["chunk"], crcs, mm, off
            )
            self.offsets[name] = off

    def _external(self, name: str, file: str, length: int, chunk: int, crcs: list[int]) -> _Section:
        """A section kept in another file of the folder: its first ``length`` bytes, mapped
        (the file may have grown since: it is only appended to)."""
        if "/" in file or os.sep in file or file.startswith("."):
            raise Damaged(f"section {name} names a file outside the cache")
        with open(self.path.parent / file, "rb") as fh:  # FileNotFoundError: a miss
            if os.fstat(fh.fileno()).st_size < length:
                raise Damaged(f"section {name}: {file} is too short")
            mm = mmap.mmap(fh.fileno(), length, access=mmap.ACCESS_READ) if length else None
        if mm is None:
            return _Section(self, name, memoryview(b""), chunk, crcs, self.mm, 0)
        self.external.append(mm)
        return _Section(self, name, memoryview(mm), chunk, crcs, mm, 0)

    def damaged(self, name: str) -> None:
        """A section read after the load failed its check: say so once, and remove the file so
        that the next start rebuilds it (this session keeps its mapping)."""
        if not self._damage_told:
            self._damage_told = True
            self.warn(
                f"cache snapshot {self.path.name}: damaged section {name}; it will be rebuilt at the next start"
            )
            try:
                self.path.unlink()
            except OSError:
                pass

    def raw(self, name: str) -> memoryview:
        """A section checked whole (at load: a failure is a cache miss)."""
        sec = self.sections[name]
        for c in range(len(sec.crcs)):
            s = c * sec.chunk
            if zlib.crc32(sec.view[s : s + sec.chunk]) != sec.crcs[c]:
                raise Damaged(f"section {name} fails its checksum")
        sec.ok[:] = b"\1" * len(sec.ok)
        return sec.view

    def json(self, name: str) -> Any:
        return json.loads(bytes(self.raw(name)))

    def array(self, name: str, typecode: str) -> array[int]:
        a = array(typecode)
        a.frombytes(self.raw(name))
        return a


class _Columns:
    """The article columns of the snapshot: the ids at once; the other fields (ROW_FIELDS:
    paths, titles, sources, URLs, authors, metadata, most of a warm start's JSON) row by row
    for the articles built, or whole columns when a column of every article is asked for."""

    def __init__(self, ids: list[str], rows: memoryview, row_off: array[int]):
        self.ids = ids
        self._rows, self._row_off = rows, row_off
        self._cols: dict[str, list[Any]] | None = None

    def __getitem__(self, name: str) -> list[Any]:
        if name == "id":
            return self.ids
        if self._cols is None:
            rows = self.rows(0, len(self.ids))
            self._cols = {f: [r[k] for r in rows] for k, f in enumerate(ROW_FIELDS)}
        return self._cols[name]

    def rows(self, lo: int, hi: int) -> list[list[Any]]:
        """The fields of articles lo..hi-1, a list per article, in ROW_FIELDS order."""
        if hi <= lo:
            return []
        a, b = self._row_off[lo], self._row_off[hi]
        rows: list[list[Any]] = json.loads(b"[" + self._rows[a : b - 1] + b"]")
        if len(rows) != hi - lo or any(len(r) != len(ROW_FIELDS) for r in rows):
            raise Damaged("article rows disagree")
        return rows


class _ArticleColumns:
    """The snapshot's article columns, and how to decode articles from them
    (``ArticleColumns`` of tui/corpus/storage.py)."""

    def __init__(
        self,
        cols: _Columns,
        dates: array[int],
        text: _Section,
        text_off: array[int],
        text_pos: array[int],
        blk: array[int],
        blk_off: array[int],
        kinds: list[str],
        sen: array[int],
        sen_off: array[int],
    ):
        self._cols, self._dates = cols, dates
        self._text, self._text_off, self._text_pos = text, text_off, text_pos
        self._blk, self._blk_off, self._kinds = blk, blk_off, kinds
        self._sen, self._sen_off = sen, sen_off

    def __len__(self) -> int:
        return len(self._cols["id"])

    def ids(self) -> list[str]:
        return self._cols["id"]

    def paths(self) -> list[str]:
        return self._cols["path"]

    def text(self, i: int) -> str:
        """Article i's text, read from the mapped file (a snapshot's, or a text pool's)."""
        a = self._text_pos[i]
        b = a + self._text_off[i + 1] - self._text_off[i]
        if b > len(self._text.view) or a < 0:
            self._text.snap.damaged(self._text.name)
            return ""
        if self._text.check(a, b):
            return str(self._text.view[a:b], "utf-8")
        return str(self._text.view[a:b], "utf-8", "replace")

    def published(self) -> list[PartialDate | None]:
        return list(map(from_date_code, self._dates[1::2]))

    def dates(self) -> list[PartialDate | None]:
        return list(map(from_date_code, self._dates[0::2]))

    def build(self, lo: int, hi: int) -> list[Article]:
        """Articles lo..hi-1, field by field in bulk (C loops over the columns); their text
        pages then leave this process's memory (the texts are in the articles)."""
        n = hi - lo
        # blocks: five int columns, cut per article
        b0, b1 = self._blk_off[lo], self._blk_off[hi]
        flat = self._blk[b0 * 5 : b1 * 5]
        ints = shared_ints(flat).get
        blocks = bulk(
            Block,
            b1 - b0,
            kind=map(self._kinds.__getitem__, flat[0::5]),
            start=map(ints, flat[1::5], flat[1::5]),
            end=map(ints, flat[2::5], flat[2::5]),
            credit_start=map(ints, flat[3::5], flat[3::5]),
            credit_end=map(ints, flat[4::5], flat[4::5]),
        )
        boff = self._blk_off[lo : hi + 1]
        block_tuples = [tuple(blocks[boff[k] - b0 : boff[k + 1] - b0]) for k in range(n)]
        # sentences: (start, end) pairs
        s0, s1 = self._sen_off[lo], self._sen_off[hi]
        flat = self._sen[s0 * 2 : s1 * 2]
        ints = shared_ints(flat).get
        it = iter(list(map(ints, flat, flat)))
        pairs = list(zip(it, it, strict=True))
        soff = self._sen_off[lo : hi + 1]
        sentence_tuples = [tuple(pairs[soff[k] - s0 : soff[k + 1] - s0]) for k in range(n)]
        path, title, source, url, author, extra = zip(*self._cols.rows(lo, hi), strict=True)
        d = self._dates
        articles = bulk(
            Article,
            n,
            id=self._cols.ids[lo:hi],
            path=path,
            text=map(self.text, range(lo, hi)),
            title=title,
            date=map(from_date_code, d[2 * lo : 2 * hi : 2]),
            published=map(from_date_code, d[2 * lo + 1 : 2 * hi : 2]),
            source=source,
            url=url,
            author=author,
            blocks=block_tuples,
            sentences=sentence_tuples,
            extra=map(dec_extra, extra),
        )
        if hi > lo:  # the texts' pages (one run, but for the few an update appended)
            end = self._text_pos[hi - 1] + self._text_off[hi] - self._text_off[hi - 1]
            self._text.release(self._text_pos[lo], end)
        return articles


def _read_spans(
    snap: _Snapshot, prefix: str, articles: LazyArticles, ents: list[Entity]
) -> Callable[[], list[Any]]:
    """The loader of ``_write_spans``' columns: a list of TimeRef or Quote, built in bulk."""
    quotes = prefix == "q"
    names = [f"{prefix}_art", f"{prefix}_span", f"{prefix}_odd"]
    names += ["q_date", "q_speaker", "q_term", "q_roles"] if quotes else ["tr_value", "tr_anchor"]

    def load() -> list[Any]:
        secs = [snap.sections[x] for x in names]
        if not all(sec.check() for sec in secs):
            return []
        items = frozen_from_gc(lambda: _spans(secs, quotes, articles, ents))
        for sec in secs:
            sec.release()
        return items

    return load


def _spans(
    secs: list[_Section], quotes: bool, articles: LazyArticles, ents: list[Entity]
) -> list[Any]:
    art = array("i", bytes(secs[0].view))
    n = len(art)
    span = array("i", bytes(secs[1].view))
    odd = {int(k): v for k, v in json.loads(bytes(secs[2].view)).items()}
    ids = articles.ids()
    texts: list[str] = [""] * (len(ids) + 1)  # [-1]: "" for an unknown article
    for a in set(art):
        if a >= 0:
            texts[a] = articles.text(a)
    ints = shared_ints(span).get
    starts, ends = span[0::2], span[1::2]
    common: dict[str, Iterable[Any]] = {
        "article_id": map((*ids, "").__getitem__, art),
        "start": map(ints, starts, starts),
        "end": map(ints, ends, ends),
        "text": map(getitem, map(texts.__getitem__, art), map(slice, starts, ends)),
    }
    if quotes:
        eids = [e.id for e in ents] + ["", None]  # -2: odd, -1: None
        # one JSON item per quote, each ending in a comma: [role, verb],
        pairs = json.loads(b"[" + bytes(secs[6].view)[:-1] + b"]")
        roles = [p[0] for p in pairs]
        verbs = [p[1] for p in pairs]
        items: list[Any] = bulk(
            Quote,
            n,
            **common,
            speaker=map(eids.__getitem__, array("i", bytes(secs[4].view))),
            speaker_role=roles,
            verb=verbs,
            date=map(from_date_code, array("i", bytes(secs[3].view))),
            is_term=map(bool, bytes(secs[5].view)),
            also=repeat((), n),
        )
        cls: type[Quote | TimeRef] = Quote
    else:
        items = bulk(
            TimeRef,
            n,
            **common,
            value=map(from_date_code, array("i", bytes(secs[3].view))),
            anchor=map(from_date_code, array("i", bytes(secs[4].view))),
        )
        cls = TimeRef
    for k, values in odd.items():
        for name, value in values.items():
            if name == "also":  # JSON lists back to the model's tuples
                value = tuple((p[0], p[1]) for p in value)
            getattr(cls, name).__set__(items[k], value)
    return items


def read_snapshot(path: Path, skey: str | None, warn: Warn | None = None) -> tuple[Corpus, str]:
    """(the corpus saved at ``path``, its key) if its key is ``skey`` (whatever it is when
    None: the caller compares). Raises FileNotFoundError, Stale, or Damaged (and decoding
    errors) when it cannot be used."""
    snap = _Snapshot(path, skey, warn or stderr_warn)
    h = snap.header
    n, m = h["articles"], h["entities"]
    # the rows' checksum now (a damaged one is a miss); they are parsed when read
    row_off = snap.array("art_row_off", "q")
    cols = _Columns(snap.json("art_ids"), snap.raw("art_rows"), row_off)
    dates = snap.array("dates", "i")
    blk_off, sen_off = snap.array("blk_off", "q"), snap.array("sen_off", "q")
    text_off, text_pos = snap.array("text_off", "q"), snap.array("text_pos", "q")
    if not (
        len(cols["id"]) == n
        and len(dates) == 2 * n
        and len(text_pos) == n
        and len(blk_off) == len(sen_off) == len(text_off) == len(row_off) == n + 1
        and row_off[-1] == len(snap.sections["art_rows"].view)
    ):
        raise Damaged("article columns disagree")
    text = snap.sections["text"]
    columns = _ArticleColumns(
        cols,
        dates,
        text,
        text_off,
        text_pos,
        snap.array("blk", "i"),
        blk_off,
        h["kinds"],
        snap.array("sen", "i"),
        sen_off,
    )
    articles = LazyArticles(columns)
    ej = snap.json("entities")
    ids = ej["id"]
    if len(ids) != m:
        raise Damaged("entity columns disagree")
    entities = bulk(
        Entity, m, id=ids, name=ej["name"], type=ej["type"], aliases=map(tuple, ej["aliases"])
    )
    del ej
    problems = [Problem(p, msg, ln) for p, msg, ln in snap.json("problems")]

    ent_off, art_off = snap.array("ent_off", "q"), snap.array("art_off", "q")
    if len(ent_off) != m + 1 or len(art_off) != n + 1:
        raise Damaged("mention offsets disagree")
    mentions: dict[str, Slices | Positions] = {}
    for name, tc, off in (
        ("ent_art", "i", ent_off),
        ("ent_start", "i", ent_off),
        ("ent_end", "i", ent_off),
        ("art_ent", "i", art_off),
        ("art_start", "i", art_off),
        ("art_end", "i", art_off),
    ):
        sec = snap.sections[name]
        if len(sec.view) != off[-1] * array(tc).itemsize:
            raise Damaged(f"section {name} has the wrong size")
        mentions[name] = Slices(sec, tc, off)
    mentions["ent_pos"] = Positions(mentions["ent_art"], mentions["ent_start"])
    st_arts, st_first, st_last = (
        snap.array(x, "i") for x in ("st_articles", "st_first", "st_last")
    )
    if any(len(a) != m for a in (st_arts, st_first, st_last)):
        raise Damaged("stats disagree")

    def counts() -> list[int]:
        return list(map(sub, ent_off[1:], ent_off[:-1]))

    def stats() -> list[EntityStats]:
        return bulk(
            EntityStats,
            m,
            mentions=counts(),
            articles=st_arts,
            first=map(from_date_code, st_first),
            last=map(from_date_code, st_last),
        )

    folded_raw = snap.raw("folded")  # checked now (a damaged one is a miss), parsed if used

    def folded() -> list[str]:
        names: list[str] = json.loads(bytes(folded_raw))
        if len(names) != m:
            raise Damaged("folded names disagree")
        return names

    order = snap.array("ent_order", "i")
    if len(order) != m:
        raise Damaged("entity order disagrees")

    def one(i: int) -> EntityStats:
        return EntityStats(
            ent_off[i + 1] - ent_off[i],
            st_arts[i],
            from_date_code(st_first[i]),
            from_date_code(st_last[i]),
        )

    index = CorpusIndex(
        **mentions,
        article_index=dict(zip(cols["id"], range(n), strict=True)),
        entity_index=dict(zip(ids, range(m), strict=True)),
        stats=LazyStats(m, counts, stats, one),
        folded_names=LazyList(folded),
        entity_order=order,
    )
    corpus = Corpus(
        articles,
        entities,
        problems,
        LazyList(_read_spans(snap, "tr", articles, entities)),
        LazyList(_read_spans(snap, "q", articles, entities)),
        index,
    )
    return corpus, h["skey"]
