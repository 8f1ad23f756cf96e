"""The app's text search, timed: ``python -m bench.app_search [--articles N | --shipped]``.

From Enter in the search prompt to the concordance painted (the main screen's ``HitsShown``,
posted after the refresh that draws the first hits), and to every hit found and sorted (the
workers done), in the app run headless at 120x40 on a loaded corpus (warm cache: the load
is not timed). The first search of a fresh process on a corpus with no full-text index also
builds the index ("cold"); the others use the index on disk ("warm": the first search of a
process, which opens the index and checks the files) or already open ("open"). Each case
runs in a fresh process. Numbers, not a pass/fail test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.__main__ import HERE, ROOT, _env, ensure_corpus, log


def probe(corpus: str, queries: list[str], repeat: int) -> dict:
    """In this process: load, open the app, search each query ``repeat`` times."""
    from textual import on

    from tui.app.app import ChroniqueApp
    from tui.app.messages import HitsShown
    from tui.config import load_config
    from tui.loader import load_corpus

    config = load_config()
    loaded = load_corpus(Path(corpus), config, warn=lambda m: None)
    shown = asyncio.Event()
    found: list[tuple[int, float]] = []

    class Probe(ChroniqueApp):
        @on(HitsShown)
        def _shown(self, message: HitsShown) -> None:
            # the clock stops here, not when Pilot's press returns (it waits for more)
            found.append((message.hits, time.perf_counter()))
            shown.set()

    async def run() -> list[dict]:
        app = Probe(Path(corpus), config, corpus=loaded)
        out = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            for query in queries:
                for _ in range(repeat):
                    shown.clear()
                    ts = time.perf_counter()
                    await pilot.press("s", *query)
                    await pilot.pause()
                    t0 = time.perf_counter()
                    await pilot.press("enter")
                    await shown.wait()
                    t1 = found[-1][1]
                    await app.workers.wait_for_complete()
                    t2 = time.perf_counter()
                    main = app.main
                    hits = main.hits
                    out.append(
                        {
                            "query": query,
                            "painted_s": t1 - t0,
                            "from_s_key_s": t1 - ts,
                            "all_hits_s": t2 - t0,
                            "first_rows": found[-1][0],
                            "hits": hits.total if hits else 0,
                            "kept": len(hits) if hits else 0,
                        }
                    )
                    await pilot.press("escape")  # clear: the timeline again
                    await pilot.pause()
        return out

    return {"runs": asyncio.run(run()), "articles": len(loaded.articles)}


def build_stalls(corpus: str) -> dict:
    """The first build of the index in a thread, as the app's worker does it, while this
    thread sleeps 5 ms at a time: how late it wakes tells how long the build holds the
    interpreter from the UI (a frame is 16 ms)."""
    import threading

    from tui.app.textsearch import IndexHolder
    from tui.config import load_config
    from tui.loader import load_corpus

    config = load_config()
    loaded = load_corpus(Path(corpus), config, warn=lambda m: None)
    holder = IndexHolder(loaded, Path(corpus), config, True)
    took: list[float] = []

    def build() -> None:
        t = time.perf_counter()
        with holder.lock:
            holder.get()
        took.append(time.perf_counter() - t)

    thread = threading.Thread(target=build)
    thread.start()
    gaps: list[float] = []
    last = time.perf_counter()
    while thread.is_alive():
        time.sleep(0.005)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    thread.join()
    gaps.sort()
    return {
        "build_s": took[0],
        "tick_p50_s": gaps[len(gaps) // 2],
        "tick_p99_s": gaps[int(len(gaps) * 0.99)],
        "tick_max_s": gaps[-1],
    }


def pick(corpus: str) -> list[str]:
    """A rare, a middling and a common word and a phrase, from the corpus' own index."""
    from bench.search import pick_queries
    from tui import fulltext
    from tui.config import load_config
    from tui.loader import load_corpus

    loaded = load_corpus(Path(corpus), load_config(), warn=lambda m: None)
    with fulltext.index_corpus(loaded, Path(corpus)) as index:
        picked = pick_queries(index, 20, 1)
    words = picked["words"]
    common = max(words, key=lambda w: w[1])[0]
    rare = min(words, key=lambda w: w[1])[0]
    return [rare, picked["mid_word"], common, picked["phrases"][0]]


