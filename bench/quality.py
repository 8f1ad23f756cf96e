"""Extraction quality against hand-written gold: entities, linking, dates, quotations.

    python -m bench.quality                      # the seeds' gold and the development set
    python -m bench.quality tests/data/devset --by-kind
    python -m bench.quality --json

Each FOLDER holds gold files ``NAME.gold.yaml``; the article is ``NAME.txt`` beside it, or the
file named by the gold's ``text:`` key (relative to the gold file). The article is ingested
exactly as the project does it (``tui.ingest.ingest_file``, then ``tui.corpus.build_corpus`` over
that one article, as the product would show it; with the gazetteer of the shipped config.yaml,
then again with an empty gazetteer), and the gold is located in the ingested text
(``Article.text``, what ``chronique show ID --json`` prints). A gold item that cannot be
located is an error that stops the run: a yardstick that silently drops items lies.

Gold format (see tests/data/devset/README.md for the conventions)::

    entities:
      - {name: Julie Martin, type: PER, mentions: [Julie Martin, Martin]}
    dates:
      - [mardi 15 juillet, 2025-07-15]
    quotes:
      - [renforcer leur soutien, Xi Jinping]
      - {start: "chaleureuse et amicale", speaker: Vladimir Poutine, also: [2]}
      - {start: coercition, speaker: null, term: true}
    not_mentions: [Ordre@1]

Surfaces (entity mentions and dates): ``S`` is every whole-word, case-sensitive occurrence of S
not inside a longer gold item; ``S@k`` only the k-th occurrence (1-based, counting every
whole-word occurrence of S in the text). ``not_mentions`` removes occurrences. A quotation's
``start`` is its opening words (``@k`` for the k-th occurrence), right after an opening quote
mark; ``also`` lists further occurrences of the same words that are the same quotation (a
subheading repeating it); ``end`` (optional) its last words when the closing mark is not the
first one after the start.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = (
    ROOT / "tests" / "data" / "seeds_gold",
    ROOT / "tests" / "data" / "devset",
    ROOT / "tests" / "data" / "freshset",  # written later, scored blind first (its README)
)
TYPES = ("PER", "ORG", "LOC", "MISC")
_OPENERS = '«"“‘'
_CLOSER = {"«": "»", '"': '"', "“": "”", "‘": "’"}


class GoldError(Exception):
    """A gold item that cannot be located in its article, or a malformed gold file."""


# --------------------------------------------------------------------------------------------
# Gold


@dataclass
class GoldMention:
    start: int
    end: int
    type: str
    name: str  # canonical name of the entity


@dataclass
class GoldDate:
    start: int
    end: int
    value: str


@dataclass
class GoldQuote:
    places: list[tuple[int, int]]  # (start of the opening words, end of the quotation)
    speaker: str | None
    term: bool
    label: str
    kind: str = ""  # how the text attributes it (see attribution_kind), for the report


# The kind of attribution of a gold quotation, read from the gold text around it, so that the
# report can say which kinds fail. It describes the gold; it is not an extractor.
_SENTENCE_END = re.compile(r"[.!?…][»”\"]?\s+")
_PRONOUN_AFTER = re.compile(r"-(?:t-)?(?:il|elle)s?\b")
_PRONOUN_BEFORE = re.compile(r"(?:^\W*|,\s*)(?:il|elle)s?\b|\bselon (?:lui|elle)\b", re.IGNORECASE)
# The attribution after a quotation ends at the sentence's end or at the next quotation; the
# period of "M." is not an end.
_AFTER_STOP = re.compile(r"(?<!\bM)[.!?]|[«“\"]")
_ROLE = re.compile(r"\b(?:le|la|les|l['’]|son|sa|leur)\s*\w", re.IGNORECASE)
KINDS = (
    "partial",
    "interrupted",
    "pronoun",
    "colon",
    "que",
    "named in the sentence",
    "role noun",
    "continuation",
    "repeated (subheading)",
    "multi-paragraph",
    "anonymous",
    "term",
    "other",
)


def attribution_kind(
    text: str, s: int, e: int, speaker_spans: list[tuple[int, int]], speaker: str | None, term: bool
) -> str:
    if term:
        return "term"
    if speaker is None:
        return "anonymous"
    if "\n\n" in text[s:e]:
        return "multi-paragraph"
    j = s - 1
    while j > 0 and text[j] in " \u00a0\u202f":
        j -= 1
    para_start = text.rfind("\n", 0, j) + 1
    para_end = text.find("\n", e)
    para_end = len(text) if para_end == -1 else para_end
    before_start = para_start
    for m in _SENTENCE_END.finditer(text, para_start, j):
        before_start = m.end()
    before = text[before_start:j]
    after_start = e
    while after_start < para_end and text[after_start] in " \u00a0\u202f":
        after_start += 1
    if after_start < para_end and text[after_start] in '»”"’':
        after_start += 1
    stop = _AFTER_STOP.search(text, after_start, para_end)
    after_end = stop.start() if stop else para_end
    after = text[after_start:after_end]
    named = any(before_start <= a < j or after_start <= a < after_end for a, _b in speaker_spans)
    if before.rstrip().endswith(":"):
        return "colon"
    if re.search(r"\bqu(?:e\s*|['’])$", before.rstrip()):
        return "que"
    if before.rstrip().endswith(",") and re.search(r"[»”\"]", before):
        return "interrupted"
    if before.strip() and len(text[s:e].split()) <= 6:
        return "partial"
    if _PRONOUN_AFTER.search(after) or _PRONOUN_BEFORE.search(before):
        return "pronoun"
    if named:
        return "named in the sentence"
    if not after.strip(" ,") and not before.strip():
        return "continuation"
    if _ROLE.search(after) or _ROLE.search(before):
        return "role noun"
    return "other"


@dataclass
class Gold:
    path: Path
    text_path: Path
    mentions: list[GoldMention]
    dates: list[GoldDate]
    quotes: list[GoldQuote]


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _occurrences(text: str, surface: str) -> list[int]:
    """Start offsets of every whole-word, case-sensitive occurrence of ``surface``."""
    out = []
    i = text.find(surface)
    while i != -1:
        before = text[i - 1] if i > 0 else ""
        after = text[i + len(surface)] if i + len(surface) < len(text) else ""
        ok_before = not (before and _is_word(before) and _is_word(surface[0]))
        ok_after = not (after and _is_word(after) and _is_word(surface[-1]))
        if ok_before and ok_after:
            out.append(i)
        i = text.find(surface, i + 1)
    return out


def _split_ref(ref: str) -> tuple[str, int | None]:
    m = re.fullmatch(r"(.*?)@(\d+)", ref, flags=re.S)
    if m:
        return m.group(1), int(m.group(2))
    return ref, None


@dataclass
class _Item:
    """A surface to place: every occurrence (index None) or the k-th one."""

    surface: str
    index: int | None
    payload: Any
    order: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)


def _place(text: str, items: list[_Item], excluded: set[tuple[int, int]], where: str) -> None:
    """Give each item its spans: explicit indices first, then longest surfaces first."""
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te in taken)

    explicit = [it for it in items if it.index is not None]
    general = sorted((it for it in items if it.index is None), key=lambda it: -len(it.surface))
    for it in explicit:
        occ = _occurrences(text, it.surface)
        if not 1 <= it.index <= len(occ):  # type: ignore[operator]
            raise GoldError(
                f"{where}: {it.surface!r}@{it.index}: only {len(occ)} occurrence(s) in the text"
            )
        s = occ[it.index - 1]  # type: ignore[operator]
        span = (s, s + len(it.surface))
        if not free(*span):
            raise GoldError(f"{where}: {it.surface!r}@{it.index} overlaps another gold item")
        it.spans.append(span)
        taken.append(span)
    for it in general:
        occ = _occurrences(text, it.surface)
        if not occ:
            raise GoldError(f"{where}: {it.surface!r} does not occur in the text")
        for s in occ:
            span = (s, s + len(it.surface))
            if span in excluded or not free(*span):
                continue
            it.spans.append(span)
            taken.append(span)
        if not it.spans:
            raise GoldError(f"{where}: every occurrence of {it.surface!r} is inside another item")


def _all(text: str, words: str) -> list[int]:
    out = []
    i = text.find(words)
    while i != -1:
        out.append(i)
        i = text.find(words, i + 1)
    return out


def _opener_before(text: str, i: int) -> str | None:
    """The opening quote mark just before offset i (spaces skipped), or None."""
    j = i - 1
    while j >= 0 and text[j] in " \u00a0\u202f":
        j -= 1
    return text[j] if j >= 0 and text[j] in _OPENERS else None


def _quote_places(
    text: str, start: str, index: int, also: list[Any], end: str | None, where: str
) -> list[tuple[int, int]]:
    places = []
    refs: list[tuple[str, int]] = [(start, index)]
    for extra in also:
        if isinstance(extra, int):
            refs.append((start, extra))
        else:
            words, k = _split_ref(str(extra))
            refs.append((words, k or 1))
    for n, (words, k) in enumerate(refs):
        occ = [i for i in _all(text, words) if _opener_before(text, i) is not None]
        if not 1 <= k <= len(occ):
            raise GoldError(
                f"{where}: quote {words!r}@{k}: only {len(occ)} occurrence(s) right "
                "after an opening quote mark"
            )
        s = occ[k - 1]
        opener = _opener_before(text, s)
        assert opener is not None
        if end is not None and n == 0:
            e = text.find(end, s)
            if e == -1:
                raise GoldError(f"{where}: quote {start!r}: end {end!r} not found after it")
            e += len(end)
        else:
            e = text.find(_CLOSER[opener], s)
            if e == -1:
                raise GoldError(f"{where}: quote {start!r}@{k} has no closing quote mark")
            while e > s and text[e - 1] in " \u00a0\u202f":
                e -= 1
        places.append((s, e))
    return places


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise GoldError(f"{path}: invalid YAML: {err}") from None
    if not isinstance(data, dict):
        raise GoldError(f"{path}: expected a mapping")
    return data


def text_path_of(gold_path: Path, data: dict[str, Any] | None = None) -> Path:
    data = data if data is not None else _load_yaml(gold_path)
    if data.get("text"):
        return (gold_path.parent / str(data["text"])).resolve()
    return gold_path.with_name(gold_path.name[: -len(".gold.yaml")] + ".txt")


def load_gold(gold_path: Path, text: str) -> Gold:
    """Locate every gold item of ``gold_path`` in ``text`` (the ingested article text)."""
    data = _load_yaml(gold_path)
    where = str(gold_path)
    unknown = set(data) - {
        "text",
        "published",
        "entities",
        "dates",
        "quotes",
        "not_mentions",
        "notes",
    }
    if unknown:
        raise GoldError(f"{where}: unknown keys {sorted(unknown)}")

    excluded: set[tuple[int, int]] = set()
    for ref in data.get("not_mentions") or []:
        surface, k = _split_ref(str(ref))
        occ = _occurrences(text, surface)
        if k is None or not 1 <= k <= len(occ):
            raise GoldError(f"{where}: not_mentions {ref!r}: give S@k with an existing k")
        excluded.add((occ[k - 1], occ[k - 1] + len(surface)))

    items: list[_Item] = []
    names: set[str] = set()
    for ent in data.get("entities") or []:
        if not isinstance(ent, dict) or not {"name", "type", "mentions"} <= set(ent):
            raise GoldError(f"{where}: entity needs name, type, mentions: {ent!r}")
        etype = str(ent["type"])
        if etype not in TYPES:
            raise GoldError(f"{where}: {ent['name']}: type {etype!r} not in {TYPES}")
        name = str(ent["name"])
        if name in names:
            raise GoldError(f"{where}: entity {name!r} listed twice")
        names.add(name)
        for ref in ent["mentions"]:
            surface, k = _split_ref(str(ref))
            items.append(_Item(surface, k, (etype, name)))
    date_items: list[_Item] = []
    for row in data.get("dates") or []:
        if isinstance(row, dict):
            surface, value = row.get("text"), row.get("value")
        elif isinstance(row, list) and len(row) == 2:
            surface, value = row
        else:
            raise GoldError(f"{where}: date row must be [surface, value]: {row!r}")
        value = str(value)
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise GoldError(f"{where}: date {surface!r}: value {value!r} is not YYYY[-MM[-DD]]")
        s, k = _split_ref(str(surface))
        date_items.append(_Item(s, k, value))

    _place(text, items, excluded, where)
    _place(text, date_items, set(), where)
    mentions = [
        GoldMention(s, e, it.payload[0], it.payload[1]) for it in items for s, e in it.spans
    ]
    mentions.sort(key=lambda m: m.start)
    dates = sorted(
        (GoldDate(s, e, it.payload) for it in date_items for s, e in it.spans),
        key=lambda d: d.start,
    )

    quotes: list[GoldQuote] = []
    for row in data.get("quotes") or []:
        if isinstance(row, list):
            row = {
                "start": row[0],
                "speaker": row[1] if len(row) > 1 else None,
                "term": bool(row[2]) if len(row) > 2 else False,
            }
        if not isinstance(row, dict) or "start" not in row:
            raise GoldError(f"{where}: quote needs a start: {row!r}")
        start, k = _split_ref(str(row["start"]))
        speaker = row.get("speaker")
        if speaker is not None and str(speaker) not in names:
            raise GoldError(f"{where}: quote {start!r}: speaker {speaker!r} is not a gold entity")
        places = _quote_places(
            text, start, k or 1, list(row.get("also") or []), row.get("end"), where
        )
        for place in places:
            if any(place[0] == p[0] for q in quotes for p in q.places):
                raise GoldError(f"{where}: quote {start!r}: this place is another gold quote's")
        sp = None if speaker is None else str(speaker)
        spans = [(m.start, m.end) for m in mentions if m.name == sp]
        kind = attribution_kind(
            text, places[0][0], places[0][1], spans, sp, bool(row.get("term", False))
        )
        if len(places) > 1:
            kind = "repeated (subheading)" if kind == "continuation" else kind
        quotes.append(GoldQuote(places, sp, bool(row.get("term", False)), start, kind))
    return Gold(gold_path, text_path_of(gold_path, data), mentions, dates, quotes)


def gold_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    return sorted(folder.glob("*.gold.yaml"))


# --------------------------------------------------------------------------------------------
# Predictions (the ingest's output, reduced to what is scored)


@dataclass
class Predicted:
    text: str
    mentions: list[tuple[int, int, str, str]]  # start, end, type, entity key
    names: dict[str, str]  # entity key -> name
    dates: list[tuple[int, int, str | None]]
    quotes: list[tuple[int, int, str | None, bool, str]]  # start, end, speaker key, is_term, text


def predict(text_path: Path, gazetteer: Any) -> Predicted:
    """What the product shows for this article alone: ``ingest_file``, then ``build_corpus``
    over that one article (which keeps the entities the corpus keeps, with their final type,
    and the quotations' speakers as corpus entities)."""
    from tui.corpus import build_corpus
    from tui.ingest import ingest_file

    res = ingest_file(text_path, text_path.stem, gazetteer)
    if len(res.articles) != 1:
        raise GoldError(f"{text_path}: expected one article, got {len(res.articles)}")
    corpus = build_corpus(res.articles, res.problems, gazetteer)
    art = corpus.articles[0]
    names, types = {}, {}
    for ent in corpus.entities:
        names[ent.id], types[ent.id] = ent.name, ent.type
    mentions = [
        (m.start, m.end, types[m.entity_id], m.entity_id) for m in corpus.mentions_in(art.id)
    ]
    dates = [(t.start, t.end, t.value.iso() if t.value else None) for t in corpus.timerefs]
    quotes = [(q.start, q.end, q.speaker, q.is_term, q.text) for q in corpus.quotes]
    return Predicted(art.text, mentions, names, dates, quotes)


# --------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Miss:
    kind: str
    article: str
    detail: str


@dataclass
class Counts:
    ent_tp: int = 0
    ent_pred: int = 0
    ent_gold: int = 0
    span_tp: int = 0  # span right, type ignored
    split: int = 0
    split_of: int = 0  # gold entities with >= 2 mentions found
    merged: int = 0
    merged_of: int = 0  # predicted entities with >= 2 gold mentions found
    date_gold: int = 0
    date_value_ok: int = 0
    date_pred: int = 0
    date_span_tp: int = 0
    quote_gold: int = 0
    quote_found: int = 0
    quote_speaker_ok: int = 0
    named_gold: int = 0  # gold quotes with a speaker
    named_ok: int = 0
    quote_false: int = 0  # predicted quotations matching nothing (terms not counted)
    quote_fragments: int = 0  # predicted quotations starting inside a gold one
    quote_dups: int = 0  # second row for a gold quotation already found
    misses: list[Miss] = field(default_factory=list)
    # kind of attribution -> [gold quotations, found, right speaker]
    by_kind: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            if name not in ("misses", "by_kind"):
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)
        for kind, row in other.by_kind.items():
            mine = self.by_kind.setdefault(kind, [0, 0, 0])
            for i, x in enumerate(row):
                mine[i] += x


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


