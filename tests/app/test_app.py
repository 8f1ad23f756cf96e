"""The app driven by keys (Pilot): state and what is on screen."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401
    CORPUS,
    main_screen,
    plain_terminal,
    screen_text,
    select,
    settle,
    spy_notifications,
)

from tui.app.app import ChroniqueApp
from tui.app.entities import EntityList
from tui.app.help import HelpScreen
from tui.app.reader import Reader
from tui.app.timeline import Timeline
from tui.config import load_config
from tui.loader import load_corpus
from tui.model import TimeRef

LAVROV = "serguei-lavrov"


@pytest.fixture
def make_app(seed_corpus):
    """A ChroniqueApp over the shipped corpus (or another corpus)."""

    def make(corpus=None, config=None):
        return ChroniqueApp(CORPUS, config or load_config(), corpus=corpus or seed_corpus)

    return make


async def filter_and_select(pilot, query: str) -> None:
    await pilot.press("slash", *query, "enter")
    await settle(pilot)


def reader_position(app) -> tuple[str, int]:
    r = app.screen.query_one(Reader)
    m = r.mention_at(r.cursor)
    assert m is not None, "the reader cursor is on no mention"
    return r.article.id, m[1]


# --- first screen -----------------------------------------------------------------------


async def test_first_screen_shows_corpus(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert f"{len(seed_corpus.articles)} articles" in text
        assert f"{len(seed_corpus.entities)} entities" in text
        assert "2024-05-16 → 2026-02-04" in text
        timeline = app.screen.query_one(Timeline)
        assert list(timeline.data.items) == list(range(len(seed_corpus.articles)))
        # grouped under year and month rows
        assert "2025" in text and "July 2025" in text and "February 2026" in text
        # the first article is open in the reader, the timeline has the focus
        assert app.screen.query_one(Reader).article.id == seed_corpus.articles[0].id
        assert app.focused is timeline
        # every entity is listed with its type mark and count
        assert app.screen.query_one(EntityList).row_count == len(seed_corpus.entities)
        assert "P Sergueï Lavrov" in text
        # histogram over the months of the corpus
        assert "2024-05 " in text and "█" in text


async def test_loads_in_a_worker_from_a_path():
    app = ChroniqueApp(CORPUS, load_config(), use_cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.corpus is not None
        assert "3 articles" in screen_text(app)
        assert app.screen.query_one(Timeline).row_count > 0


async def test_empty_corpus_has_a_helpful_screen(tmp_path):
    app = ChroniqueApp(tmp_path, load_config(), use_cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "No articles found" in text
        assert "--corpus" in text
        await pilot.press("n", "t", "slash", "tab", "3")  # nothing to act on: no crash
        await settle(pilot)


async def test_load_problems_are_notified(tmp_path):
    good = {
        "id": "a1",
        "date": "2025-01-02",
        "title": "Une dépêche",
        "text": "Vladimir Poutine parle.",
    }
    (tmp_path / "c.jsonl").write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    app = ChroniqueApp(tmp_path, load_config(), use_cache=False)
    seen = spy_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.corpus.problems
        warnings = [m for m, kw in seen if kw.get("severity") == "warning"]
        assert warnings and "problem" in warnings[0]
        assert app.screen.query_one(Timeline).row_count > 0  # the app still opened


# --- entity filter ----------------------------------------------------------------------


async def test_filter_lavr_enter_leaves_his_two_articles(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_and_select(pilot, "lavr")
        assert main_screen(app).selection == [LAVROV]
        expected = sorted(
            {seed_corpus.article_idx(m.article_id) for m in seed_corpus.mentions_of(LAVROV)}
        )
        timeline = app.screen.query_one(Timeline)
        assert list(timeline.data.items) == expected and len(expected) == 2
        text = screen_text(app)
        assert "● Sergueï Lavrov (2 articles)" in text
        assert "2 articles · filtered" in text
        # each row counts the selection's mentions
        assert "×1" in text and "×3" in text
        assert app.focused is timeline  # Enter in the filter accepts and moves on


async def test_typing_narrows_with_fzf_syntax(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"@per")
        await settle(pilot)
        lst = app.screen.query_one(EntityList)
        types = {seed_corpus.entities[i].type for i in lst.items}
        assert types == {"PER"}
        await pilot.press(*" poutin")
        await settle(pilot)
        assert lst.entity_at(0) == "vladimir-poutine"


async def test_two_selected_entities_combine(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_and_select(pilot, "lavr")
        await filter_and_select(pilot, "ouchakov")
        assert main_screen(app).selection == [LAVROV, "iouri-ouchakov"]
        items = list(app.screen.query_one(Timeline).data.items)
        assert items == seed_corpus.articles_mentioning([LAVROV, "iouri-ouchakov"])


async def test_escape_clears_text_then_selection_then_goes_back(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_and_select(pilot, "lavr")
        await pilot.press("slash", *"xi")
        await settle(pilot)
        assert main_screen(app).filter_input.value == "xi"
        await pilot.press("escape")
        await settle(pilot)
        assert main_screen(app).filter_input.value == "" and main_screen(app).selection == [LAVROV]
        await pilot.press("escape")
        await settle(pilot)
        assert main_screen(app).selection == []
        assert app.screen.query_one(Timeline).row_count > 5
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is app.screen.query_one(Timeline)


async def test_fast_typing_reaches_the_filter(make_app):
    """ "/lavr⏎n" arriving in one burst (a paste, tmux send-keys): the keys after "/" go to
    the filter and the keys after Enter to the timeline."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        from textual import events

        for key, char in [
            ("slash", "/"),
            ("l", "l"),
            ("a", "a"),
            ("v", "v"),
            ("r", "r"),
            ("enter", "\r"),
            ("n", "n"),
        ]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert main_screen(app).selection == [LAVROV]
        assert reader_position(app) == ("004_fba018ab2f51b844", 3802)


