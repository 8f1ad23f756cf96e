"""Which files are articles, by name: what the folder scans (the loader's, the app's watch)
need, without the readers (tui.ingest.formats) and what they import."""

from __future__ import annotations

PLAIN_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl")
HTML_SUFFIXES = (".html", ".htm")
XML_SUFFIXES = (".xml", ".rss", ".atom")
ARTICLE_SUFFIXES = PLAIN_SUFFIXES + HTML_SUFFIXES + XML_SUFFIXES


def is_article_file(name: str) -> bool:
    """A file name this package reads (other files are listed as skipped)."""
    return name.lower().endswith(ARTICLE_SUFFIXES)


def is_page_assets(dirname: str, filenames: set[str]) -> bool:
    """A browser's "save page, complete" folder (``page_files`` beside ``page.html``): the
    page's images and scripts, not articles, and not worth listing one by one."""
    if not dirname.endswith("_files"):
        return False
    stem = dirname[: -len("_files")]
    return any(f"{stem}{suffix}" in filenames for suffix in HTML_SUFFIXES)