_HONORIFIC = re.compile(r"^(?:M\.|Mme|Mlle|Me|Dr|Pr|Mgr)\s+")


def _fold(s: str) -> str:
    """Accents, case, spacing and a leading honorific do not tell two names apart."""
    import unicodedata

    s = unicodedata.normalize("NFKD", _HONORIFIC.sub("", s.strip()))
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().split())


def _context(text: str, s: int, e: int, width: int = 30) -> str:
    left = text[max(0, s - width) : s].replace("\n", " ")
    right = text[e : e + width].replace("\n", " ")
    return f"…{left}[{text[s:e]}]{right}…"


def score_article(gold: Gold, pred: Predicted, article: str) -> Counts:
    c = Counts()
    text = pred.text
    _score_entities(gold, pred, article, text, c)
    _score_dates(gold, pred, article, text, c)
    _score_quotes(gold, pred, article, text, c)
    return c


def _score_entities(gold: Gold, pred: Predicted, article: str, text: str, c: Counts) -> None:
    gspan = {(m.start, m.end): m for m in gold.mentions}
    pspan = {(s, e): (t, k) for s, e, t, k in pred.mentions}
    c.ent_gold += len(gspan)
    c.ent_pred += len(pspan)
    for (s, e), m in gspan.items():
        hit = pspan.get((s, e))
        if hit is None:
            over = [(ps, pe) for ps, pe in pspan if ps < e and s < pe]
            if over:
                shown = ", ".join(repr(text[ps:pe]) for ps, pe in over)
                c.misses.append(
                    Miss(
                        "entity: wrong boundary",
                        article,
                        f"{m.type} {text[s:e]!r} predicted as {shown}",
                    )
                )
            else:
                c.misses.append(Miss("entity: missed", article, f"{m.type} {_context(text, s, e)}"))
            continue
        c.span_tp += 1
        if hit[0] == m.type:
            c.ent_tp += 1
        else:
            c.misses.append(
                Miss(
                    "entity: wrong type", article, f"{text[s:e]!r} is {m.type}, predicted {hit[0]}"
                )
            )
    for (s, e), (t, _k) in pspan.items():
        if (s, e) in gspan:
            continue
        if any(gs < e and s < ge for gs, ge in gspan):
            continue  # already reported as a wrong boundary
        c.misses.append(Miss("entity: spurious", article, f"{t} {_context(text, s, e)}"))

    # Linking, over the mentions whose span is right.
    by_gold: dict[str, set[str]] = defaultdict(set)
    by_pred: dict[str, set[str]] = defaultdict(set)
    gcount: Counter[str] = Counter()
    pcount: Counter[str] = Counter()
    for (s, e), m in gspan.items():
        hit = pspan.get((s, e))
        if hit is None:
            continue
        by_gold[m.name].add(hit[1])
        by_pred[hit[1]].add(m.name)
        gcount[m.name] += 1
        pcount[hit[1]] += 1
    for name, keys in by_gold.items():
        if gcount[name] >= 2:
            c.split_of += 1
            if len(keys) > 1:
                c.split += 1
                shown = ", ".join(sorted(pred.names.get(k, k) for k in keys))
                c.misses.append(Miss("linking: split", article, f"{name} found as {shown}"))
    for key, golds in by_pred.items():
        if pcount[key] >= 2:
            c.merged_of += 1
            if len(golds) > 1:
                c.merged += 1
                c.misses.append(
                    Miss(
                        "linking: merged",
                        article,
                        f"{pred.names.get(key, key)} joins {', '.join(sorted(golds))}",
                    )
                )


