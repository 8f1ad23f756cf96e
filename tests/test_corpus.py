"""The corpus index: order, lookups, next/previous mention, co-mentions, months."""

from __future__ import annotations

from tui.model import PartialDate


def test_articles_are_in_date_order_with_refined_publication(seed_corpus):
    assert [a.id for a in seed_corpus.articles] == [
        "004_fba018ab2f51b844",
        "000_d741c021dae1db9a",
        "001_bcc5deee8cb38373",
    ]
    a = seed_corpus.article("000_d741c021dae1db9a")
    assert a.date == PartialDate(2025, 7) and a.published == PartialDate(2025, 7, 15)
    # "jeudi 16 mai" agrees with the calendar: 2024-05-16 was a Thursday.
    assert seed_corpus.article("004_fba018ab2f51b844").published == PartialDate(2024, 5, 16)


def test_refinement_needs_the_weekday_to_agree():
    from tui.ingest.dates import refine_published

    assert refine_published("a déclaré mardi 15 juillet", PartialDate(2025, 7)) == PartialDate(
        2025, 7, 15
    )
    assert refine_published("a déclaré lundi 15 juillet", PartialDate(2025, 7)) == PartialDate(
        2025, 7
    )
    assert refine_published("mardi 15 juillet", PartialDate(2025, 8)) == PartialDate(2025, 8)
    assert refine_published("mardi 15 juillet", None) is None


def test_month_sorts_before_its_days():
    assert (
        PartialDate(2025, 7)
        < PartialDate(2025, 7, 1)
        < PartialDate(2025, 7, 15)
        < PartialDate(2025, 8)
    )
    assert PartialDate(2025) < PartialDate(2025, 1)
    assert PartialDate.parse("2025-07").precision == "month"


def test_mentions_are_sorted_by_article_date_then_offset(seed_corpus):
    order = {a.id: i for i, a in enumerate(seed_corpus.articles)}
    ms = seed_corpus.mentions_of("xi-jinping")
    keys = [(order[m.article_id], m.start) for m in ms]
    assert keys == sorted(keys) and len(ms) == seed_corpus.stats("xi-jinping").mentions


def test_next_and_previous_mention_walk_the_corpus(seed_corpus):
    rank, m = seed_corpus.next_mention("serguei-lavrov", None, 0)
    seen = [(m.article_id, m.start)]
    for _ in range(3):
        rank, m = seed_corpus.next_mention("serguei-lavrov", m.article_id, m.start)
        seen.append((m.article_id, m.start))
    assert [a for a, _ in seen] == ["004_fba018ab2f51b844"] + ["000_d741c021dae1db9a"] * 3
    assert rank == 3
    # wraps around, and goes back
    assert seed_corpus.next_mention("serguei-lavrov", m.article_id, m.start)[0] == 0
    back = seed_corpus.next_mention("serguei-lavrov", m.article_id, m.start, backward=True)
    assert back[0] == 2 and (back[1].article_id, back[1].start) == seen[2]
    # from the middle of an article, the next mention after the offset
    mid = seed_corpus.next_mention("serguei-lavrov", "000_d741c021dae1db9a", seen[1][1] + 1)
    assert (mid[1].article_id, mid[1].start) == seen[2]


def test_articles_mentioning_all_selected(seed_corpus):
    both = seed_corpus.articles_mentioning(["serguei-lavrov", "iouri-ouchakov"])
    assert [seed_corpus.articles[i].id for i in both] == ["004_fba018ab2f51b844"]
    assert len(seed_corpus.articles_mentioning(["chine"])) == 3


def test_co_mentions_and_per_month(seed_corpus):
    related = dict((e.id, n) for e, n in seed_corpus.co_mentions("serguei-lavrov"))
    assert related["xi-jinping"] == 2 and "serguei-lavrov" not in related
    assert seed_corpus.per_month(["serguei-lavrov"]) == {(2024, 5): 1, (2025, 7): 3}
    assert seed_corpus.per_month() == {(2024, 5): 1, (2025, 7): 1, (2026, 2): 1}


def test_entities_of_an_article_and_context(seed_corpus):
    ents = dict((e.id, n) for e, n in seed_corpus.entities_of("000_d741c021dae1db9a"))
    assert ents["serguei-lavrov"] == 3
    m = seed_corpus.mentions_of("wang-yi")[0]
    assert seed_corpus.context(m).startswith("Sergueï Lavrov s'était entretenu dimanche")


def test_duplicate_ids_are_renamed_and_reported(tmp_path):
    from tui.config import default_config
    from tui.loader import load_corpus

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(" date 2024-01-01 Un.", encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text(" date 2024-01-02 Deux.", encoding="utf-8")
    corpus = load_corpus(tmp_path, default_config(), use_cache=False)
    assert sorted(a.id for a in corpus.articles) == ["a/x", "b/x"]


def test_undated_articles_sort_last(tmp_path):
    from tui.config import default_config
    from tui.loader import load_corpus

    (tmp_path / "u.txt").write_text("Pas de date ici.", encoding="utf-8")
    (tmp_path / "d.txt").write_text(" date 2020-01 Daté.", encoding="utf-8")
    corpus = load_corpus(tmp_path, default_config(), use_cache=False)
    assert [a.id for a in corpus.articles] == ["d", "u"]
    assert corpus.problems and "header" in corpus.problems[0].message


def _ingested_seeds_and_oddities(tmp_path):
    from conftest import CORPUS

    from tui.config import load_config
    from tui.ingest import ingest_file

    odd = tmp_path / "odd.txt"
    odd.write_text(
        ' date 2025-07 Xi Jinping a dit "[@click=app.quit]x[/]" mardi 15 juillet.\n\n'
        "Selon Iouri Ouchakov, « tout va bien », a-t-il ajouté.\n",
        encoding="utf-8",
    )
    gaz = load_config().gazetteer
    files = [*sorted(CORPUS.glob("*.txt")), odd]
    return [it for f in files for it in ingest_file(f, f.stem, gaz).articles], gaz


def test_packed_articles_give_back_what_was_packed(tmp_path):
    """A cold load keeps each ingest result packed until the build: every field comes back
    (a field added to the model and not packed fails here)."""
    from tui.store.packed import PackedArticle

    items, _gaz = _ingested_seeds_and_oddities(tmp_path)
    for it in items:
        p = PackedArticle.pack(it)
        assert p.article() == it.article
        assert p.mentions() == list(it.entities.mentions)
        assert p.local_entities() == it.entities.entities
        assert p.timerefs() == it.timerefs and p.quotes() == it.quotes
        assert (p.n_timerefs, p.n_quotes) == (len(it.timerefs), len(it.quotes))


def test_building_from_packed_articles_equals_building_from_ingested_ones(tmp_path):
    from tui.corpus import build_corpus, build_from_sources, materialize
    from tui.store.packed import PackedArticle

    items, gaz = _ingested_seeds_and_oddities(tmp_path)
    plain = build_corpus(items, (), gaz)
    packed = materialize(build_from_sources([PackedArticle.pack(it) for it in items], (), gaz))
    assert list(packed.articles) == list(plain.articles)
    assert packed.entities == plain.entities
    assert list(packed.iter_all_mentions()) == list(plain.iter_all_mentions())
    assert list(packed.timerefs) == list(plain.timerefs) and list(packed.quotes) == list(
        plain.quotes
    )
    assert (
        packed.mention_counts()
        == plain.mention_counts()
        == [plain.mention_count(e.id) for e in plain.entities]
    )
