"""Exporting cases as a register (the import format), streamed from the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from klachtendesk import clock
from klachtendesk.domain.wording import cases
from klachtendesk.domain.workflow import Status
from klachtendesk.register.columns import EXPORT_HEADER
from klachtendesk.register.files import file_format, write_csv, write_xlsx
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.database import Store
from klachtendesk.store.register_rows import DATE_COLUMNS, register_records

_BOOL_COLUMNS = {11, 16}


def register_rows(store: Store, *, year: int | None = None, case_ids: list[int] | None = None,
                  as_dates: bool = False) -> Iterator[list[Any]]:
    """The cases as register rows (EXPORT_HEADER), of one year or of the given ids."""
    with store.sessions.read() as session:
        result = register_records(session, year=year, case_ids=case_ids)
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
            yield ["" if v is None else v for v in row]


def export_register(store: Store, path: Path, *, user: str, year: int | None = None) -> int:
    kind = file_format(path)
    if kind == ".xlsx":
        count = write_xlsx(path, EXPORT_HEADER, register_rows(store, year=year, as_dates=True))
    else:
        count = write_csv(path, EXPORT_HEADER, register_rows(store, year=year))
    with store.sessions.write() as session:
        scope = f" van {year}" if year else ""
        log_store_event(session, "exported", f"{cases(count)}{scope} geëxporteerd naar {path.name}",
                        user=user, now=clock.now())
    return count