# A date's span is the expression with its determiner ("le 8 mai", "ce mercredi", "l'an
# dernier"); a leading preposition is neither required nor penalised ("en 2022" = "2022").
_PREPOSITION = re.compile(
    r"(?:en|dans|depuis|d[’']ici|dès|des|à|au|aux|avant|après|jusqu[’']au|jusqu[’']en|"
    r"jusqu[’']à|pour|vers|courant|entre|de|du|d[’'])\s*",
    re.IGNORECASE,
)


def _date_span(text: str, s: int, e: int) -> tuple[int, int]:
    m = _PREPOSITION.match(text, s, e)
    if m and m.end() < e and (text[m.end() - 1] in "’'" or text[m.end() - 1].isspace()):
        return m.end(), e
    return s, e


def _score_dates(gold: Gold, pred: Predicted, article: str, text: str, c: Counts) -> None:
    pspans: dict[tuple[int, int], str | None] = {}
    for s, e, v in pred.dates:
        span = (s, e)
        if span not in {(d.start, d.end) for d in gold.dates}:
            span = _date_span(text, s, e)
        pspans[span] = v
    c.date_gold += len(gold.dates)
    c.date_pred += len(pspans)
    gset = {(d.start, d.end) for d in gold.dates}
    for d in gold.dates:
        if (d.start, d.end) in pspans:
            c.date_span_tp += 1
        over = [(s, e, v) for (s, e), v in pspans.items() if s < d.end and d.start < e]
        values = {v for _s, _e, v in over}
        if d.value in values:
            c.date_value_ok += 1
        elif over:
            c.misses.append(
                Miss(
                    "date: wrong value",
                    article,
                    f"{text[d.start : d.end]!r} is {d.value}, predicted "
                    f"{', '.join(str(v) for v in values)}",
                )
            )
        else:
            c.misses.append(
                Miss("date: missed", article, f"{d.value} {_context(text, d.start, d.end)}")
            )
    for (s, e), v in pspans.items():
        if (s, e) in gset:
            continue
        if any(gs < e and s < ge for gs, ge in gset):
            gtext = [text[gs:ge] for gs, ge in gset if gs < e and s < ge]
            c.misses.append(
                Miss(
                    "date: other span",
                    article,
                    f"predicted {text[s:e]!r}, gold {', '.join(map(repr, gtext))}",
                )
            )
        else:
            c.misses.append(Miss("date: spurious", article, f"{v} {_context(text, s, e)}"))


