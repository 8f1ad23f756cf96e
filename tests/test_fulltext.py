"""Full-text search (tui/fulltext.py): matching, the query syntax, spans, updates."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spans import assert_spans

from tui import fulltext as ft
from tui.fulltext import Doc, FullTextIndex, QueryError, parse_query
from tui.model import PartialDate


def make_index(texts: dict[str, str], dates: dict[str, str] | None = None) -> FullTextIndex:
    """An in-memory index of texts by article id (one file per article, named after it)."""
    dates = dates or {}
    index = FullTextIndex.open(None)
    docs = [
        Doc(aid, f"/c/{aid}.txt", text, _d(dates.get(aid)), _d(dates.get(aid)))
        for aid, text in texts.items()
    ]
    paths = [d.path for d in docs]
    index.sync(lambda wanted: [d for d in docs if d.path in wanted], paths, [(1, 1)] * len(docs))
    return index


def _d(value: str | None) -> PartialDate | None:
    return PartialDate.parse(value) if value else None


def found(index: FullTextIndex, query: str, texts: dict[str, str]) -> list[tuple[str, str]]:
    """(article, surface) of every hit, checking the span invariant on the way."""
    out = []
    for h in index.search(query, limit=None):
        text = texts[h.article]
        assert_spans(text, [(h.start, h.end, text[h.start : h.end])])
        out.append((h.article, text[h.start : h.end]))
    return out


TEXTS = {
    "a": "La coopération entre la Chine et la Russie s'étend à l'Europe.",
    "b": "Les droits de douane sur le gaz d’Ukraine. L’Europe hésite.",
    "c": "Une machine chinoise. Droits et douane, droits de\ndouane encore.",
    "d": "Rien à voir : le CAFÉ est servi, l'été venu.",
}


@pytest.fixture(scope="module")
def index():
    return make_index(TEXTS)


def test_accents_and_case_do_not_count(index):
    assert found(index, "cooperation", TEXTS) == [("a", "coopération")]
    assert found(index, "COOPÉRATION", TEXTS) == [("a", "coopération")]
    assert found(index, "cafe", TEXTS) == [("d", "CAFÉ")]
    assert found(index, "ÉTÉ", TEXTS) == [("d", "été")]


def test_elision_is_seen_through(index):
    assert found(index, "Europe", TEXTS) == [("a", "Europe"), ("b", "Europe")]
    assert found(index, "ukraine", TEXTS) == [("b", "Ukraine")]
    # the whole elided form, typed with either apostrophe, is a phrase of two words
    assert found(index, "l’europe", TEXTS) == [("a", "l'Europe"), ("b", "L’Europe")]


def test_phrase_needs_the_words_in_a_row(index):
    hits = found(index, '"droits de douane"', TEXTS)
    assert hits == [("b", "droits de douane"), ("c", "droits de\ndouane")]
    assert ("c", "Droits et douane") not in hits


def test_words_must_all_appear_and_each_is_a_hit(index):
    hits = found(index, "droits gaz", TEXTS)
    assert {a for a, _ in hits} == {"b"}
    assert hits == [("b", "droits"), ("b", "gaz")]


def test_prefix(index):
    hits = found(index, "chin*", TEXTS)
    assert hits == [("a", "Chine"), ("c", "chinoise")]  # not "machine"


def test_not_and_minus_exclude_articles(index):
    assert {a for a, _ in found(index, "droits -gaz", TEXTS)} == {"c"}
    assert {a for a, _ in found(index, "droits NOT gaz", TEXTS)} == {"c"}
    assert {a for a, _ in found(index, 'la -"droits de douane"', TEXTS)} == {"a"}


def test_or(index):
    hits = found(index, "gaz OR machine", TEXTS)
    assert hits == [("b", "gaz"), ("c", "machine")]
    # OR binds the words next to it; the other words are still required
    assert {a for a, _ in found(index, "droits gaz OR machine", TEXTS)} == {"b", "c"}
    assert {a for a, _ in found(index, "europe gaz OR machine", TEXTS)} == {"b"}


def test_near():
    texts = {"x": "alpha un deux trois beta", "y": "alpha un deux trois quatre cinq six beta"}
    index = make_index(texts)
    assert {a for a, _ in found(index, "NEAR(alpha beta, 3)", texts)} == {"x"}
    assert {a for a, _ in found(index, "NEAR(alpha beta, 2)", texts)} == set()
    assert {a for a, _ in found(index, "NEAR(beta alpha)", texts)} == {"x", "y"}  # 10 words
    assert found(index, 'NEAR("un deux" beta, 2)', texts) == [("x", "un deux"), ("x", "beta")]


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "-gaz",
        "NOT gaz",
        '"droits de douane',
        "gaz OR",
        "OR gaz",
        "NEAR(gaz, 3)",
        "NEAR(a b",
        "NEAR a b",
        "NEAR(a b, x)",
        "NEAR(a b, 3, 4)",
        "(a b)",
        "a )",
        "«»",
        "... !!",
        " ".join(f"w{i}" for i in range(100)),
    ],
)
def test_bad_queries_are_query_errors(bad):
    with pytest.raises(QueryError) as err:
        parse_query(bad)
    assert "\n" not in str(err.value) and str(err.value)


def test_user_input_never_reaches_fts5_as_syntax(index):
    # FTS5 operators and column filters typed as words are words here
    for typed in ["text:gaz", "gaz^", '"a" + "b"', "{text}: gaz", "gaz AND", 'x" OR "y']:
        try:
            q = parse_query(typed)
        except QueryError:
            continue
        index.search(q)  # runs, never an FTS5 syntax error


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_typed_query_parses_or_is_a_query_error(typed):
    index = make_index({"z": "Le gaz et l'Europe"})
    try:
        q = parse_query(typed)
    except QueryError as err:
        assert "\n" not in str(err)
        return
    index.search(q)


_VOCAB = ["alpha", "beta", "gamma", "Été", "été", "l'Europe", "d’Ukraine", "ça", "x"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=12), min_size=1, max_size=6),
    st.lists(
        st.sampled_from(["alpha", "beta", "ete", "europe", "d ukraine", "x"]),
        min_size=2,
        max_size=3,
    ),
    st.integers(min_value=0, max_value=4),
)
def test_spans_agree_with_fts5_on_phrases_and_near(docs, phrases, distance):
    """An article has spans for a phrase or NEAR query exactly when FTS5 matches it."""
    texts = {f"t{i}": " ".join(words) + "." for i, words in enumerate(docs)}
    index = make_index(texts)
    for query in (
        f'"{phrases[0]}"',
        "NEAR(" + " ".join(f'"{p}"' for p in phrases) + f", {distance})",
    ):
        q = parse_query(query)
        matched = {h.article for h in index.search(q, limit=None)}
        fts = {aid for aid, text in texts.items() if FullTextIndex_matches(index, q, aid)}
        assert matched == fts, query
        for aid, text in texts.items():
            assert bool(q.spans(text)) == (aid in fts), (query, text)


def FullTextIndex_matches(index: FullTextIndex, q, aid: str) -> bool:  # noqa: N802
    rows = index.conn.execute(
        "SELECT docs.aid FROM words JOIN docs ON docs.id = words.rowid WHERE words MATCH ?",
        (q.fts(),),
    )
    return aid in {r[0] for r in rows}


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeéÉEiîoôu’' -.\nçÇ"), min_size=1, max_size=60))
def test_spans_are_the_query_words(text):
    """Every span indexes letters that fold to the query's word."""
    words = ft.WORD.findall(text)
    if not words:
        return
    q = parse_query(f'"{words[0]}"')
    spans = q.spans(text)
    assert spans
    for s, e in spans:
        assert ft.fold(text[s:e]) == ft.fold(words[0])


