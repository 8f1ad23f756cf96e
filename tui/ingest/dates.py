"""French temporal expressions, resolved against the publication date.

(First version: only the lead-day refinement of the publication date; the
expression grammar is added by the time issue.)
"""

from __future__ import annotations

import datetime as dt
import re

from tui.ingest.french import MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS
from tui.model import PartialDate

# "mardi 15 juillet", "jeudi 16 mai", "ce mercredi 4 février"
_LEAD_DAY = re.compile(
    rf"\b(?:(?P<wd>{WEEKDAY_RE})\s+)?(?P<day>1er|[0-3]?\d)\s+(?P<month>{MONTH_RE})\b(?!\s+\d{{4}})",
    re.IGNORECASE,
)


def refine_published(lead: str, date: PartialDate | None) -> PartialDate | None:
    """The day of publication, when the header gives only the month and the lead names it.

    A day counts only when its month is the header's and, if a weekday is
    named, the weekday agrees with the calendar (2025-07 + "mardi 15 juillet"
    -> 2025-07-15). Without a weekday the first day-month of the lead that
    falls in the header's month is taken.
    """
    if date is None or date.month is None or date.day is not None:
        return date
    for m in _LEAD_DAY.finditer(lead):
        month = MONTHS[m["month"].lower()]
        day = 1 if m["day"].lower() == "1er" else int(m["day"])
        if month != date.month:
            continue
        try:
            when = dt.date(date.year, month, day)
        except ValueError:
            continue
        if m["wd"] and WEEKDAYS[m["wd"].lower()] != when.weekday():
            continue
        if not m["wd"]:
            # A bare "le 8 mai" in a lead is often a past event, not the day of
            # writing; only a weekday-named day is trusted.
            continue
        return PartialDate(date.year, month, day)
    return date
