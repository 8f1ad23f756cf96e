"""One measurement per process, so memory and cold imports are real: ``python -m bench.measure
KIND [options]`` prints one JSON object on stdout. Run by ``python -m bench``; usable alone.

Kinds: ``load`` (cold or warm load, optionally touching everything), ``paint`` (the app, headless,
until its first screen with the corpus), ``filter`` (per-keystroke entity filter latency),
``nextprev`` (next/previous mention latency), ``ingest1`` (single-process ingest throughput).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

T0 = float(os.environ.get("BENCH_T0", "0")) or time.time()  # the parent's clock at spawn


def rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB, from /proc (no psutil)."""
    cur = peak = 0.0
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    cur = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
    except OSError:
        import resource

        peak = cur = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return cur, peak


def _config():
    from tui.config import load_config

    return load_config()  # the shipped config, as `chronique` uses: they share the cache


def cmd_load(args) -> dict:
    from pathlib import Path

    from tui.loader import load_corpus_report

    t_imp = time.time() - T0
    t = time.perf_counter()
    corpus, report = load_corpus_report(
        Path(args.corpus),
        _config(),
        use_cache=not args.no_cache,
        workers=args.workers,
        warn=lambda m: None,
    )
    t_load = time.perf_counter() - t
    out = {
        "since_spawn": time.time() - T0,
        "imports": t_imp,
        "load": t_load,
        "articles": len(corpus.articles),
        "entities": len(corpus.entities),
        "snapshot": report.snapshot,
        "cached": report.cached,
        "ingested": report.ingested,
        "files": report.files,
        "phases": report.seconds,
        "warnings": report.warnings,
        "rss_mb": rss_mb()[0],
        "hwm_mb": rss_mb()[1],
    }
    if args.touch:  # the worst case: every article, date and quote built, the matcher too
        t = time.perf_counter()
        chars = sum(len(a.text) + len(a.blocks) + len(a.sentences) for a in corpus.articles)
        n = len(corpus.timerefs) + len(corpus.quotes)
        from tui.search import EntityMatcher

        EntityMatcher.for_corpus(corpus).search("a")
        for e in corpus.entities:
            corpus.stats(e.id)
        out.update(touch=time.perf_counter() - t, touched_chars=chars, timerefs_quotes=n)
        out["rss_touched_mb"], out["hwm_touched_mb"] = rss_mb()
    return out


def cmd_paint(args) -> dict:
    """Start the app headless on the corpus (loaded in its worker, as `chronique` does) and wait
    until the panes are mounted and the first screen with the corpus has been composed."""
    import asyncio
    from pathlib import Path

    from tui.app.app import ChroniqueApp

    config = _config()
    result: dict = {}

    class Probe(ChroniqueApp):
        shown = False

        def on_corpus_shown(self, message) -> None:  # the main screen filled the three panes
            self.shown = True

    async def main() -> None:
        app = Probe(Path(args.corpus), config)
        async with app.run_test(size=(160, 50)) as pilot:
            result["app_started"] = time.time() - T0
            deadline = time.monotonic() + args.timeout
            while not app.shown:
                if app.load_error or time.monotonic() > deadline:
                    result["error"] = app.load_error or "timeout"
                    return
                await asyncio.sleep(0.005)
            result["corpus_ready"] = time.time() - T0
            await (
                pilot.pause()
            )  # the refresh that paints it (headless, the frame is still rendered)
            result["first_paint"] = time.time() - T0
            result["rss_mb"], result["hwm_mb"] = rss_mb()
            await app.workers.wait_for_complete()  # the entity filter's first search
            await pilot.pause()
            result["filter_ready"] = time.time() - T0
            # the first keystrokes in the filter, until the list shows their result
            await pilot.press("slash")
            t = time.perf_counter()
            for key in "pou":
                await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            result["first_keystrokes"] = time.perf_counter() - t

    asyncio.run(main())
    return result


def _percentiles(xs: list[float]) -> dict:
    xs = sorted(xs)
    if not xs:
        return {"median": None, "p95": None, "max": None, "n": 0}
    return {
        "median": xs[len(xs) // 2],
        "p95": xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))],
        "max": xs[-1],
        "n": len(xs),
    }


def cmd_filter(args) -> dict:
    """Type each query one character at a time, searching every prefix with one matcher (the
    app's way: it reuses the previous result while the query grows)."""
    from bench.names import make_queries
    from tui.search import EntityMatcher

    names, types, weights = _names(args.entities, args.seed)
    t = time.perf_counter()
    matcher = EntityMatcher(names, types, weights)
    build = time.perf_counter() - t
    queries = make_queries(names, args.queries, seed=args.seed + 1)
    t = time.perf_counter()
    matcher.index()  # what an interactive caller does in a worker before the first keystroke
    warm = time.perf_counter() - t
    lat: list[float] = []
    worst = ("", 0.0)
    for q in queries:
        matcher.search("")  # the field is cleared between queries
        for k in range(1, len(q) + 1):
            t = time.perf_counter()
            matcher.search(q[:k])
            d = time.perf_counter() - t
            lat.append(d)
            if d > worst[1]:
                worst = (q[:k], d)
    return {
        "entities": len(names),
        "build": build,
        "index": warm,
        "keystrokes": _percentiles(lat),
        "worst": worst,
        "queries": queries[:8],
        "rss_mb": rss_mb()[0],
        "hwm_mb": rss_mb()[1],
    }