# --- mentions across the corpus -----------------------------------------------------------


async def test_n_visits_his_four_mentions_in_date_order_and_N_goes_back(make_app, seed_corpus):
    app = make_app()
    seen = spy_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_and_select(pilot, "lavr")
        visited = []
        for _ in range(4):
            await pilot.press("n")
            await settle(pilot)
            visited.append(reader_position(app))
        expected = [(m.article_id, m.start) for m in seed_corpus.mentions_of(LAVROV)]
        assert visited == expected
        dates = [seed_corpus.article(a).published.iso() for a, _s in visited]
        assert dates == ["2024-05-16", "2025-07-15", "2025-07-15", "2025-07-15"]
        # the position is in the reader's title, not in notices that would stack up
        assert seen == []
        title = main_screen(app).titles["reader"].render().plain
        assert "Sergueï Lavrov 4/4 · 2025-07-15 · 3/3 here" in title
        text = screen_text(app)
        assert "mention" in text and "Sergueï Lavrov" in text
        # the timeline follows: the open article is marked
        assert "▶2025-07-15" in text

        await pilot.press("N")
        await settle(pilot)
        assert reader_position(app) == expected[2]
        await pilot.press("N", "N")
        await settle(pilot)
        assert reader_position(app) == expected[0]
        await pilot.press("N")  # wraps to the last one
        await settle(pilot)
        assert reader_position(app) == expected[3]
        title = main_screen(app).titles["reader"].render().plain
        assert "Sergueï Lavrov 4/4 (wrapped) · 2025-07-15" in title


