"""Level 2 of the cache, updating (snapshot_update.py): the per-entity sections of the next
snapshot. The entity table merges the previous entities that stay with those decided again;
the mention arrays and statistics of a kept entity are the previous ones, its articles
renumbered, and only the others' mentions are sorted (numpy)."""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from typing import Any

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
        stay = [i for i, eid in enumerate(ids) if eid not in gone] if gone else range(len(ids))
        # the fresh ones (in key order, as the table) put in among those that stay
        stay_ids = [ids[i] for i in stay] if gone else ids
        order: list[int] = []
        placed: list[int] = []  # where each fresh one goes
        done = 0
        for e in fresh:
            at = bisect_left(stay_ids, e.id, done)
            order += stay[done:at]
            placed.append(len(order))
            order.append(-1)
            done = at
        order += stay[done:]
        self.old_of: list[int] = order
        self.cols: dict[str, list[Any]] = {}
        for col in ("id", "name", "type", "aliases"):
            values = prev[col]
            self.cols[col] = [values[i] if i >= 0 else None for i in order]
        self.folded: list[str | None] = [prev_folded[i] if i >= 0 else None for i in order]
        todo: list[int] = []
        col_id, col_name, col_type, col_al = (self.cols[c] for c in self.cols)
        for j, e in zip(placed, fresh, strict=True):
            col_id[j], col_name[j], col_type[j], col_al[j] = e.id, e.name, e.type, list(e.aliases)
            at = bisect_left(ids, e.id)  # its previous entry, when it had one with these names
            if (
                at < len(ids)
                and ids[at] == e.id
                and prev["name"][at] == e.name
                and (prev["aliases"][at] == list(e.aliases))
            ):
                self.folded[j] = prev_folded[at]
            else:
                todo.append(j)
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
    art_start = np.frombuffer(m_start, dtype=np.int32)
    art_end = np.frombuffer(m_end, dtype=np.int32)
    art_off = np.frombuffer(m_off, dtype=np.int64)
    art_ent = g
    keep = g > -1  # the mentions whose key has an entity
    if not keep.all():
        art_ent, art_start, art_end = g[keep], art_start[keep], art_end[keep]
        # each article's first mention, less the mentions dropped before it
        art_off = art_off - np.searchsorted(np.flatnonzero(~keep), art_off)

    # the entities decided again: their mentions, sorted by entity (stably: article order)
    old_of_np = np.asarray(table.old_of, dtype=np.int64)
    fresh = old_of_np < 0
    mine = np.flatnonzero(fresh[art_ent])
    mine = mine[np.argsort(art_ent[mine], kind="stable")]
    fresh_count = np.bincount(art_ent[mine], minlength=m)
    # the article of each of those mentions
    f_art = np.searchsorted(art_off, mine, side="right").astype(np.int32) - 1
    # the kept ones: their old arrays, renumbered
    o_off = np.frombuffer(old.raw("ent_off"), dtype=np.int64)
    o_art = np.frombuffer(old.raw("ent_art"), dtype=np.int32)
    o_start = np.frombuffer(old.raw("ent_start"), dtype=np.int32)
    o_end = np.frombuffer(old.raw("ent_end"), dtype=np.int32)
    kept = np.flatnonzero(~fresh)
    fresh_idx = np.flatnonzero(fresh)
    lens = fresh_count.astype(np.int64)
    lens[kept] = o_off[old_of_np[kept] + 1] - o_off[old_of_np[kept]]
    ent_off = np.concatenate(([0], np.cumsum(lens)))
    total = int(ent_off[-1])
    ea = np.empty(total, dtype=np.int32)
    es = np.empty(total, dtype=np.int32)
    ee = np.empty(total, dtype=np.int32)
    a_map_np = np.asarray(a_map, dtype=np.int32)
    f_start, f_end = art_start[mine], art_end[mine]
    fresh_at = np.concatenate(([0], np.cumsum(fresh_count)))  # each entity's place among those
    # Copied in blocks: consecutive kept entities whose old runs follow each other are one
    # slice of the old arrays, consecutive fresh ones one slice of theirs (a few slices per
    # entity decided again, where a gather would visit every mention).
    step = np.ones(m, dtype=bool)
    if m:
        step[1:] = (fresh[1:] != fresh[:-1]) | (~fresh[1:] & (old_of_np[1:] != old_of_np[:-1] + 1))
    firsts = np.flatnonzero(step).tolist()
    nexts = firsts[1:] + [m] if firsts else []  # no entity, no block
    for first, nxt in zip(firsts, nexts, strict=True):
        lo, hi = int(ent_off[first]), int(ent_off[nxt])
        if fresh[first]:
            a, b = int(fresh_at[first]), int(fresh_at[nxt])
            ea[lo:hi] = f_art[a:b]
            es[lo:hi] = f_start[a:b]
            ee[lo:hi] = f_end[a:b]
        else:
            a, b = int(o_off[old_of_np[first]]), int(o_off[old_of_np[nxt - 1] + 1])
            np.take(a_map_np, o_art[a:b], out=ea[lo:hi])
            es[lo:hi] = o_start[a:b]
            ee[lo:hi] = o_end[a:b]
    # statistics: the kept entities' as they were; for the others, their articles (a new
    # one where the entity or the article changes) and first and last publication dates
    st_art = np.zeros(m, dtype=np.int32)
    st_first = np.full(m, -1, dtype=np.int32)
    st_last = np.full(m, -1, dtype=np.int32)
    for col, name in ((st_art, "st_articles"), (st_first, "st_first"), (st_last, "st_last")):
        col[kept] = np.frombuffer(old.raw(name), dtype=np.int32)[old_of_np[kept]]
    f_ent = art_ent[mine]
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
    # tui.search_index.rank_order's order (more mentions, then the shorter name, then the
    # index), sorted by numpy: lexsort is stable, so the index breaks the last ties
    lengths = np.fromiter(map(len, table.cols["name"]), dtype=np.int64, count=m)
    w.add("ent_order", np.lexsort((lengths, -np.diff(ent_off))).astype(np.int32).data)
    for name, data in (
        ("ent_art", ea),
        ("ent_off", ent_off),
        ("ent_start", es),
        ("ent_end", ee),
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
