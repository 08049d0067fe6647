"""Report periods: an organisation's report year or a typed range, and the periods before it.

A report year comes from the settings (the police's 2023 runs from 19/1/2023 to 18/1/2024).
The "previous periods" shown beside the figures are the report years before it, or, for a
typed range, ranges of the same length just before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from klachtendesk.domain.dates import format_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.taxonomy import Settings


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    year: int | None = None  # the report year, when the period is one

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        """A column header: "2023", or "1/3/2023–31/5/2023"."""
        if self.year is not None:
            return str(self.year)
        return f"{format_date(self.start)}–{format_date(self.end)}"

    @property
    def span(self) -> str:
        return f"{format_date(self.start)} tot en met {format_date(self.end)}"

    @property
    def phrase(self) -> str:
        """How a sentence names the period: "in 2023", "van 1/3/2023 tot en met 31/5/2023"."""
        return f"in {self.year}" if self.year is not None else f"van {self.span}"


def year_period(settings: Settings, year: int) -> Period:
    start, end = settings.period_for_year(year)
    return Period(start, end, year)


def period_between(settings: Settings, start: date, end: date) -> Period:
    """The period from ``start`` to ``end``; a report year when it is exactly one."""
    if end < start:
        raise DomainError(
            f"De einddatum {format_date(end)} ligt vóór de begindatum {format_date(start)}."
        )
    year = settings.report_year_of(start)
    if settings.period_for_year(year) == (start, end):
        return Period(start, end, year)
    return Period(start, end)


def previous_periods(settings: Settings, period: Period, count: int = 2) -> tuple[Period, ...]:
    """The ``count`` periods before ``period``, oldest first."""
    found: list[Period] = []
    current = period
    for _ in range(count):
        if current.year is not None:
            current = year_period(settings, current.year - 1)
        else:
            end = current.start - timedelta(days=1)
            current = Period(end - timedelta(days=period.days - 1), end)
        found.append(current)
    return tuple(reversed(found))
