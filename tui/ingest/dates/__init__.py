"""French temporal expressions, resolved against the publication date.

Two public functions, both pure (no global state, no textual):

- ``refine_published(lead, date)``: the day of publication when the header gives only the
  month and the lead names the day ("mardi 15 juillet").
- ``extract_dates(text, article_id, published, sentences)``: every temporal expression of an
  article ("le 8 mai 2025", "mardi", "l'an dernier", "d'ici 50 jours", "début septembre"...)
  as ``TimeRef`` spans, sorted by start, each resolved on the calendar when it can be.

The grammar is a table (``FORMS``), in the manner of toolong's ``timestamps.py``: one row per
kind of expression, each a small named regex, the trigger words it contains, and the function
that turns its groups into a date. Rows are joined into compiled alternations with a named
group per row; at a given start the first row that matches wins, so longer forms come first
("mardi 15 juillet" before "mardi", "février 2022" before "février").

How the text is scanned (speed matters: a corpus can be hundreds of MB). Trying a big
alternation at every character is slow in Python's regex engine, so:

1. the text is lower-cased once (same length, so spans stay exact);
2. one regex finds the *trigger* words every expression contains (month and weekday names,
   4-digit years, hier, demain, veille, an, année, mois, semaine, jour...). It is led by a
   small class of word-separating characters, which the engine skips through quickly;
3. from each trigger the scan walks back over the few words that can lead an expression
   ("le", "ce", "en", "début", "il y a", "d'ici", numbers...) and tries, leftmost first, the
   rows that can contain that trigger, anchored at each possible start. The first match that
   covers the trigger wins: the longest expression, never overlapping the previous one.

Resolution rules, news-oriented (the publication date is the anchor):

- an explicit year makes the expression absolute (``anchor`` is None);
- a bare weekday is the most recent such day on or before publication, or the next one on or
  after it when its context speaks of the future ("à la veille de l'expiration, jeudi");
- a day and month without year take the publication year, unless that puts them more than
  about two months after publication (then the previous year) — or, when the context speaks
  of the future, more than two months before it (then the next year); a weekday given with
  them picks the neighbouring year when only that one agrees with the calendar;
- a month alone is its most recent occurrence (publication month included), or the next one
  when the context speaks of the future;
- ``dernier`` / ``prochain`` force the past / the future;
- "la semaine dernière" has no calendar unit of its own: it resolves to the month of the
  Thursday of that week; "il y a trois ans" is a year, "il y a deux mois" a month, "d'ici 50
  jours" a day.

Whether a context "speaks of the future" is decided cheaply from the sentence: a future cue
(futur simple, "doit", "prévu", "prochain", "à venir", "invité", "à la veille de"...) just
before the expression says yes; an auxiliary just before it ("a déclaré mardi") says no;
otherwise the nearest cue in the sentence decides, verbs that only report speech ("a
assuré") not counting; no cue at all means past.

The modules, each importing only those above it: ``patterns`` (regex building blocks and
word scans), ``context`` (``Ctx``, ``Resolved``, ``DateForm``), ``tense`` (past or future),
``resolvers`` (calendar arithmetic, one resolver per row), ``grammar`` (``FORMS`` and the
compiled alternations), ``scan`` (``extract_dates``), and ``lead`` (``refine_published``).
"""

from __future__ import annotations

from tui.ingest.dates.context import DateForm, Resolved
from tui.ingest.dates.grammar import FORMS
from tui.ingest.dates.lead import refine_published
from tui.ingest.dates.scan import extract_dates

__all__ = ["FORMS", "DateForm", "Resolved", "extract_dates", "refine_published"]