def _speaker_of(key: str | None, gold: Gold, pred: Predicted) -> str | None:
    """The gold entity a predicted speaker stands for: one of its mentions has a gold span of
    that entity, or (when none does) its name is that entity's name or one of its surfaces."""
    if key is None:
        return None
    gspan = {(m.start, m.end): m.name for m in gold.mentions}
    hits = Counter(gspan[(s, e)] for s, e, _t, k in pred.mentions if k == key and (s, e) in gspan)
    if hits:
        return hits.most_common(1)[0][0]
    name = _fold(pred.names.get(key, key))
    for m in gold.mentions:
        if name in (_fold(m.name), _fold(pred.text[m.start : m.end])):
            return m.name
    return f"<{pred.names.get(key, key)}>"


def _score_quotes(gold: Gold, pred: Predicted, article: str, text: str, c: Counts) -> None:
    c.quote_gold += len(gold.quotes)
    claimed: dict[int, int] = {}  # predicted index -> gold index
    found: dict[int, int] = {}  # gold index -> predicted index of its first row
    for gi, g in enumerate(gold.quotes):
        for s, _e in g.places:
            for pi, (ps, pe, _sp, _t, _x) in enumerate(pred.quotes):
                if pi not in claimed and ps <= s < pe:
                    claimed[pi] = gi
                    if gi not in found:
                        found[gi] = pi
                    else:
                        c.quote_dups += 1
                        c.misses.append(
                            Miss(
                                "quote: duplicate row",
                                article,
                                f"{g.label[:50]!r} found again at {ps}",
                            )
                        )
    for gi, g in enumerate(gold.quotes):
        if g.speaker is not None:
            c.named_gold += 1
        row = c.by_kind.setdefault(g.kind, [0, 0, 0])
        row[0] += 1
        pi = found.get(gi)
        if pi is not None:
            row[1] += 1
        if pi is None:
            c.misses.append(
                Miss(
                    "quote: missed",
                    article,
                    f"[{g.kind}] {g.label[:60]!r} ({g.speaker or 'no speaker'})",
                )
            )
            continue
        c.quote_found += 1
        got = _speaker_of(pred.quotes[pi][2], gold, pred)
        if pred.quotes[pi][3] and not g.term and got is None and g.speaker is not None:
            c.misses.append(
                Miss(
                    "quote: taken for a term",
                    article,
                    f"[{g.kind}] {g.label[:50]!r}: gold {g.speaker}",
                )
            )
            continue
        if got == g.speaker:
            row[2] += 1
            c.quote_speaker_ok += 1
            if g.speaker is not None:
                c.named_ok += 1
        else:
            kind = (
                "quote: speaker missing"
                if got is None
                else "quote: speaker on a term"
                if g.speaker is None
                else "quote: wrong speaker"
            )
            c.misses.append(
                Miss(
                    kind, article, f"[{g.kind}] {g.label[:50]!r}: gold {g.speaker}, predicted {got}"
                )
            )
    extents = [(s, e) for g in gold.quotes for s, e in g.places]
    for pi, (ps, _pe, sp, is_term, qtext) in enumerate(pred.quotes):
        if pi in claimed:
            continue
        if any(s < ps < e for s, e in extents):
            c.quote_fragments += 1
            c.misses.append(
                Miss(
                    "quote: fragment of a longer quotation",
                    article,
                    f"{qtext[:50]!r} ({pred.names.get(sp or '', sp)})",
                )
            )
        elif is_term:
            c.misses.append(Miss("quote: spurious term", article, f"{qtext[:50]!r}"))
        else:
            c.quote_false += 1
            c.misses.append(
                Miss(
                    "quote: false quotation",
                    article,
                    f"{qtext[:50]!r} ({pred.names.get(sp or '', sp)})",
                )
            )


