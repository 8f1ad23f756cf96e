"""Level 2 of the cache, updating (snapshot_update.py): the per-entity sections of the next
snapshot. The entity table merges the previous entities that stay with those decided again;
the mention arrays and statistics of a kept entity are the previous ones, its articles
renumbered, and only the others' mentions are sorted (numpy)."""

from __future__ import annotations

import heapq
import json
from array import array
from bisect import bisect_left
from typing import Any

from tui.corpus.index import SHIFT
from tui.model import Entity
from tui.store.snapshot_read import _Snapshot
from tui.store.snapshot_write import _Writer


class EntityTable:
    """The next entity table, column by column: the previous entities that stay (in key
    order, as the previous table) merged with those decided again (``fresh``); for each, its
    index in the previous table (``old_of``, -1 for a fresh one) and the matcher's folded
    names (the previous ones where the names did not change)."""

    def __init__(self, old: _Snapshot, fresh: list[Entity], gone: set[str]):
        prev = old.json("entities")
        prev_folded = json.loads(bytes(old.raw("folded")))
        ids = prev["id"]
        kept = ((eid, i) for i, eid in enumerate(ids) if eid not in gone)
        new = ((e.id, -1 - k) for k, e in enumerate(fresh))
        self.cols: dict[str, list[Any]] = {c: [] for c in ("id", "name", "type", "aliases")}
        self.old_of: list[int] = []
        self.folded: list[str | None] = []
        todo: list[int] = []
        col_id, col_name, col_type, col_al = (self.cols[c] for c in self.cols)
        for eid, i in heapq.merge(kept, new):  # both in key order
            if i >= 0:
                col_id.append(eid)
                col_name.append(prev["name"][i])
                col_type.append(prev["type"][i])
                col_al.append(prev["aliases"][i])
                self.folded.append(prev_folded[i])
                self.old_of.append(i)
                continue
            e = fresh[-1 - i]
            col_id.append(e.id)
            col_name.append(e.name)
            col_type.append(e.type)
            col_al.append(list(e.aliases))
            self.old_of.append(-1)
            at = bisect_left(ids, e.id)  # its previous entry, when it had one with these names
            if (
                at < len(ids)
                and ids[at] == e.id
                and prev["name"][at] == e.name
                and (prev["aliases"][at] == list(e.aliases))
            ):
                self.folded.append(prev_folded[at])
            else:
                todo.append(len(self.folded))
                self.folded.append(None)
        if todo:
            from tui.search import folded_names

            names = (
                (col_name[k], *col_al[k]) for k in todo
            )  # the names, then the aliases, as a build folds them
            for k, f in zip(todo, folded_names(names), strict=True):
                self.folded[k] = f


