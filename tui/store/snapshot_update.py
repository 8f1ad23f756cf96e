"""Level 2 of the cache, updating: the next snapshot made from the previous one and the files
that were added, changed or removed since, without building the corpus again.

A snapshot written from a build keeps, besides the corpus, what an update needs
(``write_update_sections``): the files it was made of (path, size, mtime, id), each article's
file, every mention with its article-local entity key (kept or not by the merge), each
article's local entities, each quotation's local speaker, the merge's inputs summed over the
corpus and its decision's groups (tui/corpus/merge.py). An update (``update_snapshot``):

1. finds the files added, changed and removed, and ingests the new ones (the per-file cache
   first), which are built alone into a small snapshot of their own;
2. takes the inputs of the articles that are gone out of the sums, adds the new ones' and
   decides again the keys they touch and those linked to them (``merge.decide_again``: the
   merge reads sums, in no order, so this is exactly a clean build's decision);
3. writes the next snapshot: every per-article section (texts, rows, dates, blocks, sentences,
   mentions, dated expressions, quotes) is copied in runs of articles from the two snapshots
   in date order, and the per-entity sections (entities, mention arrays, statistics, the
   matcher's names and order) are those of the previous snapshot for the entities not
   decided again (articles renumbered), made from the mentions' keys for the others, with
   numpy. The texts and most sections are byte copies: the cost is mostly that of copying
   the file, not of building a corpus.

A file whose id changed (a new file shares its name) is taken out and in again. Anything
unusual (duplicate ids, damage, another code version, many changes) is left to a full build,
which gives the same result. tests/test_incremental.py compares the two.
"""

from __future__ import annotations

import json
import marshal
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import chain, count
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from tui.corpus import Corpus
from tui.corpus.merge import MergeInputs, decide_again
from tui.ingest.entities import Gazetteer, LocalEntity
from tui.model import Problem
from tui.store.codec import dec_local_entity, enc_local_entity, enc_problem, from_date_code
from tui.store.snapshot_entities import EntityTable, mention_sections
from tui.store.snapshot_read import Damaged, Stale, _Snapshot
from tui.store.snapshot_write import (
    PREAMBLE,
    UPDATE_QUEUED,
    Files,
    _Writer,
    new_pool,
    write_pooled,
    write_snapshot,
)

# The sections an update reads besides the corpus's own.
UPDATE_SECTIONS = (
    "files",
    "art_file",
    "lkeys",
    "m_key",
    "m_start",
    "m_end",
    "m_off",
    "loc_rows",
    "loc_off",
    "q_lkey",
    "merge",
    "groups",
)


class Updated(NamedTuple):
    """What an update did: counts for the load report, and the paths of the files gone
    (whose per-file cache rows can go)."""

    counts: dict[str, int]
    removed: list[str]


class _Unsure(Exception):
    """Found once the next snapshot is being written: only a full build can be trusted."""


# More changed files than this share of the corpus: a full build is as fast.
MAX_SHARE = 0.25


def write_update_sections(
    w: _Writer, corpus: Corpus, files: Files, pool: Path | None = None
) -> bool:
    """The sections an update needs, for a corpus fresh from ``build_from_sources`` (False,
    nothing written, for any other); the articles' local entities in a pool file with
    ``pool`` (a name stem, tui/store/textpool.py)."""
    from tui.corpus.build import SourceArticles
    from tui.store.packed import PackedArticle

    arts = corpus.articles
    if not isinstance(arts, SourceArticles) or arts.merge_inputs is None:
        return False
    items = arts.sources()
    paths = files[0]
    file_of = {p: i for i, p in enumerate(paths)}
    art_file = array("i", (file_of.get(it.path, -1) for it in items))
    key_ids: defaultdict[str, int] = defaultdict(count().__next__)
    m_key, m_start, m_end = array("i"), array("i"), array("i")
    m_off = array("q", [0])
    locs: list[bytes] = []
    q_lkey = array("i")
    for it in items:
        ms = sorted(it.mentions())
        m_start.extend(map(itemgetter(0), ms))
        m_end.extend(map(itemgetter(1), ms))
        m_key.extend(map(key_ids.__getitem__, map(itemgetter(2), ms)))
        m_off.append(len(m_key))
        if isinstance(it, PackedArticle):
            locs.append(it.local_entities_json())
            speakers = it.quote_speakers()
        else:
            rows = [enc_local_entity(k, e) for k, e in it.local_entities().items()]
            locs.append(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode())
            speakers = [q.speaker for q in it.quotes()]
        q_lkey.extend(-1 if k is None else key_ids[k] for k in speakers)
    _add_files(w, files)
    w.add("art_file", art_file)
    w.add("lkeys", marshal.dumps(list(key_ids), 4))
    w.add("m_off", m_off)
    w.add("q_lkey", q_lkey)
    # each article's mentions, column by column: in pools, as its text
    for name, column in (("m_key", m_key), ("m_start", m_start), ("m_end", m_end)):
        view = memoryview(column)
        runs = (view[m_off[i] : m_off[i + 1]].cast("B") for i in range(len(m_off) - 1))
        byte_off, positions = array("q", [0]), array("q")
        if pool is not None:
            write_pooled(w, name, pool, runs, byte_off, positions)
        else:
            positions.extend(4 * m_off[i] for i in range(len(m_off) - 1))
            w.add(name, column)
        w.add(f"{name}_pos", positions)
    loc_off, loc_pos = array("q", [0]), array("q")
    if pool is not None:
        write_pooled(w, "loc_rows", pool, locs, loc_off, loc_pos)
    else:
        for loc in locs:
            loc_pos.append(loc_off[-1])
            loc_off.append(loc_off[-1] + len(loc))
        w.add_parts("loc_rows", locs)
    w.add("loc_off", loc_off)
    w.add("loc_pos", loc_pos)
    w.add("merge", arts.merge_inputs.to_bytes())
    w.add("groups", marshal.dumps(arts.merge_groups, 4))
    return True


