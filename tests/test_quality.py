"""The quality scorer (bench.quality): its arithmetic on a hand-made prediction, its refusal of
gold it cannot locate, and the dev set's gold located in the ingested texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.quality import (
    DEFAULT_FOLDERS,
    GoldError,
    Predicted,
    gold_files,
    load_gold,
    score_article,
    score_folder,
    summary,
    text_path_of,
)

TEXT = (
    "Me Julie Martin a plaidé mardi à Lyon. « Rien n'est joué », a-t-elle dit.\n\n"
    "Selon Me Martin, le dossier est « fragile ». Le Stade rennais a gagné."
)
GOLD = """
entities:
  - {name: Julie Martin, type: PER, mentions: [Julie Martin, Martin]}
  - {name: Lyon, type: LOC, mentions: [Lyon]}
  - {name: Stade rennais, type: ORG, mentions: [Stade rennais]}
dates:
  - [mardi, 2025-03-11]
quotes:
  - [Rien n'est joué, Julie Martin]
  - [fragile, null, true]
"""


def _gold(tmp_path: Path, body: str = GOLD, text: str = TEXT):
    path = tmp_path / "a.gold.yaml"
    path.write_text(body, encoding="utf-8")
    return load_gold(path, text)


def _span(surface: str, nth: int = 1) -> tuple[int, int]:
    at = -1
    for _ in range(nth):
        at = TEXT.index(surface, at + 1)
    return at, at + len(surface)


def test_gold_spans_exclude_the_honorific_and_find_every_occurrence(tmp_path):
    gold = _gold(tmp_path)
    got = [(TEXT[m.start : m.end], m.type, m.name) for m in gold.mentions]
    assert got == [
        ("Julie Martin", "PER", "Julie Martin"),
        ("Lyon", "LOC", "Lyon"),
        ("Martin", "PER", "Julie Martin"),
        ("Stade rennais", "ORG", "Stade rennais"),
    ]
    # "Martin" inside "Julie Martin" is not a second mention: the longer item owns it.
    assert len([m for m in gold.mentions if m.name == "Julie Martin"]) == 2
    (q1, q2) = gold.quotes
    assert TEXT[q1.places[0][0] : q1.places[0][1]] == "Rien n'est joué"
    assert (q2.speaker, q2.term) == (None, True)


def test_scores_a_prediction_with_a_wrong_type_a_spurious_name_and_a_split(tmp_path):
    gold = _gold(tmp_path)
    j1, lyon, m2, srfc = (
        _span("Julie Martin"),
        _span("Lyon"),
        _span("Martin", 2),
        _span("Stade rennais"),
    )
    rien = _span("Rien")
    pred = Predicted(
        TEXT,
        mentions=[
            (*j1, "PER", "julie-martin"),
            (*lyon, "ORG", "lyon"),  # right span, wrong type
            (*m2, "PER", "martin"),  # right, but not linked to Julie Martin: a split
            (*rien, "MISC", "rien"),  # spurious
            (srfc[0] + 6, srfc[1], "ORG", "rennais"),  # wrong boundary
        ],
        names={
            "julie-martin": "Julie Martin",
            "lyon": "Lyon",
            "martin": "Martin",
            "rien": "Rien",
            "rennais": "rennais",
        },
        dates=[(*_span("mardi"), "2025-03-04")],  # span right, value wrong
        quotes=[
            (*_span("Rien n'est joué"), "julie-martin", False, "Rien n'est joué"),
            (*_span("fragile"), "martin", False, "fragile"),  # a speaker on a term
            (*_span("Le Stade"), None, False, "Le Stade"),  # not a quotation at all
        ],
    )
    c = score_article(gold, pred, "a")
    s = summary(c)
    e = s["entities"]
    # 2 right (Julie Martin, Martin) of 5 predicted and 4 gold.
    assert (e["correct"], e["predicted"], e["gold"]) == (2, 5, 4)
    assert e["precision"] == pytest.approx(2 / 5, abs=1e-4)
    assert e["recall"] == pytest.approx(2 / 4, abs=1e-4)
    assert e["f1"] == pytest.approx(2 * 0.4 * 0.5 / 0.9, abs=1e-4)
    assert e["span_f1"] == pytest.approx(2 * (3 / 5) * (3 / 4) / (3 / 5 + 3 / 4), abs=1e-4)
    assert (s["linking"]["split"], s["linking"]["split_of"]) == (1, 1)
    assert s["dates"]["value_accuracy"] == 0.0
    assert (s["dates"]["span_precision"], s["dates"]["span_recall"]) == (1.0, 1.0)
    q = s["quotes"]
    assert q["found"] == 1.0
    assert q["right_speaker"] == 0.5
    assert q["right_speaker_named"] == 1.0
    assert q["false"] == 1
    kinds = s["misses"]
    assert kinds["entity: wrong type"] == 1
    assert kinds["entity: spurious"] == 1
    assert kinds["entity: wrong boundary"] == 1
    assert kinds["linking: split"] == 1
    assert kinds["date: wrong value"] == 1
    assert kinds["quote: speaker on a term"] == 1


def test_a_perfect_prediction_scores_one(tmp_path):
    gold = _gold(tmp_path)
    types = {"Julie Martin": "PER", "Lyon": "LOC", "Stade rennais": "ORG"}
    pred = Predicted(
        TEXT,
        mentions=[(m.start, m.end, types[m.name], m.name) for m in gold.mentions],
        names={n: n for n in types},
        dates=[(d.start, d.end, d.value) for d in gold.dates],
        quotes=[(q.places[0][0], q.places[0][1], q.speaker, q.term, "") for q in gold.quotes],
    )
    s = summary(score_article(gold, pred, "a"))
    assert s["entities"]["f1"] == 1.0
    assert s["dates"]["value_accuracy"] == 1.0
    assert s["quotes"]["right_speaker"] == 1.0
    assert s["misses"] == {}


def test_a_quotation_seen_twice_is_one_quotation_and_a_second_row_is_a_duplicate(tmp_path):
    text = "« Tout va bien »\n\nLe maire Paul Roy a dit : « Tout va bien ». Paul Roy est parti."
    gold = _gold(
        tmp_path,
        "entities:\n  - {name: Paul Roy, type: PER, mentions: [Paul Roy]}\n"
        "quotes:\n  - {start: Tout va bien, speaker: Paul Roy, also: [2]}\n",
        text,
    )
    first, second = (i for i in range(len(text)) if text.startswith("Tout", i))
    pred = Predicted(
        text,
        [],
        {},
        [],
        [(first, first + 12, None, False, ""), (second, second + 12, None, False, "")],
    )
    s = summary(score_article(gold, pred, "a"))
    assert s["quotes"]["gold"] == 1
    assert s["quotes"]["duplicate_rows"] == 1
    assert s["quotes"]["false"] == 0


@pytest.mark.parametrize(
    "body, message",
    [
        ("entities:\n  - {name: X, type: PER, mentions: [Jeanne Martin]}\n", "does not occur"),
        ("entities:\n  - {name: X, type: PER, mentions: [Martin@3]}\n", "only 2 occurrence"),
        ("entities:\n  - {name: X, type: PERSON, mentions: [Lyon]}\n", "type"),
        ("quotes:\n  - [Le dossier est, null]\n", "occurrence"),
        ("quotes:\n  - [Rien n'est joué, Paul]\n", "not a gold entity"),
        ("dates:\n  - [mardi, 11 mars]\n", "not YYYY"),
        ("dates:\n  - [jeudi, 2025-03-13]\n", "does not occur"),
    ],
)
def test_gold_that_cannot_be_located_fails_loudly(tmp_path, body, message):
    with pytest.raises(GoldError, match=message):
        _gold(tmp_path, body)


def _all_gold() -> list[Path]:
    return [g for folder in DEFAULT_FOLDERS for g in gold_files(folder)]


def test_the_dev_set_is_large_and_varied_enough():
    devset = DEFAULT_FOLDERS[1]
    texts = sorted(devset.glob("*.txt"))
    assert len(texts) >= 44
    assert {p.stem for p in texts} == {g.name[: -len(".gold.yaml")] for g in gold_files(devset)}
    topics = {p.stem.split("-")[1] for p in texts}
    assert len(topics) >= 11, topics
    for p in texts:
        words = len(p.read_text(encoding="utf-8").split()) - 2  # the " date X " header
        assert 100 <= words <= 300, f"{p.name}: {words} words"


@pytest.mark.parametrize("gold_path", _all_gold(), ids=lambda p: p.name)
def test_every_gold_file_locates_in_its_ingested_text(gold_path):
    from tui.ingest import ingest_file

    tp = text_path_of(gold_path)
    res = ingest_file(tp, tp.stem)
    (article,) = res.articles
    gold = load_gold(gold_path, article.article.text)
    text = article.article.text
    assert gold.mentions and gold.quotes
    for m in gold.mentions:
        assert text[m.start : m.end].strip() == text[m.start : m.end]
    for q in gold.quotes:
        for s, e in q.places:
            assert s < e and text[s:e].strip()


def test_score_folder_runs_the_real_ingest(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2025-03-12 " + TEXT, encoding="utf-8")
    (tmp_path / "a.gold.yaml").write_text(GOLD, encoding="utf-8")
    from tui.ingest.entities import Gazetteer

    counts, n, size = score_folder(tmp_path, Gazetteer())
    s = summary(counts)
    assert n == 1 and size > 0
    assert s["entities"]["gold"] == 4 and s["quotes"]["gold"] == 2
    assert 0.0 <= s["entities"]["f1"] <= 1.0


def test_quotations_are_labelled_by_their_kind_of_attribution(tmp_path):
    text = (
        "Le ministre des Sports, Paul Roy, a parlé. « Nous gagnerons », a déclaré le ministre. "
        "« Rien n'est fait », a-t-il ajouté. « Le match est long. »\n\n"
        "Marie Dubois, capitaine, est claire : « On ira au bout. » Paul Roy a dénoncé un "
        "« arbitrage partial ». « Tout ira bien », assure Marie Dubois.\n\n"
        "Le stade était « plein ». « Un », a-t-il dit, « deux. »"
    )
    body = (
        "entities:\n  - {name: Paul Roy, type: PER, mentions: [Paul Roy]}\n"
        "  - {name: Marie Dubois, type: PER, mentions: [Marie Dubois]}\n"
        "quotes:\n  - [Nous gagnerons, Paul Roy]\n  - [Rien n'est fait, Paul Roy]\n"
        "  - [Le match est long, Paul Roy]\n  - [On ira au bout, Marie Dubois]\n"
        "  - [arbitrage partial, Paul Roy]\n  - [Tout ira bien, Marie Dubois]\n"
        "  - {start: plein, speaker: null, term: true}\n  - [Un, Paul Roy]\n"
        "  - [deux., Paul Roy]\n"
    )
    kinds = [q.kind for q in _gold(tmp_path, body, text).quotes]
    assert kinds == [
        "role noun",
        "pronoun",
        "continuation",
        "colon",
        "partial",
        "named in the sentence",
        "term",
        "pronoun",
        "interrupted",
    ]


# Floors under the scores of issue 10 (the dev set and the seeds, shipped gazetteer): a rule
# that helps one text and hurts the others shows here. They sit a little under today's
# figures (dev set: entities 0.942, quotations 87.5 %, dates 96.4 %; seeds: 0.995, 96.3 %,
# 100 %), so that a change has room to trade one error for another but not to slide.
FLOORS = {
    "devset": {"entities": 0.93, "quotes": 0.85, "dates": 0.95},
    "seeds_gold": {"entities": 0.99, "quotes": 0.92, "dates": 0.99},
    # the fresh set, scored blind at 0.815 / 75.8 % / 93.0 % before its rules (its README)
    "freshset": {"entities": 0.84, "quotes": 0.77, "dates": 0.92},
}


@pytest.mark.parametrize("folder", DEFAULT_FOLDERS, ids=lambda f: f.name)
def test_the_scores_stay_above_their_floors(folder):
    from tui.config import load_config

    counts, n, _size = score_folder(folder, load_config().gazetteer)
    s = summary(counts)
    floor = FLOORS[folder.name]
    assert n > 0
    assert s["entities"]["f1"] >= floor["entities"], s["entities"]
    assert s["quotes"]["right_speaker"] >= floor["quotes"], s["quotes"]
    assert s["dates"]["value_accuracy"] >= floor["dates"], s["dates"]
    assert s["quotes"]["duplicate_rows"] == 0  # a quotation said twice is one row
