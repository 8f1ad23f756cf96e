"""Full-text search over the articles' text: a SQLite FTS5 index kept in the cache folder, the
query syntax, and hits as character spans into ``Article.text``. No textual here.

The index (``fulltext-<root hash>.sqlite`` in the cache folder, or in memory) holds, per
article, its id, date and text (zlib with a shared dictionary: it is read back for the spans
and the context, so a search need not load the corpus) and the FTS5 index of the words
(``unicode61 remove_diacritics 2``: case and accents do not count; apostrophes separate words,
so ``Europe`` finds ``l'Europe``). It is updated per file, keyed by path, size and mtime as the
per-file cache is: a changed file is indexed again, a removed one leaves, a new one is added.

Rows are numbered by date (``rowid = date key << 24 | n``): FTS5 returns matching rows in
rowid order, so the first hits in date order come without sorting every match, and a date
range is a rowid range. FTS5 says which articles match; the spans are then found in Python by
a regular expression made from the query's words, over those articles only.

Query syntax (documented in the README): words (all must appear), ``"exact phrase"``,
``word*`` (prefix), ``-word`` or ``NOT word``, ``a OR b``, ``NEAR(a b, 5)``.

For the app: ``index = index_corpus(corpus, root, config)`` (in a worker: a first build reads
every text), ``q = parse_query(typed)`` (QueryError: a one-line message), then
``index.hits(q, articles=...)`` (lazy, timeline order) or ``index.search(q, limit=200)``,
``corpus_spans(corpus, hits)`` for (article index, start, end), ``index.month_counts(q)`` for
the histogram, and ``q.spans(article.text)`` for every hit in an open article.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import sqlite3
import sys
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from tui.model import PartialDate

# Bump when the schema, the tokenizer or the row numbering changes: the index is rebuilt.
INDEX_VERSION = 2
APPLICATION_ID = 0x43485446  # "CHTF"
BUSY_TIMEOUT_S = 15.0
# A file modified this recently may change again within its mtime's granularity: it is
# indexed, but stored as unknown, so the next check indexes it again (as tui/cache.py does).
RACY_NS = 2_000_000_000
NEAR_DEFAULT = 10
MAX_TERMS = 64
UNDATED = 99_999_999  # date key of undated articles: after every date
SEQ_BITS = 24  # rows per date key: 16 million
ZDICT_SIZE = 32 * 1024

Warn = Callable[[str], None]

# --- words: what FTS5's unicode61 tokenizer calls a token --------------------------------------

# Letters and digits (Python's \w without the underscore), with combining accents kept inside
# the word: FTS5 drops them there. Everything else separates words, apostrophes included.
_MARKS = "\u0300-\u036f"
WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
_SEP = r"[\W_]+"
_NOT_WORD_BEFORE_FIRST = r"(?<![^\W_].)"  # placed after a word's first letter
_NOT_WORD_AFTER = r"(?![^\W_]|[\u0300-\u036f])"


def fold(word: str) -> str:
    """Lower case, accents removed: what the index stores for a word (``Été`` -> ``ete``)."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """For each folded letter, every Latin letter that folds to it (``e`` -> ``eéèêëÉ…``)."""
    table: dict[str, set[str]] = {}
    for lo, hi in ((0x41, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00)):
        for code in range(lo, hi):
            ch = chr(code)
            f = fold(ch)
            if len(f) == 1 and f.isalnum():
                table.setdefault(f, set()).update((ch, ch.lower(), ch.upper()))
    return {k: "".join(sorted(v)) for k, v in table.items()}


def _word_pattern(folded: str, prefix: bool) -> str:
    """A regex for one folded word: any case, any accents, combining accents allowed. The
    cases are spelled out in the classes: re.IGNORECASE makes every search several times
    slower. The check that no letter comes before sits after the first letter, where it does
    not stop the regex engine from skipping ahead to that letter."""
    variants = _variants()
    parts = []
    for i, ch in enumerate(folded):
        alts = variants.get(ch) or "".join(
            sorted({c for c in (ch, ch.lower(), ch.upper(), ch.title()) if len(c) == 1})
        )
        parts.append(f"[{re.escape(alts)}]" if len(alts) > 1 else re.escape(alts))
        if i == 0:
            parts.append(_NOT_WORD_BEFORE_FIRST)
        parts.append(f"[{_MARKS}]*")
    if prefix:
        parts.append(rf"(?:[^\W_]|[{_MARKS}])*")
    return "".join(parts)


# --- the query -----------------------------------------------------------------------------


class QueryError(ValueError):
    """A query that cannot be run; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in a row (one word is a phrase of one); the last may be a prefix."""

    words: tuple[str, ...]  # folded
    prefix: bool = False

    def fts(self) -> str:
        return '"' + " ".join(self.words) + '"' + (" *" if self.prefix else "")

    def pattern(self) -> str:
        last = len(self.words) - 1
        inner = _SEP.join(
            _word_pattern(w, self.prefix and i == last) for i, w in enumerate(self.words)
        )
        return inner + _NOT_WORD_AFTER


@dataclass(frozen=True, slots=True)
class Near:
    """Phrases all within ``distance`` words of each other (FTS5's NEAR)."""

    phrases: tuple[Phrase, ...]
    distance: int

    def fts(self) -> str:
        return "NEAR(" + " ".join(p.fts() for p in self.phrases) + f", {self.distance})"


Atom = Phrase | Near


@dataclass(frozen=True, slots=True)
class Query:
    """Groups that must all match (each a choice of atoms: ``a OR b``) and groups that must not."""

    must: tuple[tuple[Atom, ...], ...]
    must_not: tuple[tuple[Atom, ...], ...] = ()
    text: str = ""

    def fts(self) -> str:
        """The FTS5 MATCH expression. Every word is quoted and made of letters and digits
        only, so nothing the user typed reaches FTS5's parser as syntax."""

        def group(options: tuple[Atom, ...]) -> str:
            return options[0].fts() if len(options) == 1 else "(" + " OR ".join(
                o.fts() for o in options
            ) + ")"

        positive = " AND ".join(group(g) for g in self.must)
        if not self.must_not:
            return positive
        negative = " OR ".join(group(g) for g in self.must_not)
        return f"({positive}) NOT ({negative})"

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every place the wanted words are in ``text``, as sorted, non-overlapping half-open
        character ranges. Meant for articles the index matched."""
        found: list[tuple[int, int]] = []
        tokens: list[int] | None = None
        for options in self.must:
            for atom in options:
                if isinstance(atom, Phrase):
                    found.extend(m.span() for m in _compiled(atom).finditer(text))
                else:
                    if tokens is None:
                        tokens = [m.start() for m in WORD.finditer(text)]
                    found.extend(_near_spans(atom, text, tokens))
        return _merge(found)


@lru_cache(maxsize=256)
def _compiled(phrase: Phrase) -> re.Pattern[str]:
    return re.compile(phrase.pattern())


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _near_spans(near: Near, text: str, tokens: list[int]) -> list[tuple[int, int]]:
    """Occurrences of the NEAR group's phrases that belong to a matching group. As FTS5 counts:
    one occurrence per phrase; the words between the end of the first (by start) and the start
    of the last may be at most ``distance``. Positions are word numbers."""
    # (start word, end word, start char, end char) per phrase
    occ: list[list[tuple[int, int, int, int]]] = []
    for phrase in near.phrases:
        here = []
        for m in _compiled(phrase).finditer(text):
            a = bisect.bisect_right(tokens, m.start()) - 1
            b = bisect.bisect_left(tokens, m.end())
            here.append((a, b, m.start(), m.end()))
        if not here:
            return []
        occ.append(here)
    keep: set[tuple[int, int]] = set()
    for i, mine in enumerate(occ):
        for first in mine:
            reach = first[1] + near.distance
            chosen: list[tuple[int, int]] = []
            for j, theirs in enumerate(occ):
                if j == i:
                    continue
                inside = [
                    (o[2], o[3])
                    for o in theirs
                    if first[0] <= o[0] <= reach and (o[0] > first[0] or o[1] >= first[1])
                ]
                if not inside:
                    break
                chosen.extend(inside)
            else:
                keep.add((first[2], first[3]))
                keep.update(chosen)
    return list(keep)


# Query lexer: quoted phrases (straight or curly quotes), parentheses, commas, bare words.
_LEX = re.compile(r'\s*(?:(["“”])|([(),])|([^\s"“”(),]+))')
_OPERATORS = ("OR", "NOT", "AND", "NEAR")


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, value) pairs: kind is 'phrase', 'word', 'op' or one of '(' ')' ','."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        m = _LEX.match(text, i)
        if m is None:  # only trailing blanks are left
            break
        if m.group(1):
            close = re.compile(r'["“”]').search(text, m.end())
            if close is None:
                raise QueryError("a quote is not closed")
            value = text[m.end() : close.start()]
            i = close.end()
            if text.startswith("*", i):
                i += 1
                out.append(("phrase*", value))
            else:
                out.append(("phrase", value))
            continue
        i = m.end()
        if m.group(2):
            out.append((m.group(2), m.group(2)))
        elif m.group(3):
            word = m.group(3)
            if word in _OPERATORS:
                out.append(("op", word))
            elif word == "-" and i < len(text) and not text[i].isspace():
                out.append(("op", "-"))  # -"a phrase"
            elif word.startswith("-") and len(word) > 1:
                out.append(("op", "-"))
                out.append(("op", "NEAR") if word == "-NEAR" else ("word", word[1:]))
            else:
                out.append(("word", word))
        else:
            break
    return out


def _phrase(value: str, prefix: bool) -> Phrase | None:
    if value.endswith("*"):
        prefix, value = True, value.rstrip("*")
    words = tuple(fold(w) for w in WORD.findall(value))
    if not words:
        return None
    return Phrase(words, prefix)


def parse_query(text: str) -> Query:
    """The query as typed (README, "Full-text search"); QueryError with a one-line message."""
    items = _lex(text)
    pos = 0

    def peek() -> tuple[str, str] | None:
        return items[pos] if pos < len(items) else None

    def atom() -> Atom | None:
        """One phrase, word or NEAR group; None for a word with no letters or digits."""
        nonlocal pos
        kind, value = items[pos]
        pos += 1
        if kind in ("phrase", "phrase*", "word"):
            return _phrase(value, kind == "phrase*")
        if kind == "op" and value == "NEAR":
            return near()
        if kind == "op":
            raise QueryError(f"{value} needs a word after it")
        if kind == "(":
            raise QueryError("parentheses group only the words of NEAR(...)")
        if kind == ")":
            raise QueryError("a ')' without its '('")
        return None  # a stray comma

    def near() -> Near:
        nonlocal pos
        if peek() != ("(", "("):
            raise QueryError("NEAR takes its words in parentheses: NEAR(a b, 5)")
        pos += 1
        phrases: list[Phrase] = []
        distance = NEAR_DEFAULT
        while True:
            nxt = peek()
            if nxt is None:
                raise QueryError("NEAR( is not closed")
            kind, value = nxt
            pos += 1
            if kind == ")":
                break
            if kind == ",":
                num = peek()
                if num is None or num[0] != "word" or not num[1].isdigit():
                    raise QueryError("NEAR(a b, N): N is a number of words")
                distance = int(num[1])
                pos += 1
                if peek() != (")", ")"):
                    raise QueryError("NEAR(a b, N): the number comes last")
                continue
            if kind in ("phrase", "phrase*", "word"):
                p = _phrase(value, kind == "phrase*")
                if p is not None:
                    phrases.append(p)
                continue
            raise QueryError(f"NEAR(...) holds words and phrases, not {value!r}")
        if len(phrases) < 2:
            raise QueryError("NEAR needs at least two words or phrases")
        if distance > 10_000:
            raise QueryError("NEAR distance too large (at most 10000 words)")
        return Near(tuple(phrases), distance)

    must: list[tuple[Atom, ...]] = []
    must_not: list[tuple[Atom, ...]] = []
    count = 0
    while pos < len(items):
        negate = False
        while peek() in (("op", "-"), ("op", "NOT"), ("op", "AND")):
            negate = negate or items[pos][1] != "AND"
            pos += 1
        if peek() is None:
            raise QueryError("NOT (or '-') needs a word after it")
        options: list[Atom] = []
        first = atom()
        if first is not None:
            options.append(first)
        while peek() == ("op", "OR"):
            pos += 1
            if peek() is None or not options:
                raise QueryError("OR needs a word on each side")
            nxt = atom()
            if nxt is None:
                raise QueryError("OR needs a word on each side")
            options.append(nxt)
        if not options:
            continue
        count += sum(len(a.phrases) if isinstance(a, Near) else 1 for a in options)
        (must_not if negate else must).append(tuple(options))
    if count > MAX_TERMS:
        raise QueryError(f"too many words (at most {MAX_TERMS})")
    if not must:
        if must_not:
            raise QueryError("nothing to find: every word is negated")
        raise QueryError("nothing to find: give a word")
    return Query(tuple(must), tuple(must_not), text)


# --- dates: row numbers sort by date -------------------------------------------------------


def date_key(d: PartialDate | None) -> int:
    """YYYYMMDD (0 for a missing month or day); undated after every date."""
    if d is None:
        return UNDATED
    return d.year * 10000 + (d.month or 0) * 100 + (d.day or 0)


def rowid_range(since: PartialDate | None, until: PartialDate | None) -> tuple[int, int]:
    """Rows of articles dated from the start of ``since`` to the end of ``until`` (both
    included; a month means all of it). Undated articles are out as soon as either is given."""
    lo = date_key(since) if since else 0
    if until:
        hi = until.year * 10000 + (until.month or 99) * 100 + (until.day or 99)
    else:
        hi = UNDATED - 1 if since else UNDATED
    return lo << SEQ_BITS, ((hi + 1) << SEQ_BITS) - 1


# --- the index ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """One match: ``text[start:end]`` of article ``article`` (its id); ``doc`` is the row."""

    doc: int
    article: str
    date: str | None  # the article's publication date, ISO, at its precision
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Doc:
    """What the index keeps of one article."""

    article: str
    path: str
    text: str
    date: PartialDate | None  # publication date, shown
    order: PartialDate | None  # the date it sorts by on the timeline


@dataclass
class SyncReport:
    added: int = 0  # files
    updated: int = 0
    removed: int = 0
    articles: int = 0  # articles indexed
    seconds: float = 0.0


class _CorpusLike(Protocol):
    @property
    def articles(self) -> Any: ...  # a sequence of Article (or the snapshot's LazyArticles)


_SCHEMA = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value)",
    # keyed by path, stored once (no rowid table plus an index of the paths)
    "CREATE TABLE files(path TEXT PRIMARY KEY, id INTEGER NOT NULL,"
    " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE docs(id INTEGER PRIMARY KEY, file INTEGER NOT NULL, aid TEXT NOT NULL,"
    " date TEXT, body BLOB NOT NULL)",
    "CREATE INDEX docs_file ON docs(file)",
    "CREATE VIRTUAL TABLE words USING fts5(text, content='', columnsize=0, detail=full,"
    " tokenize='unicode61 remove_diacritics 2')",
)


def code_key() -> str:
    """Changes when the code that makes article texts, ids or dates changes: the index is then
    rebuilt (the per-file cache is invalidated by the same changes)."""
    h = hashlib.sha1(f"{INDEX_VERSION}\0".encode())
    pkg = Path(__file__).resolve().parent
    sources = sorted((pkg / "ingest").glob("*.py"))
    for p in [*sources, pkg / "corpus.py", pkg / "loader.py", Path(__file__)]:
        try:
            h.update(p.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:20]


def stat_digest(paths: Sequence[str], stats: Sequence[tuple[int, int]]) -> str:
    """One hash of every (path, size, mtime): equal digests, nothing to update."""
    from array import array
    from itertools import chain

    h = hashlib.sha1("\0".join(paths).encode("utf-8", "surrogatepass"))
    h.update(b"\1" + array("q", chain.from_iterable(stats)).tobytes())
    return h.hexdigest()


def index_file(folder: Path, root: Path) -> Path:
    """The index of one corpus root in the cache folder."""
    key = hashlib.sha1(os.path.abspath(str(root)).encode("utf-8", "surrogatepass")).hexdigest()
    return folder / f"fulltext-{key[:16]}.sqlite"


def default_cache_dir(config: object = None) -> Path:
    """The cache folder, as tui/cache.py computes it (config.cache_dir, else
    $XDG_CACHE_HOME/chronique, else ~/.cache/chronique); kept here so that a search does not
    import the corpus cache."""
    given = getattr(config, "cache_dir", None)
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "chronique"


def _stderr_warn(message: str) -> None:
    print(f"chronique: warning: {message}", file=sys.stderr)


class FullTextIndex:
    """The full-text index of one corpus. ``open`` it (a file, or memory with ``path=None``),
    bring it up to date with ``sync``, then ``search``/``hits``/``month_counts``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None):
        self.conn = conn
        self.path = path
        self._zdict: bytes | None = None
        self._inflate = zlib.decompressobj(-15)

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, warn: Warn | None = None) -> FullTextIndex:
        """The index at ``path`` (created, or rebuilt when from other code), or in memory.
        A corrupt, foreign or unusable file is set aside with a warning: memory then."""
        warn = warn or _stderr_warn
        if path is None:
            memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            return cls(cls._prepare(memory), None)
        for attempt in (1, 2):
            conn: sqlite3.Connection | None = None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(
                    str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                    check_same_thread=False,
                )
                return cls(cls._prepare(conn), path)
            except (sqlite3.Error, OSError, _Foreign) as err:
                if conn is not None:
                    conn.close()
                if isinstance(err, sqlite3.Error) and _is_corrupt(err) and attempt == 1:
                    warn(f"full-text index {path} is damaged; rebuilding it")
                    _remove(path)
                    continue
                warn(f"full-text index {path} not usable ({err}); kept in memory this time")
                break
        return cls.open(None)

    @staticmethod
    def _prepare(conn: sqlite3.Connection) -> sqlite3.Connection:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (tables or app_id):
            raise _Foreign(f"not a full-text index (application_id {app_id:#x})")
        if not tables:
            # Pages freed by FTS5's merges go back to the system (see sync).
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        key = code_key()
        conn.execute("BEGIN IMMEDIATE")
        try:
            have = None
            if tables:
                row = conn.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
                have = row[0] if row else None
            if have != key:
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN"
                    " ('meta', 'files', 'docs', 'words')"
                ).fetchall():
                    conn.execute(f"DROP TABLE IF EXISTS {name}")
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute("INSERT INTO meta VALUES ('code', ?)", (key,))
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> FullTextIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keeping it up to date ------------------------------------------------------------

    def _meta(self, key: str) -> object:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def is_current(self, paths: Sequence[str], stats: Sequence[tuple[int, int]]) -> bool:
        """True when the index holds exactly these files at these sizes and mtimes."""
        return self._meta("digest") == stat_digest(paths, stats)

    def changes(
        self, paths: Sequence[str], stats: Sequence[tuple[int, int]]
    ) -> tuple[list[str], list[str]]:
        """(files to index: new or changed, files to drop: removed), by path, size, mtime."""
        known = {p: (s, m) for p, s, m in self.conn.execute(
            "SELECT path, size, mtime_ns FROM files"
        )}
        todo = [p for p, st in zip(paths, stats, strict=True) if known.pop(p, None) != tuple(st)]
        return todo, list(known)

    def sync(
        self,
        docs_of: Callable[[set[str]], Iterable[Doc]],
        paths: Sequence[str],
        stats: Sequence[tuple[int, int]],
    ) -> SyncReport:
        """Bring the index to these files: ``docs_of(paths)`` gives the articles of the files
        that are new or changed (see ``corpus_docs``). One transaction."""
        started = time.perf_counter()
        report = SyncReport()
        if self.is_current(paths, stats):
            return report
        todo, gone = self.changes(paths, stats)
        stat_of = dict(zip(paths, stats, strict=True))
        now = time.time_ns()
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            known = dict(conn.execute("SELECT path, id FROM files"))
            for p in gone:
                self._drop_file(known[p])
            conn.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in gone))
            report.removed = len(gone)
            next_id = max(known.values(), default=0) + 1
            file_ids: dict[str, int] = {}
            rows = []
            for p in todo:
                size, mtime = stat_of[p]
                if mtime < 0 or mtime > now - RACY_NS:
                    mtime = -1  # see RACY_NS
                if p in known:
                    self._drop_file(known[p])
                    file_ids[p] = known[p]
                    report.updated += 1
                else:
                    file_ids[p] = next_id
                    next_id += 1
                    report.added += 1
                rows.append((p, file_ids[p], size, mtime))
            conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", rows)
            if todo:
                report.articles = self._add(docs_of(set(todo)), file_ids)
            racy = any(st[1] < 0 or st[1] > now - RACY_NS for st in stats)
            conn.execute(
                "INSERT OR REPLACE INTO meta VALUES ('digest', ?)",
                ("" if racy else stat_digest(paths, stats),),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if report.articles > 1000:
            # One b-tree instead of many segments: smaller and faster to query.
            conn.execute("INSERT INTO words(words) VALUES ('optimize')")
            conn.executescript("PRAGMA incremental_vacuum;")  # execute() frees one page
        report.seconds = time.perf_counter() - started
        return report

    def _drop_file(self, file_id: int) -> None:
        rows = self.conn.execute(
            "SELECT id, body FROM docs WHERE file = ?", (file_id,)
        ).fetchall()
        for rowid, body in rows:
            # A contentless FTS5 table forgets a row given the text it was made from.
            self.conn.execute(
                "INSERT INTO words(words, rowid, text) VALUES ('delete', ?, ?)",
                (rowid, self._unpack(body)),
            )
        self.conn.execute("DELETE FROM docs WHERE file = ?", (file_id,))

    def _add(self, docs: Iterable[Doc], file_ids: dict[str, int]) -> int:
        batch = sorted(docs, key=lambda d: (date_key(d.order), d.article))
        if not batch:
            return 0
        if self._meta("zdict") is None:
            self.conn.execute(
                "INSERT INTO meta VALUES ('zdict', ?)", (_make_zdict([d.text for d in batch]),)
            )
            self._zdict = None
        # One compressor primed with the dictionary, copied per text: priming costs more than
        # compressing a short article.
        deflate = zlib.compressobj(6, zlib.DEFLATED, -15, zdict=self._dictionary())
        next_seq: dict[int, int] = {}
        rows, words = [], []
        for d in batch:
            key = date_key(d.order)
            if key not in next_seq:
                top = self.conn.execute(
                    "SELECT max(id) FROM docs WHERE id BETWEEN ? AND ?",
                    (key << SEQ_BITS, ((key + 1) << SEQ_BITS) - 1),
                ).fetchone()[0]
                next_seq[key] = 0 if top is None else (top & ((1 << SEQ_BITS) - 1)) + 1
            seq = next_seq[key]
            if seq >= 1 << SEQ_BITS:
                raise OverflowError("more than 16 million articles on one date")
            next_seq[key] = seq + 1
            rowid = (key << SEQ_BITS) | seq
            co = deflate.copy()
            body = co.compress(d.text.encode("utf-8", "surrogatepass")) + co.flush()
            rows.append((rowid, file_ids[d.path], d.article, d.date.iso() if d.date else None, body))
            words.append((rowid, d.text))
        self.conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", rows)
        self.conn.executemany("INSERT INTO words(rowid, text) VALUES (?, ?)", words)
        return len(rows)

    def _dictionary(self) -> bytes:
        if self._zdict is None:
            value = self._meta("zdict")
            self._zdict = bytes(value) if isinstance(value, bytes) else b""
            # Raw deflate, primed with the dictionary once: a copy per text is cheaper than
            # loading 32 KiB of dictionary each time.
            self._inflate = zlib.decompressobj(-15, zdict=self._zdict)
        return self._zdict

    def _unpack(self, body: bytes) -> str:
        self._dictionary()
        d = self._inflate.copy()
        return (d.decompress(body) + d.flush()).decode("utf-8", "surrogatepass")

    # -- reading ----------------------------------------------------------------------------

    def text(self, doc: int) -> str:
        """The text of one indexed article (by row)."""
        row = self.conn.execute("SELECT body FROM docs WHERE id = ?", (doc,)).fetchone()
        if row is None:
            raise KeyError(doc)
        return self._unpack(row[0])

    def articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM docs").fetchone()[0])

    def _matching(
        self,
        query: Query,
        since: PartialDate | None,
        until: PartialDate | None,
        columns: str,
    ) -> sqlite3.Cursor:
        lo, hi = rowid_range(since, until)
        try:
            return self.conn.execute(
                f"SELECT {columns} FROM words JOIN docs ON docs.id = words.rowid"
                " WHERE words MATCH ? AND words.rowid BETWEEN ? AND ? ORDER BY words.rowid",
                (query.fts(), lo, hi),
            )
        except sqlite3.OperationalError as err:  # should not happen: the syntax is ours
            raise QueryError(f"the index cannot run this query ({err})") from None

    def hits(
        self,
        query: Query,
        *,
        since: PartialDate | None = None,
        until: PartialDate | None = None,
        articles: set[str] | None = None,
    ) -> Iterator[Hit]:
        """Every hit in timeline order (date, then article id, then offset), lazily: taking
        the first 200 reads only the articles they are in (and the rest of the last date)."""
        cur = self._matching(query, since, until, "docs.id, docs.aid, docs.date, docs.body")
        pending: list[Hit] = []
        pending_key = -1
        while True:
            rows = cur.fetchmany(64)
            if not rows:
                break
            for rowid, aid, date, body in rows:
                if articles is not None and aid not in articles:
                    continue
                key = rowid >> SEQ_BITS
                if key != pending_key:
                    pending.sort(key=_hit_order)
                    yield from pending
                    pending, pending_key = [], key
                spans = query.spans(self._unpack(body))
                pending.extend(Hit(rowid, aid, date, s, e) for s, e in spans)
        pending.sort(key=_hit_order)
        yield from pending

    def search(
        self,
        query: Query | str,
        *,
        limit: int | None = 200,
        since: PartialDate | None = None,
        until: PartialDate | None = None,
        articles: set[str] | None = None,
    ) -> list[Hit]:
        """The first ``limit`` hits (all with None) in timeline order."""
        q = parse_query(query) if isinstance(query, str) else query
        out: list[Hit] = []
        for hit in self.hits(q, since=since, until=until, articles=articles):
            if limit is not None and len(out) >= limit:
                break
            out.append(hit)
        return out

    def month_counts(
        self,
        query: Query,
        *,
        since: PartialDate | None = None,
        until: PartialDate | None = None,
        articles: set[str] | None = None,
        unit: str = "hits",
    ) -> dict[tuple[int, int], int]:
        """Hits (or matching articles, ``unit='articles'``: no text is read) per (year, month)
        of publication, for the histogram. Articles with no month are not counted."""
        counts: Counter[tuple[int, int]] = Counter()
        if unit == "articles":
            cur = self._matching(query, since, until, "docs.aid, docs.date")
            for aid, date in cur:
                if date and len(date) >= 7 and (articles is None or aid in articles):
                    counts[(int(date[:4]), int(date[5:7]))] += 1
            return dict(counts)
        cur = self._matching(query, since, until, "docs.aid, docs.date, docs.body")
        for aid, date, body in cur:
            if date and len(date) >= 7 and (articles is None or aid in articles):
                n = len(query.spans(self._unpack(body)))
                if n:
                    counts[(int(date[:4]), int(date[5:7]))] += n
        return dict(counts)


def _hit_order(h: Hit) -> tuple[str, int]:
    return (h.article, h.start)


class _Foreign(Exception):
    pass


def _is_corrupt(err: sqlite3.Error) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    msg = str(err).lower()
    return "not a database" in msg or "malformed" in msg


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(str(path) + suffix)
        except FileNotFoundError:
            pass


def _make_zdict(texts: Sequence[str]) -> bytes:
    """A preset dictionary for zlib: pieces of up to 64 articles spread over the batch. News
    repeats its words and phrases from article to article; with the dictionary each small
    text compresses about twice as well as alone."""
    if not texts:
        return b""
    step = max(1, len(texts) // 64)
    pieces = [t[:1024].encode("utf-8", "surrogatepass") for t in texts[::step][:64]]
    return b"".join(pieces)[-ZDICT_SIZE:]


# --- from a corpus -------------------------------------------------------------------------


def corpus_docs(corpus: _CorpusLike) -> Callable[[set[str]], Iterator[Doc]]:
    """``docs_of`` for ``FullTextIndex.sync``: the articles of the given files, from a loaded
    Corpus. Uses the cheap columns of a corpus read from the cache snapshot when it has them
    (ids, texts and dates without building Article objects)."""
    arts = corpus.articles

    def docs_of(wanted: set[str]) -> Iterator[Doc]:
        paths = _paths_column(arts)
        if paths is not None:
            ids = arts.ids()
            texts = arts.text
            published = arts.published_dates()
            display = arts.display_dates()
            norm = _normaliser(wanted)
            for i, p in enumerate(paths):
                key = norm(p)
                if key is not None:
                    yield Doc(ids[i], key, texts(i), published[i], display[i])
            return
        norm = _normaliser(wanted)
        for a in arts:
            key = norm(a.path)
            if key is not None:
                yield Doc(a.id, key, a.text, a.published, a.published or a.date)

    return docs_of


def _paths_column(arts: object) -> list[str] | None:
    """Every article's path without building the articles, when the sequence can say."""
    column = getattr(arts, "paths", None)
    if callable(column):
        return list(column())
    cols = getattr(arts, "_cols", None)  # the snapshot's LazyArticles
    if isinstance(cols, dict) and "path" in cols and callable(getattr(arts, "ids", None)):
        return list(cols["path"])
    return None


def _normaliser(wanted: set[str]) -> Callable[[str], str | None]:
    """Maps an article's path to the scanned path it came from (``str(Path(p))`` of it), or
    None when its file is not wanted."""
    by_norm = {str(Path(p)): p for p in wanted}

    def norm(p: str) -> str | None:
        hit = by_norm.get(p)
        if hit is None and p in wanted:
            return p
        return hit

    return norm


def corpus_spans(corpus: _CorpusLike, hits: Iterable[Hit]) -> list[tuple[int, int, int]]:
    """(article index in the corpus, start, end) of each hit whose article the corpus has."""
    index_of = getattr(corpus, "article_idx", None)
    out = []
    for h in hits:
        i = index_of(h.article) if index_of else None
        if i is not None:
            out.append((i, h.start, h.end))
    return out


def scan_files(root: Path) -> tuple[list[str], list[tuple[int, int]]]:
    """The corpus files and their (size, mtime_ns), as the loader finds them."""
    from tui.loader import scan

    return scan(Path(os.path.abspath(str(root))))


def open_index(
    root: Path, config: object = None, *, use_cache: bool = True, warn: Warn | None = None
) -> FullTextIndex:
    """The index of ``root`` in the cache folder (in memory when the cache is off)."""
    if not use_cache or not getattr(config, "cache", True):
        return FullTextIndex.open(None, warn=warn)
    folder = default_cache_dir(config)
    root_abs = Path(os.path.abspath(str(root)))
    if root_abs.is_dir() and _inside(folder, root_abs):
        return FullTextIndex.open(None, warn=warn)  # never write into the corpus
    return FullTextIndex.open(index_file(folder, root_abs), warn=warn)


def index_corpus(
    corpus: _CorpusLike,
    root: Path,
    config: object = None,
    *,
    use_cache: bool = True,
    warn: Warn | None = None,
) -> FullTextIndex:
    """Open the index of ``root`` and bring it up to date with a loaded corpus (the app's
    entry point; run it in a worker: a first build reads every text). The files are listed
    after the corpus was loaded: a file changed in between is seen at the next start only if
    its size or mtime changes again, so a caller that has the loader's listing should call
    ``open_index`` and ``sync`` with it."""
    index = open_index(root, config, use_cache=use_cache, warn=warn)
    paths, stats = scan_files(root)
    index.sync(corpus_docs(corpus), paths, stats)
    return index


def _inside(child: Path, parent: Path) -> bool:
    try:
        c, p = child.resolve(), parent.resolve()
    except OSError:
        return False
    return c == p or p in c.parents


__all__ = [
    "Doc",
    "FullTextIndex",
    "Hit",
    "Near",
    "Phrase",
    "Query",
    "QueryError",
    "SyncReport",
    "corpus_docs",
    "corpus_spans",
    "date_key",
    "fold",
    "index_corpus",
    "open_index",
    "parse_query",
    "rowid_range",
    "scan_files",
]
