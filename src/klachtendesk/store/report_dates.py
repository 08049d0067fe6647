"""Date arithmetic in the chapter engine's SQL: the only engine-specific part of it.

Dates are ISO text on SQLite (``2023-06-06``): they compare and sort as text, ``substr``
gives the month, ``julianday`` the days between two dates. On PostgreSQL they are ``date``
values: ``to_char`` gives the month, a subtraction the days. The same forms, as SQL text,
are the engine modules' (store/engines/); here they are SQLAlchemy expressions, the way the
chapter engine builds its statements. ``date_sql(dialect_name)`` picks one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Date, Integer, String, cast, func, literal, literal_column
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
        total: ColumnElement[int] = literal_column("0", Integer)
        day_after = func.date(start, "+1 day")
        for first, last in closures:
            overlap = self.days_between(func.max(self.value(first), day_after), func.min(self.value(last), end))
            total = total + func.max(literal_column("0", Integer), overlap + literal_column("1", Integer))
        return total


@dataclass(frozen=True)
class PostgresqlDates:
    def value(self, day: date) -> ColumnElement[Any]:
        return literal(day, Date)

    def month(self, column: ColumnElement[Any]) -> ColumnElement[str]:
        return func.to_char(column, "YYYY-MM")

    def days_between(self, start: ColumnElement[Any], end: ColumnElement[Any]) -> ColumnElement[int]:
        return cast(cast(end, Date) - cast(start, Date), Integer)

    def closure_days(self, start: ColumnElement[Any], end: ColumnElement[Any],
                     closures: Closures) -> ColumnElement[int]:
        total: ColumnElement[int] = literal_column("0", Integer)
        day_after = cast(start, Date) + literal_column("1", Integer)
        for first, last in closures:
            overlap = self.days_between(func.greatest(self.value(first), day_after),
                                        func.least(self.value(last), end))
            total = total + func.greatest(literal_column("0", Integer), overlap + literal_column("1", Integer))
        return total


_ENGINES: dict[str, DateSql] = {"sqlite": SqliteDates(), "postgresql": PostgresqlDates()}


def date_sql(dialect_name: str) -> DateSql:
    return _ENGINES[dialect_name]
