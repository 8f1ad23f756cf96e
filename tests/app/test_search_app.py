"""The text search in the app, driven by keys (Pilot): s, the concordance, o, n/N, Enter,
Esc, the entity selection, y."""

from __future__ import annotations

import re

import pytest
from app_helpers import CORPUS, main_screen, plain_terminal, screen_text, settle  # noqa: F401

from tui import fulltext
from tui.app import textsearch
from tui.app.app import ChroniqueApp
from tui.app.reader import Reader
from tui.app.timeline import Histogram, SearchInput, Timeline
from tui.config import load_config

LAVROV = "serguei-lavrov"


@pytest.fixture
def make_app(seed_corpus):
    def make(corpus=None):
        return ChroniqueApp(CORPUS, load_config(), corpus=corpus or seed_corpus)

    return make


def expected_hits(corpus, words: str, articles: set[str] | None = None):
    """(article, start, end) of every hit, in corpus order, as the index gives them."""
    with fulltext.index_corpus(corpus, CORPUS, load_config()) as index:
        found = index.search(fulltext.parse_query(words), limit=None, articles=articles)
        return sorted(fulltext.corpus_spans(corpus, found))


async def search(pilot, words: str) -> None:
    await pilot.press("s", *words, "enter")
    await settle(pilot)


def shown_hits(app) -> list[tuple[int, int, int]]:
    """The concordance's rows, as (article, start, end), top to bottom."""
    tl = app.screen.query_one(Timeline)
    assert tl.mode == "hits"
    out = []
    for row in range(tl.row_count):
        k = tl.item_at(row)
        if k is not None:
            out.append((tl.hits.article[k], tl.hits.start[k], tl.hits.end[k]))
    return out


