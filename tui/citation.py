"""Citations ready to paste: a quotation or a sentence with who said it, where and when.

Templates are ``str.format`` strings over the fields in ``FIELDS``::

    « {text} », {verb} {speaker} ({source}, {date})
    -> « renforcer leur soutien mutuel dans les forums multilatéraux », a affirmé Xi Jinping (AFP, 15 juillet 2025)

Missing pieces degrade gracefully: an empty field takes the separators around it with it
(no speaker: ``« … » (AFP, 15 juillet 2025)``; no date: ``(AFP)``). An article with no
source is cited by what its text gives (the agency of a photo credit, "( AFP / NAME )"), else
by its file name: never by its title, which for an article without metadata is its lead
sentence cut short ("…à leurs yeux de…"). ``validate_template`` raises ValueError naming an unknown
field, for the configuration loader to report. Nothing here imports textual.
"""

from __future__ import annotations

import re
import string
from typing import Any

from tui.ingest.french import MONTH_NAMES, REPORTING_VERBS
from tui.model import PartialDate

FIELDS = ("text", "speaker", "verb", "source", "date", "title", "article", "url")
DEFAULT_TEMPLATE = "« {text} », {verb} {speaker} ({source}, {date})"
DEFAULT_SENTENCE_TEMPLATE = "« {text} » ({source}, {date})"
DEFAULT_CITATION = DEFAULT_TEMPLATE  # the name the configuration speaks of

_FORMATTER = string.Formatter()
_TOKEN = re.compile("\x00(\\d+)\x00")
# Cleaning the skeleton (the template with the values replaced by tokens) once empty
# fields are gone; the values themselves are never touched.
_CLEANUPS = (
    (re.compile(r"\(\s*[,;:–—-]?\s*\)|\[\s*[,;:–—-]?\s*\]"), ""),  # "()" "(, )"
    (re.compile(r"([(\[])\s*[,;:–—-]\s*"), r"\1"),  # "(, date)" -> "(date)"
    (re.compile(r"\s*[,;:–—-]\s*([)\]])"), r"\1"),  # "(AFP, )" -> "(AFP)"
    (re.compile(r"([,;])(?:\s*[,;])+"), r"\1"),  # ", ," -> ","
    (re.compile(r"\s*,\s*(?=[(\[]|$)"), " "),  # "« … », (AFP)" -> "« … » (AFP)"
    (re.compile(r"[ \t]+([,.;)\]])"), r"\1"),  # "x ," -> "x,"
    (re.compile(r"([(\[])[ \t]+"), r"\1"),
    (re.compile(r"[ \t]{2,}"), " "),
)


def validate_template(template: str) -> None:
    """Raise ValueError for a malformed template or a field outside ``FIELDS``."""
    if not isinstance(template, str):
        raise ValueError(f"a template is a string, not {type(template).__name__}")
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as err:
        raise ValueError(f"bad template: {err}") from None
    for _literal, field, spec, _conv in parsed:
        if field is None:
            continue
        if field not in FIELDS:
            raise ValueError(
                f"unknown field {{{field}}} in citation template "
                f"(expected any of: {', '.join('{' + f + '}' for f in FIELDS)})"
            )
        if spec and "{" in spec:
            raise ValueError(f"nested field in the format of {{{field}}}")


def french_date(date: PartialDate | str | None) -> str:
    """ "15 juillet 2025", "1er juillet 2025", "juillet 2025", "2025"; "" for None."""
    if date is None:
        return ""
    if isinstance(date, str):
        try:
            date = PartialDate.parse(date)
        except ValueError:
            return date.strip()
    if date.month is None:
        return str(date.year)
    month = MONTH_NAMES[date.month]
    if date.day is None:
        return f"{month} {date.year}"
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {month} {date.year}"


def _participles() -> dict[str, str]:
    return {gerund: pp for pp, _pres, _plural, gerund in REPORTING_VERBS if gerund}


_INVERTED = re.compile(r"[-‑](?:t[-‑])?(?:il|elle|ils|elles|on)\b", re.IGNORECASE)
_GERUNDS: dict[str, str] | None = None


def citation_verb(verb: str | None) -> str | None:
    """A reporting verb as a citation says it, after the quotation.

    "a-t-il ajouté" -> "a ajouté", "ajoute-t-elle" -> "ajoute", "avait vanté" -> "a vanté",
    "qualifiant" -> "a qualifié", "Selon"/"pour" -> "selon".
    """
    global _GERUNDS
    if not verb or not verb.strip():
        return None
    v = " ".join(verb.split()).lower().replace("’", "'")
    v = _INVERTED.sub("", v)
    if v in ("selon", "pour", "d'après"):
        return "selon" if v == "pour" else v
    words = v.split(" ")
    if words[0] == "avait":
        words[0] = "a"
    elif words[0] == "avaient":
        words[0] = "ont"
    if len(words) == 1 or (len(words) > 1 and words[0].endswith("ant")):
        if _GERUNDS is None:
            _GERUNDS = _participles()
        pp = _GERUNDS.get(v)
        if pp is not None:
            return f"a {pp}"
    return " ".join(words)


def _quote_text(text: str) -> str:
    """The quoted words on one line, inner guillemets and straight quotes made curly."""
    text = " ".join(text.split())
    text = re.sub(r"«\s*", "“", text)
    text = re.sub(r"\s*»", "”", text)
    text = re.sub(r'"\s*([^"]*?)\s*"', r"“\1”", text)
    return text


