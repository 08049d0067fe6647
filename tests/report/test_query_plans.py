"""The summary's queries read the report's covering index by a received-date range.

Every statement compute_summary runs is captured and explained: none may scan the case
table. (How fast a year of 250,000 cases in a store of a million computes is measured by
benchmarks/run.py, not asserted here: timings are flaky on a shared machine.)
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from klachtendesk.report import compute_summary, year_period
from klachtendesk.store.database import Store

TODAY = date(2026, 11, 27)

def _explained(store: Store, run) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """(statement, query plan) of every SELECT ``run`` sends to the store."""
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(store.sessions.engine, "before_cursor_execute", capture)
    try:
        run()
    finally:
        event.remove(store.sessions.engine, "before_cursor_execute", capture)
    plans = []
    with store.sessions.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for statement, parameters in seen:
            if "case_file" in statement:
                rows = raw.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
                plans.append((statement, [row[3] for row in rows]))
    return plans


def _check_plans(plans: list[tuple[str, list[str]]]) -> None:
    # The summary's eight, and one for each of the fire zone's two chapter tables.
    assert len(plans) == 10, [s for s, _ in plans]
    for statement, plan in plans:
        steps = " | ".join(plan)
        assert "SCAN case_file" not in steps, statement
        if "extra_actions <> ''" in statement:
            assert "USING INDEX ix_case_extra_actions (received>? AND received<?)" in steps
        elif "answered BETWEEN" in statement:
            assert "ix_case_closed_answered (answered>? AND answered<?)" in steps
        elif "description" in statement:  # the narrative's complaints: the texts live in the table rows
            assert "(received>? AND received<?)" in steps
        else:
            assert "USING COVERING INDEX ix_case_report (received>? AND received<?)" in steps, statement


def test_the_aggregates_read_the_report_index_by_received_date(demo):
    period = year_period(demo.settings, 2023)
    _check_plans(_explained(demo, lambda: compute_summary(demo, period.start, period.end, TODAY)))
