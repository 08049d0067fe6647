"""The year report's SQL: aggregates over the cases received in a period (report/compute.py
labels them; the store knows nothing of the report itself).

Every aggregate over the received date reads the covering index ``ix_case_report``
(received first), so a year of a quarter of a million cases is counted from the index
alone; closed cases per month come from ``ix_case_closed_answered``, extra actions from
``ix_case_extra_actions``. tests/report/test_performance.py checks the query plans.
Results are keyed by taxonomy ids; ``report/compute.py`` labels them.
What differs between SQLite and PostgreSQL (a month of a date, a day count) comes from the
store's engine module (store/engines/).

Some counts group twice. SQLite has no hash aggregate: a GROUP BY that is not a prefix of
the index sorts every row first. The inner GROUP BY follows the index order (received,
type, channel, entity), so SQLite counts while it reads; the outer one groups the few
thousand day rows that leaves: several times faster on a year of 250,000 cases.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Connection, bindparam, text

from klachtendesk.store import engines
from klachtendesk.store.values import as_date, as_optional_date

Key = int | None


class Period(Protocol):
    """A report period (report/period.py): the store needs only its first and last day."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


def _range(period: Period) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _types_query(sql: str) -> Any:
    return text(sql).bindparams(bindparam("types", expanding=True), bindparam("channels", expanding=True))


#: A complaint: a complaint type, or any type via the ombudsperson (domain.chapter.counts_as_complaint).
COMPLAINT = "(signal_type_id IN :types OR channel_id IN :channels)"


def _complaint_params(period: Period, types: Sequence[int], channels: Sequence[int]) -> dict[str, Any]:
    return {**_range(period), "types": list(types), "channels": list(channels)}


def intake(conn: Connection, periods: Sequence[Period]) -> dict[tuple[int, int, Key], int]:
    """(period index, signal type id, channel id) -> cases received, over all ``periods``."""
    params: dict[str, Any] = {
        "first": min(p.start for p in periods).isoformat(),
        "last": max(p.end for p in periods).isoformat(),
    }
    whens = []
    for i, period in enumerate(periods):
        params[f"s{i}"], params[f"e{i}"] = period.start.isoformat(), period.end.isoformat()
        whens.append(f"WHEN received BETWEEN :s{i} AND :e{i} THEN {i}")
    sql = f"""
        SELECT CASE {' '.join(whens)} END AS period, signal_type_id, channel_id, SUM(n) FROM (
            SELECT received, signal_type_id, channel_id, COUNT(*) AS n FROM case_file
            WHERE received BETWEEN :first AND :last GROUP BY received, signal_type_id, channel_id
        ) AS per_day GROUP BY 1, 2, 3
    """
    return {(p, t, ch): int(n) for p, t, ch, n in conn.execute(text(sql), params) if p is not None}


def received_per_month(conn: Connection, period: Period) -> dict[tuple[str, Key], int]:
    """("2023-01", entity id) -> cases received."""
    sql = f"""
        SELECT {engines.of(conn).month('received')}, entity_id, SUM(n) FROM (
            SELECT received, signal_type_id, channel_id, entity_id, COUNT(*) AS n FROM case_file
            WHERE received BETWEEN :start AND :end GROUP BY received, signal_type_id, channel_id, entity_id
        ) AS per_day GROUP BY 1, 2
    """
    return {(month, entity): int(n) for month, entity, n in conn.execute(text(sql), _range(period))}


def received_per_month_total(conn: Connection, period: Period) -> dict[str, int]:
    """"2023-01" -> cases received (all entities together: a day's count is read off the index)."""
    sql = f"""
        SELECT {engines.of(conn).month('received')}, SUM(n) FROM (
            SELECT received, COUNT(*) AS n FROM case_file WHERE received BETWEEN :start AND :end GROUP BY received
        ) AS per_day GROUP BY 1
    """
    return {month: int(n) for month, n in conn.execute(text(sql), _range(period))}


def closed_per_month(conn: Connection, period: Period) -> dict[str, int]:
    """"2023-01" -> cases answered (closed) in that month, whenever they were received."""
    sql = f"""
        SELECT {engines.of(conn).month('answered')}, SUM(n) FROM (
            SELECT answered, COUNT(*) AS n FROM case_file
            WHERE status = 'closed' AND answered BETWEEN :start AND :end GROUP BY answered
        ) AS per_day GROUP BY 1
    """
    return {month: int(n) for month, n in conn.execute(text(sql), _range(period))}


def complaint_outcomes(
    conn: Connection, period: Period, types: Sequence[int], channels: Sequence[int] = ()
) -> dict[tuple[Key, Key, bool | None], tuple[int, int]]:
    """(category id, qualification id, admissible) -> (complaints, of which repeated).

    A complaint is a case of one of ``types``, or one that came via one of ``channels`` (the
    ombudsperson's)."""
    sql = f"""
        SELECT category_id, qualification_id, admissible, COUNT(*), COUNT(repeat_of_id) FROM case_file
        WHERE received BETWEEN :start AND :end AND {COMPLAINT}
        GROUP BY 1, 2, 3
    """
    rows = conn.execute(_types_query(sql), _complaint_params(period, types, channels))
    return {(cat, qual, None if adm is None else bool(adm)): (n, rep) for cat, qual, adm, n, rep in rows}


