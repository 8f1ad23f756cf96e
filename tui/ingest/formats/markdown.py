"""``.md`` / ``.markdown``: optional YAML front matter (title, date, source, url, author, any
extra keys kept), then the body as plain text."""

from __future__ import annotations

from typing import Any

from tui import safeyaml
from tui.ingest.formats.base import RawArticle, clean_meta, one_line, parse_date
from tui.model import Problem

# Front matter is a handful of keys; a bigger block is not front matter (and not parsed).
MAX_FRONT_MATTER_CHARS = 64_000
KNOWN_KEYS = ("id", "date", "title", "text", "source", "url", "author")


def read_markdown(text: str, path: str, article_id: str) -> RawArticle:
    """One article from sanitized text."""
    meta: dict[str, Any] = {}
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            block = text[4:end]
            rest = text[end + 4 :]
            body = rest.split("\n", 1)[1] if "\n" in rest else ""
            raw = RawArticle(article_id, path, body.strip("\n"))
            if len(block) > MAX_FRONT_MATTER_CHARS:
                raw.problems.append(
                    Problem(
                        path, f"front matter over {MAX_FRONT_MATTER_CHARS:,} characters; ignored", 2
                    )
                )
                return raw
            try:
                loaded = safeyaml.safe_load(block)
            except safeyaml.YAMLError as err:
                mark = getattr(err, "problem_mark", None)
                line = mark.line + 2 if mark is not None else None
                raw.problems.append(
                    Problem(path, f"malformed front matter: {_yaml_reason(err)}", line)
                )
                return raw
            except RecursionError:
                raw.problems.append(Problem(path, "front matter nested too deeply; ignored", 2))
                return raw
            if isinstance(loaded, dict):
                cleaned = clean_meta(loaded, raw.problems, path, 2)
                meta = cleaned if isinstance(cleaned, dict) else {}
            elif loaded is not None:
                raw.problems.append(Problem(path, "front matter is not a mapping; ignored", 2))
                return raw
            apply_meta(raw, meta, line=None)
            return raw
    raw = RawArticle(article_id, path, body.strip("\n"))
    return raw


def _yaml_reason(err: safeyaml.YAMLError) -> str:
    problem = getattr(err, "problem", None)
    return one_line(str(problem or err).splitlines()[0])


def apply_meta(raw: RawArticle, meta: dict[str, Any], line: int | None) -> None:
    """Copy known metadata keys onto the raw article; keep the rest in ``extra``. ``meta`` has
    been through ``clean_meta``."""
    try:
        raw.date = parse_date(meta.get("date"))
    except ValueError:
        raw.problems.append(
            Problem(raw.path, f"malformed date {meta.get('date')!r}; loaded undated", line)
        )
    for key in ("title", "source", "url", "author"):
        value = meta.get(key)
        if value is not None:
            setattr(raw, key, one_line(str(value)))
    raw.extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