# --------------------------------------------------------------------------------------------
# Runs, throughput, report


def score_folder(folder: Path, gazetteer: Any) -> tuple[Counts, int, int]:
    """Score every gold file of a folder. Returns counts, articles and bytes of text."""
    total = Counts()
    n = size = 0
    for gp in gold_files(folder):
        tp = text_path_of(gp)
        if not tp.is_file():
            raise GoldError(f"{gp}: its text {tp} does not exist")
        pred = predict(tp, gazetteer)
        gold = load_gold(gp, pred.text)
        total.add(score_article(gold, pred, tp.stem))
        n += 1
        size += tp.stat().st_size
    return total, n, size


def throughput(paths: list[Path], gazetteer: Any, min_seconds: float = 1.0) -> tuple[float, float]:
    """MB of file per second, one process, ingesting the files until ``min_seconds`` passed:
    by the wall clock and by the process's CPU time (the machine may be shared: CPU time is
    what the code costs, the wall clock what a user waits)."""
    from tui.ingest import ingest_file

    size = sum(p.stat().st_size for p in paths)
    if not size:
        return 0.0, 0.0
    done = 0
    t0, c0 = time.perf_counter(), time.process_time()
    while True:
        for p in paths:
            ingest_file(p, p.stem, gazetteer)
        done += size
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            cpu = time.process_time() - c0
            return done / elapsed / 1e6, done / max(cpu, 1e-9) / 1e6


