"""Ingest is linear in the size of an article: doubling a generated file less than triples
the time (a quadratic stage, such as a search rescanning the text from its start for every
line, would quadruple it). Ratios, not absolute timings, so a slow machine does not fail it."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest

from tui.ingest import ingest_file

# Every line exercises every stage: a sentence-initial capitalised word, names, a role, a
# date, a quotation with an incise.
_LINES = (
    "Ligne {i} : Paul Durand{i} a rencontré mardi 15 juillet le ministre de l'Intérieur.",
    "« Nous avancerons {i} », a déclaré Marie Curie{i} devant la SNCF.",
    "Selon Mme Claire Dubois, le {i} mars 2024 restera une date.",
    "Rapport{i} publié hier par l'Organisation mondiale de la santé (OMS).",
)


def _write(path: Path, lines: int, sep: str) -> Path:
    body = sep.join(_LINES[i % len(_LINES)].format(i=i) for i in range(lines))
    path.write_text(" date 2025-07 \n" + body, encoding="utf-8")
    return path


def _best_time(path: Path, repeat: int = 3) -> float:
    # CPU time of this process, best of a few runs, no collection pauses: other processes on
    # a shared machine then hardly move the figures.
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            t = time.process_time()
            ingested = ingest_file(path, path.stem)
            best = min(best, time.process_time() - t)
    finally:
        gc.enable()
    assert ingested.articles and ingested.articles[0].quotes  # every stage did run
    return best


@pytest.mark.parametrize(
    "sep", ["\n", "\n\n", " "], ids=["short lines", "short paragraphs", "one paragraph"]
)
def test_doubling_an_article_less_than_triples_the_ingest_time(tmp_path: Path, sep: str) -> None:
    small = _best_time(_write(tmp_path / "small.txt", 4000, sep))
    large = _best_time(_write(tmp_path / "large.txt", 8000, sep))
    assert large / small < 3.0, f"{small:.3f}s -> {large:.3f}s"