def _in_process(kind: str, corpus: str, xdg: Path, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.app_search", "--measure", kind, "--corpus", corpus, *args],
        capture_output=True,
        text=True,
        env=_env(xdg),
        cwd=ROOT,
        timeout=3600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _drop_index(xdg: Path) -> None:
    for p in (xdg / "chronique").glob("fulltext-*"):
        p.unlink()


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.app_search", description=__doc__)
    p.add_argument("--articles", type=int, default=10_000)
    p.add_argument("--shipped", action="store_true", help="the shipped corpus instead")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--out", default=str(HERE / "out"))
    p.add_argument("--measure", choices=["probe", "pick", "build"], help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    p.add_argument("--queries", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.measure == "probe":
        print(json.dumps(probe(args.corpus, json.loads(args.queries), args.repeat)))
        return
    if args.measure == "pick":
        print(json.dumps(pick(args.corpus)))
        return
    if args.measure == "build":
        print(json.dumps(build_stalls(args.corpus)))
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.shipped:
        corpus = ROOT / "corpus"
        name = "shipped"
    else:
        corpus, _info = ensure_corpus(out, args.articles, 2 * args.articles, 1)
        name = corpus.name
    xdg = out / f"xdg-app-search-{name}"
    log(f"corpus {corpus}; cache {xdg}")
    if args.shipped:
        queries = ["chine", "russie", "de", '"droits de douane"']
        # a first load fills the corpus cache
        _in_process("probe", str(corpus), xdg, "--queries", json.dumps(["chine"]), "--repeat", "1")
    else:
        log("warming the corpus cache and picking queries from the index")
        queries = _in_process("pick", str(corpus), xdg)
    log(f"queries: {queries}")
    _drop_index(xdg)
    stalls = _in_process("build", str(corpus), xdg)
    rows = []
    for q in queries:
        _drop_index(xdg)
        cold = _in_process("probe", str(corpus), xdg, "--queries", json.dumps([q]), "--repeat", "1")
        warm = _in_process(
            "probe", str(corpus), xdg, "--queries", json.dumps([q]), "--repeat", str(args.repeat)
        )
        runs = warm["runs"]
        rows.append((q, cold["runs"][0], runs[0], runs[1:], warm["articles"]))
    print(f"\n{name}: {rows[0][4]:,} articles, app at 120x40, Enter -> concordance painted")
    print(
        f"{'query':<28} {'hits':>9} {'cold index':>11} {'(from s)':>9} {'warm index':>11} "
        f"{'open (p50)':>11} {'all hits, open':>15}"
    )
    for q, cold, first, rest, _n in rows:
        painted = statistics.median(r["painted_s"] for r in rest) if rest else first["painted_s"]
        allh = statistics.median(r["all_hits_s"] for r in rest) if rest else first["all_hits_s"]
        hits = f"{first['hits']:,}" + ("*" if first["kept"] < first["hits"] else "")
        print(
            f"{q[:28]:<28} {hits:>9} {cold['painted_s'] * 1000:>9.0f}ms "
            f"{cold['from_s_key_s'] * 1000:>7.0f}ms "
            f"{first['painted_s'] * 1000:>9.0f}ms {painted * 1000:>9.0f}ms {allh * 1000:>13.0f}ms"
        )
    print("* more hits than are listed (counted, not kept)")
    print(
        "cold: no index on disk; it is built in a worker from the s key on, while the query is"
        " typed (from s: the whole of it)"
    )
    print(
        f"index build in a worker: {stalls['build_s']:.2f} s; meanwhile the UI thread's 5 ms"
        f" sleeps woke after p50 {stalls['tick_p50_s'] * 1000:.1f} ms,"
        f" p99 {stalls['tick_p99_s'] * 1000:.1f} ms, max {stalls['tick_max_s'] * 1000:.0f} ms"
    )
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
