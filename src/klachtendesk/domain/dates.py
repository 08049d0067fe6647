"""Dates as Belgian users type and read them.

Input accepts day-first forms (``6/6/2023``, ``06-06-2023``, ``6.6.2023``), ISO
(``2023-06-06``) and the words ``vandaag`` and ``gisteren``. Output is ``6/6/2023``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import quote

MIN_YEAR = 1900
MAX_YEAR = 2199

_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = {"vandaag": 0, "gisteren": 1, "eergisteren": 2}

DATE_HINT = "Gebruik dd/mm/jjjj (bv. 6/6/2023), jjjj-mm-dd, 'vandaag' of 'gisteren'."


def parse_date(text: str, *, today: date | None = None, field: str | None = None) -> date:
    """Parse a date typed by a user; raise DomainError with a Dutch message when it is not one."""
    raw = (text or "").strip().lower()
    if not raw:
        raise DomainError(f"Vul een datum in. {DATE_HINT}", field=field)
    if raw in _WORDS:
        if today is None:
            raise DomainError("'vandaag' kan hier niet gebruikt worden.", field=field)
        return today - timedelta(days=_WORDS[raw])
    match = _ISO.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DAY_FIRST.match(raw)
        if not match:
            raise DomainError(f"'{quote(text)}' is geen datum. {DATE_HINT}", field=field)
        day, month, year = (int(g) for g in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(
            f"Het jaar {year} valt buiten {MIN_YEAR}–{MAX_YEAR}. {DATE_HINT}", field=field
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError(
            f"{day}/{month}/{year} bestaat niet. Controleer dag en maand.", field=field
        ) from None


def parse_optional_date(
    text: str | None, *, today: date | None = None, field: str | None = None
) -> date | None:
    if text is None or not str(text).strip():
        return None
    return parse_date(str(text), today=today, field=field)


def coerce_date(value: object, *, today: date | None = None, field: str | None = None) -> date:
    """Accept a date, a datetime (from Excel) or text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(str(value), today=today, field=field)


def format_date(value: date | None) -> str:
    """Belgian short form: 6/6/2023. Empty string for no date."""
    if value is None:
        return ""
    return f"{value.day}/{value.month}/{value.year}"


def format_datetime(value: datetime | None) -> str:
    """Belgian date and time; aware values are shown in the local timezone."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    return f"{format_date(value.date())} {value:%H:%M}"