def synthetic_sample(articles: int = 300) -> list[Path]:
    from bench.make_corpus import make_corpus

    out = ROOT / "bench" / "out" / f"quality-synth-{articles}"
    if not (out.is_dir() and any(out.rglob("*.txt"))):
        tmp = Path(
            tempfile.mkdtemp(
                prefix="quality-synth-",
                dir=ROOT / "bench" / "out" if (ROOT / "bench" / "out").is_dir() else None,
            )
        )
        make_corpus(tmp, articles, 2000, 1, odd_fraction=0.0, workers=1, force=True)
        if out.parent.is_dir():
            tmp.rename(out)
        else:
            out = tmp
    return sorted(out.rglob("*.txt"))


def summary(c: Counts) -> dict[str, Any]:
    p, r, f = _prf(c.ent_tp, c.ent_pred, c.ent_gold)
    _sp, _sr, sf = _prf(c.span_tp, c.ent_pred, c.ent_gold)
    dp, dr, df = _prf(c.date_span_tp, c.date_pred, c.date_gold)

    def pct(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "entities": {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "span_f1": round(sf, 4),
            "gold": c.ent_gold,
            "predicted": c.ent_pred,
            "correct": c.ent_tp,
        },
        "linking": {
            "split": c.split,
            "split_of": c.split_of,
            "merged": c.merged,
            "merged_of": c.merged_of,
        },
        "dates": {
            "value_accuracy": pct(c.date_value_ok, c.date_gold),
            "gold": c.date_gold,
            "span_precision": round(dp, 4),
            "span_recall": round(dr, 4),
            "span_f1": round(df, 4),
            "predicted": c.date_pred,
        },
        "quotes": {
            "gold": c.quote_gold,
            "found": pct(c.quote_found, c.quote_gold),
            "right_speaker": pct(c.quote_speaker_ok, c.quote_gold),
            "named_gold": c.named_gold,
            "right_speaker_named": pct(c.named_ok, c.named_gold),
            "false": c.quote_false,
            "fragments": c.quote_fragments,
            "duplicate_rows": c.quote_dups,
        },
        "quotes_by_kind": {
            k: {"gold": g, "found": f, "right_speaker": ok}
            for k, (g, f, ok) in sorted(c.by_kind.items())
        },
        "misses": dict(Counter(m.kind for m in c.misses)),
    }


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f} %"