def _add_files(w: _Writer, files: Files) -> None:
    """The files a snapshot was made of: paths, (size, mtime) flat, and ids (kept so that an
    update does not make the previous ids again from the paths). Only updates read it, and
    the local keys: in marshal's format, which loads ten times faster than JSON."""
    paths, stats, ids = files
    w.add(
        "files",
        marshal.dumps((list(paths), list(chain.from_iterable(stats)), list(ids)), 4),
    )


class _Gone:
    """An article of the old snapshot as the merge reads it (its inputs are taken back)."""

    def __init__(self, snap: _Snapshot, a: int, lkeys: list[str], cols: dict[str, Any]):
        t0 = cols["text_pos"][a]
        t1 = t0 + cols["text_off"][a + 1] - cols["text_off"][a]
        self.text = str(_checked(snap, "text", t0, t1), "utf-8")
        n = cols["m_off"][a + 1] - cols["m_off"][a]

        def column(name: str) -> array[int]:  # the article's run of a pooled mention column
            at: int = cols[f"{name}_pos"][a] // 4
            run: array[int] = cols[name][at : at + n]
            return run

        self._ms = list(
            zip(
                column("m_start"),
                column("m_end"),
                map(lkeys.__getitem__, column("m_key")),
                strict=True,
            )
        )
        l0 = cols["loc_pos"][a]
        self._loc = bytes(
            _checked(snap, "loc_rows", l0, l0 + cols["loc_off"][a + 1] - cols["loc_off"][a])
        )

    def mentions(self) -> list[tuple[int, int, str]]:
        return self._ms

    def local_entities(self) -> dict[str, LocalEntity]:
        return dict(map(dec_local_entity, json.loads(self._loc)))


def _checked(snap: _Snapshot, name: str, lo: int, hi: int) -> memoryview:
    """Bytes lo..hi-1 of a section, their checksums verified: damage is never copied on."""
    view, verify = _check_later(snap, name, lo, hi)
    verify()
    return view


def _ids_after(
    A: _Source, old_index: dict[str, int], paths: Sequence[str], ids: Callable[..., list[str]]
) -> list[str]:
    """``ids(paths)``, the files' article ids (their stems; their paths where stems clash),
    made only for the new files when the previous ones had no clash (no id holds a "/"):
    the files that stay keep theirs, unless a new stem clashes with one of them or with
    another new one, and then all are made again. (Making 100,000 stems costs 0.2 s.)"""
    if any("/" in i for i in A.file_ids):
        return ids(paths)
    new = [p for p in paths if p not in old_index]
    made = ids(new) if new else []
    kept = {A.file_ids[old_index[p]] for p in paths if p in old_index}
    if any("/" in i or i in kept for i in made):
        return ids(paths)
    of_new = dict(zip(new, made, strict=True))
    return [A.file_ids[old_index[p]] if p in old_index else of_new[p] for p in paths]


