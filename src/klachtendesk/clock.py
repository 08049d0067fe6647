"""Today's date, frozen with ``--today`` or ``KLACHTENDESK_TODAY`` for tests, demos and reports.

A frozen value is a date (``2026-11-27``: the clock keeps the wall-clock time of day) or
a date and time (``2026-11-27T10:30``: the clock stands still, for snapshot tests).

What protects the store never follows a frozen date: backups are named and rotated by
``wall_today`` and ``wall_now``, the machine's own clock (a run with ``--today`` in
December must not delete November's copies).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time

_frozen: datetime | date | None = None

#: The days a frozen clock may show: the deadline, retention and backup arithmetic adds and
#: subtracts years, which Python's dates cannot do near the years 1 and 9999.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class FrozenDateError(ValueError):
    """A --today or $KLACHTENDESK_TODAY value that is no usable date; ``message`` is Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_frozen(text: str) -> date | datetime:
    text = text.strip()
    try:
        if "T" in text or " " in text:
            parsed: date | datetime = datetime.fromisoformat(text).replace(microsecond=0)
        else:
            parsed = date.fromisoformat(text)
    except ValueError:
        raise FrozenDateError(f"'{text}' is geen datum jjjj-mm-dd") from None
    day = parsed.date() if isinstance(parsed, datetime) else parsed
    if not EARLIEST <= day <= LATEST:
        raise FrozenDateError(f"'{text}' ligt buiten {EARLIEST.year}-{LATEST.year}; kies een datum daartussen")
    return parsed


def check_environment() -> None:
    """Raise FrozenDateError when $KLACHTENDESK_TODAY is set to no usable date."""
    env = os.environ.get("KLACHTENDESK_TODAY", "").strip()
    if env:
        parse_frozen(env)


def freeze(value: date | datetime | str | None) -> None:
    global _frozen
    _frozen = parse_frozen(value) if isinstance(value, str) else value


def _current() -> date | datetime | None:
    if _frozen is not None:
        return _frozen
    env = os.environ.get("KLACHTENDESK_TODAY", "").strip()
    return parse_frozen(env) if env else None


def today() -> date:
    frozen = _current()
    if isinstance(frozen, datetime):
        return frozen.date()
    if isinstance(frozen, date):
        return frozen
    return date.today()


def now() -> datetime:
    """The current time, timezone-aware (the store keeps UTC; screens show local time)."""
    frozen = _current()
    if isinstance(frozen, datetime):
        return frozen if frozen.tzinfo else frozen.astimezone()
    wall = datetime.now().astimezone().replace(microsecond=0)
    if isinstance(frozen, date):
        return datetime.combine(frozen, time(wall.hour, wall.minute, wall.second)).astimezone()
    return wall


def wall_today() -> date:
    """The machine's date, whatever ``--today`` or ``$KLACHTENDESK_TODAY`` say."""
    return date.today()


def wall_now() -> datetime:
    """The machine's time (local, timezone-aware), whatever ``--today`` says."""
    return datetime.now().astimezone().replace(microsecond=0)


def local(moment: datetime | None) -> datetime | None:
    """A stored moment in the local timezone (naive values are UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()
