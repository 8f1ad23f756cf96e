"""Shared fixtures: the shipped corpus, loaded once, without the user's cache."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def pytest_collection_finish(session):
    """Importing tui.app pauses the garbage collector until an app has shown its corpus
    (tui/app/collector.py); collecting the tests imports it without starting an app."""
    from tui.app import collector

    collector.resume()


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Never touch the user's cache folder from a test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(scope="session")
def seed_corpus():
    from tui.config import load_config
    from tui.loader import load_corpus

    return load_corpus(CORPUS, load_config(), use_cache=False)


@pytest.fixture(scope="session")
def bare_corpus():
    """The seeds with an empty user gazetteer: extraction must stand on its own."""
    from tui.config import default_config
    from tui.loader import load_corpus

    return load_corpus(CORPUS, default_config(), use_cache=False)
