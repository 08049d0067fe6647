"""Values read back through raw SQL, the same whatever the engine: SQLite returns dates as
ISO text, PostgreSQL as ``date`` objects."""

from __future__ import annotations

from datetime import date, datetime


def as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def as_optional_date(value: object) -> date | None:
    return None if value is None or value == "" else as_date(value)
