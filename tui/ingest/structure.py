"""Structure of an article's text: blocks (lead, paragraphs, subheadings, captions), sentences,
and a title when the metadata gives none. Pure functions of the text."""

from __future__ import annotations

import re

from tui.ingest.french import has_rare_stops, is_abbreviation
from tui.model import Block

_BLOCK_SEP = re.compile(r"\n[ \t]*\n+")
# A photo credit closing a caption: "( AFP / WANG ZHAO )", "(Reuters)", "(Photo AFP)".
_CREDIT = re.compile(r"\(\s*(?P<credit>[A-Z][A-Za-z.&-]{1,20}(?:\s*/\s*[^()\n]{1,80}?)?)\s*\)\s*$")
# Sentence ends: terminal punctuation (and a closing quote), then space, then what starts one.
# "[.!?…][.!?…]*" rather than "[.!?…]+": a pattern that opens on a set (or a letter) lets the
# regex engine skip ahead to it, one that opens on a repeat is tried at every position.
_SENTENCE_END = re.compile(r"[.!?…][.!?…]*[\"»”']?(?=\s+[\"«“(]?[A-ZÀ-ÖØ-Þ0-9])")
# The same for a text with no "!", "?" nor "…" (most texts): a literal period is found faster
# than a set, which the engine tests character by character.
_SENTENCE_END_PERIOD = re.compile(r"\.\.*[\"»”']?(?=\s+[\"«“(]?[A-ZÀ-ÖØ-Þ0-9])")
_TITLE_MAX = 90


def split_blocks(text: str) -> list[Block]:
    """Blocks separated by blank lines, each typed: caption, subheading, lead or paragraph."""
    blocks: list[Block] = []
    pos = 0
    seen_prose = False
    for sep in [*_BLOCK_SEP.finditer(text), None]:
        end = sep.start() if sep else len(text)
        start, stop = _strip_span(text, pos, end)
        if stop > start:
            block = _classify(text, start, stop, seen_prose)
            seen_prose = seen_prose or block.kind in ("lead", "paragraph")
            blocks.append(block)
        if sep:
            pos = sep.end()
    return blocks


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _classify(text: str, start: int, end: int, seen_prose: bool) -> Block:
    chunk = text[start:end]
    # (a credit closes its block: a block, stripped of blanks, ending otherwise has none)
    credit = _CREDIT.search(chunk) if chunk.endswith(")") else None
    if credit and len(chunk) < 400:
        return Block(
            "caption", start, end, start + credit.start("credit"), start + credit.end("credit")
        )
    if _is_subheading(chunk):
        return Block("subheading", start, end)
    return Block("paragraph" if seen_prose else "lead", start, end)


def _is_subheading(chunk: str) -> bool:
    """Short, one line, not closed by sentence punctuation: "240 milliards d'échanges de biens"."""
    if "\n" in chunk or len(chunk) > 110 or len(chunk.split()) > 16:
        return False
    stripped = chunk.rstrip('"»” ')
    return not stripped.endswith((".", ":", ";", ",", "…"))


def split_sentences(text: str, blocks: list[Block]) -> list[tuple[int, int]]:
    """Sentence spans inside each block; a caption or subheading is one sentence."""
    spans: list[tuple[int, int]] = []
    ends = _SENTENCE_END if has_rare_stops(text) else _SENTENCE_END_PERIOD
    for block in blocks:
        if block.kind in ("caption", "subheading"):
            spans.append((block.start, block.end))
            continue
        start = block.start
        for m in ends.finditer(text, block.start, block.end):
            if is_abbreviation(text, block.start, m.start()):
                continue
            spans.append(_strip_span(text, start, m.end()))
            start = m.end()
        tail = _strip_span(text, start, block.end)
        if tail[1] > tail[0]:
            spans.append(tail)
    return spans


def derive_title(text: str, blocks: list[Block], sentences: list[tuple[int, int]]) -> str:
    """The first sentence of the first prose block, cut at a word boundary."""
    first = next((b for b in blocks if b.kind in ("lead", "paragraph")), None)
    if first is None:
        first = blocks[0] if blocks else None
    if first is None:
        return ""
    sentence = next(
        (text[s:e] for s, e in sentences if first.start <= s < first.end),
        text[first.start : first.end],
    )
    sentence = " ".join(sentence.split())
    if len(sentence) <= _TITLE_MAX:
        return sentence.rstrip(".")
    cut = sentence.rfind(" ", 0, _TITLE_MAX - 1)
    return sentence[: cut if cut > 30 else _TITLE_MAX - 1].rstrip(" ,;:") + "…"


def blocks_from_kinds(text: str, parts: list[tuple[str, int, int]]) -> list[Block]:
    """Blocks whose kinds a reader already knows from markup (HTML, agency XML, feeds), as
    ``(kind, start, end)`` with kind 'paragraph', 'subheading' or 'caption': the first
    paragraph is the lead, as in plain text, and a caption's photo credit is spanned."""
    blocks: list[Block] = []
    seen_prose = False
    for kind, start, end in parts:
        if kind == "caption":
            credit = _CREDIT.search(text, start, end)
            if credit and credit.end() == end:
                blocks.append(Block(kind, start, end, credit.start("credit"), credit.end("credit")))
            else:
                blocks.append(Block(kind, start, end))
        elif kind == "paragraph":
            blocks.append(Block("paragraph" if seen_prose else "lead", start, end))
            seen_prose = True
        else:
            blocks.append(Block(kind, start, end))
    return blocks
