"""Chronique benchmarks: ``python -m bench`` runs them all and prints one table.

    python -m bench                    # 100,000 articles (generated once under bench/out/)
    python -m bench --articles 20000   # another size
    python -m bench --smoke            # 1,000 articles, small filter sizes, no verdicts (CI)

Each measurement runs in its own process (bench/measure.py) so that import time, cold caches
and resident memory are real. Corpora generated here (bench.make_corpus) and their caches go
under bench/out/ (gitignored) and are reused by later runs with the same size and seed; the
cold-ingest measurement always starts from an empty cache folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHIPPED = ROOT / "corpus"

TARGETS = {
    "ingest_core": 5.0,  # MB/s per core, cold
    "warm": 3.0,  # s
    "rss": 2048.0,  # MB
    "filter_100k": 0.016,  # s, p95 per keystroke
    "filter_1m": 0.100,
    "nextprev": 0.005,
    "mentions_n": 1.0,
    "mentions_shipped": 0.2,
}


def machine() -> dict:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": model,
        "cores": cores,
        "memory_mb": mem,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(terse=True),
    }


# The package as it was when the run started (see freeze_source): every measured process
# imports it, so that edits made to the tree during a long run do not change what is measured
# (nor the cache keys, which hash the source).
SRC: Path | None = None


def freeze_source(out: Path) -> Path:
    dest = out / f"src-{os.getpid()}"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT / "tui", dest / "tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "config.yaml", dest / "config.yaml")
    return dest


def _env(xdg: Path | None) -> dict:
    path = [str(SRC)] if SRC else []
    path += [str(ROOT), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in path if p)}
    if xdg is not None:
        env["XDG_CACHE_HOME"] = str(xdg)
    return env


def measure(kind: str, *args: str, xdg: Path | None = None, timeout: float = 7200) -> dict:
    """Run one measurement in a fresh process; its JSON result."""
    env = _env(xdg)
    env["BENCH_T0"] = repr(time.time())
    proc = subprocess.run(
        [sys.executable, "-m", "bench.measure", kind, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=SRC or ROOT,  # `python -m` puts the working folder first on sys.path
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench.measure {kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def ensure_corpus(out: Path, articles: int, entities: int, seed: int) -> tuple[Path, dict]:
    """The generated corpus for these parameters, made once and reused."""
    name = f"corpus-a{articles}-e{entities}-s{seed}"
    folder, marker = out / name, out / f"{name}.json"
    if folder.is_dir() and marker.is_file():
        return folder, json.loads(marker.read_text())
    if folder.exists():
        shutil.rmtree(folder)
    log(f"generating {articles:,} articles ({entities:,} entities, seed {seed}) in {folder}")
    code = (
        "import json, sys; from pathlib import Path; from bench.make_corpus import make_corpus; "
        "info = make_corpus(Path(sys.argv[1]), articles=int(sys.argv[2]), entities=int(sys.argv[3]), "
        "seed=int(sys.argv[4])); print(json.dumps(info, default=str))"
    )
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(articles), str(entities), str(seed)],
        capture_output=True,
        text=True,
        env=_env(None),
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench.make_corpus failed:\n{proc.stderr[-3000:]}")
    try:
        info = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        info = {}
    info = info if isinstance(info, dict) else {"info": info}
    info["generated_in_s"] = round(time.perf_counter() - t, 1)
    marker.write_text(json.dumps(info))
    return folder, info


def corpus_bytes(folder: Path) -> tuple[int, int]:
    total = n = 0
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            if f.endswith((".txt", ".md", ".markdown", ".jsonl")):
                total += os.stat(os.path.join(dirpath, f)).st_size
                n += 1
    return n, total


def wait_until_old(folder: Path, seconds: float = 2.5) -> None:
    """Files younger than the cache's racy window are not cached: let a fresh corpus age."""
    newest = 0.0
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            newest = max(newest, os.stat(os.path.join(dirpath, f)).st_mtime)
    delay = newest + seconds - time.time()
    if delay > 0:
        time.sleep(delay)


