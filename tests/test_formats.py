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
    assert (raw.title, raw.date, raw.source, raw.author) == (
        "Un titre",
        PartialDate(2024, 3, 2),
        "AFP",
        "A. B.",
    )
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
        json.dumps(
            {"id": "one", "date": "2025-01-02", "title": "T1", "text": "Texte un.", "source": "S"}
        ),
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


# --- markup formats: saved pages, agency XML, feeds ------------------------------------------

import shutil  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tui.ingest.formats import base  # noqa: E402

DATA = Path(__file__).parent / "data"
FORMATS = DATA / "formats"
HOSTILE = DATA / "hostile"


def _articles(path, aid=None):
    """ingest_file's articles (with spans checked) and problem messages."""
    res = ingest_file(path, aid or path.name.split(".")[0])
    for it in res.articles:
        a = it.article
        for b in a.blocks:
            assert 0 <= b.start < b.end <= len(a.text)
            assert a.text[b.start : b.end].strip() == a.text[b.start : b.end]
            if b.credit_start >= 0:
                assert b.start <= b.credit_start < b.credit_end <= b.end
    return [it.article for it in res.articles], [p.message for p in res.problems]


def _kinds(article):
    return [(b.kind, article.text[b.start : b.end]) for b in article.blocks]


def test_saved_page_main_text_without_menus_ads_or_comments():
    (a,), problems = _articles(FORMATS / "page_article.html")
    assert problems == []
    assert a.title == "Le port de Lorient inaugure son quai solaire"
    assert a.date == PartialDate(2025, 3, 12)
    assert (a.author, a.source) == ("Maëlle Kerbrat", "La Gazette du Littoral")
    assert a.url == "https://gazette-littoral.example/economie/2025/03/12/lorient-quai-solaire"
    for junk in (
        "Accueil",
        "abonner",
        "PUBLICITÉ",
        "croisières",
        "Breizh56",
        "impôts locaux",
        "À lire aussi",
        "Mentions légales",
        "12 commentaires",
        "<p",
        "</",
    ):
        assert junk not in a.text, junk
    kinds = _kinds(a)
    assert [k for k, _ in kinds] == [
        "lead",
        "caption",
        "paragraph",
        "paragraph",
        "subheading",
        "paragraph",
        "paragraph",
        "subheading",
        "paragraph",
    ]
    assert kinds[0][1].startswith("Le port de pêche de Lorient a mis en service")
    assert kinds[4][1] == "Des pêcheurs partagés"
    caption = a.blocks[1]
    assert a.text[caption.credit_start : caption.credit_end] == "Ouest-Images / Yann Le Goff"
    # the title is not repeated as a subheading, and the byline line is not a paragraph
    assert a.text.count("inaugure son quai solaire") == 0 and "publié le" not in a.text


def _page(body: str, head: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>Titre de test</title>{head}'
        f"</head><body><nav><a href='/'>Accueil</a></nav><article><h1>Titre de test</h1>{body}"
        "</article></body></html>"
    )


_PROSE = (
    "<p>Le conseil départemental a voté jeudi un plan de rénovation des collèges de la vallée, "
    "qui prévoit la réfection de onze toitures et le remplacement des chaudières au fioul.</p>"
    "<p>Les travaux commenceront pendant les vacances d'été et dureront au moins trois ans, "
    "selon la vice-présidente chargée de l'éducation, qui a présenté le calendrier.</p>"
)


def test_saved_page_date_keeps_the_declared_precision(tmp_path):
    p = tmp_path / "mois.html"
    p.write_text(
        _page(_PROSE, '<meta property="article:published_time" content="2025-03">'),
        encoding="utf-8",
    )
    (a,), _ = _articles(p)
    assert a.date == PartialDate(2025, 3) and a.extra["date_from"] == "metadata"
    p.write_text(
        _page(
            _PROSE, '<meta property="article:published_time" content="2025-03-31T23:30:00-05:00">'
        ),
        encoding="utf-8",
    )
    (a,), _ = _articles(p)
    assert a.date == PartialDate(2025, 3, 31)  # the day as written, in its own time zone