def inadmissible_reasons(conn: Connection, period: Period, types: Sequence[int], channels: Sequence[int] = ()
                         ) -> dict[tuple[str, Key], int]:
    """(reason typed at the admissibility check, qualification id) -> non-admissible complaints."""
    sql = f"""
        SELECT inadmissible_reason, qualification_id, COUNT(*) FROM case_file
        WHERE received BETWEEN :start AND :end AND {COMPLAINT} AND admissible = FALSE
        GROUP BY 1, 2
    """
    rows = conn.execute(_types_query(sql), _complaint_params(period, types, channels))
    return {(reason, qual): n for reason, qual, n in rows}


@dataclass(frozen=True)
class TimelinessRow:
    type_id: int
    count: int
    closed: int
    on_time: int
    late: int
    open_overdue: int
    lead_days_total: int
    within: tuple[int, ...]


def _closure_days(closures: Sequence[tuple[date, date]], params: dict[str, Any], engine: Any) -> str:
    """SQL for the closed days in (received, answered], as domain.deadlines.lead_time counts
    them. ``closures`` are the calendar's ``closure_ranges`` for a window holding every
    received and answered date: merged, so they never overlap and their days add up."""
    terms = ["0"]
    for i, (start, end) in enumerate(closures):
        params[f"cs{i}"], params[f"ce{i}"] = start, end
        first = engine.greatest(f":cs{i}", engine.next_day("received"))
        last = engine.least(f":ce{i}", "answered")
        terms.append(engine.greatest("0", f"{engine.days_between(first, last)} + 1"))
    return " + ".join(terms)


def timeliness(
    conn: Connection, period: Period, today: date, closures: Sequence[tuple[date, date]],
    thresholds: Sequence[int],
) -> list[TimelinessRow]:
    """Per signal type: received, closed, on time, late, open and overdue on ``today``, lead times.

    ``closures`` come from ``WorkCalendar.closure_ranges`` (report.compute.lead_time_closures);
    "on time" is ``answered <= due``, the stored due date, as domain.deadlines.is_on_time says."""
    engine = engines.of(conn)
    params: dict[str, Any] = {**_range(period), "today": today.isoformat()}
    closure_days = _closure_days(closures, params, engine)
    within = []
    for i, days in enumerate(thresholds):
        params[f"t{i}"] = days
        within.append(f"SUM(CASE WHEN lead <= :t{i} THEN 1 ELSE 0 END)")
    sql = f"""
        WITH c AS (
            SELECT signal_type_id, status = 'closed' AS closed, answered, due,
                   CASE WHEN status = 'closed' THEN {engine.greatest(
                       "0", f"{engine.days_between('received', 'answered')} - ({closure_days})")}
                   END AS lead
            FROM case_file WHERE received BETWEEN :start AND :end
        )
        SELECT signal_type_id, COUNT(*),
               SUM(CASE WHEN closed THEN 1 ELSE 0 END),
               SUM(CASE WHEN closed AND answered <= due THEN 1 ELSE 0 END),
               SUM(CASE WHEN closed AND answered > due THEN 1 ELSE 0 END),
               SUM(CASE WHEN NOT closed AND due < :today THEN 1 ELSE 0 END),
               COALESCE(SUM(lead), 0){''.join(', ' + w for w in within)}
        FROM c GROUP BY signal_type_id
    """
    return [
        # int(): PostgreSQL sums integers as numeric.
        TimelinessRow(row[0], int(row[1]), int(row[2]), int(row[3]), int(row[4]), int(row[5]), int(row[6]),
                      tuple(int(v) for v in row[7:]))
        for row in conn.execute(text(sql), params)
    ]


def extra_actions(conn: Connection, period: Period) -> Iterator[tuple[str, date, str, Key, str, date | None]]:
    """(reference, received, title, category id, action, done) of cases with an extra action."""
    sql = """
        SELECT reference, received, title, category_id, extra_actions, extra_actions_done FROM case_file
        WHERE received BETWEEN :start AND :end AND extra_actions <> ''
        ORDER BY received, id
    """
    for ref, received, title, category, action, done in conn.execute(text(sql), _range(period)):
        yield ref, as_date(received), title, category, action, as_optional_date(done)


ComplaintRow = tuple[str, date, Key, Key, str, str, str, str, date | None]


def complaints(conn: Connection, period: Period, types: Sequence[int], channels: Sequence[int] = ()
               ) -> Iterator[ComplaintRow]:
    """The complaints received in the period, oldest first, with the texts the narrative tells:
    (reference, received, category id, qualification id, title, description, motivation,
    extra action, extra action done). Plain tuples: a big year has tens of thousands."""
    sql = f"""
        SELECT reference, received, category_id, qualification_id, title, description, motivation,
               extra_actions, extra_actions_done
        FROM case_file WHERE received BETWEEN :start AND :end AND {COMPLAINT}
        ORDER BY received, id
    """
    rows = conn.execute(_types_query(sql), _complaint_params(period, types, channels))
    for ref, received, cat, qual, title, desc, motivation, action, done in rows:
        yield ref, as_date(received), cat, qual, title, desc, motivation, action, as_optional_date(done)
