"""Blocks, sentences and titles of the seeds."""

from __future__ import annotations

from tui.ingest.structure import derive_title, split_blocks, split_sentences


def _blocks(article):
    return [(b.kind, article.text[b.start : b.end]) for b in article.blocks]


def test_seed_blocks_are_typed(seed_corpus):
    art = seed_corpus.article("000_d741c021dae1db9a")
    blocks = _blocks(art)
    assert blocks[0][0] == "lead" and blocks[0][1].startswith("En pleine intensification")
    assert blocks[1] == (
        "caption",
        "Xi Jinping et Vladimir Poutine, le 8 mai 2025, à Moscou ( AFP / KIRILL KUDRYAVTSEV )",
    )
    assert ("subheading", "240 milliards d'échanges de biens") in blocks
    assert ("subheading", "Une visite d'Etat à venir ?") in blocks
    caption = art.blocks[1]
    assert art.text[caption.credit_start : caption.credit_end] == "AFP / KIRILL KUDRYAVTSEV"
    kinds = [k for k, _ in blocks]
    assert kinds.count("paragraph") >= 12


def test_quoted_subheading_and_leading_caption(seed_corpus):
    blocks = _blocks(seed_corpus.article("001_bcc5deee8cb38373"))
    assert blocks[0][0] == "caption" and blocks[0][1].endswith("( AFP / WANG ZHAO )")
    assert (
        "subheading",
        'Sur l\'Ukraine, Xi Jinping "soutient les négociations tripartites à Abou Dhabi"',
    ) in blocks
    assert ("subheading", '"Partenariat sans limites"') in _blocks(
        seed_corpus.article("004_fba018ab2f51b844")
    )


def test_sentences_do_not_split_on_abbreviations_or_ellipses():
    text = "M. Dupont est arrivé. Il a dit « (...) La paix » hier. Puis J. Smith est parti !"
    blocks = split_blocks(text)
    spans = split_sentences(text, blocks)
    assert [text[s:e] for s, e in spans] == [
        "M. Dupont est arrivé.",
        "Il a dit « (...) La paix » hier.",
        "Puis J. Smith est parti !",
    ]


def test_every_sentence_span_is_exact(seed_corpus):
    for art in seed_corpus.articles:
        for s, e in art.sentences:
            chunk = art.text[s:e]
            assert chunk == chunk.strip() and chunk


def test_title_is_derived_from_the_lead():
    text = "Le président a parlé longuement devant les députés réunis en séance plénière pour défendre sa réforme des retraites. Suite."
    blocks = split_blocks(text)
    title = derive_title(text, blocks, split_sentences(text, blocks))
    assert title.startswith("Le président a parlé") and title.endswith("…") and len(title) <= 90