def _rows(s: dict[str, Any], c: Counts) -> list[tuple[str, str]]:
    e, lk, d, q = s["entities"], s["linking"], s["dates"], s["quotes"]
    return [
        (
            "entities P / R / F1 (span+type)",
            f"{e['precision']:.3f} / {e['recall']:.3f} / {e['f1']:.3f}",
        ),
        ("entities F1, span only", f"{e['span_f1']:.3f}"),
        (
            "linking: split / merged",
            f"{lk['split']}/{lk['split_of']} · {lk['merged']}/{lk['merged_of']}",
        ),
        ("dates: value right", f"{_fmt(d['value_accuracy'])} ({c.date_value_ok}/{c.date_gold})"),
        ("dates: span P / R", f"{d['span_precision']:.3f} / {d['span_recall']:.3f}"),
        ("quotes: found", f"{_fmt(q['found'])} ({c.quote_found}/{c.quote_gold})"),
        (
            "quotes: right speaker",
            f"{_fmt(q['right_speaker'])} ({c.quote_speaker_ok}/{c.quote_gold})",
        ),
        (
            "  with a named speaker",
            f"{_fmt(q['right_speaker_named'])} ({c.named_ok}/{c.named_gold})",
        ),
        (
            "quotes: false / fragments / dup rows",
            f"{q['false']} / {q['fragments']} / {q['duplicate_rows']}",
        ),
    ]


def _by_kind(c: Counts, limit: int | None) -> Iterator[str]:
    groups: dict[str, list[Miss]] = defaultdict(list)
    for m in c.misses:
        groups[m.kind].append(m)
    for kind in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        rows = groups[kind]
        yield f"  {kind} ({len(rows)})"
        for m in rows[:limit] if limit else rows:
            yield f"    {m.article}: {m.detail}"
        if limit and len(rows) > limit:
            yield f"    … {len(rows) - limit} more"


