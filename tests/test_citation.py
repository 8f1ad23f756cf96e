"""Citations: templates, French dates, verbs in citation form, graceful degradation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.citation import (
    DEFAULT_CITATION,
    DEFAULT_SENTENCE_TEMPLATE,
    DEFAULT_TEMPLATE,
    FIELDS,
    article_source,
    citation_verb,
    cite_quote,
    cite_sentence,
    format_citation,
    format_sentence_citation,
    french_date,
    validate_template,
)
from tui.model import Article, Entity, PartialDate, Quote

D = PartialDate


def test_the_target_citation():
    got = format_citation(
        "renforcer leur soutien mutuel dans les forums multilatéraux",
        speaker="Xi Jinping",
        verb="a affirmé",
        source="AFP",
        date=D(2025, 7, 15),
    )
    assert got == (
        "« renforcer leur soutien mutuel dans les forums multilatéraux », "
        "a affirmé Xi Jinping (AFP, 15 juillet 2025)"
    )
    assert DEFAULT_CITATION == DEFAULT_TEMPLATE == "« {text} », {verb} {speaker} ({source}, {date})"


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        (D(2025, 7, 15), "15 juillet 2025"),
        (D(2025, 7, 1), "1er juillet 2025"),
        (D(2025, 8), "août 2025"),
        (D(2024, 12, 31), "31 décembre 2024"),
        (D(2026), "2026"),
        ("2026-02-04", "4 février 2026"),
        (None, ""),
    ],
)
def test_french_dates(date, shown):
    assert french_date(date) == shown


@pytest.mark.parametrize(
    ("verb", "cited"),
    [
        ("a-t-il ajouté", "a ajouté"),
        ("a-t-elle dit", "a dit"),
        ("ont-ils déclaré", "ont déclaré"),
        ("ajoute-t-il", "ajoute"),
        ("dit-elle", "dit"),
        ("avait vanté", "a vanté"),
        ("avaient dénoncé", "ont dénoncé"),
        ("qualifiant", "a qualifié"),
        ("Selon", "selon"),
        ("pour", "selon"),
        ("estime", "estime"),
        ("a déclaré", "a déclaré"),
        (None, None),
        ("  ", None),
    ],
)
def test_citation_verbs(verb, cited):
    assert citation_verb(verb) == cited


def test_verb_forms_in_citations():
    cite = format_citation(
        "x", speaker="Xi Jinping", verb="a-t-il ajouté", source="AFP", date=D(2025, 7, 15)
    )
    assert cite == "« x », a ajouté Xi Jinping (AFP, 15 juillet 2025)"
    cite = format_citation(
        "x", speaker="Iouri Ouchakov", verb="selon", source="AFP", date=D(2026, 2, 4)
    )
    assert cite == "« x », selon Iouri Ouchakov (AFP, 4 février 2026)"


def test_missing_pieces_degrade_gracefully():
    # No speaker: the verb goes too.
    assert (
        format_citation("x", speaker=None, verb="a déclaré", source="AFP", date=D(2025, 7))
        == "« x » (AFP, juillet 2025)"
    )
    # No date.
    assert (
        format_citation("x", speaker="Wang Yi", verb="a dit", source="AFP", date=None)
        == "« x », a dit Wang Yi (AFP)"
    )
    # No source: the article id, never the title (for an article without metadata, its
    # lead sentence cut short).
    assert (
        format_citation("x", speaker=None, verb=None, source=None, date=D(2025), title="Un titre")
        == "« x » (2025)"
    )
    assert (
        format_citation(
            "x", speaker=None, verb=None, source=None, date=D(2025), title="T", article_id="a1"
        )
        == "« x » (a1, 2025)"
    )
    assert (
        format_citation("x", speaker=None, verb=None, source=None, date=None, article_id="000_abc")
        == "« x » (000_abc)"
    )
    # Nothing at all.
    assert format_citation("x", speaker=None, verb=None, source=None, date=None) == "« x »"
    # A speaker with no verb is cited "selon".
    assert (
        format_citation("x", speaker="Xi Jinping", verb=None, source="AFP", date=None)
        == "« x », selon Xi Jinping (AFP)"
    )
    # A role speaks when no name is known.
    cite = format_citation(
        "x", speaker="un porte-parole du ministère", verb="a déclaré", source="AFP", date=None
    )
    assert cite == "« x », a déclaré un porte-parole du ministère (AFP)"


def test_quote_text_is_one_line_with_curly_inner_quotes():
    cite = format_citation(
        'il a dit « non »\net "oui"', speaker=None, verb=None, source="AFP", date=None
    )
    assert cite == "« il a dit “non” et “oui” » (AFP)"


def test_values_are_never_reinterpreted():
    cite = format_citation(
        "{speaker} ( , ) {0}", speaker="A {text}", verb="a dit", source="S", date=None
    )
    assert cite == "« {speaker} ( , ) {0} », a dit A {text} (S)"


def test_custom_templates():
    template = "{speaker} {verb} : « {text} » — {source}, {date} [{url}] ({article}; {title})"
    cite = format_citation(
        "x", speaker="Xi Jinping", verb="a-t-il ajouté", source="AFP", date=D(2025, 7, 15),
        title="T", article_id="000", url="https://example.org/a",
    )  # fmt: skip
    assert cite == "« x », a ajouté Xi Jinping (AFP, 15 juillet 2025)"
    cite = format_citation(
        "x", speaker="Xi Jinping", verb="a-t-il ajouté", source="AFP", date=D(2025, 7, 15),
        title="T", article_id="000", template=template,
    )  # fmt: skip
    assert cite == "Xi Jinping a ajouté : « x » — AFP, 15 juillet 2025 (000; T)"
    assert (
        format_citation(
            "x", speaker=None, verb=None, source="AFP", date=None, template="{text!r:>5}|{source}"
        )
        == "  'x'|AFP"
    )


def test_sentence_citations():
    assert (
        format_sentence_citation("Une phrase.", source="AFP", date=D(2026, 2, 4))
        == "« Une phrase. » (AFP, 4 février 2026)"
    )
    assert (
        format_sentence_citation(
            "Une phrase.", source=None, date=None, title="Titre", article_id="001"
        )
        == "« Une phrase. » (001)"
    )
    assert DEFAULT_SENTENCE_TEMPLATE == "« {text} » ({source}, {date})"


@pytest.mark.parametrize("bad", ["{whom}", "{text} {speaker.name}", "{}", "{0}", "{text[0]}"])
def test_unknown_fields_are_named(bad):
    with pytest.raises(ValueError, match=r"unknown field \{"):
        validate_template(bad)
    with pytest.raises(ValueError):
        format_citation("x", speaker=None, verb=None, source=None, date=None, template=bad)


def test_malformed_templates_raise_value_error():
    with pytest.raises(ValueError, match="bad template"):
        validate_template("« {text »")
    with pytest.raises(ValueError, match=r"\{whom\}"):
        validate_template("{text} {whom}")


def test_every_field_is_accepted():
    validate_template(" ".join("{" + f + "}" for f in FIELDS) + " {{literal}}")


class _Corpus:
    def __init__(self, article, entities):
        self._a, self._e = article, entities

    def article(self, aid):
        return self._a if aid == self._a.id else None

    def entity(self, eid):
        return self._e.get(eid)


def test_cite_quote_and_sentence_from_a_corpus():
    text = "« Bonjour », a-t-il ajouté. Une phrase."
    art = Article(
        "000", "corpus/000.txt", text, "Un titre", D(2025, 7), D(2025, 7, 15), source="AFP"
    )
    corpus = _Corpus(art, {"xi-jinping": Entity("xi-jinping", "Xi Jinping", "PER")})
    q = Quote("000", 2, 9, "Bonjour", "xi-jinping", "le président chinois", "a-t-il ajouté", None)
    assert cite_quote(corpus, q) == "« Bonjour », a ajouté Xi Jinping (AFP, 15 juillet 2025)"
    role_only = Quote(
        "000", 2, 9, "Bonjour", None, "le président chinois", "a déclaré", D(2025, 7, 14)
    )
    assert (
        cite_quote(corpus, role_only)
        == "« Bonjour », a déclaré le président chinois (AFP, 14 juillet 2025)"
    )
    assert cite_sentence(art, 28, 39) == "« Une phrase. » (AFP, 15 juillet 2025)"


def test_the_agency_of_a_photo_credit_stands_in_for_a_missing_source():
    from tui.model import Block

    text = "Légende ( AFP / WANG ZHAO )\n\n« Oui », a dit Xi Jinping."
    caption = Block("caption", 0, 27, credit_start=10, credit_end=25)
    art = Article("a", "a.txt", text, "Titre", D(2026, 2, 4), D(2026, 2, 4), blocks=(caption,))
    assert article_source(art) == "AFP"
    corpus = _Corpus(art, {"xi-jinping": Entity("xi-jinping", "Xi Jinping", "PER")})
    q = Quote("a", 31, 34, "Oui", "xi-jinping", "Xi Jinping", "a dit", D(2026, 2, 4))
    assert cite_quote(corpus, q) == "« Oui », a dit Xi Jinping (AFP, 4 février 2026)"
    assert article_source(Article("b", "b.txt", "x", "T")) is None


def test_an_article_with_no_source_and_no_credit_is_cited_by_its_file_name():
    text = "Un long premier paragraphe qui sert de titre faute de mieux. « Oui », a dit Xi Jinping."
    art = Article(
        "b", "/corpus/sub/b_1.txt", text, "Un long premier paragraphe qui…", D(2026, 2, 4)
    )
    corpus = _Corpus(art, {"xi-jinping": Entity("xi-jinping", "Xi Jinping", "PER")})
    q = Quote("b", 64, 67, "Oui", "xi-jinping", "Xi Jinping", "a dit", D(2026, 2, 4))
    assert cite_quote(corpus, q) == "« Oui », a dit Xi Jinping (b_1.txt, 4 février 2026)"
    assert cite_sentence(art, 0, 59).endswith("(b_1.txt, 4 février 2026)")


def test_the_seeds_citations_name_afp_or_the_file_never_the_lead(seed_corpus):
    from tui.config import load_config

    config = load_config()
    by_article: dict[str, set[str]] = {}
    for q in seed_corpus.quotes:
        cite = cite_quote(seed_corpus, q, config.quote_citation)
        article = seed_corpus.article(q.article_id)
        assert article.title not in cite and "…" not in cite.rsplit("(", 1)[-1], cite
        by_article.setdefault(q.article_id, set()).add(cite.rsplit("(", 1)[-1].split(",")[0])
    # Two seeds have an AFP photo credit; the third has none and is cited by its file name.
    assert by_article["000_d741c021dae1db9a"] == {"AFP"}
    assert by_article["001_bcc5deee8cb38373"] == {"AFP"}
    assert by_article["004_fba018ab2f51b844"] == {"004_fba018ab2f51b844.txt"}


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=80),
    st.none() | st.text(max_size=20),
    st.none() | st.text(max_size=20),
    st.none() | st.text(max_size=20),
)
def test_any_values_format_without_error(text, speaker, verb, source):
    cite = format_citation(text, speaker=speaker, verb=verb, source=source, date=D(2025, 7, 15))
    assert cite.startswith("«")
    # Nothing is added that the inputs did not hold.
    assert "\x00" not in cite or "\x00" in text + (speaker or "") + (verb or "") + (source or "")
