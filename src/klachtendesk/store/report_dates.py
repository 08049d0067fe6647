"""Date arithmetic in the report's SQL: the only engine-specific part of the chapter engine.

Dates are ISO text on SQLite (``2023-06-06``): they compare and sort as text, ``substr``
gives the month, ``julianday`` the days between two dates. Another engine (PostgreSQL)
gets its own ``DateSql`` with the same four answers; ``date_sql(dialect_name)`` picks one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Integer, String, cast, func, literal
from sqlalchemy.sql.elements import ColumnElement

Closures = Sequence[tuple[date, date]]


class DateSql(Protocol):
    def value(self, day: date) -> ColumnElement[Any]:
        """A date as the engine compares it with a date column."""

    def month(self, column: ColumnElement[Any]) -> ColumnElement[str]:
        """The month of a date as 'YYYY-MM'."""

    def days_between(self, start: ColumnElement[Any], end: ColumnElement[Any]) -> ColumnElement[int]:
        """Whole calendar days from ``start`` to ``end`` (negative when ``end`` is earlier)."""

    def closure_days(self, start: ColumnElement[Any], end: ColumnElement[Any],
                     closures: Closures) -> ColumnElement[int]:
        """Days in (start, end] that fall in a closure, as ``WorkCalendar.closure_days_between``."""


@dataclass(frozen=True)
class SqliteDates:
    def value(self, day: date) -> ColumnElement[Any]:
        return literal(day.isoformat(), String)

    def month(self, column: ColumnElement[Any]) -> ColumnElement[str]:
        return func.substr(column, 1, 7)

    def days_between(self, start: ColumnElement[Any], end: ColumnElement[Any]) -> ColumnElement[int]:
        return cast(func.julianday(end) - func.julianday(start), Integer)

    def closure_days(self, start: ColumnElement[Any], end: ColumnElement[Any],
                     closures: Closures) -> ColumnElement[int]:
        total: ColumnElement[int] = literal(0, Integer)
        day_after = func.date(start, "+1 day")
        for first, last in closures:
            overlap = self.days_between(func.max(self.value(first), day_after), func.min(self.value(last), end))
            total = total + func.max(0, overlap + 1)
        return total


_ENGINES: dict[str, DateSql] = {"sqlite": SqliteDates()}


def date_sql(dialect_name: str) -> DateSql:
    try:
        return _ENGINES[dialect_name]
    except KeyError:
        raise NotImplementedError(f"the report's date arithmetic has no form for {dialect_name} yet") from None
