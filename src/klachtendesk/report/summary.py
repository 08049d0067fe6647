"""The year report's figures, as computed from the store: plain frozen data, no formatting.

``report/compute.py`` fills a ``Summary``; ``report/tables.py`` turns it into the tables a
screen or an export shows; ``report/narrative.py`` writes its sentences. Labels are the
store's taxonomy labels; every list is in the organisation's own order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from klachtendesk.report.period import Period

if TYPE_CHECKING:
    from klachtendesk.report.chapter import ChapterTable

#: The label of cases that have no channel, category or entity filled in.
MISSING = "Niet ingevuld"
#: The outcome of complaints that have no final qualification yet.
PENDING = "Nog geen eindkwalificatie"


def average(total: int, count: int) -> float | None:
    """``total / count`` to one decimal, halves rounded up (21.45 -> 21.5); None for no count."""
    if not count:
        return None
    return float((Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Breakdown:
    """Cases per label (signal type, channel) in the report period and the periods before it."""

    periods: tuple[Period, ...]  # oldest first; the report period last
    labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # per label: one count per period

    @property
    def totals(self) -> tuple[int, ...]:
        """Cases per period, all labels together."""
        return tuple(sum(row[p] for row in self.counts) for p in range(len(self.periods)))

    def current(self) -> dict[str, int]:
        """Label -> count in the report period."""
        return {label: row[-1] for label, row in zip(self.labels, self.counts, strict=True)}


@dataclass(frozen=True)
class Outcome:
    """A final qualification as a column of the category table."""

    label: str
    founded: str = ""  # "ja", "deels", "nee" or ""
    admissible: bool = True


@dataclass(frozen=True)
class CategoryRow:
    category: str
    counts: tuple[int, ...]  # one per CategoryTable.outcomes
    repeated: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class CategoryTable:
    """Complaints per category and final qualification (every category, zeros included)."""

    outcomes: tuple[Outcome, ...]  # the organisation's qualifications, then PENDING
    rows: tuple[CategoryRow, ...]

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(row.counts[i] for row in self.rows) for i in range(len(self.outcomes)))

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    @property
    def repeated(self) -> int:
        return sum(row.repeated for row in self.rows)

    def founded(self, row: CategoryRow, level: str) -> int:
        """How many of the row's complaints have a qualification with ``founded == level``."""
        return sum(n for n, outcome in zip(row.counts, self.outcomes, strict=True) if outcome.founded == level)

    def by_outcome(self, row: CategoryRow | None = None) -> dict[str, int]:
        """Outcome label -> count, non-zero only, in column order (the whole table without a row)."""
        counts = row.counts if row is not None else self.totals
        return {o.label: n for o, n in zip(self.outcomes, counts, strict=True) if n}


@dataclass(frozen=True)
class MonthRow:
    month: str  # "2023-01"
    received: int
    closed: int  # cases answered in this month, whenever they were received
    by_entity: tuple[int, ...] = ()  # one per Months.entities

    @property
    def quarter(self) -> str:
        year, month = self.month.split("-")
        return f"{year}-Q{(int(month) - 1) // 3 + 1}"


@dataclass(frozen=True)
class Months:
    rows: tuple[MonthRow, ...]  # every month the period touches, zeros included
    entities: tuple[str, ...] = ()  # empty when the organisation has no entities

    def quarters(self) -> dict[str, int]:
        """"2023-Q1" -> cases received, for every quarter the period touches."""
        found: dict[str, int] = {}
        for row in self.rows:
            found[row.quarter] = found.get(row.quarter, 0) + row.received
        return found


@dataclass(frozen=True)
class Timeliness:
    """How quickly one signal type (or all, for the total row) was handled."""

    type: str
    count: int
    closed: int
    on_time: int  # answered on or before the due date
    late: int
    open_overdue: int  # still open and past the due date on the report's "today"
    lead_days_total: int  # lead times of the closed cases added up, closure days left out
    within: tuple[int, ...]  # closed within each of Summary.thresholds days

    @property
    def avg_lead_days(self) -> float | None:
        return average(self.lead_days_total, self.closed)

    @classmethod
    def combined(cls, label: str, rows: tuple[Timeliness, ...], thresholds: int) -> Timeliness:
        return cls(
            type=label,
            count=sum(r.count for r in rows),
            closed=sum(r.closed for r in rows),
            on_time=sum(r.on_time for r in rows),
            late=sum(r.late for r in rows),
            open_overdue=sum(r.open_overdue for r in rows),
            lead_days_total=sum(r.lead_days_total for r in rows),
            within=tuple(sum(r.within[i] for r in rows) for i in range(thresholds)),
        )


@dataclass(frozen=True)
class Admissibility:
    """Complaints by admissibility; the non-admissible ones by reason."""

    admissible: int
    not_admissible: int
    unchecked: int
    reasons: tuple[tuple[str, int], ...]  # (reason, count), most frequent first


@dataclass(frozen=True)
class ExtraAction:
    reference: str
    received: date
    title: str
    category: str
    action: str
    done: date | None


@dataclass(frozen=True)
class ComplaintCase:
    """One complaint as the narrative tells it."""

    reference: str
    received: date
    title: str
    description: str  # the complainant's account
    motivation: str  # what the investigation found
    qualification: str  # the final qualification's label, "" while there is none
    extra_action: str = ""
    extra_action_done: date | None = None


@dataclass(frozen=True)
class CategoryCases:
    """The narrative of one category: its outcomes and its complaints, oldest first."""

    category: str
    outcomes: tuple[tuple[str, int], ...]  # (qualification label or PENDING, count), non-zero
    cases: tuple[ComplaintCase, ...]

    @property
    def count(self) -> int:
        return sum(n for _, n in self.outcomes)


@dataclass(frozen=True)
class Summary:
    organisation: str
    period: Period
    today: date  # "still open and overdue" is as of this day
    by_type: Breakdown
    by_channel: Breakdown
    complaint_types: tuple[str, ...]
    categories: CategoryTable
    admissibility: Admissibility
    months: Months
    thresholds: tuple[int, ...]
    timeliness: tuple[Timeliness, ...]
    extra_actions: tuple[ExtraAction, ...]
    narrative: tuple[CategoryCases, ...]  # categories with complaints, in the organisation's order
    chapter: tuple[ChapterTable, ...] = ()  # the organisation's own published tables (its preset)
    #: Cases via the ombudsperson per period (as by_type's periods): complaints whatever their type.
    via_ombudsperson: tuple[int, ...] = ()

    @property
    def total(self) -> int:
        return self.by_type.totals[-1]

    @property
    def previous_periods(self) -> tuple[Period, ...]:
        return self.by_type.periods[:-1]

    @property
    def timeliness_total(self) -> Timeliness:
        return Timeliness.combined("Totaal", self.timeliness, len(self.thresholds))