def test_saved_page_date_guessed_from_the_url_keeps_only_its_month(tmp_path):
    p = tmp_path / "devine.html"
    head = '<link rel="canonical" href="https://journal.example/2024/11/un-article">'
    p.write_text(_page(_PROSE, head), encoding="utf-8")
    (a,), _ = _articles(p)
    assert a.date == PartialDate(2024, 11)
    assert "month only" in a.extra["date_from"]


def test_saved_page_in_a_declared_legacy_charset(tmp_path):
    p = tmp_path / "latin.html"
    p.write_bytes(_page(_PROSE, charset="iso-8859-1").encode("iso-8859-1"))
    (a,), problems = _articles(p)
    assert "département" in a.text and "éducation" in a.text and problems == []


def test_markup_and_escapes_in_a_page_stay_literal_text(tmp_path):
    p = tmp_path / "piege.html"
    body = _PROSE + (
        "<p>Un lecteur a écrit [bold]gras[/bold] et &lt;script&gt;alert(1)&lt;/script&gt; "
        "puis &#27;[31mrouge et [@click=app.quit]x[/] dans son courrier au journal local.</p>"
    )
    p.write_text(_page(body), encoding="utf-8")
    (a,), _ = _articles(p)
    assert "[bold]gras[/bold]" in a.text and "<script>alert(1)</script>" in a.text
    assert "[@click=app.quit]x[/]" in a.text
    assert "\x1b" not in a.text and "\ufffd[31mrouge" in a.text


def test_newsml_item():
    (a,), problems = _articles(FORMATS / "newsml_item.xml", "item")
    assert problems == []
    assert a.id == "item"
    assert a.title == "Les vendanges commencent avec deux semaines d'avance en Alsace"
    assert a.date == PartialDate(2025, 9, 18)  # firstCreated
    assert (a.source, a.author) == ("Agence Exemple", "Sophie ARNAUD")
    assert a.extra["dateline"] == "COLMAR, 18 sept 2025 (AEX)"
    assert a.extra["versionCreated"] == "2025-09-18T16:40:00+02:00"
    kinds = _kinds(a)
    assert [k for k, _ in kinds] == ["lead", "paragraph", "subheading", "paragraph", "caption"]
    assert kinds[0][1].startswith("COLMAR, 18 sept 2025 (AEX) - Les premiers raisins")
    assert kinds[2][1] == "Une récolte plus faible"
    cap = a.blocks[4]
    assert a.text[cap.credit_start : cap.credit_end] == "AEX / Paul Meyer"


def test_newsml_message_gives_one_article_per_text_item(tmp_path):
    arts, problems = _articles(FORMATS / "newsml_message.xml", "msg")
    assert problems == []
    assert [a.title for a in arts] == [
        "Voile : le trimaran de tête franchit l'équateur",
        "La fréquentation des trains régionaux en hausse",
    ]  # the picture item is not an article
    voile, trains = arts
    assert [k for k, _ in _kinds(voile)] == ["lead", "subheading", "paragraph"]  # XHTML body
    assert voile.date == PartialDate(2025, 11, 4) and voile.source == "AEX"
    assert trains.date == PartialDate(2025, 11)  # firstCreated gives only a month
    assert (trains.source, trains.author) == ("Agence Exemple", "Hugo Lemaire")
    assert [k for k, _ in _kinds(trains)] == ["lead", "paragraph"]  # plain inlineData
    assert len({a.id for a in arts}) == 2 and all(a.id.startswith("msg:") for a in arts)
    # an item keeps its id when the message holds more items
    grown = tmp_path / "msg.xml"
    text = (FORMATS / "newsml_message.xml").read_text(encoding="utf-8")
    extra_item = (
        '<newsItem guid="urn:newsml:agence-exemple.test:20251104:NEW-0200" version="1">'
        "<itemMeta><itemClass qcode='ninat:text'/><firstCreated>2025-11-05</firstCreated>"
        "</itemMeta><contentMeta><headline>Nouvelle</headline></contentMeta><contentSet>"
        "<inlineData>Une nouvelle dépêche est arrivée ce matin à la rédaction.</inlineData>"
        "</contentSet></newsItem>"
    )
    grown.write_text(text.replace("<itemSet>", "<itemSet>" + extra_item), encoding="utf-8")
    again, _ = _articles(grown, "msg")
    assert [a.id for a in again][1:] == [a.id for a in arts]
    assert [a.text for a in again][1:] == [a.text for a in arts]


