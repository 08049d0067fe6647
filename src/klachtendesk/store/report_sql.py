"""The chapter engine's SQL: one GROUP BY over the cases of a window, for any table.

The report (``report/chapter.py``) describes what a table needs in store terms: which
cases (``Cond``, over ids and flags), grouped by which columns, counting what
(``Count``, ``LeadSum``). ``aggregate`` turns that into a SQLAlchemy Core statement and
returns a dict: group key -> one number per measure. Every measure is a sum, so the report
can add groups up (a total row, a half-year from months) without asking again.

Speed. SQLite has no hash aggregate: a GROUP BY that is not a prefix of an index sorts every
row first. The statement groups twice: the inner GROUP BY follows the covering index
``ix_case_report`` (received, type, channel, entity, category, qualification, ...) as far as
the table needs, so SQLite counts while it reads the index; the outer GROUP BY regroups the
few thousand groups that leaves. Conditions on columns outside the index (sub-category,
solved, school) read the table rows, which only small registers use.

Dates: ``report_dates.py`` holds the engine-specific forms (month of a date, days between
two dates, closure days); nothing else here depends on the engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection as Connection  # the report names it by this module
from sqlalchemy import Integer, and_, case, false, literal_column, not_, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from klachtendesk.store.models import REPORT_INDEX_COLUMNS, Case
from klachtendesk.store.report_dates import Closures, DateSql, date_sql

CASES = Case.__table__  # type: ignore[attr-defined]
# Constants written into the statement: a bound parameter has no type PostgreSQL could infer
# inside a CASE or a SUM.
ONE, ZERO = literal_column("1", Integer), literal_column("0", Integer)

#: Columns a condition or a group may name (every other name is refused).
COLUMNS = frozenset({
    "signal_type_id", "channel_id", "entity_id", "category_id", "subcategory_id", "qualification_id",
    "handler_id", "admissible", "solved", "line", "school", "inadmissible_reason", "status",
})
#: Groups besides the columns: the report period a case falls in, and its month.
PERIOD = "period"
MONTH = "month"


# -- conditions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InSet:
    """``column`` holds one of ``values`` (None in values: or is empty)."""

    column: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Flag:
    """A fact of the case: closed, repeated, mediated, on_time, late_or_overdue."""

    name: str


@dataclass(frozen=True)
class LeadAtMost:
    """Closed with a lead time of at most ``days`` (closure days left out)."""

    days: int


@dataclass(frozen=True)
class NotWithin:
    """Not answered within ``days`` of lead time: closed later, or open for longer on ``today``."""

    days: int


@dataclass(frozen=True)
class AllOf:
    conds: tuple[Cond, ...]


@dataclass(frozen=True)
class AnyOf:
    conds: tuple[Cond, ...]


@dataclass(frozen=True)
class Not:
    cond: Cond


Cond = InSet | Flag | LeadAtMost | NotWithin | AllOf | AnyOf | Not
EVERY = AllOf(())
FLAGS = ("closed", "repeated", "mediated", "on_time", "late_or_overdue")


def all_of(*conds: Cond) -> Cond:
    """The conditions together, nested ``AllOf`` flattened and ``EVERY`` left out."""
    flat: list[Cond] = []
    for cond in conds:
        if isinstance(cond, AllOf):
            flat.extend(c for c in cond.conds if c != EVERY)
        else:
            flat.append(cond)
    unique = tuple(dict.fromkeys(flat))
    return unique[0] if len(unique) == 1 else AllOf(unique)


# -- measures and the aggregation -------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """Cases meeting ``cond``."""

    cond: Cond = EVERY


@dataclass(frozen=True)
class LeadSum:
    """Lead times (days, closure days left out) of the closed cases meeting ``cond``, added up."""

    cond: Cond = EVERY


Measure = Count | LeadSum


@dataclass(frozen=True)
class Aggregation:
    """Cases whose ``basis`` date lies in one of ``periods``, meeting ``where``, grouped by ``groups``.

    ``basis``: "received", or "answered" (closed cases by the day they were answered).
    ``groups``: column names, ``MONTH`` (of the basis date) and ``PERIOD`` (the index of the
    period in ``periods``).
    """

    periods: tuple[tuple[date, date], ...]
    groups: tuple[str, ...]
    measures: tuple[Measure, ...]
    where: Cond = EVERY
    basis: str = "received"
    today: date = field(default_factory=date.today)
    closures: tuple[tuple[date, date], ...] = ()


class _Compiler:
    def __init__(self, dates: DateSql, today: date, closures: Closures) -> None:
        self.dates, self.today, self.closures = dates, today, closures
        c = CASES.c
        self.closed: ColumnElement[bool] = c.status == "closed"
        lead = self.dates.days_between(c.received, c.answered)
        if closures:
            lead = lead - self.dates.closure_days(c.received, c.answered, closures)
        self.lead = case((lead < ZERO, ZERO), else_=lead)

    def open_days(self) -> ColumnElement[int]:
        c = CASES.c
        days = self.dates.days_between(c.received, self.dates.value(self.today))
        if self.closures:
            days = days - self.dates.closure_days(c.received, self.dates.value(self.today), self.closures)
        return days

    def cond(self, cond: Cond) -> ColumnElement[bool]:
        c = CASES.c
        if isinstance(cond, InSet):
            if cond.column not in COLUMNS:
                raise ValueError(f"no such report column: {cond.column}")
            column = c[cond.column]
            present = tuple(v for v in cond.values if v is not None)
            # Never NULL (SQL's third truth value), so that Not() of a condition is its opposite.
            parts: list[ColumnElement[bool]] = [and_(column.is_not(None), column.in_(present))] if present else []
            if None in cond.values:
                parts.append(column.is_(None))
            return or_(*parts) if parts else false()
        if isinstance(cond, Flag):
            if cond.name == "closed":
                return self.closed
            if cond.name == "repeated":
                repeated: ColumnElement[bool] = c.repeat_of_id.is_not(None)
                return repeated
            if cond.name == "mediated":
                mediated: ColumnElement[bool] = c.mediation_result != ""
                return mediated
            if cond.name == "on_time":
                return and_(self.closed, c.answered <= c.due)
            if cond.name == "late_or_overdue":
                return or_(and_(self.closed, c.answered > c.due),
                           and_(not_(self.closed), c.due < self.dates.value(self.today)))
            raise ValueError(f"no such report flag: {cond.name}")
        if isinstance(cond, LeadAtMost):
            return and_(self.closed, self.lead <= cond.days)
        if isinstance(cond, NotWithin):
            return or_(and_(self.closed, self.lead > cond.days),
                       and_(not_(self.closed), self.open_days() > cond.days))
        if isinstance(cond, AllOf):
            return and_(true(), *(self.cond(x) for x in cond.conds))
        if isinstance(cond, AnyOf):
            return or_(false(), *(self.cond(x) for x in cond.conds))
        if isinstance(cond, Not):
            return not_(self.cond(cond.cond))
        raise TypeError(cond)

    def measure(self, measure: Measure) -> ColumnElement[int]:
        if isinstance(measure, Count):
            if measure.cond == EVERY:
                return ONE
            return case((self.cond(measure.cond), ONE), else_=ZERO)
        return case((and_(self.closed, self.cond(measure.cond)), self.lead), else_=ZERO)


def _inner_columns(groups: Sequence[str], basis: str) -> list[str]:
    """The inner GROUP BY: the basis date, then the covering index's columns as far as the
    groups need them (a prefix, so SQLite reads the index in order), then other groups."""
    needed = [g for g in groups if g not in (PERIOD, MONTH)]
    if basis != "received":
        return [basis, *needed]
    index = list(REPORT_INDEX_COLUMNS[1:])
    depth = max((index.index(g) + 1 for g in needed if g in index), default=0)
    prefix = index[:depth]
    return ["received", *prefix, *(g for g in needed if g not in prefix)]


def aggregate(conn: Connection, agg: Aggregation) -> dict[tuple[Any, ...], list[int]]:
    """Group key (one value per ``agg.groups``) -> one sum per ``agg.measures``."""
    dates = date_sql(conn.dialect.name)
    compiler = _Compiler(dates, agg.today, agg.closures)
    c = CASES.c
    basis = c[agg.basis]
    first = min(start for start, _ in agg.periods)
    last = max(end for _, end in agg.periods)
    where = [basis.between(dates.value(first), dates.value(last))]
    if agg.basis == "answered":
        where.insert(0, compiler.closed)
    if agg.where != EVERY:
        where.append(compiler.cond(agg.where))

    inner_names = _inner_columns(agg.groups, agg.basis)
    inner_cols = [c[name] for name in inner_names]
    sums = [_sum(compiler.measure(m)).label(f"m{i}") for i, m in enumerate(agg.measures)]
    inner = select(*inner_cols, *sums).where(*where).group_by(*inner_cols).subquery("g")

    outer_groups: list[ColumnElement[Any]] = []
    for name in agg.groups:
        if name == PERIOD:
            day = inner.c[agg.basis]
            outer_groups.append(case(*((day.between(dates.value(s), dates.value(e)), literal_column(str(i), Integer))
                                       for i, (s, e) in enumerate(agg.periods))).label(PERIOD))
        elif name == MONTH:
            outer_groups.append(dates.month(inner.c[agg.basis]).label(MONTH))
        else:
            outer_groups.append(inner.c[name])
    outer = select(*outer_groups, *(_sum(inner.c[f"m{i}"]) for i in range(len(agg.measures))))
    if outer_groups:
        outer = outer.group_by(*outer_groups)
    found: dict[tuple[Any, ...], list[int]] = {}
    width = len(outer_groups)
    for row in conn.execute(outer):
        key = tuple(row[:width])
        if PERIOD in agg.groups and key[agg.groups.index(PERIOD)] is None:
            continue  # between the periods (they need not touch)
        found[key] = [int(v or 0) for v in row[width:]]
    return found


def _sum(expression: ColumnElement[Any]) -> ColumnElement[Any]:
    from sqlalchemy import func

    return func.sum(expression)