def _check_later(
    snap: _Snapshot, name: str, lo: int, hi: int
) -> tuple[memoryview, Callable[[], None]]:
    """Bytes lo..hi-1 of a section, and what verifies their checksums (in the thread that
    writes them: the verifying and the copying of 300 MB of texts overlap the rest)."""
    sec = snap.sections[name]

    def verify() -> None:
        if not sec.check(lo, hi):
            raise Damaged(f"section {name} fails its checksum")

    return sec.view[lo:hi], verify


def _runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted indices as maximal (lo, hi) ranges."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


class _Source:
    """One of the two snapshots an update reads, with the columns it uses."""

    def __init__(self, snap: _Snapshot):
        self.snap = snap
        self.odd: dict[str, tuple[dict[int, Any], list[int]]] = {}
        h = snap.header
        self.n = h["articles"]
        self.kinds: list[str] = h["kinds"]
        arr = snap.array
        self.cols: dict[str, Any] = {
            "text_off": arr("text_off", "q"),
            "text_pos": arr("text_pos", "q"),
            "art_row_off": arr("art_row_off", "q"),
            "blk_off": arr("blk_off", "q"),
            "sen_off": arr("sen_off", "q"),
            "m_off": arr("m_off", "q"),
            "loc_off": arr("loc_off", "q"),
            "loc_pos": arr("loc_pos", "q"),
            "m_key": arr("m_key", "i"),
            "m_start": arr("m_start", "i"),
            "m_end": arr("m_end", "i"),
            "m_key_pos": arr("m_key_pos", "q"),
            "m_start_pos": arr("m_start_pos", "q"),
            "m_end_pos": arr("m_end_pos", "q"),
            "art_file": arr("art_file", "i"),
            "dates": arr("dates", "i"),
        }
        self.ids: list[str] = snap.json("art_ids")
        self.lkeys: list[str] = marshal.loads(snap.raw("lkeys"))
        paths, st, file_ids = marshal.loads(snap.raw("files"))
        self.paths: list[str] = paths
        self.file_ids: list[str] = file_ids
        self.stats = list(zip(st[0::2], st[1::2], strict=True))
        # dated expressions and quotes: the first item of each article (items come in
        # article order)
        self.tr_art = arr("tr_art", "i")
        self.q_art = arr("q_art", "i")
        self.q_lkey = arr("q_lkey", "i")
        self.tr_off = _firsts(self.tr_art, self.n)
        self.q_off = _firsts(self.q_art, self.n)
        if len(self.tr_art) and self.tr_art[0] < 0 or len(self.q_art) and self.q_art[0] < 0:
            raise ValueError("spans of unknown articles")

    def sort_key(self, a: int) -> tuple[bool, tuple[int, int, int], str]:
        d = from_date_code(self.cols["dates"][2 * a + 1]) or from_date_code(
            self.cols["dates"][2 * a]
        )
        return (d is None, d.sort_key if d else (0, 0, 0), self.ids[a])


def _firsts(item_art: array[int], n: int) -> array[int]:
    """For each article 0..n, the index of its first item (items sorted by article)."""
    import numpy as np

    at = np.searchsorted(np.frombuffer(item_art, dtype=np.int32), np.arange(n + 1), "left")
    return array("q", at.astype(np.int64).tobytes())