def test_nitf():
    (a,), problems = _articles(FORMATS / "depeche.nitf.xml", "nitf")
    assert problems == []
    assert a.title == "Le pont de l'île de Ré fermé deux nuits pour travaux"
    assert a.date == PartialDate(2025, 6, 2)
    assert (a.author, a.source) == ("Claire Dubreuil", "Agence Exemple")
    assert a.extra["subtitle"] == "La circulation sera coupée de 22 heures à 5 heures"
    assert a.extra["doc_id"] == "AEX-20250602-0077"
    kinds = _kinds(a)
    assert [k for k, _ in kinds] == ["lead", "paragraph", "subheading", "paragraph"]
    assert kinds[0][1].startswith("LA ROCHELLE, 2 juin 2025 (AEX) - Le pont reliant")


def test_rss_items_are_articles_with_markup_removed():
    arts, problems = _articles(FORMATS / "fil.rss", "fil")
    assert problems == []
    assert [a.title for a in arts] == [
        "Le téléphérique de Saint-Véran rouvre après dix-huit mois de travaux",
        "Fermeture de la route du col pour la saison",
        "Concert de l'harmonie municipale",
    ]
    first, second, third = arts
    assert first.source == "Le Courrier des Vallées" and first.author == "Élodie Faure"
    assert first.url == "https://courrier-vallees.example/2025/12/01/telepherique"
    assert first.date == PartialDate(2025, 12, 1)
    # French text, accents and « guillemets » intact; markup and scripts gone
    assert "« Nous avons tenu le calendrier à une semaine près »" in first.text
    assert "alert" not in first.text and "<" not in first.text
    assert [k for k, _ in _kinds(first)] == ["lead", "paragraph", "subheading", "paragraph"]
    assert "jusqu'au printemps" in second.text and "<b>" not in second.text
    assert second.date == PartialDate(2025, 11, 28)  # as written (-0500), not moved to UTC
    # ids come from the guid, else the link
    assert first.id == base.stable_id("fil", "cv-2025-1201-teleph")
    assert third.id == base.stable_id("fil", "https://courrier-vallees.example/2025/11/20/harmonie")


def test_atom_entries():
    arts, problems = _articles(FORMATS / "fil.atom", "obs")
    assert problems == []
    dune, phoques = arts
    assert dune.title == "Érosion : la dune du Pilat a reculé de quatre mètres cet hiver"
    assert dune.date == PartialDate(2025, 10, 7) and dune.author == "Nadia Ferreira"
    assert dune.url == "https://observatoire-littoral.example/depeches/dune-recul"
    assert dune.source == "Observatoire du Littoral – dépêches"
    assert "« C'est un recul important mais pas exceptionnel »" in dune.text
    assert phoques.date == PartialDate(2025, 9, 30)  # no <published>: <updated>
    assert phoques.text.startswith("Le dernier comptage aérien")


def test_a_grown_feed_keeps_the_ids_of_its_old_items(tmp_path):
    src = (FORMATS / "fil.rss").read_text(encoding="utf-8")
    p = tmp_path / "fil.rss"
    p.write_text(src, encoding="utf-8")
    before, _ = _articles(p, "fil")
    new_item = (
        "<item><title>Nouvel article</title><link>https://courrier-vallees.example/new</link>"
        "<pubDate>Tue, 02 Dec 2025 08:00:00 +0100</pubDate><description>La neige est tombée "
        "en abondance sur les hauteurs pendant la nuit de lundi à mardi.</description></item>"
    )
    p.write_text(src.replace("<item>", new_item + "<item>", 1), encoding="utf-8")
    after, _ = _articles(p, "fil")
    assert len(after) == 4
    old = {a.id: a.text for a in before}
    assert {a.id: a.text for a in after if a.id in old} == old
    assert [a.title for a in after if a.id not in old] == ["Nouvel article"]


def test_xml_files_are_read_by_their_root(tmp_path):
    p = tmp_path / "export.xml"
    shutil.copy(FORMATS / "fil.rss", p)  # a feed saved as .xml
    arts, _ = _articles(p, "export")
    assert len(arts) == 3
    arts, problems = _articles(HOSTILE / "unknown_root.xml")
    assert arts == [] and problems == ["XML root <svg> is not NewsML-G2, NITF or a feed; skipped"]