def run(
    folders: Iterable[Path],
    *,
    by_kind: bool = False,
    verbose: bool = False,
    as_json: bool = False,
    speed: bool = True,
    out: Any = sys.stdout,
) -> dict[str, Any]:
    from tui.config import load_config
    from tui.ingest.entities import Gazetteer

    gazetteers = {"shipped": load_config().gazetteer, "empty": Gazetteer()}
    report: dict[str, Any] = {"sets": {}}
    for folder in folders:
        folder = Path(folder)
        entry: dict[str, Any] = {}
        counts = {}
        for gname, gaz in gazetteers.items():
            c, n, size = score_folder(folder, gaz)
            counts[gname] = c
            entry[gname] = summary(c)
            entry["articles"], entry["bytes"] = n, size
        if speed:
            paths = [text_path_of(gp) for gp in gold_files(folder)]
            wall, cpu = throughput(paths, gazetteers["shipped"])
            entry["mb_s"], entry["mb_s_cpu"] = round(wall, 3), round(cpu, 3)
        report["sets"][folder.name] = entry
        if as_json:
            continue
        print(
            f"\n== {folder.name}: {entry['articles']} articles, {entry['bytes'] / 1e3:.1f} kB ==",
            file=out,
        )
        left = _rows(entry["shipped"], counts["shipped"])
        right = _rows(entry["empty"], counts["empty"])
        print(f"{'':38} {'shipped gazetteer':28} {'empty gazetteer':28}", file=out)
        for (label, a), (_l, b) in zip(left, right, strict=True):
            print(f"{label:38} {a:28} {b:28}", file=out)
        if speed:
            print(
                f"{'ingest throughput, one process':38} {entry['mb_s']:.2f} MB/s "
                f"(CPU time: {entry['mb_s_cpu']:.2f} MB/s)",
                file=out,
            )
        if by_kind or verbose:
            print(
                "quotations by kind of attribution (shipped gazetteer): right speaker / gold",
                file=out,
            )
            for kind, (g, _f, ok) in sorted(
                counts["shipped"].by_kind.items(), key=lambda kv: -kv[1][0]
            ):
                print(f"  {kind:28} {ok:4d} / {g:<4d} {100 * ok / g:5.1f} %", file=out)
            print("misses by kind (shipped gazetteer):", file=out)
            for line in _by_kind(counts["shipped"], None if verbose else 8):
                print(line, file=out)
    if speed:
        from tui.config import load_config as _lc

        sample = synthetic_sample()
        wall, cpu = throughput(sample, _lc().gazetteer, 3.0)
        report["synthetic_mb_s"], report["synthetic_mb_s_cpu"] = round(wall, 3), round(cpu, 3)
        report["synthetic_articles"] = len(sample)
        if not as_json:
            print(
                f"\ningest throughput, one process, {len(sample)} synthetic articles: "
                f"{report['synthetic_mb_s']:.2f} MB/s (CPU time: "
                f"{report['synthetic_mb_s_cpu']:.2f} MB/s)",
                file=out,
            )
    if as_json:
        json.dump(report, out, ensure_ascii=False, indent=2)
        print(file=out)
    return report


def show(gold_path: Path, out: Any = sys.stdout) -> None:
    """The article with its gold marked: [surface|TYPE|name], {date|value}, and the quotes."""
    from tui.ingest.formats import read_file

    tp = text_path_of(gold_path)
    raw = next(iter(read_file(tp, tp.stem)))
    text = raw.text
    gold = load_gold(gold_path, text)
    marks: list[tuple[int, int, str]] = []
    for m in gold.mentions:
        tag = m.type if m.name == text[m.start : m.end] else f"{m.type}|{m.name}"
        marks.append((m.start, m.end, f"[{text[m.start : m.end]}|{tag}]"))
    for d in gold.dates:
        marks.append((d.start, d.end, f"{{{text[d.start : d.end]}|{d.value}}}"))
    marks.sort()
    pieces, at = [], 0
    for s, e, shown in marks:
        if s < at:
            continue
        pieces.append(text[at:s])
        pieces.append(shown)
        at = e
    pieces.append(text[at:])
    print("".join(pieces), file=out)
    print("\nquotes:", file=out)
    for q in gold.quotes:
        for n, (s, e) in enumerate(q.places):
            who = "TERM" if q.term else q.speaker or "—"
            again = " (same quotation)" if n else ""
            print(f"  {who:22} «{text[s:e]}»{again}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__.split("\n")[0])
    ap.add_argument(
        "folders",
        nargs="*",
        type=Path,
        help="folders of *.gold.yaml (default: the seeds' gold and the dev set)",
    )
    ap.add_argument("--by-kind", action="store_true", help="misses grouped by kind (8 of each)")
    ap.add_argument("--verbose", "-v", action="store_true", help="every miss, grouped by kind")
    ap.add_argument("--json", action="store_true", help="the numbers as JSON")
    ap.add_argument("--no-speed", action="store_true", help="skip the throughput measurements")
    ap.add_argument(
        "--show",
        type=Path,
        metavar="GOLD",
        help="print one gold file's article with its gold marked, and stop",
    )
    args = ap.parse_args(argv)
    if args.show:
        try:
            show(args.show)
        except GoldError as err:
            print(f"gold error: {err}", file=sys.stderr)
            return 2
        return 0
    folders = args.folders or [f for f in DEFAULT_FOLDERS if f.is_dir()]
    try:
        run(
            folders,
            by_kind=args.by_kind,
            verbose=args.verbose,
            as_json=args.json,
            speed=not args.no_speed,
        )
    except GoldError as err:
        print(f"gold error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
