"""Reading XML safely, and walking it by local names (namespaces vary between agencies).

defusedxml refuses entity declarations (a "billion laughs" bomb expands a few hundred bytes
into gigabytes) and external entities (``SYSTEM "file:///etc/passwd"`` would put a local file
into an article): such a file is reported and skipped, never expanded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

_FIRST_TAG = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*"
    rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)",
    re.S,
)


def parse(data: bytes) -> tuple[Element | None, str | None]:
    """(root, None), or (None, why it was refused)."""
    import defusedxml  # type: ignore[import-untyped]
    import defusedxml.ElementTree as safe_et  # type: ignore[import-untyped]

    try:
        root = safe_et.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.EntitiesForbidden as err:
        if getattr(err, "sysid", None) or getattr(err, "system_id", None):
            return None, "XML declares an external entity (SYSTEM), refused: no file or URL is read"
        return None, "XML declares entities (<!ENTITY>), refused: no entity expansion"
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden):
        return None, "XML refers to external entities, refused"
    except safe_et.ParseError as err:
        return None, f"not well-formed XML ({_reason(err)})"
    except (ValueError, RecursionError) as err:
        return None, f"not well-formed XML ({type(err).__name__})"
    return root, None


def _reason(err: Exception) -> str:
    from tui.ingest.formats.base import safe_reason

    return safe_reason(err, 80)


def sniff_root(data: bytes) -> str | None:
    """The local name of the root element, read from the head of a file that may not parse."""
    m = _FIRST_TAG.match(data[:65536])
    return m.group(1).decode("ascii", "replace") if m else None


def local(tag: object) -> str:
    """``{namespace}name`` -> ``name`` (comments and processing instructions -> '')."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def kids(el: Element, name: str) -> Iterator[Element]:
    """Children of ``el`` whose local name is ``name``."""
    return (c for c in el if local(c.tag) == name)


def kid(el: Element | None, *path: str) -> Element | None:
    """The first element down a path of local names, or None."""
    for name in path:
        if el is None:
            return None
        el = next(kids(el, name), None)
    return el


def text(el: Element | None) -> str:
    """All the text inside an element, tags removed."""
    return "".join(el.itertext()) if el is not None else ""
