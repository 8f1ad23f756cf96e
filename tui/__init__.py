"""Chronique: a keyboard-driven terminal explorer for news corpora."""

__version__ = "0.1.0"
