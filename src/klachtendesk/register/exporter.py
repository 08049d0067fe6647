"""Exporting cases as a register (the import format), streamed from SQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from klachtendesk import clock
from klachtendesk.domain import facts
from klachtendesk.domain.dates import format_date
from klachtendesk.domain.facts import show_norms
from klachtendesk.domain.store_events import destination
from klachtendesk.domain.wording import cases
from klachtendesk.domain.workflow import Status
from klachtendesk.outfile import store_files
from klachtendesk.progress import Progress, no_progress
from klachtendesk.register.columns import export_header, exported_facts
from klachtendesk.register.files import file_format
from klachtendesk.sheets.write import write_csv, write_xlsx
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.database import Store
from klachtendesk.store.register_rows import DATE_COLUMNS, register_count, register_records

_BOOL_COLUMNS = {11, 16}
_BASE = 31  # the register's columns and status, termijn; the facts follow in the query
_FACT_ORDER = (facts.SCHOOL, facts.SOLVED, facts.OMBUDSNORMS, facts.MEDIATION_RESULT, facts.STAFF_MEMBER)


def register_rows(store: Store, *, year: int | None = None, case_ids: list[int] | None = None,
                  as_dates: bool = False, include_staff_member: bool = False) -> Iterator[list[Any]]:
    """The cases as register rows (``export_header``), of one report year or of the given ids.

    ``year`` is the organisation's report year (the police's 2023 runs to 18/1/2024)."""
    wanted = [_FACT_ORDER.index(f) for f in exported_facts(store.settings, include_staff_member=include_staff_member)]
    period = store.settings.period_for_year(year) if year is not None else None
    with store.sessions.read() as session:
        result = register_records(session, period=period, case_ids=case_ids)
        for raw in result:
            row = list(raw)
            for i in DATE_COLUMNS:
                d = row[i]
                if d:
                    row[i] = d if as_dates else f"{d.day}/{d.month}/{d.year}"
            for i in _BOOL_COLUMNS:
                row[i] = "" if row[i] is None else ("ja" if row[i] else "nee")
            row[24] = row[24] or ""
            row[29] = Status(row[29]).label
            fact_values = row[_BASE:]
            fact_values[2] = show_norms(fact_values[2])
            out = row[:29] + [fact_values[i] for i in wanted] + row[29:_BASE]
            yield ["" if v is None else v for v in out]


def _counted(rows: Iterator[list[Any]], total: int, progress: Progress) -> Iterator[list[Any]]:
    done = 0
    progress(0, total)
    for row in rows:
        yield row
        done += 1
        if done % 1000 == 0:
            progress(done, max(total, done))
    progress(done, max(total, done))


def export_register(store: Store, path: Path, *, user: str, year: int | None = None,
                    include_staff_member: bool = False, force: bool = False,
                    progress: Progress = no_progress) -> int:
    """Write the register (of one report year) to ``path``; the involved staff member only
    when ``include_staff_member`` says so, which the event log then records.
    ``progress(rows written, rows in all)`` follows the writing."""
    kind = file_format(path)
    header = export_header(store.settings, include_staff_member=include_staff_member)
    rows = register_rows(store, year=year, as_dates=kind == ".xlsx", include_staff_member=include_staff_member)
    if progress is not no_progress:
        period = store.settings.period_for_year(year) if year is not None else None
        with store.sessions.read() as session:
            total = register_count(session, period=period)
        rows = _counted(rows, total, progress)
    protect = store_files(store.path)
    count = write_xlsx(path, header, rows, force=force, protect=protect) if kind == ".xlsx" \
        else write_csv(path, header, rows, force=force, protect=protect)
    with store.sessions.write() as session:
        scope = ""
        if year:
            start, end = store.settings.period_for_year(year)
            calendar_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            scope = f" van {year}" + ("" if calendar_year else f" ({format_date(start)}–{format_date(end)})")
        staff = " met de betrokken medewerkers" if include_staff_member and store.settings.uses(facts.STAFF_MEMBER) \
            else ""
        log_store_event(session, "exported", f"{cases(count)}{scope} geëxporteerd {destination(True, kind[1:])}{staff}",
                        user=user, now=clock.now())
    return count
