"""App tests run as if in a plain terminal: not inside tmux or GNU screen (copying would
reach the developer's own tmux otherwise); the tests that need one set it up."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch):
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.delenv("STY", raising=False)
