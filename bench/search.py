"""Full-text search benchmark: ``python -m bench.search [--articles N]`` prints one table.

On a generated corpus (bench.make_corpus, shared with ``python -m bench``): the index build
against a cold load, the index size against the text, in-process query latency (first 200
hits) for words and phrases, ``chronique search`` end to end, and, side by side in the same
run, ``rg -i -F`` and ``grep -r -i -F`` over the same files for a word and a phrase. Numbers,
not a pass/fail test. Each measurement runs in a fresh process (``--measure KIND``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import bench.__main__ as bench_main
from bench.__main__ import HERE, corpus_bytes, ensure_corpus, log, machine, measure, stats

TARGETS = {"build": 0.25, "size": 1.0, "word": 0.050, "phrase": 0.150, "cli": 1.0, "speedup": 10}


# --- measurements, each in its own process ---------------------------------------------------


def _load(corpus: str):
    from tui.config import load_config
    from tui.loader import load_corpus

    return load_corpus(Path(corpus), load_config(), warn=lambda m: None)


def measure_index(corpus: str) -> dict:
    """Warm load, then open and bring the index up to date (a first build when it is new)."""
    from tui import fulltext

    t = time.perf_counter()
    loaded = _load(corpus)
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    index = fulltext.index_corpus(loaded, Path(corpus))
    t_build = time.perf_counter() - t
    index.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    text_bytes = 0
    texts = getattr(loaded.articles, "text", None)
    for i in range(len(loaded.articles)):
        t_i = texts(i) if texts else loaded.articles[i].text
        text_bytes += len(t_i.encode("utf-8", "surrogatepass"))
    path = index.path
    size = path.stat().st_size if path else 0
    parts = (
        dict(index.conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
        if _has_dbstat(index)
        else {}
    )
    body = index.conn.execute("SELECT sum(length(body)) FROM docs").fetchone()[0] or 0
    return {
        "warm_load": t_load,
        "build": t_build,
        "articles": index.articles(),
        "text_bytes": text_bytes,
        "index_bytes": size,
        "compressed_text_bytes": body,
        "tables": parts,
    }


def _has_dbstat(index) -> bool:
    try:
        index.conn.execute("SELECT 1 FROM dbstat LIMIT 1").fetchall()
        return True
    except Exception:  # noqa: BLE001 - dbstat is a compile-time option
        return False


def pick_queries(index, n_words: int, n_phrases: int, seed: int = 7) -> dict:
    """Words of every frequency (by the share of articles they are in) and phrases of two or
    three words taken from random articles, with their surfaces for rg/grep."""
    from tui import fulltext

    rng = random.Random(seed)
    index.conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, words, row)"
    )
    total = index.articles()
    rows = index.conn.execute("SELECT term, doc FROM temp.vocab WHERE length(term) > 2").fetchall()
    bands = [(0.5, 1.01), (0.1, 0.5), (0.01, 0.1), (0.001, 0.01), (0.0, 0.001)]
    words: list[tuple[str, float]] = []
    per = max(1, n_words // len(bands))
    for lo, hi in bands:
        inside = [(t, d / total) for t, d in rows if lo <= d / total < hi and t.isalpha()]
        rng.shuffle(inside)
        words.extend(inside[:per])
    # a word of middling frequency (1-10 % of the articles) for the side-by-side
    mid = next((w for w, share in words if 0.01 <= share < 0.1), words[0][0])
    top = index.conn.execute("SELECT max(id) FROM docs").fetchone()[0]
    ids = [r[0] for r in index.conn.execute("SELECT id FROM docs")]
    phrases: list[str] = []
    surfaces: list[str] = []
    while len(phrases) < n_phrases:
        text = index.text(rng.choice(ids))
        spans = [m.span() for m in fulltext.WORD.finditer(text)]
        if len(spans) < 4:
            continue
        k = rng.randint(0, len(spans) - 3)
        size = rng.choice((2, 3))
        a, b = spans[k][0], spans[k + size - 1][1]
        surface = text[a:b]
        if "\n" in surface or not all(len(text[s:e]) > 1 for s, e in spans[k : k + size]):
            continue
        phrases.append('"' + " ".join(text[s:e] for s, e in spans[k : k + size]) + '"')
        surfaces.append(surface)
    del top
    return {"words": words, "mid_word": mid, "phrases": phrases, "phrase_surfaces": surfaces}


def measure_queries(corpus: str, n_words: int, n_phrases: int, repeat: int) -> dict:
    from tui import fulltext

    index = fulltext.open_index(Path(corpus))
    picked = pick_queries(index, n_words, n_phrases)
    out: dict = {"picked": picked}
    for kind, queries in (
        ("word", [w for w, _s in picked["words"]]),
        ("phrase", picked["phrases"]),
    ):
        times, counts = [], []
        for q in queries:
            for _ in range(repeat):
                t = time.perf_counter()
                hits = index.search(fulltext.parse_query(q), limit=200)
                times.append(time.perf_counter() - t)
            counts.append(len(hits))
        out[kind] = {"times": times, "hits": counts}
    # the word and phrase that rg and grep look for, alone
    for kind, q in (("side_word", picked["mid_word"]), ("side_phrase", picked["phrases"][0])):
        times = []
        for _ in range(10):
            t = time.perf_counter()
            index.search(fulltext.parse_query(q), limit=200)
            times.append(time.perf_counter() - t)
        out[kind] = times
    return out


# --- the run ---------------------------------------------------------------------------------


def _env(xdg: Path) -> dict:
    """The frozen copy of the package first (edits made during a run change nothing, not even
    the index's code key), then the tree for the bench package."""
    env = {**os.environ, "XDG_CACHE_HOME": str(xdg)}
    path = [str(bench_main.SRC)] if bench_main.SRC else []
    path += [str(HERE.parent), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in path if p)
    return env


def sub(kind: str, *args: str, xdg: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.search", "--measure", kind, *args],
        capture_output=True,
        text=True,
        env=_env(xdg),
        cwd=bench_main.SRC or HERE.parent,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench.search --measure {kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def timed(cmd: list[str], repeat: int, env: dict | None = None) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        proc = subprocess.run(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            cwd=bench_main.SRC or HERE.parent,
        )
        times.append(time.perf_counter() - t)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr[-2000:]!r}")
    return times


def run(args) -> dict:
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    res: dict = {"machine": machine(), "args": vars(args)}
    corpus, _info = ensure_corpus(out, args.articles, args.entities, args.seed)
    nfiles, nbytes = corpus_bytes(corpus)
    res["corpus"] = {"path": str(corpus), "files": nfiles, "bytes": nbytes}
    xdg = out / f"xdg-search-{corpus.name}"
    if xdg.exists():
        shutil.rmtree(xdg)
    workers = args.workers or machine()["cores"]
    log(f"cold load of {nfiles:,} files ({nbytes / 1e6:.0f} MB), {workers} workers")
    res["cold"] = measure("load", "--corpus", str(corpus), "--workers", str(workers), xdg=xdg)
    measure("load", "--corpus", str(corpus), xdg=xdg)  # the snapshot, if the first was racy
    log(f"cold load {res['cold']['load']:.1f} s; building the full-text index")
    res["index"] = sub("index", "--corpus", str(corpus), xdg=xdg)
    log(f"index built in {res['index']['build']:.1f} s; queries")
    res["queries"] = sub(
        "queries",
        "--corpus",
        str(corpus),
        "--words",
        str(args.words),
        "--phrases",
        str(args.phrases),
        "--repeat",
        "3",
        xdg=xdg,
    )
    picked = res["queries"]["picked"]
    word, phrase = picked["mid_word"], picked["phrases"][0]
    surface = picked["phrase_surfaces"][0]
    env = _env(xdg)
    cli = [sys.executable, "-m", "tui", "--corpus", str(corpus), "search"]
    log(f"chronique search {word!r} / {phrase} end to end; rg and grep for {word!r}, {surface!r}")
    # the first 200 hits, as a terminal shows them (JSON gives every hit by default)
    res["cli_word"] = timed([*cli, word, "--json", "--limit", "200"], args.repeat, env)
    res["cli_phrase"] = timed([*cli, phrase, "--json", "--limit", "200"], args.repeat, env)
    res["side"] = {"word": word, "phrase": surface}
    for tool, base in (
        ("rg", ["rg", "-i", "-F", "--no-messages"]),
        ("grep", ["grep", "-r", "-i", "-F"]),
    ):
        if shutil.which(tool) is None:
            continue
        res[f"{tool}_word"] = timed([*base, word, str(corpus)], args.repeat)
        res[f"{tool}_phrase"] = timed([*base, surface, str(corpus)], args.repeat)
    return res


def table(res: dict) -> str:
    rows: list[tuple[str, str, str, str, str]] = []

    def verdict(value: float, target: float, higher: bool = False) -> str:
        return "met" if (value >= target if higher else value <= target) else "MISSED"

    cold = res["cold"]["load"]
    idx = res["index"]
    build = idx["build"]
    rows.append(
        (
            "index build (s) / cold load (s)",
            f"{build:.1f} / {cold:.1f}",
            f"+{100 * build / cold:.0f} %",
            "≤ +25 %",
            verdict(build / cold, TARGETS["build"]),
        )
    )
    ratio = idx["index_bytes"] / max(1, idx["text_bytes"])
    rows.append(
        (
            "index size / text size (MB)",
            f"{idx['index_bytes'] / 1e6:.0f} / {idx['text_bytes'] / 1e6:.0f}",
            f"{ratio:.2f}x",
            "≤ 1x",
            verdict(ratio, TARGETS["size"]),
        )
    )
    rows.append(
        (
            "  of which compressed texts (MB)",
            f"{idx['compressed_text_bytes'] / 1e6:.0f}",
            "",
            "",
            "",
        )
    )
    q = res["queries"]
    for kind, target in (("word", TARGETS["word"]), ("phrase", TARGETS["phrase"])):
        med, p95 = stats(q[kind]["times"])
        n = len(q[kind]["hits"])
        rows.append(
            (
                f"{kind} query, first 200 hits, in process ({n} queries)",
                f"{1000 * med:.1f} ms",
                f"p95 {1000 * p95:.1f} ms",
                f"p95 ≤ {1000 * target:.0f} ms",
                verdict(p95, target),
            )
        )
    for kind in ("word", "phrase"):
        med, p95 = stats(q[f"side_{kind}"])
        rows.append(
            (
                f"the same {kind} as rg below, in process",
                f"{1000 * med:.1f} ms",
                f"p95 {1000 * p95:.1f} ms",
                "",
                "",
            )
        )
    for kind in ("word", "phrase"):
        med, p95 = stats(res[f"cli_{kind}"])
        rows.append(
            (
                f"`chronique search` {kind}, end to end",
                f"{med:.2f} s",
                f"p95 {p95:.2f} s",
                "≤ 1 s",
                verdict(p95, TARGETS["cli"]),
            )
        )
    for tool in ("rg", "grep"):
        for kind in ("word", "phrase"):
            key = f"{tool}_{kind}"
            if key not in res:
                continue
            med, _p = stats(res[key])
            cli_med = stats(res[f"cli_{kind}"])[0]
            inproc = stats(q[f"side_{kind}"])[0]
            rows.append(
                (
                    f"{tool} -i -F, {kind} ({res['side'][kind]!r})",
                    f"{med:.2f} s",
                    f"{med / cli_med:.1f}x CLI, {med / inproc:.0f}x in process",
                    "≥ 10x",
                    verdict(med / cli_med, TARGETS["speedup"], True)
                    + " (CLI), "
                    + verdict(med / inproc, TARGETS["speedup"], True)
                    + " (in process)",
                )
            )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    head = ("metric", "value", "", "target", "")
    lines = [" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    c = res["corpus"]
    m = res["machine"]
    lines.append(
        f"\n{c['files']:,} files, {c['bytes'] / 1e6:.0f} MB, {idx['articles']:,} articles; "
        f"{m['cpu']}, {m['cores']} cores, {m['python']}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=10_000)
    p.add_argument("--entities", type=int)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int)
    p.add_argument("--repeat", type=int, default=5, help="runs of each command")
    p.add_argument("--words", type=int, default=40)
    p.add_argument("--phrases", type=int, default=40)
    p.add_argument("--out", default=str(HERE / "out"))
    p.add_argument("--json", metavar="FILE", help="also write all results as JSON")
    p.add_argument("--measure", choices=["index", "queries"], help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.measure == "index":
        print(json.dumps(measure_index(args.corpus)))
        return 0
    if args.measure == "queries":
        print(json.dumps(measure_queries(args.corpus, args.words, args.phrases, args.repeat)))
        return 0
    args.entities = args.entities or 2 * args.articles
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    bench_main.SRC = bench_main.freeze_source(out)
    try:
        res = run(args)
    finally:
        shutil.rmtree(bench_main.SRC, ignore_errors=True)
    print(table(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