def test_feed_with_invalid_dates_loads_its_items_undated():
    arts, problems = _articles(HOSTILE / "bad_dates.rss", "dates")
    assert [a.date for a in arts] == [None, None, PartialDate(2025, 3, 4)]
    assert len(problems) == 2
    assert problems[0].startswith("item 1: unreadable date 'Mardi prochain")
    assert problems[1].startswith("item 2: unreadable date 'Mon, 30 Feb 2025")


def test_a_feed_repeating_an_item_keeps_the_first(tmp_path):
    src = (FORMATS / "fil.atom").read_text(encoding="utf-8")
    start, end = src.index("<entry>"), src.index("</entry>") + len("</entry>")
    p = tmp_path / "twice.atom"
    p.write_text(src[:end] + src[start:end] + src[end:], encoding="utf-8")
    arts, problems = _articles(p, "twice")
    assert len(arts) == 2 and problems == ["item 2 repeats the id of an earlier item; skipped"]


def test_malformed_feed_is_read_leniently_and_reported(tmp_path):
    src = (FORMATS / "fil.rss").read_text(encoding="utf-8")
    p = tmp_path / "casse.rss"
    p.write_text(
        src.replace(
            "</title>\n    <link>https://courrier-vallees.example/</link>",
            "</titl>\n    <link>https://courrier-vallees.example/</link>",
        ),
        encoding="utf-8",
    )
    arts, problems = _articles(p, "casse")
    assert problems and problems[0].startswith("feed is not well-formed XML (mismatched tag")
    assert "read leniently" in problems[0]
    assert len(arts) == 3  # the items themselves survive


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("billion_laughs.xml", "XML declares entities (<!ENTITY>), refused"),
        ("laughs_feed.rss", "XML declares entities (<!ENTITY>), refused"),
        ("external_entity.xml", "XML declares an external entity (SYSTEM), refused"),
        ("malformed.xml", "not well-formed XML (mismatched tag: line 6, column 20)"),
        ("no_article.html", "no article text found in the page"),
        ("not_html.html", "no HTML markup in the file"),
    ],
)
def test_bad_markup_is_skipped_with_its_reason(name, reason):
    start = time.perf_counter()
    arts, problems = _articles(HOSTILE / name)
    assert time.perf_counter() - start < 10  # a bomb is refused, not expanded
    assert arts == [] and len(problems) == 1
    assert problems[0].startswith(reason) and problems[0].endswith("skipped")


def test_an_external_entity_never_reads_the_local_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MOT-DE-PASSE-42", encoding="utf-8")
    for root in ("nitf", "rss"):
        p = tmp_path / f"xxe_{root}.xml"
        p.write_text(
            f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
            f"<{root}><title>&s;</title><p>&s; &s;</p></{root}>",
            encoding="utf-8",
        )
        res = ingest_file(p, "x")
        assert res.articles == []
        assert all("MOT-DE-PASSE" not in pr.message for pr in res.problems)


def test_truncated_page_loads_what_it_can_and_says_so():
    (a,), problems = _articles(HOSTILE / "truncated.html")
    assert "médiathèque du quartier des Capucins" in a.text
    assert problems == ["page cut short (no closing </html>); loaded what could be read"]


def test_a_huge_page_is_refused_unread(tmp_path):
    import tracemalloc

    p = tmp_path / "enorme.html"
    para = (
        "<p>" + "Un paragraphe de remplissage pour une page démesurée. " * 20 + "</p>\n"
    ).encode()
    with p.open("wb") as f:
        f.write(b"<html><body>")
        while f.tell() < 50_000_000:
            f.write(para * 100)
        f.write(b"</body></html>")
    tracemalloc.start()
    start = time.perf_counter()
    res = ingest_file(p, "enorme")
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert res.articles == [] and "over the 32,000,000-byte limit" in res.problems[0].message
    assert elapsed < 5 and peak < 5_000_000