def mention_sections(
    w: _Writer,
    table: EntityTable,
    gi_of_key: list[int],
    m_key: array[int],
    m_start: array[int],
    m_end: array[int],
    m_off: array[int],
    published: array[int],
    n: int,
    old: _Snapshot,
    a_map: array[int],
) -> None:
    """The per-entity sections: what ``build_from_sources`` makes, in the same order. An
    entity kept from the previous snapshot (``table.old_of[e]``, its index there; -1 for one
    decided again) has the same mentions, in articles that all stay: its arrays are the old
    ones with the articles renumbered (``a_map``: old article -> new), its statistics the old
    ones. The others' mentions are found among every mention's entity (``gi_of_key``) and
    sorted. numpy does each pass over the millions of mentions in C."""
    import numpy as np

    m = len(table.old_of)
    g = np.asarray(gi_of_key, dtype=np.int32)[np.frombuffer(m_key, dtype=np.int32)]
    keep = g > -1  # the mentions of a kept entity
    art_ent = g[keep]
    art_start = np.frombuffer(m_start, dtype=np.int32)[keep]
    art_end = np.frombuffer(m_end, dtype=np.int32)[keep]
    kept_before = np.zeros(len(keep) + 1, dtype=np.int64)  # kept mentions before each
    np.cumsum(keep.view(np.uint8), dtype=np.int64, out=kept_before[1:])  # 10x a bool's cumsum
    art_off = kept_before[np.frombuffer(m_off, dtype=np.int64)]
    kept_per_article = np.diff(art_off)

    # the entities decided again: their mentions, sorted by entity (stably: article order)
    old_of_np = np.asarray(table.old_of, dtype=np.int64)
    fresh = old_of_np < 0
    mine = np.flatnonzero(fresh[art_ent])
    flat_a = np.repeat(np.arange(n, dtype=np.int32), kept_per_article)
    mine = mine[np.argsort(art_ent[mine], kind="stable")]
    fresh_count = np.bincount(art_ent[mine], minlength=m)
    # the kept ones: their old arrays, renumbered
    o_off = np.frombuffer(old.raw("ent_off"), dtype=np.int64)
    o_art = np.asarray(a_map, dtype=np.int32)[np.frombuffer(old.raw("ent_art"), dtype=np.int32)]
    o_start = np.frombuffer(old.raw("ent_start"), dtype=np.int32)
    o_end = np.frombuffer(old.raw("ent_end"), dtype=np.int32)
    kept = np.flatnonzero(~fresh)
    lens = fresh_count.astype(np.int64)
    lens[kept] = o_off[old_of_np[kept] + 1] - o_off[old_of_np[kept]]
    ent_off = np.concatenate(([0], np.cumsum(lens)))
    # one gather from a pool (the old arrays, then the fresh mentions): each entity's run
    # starts where its mentions are in the pool
    pool_at = np.empty(m, dtype=np.int64)
    pool_at[kept] = o_off[old_of_np[kept]]
    fresh_idx = np.flatnonzero(fresh)
    pool_at[fresh_idx] = len(o_art) + np.concatenate(([0], np.cumsum(fresh_count)))[:-1][fresh_idx]
    take = np.repeat(pool_at - ent_off[:-1], lens) + np.arange(int(ent_off[-1]), dtype=np.int64)
    ea = np.concatenate((o_art, flat_a[mine]))[take]
    es = np.concatenate((o_start, art_start[mine]))[take]
    ee = np.concatenate((o_end, art_end[mine]))[take]
    ep = (ea.astype(np.int64) << SHIFT) | es
    del take
    # statistics: the kept entities' as they were; for the others, their articles (a new
    # one where the entity or the article changes) and first and last publication dates
    st_art = np.zeros(m, dtype=np.int32)
    st_first = np.full(m, -1, dtype=np.int32)
    st_last = np.full(m, -1, dtype=np.int32)
    for col, name in ((st_art, "st_articles"), (st_first, "st_first"), (st_last, "st_last")):
        col[kept] = np.frombuffer(old.raw(name), dtype=np.int32)[old_of_np[kept]]
    f_ent = art_ent[mine]
    f_art = flat_a[mine]
    if len(mine):
        new_pair = np.ones(len(mine), dtype=bool)
        new_pair[1:] = (f_ent[1:] != f_ent[:-1]) | (f_art[1:] != f_art[:-1])
        st_art[fresh_idx] = np.bincount(f_ent[new_pair], minlength=m)[fresh_idx]
        pub = np.frombuffer(published, dtype=np.int32)[f_art]
        dated = np.flatnonzero(pub != -1)
        dated_ent = f_ent[dated]
        if len(dated):
            starts = np.flatnonzero(np.concatenate(([True], dated_ent[1:] != dated_ent[:-1])))
            ends = np.concatenate((starts[1:] - 1, [len(dated) - 1]))
            st_first[dated_ent[starts]] = pub[dated[starts]]
            st_last[dated_ent[ends]] = pub[dated[ends]]
    w.add_json("entities", table.cols)
    w.add_json("folded", table.folded)
    from tui.search_index import rank_order

    counts = np.diff(ent_off).tolist()
    w.add("ent_order", rank_order(counts, list(map(len, table.cols["name"]))))
    for name, data in (
        ("ent_art", ea),
        ("ent_off", ent_off),
        ("ent_start", es),
        ("ent_end", ee),
        ("ent_pos", ep),
    ):
        w.add(name, data.data)  # the array's own buffer, not a copy
    for name, data in (
        ("art_ent", art_ent),
        ("art_off", art_off),
        ("art_start", art_start),
        ("art_end", art_end),
    ):
        w.add(name, data.data)  # the array's own buffer, not a copy
    for name, data in (("st_articles", st_art), ("st_first", st_first), ("st_last", st_last)):
        w.add(name, data.data)  # the array's own buffer, not a copy