async def test_s_opens_a_prompt_and_enter_shows_the_concordance(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        prompt = app.screen.query_one(SearchInput)
        assert not prompt.display  # hidden until asked for
        await pilot.press("s")
        await settle(pilot)
        assert app.focused is prompt and prompt.display
        # keys typed in the prompt are text, not the app's keys (n, t, /, s, q)
        await pilot.press(*'"droits de douane"', "enter")
        await settle(pilot)
        tl = app.screen.query_one(Timeline)
        assert app.focused is tl and tl.mode == "hits"
        expected = expected_hits(seed_corpus, '"droits de douane"')
        assert shown_hits(app) == expected and len(expected) == 1
        a, s, e = expected[0]
        text = screen_text(app)
        assert '"droits de douane" 1 hit · 1 article · by date' in text
        art = seed_corpus.articles[a]
        row = next(ln for ln in text.splitlines() if "│" in ln and art.text[s:e] in ln)
        assert art.published.iso() in row and "│" in row
        # the context around the match, as in the text
        before = " ".join(art.text[max(0, s - 15) : s].split())
        assert before in row
        # the reader shows the hit, highlighted, and says where it is
        reader = app.screen.query_one(Reader)
        assert reader.article_idx == a and reader.mark == (s, e) and reader.hits == [(s, e)]
        assert f'"droits de douane" 1/1 · {art.published.iso()} · 1/1 here' in text


async def test_the_matches_are_in_one_column(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "russie")
        rows = screen_text(app).splitlines()
        lines = [ln for ln in rows if re.match(r"[ ▶]\d{4}-\d\d-\d\d │", ln)]
        assert len(lines) >= 10
        # the match starts at the same column on every row (a line may hold the word
        # earlier in its left context: take the column shared by every row)
        starts = [{m.start() for m in re.finditer("russie", ln.lower())} for ln in lines]
        common = set.intersection(*starts)
        assert len(common) == 1, lines


async def test_o_sorts_by_the_word_before_then_after_then_date(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "chine")
        by_date = shown_hits(app)
        assert by_date == expected_hits(seed_corpus, "chine")
        text_of = seed_corpus.articles.text

        def key(hit, side):
            return textsearch.sort_key(text_of(hit[0]), hit[1], hit[2], side)

        await pilot.press("o")
        await settle(pilot)
        before = shown_hits(app)
        assert sorted(before) == by_date and before != by_date
        assert [key(h, "before") for h in before] == sorted(key(h, "before") for h in before)
        assert "by word before" in screen_text(app)
        assert app.screen.query_one(Timeline).cursor == 0  # read from the top
        await pilot.press("o")
        await settle(pilot)
        after = shown_hits(app)
        assert [key(h, "after") for h in after] == sorted(key(h, "after") for h in after)
        assert "by word after" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert shown_hits(app) == by_date and "by date" in screen_text(app)


async def test_enter_opens_the_article_at_the_hit(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "chine")
        hits = shown_hits(app)
        await pilot.press("G", "enter")  # the last hit: far down its article
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        a, s, e = hits[-1]
        assert app.focused is reader
        assert reader.article_idx == a and reader.mark == (s, e)
        assert reader.hits == [(hs, he) for ha, hs, he in hits if ha == a]
        # scrolled to it: its line is on screen
        line = reader.line_of(s)
        top = round(reader.scroll_offset.y)
        assert top <= line < top + reader.scrollable_content_region.height
        assert top > 0


async def test_n_and_N_step_through_the_hits_across_the_corpus(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "lavrov")
        expected = expected_hits(seed_corpus, "lavrov")
        assert len({a for a, _s, _e in expected}) >= 2  # the steps cross articles
        reader = app.screen.query_one(Reader)
        # the search shows the first hit; n goes on from there, in corpus order
        seen = [(reader.article_idx, *reader.mark)]
        for _ in range(len(expected) - 1):
            await pilot.press("n")
            await settle(pilot)
            seen.append((reader.article_idx, *reader.mark))
        assert seen == expected
        k = len(expected)
        art = seed_corpus.articles[expected[-1][0]]
        assert f"{k}/{k} · {art.published.iso()}" in screen_text(app)
        # the concordance's cursor follows
        tl = app.screen.query_one(Timeline)
        assert tl.hits.start[tl.current] == expected[-1][1]
        await pilot.press("n")  # round the end
        await settle(pilot)
        assert (reader.article_idx, *reader.mark) == expected[0]
        assert "(wrapped)" in screen_text(app)
        await pilot.press("N")
        await settle(pilot)
        assert (reader.article_idx, *reader.mark) == expected[-1]
        await pilot.press("N")
        await settle(pilot)
        assert (reader.article_idx, *reader.mark) == expected[-2]


async def test_the_histogram_counts_hits_per_month(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        histogram = app.screen.query_one(Histogram)
        articles_per_month = dict(histogram.counts)
        await search(pilot, "chine")
        counts: dict[tuple[int, int], int] = {}
        for a, _s, _e in expected_hits(seed_corpus, "chine"):
            d = seed_corpus.articles[a].published
            counts[(d.year, d.month)] = counts.get((d.year, d.month), 0) + 1
        assert histogram.counts == counts != articles_per_month
        await pilot.press("escape")
        await settle(pilot)
        assert histogram.counts == articles_per_month


async def test_esc_clears_the_search_and_restores_the_timeline(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "chine")
        await pilot.press("enter")  # into the reader; Esc there goes back to the concordance
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        await pilot.press("escape")
        await settle(pilot)
        tl = app.screen.query_one(Timeline)
        assert app.focused is tl and tl.mode == "hits"
        await pilot.press("escape")
        await settle(pilot)
        assert tl.mode == "articles"
        assert list(tl.data.items) == list(range(len(seed_corpus.articles)))
        assert reader.hits == []
        screen = main_screen(app)
        assert screen.search_query is None
        assert not app.screen.query_one(SearchInput).display
        text = screen_text(app)
        assert "3 articles" in text and '"chine"' not in text
        # n is about mentions again
        await pilot.press("n")
        await settle(pilot)
        assert "Select an entity first" in " ".join(str(n.message) for n in app._notifications)


async def test_esc_in_the_prompt_goes_back_and_keeps_the_search(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"chi", "escape")
        await settle(pilot)
        tl = app.screen.query_one(Timeline)
        assert app.focused is tl and tl.mode == "articles"
        assert not app.screen.query_one(SearchInput).display
        await search(pilot, "chine")
        await pilot.press("s")
        await settle(pilot)
        prompt = app.screen.query_one(SearchInput)
        assert prompt.value == "chine"  # to change the words
        await pilot.press("backspace", "escape")
        await settle(pilot)
        assert tl.mode == "hits" and prompt.value == "chine"
        # an empty prompt clears the search
        await pilot.press("s", "ctrl+u", "enter")
        await settle(pilot)
        assert tl.mode == "articles" and main_screen(app).search_query is None


async def test_a_bad_query_is_a_one_line_message(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s", *'"non fermé', "enter")
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
        assert any("quote is not closed" in n for n in notes)
        assert app.focused is app.screen.query_one(SearchInput)
        assert app.screen.query_one(Timeline).mode == "articles"


async def test_the_search_combines_with_the_entity_selection(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lavr", "enter")
        await settle(pilot)
        lavrov_articles = set(seed_corpus.articles_mentioning([LAVROV]))
        assert 0 < len(lavrov_articles) < len(seed_corpus.articles)
        await search(pilot, "chine")
        allowed = {seed_corpus.articles[a].id for a in lavrov_articles}
        expected = expected_hits(seed_corpus, "chine", allowed)
        assert shown_hits(app) == expected
        assert {a for a, _s, _e in expected} == lavrov_articles
        assert "filtered" in screen_text(app)
        # clearing the selection searches the whole corpus again
        await pilot.press("slash", "escape", "escape")
        await settle(pilot)
        assert main_screen(app).selection == []
        assert shown_hits(app) == expected_hits(seed_corpus, "chine")


async def test_y_copies_the_sentence_of_the_hit_with_its_citation(make_app, seed_corpus):
    app = make_app()
    copied: list[str] = []
    async with app.run_test(size=(160, 40)) as pilot:
        app.copy_to_clipboard = copied.append
        await settle(pilot)
        await search(pilot, '"droits de douane"')
        await pilot.press("y")
        await settle(pilot)
        (a, s, e) = expected_hits(seed_corpus, '"droits de douane"')[0]
        art = seed_corpus.articles[a]
        ss, se = seed_corpus.sentence_at(art.id, s)
        sentence = " ".join(art.text[ss:se].split())
        assert len(copied) == 1
        assert copied[0].startswith("« " + sentence[:40])
        assert "droits de douane" in copied[0]
        assert copied[0].endswith("15 juillet 2025)")


async def test_many_hits_are_capped_and_counted(make_app, seed_corpus, monkeypatch):
    monkeypatch.setattr(textsearch, "MAX_HITS", 5)
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "chine")
        total = len(expected_hits(seed_corpus, "chine"))
        assert shown_hits(app) == expected_hits(seed_corpus, "chine")[:5]
        text = screen_text(app)
        assert f"{total} hits" in text and "first 5 listed" in text
        assert f"and {total - 5} more hits, not listed" in text
        # the note is no row to stand on
        await pilot.press("G")
        await settle(pilot)
        assert app.screen.query_one(Timeline).current is not None


async def test_the_first_search_builds_the_index_in_a_worker(make_app, monkeypatch):
    monkeypatch.setattr("tui.app.text_search_screen.ANNOUNCE_INDEXING", 1)
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        ui_thread = __import__("threading").get_ident()
        built_in = []
        original = textsearch.IndexHolder.get

        def get(self, announce=None):
            built_in.append(__import__("threading").get_ident())
            return original(self, announce)

        monkeypatch.setattr(textsearch.IndexHolder, "get", get)
        await search(pilot, "chine")
        assert built_in and ui_thread not in built_in
        notes = [str(n.message) for n in app._notifications]
        assert any("Indexing the words of 3 files" in n for n in notes)


async def test_article_text_is_shown_literally_in_the_concordance(tmp_path):
    import json

    from tui.loader import load_corpus

    text = (
        "Le [bold]gaz[/bold] et [@click=app.quit]gaz[/] ici.\n"
        "Puis \x1b[31m gaz \x1b[0m et le\tgaz\nrusse."
    )
    (tmp_path / "h.jsonl").write_text(
        json.dumps({"id": "h1", "date": "2025-03-04", "title": "t", "text": text}) + "\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path, load_config(), use_cache=False)
    app = ChroniqueApp(tmp_path, load_config(), corpus=corpus)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "gaz")
        assert len(shown_hits(app)) == 4
        screen = screen_text(app)
        assert "Le [bold]gaz[/bold] et [@click=app.quit]gaz" in screen
        assert "[@click=app.quit]gaz[/] ici." in screen
        assert "\x1b" not in screen and "�[31m gaz �[0m" in screen
        assert "et le gaz russe." in screen  # tab and line break as spaces
        assert app.is_running


async def test_an_index_that_cannot_be_built_is_one_message(make_app, monkeypatch):
    import sqlite3

    def broken(self, announce=None):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(textsearch.IndexHolder, "get", broken)
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "chine")
        notes = [str(n.message) for n in app._notifications]
        assert any("The text search failed: disk I/O error" in n for n in notes)
        assert app.is_running
        assert app.screen.query_one(Timeline).mode == "articles"
        assert main_screen(app).search_query is None


async def test_events_and_quotes_come_back_to_the_concordance(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "lavrov")
        tl = app.screen.query_one(Timeline)
        await pilot.press("t")
        await settle(pilot)
        assert tl.mode == "events"
        # n still steps through the hits
        reader = app.screen.query_one(Reader)
        before = (reader.article_idx, reader.mark)
        await pilot.press("n")
        await settle(pilot)
        expected = expected_hits(seed_corpus, "lavrov")
        assert (reader.article_idx, *reader.mark) in expected
        assert (reader.article_idx, reader.mark) != before
        await pilot.press("t")
        await settle(pilot)
        assert tl.mode == "hits" and shown_hits(app) == expected
        await pilot.press("Q", "Q")
        await settle(pilot)
        assert tl.mode == "hits"
