"""Ingest throughput of saved web pages beside plain text, one process:
``python -m bench.formats_throughput [--articles N] [--seed S]``.

The same synthetic articles (bench.make_corpus) are written twice under bench/out/: as seed
``.txt`` files, and as saved news pages (``.html``) that wrap each article in what a real page
carries around it: a head with metadata and inline CSS and script, a navigation menu, ads, a
"read also" box, reader comments and a footer. Both folders are then ingested in full
(``ingest_file``: reading, extraction, entities, dates, quotations) in this process; the table
gives MB of input per second and articles per second. The page extraction alone (trafilatura,
no analysis) is timed too."""

from __future__ import annotations

import argparse
import html
import json
import re
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"

_SCRIPT = "function t(a,b){return a+b}" * 400  # ~11 KB of inline script, as pages carry
_STYLE = ".nav a{color:#333;margin:0 4px}" * 200


def page(text: str, date: str, n: int) -> str:
    """A saved news page around one article's text (first line: ' date ... ')."""
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    title = paras[0].split(",")[0][:80] if paras else f"Article {n}"
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    nav = "".join(f'<li><a href="/rubrique/{i}">Rubrique {i}</a></li>' for i in range(25))
    comments = "".join(
        f'<div class="comment"><p class="author">lecteur{i}</p><p>Commentaire numéro {i} '
        "sur cet article, avec un avis tranché et quelques fautes.</p></div>"
        for i in range(8)
    )
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>{html.escape(title)} | Le Journal Synthétique</title>
<meta property="og:site_name" content="Le Journal Synthétique">
<meta property="article:published_time" content="{date}">
<meta name="author" content="Rédaction">
<style>{_STYLE}</style><script>{_SCRIPT}</script></head><body>
<header><nav><ul>{nav}</ul></nav></header>
<div class="ad">PUBLICITÉ — une offre à ne pas manquer, cliquez ici.</div>
<main><article><h1>{html.escape(title)}</h1>
<p class="byline">Par la rédaction</p>
{body}
</article>
<aside><h3>À lire aussi</h3><ul><li><a href="/a">Un autre article</a></li></ul></aside>
<section id="comments"><h3>Commentaires</h3>{comments}</section></main>
<footer><p>© Le Journal Synthétique — mentions légales — cookies</p></footer>
</body></html>"""


def build(articles: int, seed: int) -> tuple[Path, Path]:
    from bench.make_corpus import main as make

    txt = OUT / f"formats_txt_{articles}_{seed}"
    pages = OUT / f"formats_html_{articles}_{seed}"
    if not txt.exists():
        make(["--articles", str(articles), "--seed", str(seed), "--clean", str(txt)])
    if not pages.exists():
        pages.mkdir(parents=True)
        for n, f in enumerate(sorted(txt.rglob("*.txt"))):
            raw = f.read_text(encoding="utf-8")
            m = re.match(r"\s*date\s+(\S+)\s*", raw)
            date, rest = (m.group(1), raw[m.end() :]) if m else ("", raw)
            (pages / f"{f.stem}.html").write_text(page(rest, date, n), encoding="utf-8")
    return txt, pages


def run(folder: Path, suffix: str) -> dict[str, float]:
    from tui.ingest import ingest_file

    files = sorted(folder.rglob(f"*{suffix}"))
    size = sum(f.stat().st_size for f in files)
    ingest_file(files[0], "warm-up")  # imports (trafilatura: ~0.3 s) are not throughput
    start = time.perf_counter()
    count = 0
    for f in files:
        count += len(ingest_file(f, f.stem).articles)
    seconds = time.perf_counter() - start
    return {
        "files": len(files),
        "articles": count,
        "MB": size / 1e6,
        "seconds": seconds,
        "MB/s": size / 1e6 / seconds,
        "articles/s": count / seconds,
    }


def extraction_only(folder: Path) -> dict[str, float]:
    from tui.ingest.formats import read_file

    files = sorted(folder.rglob("*.html"))
    size = sum(f.stat().st_size for f in files)
    start = time.perf_counter()
    for f in files:
        list(read_file(f, f.stem))
    seconds = time.perf_counter() - start
    return {
        "MB": size / 1e6,
        "seconds": seconds,
        "MB/s": size / 1e6 / seconds,
        "articles/s": len(files) / seconds,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    txt, pages = build(args.articles, args.seed)
    rows: dict[str, dict[str, float]] = {}
    # interleaved repeats, the fastest kept: the machine is shared, and the slower runs measure
    # the neighbours
    for _ in range(args.repeat):
        for name, r in (
            (".txt, whole ingest", run(txt, ".txt")),
            (".html, whole ingest", run(pages, ".html")),
            (".html, page reading only", extraction_only(pages)),
        ):
            if name not in rows or r["seconds"] < rows[name]["seconds"]:
                rows[name] = r
    print(f"{'input':28} {'MB':>7} {'s':>7} {'MB/s':>7} {'art/s':>7}")
    for name, r in rows.items():
        print(
            f"{name:28} {r['MB']:7.2f} {r['seconds']:7.2f} {r['MB/s']:7.2f} {r['articles/s']:7.0f}"
        )
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