def update_snapshot(
    old_path: Path,
    out: BinaryIO,
    *,
    code: str,
    skey: str,
    root: str,
    paths: Sequence[str],
    stats: Sequence[tuple[int, int]],
    ids: Callable[[Sequence[str]], list[str]],
    ingest: Callable[[list[int], list[str]], list[tuple[list[Any], list[Problem]]]],
    gazetteer: Gazetteer,
    scratch: Path,
    warn: Callable[[str], None],
    pool: Path | None = None,
) -> Updated | None:
    """Write to ``out`` the snapshot of ``paths`` made from the one at ``old_path``; None
    (nothing useful written) when a full build must do it. ``ids(paths)`` gives the files'
    article ids, ``ingest(file indexes, ids)`` their packed articles and problems; ``scratch`` is
    a temporary file name for the new articles' own snapshot. With ``pool`` (a new file's name),
    the texts are in a pool (tui/store/textpool.py): the previous snapshot's, the new texts
    appended, or this new one when that one is more than half garbage; without, in the file.
    Returns counts for the report."""
    try:
        old = _Snapshot(old_path, None, warn)
    except (OSError, Stale):  # none, or of another format: a build
        return None
    if (old.header.get("update") or {}).get("code") != code:
        return None
    if any(name not in old.sections for name in UPDATE_SECTIONS):
        return None
    A = _Source(old)
    old_index = {p: i for i, p in enumerate(A.paths)}
    fresh: list[int] = []  # new indexes of the files to ingest
    gone_file = bytearray(len(A.paths))  # old files whose articles go
    seen = bytearray(len(A.paths))
    for j, p in enumerate(paths):
        i = old_index.get(p)
        if i is None:
            fresh.append(j)
            continue
        seen[i] = 1
        if A.stats[i] != tuple(stats[j]):
            fresh.append(j)
            gone_file[i] = 1
    for i in range(len(A.paths)):
        if not seen[i]:
            gone_file[i] = 1
    changes = len(fresh) + sum(gone_file) - sum(1 for j in fresh if paths[j] in old_index)
    if changes == 0 or changes > max(64, MAX_SHARE * len(paths)):
        return None
    # Ids follow from the set of paths (a clash of stems names files by their path): a file
    # that stays but whose id changed is taken as changed (its articles out, then in again).
    new_ids = _ids_after(A, old_index, paths, ids)
    old_ids = A.file_ids
    renamed = [
        j
        for j, p in enumerate(paths)
        if p in old_index and not gone_file[old_index[p]] and new_ids[j] != old_ids[old_index[p]]
    ]
    if renamed:
        for j in renamed:
            gone_file[old_index[paths[j]]] = 1
        fresh = sorted(fresh + renamed)
        if changes + len(renamed) > max(64, MAX_SHARE * len(paths)):
            return None
    old_problems = [Problem(p, m, ln) for p, m, ln in old.json("problems")]
    if any(pr.path not in old_index or "duplicate article id" in pr.message for pr in old_problems):
        return None

    art_file = A.cols["art_file"]
    if any(f < 0 for f in art_file):  # an article of no known file: cannot be placed
        return None
    dropped = [a for a in range(A.n) if gone_file[art_file[a]]]
    results = ingest(fresh, new_ids)
    new_sources = [s for arts, _p in results for s in arts]
    fresh_problems = [p for _a, probs in results for p in probs]
    kept_ids = set(A.ids) - {A.ids[a] for a in dropped}
    new_id_list = [s.id for s in new_sources]
    if len(set(new_id_list)) != len(new_id_list) or kept_ids.intersection(new_id_list):
        return None

    # The new articles built alone, written as a snapshot of their own (B).
    from tui.corpus import build_from_sources

    paths_b = [paths[j] for j in fresh]
    stats_b = [(stats[j][0], stats[j][1]) for j in fresh]
    ids_b = [new_ids[j] for j in fresh]
    small = build_from_sources(new_sources, [], gazetteer)
    with open(scratch, "wb") as f:
        write_snapshot(f, small, "scratch", root, files=(paths_b, stats_b, ids_b))
    try:
        B = _Source(_Snapshot(scratch, None, warn))
    finally:
        scratch.unlink()

    # Article order: the old ones that stay, the new ones put in by date (ids are unique).
    dropped_set = set(dropped)
    stay = [a for a in range(A.n) if a not in dropped_set]
    at = [bisect_right(stay, B.sort_key(b), key=A.sort_key) for b in range(B.n)]
    order: list[tuple[_Source, int, int]] = []  # runs (source, lo, hi)
    prev = 0
    for b in range(B.n + 1):
        upto = at[b] if b < B.n else len(stay)
        for lo, hi in _runs(stay[prev:upto]):
            order.append((A, lo, hi))
        prev = upto
        if b < B.n:
            if order and order[-1][0] is B and order[-1][2] == b:
                order[-1] = (B, order[-1][1], b + 1)
            else:
                order.append((B, b, b + 1))

    # The file table: the current paths; each article's file, and local keys, in it.
    file_of = {p: j for j, p in enumerate(paths)}
    a_file_map = array("i", (file_of.get(p, -1) for p in A.paths))
    b_file_map = array("i", (file_of[p] for p in B.paths))
    lkeys = list(A.lkeys)
    lkey_of = {k: i for i, k in enumerate(lkeys)}
    b_key_map = array("i")
    for k in B.lkeys:
        if k not in lkey_of:
            lkey_of[k] = len(lkeys)
            lkeys.append(k)
        b_key_map.append(lkey_of[k])
    b_key_map_q = b_key_map + array("i", [-1])  # a quote without a speaker: -1 stays -1
    kinds = list(A.kinds)
    b_kind_map = []
    for k in B.kinds:
        if k not in kinds:
            kinds.append(k)
        b_kind_map.append(kinds.index(k))

    import numpy as np

    writer = _SpliceWriter(out, order)
    try:
        w = writer.w
        # The per-article sections first: they need only the article order, and the writing
        # thread writes them while the merge decides the entities again below.
        ids_out = writer.join(lambda s, lo, hi: s.ids[lo:hi])
        w.add_json("art_ids", ids_out)
        writer.bytes_section("art_rows", "art_row_off")
        writer.ints("dates", "i", per=2)
        writer.offset_section(
            "blk", "blk_off", "i", unit=5, remap=lambda s, a: _kind_remap(s, a, B, b_kind_map)
        )
        writer.offset_section("sen", "sen_off", "i", unit=2)
        _pooled(writer, A, B, "text", pool)
        w.add("text_off", writer.offsets(lambda s: s.cols["text_off"]))
        # every mention's key in the merged table
        m_key = _pooled_column(writer, "m_key", B, b_key_map)
        m_start = _pooled_column(writer, "m_start", B)
        m_end = _pooled_column(writer, "m_end", B)
        m_off = writer.offsets(lambda s: s.cols["m_off"])
        w.add("m_off", m_off)
        # the new articles' keys renumbered, as the pool keeps them
        b_m_off = B.cols["m_off"]
        for name in ("m_key", "m_start", "m_end"):
            _pooled(
                writer,
                A,
                B,
                name,
                pool,
                (
                    lambda b: _remapped(
                        B.cols["m_key"][b_m_off[b] : b_m_off[b + 1]], b_key_map
                    ).tobytes()
                )
                if name == "m_key"
                else None,
            )
        # problems: the old ones of the files that stay, the new ones, in file order
        problems = [pr for pr in old_problems if not gone_file[old_index[pr.path]]] + fresh_problems
        problems.sort(key=lambda pr: file_of.get(pr.path, len(paths)))  # stable: in-file order kept
        w.add_json("problems", [enc_problem(p) for p in problems])
        writer.spans("tr", ("tr_span", 2), ("tr_value", 1), ("tr_anchor", 1))
        writer.spans("q", ("q_span", 2), ("q_date", 1))
        q_lkey = writer.concat(
            lambda s, lo, hi: _slice_map(
                s.q_lkey, s.q_off[lo], s.q_off[hi], None if s is A else b_key_map_q
            ),
            "i",
        )
        w.add(
            "q_term",
            b"".join(
                bytes(_checked(s.snap, "q_term", s.q_off[lo], s.q_off[hi])) for s, lo, hi in order
            ),
        )
        writer.bytes_section("q_roles", "q_roles_off", lambda s: s.q_off)
        # the update's own sections
        _add_files(w, (paths, stats, new_ids))
        w.add(
            "art_file",
            writer.concat(
                lambda s, lo, hi: array(
                    "i",
                    map(
                        (a_file_map if s is A else b_file_map).__getitem__,
                        s.cols["art_file"][lo:hi],
                    ),
                ),
                "i",
            ),
        )
        w.add("lkeys", marshal.dumps(lkeys, 4))
        _pooled(writer, A, B, "loc_rows", pool)
        w.add("loc_off", writer.offsets(lambda s: s.cols["loc_off"]))
        w.add("q_lkey", q_lkey)

        # The merge: the gone articles' inputs out, the new ones' in; the keys they touch, and
        # all those linked to them, decided again; every other key keeps its entity.
        inputs = MergeInputs.from_bytes(bytes(old.raw("merge")))
        inputs.track()
        for a in dropped:
            inputs.add(_Gone(old, a, A.lkeys, A.cols), -1)
        for s in new_sources:
            inputs.add(s)
        inputs.prune()  # what the changes touched
        touched = inputs.untrack()
        if not inputs.exact(touched):
            raise _Unsure()
        old_groups, old_lasts = marshal.loads(bytes(old.raw("groups")))
        again = decide_again(inputs, gazetteer, touched, old_groups, old_lasts)
        groups, lasts = again.groups, again.lasts
        table = EntityTable(old, again.fresh, again.gone)

        # The per-entity sections.
        entity_index = {eid: i for i, eid in enumerate(table.cols["id"])}
        # each local key's entity: that of its group's root, for a key still in use
        gi_of_key = [-1] * len(lkeys)
        live, root_of, index_of = inputs.keys.get, groups.get, entity_index.get
        for k, i in lkey_of.items():
            if live(k, 0) > 0:
                gi_of_key[i] = index_of(root_of(k, k), -1)
        n = writer.n
        published = writer.concat(lambda s, lo, hi: s.cols["dates"][2 * lo + 1 : 2 * hi : 2], "i")
        a_map = array("i", [-1]) * A.n  # old article -> new (the articles that stay)
        placed = 0
        for src, lo, hi in order:
            if src is A:
                a_map[lo:hi] = array("i", range(placed, placed + hi - lo))
            placed += hi - lo
        mention_sections(w, table, gi_of_key, m_key, m_start, m_end, m_off, published, old, a_map)
        # each quote's speaker entity (-1, no speaker, indexes the -1 put at the end)
        gi_key = array("i", gi_of_key)
        speaker_of = np.frombuffer(gi_key + array("i", [-1]), dtype=np.int32)
        w.add("q_speaker", speaker_of[np.frombuffer(q_lkey, dtype=np.int32)].data)
        w.add("merge", inputs.to_bytes())
        w.add("groups", marshal.dumps((groups, lasts), 4))
        writer.finish(
            {
                "skey": skey,
                "root": root,
                "articles": n,
                "entities": len(table.old_of),
                "kinds": kinds,
                "update": {"code": code},
            }
        )
    except _Unsure:  # sums the merge cannot trust: a build
        writer.w.abandon()
        return None
    except BaseException:  # the file is given up: its writing thread stopped
        writer.w.abandon()
        raise
    return Updated(
        {
            "files": len(fresh),
            "removed_files": len(A.paths) - sum(seen),
            "dropped": len(dropped),
            "added": len(new_sources),
        },
        [p for i, p in enumerate(A.paths) if not seen[i]],
    )


