"""YAML reading for the whole program: safe loading only (no Python objects are ever built
from a document), through libyaml's C parser when PyYAML was built with it. The pure-Python
parser costs ~45 ms on the shipped gazetteer, a quarter of a one-shot command's run."""

from __future__ import annotations

import yaml

# CSafeLoader is SafeLoader's C twin: the same safe constructor, a faster scanner and parser.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YAMLError = yaml.YAMLError


def safe_load(text: str):
    """The document as plain data (dict, list, str, int, float, bool, None, dates)."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def compose(text: str) -> yaml.Node | None:
    """The node tree, whose marks give the line of every key (for precise config errors)."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
