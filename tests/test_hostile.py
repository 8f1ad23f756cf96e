"""A corpus of hostile files, run through every command of the CLI: each bad file gets a clear
problem line in `check`, nothing hangs, the good articles all load, and no byte of a bad file
reaches the terminal as an escape sequence.

The corpus mixes every format (the samples of tests/data/formats), the deliberate bad markup
of tests/data/hostile, and files made here that cannot sensibly live in git (binary, broken
encodings, names with escapes)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
ESC_NAME = "esc_\x1b[31mred.txt"
TIMEOUT = 120


def make_hostile(folder: Path) -> dict[str, str]:
    """Write the hostile files; return {file name: words its problem line must contain}."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, reason: str | None) -> None:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if reason:
            expect[name] = reason

    put("binary.txt", bytes(range(256)) * 8, "binary file")
    put("invalid_utf8.txt", " date 2024-05 Pékin, l’été.".encode("cp1252"), "decoded as cp1252")
    put(
        "undecodable.txt",
        b" date 2024-05 Texte \x81\x8d\x8f\x90\x9d illisible.",
        "undecodable bytes replaced",
    )
    put(
        "utf16.txt",
        " date 2025-01-02 Texte en UTF-16 avec BOM.".encode("utf-16"),
        "decoded as UTF-16",
    )
    put(
        "nul_late.txt",
        b" date 2025-01 " + b"Un texte. " * 1000 + b"\x00 fin.",
        "control character(s)",
    )
    put("empty.txt", b"", "empty article")
    put(
        "[bold]markup[@click=quit].txt", " date 2025-02-03 Un nom de fichier en balises Rich.", None
    )
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    put(
        "yaml_bomb.md",
        "---\n" + "\n".join(lines) + "\n---\nUn corps lisible.\n",
        "metadata too large",
    )
    put(
        "python_tag.md",
        "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nCorps sain.\n",
        "malformed front matter",
    )
    put(
        "surrogates.jsonl",
        '{"id": "lone-surrogate", "text": "Texte avec \\ud800 seul.", "title": "T\\udc00"}\n'
        "[1, 2, 3]\n"
        '"juste une chaîne"\n'
        '{"id": "same-id", "date": "2025-03-04", "text": "Premier porteur de cet identifiant."}\n',
        "not a JSON object",
    )
    put(
        "duplicate.jsonl",
        '{"id": "same-id", "date": "2025-03-05", "text": "Second porteur du même identifiant."}\n',
        "duplicate article id",
    )
    put("notes.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "not a corpus format")
    # A name that would drive the terminal: loads as an article, shown with the ESC replaced.
    put(ESC_NAME, " date 2025-01-02 Un nom de fichier avec une séquence d'échappement.", None)
    # Symbolic links: out of the corpus, a loop, a dangling one: never followed, each reported.
    outside = folder.parent / f"{folder.name}-outside.txt"
    outside.write_text(" date 2025-01-01 Hors du corpus, jamais lu.", encoding="utf-8")
    os.symlink(outside, folder / "outside_link.txt")
    expect["outside_link.txt"] = "outside the corpus"
    os.symlink(folder / "loop_b.txt", folder / "loop_a.txt")
    os.symlink(folder / "loop_a.txt", folder / "loop_b.txt")
    expect["loop_a.txt"] = expect["loop_b.txt"] = "a loop"
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    expect["dangling.txt"] = "broken"
    for p in (DATA / "hostile").iterdir():
        shutil.copy(p, folder / p.name)
    expect.update(
        {
            "billion_laughs.xml": "refused: no entity expansion",
            "laughs_feed.rss": "refused: no entity expansion",
            "external_entity.xml": "no file or URL is read",
            "malformed.xml": "not well-formed XML",
            "unknown_root.xml": "is not NewsML-G2, NITF or a feed",
            "no_article.html": "no article text found",
            "not_html.html": "no HTML markup",
            "truncated.html": "page cut short",
            "bad_dates.rss": "unreadable date",
        }
    )
    return expect


def make_good(folder: Path) -> None:
    """The seeds and one sample of every format: none of them is a problem."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in SEEDS:
        shutil.copy(p, folder / p.name)
    for p in (DATA / "formats").iterdir():
        shutil.copy(p, folder / p.name)


def chronique(corpus: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "tui", "--corpus", str(corpus), "--no-cache", *args],
        capture_output=True,
        timeout=TIMEOUT,
        cwd=ROOT,
        env=env,
        check=False,
    )


COMMANDS = [
    ("articles",),
    ("articles", "--json"),
    ("entities",),
    ("entities", "--json"),
    ("mentions", "lorient"),
    ("mentions", "--all", "--json"),
    ("dates",),
    ("quotes",),
    ("quotes", "--cite"),
    ("check",),
]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("mixed")
    make_good(folder)
    expect = make_hostile(folder)
    return folder, expect


def test_check_on_good_files_of_every_format_reports_nothing(tmp_path: Path) -> None:
    make_good(tmp_path)
    out = chronique(tmp_path, "check", "--json")
    report = json.loads(out.stdout)
    assert report["problems"] == [] and report["ok"] and out.returncode == 0
    # seeds + page + NewsML item + 2 message items + NITF + 3 RSS + 2 Atom
    assert report["articles"] == len(SEEDS) + 10


def test_every_bad_file_has_a_clear_problem_line_and_the_rest_loads(mixed) -> None:
    folder, expect = mixed
    out = chronique(folder, "check", "--json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    by_file: dict[str, list[str]] = {}
    for p in report["problems"]:
        by_file.setdefault(Path(p["path"]).name, []).append(p["message"])
    for name, words in expect.items():
        assert any(words in m for m in by_file.get(name, [])), (name, by_file.get(name))
    # only the deliberate bad files are reported
    assert set(by_file) == set(expect)
    arts = json.loads(chronique(folder, "articles", "--json").stdout)
    ids = {a["id"] for a in arts}
    assert {p.stem for p in SEEDS} <= ids
    assert {
        "page_article",
        "newsml_item",
        "depeche.nitf",
        "lone-surrogate",
        "same-id",
        "same-id~2",
        "truncated",
        "invalid_utf8",
        "utf16",
        "[bold]markup[@click=quit]",
        ESC_NAME[:-4],
    } <= ids
    assert not any("outside" in a["id"] or "loop" in a["id"] for a in arts)
    assert sum(a["id"].startswith("fil:") for a in arts) == 5  # RSS 3 + Atom 2
    assert sum(a["id"].startswith("bad_dates:") for a in arts) == 3


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_runs_on_the_hostile_corpus(mixed, args) -> None:
    folder, _ = mixed
    out = chronique(folder, *args)
    assert out.returncode in (0, 1), out.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in out.stderr
    assert b"\x1b" not in out.stdout and b"\x1b" not in out.stderr
    for stream in (out.stdout, out.stderr):
        stream.decode("utf-8")  # no surrogate or broken byte reached the output
    if "--json" in args:
        json.loads(out.stdout)


def test_show_of_markup_articles_prints_text_not_markup(mixed) -> None:
    folder, _ = mixed
    out = chronique(folder, "show", "page_article", "--json")
    art = json.loads(out.stdout)
    assert "<" not in art["text"] and "Breizh56" not in art["text"]
    assert [p["kind"] for p in art["paragraphs"]][:2] == ["lead", "caption"]
    assert art["source"] == "La Gazette du Littoral"


def test_the_snapshot_is_saved_despite_a_lone_surrogate(tmp_path: Path) -> None:
    import dataclasses

    from tui.config import default_config
    from tui.loader import load_corpus_report

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "s.jsonl").write_text(
        '{"id": "x\\ud800", "text": "Un texte avec \\udfff au milieu.", "k": "\\ud800"}\n',
        encoding="utf-8",
    )
    past = os.path.getmtime(corpus / "s.jsonl") - 60
    os.utime(corpus / "s.jsonl", (past, past))  # a file modified just now makes no snapshot
    config = dataclasses.replace(default_config(), cache_dir=tmp_path / "cache")
    _, report = load_corpus_report(corpus, config, warn=lambda m: None)
    assert report.snapshot_saved and not report.warnings
    again, report = load_corpus_report(corpus, config, warn=lambda m: None)
    assert report.snapshot and again.articles[0].text == "Un texte avec \ufffd au milieu."


def test_a_file_name_with_an_escape_never_reaches_the_terminal(tmp_path: Path) -> None:
    (tmp_path / ESC_NAME).write_text(" date 2025-01-02 Un texte ordinaire.", encoding="utf-8")
    (tmp_path / "bad_\x1b]52;c;ZXZpbA==\x07.xml").write_text("<nitf><p>", encoding="utf-8")
    for args in (("articles",), ("check",), ("mentions", "--all")):
        out = chronique(tmp_path, *args)
        assert out.returncode in (0, 1)
        assert b"\x1b" not in out.stdout and b"\x1b" not in out.stderr, args


async def test_the_app_opens_and_walks_the_hostile_corpus(mixed) -> None:
    from tui.app.app import ChroniqueApp
    from tui.app.reader import Reader
    from tui.config import load_config

    folder, _ = mixed
    app = ChroniqueApp(folder, load_config(), use_cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(600):  # the load runs in a thread: up to 30 s on a busy machine
            if app.main is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        assert app.corpus is not None and len(app.corpus.articles) >= len(SEEDS) + 10
        seen = set()
        for _ in range(len(app.corpus.articles)):  # every article through the reader
            await pilot.press("right_square_bracket")
            await pilot.pause()
            article = app.main.query_one(Reader).article
            if article is not None:
                seen.add(article.id)
        assert len(seen) >= len(SEEDS) + 10
        await pilot.press("t", "t", "Q", "e", "slash", *"lorient", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