def render(template: str, values: dict[str, Any]) -> str:
    """Fill ``template`` with ``values`` (missing or empty fields dropped with their commas)."""
    validate_template(template)
    skeleton: list[str] = []
    filled: list[str] = []
    for literal, field, spec, conv in _FORMATTER.parse(template):
        skeleton.append(literal.replace("\x00", ""))
        if field is None:
            continue
        value = values.get(field)
        if value is None or value == "":
            continue
        value = str(value)
        if conv:
            value = _FORMATTER.convert_field(value, conv)
        if spec:
            value = format(value, spec)
        skeleton.append(f"\x00{len(filled)}\x00")
        filled.append(value)
    out = "".join(skeleton)
    for pattern, repl in _CLEANUPS:
        out = pattern.sub(repl, out)
    out = out.strip(" \t,;")
    return _TOKEN.sub(lambda m: filled[int(m.group(1))], out)


def _source(source: str | None, article_id: str | None) -> str:
    """The source, else the article id: never the title (a title is not a source, and a
    derived one is a truncated sentence)."""
    return source or article_id or ""


def format_citation(
    text: str,
    *,
    speaker: str | None,
    verb: str | None,
    source: str | None,
    date: PartialDate | str | None,
    title: str | None = None,
    article_id: str | None = None,
    url: str | None = None,
    template: str = DEFAULT_TEMPLATE,
) -> str:
    """A quotation with its citation.

    ``speaker`` is the name to show (the entity's name, or the role: "un porte-parole du
    ministère"); without one the verb goes too. A speaker with no verb is cited "selon X".
    """
    speaker = " ".join(speaker.split()) if speaker else None
    verb = citation_verb(verb) if speaker else None
    if speaker and not verb:
        verb = "selon"
    values = {
        "text": _quote_text(text),
        "speaker": speaker,
        "verb": verb,
        "source": _source(source, article_id),
        "date": french_date(date),
        "title": title,
        "article": article_id,
        "url": url,
    }
    return render(template, values)


def format_sentence_citation(
    sentence: str,
    *,
    source: str | None,
    date: PartialDate | str | None,
    title: str | None = None,
    article_id: str | None = None,
    url: str | None = None,
    template: str = DEFAULT_SENTENCE_TEMPLATE,
) -> str:
    """A plain sentence with its citation: ``« sentence » (source, date)``: a quotation
    with nobody to attribute it to."""
    return format_citation(
        sentence,
        speaker=None,
        verb=None,
        source=source,
        date=date,
        title=title,
        article_id=article_id,
        url=url,
        template=template,
    )


def article_source(article) -> str | None:
    """The source an ``Article`` gives: its own ``source``, else the agency of its first photo
    credit ("AFP / KIRILL KUDRYAVTSEV" -> "AFP"), else None."""
    if article is None:
        return None
    if getattr(article, "source", None):
        return article.source
    for block in getattr(article, "blocks", ()):
        if block.kind == "caption" and 0 <= block.credit_start < block.credit_end:
            credit = article.text[block.credit_start : block.credit_end]
            agency = credit.split("/", 1)[0].strip(" ()")
            if "/" in credit and 0 < len(agency) <= 20 and len(agency.split()) <= 3:
                return agency
    return None


def citable_source(article) -> str | None:
    """What a citation names as the source of an ``Article``: ``article_source``, else the
    name of its file ("004_fba018ab2f51b844.txt")."""
    if article is None:
        return None
    source = article_source(article)
    if source:
        return source
    path = getattr(article, "path", None) or ""
    return path.replace("\\", "/").rsplit("/", 1)[-1] or None


def cite_quote(corpus, quote, template: str = DEFAULT_TEMPLATE) -> str:
    """The citation of a ``Quote`` of ``corpus`` (anything with ``article(id)`` and
    ``entity(id)``): the speaker's canonical name, else the role the text gives."""
    article = corpus.article(quote.article_id)
    entity = corpus.entity(quote.speaker) if quote.speaker else None
    speaker = entity.name if entity is not None else quote.speaker_role
    date = quote.date
    if date is None and article is not None:
        date = article.published or article.date
    return format_citation(
        quote.text,
        speaker=speaker,
        verb=quote.verb,
        source=citable_source(article),
        date=date,
        title=getattr(article, "title", None),
        article_id=quote.article_id,
        url=getattr(article, "url", None),
        template=template,
    )


def cite_sentence(article, start: int, end: int, template: str = DEFAULT_SENTENCE_TEMPLATE) -> str:
    """The citation of ``article.text[start:end]`` (a sentence of an ``Article``)."""
    return format_sentence_citation(
        article.text[start:end],
        source=citable_source(article),
        date=article.published or article.date,
        title=article.title,
        article_id=article.id,
        url=article.url,
        template=template,
    )


__all__ = [
    "DEFAULT_CITATION",
    "DEFAULT_SENTENCE_TEMPLATE",
    "DEFAULT_TEMPLATE",
    "FIELDS",
    "article_source",
    "citable_source",
    "cite_quote",
    "cite_sentence",
    "citation_verb",
    "format_citation",
    "format_sentence_citation",
    "french_date",
    "render",
    "validate_template",
]