def test_hits_come_in_timeline_order_and_date_filters_cut():
    texts = {"late": "gaz", "early": "gaz gaz", "undated": "gaz", "mid": "le gaz", "mid2": "gaz"}
    dates = {"late": "2026-02-04", "early": "2024-05", "mid": "2025-07-15", "mid2": "2025-07-15"}
    index = make_index(texts, dates)
    hits = index.search("gaz", limit=None)
    assert [(h.article, h.start) for h in hits] == [
        ("early", 0),
        ("early", 4),
        ("mid", 3),
        ("mid2", 0),
        ("late", 0),
        ("undated", 0),
    ]
    assert [h.date for h in hits][:3] == ["2024-05", "2024-05", "2025-07-15"]
    since = PartialDate.parse("2025")
    assert [h.article for h in index.search("gaz", since=since)] == ["mid", "mid2", "late"]
    until = PartialDate.parse("2025-07")
    assert [h.article for h in index.search("gaz", until=until)] == [
        "early",
        "early",
        "mid",
        "mid2",
    ]
    assert [h.article for h in index.search("gaz", limit=2)] == ["early", "early"]
    assert [h.article for h in index.search("gaz", articles={"late", "mid"})] == ["mid", "late"]
    assert index.month_counts(parse_query("gaz")) == {(2024, 5): 2, (2025, 7): 2, (2026, 2): 1}
    assert index.count(parse_query("gaz")) == 6 == len(hits)
    assert index.count(parse_query("gaz"), since=since, articles={"late", "early"}) == 1
    assert index.month_counts(parse_query("gaz"), unit="articles") == {
        (2024, 5): 1,
        (2025, 7): 2,
        (2026, 2): 1,
    }


