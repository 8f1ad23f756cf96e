"""The corpus folder watched while the app is open, and `R`: the header's notice, and a reload
that keeps the selection, the open article and the place in the timeline (Pilot, on copies
of the shipped corpus: the corpus folder itself is never written to)."""

from __future__ import annotations

import shutil

import pytest
from app_helpers import (  # noqa: F401
    CORPUS,
    main_screen,
    plain_terminal,
    screen_text,
    settle,
    spy_notifications,
)

from tui.app.app import ChroniqueApp
from tui.app.reader import Reader
from tui.app.timeline import Timeline
from tui.config import load_config

LAVROV = "serguei-lavrov"
DOUANE = "000_d741c021dae1db9a"  # 2025-07-15, Lavrov's three mentions there
SPRING = "004_fba018ab2f51b844"  # 2024-05-16
WINTER = "001_bcc5deee8cb38373"  # 2026-02-04


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    return corpus


def header(app) -> str:
    return screen_text(app).splitlines()[0]


async def look(pilot) -> None:
    """One look at the folder now (the app takes one every two seconds)."""
    await settle(pilot)
    pilot.app.folder_watch.look()
    await settle(pilot)


async def reload(pilot) -> None:
    await pilot.press("R")
    await settle(pilot)
    await settle(pilot)


def reader_place(app) -> tuple[str, tuple[str, int, int] | None]:
    r = app.screen.query_one(Reader)
    return r.article.id, r.mention_at(r.cursor)


def add_article(folder, name: str, date: str, text: str) -> None:
    (folder / name).write_text(f" date {date} {text}\n", encoding="utf-8")


async def test_new_changed_and_removed_files_are_noticed_in_the_header(folder):
    app = ChroniqueApp(folder, load_config())
    async with app.run_test(size=(140, 30)) as pilot:
        await look(pilot)
        assert app.folder_watch is not None and not app.folder_watch.changes
        assert "reload" not in header(app)
        for k in range(3):
            add_article(folder, f"new{k}.txt", "2026-03-0" + str(k + 1), "Emmanuel Macron parle.")
        await look(pilot)
        assert "3 new articles · R to reload" in header(app)
        with open(folder / f"{WINTER}.txt", "a", encoding="utf-8") as f:
            f.write("\nUn paragraphe ajouté.\n")
        (folder / f"{SPRING}.txt").unlink()
        (folder / "photo.jpg").write_bytes(b"\xff\xd8")  # not an article: not counted
        await look(pilot)
        assert "3 new articles, 1 changed, 1 removed · R to reload" in header(app)
        assert "3 articles" in header(app)  # the corpus shown has not changed yet


async def test_R_reloads_and_keeps_the_selection_and_the_open_article(folder):
    app = ChroniqueApp(folder, load_config())
    seen = spy_notifications(app)
    async with app.run_test(size=(140, 30)) as pilot:
        await look(pilot)
        await pilot.press("slash", *"lavr", "enter")
        await settle(pilot)
        await pilot.press("n", "n")  # his first mention in the July article
        await settle(pilot)
        before = reader_place(app)
        assert before[0] == DOUANE and before[1][0] == LAVROV
        main = main_screen(app)
        assert main.selection == [LAVROV]

        add_article(folder, "zz_new.txt", "2026-03-10", "Sergueï Lavrov a reçu Wang Yi à Moscou.")
        await look(pilot)
        assert "1 new article · R to reload" in header(app)
        await reload(pilot)

        main = main_screen(app)
        assert len(app.corpus.articles) == 4 and main.corpus is app.corpus
        assert main.selection == [LAVROV]
        assert "● Sergueï Lavrov (3 articles)" in header(app)  # the new article mentions him
        assert "reload" not in header(app) and "4 articles" in header(app)
        assert reader_place(app) == before  # the same article, the same mention
        timeline = app.screen.query_one(Timeline)
        assert timeline.current == app.corpus.article_idx(DOUANE)
        assert any(m.startswith("Reloaded: 1 new article") for m, _kw in seen)
        # the new article is reachable: n goes on from where the reader was
        await pilot.press("n", "n", "n")
        await settle(pilot)
        assert reader_place(app)[0] == "zz_new"


async def test_an_open_article_removed_gives_way_to_its_neighbour(folder):
    app = ChroniqueApp(folder, load_config())
    seen = spy_notifications(app)
    async with app.run_test(size=(140, 30)) as pilot:
        await look(pilot)
        timeline = app.screen.query_one(Timeline)
        timeline.focus()
        await pilot.press("j")  # the second article: July 2025
        await settle(pilot)
        assert reader_place(app)[0] == DOUANE
        (folder / f"{DOUANE}.txt").unlink()
        await look(pilot)
        assert "1 removed article · R to reload" in header(app)
        await reload(pilot)
        assert len(app.corpus.articles) == 2
        assert reader_place(app)[0] == WINTER  # the next one in the timeline
        assert any("The article open is gone from the folder" in m for m, _kw in seen)
        assert "2 articles" in header(app)


