"""Readers: formats, encodings, bad input. Nothing is ever written into the corpus."""

from __future__ import annotations

import json
import os

from tui.ingest import ingest_file
from tui.ingest.formats import discover, read_file, sanitize
from tui.model import PartialDate


def _one(path, aid="a"):
    return list(read_file(path, aid))


def test_seed_header_with_month_and_day(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text(" date 2025-07 Le texte commence ici.\n\nDeuxième paragraphe.", encoding="utf-8")
    (raw,) = _one(p)
    assert raw.date == PartialDate(2025, 7)
    assert raw.text.startswith("Le texte commence ici.")
    p.write_text(" date 2026-02-04 Texte.", encoding="utf-8")
    assert _one(p)[0].date == PartialDate(2026, 2, 4)


def test_missing_and_malformed_dates_load_undated_with_a_warning(tmp_path):
    p = tmp_path / "nodate.txt"
    p.write_text("Un article sans en-tête.", encoding="utf-8")
    (raw,) = _one(p)
    assert raw.date is None and raw.text == "Un article sans en-tête."
    assert "header" in raw.problems[0].message
    p.write_text(" date 2025-13-45 Un texte.", encoding="utf-8")
    (raw,) = _one(p)
    assert raw.date is None and raw.text == "Un texte."
    assert "malformed date" in raw.problems[0].message


def test_cp1252_and_bom_are_decoded_and_reported(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes(" date 2024-05 Pékin et Moscou, l’été.".encode("cp1252"))
    (raw,) = _one(p)
    assert "Pékin" in raw.text and "l’été" in raw.text
    assert "cp1252" in raw.problems[0].message
    p.write_bytes(b"\xef\xbb\xbf date 2024-05 Bonjour.")
    (raw,) = _one(p)
    assert raw.date == PartialDate(2024, 5) and raw.text == "Bonjour." and not raw.problems


def test_binary_and_empty_files_are_skipped_with_a_message(tmp_path):
    b = tmp_path / "bin.txt"
    b.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    res = ingest_file(b, "bin")
    assert res.articles == [] and "binary" in res.problems[0].message
    e = tmp_path / "empty.txt"
    e.write_bytes(b"")
    res = ingest_file(e, "empty")
    assert res.articles == [] and "empty" in res.problems[0].message


def test_control_characters_are_replaced_one_for_one():
    text = "a\x1b]52;c;ZXZpbA==\x07b\x1b[31mc\x9bd\ttab\nline"
    clean = sanitize(text)
    assert len(clean) == len(text)
    assert "\x1b" not in clean and "\x07" not in clean and "\x9b" not in clean
    assert "\ttab\nline" in clean


def test_markdown_front_matter(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(
        "---\ntitle: Un titre\ndate: 2024-03-02\nsource: AFP\nurl: http://x\nauthor: A. B.\ntags: [x, y]\n---\nLe corps.\n",
        encoding="utf-8",
    )
    (raw,) = _one(p)
    assert (raw.title, raw.date, raw.source, raw.author) == ("Un titre", PartialDate(2024, 3, 2), "AFP", "A. B.")
    assert raw.extra == {"tags": ["x", "y"]} and raw.text == "Le corps."


def test_malformed_front_matter_is_reported_with_its_line(tmp_path):
    p = tmp_path / "bad.md"
    p.write_text("---\ntitle: ok\ndate: [unclosed\n---\nLe corps.\n", encoding="utf-8")
    (raw,) = _one(p)
    assert raw.text == "Le corps."
    assert "front matter" in raw.problems[0].message and raw.problems[0].line is not None


def test_jsonl_bad_line_is_reported_and_the_rest_loads(tmp_path):
    p = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": "one", "date": "2025-01-02", "title": "T1", "text": "Texte un.", "source": "S"}),
        "{not json",
        json.dumps({"id": "two", "date": "2025-01", "text": "Texte deux.", "lang": "fr"}),
    ]
    p.write_text("\n".join(lines), encoding="utf-8")
    res = ingest_file(p, "c")
    assert [a.article.id for a in res.articles] == ["one", "two"]
    assert res.articles[1].article.extra == {"lang": "fr"}
    (problem,) = res.problems
    assert problem.line == 2 and "invalid JSON" in problem.message


def test_discover_is_recursive_and_skips_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ("a.txt", "sub/b.md", "sub/c.jsonl", ".hidden/d.txt", "e.pdf"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "page.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "logo.png").write_bytes(b"\x89PNG")
    found = discover(tmp_path)
    # other formats are listed (to be reported as skipped), a saved page's assets are not
    assert sorted(p.name for p in found) == ["a.txt", "b.md", "c.jsonl", "e.pdf", "page.html"]
    (pdf,) = [p for p in found if p.name == "e.pdf"]
    (stub,) = read_file(pdf, "e")
    assert stub.text == "" and "not a corpus format" in stub.problems[0].message


def test_huge_file_is_cut_with_a_warning(tmp_path, monkeypatch):
    from tui.ingest.formats import base as formats

    monkeypatch.setattr(formats, "MAX_ARTICLE_CHARS", 1000)
    p = tmp_path / "huge.txt"
    p.write_text(" date 2024-01 " + "Mot. " * 5000, encoding="utf-8")
    (raw,) = _one(p)
    assert len(raw.text) <= 1000 and any("kept" in pr.message for pr in raw.problems)


def test_loading_never_writes_into_the_corpus(tmp_path):
    from tui.config import default_config
    from tui.loader import load_corpus

    (tmp_path / "a.txt").write_text(" date 2024-01-02 Xi Jinping à Pékin.", encoding="utf-8")
    before = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in tmp_path.rglob("*")}
    load_corpus(tmp_path, default_config(), use_cache=True)
    after = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in tmp_path.rglob("*")}
    assert before == after
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]