def test_a_page_is_parsed_only_when_its_markup_fits(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "MAX_PAGE_MARKUP_CHARS", 100_000)
    # a page saved in one file: its photo embedded as a data: URI, scripts inline
    image = "data:image/jpeg;base64," + "QUJDRA==" * 400_000
    script = "<script>" + "var x = 1;" * 50_000 + "</script>"
    p = tmp_path / "complete.html"
    p.write_text(
        _page(f'<figure><img src="{image}"></figure>' + _PROSE, head=script), encoding="utf-8"
    )
    assert p.stat().st_size > 3_000_000
    (a,), problems = _articles(p)
    assert a.text.startswith("Le conseil départemental") and problems == []
    # markup that is really that big is not handed to the parser
    p.write_text(_page(_PROSE * 300), encoding="utf-8")
    (stub,) = read_file(p, "big")
    assert stub.text == "" and "handed to the parser; skipped" in stub.problems[0].message


def test_markup_size_limit_applies_to_xml_and_feeds(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "MAX_MARKUP_BYTES", 500)
    for name in ("fil.rss", "newsml_item.xml"):
        shutil.copy(FORMATS / name, tmp_path / name)
        (stub,) = read_file(tmp_path / name, "x")
        assert stub.text == "" and "over the 500-byte limit; skipped" in stub.problems[0].message


def test_other_file_types_are_listed_as_skipped(tmp_path):
    for name in ("photo.jpg", "rapport.pdf", "LISEZMOI"):
        (tmp_path / name).write_bytes(b"\x89PNG\x00\x00")
        (stub,) = read_file(tmp_path / name, name)
        assert stub.text == "" and stub.problems[0].message.startswith("not a corpus format")


def test_ingest_uses_the_block_kinds_a_reader_gives():
    from tui.ingest import ingest_raw
    from tui.ingest.formats.base import BlockText, RawArticle

    built = BlockText()
    built.add("paragraph", "Un chapô.")
    built.add("caption", "Une photo sans crédit, avec un point final.")
    built.add("subheading", "Un intertitre qui finit par un point.")
    built.add("paragraph", "Court")
    text, blocks = built.build()
    art = ingest_raw(RawArticle("k", "k", text, blocks=blocks)).article
    # the splitter alone would call the caption a paragraph, the two last the other way round
    assert [b.kind for b in art.blocks] == ["lead", "caption", "subheading", "paragraph"]
    assert [text[b.start : b.end] for b in art.blocks] == text.split("\n\n")


# --- hostile plain text (issue 11) -------------------------------------------------------------


