"""The deadline engine: due dates, extensions, acknowledgement, lead time, urgency.

All functions are pure: "today" is always passed in (see ``klachtendesk.clock``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from klachtendesk.domain.calendar import WorkCalendar
from klachtendesk.domain.errors import DomainError

CALENDAR_DAYS = "kalenderdagen"
WORKING_DAYS = "werkdagen"
UNITS = (CALENDAR_DAYS, WORKING_DAYS)

#: Open cases due within this many working days are "due soon".
DUE_SOON_WORKING_DAYS = 3


@dataclass(frozen=True)
class Term:
    """How long a signal type may take: ``days`` in ``unit``, extendable by ``max_extension``."""

    days: int
    unit: str = CALENDAR_DAYS
    max_extension: int = 0

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise DomainError(f"Onbekende eenheid '{self.unit}': kies kalenderdagen of werkdagen.")
        if self.days < 0 or self.max_extension < 0:
            raise DomainError("Een termijn en een verlenging kunnen niet negatief zijn.")

    def describe(self) -> str:
        text = f"{self.days} {self.unit}"
        if self.max_extension:
            text += f", verlengbaar met {self.max_extension}"
        return text


def check_extension(term: Term, days: int, reason: str) -> None:
    """Raise DomainError unless an extension of ``days`` with ``reason`` is allowed."""
    if days < 0:
        raise DomainError("Een verlenging kan niet negatief zijn.", field="extension_days")
    if days == 0:
        return
    if term.max_extension == 0:
        raise DomainError(
            "Dit type laat geen verlenging van de termijn toe.", field="extension_days"
        )
    if days > term.max_extension:
        raise DomainError(
            f"Een verlenging van {days} {term.unit} is te lang: dit type laat hoogstens "
            f"{term.max_extension} {term.unit} toe.",
            field="extension_days",
        )
    if not (reason or "").strip():
        raise DomainError("Geef de reden van de verlenging op.", field="extension_reason")


def due_date(
    received: date, term: Term, calendar: WorkCalendar, extension_days: int = 0
) -> date:
    """The answer is due ``term`` (+ extension) days after receipt, in the term's unit.

    Counting starts the day after receipt. Working days skip weekends, public holidays and
    closed days, so a case received on a Saturday counts from Monday. Calendar days skip
    closed days only (a preset's closures, a school network's school holidays): the term
    is the same number of days the organisation is open, and never ends inside a closure.
    """
    total = term.days + max(0, extension_days)
    if term.unit == WORKING_DAYS:
        return calendar.add_working_days(received, total)
    return calendar.add_open_days(received, total)


def acknowledgement_due(received: date, acknowledgement_days: int) -> date:
    return received + timedelta(days=acknowledgement_days)


def lead_time(received: date, answered: date, calendar: WorkCalendar | None = None) -> int:
    """Doorlooptijd: calendar days from receipt to answer, closed days left out.

    The report's SQL counts the same (``calendar.closure_ranges`` feeds it), so the case
    screen, the queue and the report give one number for one case.
    """
    days = (answered - received).days
    if calendar is not None and calendar.has_closed_days:
        days -= calendar.closure_days_between(received, answered)
    return max(days, 0)


def is_on_time(answered: date, due: date) -> bool:
    """Answered on or before the due date (which already holds the closed days and any
    extension): the one meaning of "op tijd" on screen, in alerts and in the report."""
    return answered <= due


@dataclass(frozen=True)
class Answered:
    """How a closed case did: its lead time and whether it was on time."""

    lead_days: int
    on_time: bool


def answered_verdict(received: date, answered: date, due: date, calendar: WorkCalendar) -> Answered:
    return Answered(lead_time(received, answered, calendar), is_on_time(answered, due))


def days_left(due: date, today: date) -> int:
    """Calendar days until the due date; negative when overdue."""
    return (due - today).days


class Urgency(Enum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"


def urgency(due: date, today: date, calendar: WorkCalendar) -> Urgency:
    """How urgent an open case is, computing the day's due-soon limit if need be."""
    cached_due_soon_limit(today, calendar)
    known = urgency_if_known(due, today, calendar)
    assert known is not None  # the limit is known now
    return known


def urgency_if_known(due: date, today: date, calendar: WorkCalendar) -> Urgency | None:
    """How urgent an open case is, or None when only the day's due-soon limit could tell
    and it is not computed yet (``cached_due_soon_limit``, in a worker: the first call
    loads the holidays), so a row can be drawn before the holidays load."""
    if due < today:
        return Urgency.OVERDUE
    # Within DUE_SOON_WORKING_DAYS working days: due on or before the day's limit (the same
    # test as counting the working days, computed once a day rather than once a case).
    limit = _limits.get((today, calendar))
    if limit is None:
        return None
    return Urgency.DUE_SOON if due <= limit else Urgency.ON_TRACK


_limits: dict[tuple[date, WorkCalendar], date] = {}


def cached_due_soon_limit(today: date, calendar: WorkCalendar) -> date:
    """``due_soon_limit``, computed once a day: the first call loads the public holidays
    (150 ms), so the desk makes it in a worker, never while drawing a row."""
    key = (today, calendar)
    limit = _limits.get(key)
    if limit is None:
        if len(_limits) >= 16:
            _limits.clear()
        limit = _limits[key] = due_soon_limit(today, calendar)
    return limit


def due_soon_limit(today: date, calendar: WorkCalendar) -> date:
    """The last due date that still counts as "due soon" on ``today``.

    Lets the store select due-soon cases with one indexed range (today <= due <= limit).
    """
    limit = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    # Non-working days right after the limit are still within 3 working days.
    nxt = limit + timedelta(days=1)
    while not calendar.is_working_day(nxt):
        limit = nxt
        nxt += timedelta(days=1)
    return limit