def _names(count: int, seed: int):
    """Entity names from bench.make_corpus's vocabulary (with its types; mention counts
    Zipf-like by rank within each type, as the generator draws them), else from bench.names."""
    try:
        from bench.make_corpus import entity_types, make_entity_names
    except ImportError:
        from bench.names import make_names

        return make_names(count, seed)
    names = make_entity_names(count, seed)
    types = entity_types(count)
    weights, seen = [], {}
    for t in types:
        r = seen[t] = seen.get(t, 0) + 1
        weights.append(max(1, int(1_000_000 / r**1.1)))
    return names, types, weights


def cmd_nextprev(args) -> dict:
    import random
    from pathlib import Path

    from tui.loader import load_corpus

    corpus = load_corpus(Path(args.corpus), _config(), warn=lambda m: None)
    rng = random.Random(args.seed)
    by_count = sorted(corpus.entities, key=lambda e: -corpus.mention_count(e.id))
    picks = by_count[:5] + rng.sample(by_count, min(45, len(by_count)))
    lat: list[float] = []
    for e in picks:
        rank, m = corpus.next_mention(e.id, None, 0)
        for step in range(40):
            backward = step % 3 == 2
            t = time.perf_counter()
            rank, m = corpus.next_mention(e.id, m.article_id, m.start, backward=backward)
            lat.append(time.perf_counter() - t)
    top = by_count[0] if by_count else None
    # a typical lookup: the person whose mention count is nearest 200 (a name people look up)
    people = [e for e in by_count if e.type == "PER" and " " in e.name] or by_count
    typical = min(people, key=lambda e: abs(corpus.mention_count(e.id) - 200)) if people else None
    return {
        "calls": _percentiles(lat),
        "top_entity": top.name if top else None,
        "top_mentions": corpus.mention_count(top.id) if top else 0,
        "typical_entity": typical.name if typical else None,
        "typical_mentions": corpus.mention_count(typical.id) if typical else 0,
        "rss_mb": rss_mb()[0],
        "hwm_mb": rss_mb()[1],
    }


def cmd_ingest1(args) -> dict:
    """Single-process ingest of a sample of the corpus files: MB of text per second per core."""
    from pathlib import Path

    from tui.ingest import ingest_file
    from tui.ingest.formats import discover

    files = discover(Path(args.corpus))
    step = max(1, len(files) // args.sample)
    sample = files[::step][: args.sample]
    config = _config()
    size = sum(p.stat().st_size for p in sample)
    # The first file pays the process's one-off costs (the extraction's patterns compiled on
    # first use, the gazetteer read): timed apart, so that the rate is the steady one a
    # corpus of thousands of files sees.
    t = time.perf_counter()
    ingest_file(sample[0], sample[0].stem, config.gazetteer)
    first = time.perf_counter() - t
    t = time.perf_counter()
    for p in sample:
        ingest_file(p, p.stem, config.gazetteer)
    d = time.perf_counter() - t
    return {
        "files": len(sample),
        "bytes": size,
        "seconds": d,
        "mb_s": size / d / 1e6,
        "first_file_seconds": first,
    }


# One line of the big article: a sentence-initial word, names, a role, a date, a quotation.
# A cast of a thousand names, as a long live blog or transcript would have.
_BIG_LINES = (
    "Ligne {i} : {name} a rencontré mardi 15 juillet le ministre de l'Intérieur.",
    "« Nous avancerons {i} », a déclaré {name} devant la SNCF.",
    "Selon Mme Claire Dubois, le {i} mars 2024 restera une date.",
    "Rapport{i} publié hier par l'Organisation mondiale de la santé (OMS).",
)


_FIRST = "Paul Marie Jean Claire Louis Anne Karim Sophie Marc Julie".split()
_LAST = [a + b for a in ("Dur", "Mar", "Bel", "Lef", "Gar", "Rou", "Ber", "Mor", "Fab", "Pet")
         for b in ("and", "tin", "ier", "eau", "el", "ot", "ain", "ard", "on", "y")]  # fmt: skip


def cmd_bigfile(args) -> dict:
    """Ingest of one generated article of ``--mb`` MB of short lines (issue 11: ingest was
    quadratic in the lines of a file). Articles over 5 million characters are cut at ingest."""
    import tempfile
    from pathlib import Path

    from tui.ingest import ingest_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        lines, size, i = [" date 2025-07 "], 0, 0
        while size < args.mb * 1e6:
            name = f"{_FIRST[i % len(_FIRST)]} {_LAST[i // len(_FIRST) % len(_LAST)]}"
            line = _BIG_LINES[i % len(_BIG_LINES)].format(i=i, name=name)
            lines.append(line)
            size += len(line.encode()) + 1
            i += 1
        path.write_text("\n".join(lines), encoding="utf-8")
        t = time.perf_counter()
        ingested = ingest_file(path, "big")
        d = time.perf_counter() - t
    art = ingested.articles[0]
    return {"bytes": size, "lines": i, "seconds": d, "quotes": len(art.quotes)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.measure")
    p.add_argument(
        "kind", choices=["load", "paint", "filter", "nextprev", "ingest1", "bigfile", "profile"]
    )
    p.add_argument("--corpus")
    p.add_argument("--no-cache", action="store_true")
    p.add_argument("--workers", type=int)
    p.add_argument("--touch", action="store_true")
    p.add_argument("--entities", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=40)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--sample", type=int, default=300)
    p.add_argument("--mb", type=float, default=10.0, help="bigfile: size of the article")
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--out", help="profile: where to write the pstats file")
    args = p.parse_args(argv)
    if args.kind == "profile":  # a warm load under cProfile, for the report
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
        out = cmd_load(args)
        prof.disable()
        prof.dump_stats(args.out or "warm.prof")
    else:
        out = globals()[f"cmd_{args.kind}"](args)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
