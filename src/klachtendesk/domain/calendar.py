"""Working days and closed days: weekends, public holidays, closures and school holidays.

A closed day is one the organisation sets aside: a closure period of the preset, or, for a
school network, a day of the school holidays (the ``holidays`` package's ``school``
category for one community, e.g. the Flemish). Closed days are left out of every term
(calendar or working days: a term never ends inside them) and out of lead times.
``WorkCalendar.closure_ranges`` gives them as date ranges, for the report's SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from klachtendesk.domain.errors import DomainError

DateRange = tuple[date, date]


@lru_cache(maxsize=64)
def _holidays_for(country: str, year: int) -> frozenset[date]:
    if not country:
        return frozenset()
    # Imported when first needed: the package loads every country it knows (about 150 ms),
    # and the queue's first page does not need it.
    import holidays

    # Sundays that are holidays (Easter Sunday, Pentecost) are weekend days anyway.
    return frozenset(holidays.country_holidays(country, years=year).keys())


@lru_cache(maxsize=64)
def _school_holidays_for(country: str, community: str, year: int) -> frozenset[date]:
    """The days of ``year`` on which the community's schools are closed: the holidays
    (herfst-, kerst-, krokus-, paas- en zomervakantie) and the days off in between."""
    import holidays

    return frozenset(holidays.country_holidays(
        country, subdiv=community, years=year, categories=("school",)).keys())


def check_school_holidays(country: str, community: str) -> None:
    """Raise DomainError (Dutch) unless the package knows ``community``'s school holidays."""
    import holidays

    try:
        holidays.country_holidays(country, subdiv=community, years=2024, categories=("school",))
    except (NotImplementedError, ValueError, KeyError, AttributeError):
        known = ""
        try:
            known = ", ".join(holidays.country_holidays(country).subdivisions)
        except (NotImplementedError, ValueError, KeyError, AttributeError):
            pass
        raise DomainError(
            f"geen schoolvakanties bekend voor '{community}' in land '{country}'"
            + (f"; kies uit: {known}" if known else "")
        ) from None


@lru_cache(maxsize=64)
def holiday_names(country: str, year: int) -> dict[date, str]:
    """Holiday names in Dutch where the package has them, for display."""
    if not country:
        return {}
    import holidays

    try:
        found = holidays.country_holidays(country, years=year, language="nl")
    except (NotImplementedError, ValueError, TypeError):
        found = holidays.country_holidays(country, years=year)
    return dict(found)


def merge_ranges(ranges: Iterable[DateRange]) -> tuple[DateRange, ...]:
    """Sorted ranges with overlapping and adjacent ones joined."""
    merged: list[DateRange] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def _runs(days: Iterable[date]) -> list[DateRange]:
    """Consecutive days as ranges."""
    out: list[DateRange] = []
    for day in sorted(days):
        if out and day == out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


#: The longest closure a desk accepts: longer is a typing error (a year typed wrong).
MAX_CLOSURE_DAYS = 366


def closure_text(closure: DateRange) -> str:
    """A closure as the settings screen and the event log show it: "24/12/2026 – 2/1/2027"."""
    from klachtendesk.domain.dates import format_date

    start, end = closure
    return format_date(start) if start == end else f"{format_date(start)} – {format_date(end)}"


def check_closure(closure: DateRange, others: Iterable[DateRange] = ()) -> None:
    """Raise DomainError (Dutch) for a closure that ends before it starts, is longer than a
    year, or overlaps one of ``others`` (which the user then changes instead)."""
    start, end = closure
    if end < start:
        raise DomainError("De sluiting eindigt vóór ze begint: zet de einddatum op of na de begindatum.")
    if (end - start).days + 1 > MAX_CLOSURE_DAYS:
        raise DomainError(f"Een sluiting van meer dan {MAX_CLOSURE_DAYS} dagen is wellicht een tikfout: "
                          "controleer de jaartallen.")
    for other in others:
        if start <= other[1] and other[0] <= end:
            raise DomainError(f"Die periode overlapt met de sluiting {closure_text(other)}: wijzig die sluiting "
                              "in plaats van er een tweede te maken.")


@dataclass(frozen=True)
class WorkCalendar:
    country: str = "BE"
    closures: tuple[DateRange, ...] = field(default=())
    #: The community whose school holidays are closed days ("Flemish"), or "" for none.
    school_holidays: str = ""

    @property
    def has_closed_days(self) -> bool:
        return bool(self.closures or self.school_holidays)

    def is_holiday(self, day: date) -> bool:
        return day in _holidays_for(self.country, day.year)

    def is_school_holiday(self, day: date) -> bool:
        return bool(self.school_holidays) and day in _school_holidays_for(
            self.country, self.school_holidays, day.year)

    def is_closed(self, day: date) -> bool:
        """A closure day of the preset or a school holiday: left out of terms and lead times."""
        return any(start <= day <= end for start, end in self.closures) or self.is_school_holiday(day)

    def is_working_day(self, day: date) -> bool:
        return _is_working_day(self, day)

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def add_open_days(self, start: date, days: int) -> date:
        """The date ``days`` calendar days after ``start``, closed days not counted: the
        end of a calendar-day term, which therefore never falls inside a closure."""
        if days < 0:
            raise ValueError("days must not be negative")
        if not self.has_closed_days:
            return start + timedelta(days=days)
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if not self.is_closed(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    def closure_ranges(self, start: date, end: date) -> tuple[DateRange, ...]:
        """The closed days within [start, end] (preset closures and school holidays), as
        sorted, merged (first, last) ranges clipped to the window.

        This is the one source of closed days for everything that counts days in SQL (the
        report's lead times): pass a window that holds every received and answered date
        the query can meet. Ranges never overlap, so their lengths add up.
        """
        if end < start or not self.has_closed_days:
            return ()
        ranges = [(max(a, start), min(b, end)) for a, b in self.closures if a <= end and b >= start]
        if self.school_holidays:
            days = [day for year in range(start.year, end.year + 1)
                    for day in _school_holidays_for(self.country, self.school_holidays, year)
                    if start <= day <= end]
            ranges.extend(_runs(days))
        return merge_ranges(ranges)

    def closure_days_between(self, start: date, end: date) -> int:
        """Closed days in (start, end]."""
        if end <= start:
            return 0
        return sum((b - a).days + 1 for a, b in self.closure_ranges(start + timedelta(days=1), end))


@lru_cache(maxsize=16_384)
def _is_working_day(calendar: WorkCalendar, day: date) -> bool:
    """Kept per calendar and day: a register's deadlines count the same weeks over and over."""
    return day.weekday() < 5 and not calendar.is_holiday(day) and not calendar.is_closed(day)