async def test_a_selected_entity_gone_is_unselected_with_a_notice(folder):
    app = ChroniqueApp(folder, load_config())
    seen = spy_notifications(app)
    async with app.run_test(size=(140, 30)) as pilot:
        await look(pilot)
        await pilot.press("slash", *"lavr", "enter")
        await settle(pilot)
        for name in (DOUANE, SPRING):  # Lavrov's two articles
            (folder / f"{name}.txt").unlink()
        await look(pilot)
        await reload(pilot)
        main = main_screen(app)
        assert app.corpus.entity(LAVROV) is None
        assert main.selection == []
        assert any(LAVROV in m and "unselected" in m for m, _kw in seen)
        assert reader_place(app)[0] == WINTER


async def test_the_events_timeline_keeps_its_cursor(folder):
    app = ChroniqueApp(folder, load_config())
    async with app.run_test(size=(140, 30)) as pilot:
        await look(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("j", "j", "j", "j", "j")
        await settle(pilot)
        main = main_screen(app)
        timeline = app.screen.query_one(Timeline)
        ref = app.corpus.timerefs[timeline.current]
        height = timeline.cursor - round(timeline.scroll_offset.y)
        add_article(folder, "aa_old.txt", "2019-01-01", "Le 3 janvier, Pékin a parlé.")
        await look(pilot)
        await reload(pilot)
        timeline = app.screen.query_one(Timeline)
        assert main.timeline_mode == "events" and timeline.mode == "events"
        now = app.corpus.timerefs[timeline.current]
        assert (now.article_id, now.start, now.text) == (ref.article_id, ref.start, ref.text)
        assert timeline.cursor - round(timeline.scroll_offset.y) == height


async def test_R_with_nothing_changed_keeps_everything(folder):
    app = ChroniqueApp(folder, load_config())
    seen = spy_notifications(app)
    async with app.run_test(size=(140, 30)) as pilot:
        await look(pilot)
        await pilot.press("slash", *"poutine", "enter")
        await settle(pilot)
        await pilot.press("3", "n")
        await settle(pilot)
        before, selection = reader_place(app), list(main_screen(app).selection)
        await reload(pilot)
        assert reader_place(app) == before and main_screen(app).selection == selection
        assert main_screen(app).active_pane == "reader"
        assert any("nothing had changed" in m for m, _kw in seen)


async def test_a_corpus_given_without_a_folder_is_not_watched(seed_corpus):
    app = ChroniqueApp(None, load_config(), corpus=seed_corpus)
    seen = spy_notifications(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.folder_watch is None
        await pilot.press("R")
        await settle(pilot)
        assert [m for m, _kw in seen] == ["No corpus folder to reload from"]


async def test_the_reader_keeps_its_scroll_position(folder):
    app = ChroniqueApp(folder, load_config())
    async with app.run_test(size=(140, 30)) as pilot:
        await look(pilot)
        await pilot.press("3", *"jjjjjjj")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        top, article = round(reader.scroll_offset.y), reader.article.id
        assert top == 7
        add_article(folder, "zz_new.txt", "2026-03-10", "Xi Jinping a parlé.")
        await look(pilot)
        await reload(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article.id == article and round(reader.scroll_offset.y) == top
        assert reader.has_focus


async def test_a_resize_keeps_the_first_line_read_at_the_top(folder):
    """A taller window keeps the scroll as it was; a narrower one rewraps the text and puts
    the line that was first on screen back at the top (it is not nudged one line down each
    time, which made the position drift over a reload's several resize events)."""
    app = ChroniqueApp(folder, load_config())
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3", *"jjjjjjj")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert round(reader.scroll_offset.y) == 7
        first = reader.lines[7].start
        await pilot.resize_terminal(140, 34)
        await settle(pilot)
        assert round(reader.scroll_offset.y) == 7
        await pilot.resize_terminal(110, 34)
        await settle(pilot)
        top = round(reader.scroll_offset.y)
        assert reader.line_of(first) == top and reader.lines[top].start <= first


async def test_a_text_search_is_run_again_on_the_reloaded_corpus(folder, tmp_path, monkeypatch):
    """The hits of the old corpus point into its articles: after R the concordance shows the
    search's hits in the new corpus, the new article's included, its removed one's gone."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    app = ChroniqueApp(folder, load_config())
    async with app.run_test(size=(140, 30)) as pilot:
        await look(pilot)
        await pilot.press("s", *"pékin", "enter")
        await settle(pilot)
        await settle(pilot)
        screen = app.screen
        before = {screen.corpus.articles[a].id for a in set(screen.hits.article)}
        assert before and screen.timeline_mode == "hits"
        add_article(folder, "nouveau.txt", "2026-03-01", "Une délégation arrive à Pékin ce matin.")
        (folder / f"{SPRING}.txt").unlink()
        await look(pilot)
        await reload(pilot)
        await settle(pilot)
        screen = app.screen
        assert screen.search_text == "pékin" and screen.timeline_mode == "hits"
        ids = screen.corpus.articles.ids()
        after = {ids[a] for a in set(screen.hits.article)}
        assert "nouveau" in after and SPRING not in after
        assert after - {"nouveau"} == before - {SPRING}
        # the spans point into the new corpus's texts
        for a, s, e in zip(screen.hits.article, screen.hits.start, screen.hits.end, strict=True):
            assert screen.corpus.articles[a].text[s:e].lower() in ("pékin", "pekin")