def test_lone_surrogates_are_replaced_like_control_characters(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text(
        '{"id": "sur\\ud800", "title": "T\\udc00", "text": "Avant \\ud800 apr\\u00e8s.", '
        '"tags": ["\\udfff"]}\n',
        encoding="utf-8",
    )
    (raw,) = _one(p)
    for value in (raw.id, raw.title, raw.text, raw.extra["tags"][0]):
        value.encode("utf-8")  # would raise on a surrogate
    assert raw.text == "Avant \ufffd après." and raw.id == "sur\ufffd"
    assert any("lone surrogate" in pr.message for pr in raw.problems)
    assert sanitize("a\ud83d\ude00b") == "a\ufffd\ufffdb"  # not a pair in a str: two lone halves


def test_jsonl_lines_that_are_not_objects(tmp_path):
    p = tmp_path / "n.jsonl"
    p.write_text(
        "\n".join(
            [
                "[1, 2]",
                '"une chaîne"',
                "42",
                "null",
                "[" * 100_000 + "]" * 100_000,
                json.dumps({"id": "ok", "text": "Le texte qui reste."}),
            ]
        ),
        encoding="utf-8",
    )
    res = ingest_file(p, "n")
    assert [a.article.id for a in res.articles] == ["ok"]
    assert [(pr.line, pr.message.split(" (")[0]) for pr in res.problems[:4]] == [
        (1, "not a JSON object"),
        (2, "not a JSON object"),
        (3, "not a JSON object"),
        (4, "not a JSON object"),
    ]
    assert res.problems[4].line == 5 and "nested too deeply" in res.problems[4].message


def test_jsonl_unusable_ids_fall_back_to_the_line(tmp_path):
    p = tmp_path / "ids.jsonl"
    p.write_text(
        "\n".join(
            json.dumps(o)
            for o in (
                {"id": {"a": 1}, "text": "Texte un."},
                {"id": "x" * 500, "text": "Texte deux."},
                {"id": "esc\x1b[31m", "text": "Texte trois."},
            )
        ),
        encoding="utf-8",
    )
    res = ingest_file(p, "ids")
    assert [a.article.id for a in res.articles] == ["ids:1", "ids:2", "esc\ufffd[31m"]


def test_yaml_bomb_and_python_tags_in_front_matter(tmp_path):
    bomb = tmp_path / "bomb.md"
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    bomb.write_text(
        "---\ntitle: Bombe\n" + "\n".join(lines) + "\n---\nLe corps reste lisible.\n",
        encoding="utf-8",
    )
    start = time.perf_counter()
    (raw,) = _one(bomb)
    assert time.perf_counter() - start < 5
    assert raw.text == "Le corps reste lisible." and raw.extra == {}
    assert "metadata too large" in raw.problems[0].message
    tag = tmp_path / "tag.md"
    tag.write_text(
        "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nCorps.\n",
        encoding="utf-8",
    )
    (raw,) = _one(tag)
    assert raw.text == "Corps." and raw.title is None
    assert raw.problems[0].message.startswith("malformed front matter")


def test_utf16_with_bom_and_nul_bytes(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes(" date 2025-01-02 Texte en UTF-16, accentué.".encode("utf-16"))
    (raw,) = _one(p)
    assert raw.text == "Texte en UTF-16, accentué." and raw.date == PartialDate(2025, 1, 2)
    assert "UTF-16" in raw.problems[0].message
    p.write_bytes(b"\xff\xfe" + "\ud800 date 2025".encode("utf-16-le", "surrogatepass"))
    (raw,) = _one(p)
    assert "\ud800" not in raw.text
    late = tmp_path / "late_nul.txt"
    late.write_bytes(b" date 2025-01 " + b"Texte. " * 2000 + b"\x00\x00 fin.")
    (raw,) = _one(late)
    assert "\x00" not in raw.text and raw.text.endswith("\ufffd\ufffd fin.")
    assert "2 control character(s)" in raw.problems[0].message


def test_reading_is_bounded_for_plain_text(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "MAX_ARTICLE_CHARS", 1000)
    p = tmp_path / "long.txt"
    p.write_bytes(b" date 2024-01 " + "é".encode() * 100_000)
    (raw,) = _one(p)
    assert len(raw.text) <= 1000 and set(raw.text) == {"é"}  # no cut character, no cp1252
    assert "only the first 1,000 characters kept" in raw.problems[0].message


# --- any bytes at all: a reader never raises, and what it gives is clean ----------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    [
        "<html>",
        "</html>",
        "<p>",
        "</p>",
        "<nitf>",
        "<body.content>",
        "<rss>",
        "<item>",
        "<title>",
        "</title>",
        "<newsItem>",
        "<inlineXML>",
        "<!DOCTYPE x [<!ENTITY e 'v'>]>",
        "&e;",
        "&#27;",
        "&#xd800;",
        "\x1b[31m",
        "\ud800",
        "\x00",
        "---\n",
        "date: [",
        '{"id": 1,',
        '"text": "a\\ud800"}',
        "\n",
        " date 2025-01 ",
        "« Texte », a-t-il dit.",
        "<?xml?>",
        "<feed xmlns='http://www.w3.org/2005/Atom'>",
        "<entry>",
        "<figure><figcaption>",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    suffix=st.sampled_from([".txt", ".md", ".jsonl", ".html", ".xml", ".rss", ".atom"]),
    parts=st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=40),
    noise=st.binary(max_size=64),
)
def test_any_input_is_read_without_raising_and_comes_out_clean(tmp_path, suffix, parts, noise):
    p = tmp_path / f"f{suffix}"
    p.write_bytes("".join(parts).encode("utf-8", "surrogatepass") + noise)
    res = ingest_file(p, "f")
    for it in res.articles:
        a = it.article
        for value in (a.id, a.text, a.title or "", a.source or "", a.author or "", a.url or ""):
            value.encode("utf-8")  # no lone surrogate
            assert not any(ord(c) < 32 and c not in "\n\t" for c in value)
            assert "\x1b" not in value and "\x7f" not in value
        assert all(0 <= b.start < b.end <= len(a.text) for b in a.blocks)
    for pr in res.problems:
        pr.message.encode("utf-8")
        assert "\x1b" not in pr.message