def _pooled(
    writer: _SpliceWriter,
    A: _Source,
    B: _Source,
    name: str,
    pool: Path | None,
    b_part: Callable[[int], bytes] | None = None,
) -> None:
    """A section cut per article that may be in a pool (_POOLED: the texts, the local
    entities, the mention columns) and its positions: appended to the previous snapshot's
    pool, copied to a fresh one (``pool``, the new pools' stem) when that one is half garbage
    or cannot be appended to, or copied here when no pool is given. ``b_part(b)``: the new
    article b's bytes when they are not B's own (local keys renumbered). The offsets section
    is the caller's."""
    from tui.store.textpool import SHARED, PoolDamaged, PoolWriter

    w = writer.w
    off_name, pos_name, unit = _POOLED[name]
    positions = array("q")
    old = A.snap.header["sections"][name]  # [offset, length, CRCs] (and a pool's name)
    live = sum(s.cols[off_name][hi] - s.cols[off_name][lo] for s, lo, hi in writer.order) * unit
    new_bytes = B.cols[off_name][-1] * unit
    part_of_b: Callable[[int], bytes | memoryview] = b_part or (lambda b: _bytes_of(B, name, b))
    appender = None
    if SHARED and pool is not None and len(old) == 4 and old[1] + new_bytes <= 2 * live:
        # the previous snapshot's pool, the new articles' bytes appended; a pool that cannot
        # be appended to (no lock on this file system, damage) is written afresh below, its
        # bytes verified as they are copied
        try:
            appender = PoolWriter.append_to(A.snap.path.parent / old[3], old[1], old[2])
        except (OSError, PoolDamaged):
            appender = None
    if appender is not None:
        try:
            for s, lo, hi in writer.order:
                if s is A:
                    positions.extend(A.cols[pos_name][lo:hi])
                    continue
                for b in range(lo, hi):
                    positions.append(appender.add(part_of_b(b)))
            length, crcs = appender.finish()
        finally:
            appender.close()
        w.external(name, length, crcs, old[3])
        w.add(pos_name, positions)
        return
    # every article's bytes copied, in runs that follow each other, to a new pool or here
    parts: list[tuple[Any, list[int]]] = []  # (bytes or what verifies them, places in them)
    for s, lo, hi in writer.order:
        if s is B and b_part is not None:
            for b in range(lo, hi):
                parts.append((b_part(b), [0]))
            continue
        for s_, a, b, places in _byte_runs(s, name, lo, hi):
            parts.append((_check_later(s_.snap, name, a, b), places))
    if pool is not None:
        with new_pool(w, name, pool) as fresh:
            for part, places in parts:
                if isinstance(part, tuple):  # (the bytes, what verifies them)
                    part[1]()
                    part = part[0]
                at = fresh.add(part)
                positions.extend(at + p for p in places)
    else:
        at = 0
        runs = []
        for part, places in parts:
            positions.extend(at + p for p in places)
            run = part if isinstance(part, tuple) else (memoryview(part), _verified)
            at += len(run[0])
            runs.append(run)
        w.add_copied(name, runs)
    w.add(pos_name, positions)


