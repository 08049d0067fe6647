"""Working days: weekends, public holidays (the ``holidays`` package) and closures.

A closure is a period the organisation sets aside (a school's summer holiday): it is
left out of working-day terms and out of lead times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache


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


@dataclass(frozen=True)
class WorkCalendar:
    country: str = "BE"
    closures: tuple[tuple[date, date], ...] = field(default=())

    def is_holiday(self, day: date) -> bool:
        return day in _holidays_for(self.country, day.year)

    def is_closed(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.closures)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day) and not self.is_closed(day)

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

    def closure_days_between(self, start: date, end: date) -> int:
        """Days in (start, end] that fall in a closure."""
        total = 0
        for c_start, c_end in self.closures:
            lo = max(c_start, start + timedelta(days=1))
            hi = min(c_end, end)
            if hi >= lo:
                total += (hi - lo).days + 1
        return total