async def test_the_mention_is_scrolled_into_view(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await filter_and_select(pilot, "lavr")
        await pilot.press("n")  # at the end of the 2024 article
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        line = reader.line_of(3802)
        top = round(reader.scroll_offset.y)
        assert top <= line < top + reader.scrollable_content_region.height


async def test_next_previous_article_in_the_filtered_timeline(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_and_select(pilot, "lavr")
        reader = app.screen.query_one(Reader)
        assert reader.article.id == "004_fba018ab2f51b844"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert reader.article.id == "000_d741c021dae1db9a"
        await pilot.press("right_square_bracket")  # the last one of the filtered timeline
        await settle(pilot)
        assert reader.article.id == "000_d741c021dae1db9a"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert reader.article.id == "004_fba018ab2f51b844"


# --- reader ------------------------------------------------------------------------------


async def test_enter_on_a_mention_in_the_reader_selects_its_entity(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "l", "l")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert app.focused is reader
        eid, start, _end = reader.mention_at(reader.cursor)
        assert reader.cursor == 1
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).selection == [eid]
        name = seed_corpus.entity(eid).name
        assert f"● {name}" in screen_text(app)
        # the article stays open, the cursor stays on the mention
        assert reader_position(app)[1] == start


async def test_reader_marks_blocks_and_mentions(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await filter_and_select(pilot, "lavr")
        await pilot.press("n")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        kinds = {line.kind for line in reader.lines}
        assert {"meta", "title", "paragraph", "subheading"} <= kinds
        # the mention under the cursor is reversed; the selection's mentions bold
        line = reader.lines[reader.line_of(3802)]
        text = reader._line_text(line)
        spans = [(s.start + line.start, s.end + line.start, str(s.style)) for s in text.spans]
        assert any(s <= 3802 < e and "reverse" in style for s, e, style in spans)
        assert any("bold" in style and "underline" in style for _s, _e, style in spans)
        # the wrapped lines cover the text, spans stay inside the article
        art = reader.article
        for ln in reader.lines:
            if ln.text is None and ln.kind != "blank":
                assert 0 <= ln.start <= ln.end <= len(art.text)


# --- timeline modes ----------------------------------------------------------------------


async def test_t_shows_events_sorted_by_the_date_they_name(make_app, seed_corpus):
    extra = TimeRef("000_d741c021dae1db9a", 0, 10, "En pleine", value=None)  # unresolved: left out
    corpus = replace(seed_corpus, timerefs=[*seed_corpus.timerefs, extra])
    app = make_app(corpus)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        assert timeline.mode == "events"
        resolved = [k for k, t in enumerate(corpus.timerefs) if t.value is not None]
        assert sorted(timeline.data.items) == resolved
        values = [corpus.timerefs[k].value for k in timeline.data.items]
        assert values == sorted(values)
        if resolved:
            first = corpus.timerefs[timeline.data.items[0]]
            text = screen_text(app)
            assert "events" in text
            assert first.value.iso() in text
            # Enter opens the article at the expression's sentence
            await pilot.press("enter")
            await settle(pilot)
            reader = app.screen.query_one(Reader)
            assert reader.article.id == first.article_id
            assert reader.mark == corpus.sentence_at(first.article_id, first.start)
            assert app.focused is reader
        await pilot.press("2", "t")
        await settle(pilot)
        assert timeline.mode == "articles"


async def test_events_are_filtered_by_the_selection(make_app, seed_corpus):
    # An event in a sentence that names Lavrov (his mention at 1507 in the 2025 article).
    s, e = seed_corpus.sentence_at("000_d741c021dae1db9a", 1507)
    mine = TimeRef(
        "000_d741c021dae1db9a",
        s,
        s + 3,
        seed_corpus.article("000_d741c021dae1db9a").text[s : s + 3],
        value=None,
    )
    from tui.model import PartialDate

    mine = replace(mine, value=PartialDate(1999, 1, 2))
    corpus = replace(seed_corpus, timerefs=[*seed_corpus.timerefs, mine])
    app = make_app(corpus)
    async with app.run_test(size=(160, 50)) as pilot:
        await filter_and_select(pilot, "lavr")
        await pilot.press("t")
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        items = list(timeline.data.items)
        assert len(corpus.timerefs) - 1 in items
        lavrov = corpus.entity_idx(LAVROV)
        for k in items:
            t = corpus.timerefs[k]
            ss, se = corpus.sentence_at(t.article_id, t.start)
            ents, starts, _ends = corpus.mention_spans_in(t.article_id)
            assert any(ents[j] == lavrov and ss <= starts[j] < se for j in range(len(starts)))
        assert "1999-01-02" in screen_text(app)


async def test_Q_lists_quotations(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        assert timeline.mode == "quotes"
        expected = [k for k, q in enumerate(seed_corpus.quotes) if not q.is_term]
        assert sorted(timeline.data.items) == expected
        if expected:
            q = seed_corpus.quotes[timeline.data.items[0]]
            assert "«" in screen_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen.query_one(Reader).mark == (q.start, q.end)
        # with a selection: that speaker's quotations only
        await filter_and_select(pilot, "poutine")
        for k in timeline.data.items:
            assert seed_corpus.quotes[k].speaker == "vladimir-poutine"


async def test_e_and_r_switch_the_entity_list(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        lst = app.screen.query_one(EntityList)
        art = app.screen.query_one(Reader).article
        assert lst.mode == "article"
        assert [lst.entity_at(r) for r in range(lst.row_count)] == [
            e.id for e, _n in seed_corpus.entities_of(art.id)
        ]
        assert "this article" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert lst.mode == "filter" and lst.row_count == len(seed_corpus.entities)

        await filter_and_select(pilot, "lavr")
        await pilot.press("r")
        await settle(pilot)
        assert lst.mode == "related"
        assert [lst.entity_at(r) for r in range(lst.row_count)] == [
            e.id for e, _n in seed_corpus.co_mentions(LAVROV, limit=50)
        ]
        assert "with Sergueï Lavrov" in main_screen(app).titles["entities"].render().plain


async def test_histogram_follows_the_selection(make_app, seed_corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hist = main_screen(app).histogram
        assert hist.counts == seed_corpus.per_month()
        await filter_and_select(pilot, "lavr")
        assert hist.counts == seed_corpus.per_month([LAVROV])
        assert hist.what == "mentions"


# --- copy --------------------------------------------------------------------------------


async def test_y_copies_the_sentence_or_quote_with_a_citation(make_app, seed_corpus):
    app = make_app()
    seen = spy_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_and_select(pilot, "lavr")
        await pilot.press("n", "n", "y")
        await settle(pilot)
        from tui.citation import cite_quote, cite_sentence

        copied = app.clipboard
        art = seed_corpus.article("000_d741c021dae1db9a")
        s, e = seed_corpus.sentence_at(art.id, 1507)
        # the quotation in the sentence of the mention, else the sentence, with its citation
        quotes = [
            q
            for q in seed_corpus.quotes
            if q.article_id == art.id and not q.is_term and q.start < e and q.end > s
        ]
        config = load_config()
        if quotes:
            assert copied == cite_quote(seed_corpus, quotes[0], config.quote_citation)
        else:
            assert copied == cite_sentence(art, s, e, config.sentence_citation)
        assert copied.startswith("« ") and "2025" in copied
        # the notice says what was done, not a bare "Copied"
        notices = [m for m, _kw in seen]
        assert any(m.endswith("sent to the terminal clipboard (OSC 52)") for m in notices)
        assert not any("Copied" in m or "Copied" in kw.get("title", "") for m, kw in seen)


# --- keys, help, palette -----------------------------------------------------------------


async def test_rebinding_a_key_in_config_yaml(tmp_path, seed_corpus):
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        f"corpus: {CORPUS}\nkeys:\n  next_mention: j\n  prev_mention: ctrl+k\n", encoding="utf-8"
    )
    config = load_config(cfg)
    assert config.keys["next_mention"] == "j"
    app = ChroniqueApp(config.corpus, config, corpus=seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_and_select(pilot, "lavr")
        timeline = app.screen.query_one(Timeline)
        assert app.focused is timeline
        await pilot.press("j")  # the user's key wins over the list's own j
        await settle(pilot)
        assert reader_position(app) == ("004_fba018ab2f51b844", 3802)
        await pilot.press("j")
        await settle(pilot)
        assert reader_position(app) == ("000_d741c021dae1db9a", 1507)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert reader_position(app) == ("004_fba018ab2f51b844", 3802)
        before = reader_position(app)
        await pilot.press("n")  # no longer bound
        await settle(pilot)
        assert reader_position(app) == before
        await pilot.press("down")  # the arrows still move the cursor
        await settle(pilot)
        # the footer and the help screen show the live key
        assert "j Next mention" in screen_text(app)
        await pilot.press("question_mark")
        await settle(pilot)
        help_text = str(app.screen.query_one("#help-text").render())
        assert any(
            line.split()[:2] == ["j", "Next"] for line in help_text.splitlines() if line.strip()
        )


async def test_help_lists_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for needle in (
            "Chronique keys",
            "Next mention",
            "Prev mention",
            "Events",
            "Copy+cite",
            "Quotes",
        ):
            assert needle in text
        from tui.config import DEFAULT_KEYS

        body = str(app.screen.query_one("#help-text").render())
        for action in DEFAULT_KEYS:
            from tui.app.keys import ACTIONS

            assert ACTIONS[action][1] in body
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_goes_to_an_entity(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"lavr")
        await pilot.pause(0.3)
        await settle(pilot)
        assert "go to entity Sergueï Lavrov" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).selection == [LAVROV]


async def test_quit(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


# --- terminals ---------------------------------------------------------------------------


async def test_80x24_shows_one_pane_at_a_time(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panes = {
            name: app.screen.query_one(f"#{name}-pane")
            for name in ("entities", "timeline", "reader")
        }

        def shown():
            return {name for name, p in panes.items() if p.display and p.region.width > 0}

        assert main_screen(app).narrow and shown() == {"timeline"}
        assert "1 Entities  2 Timeline  3 Reader" in screen_text(app)
        await pilot.press("3")
        await settle(pilot)
        assert shown() == {"reader"} and app.focused is app.screen.query_one(Reader)
        await pilot.press("tab")
        await settle(pilot)
        assert shown() == {"entities"}
        assert "filter:" in screen_text(app)
        await pilot.press("shift+tab")
        await settle(pilot)
        assert shown() == {"reader"}
        # selecting from the filter shows the timeline
        await filter_and_select(pilot, "lavr")
        assert shown() == {"timeline"}
        assert "2 articles" in screen_text(app)
        # Enter on an article opens it in the reader pane
        await pilot.press("enter")
        await settle(pilot)
        assert shown() == {"reader"}
        # wide again: three panes
        await pilot.resize_terminal(160, 50)
        await settle(pilot)
        assert not main_screen(app).narrow and shown() == {"entities", "timeline", "reader"}


async def test_resize_to_tiny_sizes_does_not_crash(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for size in [(10, 5), (1, 1), (3, 2), (40, 8), (200, 60), (10, 5)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await pilot.press("j", "l", "tab", "n", "t", "3", "l", "G", "2")
            await settle(pilot)
            screen_text(app)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "Chronique" in screen_text(app)


# --- text is data ------------------------------------------------------------------------


HOSTILE = (
    "Titre [bold]gras[/bold] et [@click=app.quit]x[/]\n\n"
    "Le président [red]Vladimir Poutine[/red] a dit [@click=app.quit]cliquez[/] ici. "
    "Puis \x1b]52;c;SGVsbG8=\x07 et \x1b[31mrouge\x1b[0m et [link=https://x]lien[/link].\n\n"
    "Vladimir Poutine a parlé à Pékin [dim]le 3 mars 2025[/dim]."
)


@pytest.fixture
def hostile_corpus(tmp_path: Path):
    line = {
        "id": "h1",
        "date": "2025-03-04",
        "title": "[bold]Titre[/] [@click=app.quit]q[/]",
        "text": HOSTILE,
    }
    (tmp_path / "h.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    return load_corpus(tmp_path, load_config(), use_cache=False)


async def test_markup_and_escapes_in_articles_show_literally(hostile_corpus):
    app = ChroniqueApp(None, load_config(), corpus=hostile_corpus)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        text = screen_text(app)
        assert "[@click=app.quit]cliquez[/]" in text
        assert "[bold]gras[/bold]" in text
        assert "[red]Vladimir Poutine[/red]" in text
        assert "[bold]Titre[/] [@click=app.quit]q[/]" in text  # the title too
        assert "\x1b" not in text and "\x07" not in text
        assert "�]52;c;SGVsbG8=" in text  # ingest replaced the control characters
        # clicking the would-be link does nothing; the app keeps running
        for y, row in enumerate(text.splitlines()):
            x = row.find("[@click=app.quit]cliquez")
            if x >= 0:
                await pilot.click(offset=(x + 3, y))
                await settle(pilot)
                break
        else:
            pytest.fail("the literal link text is not on screen")
        assert app.is_running
        # the entity list, the timeline, the palette: names and titles stay literal
        await pilot.press("1", "n", "ctrl+p", *"pout")
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.is_running
        await pilot.press("escape", "y")
        await settle(pilot)
        assert app.is_running


async def test_the_timeline_is_virtual(seed_corpus):
    """100,000 articles: only the visible rows are drawn."""
    from array import array

    from tui.corpus import Corpus, EntityStats  # noqa: F401
    from tui.model import Article, PartialDate

    n = 100_000
    arts = [
        Article(
            f"a{i:06d}",
            "",
            "Texte.",
            f"Article {i}",
            PartialDate(2000 + i // 5000, 1 + (i // 400) % 12, 1),
            PartialDate(2000 + i // 5000, 1 + (i // 400) % 12, 1),
        )
        for i in range(n)
    ]
    arts.sort(key=lambda a: a.published)
    empty = array("i")
    corpus = Corpus(arts, [])
    corpus._article_index = {a.id: i for i, a in enumerate(arts)}
    corpus._art_ent = corpus._art_start = corpus._art_end = [empty] * n
    app = ChroniqueApp(None, load_config(), corpus=corpus)
    drawn: list[int] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        original = timeline.render_row

        def counting(row, width):
            drawn.append(row)
            return original(row, width)

        timeline.render_row = counting
        await pilot.press("G")
        await settle(pilot)
        assert timeline.row_count > n
        assert timeline.current == n - 1
        assert "Article" in screen_text(app)
        assert 0 < len(drawn) < 200


async def test_no_color_keeps_marks_readable(monkeypatch, seed_corpus):
    """NO_COLOR: no colours, but the cursor is reversed and selections bold."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = ChroniqueApp(CORPUS, load_config(), corpus=seed_corpus)
    assert app.no_color
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_and_select(pilot, "lavr")
        await pilot.press("n")
        await settle(pilot)
        assert "mention" in screen_text(app)
        reader = app.screen.query_one(Reader)
        line = reader.lines[reader.line_of(3802)]
        spans = [str(s.style) for s in reader._line_text(line).spans]
        assert any("reverse" in s for s in spans)


async def test_a_load_failure_is_shown_and_the_app_stays_open(tmp_path):
    app = ChroniqueApp(tmp_path / "missing", load_config(), use_cache=False)
    seen = spy_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Could not load the corpus" in screen_text(app)
        assert any(kw.get("severity") == "error" for _m, kw in seen)
        await pilot.press("n", "slash", "t")
        await settle(pilot)
        assert app.is_running


async def test_selection_changes_keep_the_open_article(make_app, seed_corpus):
    """Selecting from the reader does not pull another article in under the reader."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_and_select(pilot, "lavr")
        await pilot.press("right_square_bracket", "3", "l")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        article = reader.article.id
        await pilot.press("enter")
        await settle(pilot)
        assert reader.article.id == article


def test_the_unfiltered_list_is_the_matchers_order(seed_corpus):
    from tui.app.entities import EntitySearch
    from tui.search import EntityMatcher

    quick = list(EntitySearch(seed_corpus).search(""))
    assert quick == [m.index for m in EntityMatcher.for_corpus(seed_corpus).search("")]