def _verified() -> None:
    """What verifies bytes made here (nothing to verify)."""


# a pooled section -> its offsets (per article, end to end), its positions (bytes, in the
# section) and the bytes of an offsets unit
_POOLED = {
    "text": ("text_off", "text_pos", 1),
    "loc_rows": ("loc_off", "loc_pos", 1),
    "m_key": ("m_off", "m_key_pos", 4),
    "m_start": ("m_off", "m_start_pos", 4),
    "m_end": ("m_off", "m_end_pos", 4),
}


def _bytes_of(s: _Source, name: str, i: int) -> memoryview:
    """Article i's bytes in a pooled section, checked."""
    a, b = _span_of(s, name, i)
    return _checked(s.snap, name, a, b)


def _span_of(s: _Source, name: str, i: int) -> tuple[int, int]:
    """Where article i's bytes are in a pooled section."""
    off_name, pos_name, unit = _POOLED[name]
    a = s.cols[pos_name][i]
    return a, a + (s.cols[off_name][i + 1] - s.cols[off_name][i]) * unit


def _byte_runs(
    s: _Source, name: str, lo: int, hi: int
) -> list[tuple[_Source, int, int, list[int]]]:
    """The bytes of articles lo..hi-1 in a pooled section as byte ranges, one for those that
    follow each other (all of them, but where an update appended some): (source, start,
    end, each article's place from the start)."""
    runs: list[tuple[_Source, int, int, list[int]]] = []
    for i in range(lo, hi):
        a, b = _span_of(s, name, i)
        if runs and runs[-1][2] == a:
            _s, start, _end, places = runs[-1]
            places.append(a - start)
            runs[-1] = (s, start, b, places)
        else:
            runs.append((s, a, b, [0]))
    return runs


