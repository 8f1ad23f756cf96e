"""Level 2 of the cache, writing: the built Corpus as one binary file (``snap-*.bin``).

Layout: a preamble (magic, header offset, length, CRC32), then sections 8-byte aligned (JSON
columns of the articles and entities, flat int arrays: dates as codes, blocks, sentences, the
mention arrays of ``CorpusIndex`` with their offsets, statistics, dated expressions and quotes
as columns), the texts as UTF-8, and a JSON header at the end naming every section with a CRC32
per 1 MiB chunk. The reader is tui/store/snapshot_read.py.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import MISSING, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from tui.corpus import Corpus, CorpusIndex
from tui.model import Entity
from tui.store.codec import FORMAT_VERSION, date_code, enc_extra, enc_problem

if TYPE_CHECKING:
    from tui.store.textpool import PoolWriter

SNAP_MAGIC = b"CHRQSNP\x01"
PREAMBLE = struct.Struct("<8sQQI")  # magic, header offset, header length, header CRC32
TEXT_CHUNK = 1 << 20
# The Corpus fields the snapshot knows; any other must hold its default (snapshot_unsupported).
CORPUS_FIELDS = frozenset(("articles", "entities", "problems", "timerefs", "quotes", "index"))
INDEX_FIELDS = (
    "ent_art",
    "ent_start",
    "ent_end",
    "ent_pos",
    "art_ent",
    "art_start",
    "art_end",
    "article_index",
    "entity_index",
    "stats",
    "folded_names",
    "entity_order",
)


def snapshot_unsupported(corpus: Corpus) -> str | None:
    """Why this corpus cannot be snapshotted (a Corpus field this module does not know holds
    something other than its default), or None."""
    if tuple(f.name for f in fields(CorpusIndex)) != INDEX_FIELDS:
        return "unknown CorpusIndex fields"
    for f in fields(Corpus):
        if f.name in CORPUS_FIELDS:
            continue
        default = (
            f.default
            if f.default is not MISSING
            else (f.default_factory() if f.default_factory is not MISSING else MISSING)
        )
        if default is MISSING or getattr(corpus, f.name) != default:
            return f"unknown Corpus field {f.name}"
    return None


class _Crcs:
    """The CRC32 of each 1 MiB chunk of a section, worked out part after part."""

    __slots__ = ("done", "crc", "filled")

    def __init__(self) -> None:
        self.done: list[int] = []
        self.crc, self.filled = 0, 0

    def feed(self, data: memoryview) -> None:
        while len(data):
            take = min(len(data), TEXT_CHUNK - self.filled)
            self.crc = zlib.crc32(data[:take], self.crc)
            self.filled += take
            data = data[take:]
            if self.filled == TEXT_CHUNK:
                self.done.append(self.crc)
                self.crc, self.filled = 0, 0

    def result(self) -> list[int]:
        return self.done + [self.crc] if self.filled else self.done


# How far the writing thread may lag behind: the sections handed to it and not yet written
# are kept alive, so a bound keeps the memory of a build's peak where it was. An update holds
# its big arrays until the end anyway: it lets the thread lag further (UPDATE_QUEUED), rather
# than wait for it in the middle and leave it idle later.
MAX_QUEUED = 64 << 20
UPDATE_QUEUED = 256 << 20
SWITCH_INTERVAL = 0.0005  # seconds, while the writing thread runs


class _Writer:
    """Sections written one after the other, 8-byte aligned, each with its CRCs.

    The writes and the checksums run in a thread of their own, in order (both release the
    GIL), so that the file is written while the next section is being made: about a third of
    an update or a build's snapshot time. A section handed over must not change afterwards
    (all are made for the snapshot and dropped once written). ``wait()`` is called before the
    header is made (it raises what the writing raised); ``abandon()`` on the way out of a
    failed write."""

    def __init__(self, f: BinaryIO, max_queued: int = MAX_QUEUED):
        self.f = f
        self.pos = 0
        self._max_queued = max_queued
        # name -> [offset, length, CRC32 of each chunk]; CRCs filled in by the thread
        # (a section in another file has its name fourth: external())
        self.sections: dict[str, tuple[Any, ...]] = {}
        self._crcs: dict[str, _Crcs] = {}
        self._pool: Any = None
        self._pending: deque[tuple[Any, int]] = deque()  # (future, bytes) in order
        self._queued = 0
        self._interval = 0.005

    def _submit(
        self,
        data: memoryview,
        crcs: _Crcs | None,
        verify: Callable[[], None] | None = None,
    ) -> None:
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(1, thread_name_prefix="snapshot-write")
            # The thread takes the GIL back after each 1 MiB checksum; at the default 5 ms
            # switch interval it would wait that long each time the main thread computes.
            self._interval = sys.getswitchinterval()
            sys.setswitchinterval(min(self._interval, SWITCH_INTERVAL))
        # bytes borrowed from a mapped file (``verify`` given) hold no memory of their own
        size = 0 if verify is not None else len(data)
        self._pending.append((self._pool.submit(self._write, data, crcs, verify), size))
        self._queued += size
        while self._queued > self._max_queued and len(self._pending) > 1:
            done, size = self._pending.popleft()
            done.result()
            self._queued -= size

    def _write(
        self, data: memoryview, crcs: _Crcs | None, verify: Callable[[], None] | None
    ) -> None:
        if verify is not None:
            verify()
        self.f.write(data)
        if crcs is not None:
            crcs.feed(data)

    def wait(self) -> None:
        """Everything handed over written, the sections' CRCs known."""
        while self._pending:
            self._pending.popleft()[0].result()
        self._queued = 0
        for name, crcs in self._crcs.items():
            start, length, _ = self.sections[name]
            self.sections[name] = (start, length, crcs.result())
        self._crcs.clear()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
            sys.setswitchinterval(self._interval)

    def abandon(self) -> None:
        """Stop writing (the file is given up): what is queued is dropped."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            sys.setswitchinterval(self._interval)
        self._pending.clear()

    def _pad(self) -> None:
        pad = -self.pos % 8
        if pad:
            self._submit(memoryview(b"\0" * pad), None)
            self.pos += pad

    def add(self, name: str, data: bytes | bytearray | memoryview | array[int]) -> None:
        """A section, with a CRC32 per 1 MiB chunk (checked when the chunk is first read)."""
        self.add_parts(name, (data,))

    def add_parts(
        self, name: str, parts: Iterable[bytes | bytearray | memoryview | array[int]]
    ) -> None:
        """A section written part after part (a CRC32 per 1 MiB chunk)."""
        self._section(name, ((part, None) for part in parts))

    def add_copied(self, name: str, runs: Iterable[tuple[memoryview, Callable[[], None]]]) -> None:
        """A section spliced from runs of a mapped file (a previous snapshot): each run's
        ``verify()`` (it raises on a checksum that fails: damage is never copied on) runs in
        the writing thread just before the run is written."""
        self._section(name, runs)

    def _section(self, name: str, parts: Iterable[tuple[Any, Callable[[], None] | None]]) -> None:
        self._pad()
        start = self.pos
        crcs = self._crcs[name] = _Crcs()
        for part, verify in parts:
            mv = memoryview(part).cast("B")
            if len(mv):
                self._submit(mv, crcs, verify)
                self.pos += len(mv)
        self.sections[name] = (start, self.pos - start, [])

    def external(self, name: str, length: int, crcs: list[int], file: str) -> None:
        """A section kept in another file of the snapshot's folder (a text pool): bytes
        0..length-1 of it, with their CRCs."""
        self.sections[name] = (0, length, crcs, file)

    def add_json(self, name: str, obj: Any) -> None:
        self.add(name, json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


# The files a corpus was built from: their paths, (size, mtime_ns) and article ids.
Files = tuple[Sequence[str], Sequence[tuple[int, int]], Sequence[str]]


def entity_columns(ents: Sequence[Entity]) -> dict[str, list[Any]]:
    """The ``entities`` section: one JSON column per field."""
    return {
        "id": [e.id for e in ents],
        "name": [e.name for e in ents],
        "type": [e.type for e in ents],
        "aliases": [list(e.aliases) for e in ents],
    }


def _concat(arrays: Sequence[array[int]], typecode: str) -> tuple[array[int], array[int]]:
    big = array(typecode)
    off = array("q", [0])
    for a in arrays:
        big += a
        off.append(len(big))
    return big, off


def write_snapshot(
    f: BinaryIO,
    corpus: Corpus,
    skey: str,
    given_root: str,
    files: Files | None = None,
    code: str | None = None,
    pool: Path | None = None,
) -> None:
    """Write the corpus to an open binary file (preamble, sections, header at the end).
    With ``files`` (the paths and their (size, mtime) the corpus was built from), a corpus
    fresh from a build also gets the sections the next update reads (snapshot_update.py),
    and ``code`` says which code and config may update it. With ``pool`` (a name stem, in
    the snapshot's folder), the texts go to a pool file of their own (tui/store/textpool.py),
    and so do the update's local entities."""
    preamble = PREAMBLE
    f.write(b"\0" * preamble.size)
    w = _Writer(f)
    w.pos = preamble.size
    try:
        arts = corpus.articles
        n = len(arts)
        kinds: dict[str, int] = {}
        dates = array("i")
        blk = array("i")
        blk_off = array("q", [0])
        sen = array("i")
        sen_off = array("q", [0])
        ids: list[str] = []
        # The other text fields, one JSON array per article, each followed by a comma: a lookup
        # that shows a few articles parses their rows only (ROW_FIELDS), not those of the corpus.
        rows = bytearray()
        row_off = array("q", [0])
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        for a in arts:
            ids.append(a.id)
            row = [a.path, a.title, a.source, a.url, a.author, enc_extra(a.extra)]  # ROW_FIELDS
            rows += dumps(row).encode()
            rows += b","
            row_off.append(len(rows))
            dates.append(date_code(a.date))
            dates.append(date_code(a.published))
            for b in a.blocks:
                k = kinds.setdefault(b.kind, len(kinds))
                blk.extend((k, b.start, b.end, b.credit_start, b.credit_end))
            blk_off.append(len(blk) // 5)
            for s, e in a.sentences:
                sen.append(s)
                sen.append(e)
            sen_off.append(len(sen) // 2)
        w.add_json("art_ids", ids)  # a warm start reads only these at once
        w.add("art_rows", rows)
        del rows
        for name, data in (
            ("art_row_off", row_off),
            ("dates", dates),
            ("blk", blk),
            ("blk_off", blk_off),
            ("sen", sen),
            ("sen_off", sen_off),
        ):
            w.add(name, data)
        del blk, sen

        # Texts: UTF-8, one after the other; CRC per 1 MiB chunk, checked when first read.
        # A corpus built from packed articles gives each text as UTF-8 without making the
        # article. Each text's length (``text_off``: offsets as if end to end) and place
        # (``text_pos``): in a pool file of their own, or in this file.
        text_off = array("q", [0])
        text_pos = array("q")
        if pool is not None:
            write_pooled(w, "text", pool, map(arts.utf8, range(n)), text_off, text_pos)
        else:

            def texts() -> Iterator[bytes]:
                total = 0
                for utf8 in map(arts.utf8, range(n)):
                    text_pos.append(total)
                    total += len(utf8)
                    text_off.append(total)
                    yield utf8

            w.add_parts("text", texts())
        w.add("text_off", text_off)
        w.add("text_pos", text_pos)

        ents = corpus.entities
        w.add_json("entities", entity_columns(ents))
        ix = corpus.index
        # what the entity matcher would fold again at every lookup
        folded = ix.folded_names
        if folded is None:
            # The matcher's module (and rapidfuzz) only when a snapshot is written: the reader
            # imports this module for the file's layout, and a warm start must not pay for it.
            from tui.search import folded_names

            folded = folded_names((e.name, *e.aliases) for e in ents)
        w.add_json("folded", list(folded))
        order = ix.entity_order
        if order is None:
            from tui.search_index import rank_order

            order = rank_order(corpus.mention_counts(), [len(e.name) for e in ents])
        w.add("ent_order", array("i", order))
        for name, seq, tc in (
            ("ent_art", ix.ent_art, "i"),
            ("ent_start", ix.ent_start, "i"),
            ("ent_end", ix.ent_end, "i"),
            ("art_ent", ix.art_ent, "i"),
            ("art_start", ix.art_start, "i"),
            ("art_end", ix.art_end, "i"),
        ):
            big, off = _concat(seq, tc)
            w.add(name, big)
            if name in ("ent_art", "art_ent"):
                w.add(name[:3] + "_off", off)
        st_art, st_first, st_last = array("i"), array("i"), array("i")
        for st in ix.stats:
            st_art.append(st.articles)
            st_first.append(date_code(st.first))
            st_last.append(date_code(st.last))
        for name, column in (("st_articles", st_art), ("st_first", st_first), ("st_last", st_last)):
            w.add(name, column)
        w.add_json("problems", [enc_problem(p) for p in corpus.problems])
        _write_spans(w, "tr", corpus.timerefs, corpus, ("value", "anchor"))
        _write_spans(w, "q", corpus.quotes, corpus, ("date",))

        fields: dict[str, Any] = {
            "skey": skey,
            "root": given_root,
            "articles": n,
            "entities": len(ents),
            "kinds": sorted(kinds, key=kinds.__getitem__),
        }
        if files is not None:
            from tui.store.snapshot_update import write_update_sections

            if write_update_sections(w, corpus, files, pool):
                fields["update"] = {"code": code}
        finish_header(f, w, fields)
    except BaseException:  # the file is given up: its writing thread stopped
        w.abandon()
        raise


def write_pooled(
    w: _Writer,
    name: str,
    pool: Path,
    parts: Iterable[bytes | bytearray | memoryview],
    offsets: array[int],
    positions: array[int],
) -> None:
    """Section ``name``, one part per article, written to a new pool file (the stem
    ``pool``, tui/store/textpool.py; removed on failure): each part's place appended to
    ``positions``, the running length to ``offsets``."""
    with new_pool(w, name, pool) as writer:
        total = offsets[-1]
        for part in parts:
            positions.append(writer.add(part))
            total += len(part)
            offsets.append(total)


@contextmanager
def new_pool(w: _Writer, name: str, pool: Path) -> Iterator[PoolWriter]:
    """A new pool file for section ``name`` (the stem ``pool``), filled by the caller in the
    block, then named in the snapshot's header; removed if the block fails."""
    from tui.store.textpool import PoolWriter, pool_file

    target = pool_file(pool, name)
    writer = PoolWriter.create(target)
    try:
        yield writer
        length, crcs = writer.finish()
    except BaseException:
        writer.close()
        target.unlink(missing_ok=True)
        raise
    w.external(name, length, crcs, target.name)


def finish_header(f: BinaryIO, w: _Writer, fields: dict[str, Any]) -> None:
    """The JSON header at the end (the sections and ``fields``), and the preamble."""
    w._pad()
    w.wait()
    header = {
        "format": FORMAT_VERSION,
        "byteorder": sys.byteorder,
        "itemsize": [array("i").itemsize, array("q").itemsize],
        "chunk": TEXT_CHUNK,
        **fields,
        "sections": w.sections,
    }
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hpos = w.pos
    f.write(raw)
    f.seek(0)
    f.write(PREAMBLE.pack(SNAP_MAGIC, hpos, len(raw), zlib.crc32(raw)))


def _write_spans(
    w: _Writer,
    prefix: str,
    items: Iterable[Any],  # TimeRef ("tr") or Quote ("q")
    corpus: Corpus,
    date_fields: tuple[str, ...],
) -> None:
    """Dated expressions ("tr") or quotes ("q") as columns: article index, start, end, date
    codes (and for quotes the speaker's entity index, role, verb, is_term). The text is not
    stored when it is the article's text[start:end] (always, from the extractors): it is cut
    again on load. Anything else goes to an "odd" JSON map, index -> field values."""
    aidx, eidx = corpus.index.article_index, corpus.index.entity_index
    # the article's text, without building the article where the sequence allows; items come
    # article after article, so the last one is kept
    text_of = corpus.articles.text
    last_a, last_text = -1, ""
    art, span = array("i"), array("i")
    dates = [array("i") for _ in date_fields]
    odd: dict[int, dict[str, Any]] = {}
    quotes = prefix == "q"
    spk, term = array("i"), bytearray()
    # each quote's [role, verb] as a JSON item ending in a comma, cut by offsets: an update
    # copies runs of them as bytes (the few distinct pairs are encoded once)
    roles, roles_off = bytearray(), array("q", [0])
    encoded: dict[tuple[str | None, str | None], bytes] = {}
    for k, x in enumerate(items):
        a = aidx.get(x.article_id, -1)
        art.append(a)
        span.append(x.start)
        span.append(x.end)
        for col, name in zip(dates, date_fields, strict=True):
            col.append(date_code(getattr(x, name)))
        if a < 0:
            odd[k] = {"article_id": x.article_id, "text": x.text}
        else:
            if a != last_a:
                last_a, last_text = a, text_of(a)
            if last_text[x.start : x.end] != x.text:
                odd[k] = {"text": x.text}
        if quotes:
            e = eidx.get(x.speaker, -2) if x.speaker is not None else -1
            spk.append(e)
            if e == -2:
                odd.setdefault(k, {})["speaker"] = x.speaker
            term.append(1 if x.is_term else 0)
            if x.also:  # rare (a repeated quotation): kept with the odd values
                odd.setdefault(k, {})["also"] = [list(p) for p in x.also]
            pair = (x.speaker_role, x.verb)
            item = encoded.get(pair)
            if item is None:
                item = encoded[pair] = _json_item(list(pair))
            roles += item
            roles_off.append(len(roles))
    w.add(f"{prefix}_art", art)
    w.add(f"{prefix}_span", span)
    for col, name in zip(dates, date_fields, strict=True):
        w.add(f"{prefix}_{name}", col)
    if quotes:
        w.add("q_speaker", spk)
        w.add("q_term", term)
        w.add("q_roles", roles)
        w.add("q_roles_off", roles_off)
    w.add_json(f"{prefix}_odd", {str(k): v for k, v in odd.items()})


def _json_item(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b","
