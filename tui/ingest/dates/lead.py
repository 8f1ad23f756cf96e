"""The day of publication from an article's lead, when its header gives only the month."""

from __future__ import annotations

import datetime as dt
import re

from tui.ingest.french import MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS
from tui.model import PartialDate

# "mardi 15 juillet", "jeudi 16 mai", "ce mercredi 4 février". Only a day with its weekday
# counts: the regex asks for it (a day alone, never a weekday's, would be matched to no use).
_LEAD_DAY = re.compile(
    rf"\b(?P<wd>{WEEKDAY_RE})\s+(?P<day>1er|[0-3]?\d)\s+(?P<month>{MONTH_RE})\b(?!\s+\d{{4}})",
    re.IGNORECASE,
)


def refine_published(lead: str, date: PartialDate | None) -> PartialDate | None:
    """The day of publication, when the header gives only the month and the lead names it.

    A day counts only when its month is the header's and a weekday is named that agrees with
    the calendar (2025-07 + "mardi 15 juillet" -> 2025-07-15). A bare "le 8 mai" in a lead is
    often a past event, not the day of writing, so it is not trusted.
    """
    if date is None or date.month is None or date.day is not None:
        return date
    for m in _LEAD_DAY.finditer(lead):
        month = MONTHS.get(m["month"].lower())
        day = 1 if m["day"].lower() == "1er" else int(m["day"])
        if month != date.month:
            continue
        try:
            when = dt.date(date.year, month, day)
        except ValueError:
            continue
        if WEEKDAYS[m["wd"].lower()] != when.weekday():
            continue
        return PartialDate(date.year, month, day)
    return date