def _pooled_column(
    writer: _SpliceWriter, name: str, B: _Source, remap_b: array[int] | None = None
) -> array[int]:
    """A pooled int column (m_key, m_start, m_end) in the new article order, in memory (what
    the entity sections are made from); B's local keys renumbered by ``remap_b``."""
    out = array("i")
    for s, lo, hi in writer.order:
        col = s.cols[name]
        for _s, a, b, _places in _byte_runs(s, name, lo, hi):
            part = col[a // 4 : b // 4]
            out += _remapped(part, remap_b) if remap_b is not None and s is B else part
    return out


def _remapped(part: array[int], mapping: array[int]) -> array[int]:
    return array("i", map(mapping.__getitem__, part))


def _kind_remap(s: _Source, flat: array[int], B: _Source, b_kind_map: list[int]) -> array[int]:
    if s is not B:
        return flat
    out = array("i", flat)
    out[0::5] = array("i", map(b_kind_map.__getitem__, flat[0::5]))
    return out


def _slice_map(col: array[int], lo: int, hi: int, mapping: array[int] | None) -> array[int]:
    part = col[lo:hi]
    return part if mapping is None else array("i", map(mapping.__getitem__, part))


class _SpliceWriter:
    """The next snapshot, its per-article sections copied in runs from the two sources."""

    def __init__(self, out: BinaryIO, order: list[tuple[_Source, int, int]]):
        out.write(b"\0" * PREAMBLE.size)
        self.out = out
        self.w = _Writer(out, UPDATE_QUEUED)
        self.w.pos = PREAMBLE.size
        self.order = order
        self.n = sum(hi - lo for _s, lo, hi in order)

    def join(self, part: Callable[[_Source, int, int], list[Any]]) -> list[Any]:
        out: list[Any] = []
        for s, lo, hi in self.order:
            out += part(s, lo, hi)
        return out

    def concat(self, part: Callable[[_Source, int, int], array[int]], tc: str) -> array[int]:
        out = array(tc)
        for s, lo, hi in self.order:
            out += part(s, lo, hi)
        return out

    def _cut(
        self,
        off_of: Callable[[_Source], Any],
        firsts: Callable[[_Source], array[int]] | None = None,
    ) -> tuple[list[tuple[int, int]], array[int]]:
        """A section cut by offsets (``off_of(s)``: per article, or per item when ``firsts(s)``
        gives each article's first item): each run's range in its source, and the offsets
        of the section spliced from the runs (from 0)."""
        import numpy as np

        ranges = []
        parts = [np.zeros(1, dtype=np.int64)]
        end = 0
        for s, lo, hi in self.order:
            off = np.frombuffer(off_of(s), dtype=np.int64)
            a, b = (firsts(s)[lo], firsts(s)[hi]) if firsts else (lo, hi)
            ranges.append((int(off[a]), int(off[b])))
            parts.append(off[a + 1 : b + 1] + (end - off[a]))
            end += int(off[b] - off[a])
        return ranges, array("q", np.concatenate(parts).tobytes())

    def offsets(self, off_of: Callable[[_Source], array[int]]) -> array[int]:
        """Per-article offsets (n + 1, from 0) of a section cut by ``off_of(source)``."""
        return self._cut(off_of)[1]

    def bytes_section(
        self, name: str, off_name: str, firsts: Callable[[_Source], array[int]] | None = None
    ) -> None:
        """A byte section cut by an offsets section (per article, or per item with
        ``firsts``), copied run by run, its runs' checksums verified first."""
        off_of: dict[int, Any] = {}  # each source's offsets, read and checked once
        for s, _lo, _hi in self.order:
            if id(s) not in off_of:
                off_of[id(s)] = s.cols[off_name] if off_name in s.cols else s.snap.raw(off_name)
        ranges, offsets = self._cut(lambda s: off_of[id(s)], firsts)
        runs = zip(self.order, ranges, strict=True)
        self.w.add_copied(
            name, [_check_later(s.snap, name, a, b) for (s, _lo, _hi), (a, b) in runs]
        )
        self.w.add(off_name, offsets)

    def ints(self, name: str, tc: str, per: int) -> None:
        """A section of ``per`` ints per article (one of the columns read)."""
        self.w.add(name, self.concat(lambda s, lo, hi: s.cols[name][per * lo : per * hi], tc))

    def offset_section(
        self,
        name: str,
        off_name: str,
        tc: str,
        unit: int,
        remap: Callable[[_Source, array[int]], array[int]] | None = None,
    ) -> None:
        """An int section of ``unit`` ints per item, cut per article by ``off_name``."""
        cache: dict[int, array[int]] = {}

        def part(s: _Source, lo: int, hi: int) -> array[int]:
            if id(s) not in cache:
                cache[id(s)] = s.snap.array(name, tc)
            off = s.cols[off_name]
            flat = cache[id(s)][off[lo] * unit : off[hi] * unit]
            return remap(s, flat) if remap else flat

        self.w.add(name, self.concat(part, tc))
        self.w.add(off_name, self.offsets(lambda s: s.cols[off_name]))

    def spans(self, prefix: str, *columns: tuple[str, int]) -> None:
        """Dated expressions ("tr") or quotes ("q"): the article column made again (the new
        article indexes), the others copied, the odd values' item indexes moved."""
        import numpy as np

        arts = []
        odd: dict[str, Any] = {}
        item = 0
        first = 0
        for s, lo, hi in self.order:
            off = s.tr_off if prefix == "tr" else s.q_off
            per_article = np.diff(np.frombuffer(off, dtype=np.int64)[lo : hi + 1])
            arts.append(np.repeat(np.arange(first, first + hi - lo, dtype=np.int32), per_article))
            s_odd, s_items = _odd(s, prefix)
            for k in s_items[bisect_left(s_items, off[lo]) : bisect_left(s_items, off[hi])]:
                odd[str(item + k - off[lo])] = s_odd[k]
            item += off[hi] - off[lo]
            first += hi - lo
        self.w.add(f"{prefix}_art", np.concatenate(arts or [np.zeros(0, np.int32)]).tobytes())
        for name, width in columns:
            col = array("i")
            sources = {id(s): s for s, _lo, _hi in self.order}
            whole = {k: s.snap.array(name, "i") for k, s in sources.items()}
            for s, lo, hi in self.order:
                off = s.tr_off if prefix == "tr" else s.q_off
                col += whole[id(s)][off[lo] * width : off[hi] * width]
            self.w.add(name, col)
        self.w.add_json(f"{prefix}_odd", odd)

    def finish(self, fields: dict[str, Any]) -> None:
        from tui.store.snapshot_write import finish_header

        finish_header(self.out, self.w, fields)


def _odd(s: _Source, prefix: str) -> tuple[dict[int, Any], list[int]]:
    """A source's odd values by item index, and those indexes sorted."""
    if prefix not in s.odd:
        odd = {int(k): v for k, v in s.snap.json(f"{prefix}_odd").items()}
        s.odd[prefix] = odd, sorted(odd)
    return s.odd[prefix]
