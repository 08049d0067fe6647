"""Exporting cases as a register (the import format), streamed from SQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, text

from klachtendesk import clock
from klachtendesk.domain.wording import cases
from klachtendesk.domain.workflow import Status
from klachtendesk.register.columns import EXPORT_HEADER
from klachtendesk.register.files import file_format, write_csv, write_xlsx
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.database import Store
from klachtendesk.store.values import as_date

_QUERY = """
SELECT c.reference, c.received, t.label, ch.label, en.label, c.title, c.description,
       c.complainant_name, c.complainant_email, c.complainant_phone, c.complainant_address,
       c.anonymous, cat.label, sub.label, u.name, c.line, c.admissible, c.inadmissible_reason,
       q.label, c.motivation, c.draft_answer, c.extra_actions, c.extra_actions_done,
       c.acknowledged, c.extension_days, c.extension_reason, c.answered, c.answer_channel,
       rep.reference, c.status, c.due
FROM case_file AS c
JOIN signal_type AS t ON t.id = c.signal_type_id
LEFT JOIN channel AS ch ON ch.id = c.channel_id
LEFT JOIN entity AS en ON en.id = c.entity_id
LEFT JOIN category AS cat ON cat.id = c.category_id
LEFT JOIN category AS sub ON sub.id = c.subcategory_id
LEFT JOIN app_user AS u ON u.id = c.handler_id
LEFT JOIN qualification AS q ON q.id = c.qualification_id
LEFT JOIN case_file AS rep ON rep.id = c.repeat_of_id
{where}
ORDER BY c.received, c.id
"""

_DATE_COLUMNS = {1, 22, 23, 26, 30}
_BOOL_COLUMNS = {11, 16}


def register_rows(store: Store, *, year: int | None = None, case_ids: list[int] | None = None,
                  as_dates: bool = False) -> Iterator[list[Any]]:
    """The cases as register rows (EXPORT_HEADER), of one year or of the given ids."""
    where = ""
    params: dict[str, object] = {}
    if year is not None:
        where = "WHERE c.received BETWEEN :start AND :end"
        params = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    elif case_ids is not None:
        where = "WHERE c.id IN :ids"
        params = {"ids": list(case_ids) or [-1]}
    statement = text(_QUERY.format(where=where))
    if case_ids is not None and year is None:
        statement = statement.bindparams(bindparam("ids", expanding=True))
    with store.sessions.read() as session:
        result = session.connection().execution_options(stream_results=True).execute(statement, params)
        for raw in result:
            row = list(raw)
            for i in _DATE_COLUMNS:
                if row[i]:
                    d = as_date(row[i])
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