# --- updates, with files and the loader ------------------------------------------------------


def write(folder: Path, name: str, date: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {name}\ndate: {date}\n---\n{body}\n", encoding="utf-8")
    return path


def bump(path: Path) -> None:
    """Make a change visible to a (size, mtime) check even within one clock tick."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))


def sync(root: Path, index: FullTextIndex) -> ft.SyncReport:
    from tui.config import default_config
    from tui.loader import load_corpus

    corpus = load_corpus(root, default_config(), use_cache=False)
    paths, stats = ft.scan_files(root)
    return index.sync(ft.corpus_docs(corpus), paths, stats)


def articles_for(index: FullTextIndex, query: str) -> set[str]:
    return {h.article for h in index.search(query, limit=None)}


def test_updates_follow_the_files(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    one = write(root, "one.md", "2025-07-15", "Le gaz russe arrive en Europe.")
    two = write(root, "two.md", "2025-08-01", "Les droits de douane augmentent.")
    bump(one)
    bump(two)
    db = tmp_path / "cache" / "fulltext.sqlite"
    with FullTextIndex.open(db) as index:
        report = sync(root, index)
        assert (report.added, report.updated, report.removed) == (2, 0, 0)
        assert articles_for(index, "gaz") == {"one"}
    # reopened from disk: up to date, nothing to do
    with FullTextIndex.open(db) as index:
        paths, stats = ft.scan_files(root)
        assert index.is_current(paths, stats)
        assert sync(root, index).articles == 0
    # a file changes, one is removed, one is added
    write(root, "one.md", "2025-07-15", "Le pétrole norvégien remplace tout.")
    bump(one)
    two.unlink()
    three = write(root, "three.md", "2024-01-01", "Droits de douane et gaz naturel.")
    bump(three)
    with FullTextIndex.open(db) as index:
        report = sync(root, index)
        assert (report.added, report.updated, report.removed) == (1, 1, 1)
        assert articles_for(index, "gaz") == {"three"}  # one's old words are gone
        assert articles_for(index, "petrole") == {"one"}  # its new ones are found
        assert articles_for(index, "augmentent") == set()  # two's words vanished
        assert [h.article for h in index.search("douane OR petrole")] == ["three", "one"]
        assert index.articles() == 2


def test_a_recently_modified_file_is_indexed_again_next_time(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    write(root, "fresh.md", "2025-07-15", "Le gaz.")  # mtime is now: could change unseen
    with FullTextIndex.open(tmp_path / "ft.sqlite") as index:
        sync(root, index)
        assert articles_for(index, "gaz") == {"fresh"}
        paths, stats = ft.scan_files(root)
        assert not index.is_current(paths, stats)
        assert index.changes(paths, stats) == ([paths[0]], [])


def test_a_damaged_or_foreign_index_is_replaced_or_bypassed(tmp_path):
    warnings: list[str] = []
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with FullTextIndex.open(bad, warn=warnings.append) as index:
        assert index.path == bad
        assert index.search("gaz") == []
    assert warnings and "damaged" in warnings[0]
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE mine(x)")
    conn.commit()
    conn.close()
    warnings.clear()
    with FullTextIndex.open(foreign, warn=warnings.append) as index:
        assert index.path is None  # in memory, the other program's file untouched
    assert warnings and sqlite3.connect(foreign).execute("SELECT * FROM mine").fetchall() == []


def test_other_code_rebuilds_the_index(tmp_path):
    db = tmp_path / "ft.sqlite"
    with FullTextIndex.open(db) as index:
        index.sync(lambda w: [Doc("a", "/c/a", "gaz", None, None)], ["/c/a"], [(1, 1)])
        index.conn.execute("UPDATE meta SET value = 'old' WHERE key = 'code'")
    with FullTextIndex.open(db) as index:
        assert index.articles() == 0
        assert not index.is_current(["/c/a"], [(1, 1)])


def test_open_index_lives_in_the_cache_folder_keyed_by_root(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    a = ft.open_index(tmp_path / "a")
    b = ft.open_index(tmp_path / "b")
    assert a.path and b.path and a.path != b.path
    assert a.path.parent == tmp_path / "xdg" / "chronique"
    assert ft.open_index(tmp_path / "a", use_cache=False).path is None
    # never inside the corpus folder
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a" / "xdg"))
    (tmp_path / "a").mkdir()
    assert ft.open_index(tmp_path / "a").path is None


def test_the_seed_corpus_from_a_loaded_corpus(seed_corpus):
    from conftest import CORPUS

    index = ft.index_corpus(seed_corpus, CORPUS, use_cache=False)
    hits = index.search('"droits de douane"')
    assert [(h.article, h.date) for h in hits] == [("000_d741c021dae1db9a", "2025-07-15")]
    art = seed_corpus.article(hits[0].article)
    assert art.text[hits[0].start : hits[0].end] == "droits de douane"
    hits = index.search("ukraine", limit=None)
    spans = ft.corpus_spans(seed_corpus, hits)
    assert len(spans) == len(hits) == 14
    for i, s, e in spans:
        assert seed_corpus.articles[i].text[s:e].lower() == "ukraine"
    for h in hits:
        text = seed_corpus.article(h.article).text
        assert text[h.start : h.end].lower() == "ukraine"
        assert index.text(h.doc) == text


def test_two_processes_updating_at_once_index_each_file_once(tmp_path):
    db = tmp_path / "ft.sqlite"
    docs = [Doc("a", "/c/a", "le gaz", None, None)]
    first, second = FullTextIndex.open(db), FullTextIndex.open(db)
    seen = []
    real = second.is_current

    def late(paths, stats):
        """The second finds the index behind; the first updates it before the second can."""
        seen.append(1)
        if len(seen) == 1:
            first.sync(lambda w: docs, ["/c/a"], [(1, 1)])
            return False
        return real(paths, stats)

    second.is_current = late  # type: ignore[method-assign]
    report = second.sync(lambda w: docs, ["/c/a"], [(1, 1)])
    assert report.articles == 0 and len(seen) == 2
    assert second.articles() == 1 and [h.article for h in second.search("gaz")] == ["a"]
    first.close()
    second.close()


def test_a_corpus_loaded_from_a_relative_path_is_indexed(tmp_path, monkeypatch):
    from tui.config import default_config
    from tui.loader import load_corpus

    root = tmp_path / "corpus"
    root.mkdir()
    write(root, "one.md", "2025-07-15", "Le gaz russe.")
    monkeypatch.chdir(tmp_path)
    corpus = load_corpus(Path("corpus"), default_config(), use_cache=False)
    assert not Path(corpus.articles[0].path).is_absolute()
    index = ft.index_corpus(corpus, Path("corpus"), use_cache=False)
    assert [h.article for h in index.search("gaz")] == ["one"]
