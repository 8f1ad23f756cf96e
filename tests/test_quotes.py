"""Quotations and their speakers, on the seeds and on sentences written here.

Mentions are built by hand (every occurrence of a known surface, longest first), so these
tests do not depend on the entity extractor.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spans import assert_spans

from tui.ingest.formats import read_file
from tui.ingest.french import slug
from tui.ingest.quotes import (
    REPORTING_VERBS,
    article_roles,
    extract_quotes,
    pair_quote_marks,
    role_key,
)
from tui.model import Entity, Mention, PartialDate, TimeRef

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

KNOWN = {
    "PER": [
        "Xi Jinping", "Vladimir Poutine", "Sergueï Lavrov", "Wang Yi", "Donald Trump",
        "Iouri Ouchakov", "Antony Blinken", "Andreï Belooussov", "Sergueï Choïgou",
        "Emmanuel Macron", "Olaf Scholz", "Angela Merkel", "Dmitri Peskov", "Lin Jian",
    ],
    "ORG": ["Chine nouvelle", "CCTV", "OCS", "AFP", "Kremlin", "Apec", "Reuters", "Elysée"],
    "LOC": [
        "Moscou", "Pékin", "Chine", "Russie", "Etats-Unis", "Ukraine", "Kiev", "Washington",
        "Abou Dhabi", "Iran", "Téhéran", "Inde", "Pakistan", "Paris", "Berlin",
    ],
}  # fmt: skip
ENTITIES = {slug(n): Entity(slug(n), n, t) for t, names in KNOWN.items() for n in names}
DAYS = {
    "000": {"mardi 15 juillet": "2025-07-15", "mardi": "2025-07-15", "Mardi": "2025-07-15"},
    "001": {
        "ce mercredi 4 février": "2026-02-04",
        "ce mercredi": "2026-02-04",
        "mercredi": "2026-02-04",
    },
    "004": {"jeudi 16 mai": "2024-05-16"},
}


def find_all(text: str, surfaces) -> list[tuple[int, int, str]]:
    """Every whole-word occurrence, longest surfaces first, never overlapping."""
    taken: list[tuple[int, int]] = []
    out = []
    for s in sorted(surfaces, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append((m.start(), m.end(), s))
    return sorted(out)


def mentions(text: str, aid: str = "t") -> list[Mention]:
    names = [n for ns in KNOWN.values() for n in ns]
    return [Mention(slug(s), aid, a, b, text[a:b]) for a, b, s in find_all(text, names)]


def timerefs(text: str, aid: str, days: dict[str, str]) -> list[TimeRef]:
    return [
        TimeRef(aid, a, b, text[a:b], PartialDate.parse(days[s]))
        for a, b, s in find_all(text, days)
    ]


def quotes_of(text: str, days: dict[str, str] | None = None, published=None, **kw):
    found = extract_quotes(
        text, "t", mentions(text), ENTITIES, published, timerefs(text, "t", days or {}), **kw
    )
    check(text, found)
    return found


def check(text, found) -> None:
    assert_spans(text, [(q.start, q.end, q.text) for q in found])
    for q in found:
        assert q.text == q.text.strip()
        assert q.text
        # A quotation crosses a newline only where French runs it over paragraphs: each new
        # paragraph reopens it with a quote mark.
        for line in q.text.split("\n")[1:]:
            assert not line.strip() or line.lstrip()[0] in '«“"', q.text


def one(text: str, **kw):
    found = quotes_of(text, **kw)
    assert len(found) == 1, found
    return found[0]


def seed(prefix: str):
    path = next(CORPUS.glob(prefix + "_*.txt"))
    raw = next(read_file(path, path.stem))
    found = extract_quotes(
        raw.text,
        raw.id,
        mentions(raw.text, raw.id),
        ENTITIES,
        raw.date,
        timerefs(raw.text, raw.id, DAYS[prefix]),
    )
    check(raw.text, found)
    return raw, found


def by_text(found, start: str):
    hits = [q for q in found if q.text.startswith(start)]
    assert hits, f"no quotation starts with {start!r}: {[q.text[:30] for q in found]}"
    return hits


# --- the seeds -------------------------------------------------------------------------------


def test_seed_000_every_quotation_and_its_speaker():
    raw, found = seed("000")
    got = [(q.text[:25], q.speaker, q.verb, q.date and q.date.iso(), q.is_term) for q in found]
    assert got == [
        ("renforcer leur soutien mu", "xi-jinping", "a déclaré", "2025-07-15", False),
        ("mettre en oeuvre le conse", "xi-jinping", "a affirmé", "2025-07-15", False),
        ("renforcer leur soutien mu", "xi-jinping", "a affirmé", "2025-07-15", False),
        ("unir les pays du Sud glob", "xi-jinping", "a-t-il ajouté", "2025-07-15", False),
        ("les relations avec les Et", "moscou", "selon", "2025-07", False),
        ("la plus stable, la plus m", "wang-yi", "avait vanté", "2025-07", False),
        ("très sévères", None, None, "2025-07", True),
        # A partial quotation governed by a speech verb (issue 10): Pékin's.
        ("coercition", "pekin", "a fustigé", "2025-07-15", False),
        ("La Chine s'oppose fermeme", None, "a déclaré", "2025-07", False),
        ("la confiance politique mu", "xi-jinping", "a souligné", "2025-07-15", False),
        ("renforcée", "xi-jinping", "a souligné", "2025-07-15", False),
        ("à explorer une voie de co", "xi-jinping", "a-t-il ajouté", "2025-07-15", False),
    ]


def test_inner_spaces_are_not_part_of_the_span():
    raw, found = seed("000")
    q = found[0]
    assert q.text == "renforcer leur soutien mutuel"
    assert raw.text[q.start - 2 : q.end + 2] == '" renforcer leur soutien mutuel "'
    assert q.speaker_role == "le dirigeant chinois"


def test_two_joined_quotes_share_the_speaker_after_the_last_one():
    _raw, found = seed("000")
    first = by_text(found, "mettre en oeuvre")[0]
    second = by_text(found, "renforcer leur soutien mutuel dans")[0]
    # Vladimir Poutine sits between the two quotes: he is not the speaker.
    assert first.speaker == second.speaker == "xi-jinping"
    assert first.date == PartialDate(2025, 7, 15)  # "a affirmé mardi"


def test_selon_after_an_explicit_speaker_is_the_source():
    _raw, found = seed("000")
    for q in by_text(found, "renforcer leur soutien mutuel dans") + by_text(found, "la confiance"):
        assert q.speaker == "xi-jinping"  # not Chine nouvelle, not CCTV


def test_the_role_of_a_spokesman_without_a_name():
    _raw, found = seed("000")
    (q,) = by_text(found, "La Chine s'oppose")
    assert q.speaker is None
    assert q.speaker_role == "un porte-parole du ministère chinois des Affaires étrangères"
    assert q.text.endswith("ne mènent nulle part")


def test_homologue_ties_the_chinese_minister_to_wang_yi():
    raw, found = seed("000")
    (q,) = by_text(found, "la plus stable")
    assert (q.speaker, q.speaker_role) == ("wang-yi", "le ministre chinois des Affaires étrangères")
    roles = article_roles(raw.text, mentions(raw.text, raw.id), ENTITIES)
    assert roles["ministre russe des affaires etrangeres"] == "serguei-lavrov"
    assert roles["ministre chinois des affaires etrangeres"] == "wang-yi"
    assert roles["dirigeant chinois"] == "xi-jinping"
    assert roles["homologue chinois"] == "wang-yi"


def test_seed_001_every_quotation_and_its_speaker():
    _raw, found = seed("001")
    got = [(q.text[:25], q.speaker, q.verb, q.is_term) for q in found]
    assert got == [
        ("Dans le contexte de turbu", "vladimir-poutine", "a déclaré", False),
        ("alliance", None, None, True),
        ("stabilité", None, None, True),
        ("Les deux parties doivent ", "xi-jinping", "a déclaré", False),
        ("En tant que grands pays r", "xi-jinping", "a souligné", False),
        # The subheading before repeats the body: one quotation, two places.
        ("soutient les négociations", "iouri-ouchakov", "a assuré", False),
        ("attention particulière a ", "iouri-ouchakov", "selon", False),
        ("responsable", "vladimir-poutine", "a assuré", False),
        ("L'invitation a été accept", "iouri-ouchakov", "a assuré", False),
    ]
    assert all(q.date == PartialDate(2026, 2, 4) for q in found)


def test_the_subject_after_the_verb_wins_over_a_name_before_the_quote():
    _raw, found = seed("001")
    (body,) = by_text(found, "soutient les négociations")
    assert body.speaker == "iouri-ouchakov"  # not Xi Jinping, named before the quote


def test_a_repeated_quotation_is_one_row_with_its_other_places():
    raw, found = seed("001")
    # The subheading "soutient les négociations …" and the body; the lead's quotation and its
    # repetition at the end: the row is the place attributed on its own, then the first.
    (body,) = by_text(found, "soutient les négociations")
    ((s, e),) = body.also
    assert s < body.start and raw.text[s:e] in body.text
    (lead,) = by_text(found, "Dans le contexte de turbu")
    ((s, e),) = lead.also
    assert s > lead.start and raw.text[s:e] == lead.text
    _raw, found4 = seed("004")
    (term,) = [q for q in found4 if q.text.lower() == "partenariat sans limites"]
    assert term.is_term and len(term.also) == 1  # a term said twice is one term too


def test_different_words_or_speakers_are_not_repeats():
    text = (
        "Olaf Scholz a dénoncé « un texte dangereux pour la démocratie », mardi. "
        "Angela Merkel a répondu que « un texte dangereux » serait celui qui ne change rien.\n\n"
        "Olaf Scholz a ajouté : « Nous ne lâcherons rien »\n\n"
        "« Nous ne lâcherons rien », a aussi dit Angela Merkel."
    )
    found = extract_quotes(text, "t", mentions(text, "t"), ENTITIES)
    assert all(q.also == () for q in found), [(q.text, q.also) for q in found]


def test_the_first_person_after_the_verb_speaks_and_a_x_is_the_addressee():
    _raw, found = seed("001")
    (q,) = by_text(found, "Les deux parties")
    assert q.speaker == "xi-jinping"  # "a déclaré ce mercredi Xi Jinping à Vladimir Poutine"


def test_seed_004_pronouns_follow_the_last_speaker():
    _raw, found = seed("004")
    got = [(q.text[:25], q.speaker, q.speaker_role, q.verb, q.is_term) for q in found]
    assert got == [
        # No apposition in this article ties "le président chinois" to a name: the person the
        # article names most before it, with no rival role, holds it.
        ("Les relations entre la Ch", "xi-jinping", "le président chinois", "a déclaré", False),
        ("La Chine est disposée à r", "xi-jinping", "le président chinois", "a-t-il ajouté", False),
        # "Vladimir Poutine a déclaré pour sa part …" comes in between.
        ("Ensemble, nous défendons ", "vladimir-poutine", "Vladimir Poutine", "a-t-il dit", False),
        # Said twice (a subheading, then the body): one row each, with its other place.
        ("Partenariat sans limites", None, None, None, True),
        ("bonne direction", "xi-jinping", "Xi Jinping", "a précisé", False),
        ("chaleureuse et amicale", "vladimir-poutine", "Vladimir Poutine", "qualifiant", False),
    ]
    assert [len(q.also) for q in found] == [0, 0, 0, 1, 0, 1]


def test_a_role_known_from_elsewhere_can_be_passed_in():
    path = next(CORPUS.glob("004_*.txt"))
    raw = next(read_file(path, path.stem))
    found = extract_quotes(
        raw.text,
        raw.id,
        mentions(raw.text, raw.id),
        ENTITIES,
        raw.date,
        roles={"president chinois": "xi-jinping"},
    )
    assert [q.speaker for q in found[:2]] == ["xi-jinping", "xi-jinping"]


# --- quote marks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "« Nous devons agir vite », a déclaré Emmanuel Macron.",
        "«\u00a0Nous devons agir vite\u00a0», a déclaré Emmanuel Macron.",
        "«\u202fNous devons agir vite\u202f», a déclaré Emmanuel Macron.",
        "“Nous devons agir vite”, a déclaré Emmanuel Macron.",
        '"Nous devons agir vite", a déclaré Emmanuel Macron.',
        '" Nous devons agir vite " , a déclaré Emmanuel Macron.',
        "„Nous devons agir vite“, a déclaré Emmanuel Macron.",
    ],
)
def test_every_quote_style(text):
    q = one(text)
    assert q.text == "Nous devons agir vite"
    assert (q.speaker, q.verb, q.is_term) == ("emmanuel-macron", "a déclaré", False)


def test_nested_quotes_make_one_quotation():
    q = one(
        '« Il a parlé d\'une "trahison" inacceptable », a lancé le chancelier allemand Olaf Scholz.'
    )
    assert q.text == 'Il a parlé d\'une "trahison" inacceptable'
    assert (q.speaker, q.speaker_role, q.verb) == (
        "olaf-scholz",
        "le chancelier allemand",
        "a lancé",
    )
    q = one("“Il a dit « jamais » hier”, a-t-il noté.")
    assert q.text == "Il a dit « jamais » hier"


def test_an_unbalanced_quote_costs_one_paragraph_at_most():
    text = (
        'Il a dit "bonjour et puis rien du tout.\n\n'
        "« Texte sans fin et encore des mots\n\n"
        "Puis « autre chose encore », estime Emmanuel Macron.\n\n"
        '"Une "alliance" solide", a déclaré Olaf Scholz.'
    )
    found = quotes_of(text)
    assert [q.text for q in found] == ["autre chose encore", "alliance"]
    assert found[0].speaker == "emmanuel-macron"


def test_pairing_of_marks():
    assert pair_quote_marks('a "b" c "d"') == [(2, 4), (8, 10)]
    assert pair_quote_marks("« a » » « b\n c »") == [(0, 4)]
    assert pair_quote_marks('"x') == []
    assert pair_quote_marks('l\'"alliance" et "x"') == [(2, 11), (16, 18)]


def test_empty_quotes_are_skipped():
    assert quotes_of('"" et « » et "   " puis') == []


# --- attribution patterns -------------------------------------------------------------------


def test_subject_before_the_verb_and_que():
    q = one("Mardi, Angela Merkel a souligné que l'Europe devait « rester unie », selon Reuters.")
    assert (q.speaker, q.verb) == ("angela-merkel", "a souligné")


def test_a_short_quote_with_a_reporting_verb_and_speaker_is_a_quotation():
    q = one('Angela Merkel a assuré à Olaf Scholz que la France agirait de façon "responsable".')
    assert (q.speaker, q.verb, q.is_term) == ("angela-merkel", "a assuré", False)


def test_scare_quotes_are_terms():
    found = quotes_of('Une "alliance" dans l\'intérêt de la "stabilité" mondiale.')
    assert [(q.text, q.is_term, q.speaker) for q in found] == [
        ("alliance", True, None),
        ("stabilité", True, None),
    ]
    # A partial quotation governed by a speech verb is a quotation (issue 10), not a term.
    q = one('Pékin a fustigé mardi un acte de "coercition", affirmant qu\'il était inutile.')
    assert not q.is_term and q.speaker == "pekin"
    # "a averti les partenaires … qu'il imposerait": the object comes first, a term.
    q = one(
        "Donald Trump a averti les partenaires commerciaux de la Russie qu'il imposerait des "
        'droits de douane "très sévères".'
    )
    assert q.is_term


def test_a_longer_quote_takes_a_looser_attribution():
    q = one(
        "Donald Trump a averti les partenaires commerciaux de la Russie qu'il imposerait des "
        '"droits de douane très sévères pouvant atteindre 100%".'
    )
    assert (q.speaker, q.is_term) == ("donald-trump", False)


@pytest.mark.parametrize(
    ("incise", "verb"),
    [
        ("a-t-il ajouté", "a-t-il ajouté"),
        ("a-t-elle dit", "a-t-elle dit"),
        ("ajoute-t-il", "ajoute-t-il"),
        ("dit-il", "dit-il"),
        ("a encore insisté Emmanuel Macron", "a insisté"),
        ("estime Emmanuel Macron", "estime"),
        ("avait martelé Emmanuel Macron", "avait martelé"),
    ],
)
def test_incises(incise, verb):
    text = f"Emmanuel Macron est arrivé à Berlin. « La paix est possible », {incise}."
    q = one(text)
    assert (q.speaker, q.verb) == ("emmanuel-macron", verb)


def test_pronoun_takes_the_previous_speaker_of_the_right_kind():
    text = (
        "« Le monde change », a estimé Emmanuel Macron. "
        "« Nous devons suivre », a-t-il poursuivi, selon l'Elysée. "
        "« C'est une étape importante », selon Reuters. "
        "« Et nous le ferons », a-t-il conclu."
    )
    found = quotes_of(text)
    assert [q.speaker for q in found] == [
        "emmanuel-macron",
        "emmanuel-macron",
        "reuters",
        "emmanuel-macron",  # Reuters is not a person
    ]


def test_pronoun_with_no_antecedent_keeps_the_verb():
    q = one("« Nous devons agir vite », a-t-elle ajouté.")
    assert (q.speaker, q.verb, q.is_term) == (None, "a-t-elle ajouté", False)


def test_selon_before_the_quote():
    q = one("Selon Dmitri Peskov, une « attention particulière a été accordée à la question ».")
    assert (q.speaker, q.verb) == ("dmitri-peskov", "selon")
    q = one("Selon le porte-parole du Kremlin, Dmitri Peskov, « rien n'est décidé ».")
    assert (q.speaker, q.speaker_role) == ("dmitri-peskov", "le porte-parole du Kremlin")
    q = one("Pour Emmanuel Macron, « l'Europe doit se réveiller ».")
    assert (q.speaker, q.verb) == ("emmanuel-macron", "pour")


def test_selon_a_vague_source_names_nobody():
    q = one("« Les négociations avancent bien », selon la même source.")
    assert q.speaker is None and q.speaker_role is None


def test_selon_a_document_names_the_organisation_inside():
    q = one(
        "« Les négociations avancent bien », selon un compte-rendu de la télévision chinoise CCTV."
    )
    assert q.speaker == "cctv"


def test_roles_through_appositions():
    q = one(
        "Le chancelier allemand Olaf Scholz était à Paris. "
        "« Rien n'est réglé », a déclaré le chancelier allemand à son hôte."
    )
    assert (q.speaker, q.speaker_role) == ("olaf-scholz", "le chancelier allemand")
    q = one(
        "Dmitri Peskov, le porte-parole du Kremlin, a été clair. "
        "« Rien n'est décidé pour le moment », a dit le porte-parole du Kremlin."
    )
    assert q.speaker == "dmitri-peskov"
    q = one(
        "Il a reçu le ministre russe des Affaires étrangères, Sergueï Lavrov. "
        "« Rien n'est décidé pour le moment », a dit le ministre russe des Affaires étrangères."
    )
    assert q.speaker == "serguei-lavrov"
    # Head-of-state words stand for each other.
    q = one(
        "Le président chinois Xi Jinping a reçu son hôte. "
        "« Nous sommes prêts », a déclaré le dirigeant chinois."
    )
    assert q.speaker == "xi-jinping"


def test_an_indefinite_role_is_nobody_known():
    q = one(
        "Lin Jian, le porte-parole du ministère, est absent. "
        "« Non », a déclaré un porte-parole du ministère."
    )
    assert (q.speaker, q.speaker_role, q.is_term) == (None, "un porte-parole du ministère", False)


def test_addressees_and_places_are_not_speakers():
    q = one("« C'est une étape », a déclaré à la presse Emmanuel Macron.")
    assert q.speaker == "emmanuel-macron"
    q = one("« Oui, bien sûr », a dit à son homologue chinois Wang Yi le ministre Sergueï Lavrov.")
    assert q.speaker == "serguei-lavrov"
    q = one(
        "« Oui, bien sûr », a dit au ministre russe des Affaires étrangères, Sergueï Lavrov, "
        "le ministre chinois Wang Yi."
    )
    assert q.speaker == "wang-yi"
    q = one(
        "« L'Europe doit se réveiller », a déclaré lundi soir à Berlin le président français Emmanuel Macron."
    )
    assert (q.speaker, q.speaker_role) == ("emmanuel-macron", "le président français")


def test_an_organisation_speaks():
    q = one("« C'est une étape importante », a indiqué l'agence officielle Chine nouvelle.")
    assert (q.speaker, q.speaker_role) == ("chine-nouvelle", "l'agence officielle Chine nouvelle")
    q = one(
        "« C'est une étape importante », a affirmé dans un communiqué le ministère chinois des Affaires étrangères."
    )
    assert (q.speaker, q.speaker_role) == (None, "le ministère chinois des Affaires étrangères")


def test_coordinated_subjects_name_nobody_alone():
    q = one("Emmanuel Macron et Olaf Scholz ont déclaré que « l'Europe doit se réveiller ».")
    assert (q.speaker, q.speaker_role, q.verb) == (
        None,
        "Emmanuel Macron et Olaf Scholz",
        "ont déclaré",
    )


def test_a_headline_with_a_colon():
    q = one("Emmanuel Macron : « Nous ne céderons pas »")
    assert (q.speaker, q.verb) == ("emmanuel-macron", None)


def test_a_participial_clause():
    q = one(
        'Qualifiant la rencontre de "chaleureuse et amicale", Olaf Scholz a déclaré que tout allait bien.'
    )
    assert (q.speaker, q.verb, q.is_term) == ("olaf-scholz", "qualifiant", False)


def test_the_day_of_the_speech_comes_from_the_attribution_clause():
    days = {"mardi": "2025-07-15", "dimanche": "2025-07-13"}
    published = PartialDate(2025, 7)
    q = one(
        "« Nous sommes prêts », a déclaré mardi Emmanuel Macron.", days=days, published=published
    )
    assert q.date == PartialDate(2025, 7, 15)
    # A day outside the attribution does not date the speech.
    text = "Emmanuel Macron est arrivé dimanche. « Nous sommes prêts », a déclaré Emmanuel Macron."
    q = one(text, days=days, published=published)
    assert q.date == published


def test_role_key():
    assert (
        role_key("Le nouveau ministre russe des Affaires étrangères,")
        == "ministre russe des affaires etrangeres"
    )
    assert role_key("l’agence officielle") == "agence officielle"
    assert role_key("son homologue chinois") == "homologue chinois"


def test_reporting_verbs_table_is_well_formed():
    assert len({row[0] for row in REPORTING_VERBS}) == len(REPORTING_VERBS)
    for row in REPORTING_VERBS:
        assert len(row) == 4 and row[0]


def test_no_quote_mark_means_no_work():
    assert extract_quotes("Rien à citer ici.\n\nNi là.", "t", [], {}) == []


# --- robustness -------------------------------------------------------------------------------

QUOTEY = st.lists(
    st.sampled_from(
        list("«»“”„\"'\n ,.:;!?-—()\u00a0\u202f")
        + list("aeiXJéà")
        + ["a dit ", "Xi Jinping", "selon ", "a-t-il ajouté", "le président chinois ", "que "]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(QUOTEY, st.text(max_size=300)))
def test_arbitrary_text_never_crashes_and_spans_are_valid(text):
    ms = mentions(text)
    found = extract_quotes(text, "t", ms, ENTITIES, PartialDate(2025, 7))
    check(text, found)
    for q in found:
        assert q.speaker is None or q.speaker in ENTITIES
        assert q.is_term is False or q.speaker is None
    starts = [q.start for q in found]
    assert starts == sorted(starts)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "« Nous devons agir », a déclaré Xi Jinping. ",
                '"ici" ',
                "a-t-il ajouté. ",
                "Selon le président chinois Xi Jinping, ",
                "\n",
                "« ",
                " »",
                '" ',
                "son homologue russe Vladimir Poutine ",
                "Vladimir Poutine a dit que ",
            ]
        ),
        max_size=30,
    )
)
def test_sentence_soup_never_crashes(parts):
    text = "".join(parts)
    check(text, quotes_of(text))


def test_a_passive_judgement_is_said_by_its_agent():
    text = "Le plan a été jugé « inacceptable » par Olaf Scholz, mardi, à Berlin."
    (q,) = extract_quotes(text, "t", mentions(text, "t"), ENTITIES)
    assert (q.speaker, q.is_term) == ("olaf-scholz", False)


def test_an_infinitive_between_the_verb_and_a_partial_quotation():
    text = "Angela Merkel dit vouloir « tout changer » avant l'été."
    (q,) = extract_quotes(text, "t", mentions(text, "t"), ENTITIES)
    assert (q.speaker, q.is_term) == ("angela-merkel", False)