def stats(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return xs[len(xs) // 2], xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def timed_cli(args: list[str], xdg: Path, repeat: int) -> list[float]:
    cmd = [sys.executable, "-m", "tui"]  # `chronique`, from the frozen source
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        proc = subprocess.run(
            cmd + args,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(xdg),
            cwd=SRC or ROOT,
        )
        times.append(time.perf_counter() - t)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"chronique {' '.join(args)} failed: {proc.stderr[-2000:]}")
    return times


def run(args) -> dict:
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    res: dict = {"machine": machine(), "args": vars(args), "rows": []}
    rows = res["rows"]
    smoke = args.smoke

    def row(metric, median, p95, target, unit, memory=None, higher_better=False, note=""):
        if target is None or smoke or median is None:
            verdict = "—" if smoke or target is None else "?"
        else:
            ok = median if higher_better else p95 if p95 is not None else median
            verdict = "met" if (ok >= target if higher_better else ok <= target) else "MISSED"
        rows.append(
            {
                "metric": metric,
                "median": median,
                "p95": p95,
                "target": target,
                "unit": unit,
                "verdict": verdict,
                "memory": memory,
                "higher_better": higher_better,
                "note": note,
            }
        )

    corpus, info = ensure_corpus(out, args.articles, args.entities, args.seed)
    nfiles, nbytes = corpus_bytes(corpus)
    res["corpus"] = {"path": str(corpus), "files": nfiles, "bytes": nbytes, "generator": info}
    wait_until_old(corpus)
    xdg = out / f"xdg-{corpus.name}"
    mb = nbytes / 1e6
    cores = res["machine"]["cores"]
    workers = args.workers or cores
    if args.only == "daily":  # the daily-use rows alone, from the cache as it is
        measure("load", "--corpus", str(corpus), "--workers", str(workers), xdg=xdg)
        daily_use(corpus, xdg, out, args, row, res, workers)
        return res

    # 1. cold ingest: empty cache, all files ingested in worker processes, corpus built, saved
    if xdg.exists():
        shutil.rmtree(xdg)
    log(f"cold load of {nfiles:,} files ({mb:.0f} MB) with {workers} workers")
    cold = measure("load", "--corpus", str(corpus), "--workers", str(workers), xdg=xdg)
    res["cold"] = cold
    res["corpus"].update(articles=cold["articles"], entities=cold["entities"])
    ingest_s = cold["phases"].get("ingest", cold["load"])
    row(
        f"cold ingest, {workers} workers (MB/s)",
        mb / ingest_s,
        None,
        None,
        "MB/s",
        cold["hwm_mb"],
        True,
        f"{ingest_s:.1f} s ingest, {cold['load']:.1f} s whole load",
    )
    row(
        "cold ingest per core (MB/s)",
        mb / ingest_s / workers,
        None,
        TARGETS["ingest_core"],
        "MB/s",
        None,
        True,
        "pool throughput / workers",
    )
    one = measure("ingest1", "--corpus", str(corpus), "--sample", str(200 if smoke else 400))
    res["ingest1"] = one
    row(
        "ingest, one process (MB/s)",
        one["mb_s"],
        None,
        TARGETS["ingest_core"],
        "MB/s",
        None,
        True,
        f"{one['files']} files serially",
    )
    log(f"cold: {cold['load']:.1f} s ({cold['phases']}); single process {one['mb_s']:.2f} MB/s")
    big = measure("bigfile", "--mb", "1" if smoke else "10")
    res["bigfile"] = big
    row(
        f"ingest of one {big['bytes'] / 1e6:.0f} MB article (s)",
        big["seconds"],
        None,
        10.0,
        "s",
        None,
        False,
        f"{big['lines']:,} short lines (cut at 5 M characters); linear, not quadratic",
    )

    # 2. warm start to a loaded Corpus (level-2 snapshot), fresh process each time
    if (
        not cold.get("snapshot")
        and cold.get("ingested", 0)
        and not any(k == "snapshot save" for k in cold["phases"])
    ):
        measure("load", "--corpus", str(corpus), xdg=xdg)  # racy files: a second load saves it
    warm = [measure("load", "--corpus", str(corpus), xdg=xdg) for _ in range(args.repeat)]
    res["warm"] = warm
    if not all(w["snapshot"] for w in warm):
        log("warning: a warm load did not come from the snapshot")
    med, p95 = stats([w["since_spawn"] for w in warm])
    row(
        "warm start → Corpus (s, from process spawn)",
        med,
        p95,
        TARGETS["warm"],
        "s",
        max(w["hwm_mb"] for w in warm),
        note=f"load() alone {stats([w['load'] for w in warm])[0]:.2f} s",
    )
    touched = measure("load", "--corpus", str(corpus), "--touch", xdg=xdg)
    res["touched"] = touched
    hit = [w for w in warm if w["snapshot"]] or warm
    row(
        "resident memory, warm start (MB)",
        hit[0]["rss_mb"],
        None,
        TARGETS["rss"],
        "MB",
        hit[0]["hwm_mb"],
    )
    row(
        "resident memory, everything touched (MB)",
        touched["rss_touched_mb"],
        None,
        TARGETS["rss"],
        "MB",
        touched["hwm_touched_mb"],
        note=f"all articles/dates/quotes built + matcher, {touched['touch']:.1f} s",
    )
    row(
        "resident memory, cold load peak (MB)",
        cold["hwm_mb"],
        None,
        TARGETS["rss"],
        "MB",
        cold["hwm_mb"],
    )

    # 3. first painted screen of the app (headless run_test), when the app is there
    try:
        import tui.app.app  # noqa: F401

        has_app = True
    except Exception as err:  # noqa: BLE001
        has_app = False
        res["paint_error"] = repr(err)
    if has_app:
        paints = []
        for _ in range(args.repeat):
            try:
                wait = ("--timeout", "120") if args.smoke else ()  # CI: a stuck app fails fast
                paints.append(
                    measure("paint", "--corpus", str(corpus), *wait, xdg=xdg, timeout=900)
                )
            except RuntimeError as err:
                res["paint_error"] = str(err)[-500:]
                break
        res["paint"] = paints
        ok = [p for p in paints if "first_paint" in p]
        if ok:
            med, p95 = stats([p["first_paint"] for p in ok])
            fr = stats([p["filter_ready"] for p in ok])[0]
            row(
                "warm start → first painted screen, app as is (s)",
                med,
                p95,
                TARGETS["warm"],
                "s",
                max(p["hwm_mb"] for p in ok),
                note=f"entity list filled at {fr:.2f} s",
            )
            med, p95 = stats([p["first_keystrokes"] for p in ok])
            row(
                "app: first 3 keystrokes in the filter, until shown (s)",
                med,
                p95,
                None,
                "s",
                note="includes building the search index",
            )
        else:
            row(
                "warm start → first painted screen (s)",
                None,
                None,
                TARGETS["warm"],
                "s",
                note=res.get("paint_error", "")[:60] or (paints[0].get("error") if paints else ""),
            )
    else:
        row(
            "warm start → first painted screen (s)", None, None, TARGETS["warm"], "s", note="no app"
        )

    # 4. entity filter per keystroke
    for size in args.filter_sizes:
        log(f"filter latency at {size:,} entities")
        f = measure("filter", "--entities", str(size), "--queries", str(args.queries))
        res[f"filter_{size}"] = f
        k = f["keystrokes"]
        target = TARGETS["filter_100k"] if size <= 100_000 else TARGETS["filter_1m"]
        row(
            f"filter per keystroke @{size:,} entities (ms)",
            k["median"],
            k["p95"],
            target,
            "s",
            f["hwm_mb"],
            note=f"{k['n']} keystrokes, worst {f['worst'][1] * 1000:.0f} ms {f['worst'][0]!r}; "
            f"build {f['build']:.1f} s",
        )

    # 5. next / previous mention
    npv = measure("nextprev", "--corpus", str(corpus), xdg=xdg)
    res["nextprev"] = npv
    row(
        "next/prev mention (ms)",
        npv["calls"]["median"],
        npv["calls"]["p95"],
        TARGETS["nextprev"],
        "s",
        npv["hwm_mb"],
        note=f"{npv['calls']['n']} calls; top entity {npv['top_mentions']} mentions",
    )

    # 6. `chronique mentions QUERY`, warm cache, wall time of the whole process
    shipped_xdg = out / "xdg-shipped"
    timed_cli(["--corpus", str(SHIPPED), "mentions", "poutine"], shipped_xdg, 1)  # warms the cache
    ts = timed_cli(["--corpus", str(SHIPPED), "mentions", "poutine"], shipped_xdg, args.repeat)
    med, p95 = stats(ts)
    row(
        "`chronique mentions poutine`, shipped corpus (s)",
        med,
        p95,
        TARGETS["mentions_shipped"],
        "s",
    )
    for label, name, count in (
        ("typical", npv.get("typical_entity"), npv.get("typical_mentions")),
        ("most mentioned", npv.get("top_entity"), npv.get("top_mentions")),
    ):
        query = (name or "a").lower()
        repeat = args.repeat if label == "typical" else 1
        ts = timed_cli(["--corpus", str(corpus), "mentions", *query.split()], xdg, repeat)
        med, p95 = stats(ts)
        big = args.articles >= 100_000
        note = f"{label}: {count:,} mentions printed with context"
        if not big and label == "typical":
            note += "; target is for 100,000 articles"
        row(
            f"`chronique mentions {query}` @{args.articles:,} articles (s)",
            med,
            p95,
            TARGETS["mentions_n"] if big and label == "typical" else None,
            "s",
            note=note,
        )
    daily_use(corpus, xdg, out, args, row, res, workers)
    return res


def supports(command: str, option: str) -> bool:
    """True when ``chronique COMMAND`` (the frozen source) has this option."""
    proc = subprocess.run(
        [sys.executable, "-m", "tui", command, "--help"],
        capture_output=True,
        text=True,
        env=_env(None),
        cwd=SRC or ROOT,
    )
    return option in proc.stdout


def _fresh(path: Path) -> None:
    """Wait until a file just written is older than the cache's racy window (2 s), as a file
    saved a moment before the next command is: otherwise it is used but not cached."""
    wait_until_old(path.parent if path.is_file() else path)


def daily_use(corpus: Path, xdg: Path, out: Path, args, row, res: dict, workers: int) -> None:
    """7. A corpus that grows every day (issue 12): one article added, changed or removed, a
    thousand added, each followed by a command, side by side with a warm start in this run.
    New articles go to a folder of their own in the corpus and are removed at the end, a
    changed article gets its text and mtime back; a last load rebuilds the snapshot of the
    corpus as it was, so that the next run starts warm."""
    repeat = args.repeat
    many = 100 if args.smoke else 1_000
    new, _info = ensure_corpus(out, many, args.entities, args.seed + 1_000)
    new_files = sorted(new.rglob("*.txt"))
    daily = corpus / "zz-daily"
    changed: list[tuple[Path, bytes, os.stat_result]] = []
    result: dict = {}
    res["daily"] = result
    timed_cli(["--corpus", str(corpus), "articles"], xdg, 1)  # warm
    warm = timed_cli(["--corpus", str(corpus), "articles"], xdg, repeat)
    result["warm_articles"] = warm
    wmed, wp95 = stats(warm)
    row("warm `chronique articles`, nothing changed (s)", wmed, wp95, None, "s")
    try:
        daily.mkdir(exist_ok=True)
        adds = []
        for k in range(repeat):
            dest = daily / f"daily-{k:04d}.txt"
            shutil.copy(new_files[k], dest)
            _fresh(dest)
            adds += timed_cli(["--corpus", str(corpus), "articles"], xdg, 1)
        result["add1"] = adds
        med, p95 = stats(adds)
        row(
            "add 1 article, then `chronique articles` (s)",
            med,
            p95,
            1.5 * wmed,
            "s",
            note=f"{med / wmed:.1f}x warm; target 1.5x warm",
        )
        changes = []
        originals = sorted(corpus.glob("0000/*.txt"))
        for k in range(repeat):
            f = originals[100 + k]
            changed.append((f, f.read_bytes(), f.stat()))
            with open(f, "a", encoding="utf-8") as fh:
                fh.write("\n\nUn paragraphe ajouté, avec Vladimir Poutine à Moscou.\n")
            _fresh(f)
            changes += timed_cli(["--corpus", str(corpus), "articles"], xdg, 1)
        result["change1"] = changes
        med, p95 = stats(changes)
        row(
            "change 1 article, then `chronique articles` (s)",
            med,
            p95,
            1.5 * wmed,
            "s",
            note=f"{med / wmed:.1f}x warm; a paragraph appended",
        )
        removes = []
        for k in range(repeat):
            (daily / f"daily-{k:04d}.txt").unlink()
            time.sleep(0.1)
            removes += timed_cli(["--corpus", str(corpus), "articles"], xdg, 1)
        result["remove1"] = removes
        med, p95 = stats(removes)
        row(
            "remove 1 article, then `chronique articles` (s)",
            med,
            p95,
            1.5 * wmed,
            "s",
            note=f"{med / wmed:.1f}x warm",
        )
        # many new articles: their own ingest (no cache, same workers) is the reference
        alone = measure("load", "--corpus", str(new), "--no-cache", "--workers", str(workers))
        batch = daily / "batch"
        shutil.copytree(new, batch, ignore=shutil.ignore_patterns("*.json"))
        # New names, as a day's new files have: the generator numbers every corpus from
        # 000000, and a clash of file names would change the ids of 1,000 old articles too
        # (their ids become their paths), which is a full build, not an addition.
        for f in sorted(batch.rglob("*.txt")):
            f.rename(f.with_name("new-" + f.name))
        _fresh(batch)
        added = measure("load", "--corpus", str(corpus), "--workers", str(workers), xdg=xdg)
        result["add1000"] = {"alone": alone, "load": added}
        ref = alone["phases"].get("ingest", alone["load"])
        row(
            f"add {many:,} articles, then load (s)",
            added["load"],
            None,
            ref + 5.0,
            "s",
            added["hwm_mb"],
            note=f"their ingest alone {ref:.1f} s; target that + 5 s; phases "
            + ", ".join(f"{k} {v:.1f}" for k, v in added["phases"].items() if v >= 0.05),
        )
    finally:
        shutil.rmtree(daily, ignore_errors=True)
        for f, data, st in changed:
            f.write_bytes(data)
            os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
        log("rebuilding the snapshot of the corpus as it was")
        result["restore"] = measure("load", "--corpus", str(corpus), xdg=xdg)
    limit = ["--limit", "200"] if supports("mentions", "--limit") else []
    timed_cli(["--corpus", str(corpus), "mentions", "poutine", *limit], xdg, 1)
    ts = timed_cli(["--corpus", str(corpus), "mentions", "poutine", *limit], xdg, repeat)
    result["mentions_poutine"] = ts
    med, p95 = stats(ts)
    row(
        f"`chronique mentions poutine{' --limit 200' if limit else ''}` @{args.articles:,} (s)",
        med,
        p95,
        TARGETS["mentions_n"] if args.articles >= 100_000 else None,
        "s",
        note="end to end" + ("" if limit else "; no --limit yet: every mention printed"),
    )


def fmt(v, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "s":
        if v < 0.001:
            return f"{v * 1e6:.0f} µs"
        return f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"
    if unit == "MB/s":
        return f"{v:.2f} MB/s"
    if unit == "MB":
        return f"{v:.0f} MB"
    return f"{v:g}"


def table(res: dict) -> str:
    m, c = res["machine"], res["corpus"]
    gen = c.get("generator") or {}
    a = res["args"]
    used = f", {gen['distinct_names']:,} distinct names used" if "distinct_names" in gen else ""
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_mb'] or '?'} MB RAM; "
        f"{m['python']}; {m['platform']}",
        f"corpus:  {c['path']}: {c['files']:,} files, {c['bytes'] / 1e6:.1f} MB of text, "
        f"{c.get('articles', 0):,} articles, {c.get('entities', 0):,} entities after the merge; "
        f"bench.make_corpus(articles={a['articles']:,}, entities={a['entities']:,}, "
        f"seed={a['seed']}){used}",
        "",
    ]
    head = ("metric", "median", "p95", "target", "verdict", "memory")
    body = []
    for r in res["rows"]:
        if r["target"] is None:
            target = "—"
        else:
            target = ("≥ " if r["higher_better"] else "≤ ") + fmt(r["target"], r["unit"])
        metric = r["metric"] + (f"  [{r['note']}]" if r["note"] else "")
        body.append(
            (
                metric,
                fmt(r["median"], r["unit"]),
                fmt(r["p95"], r["unit"]),
                target,
                r["verdict"],
                fmt(r["memory"], "MB") if r["memory"] else "—",
            )
        )
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]
    sep = "-+-".join("-" * w for w in widths)
    lines.append(" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    lines.append(sep)
    for b in body:
        lines.append(
            " | ".join(
                (x.ljust(w) if i == 0 else x.rjust(w))
                for i, (x, w) in enumerate(zip(b, widths, strict=True))
            )
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--smoke", action="store_true", help="1,000 articles, small filter sizes, no verdicts"
    )
    p.add_argument("--articles", type=int, help="corpus size (default 100,000; 1,000 with --smoke)")
    p.add_argument("--entities", type=int, help="distinct entities in the generated corpus")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, help="ingest worker processes (default: all cores)")
    p.add_argument(
        "--repeat", type=int, help="runs per timed measurement (default 5; 3 with --smoke)"
    )
    p.add_argument("--queries", type=int, help="typed queries per filter size (default 40)")
    p.add_argument("--filter-sizes", help="comma-separated entity counts (default 100000,1000000)")
    p.add_argument("--out", default=str(HERE / "out"), help="where corpora, caches and results go")
    p.add_argument("--json", metavar="FILE", help="also write all results as JSON")
    p.add_argument(
        "--only",
        choices=["daily"],
        help="only these rows: daily (add, change, remove articles; mentions), warm cache kept",
    )
    args = p.parse_args(argv)
    args.articles = args.articles or (1_000 if args.smoke else 100_000)
    args.entities = args.entities or 2 * args.articles
    args.repeat = args.repeat or (3 if args.smoke else 5)
    args.queries = args.queries or (12 if args.smoke else 40)
    sizes = args.filter_sizes or ("20000" if args.smoke else "100000,1000000")
    args.filter_sizes = [int(x) for x in sizes.split(",") if x.strip()]
    global SRC
    started = time.perf_counter()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    SRC = freeze_source(out)
    try:
        res = run(args)
    finally:
        shutil.rmtree(SRC, ignore_errors=True)
    res["seconds"] = round(time.perf_counter() - started, 1)
    text = table(res)
    print(text)
    print(
        f"\n({res['seconds']:.0f} s; times are medians and 95th percentiles over "
        f"{args.repeat} runs, filter over every keystroke{'; smoke run, no verdicts' if args.smoke else ''})"
    )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    dest = Path(args.json) if args.json else Path(args.out) / f"results-{stamp}.json"
    dest.write_text(json.dumps(res, indent=1, default=str))
    (Path(args.out) / f"table-{stamp}.txt").write_text(text + "\n")
    # A measurement that could not run is a broken benchmark: CI's smoke run must say so.
    broken = [res["paint_error"]] if res.get("paint_error") else []
    broken += [p["error"] for p in res.get("paint", []) if p.get("error")]
    if broken:
        print(f"bench: the app's paint measurement failed: {broken[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
