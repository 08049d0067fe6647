"""The register's rows as the export writes them: every case with its labels, streamed.

The columns are register/columns.py's EXPORT_HEADER, in order; register/exporter.py
formats the values (dates, yes/no, status labels). Dates come back as ``date`` on both
engines.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import bindparam, text
from sqlmodel import Session

from klachtendesk.store.hidden_columns import hidden
from klachtendesk.store.values import as_date

QUERY = """
SELECT c.reference, c.received, t.label, ch.label, en.label, c.title, c.description,
       c.complainant_name, c.complainant_email, c.complainant_phone, c.complainant_address,
       c.anonymous, cat.label, sub.label, u.name, c.line, c.admissible, c.inadmissible_reason,
       q.label, c.motivation, c.draft_answer, c.extra_actions, c.extra_actions_done,
       c.acknowledged, c.extension_days, c.extension_reason, c.answered, c.answer_channel,
       rep.reference, c.status, c.due, c.school, c.solved, c.ombudsnorms, c.mediation_result, {staff}
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

#: Positions of the date columns in a record.
DATE_COLUMNS = (1, 22, 23, 26, 30)


def register_records(session: Session, *, period: tuple[date, date] | None = None,
                     case_ids: list[int] | None = None) -> Iterator[list[Any]]:
    """The cases received in ``period`` (first and last day), or of the given ids, or all;
    received order. After the register's columns come status, due date and the facts
    (school, solved, ombudsnorms, mediation result, staff member)."""
    where = ""
    params: dict[str, object] = {}
    if period is not None:
        where = "WHERE c.received BETWEEN :start AND :end"
        params = {"start": period[0].isoformat(), "end": period[1].isoformat()}
    elif case_ids is not None:
        where = "WHERE c.id IN :ids"
        params = {"ids": list(case_ids) or [-1]}
    # A team server login that may not read the staff member gets it empty (store/hidden_columns.py).
    staff = "''" if "staff_member" in hidden(session) else "c.staff_member"
    statement = text(QUERY.format(where=where, staff=staff))
    if case_ids is not None and period is None:
        statement = statement.bindparams(bindparam("ids", expanding=True))
    result = session.connection().execution_options(stream_results=True).execute(statement, params)
    for raw in result:
        row = list(raw)
        for i in DATE_COLUMNS:
            if row[i] is not None and row[i] != "":
                row[i] = as_date(row[i])
        yield row


def register_count(session: Session, *, period: tuple[date, date] | None = None) -> int:
    """How many cases ``register_records`` gives for ``period`` (or all): for progress."""
    if period is None:
        return int(session.connection().execute(text("SELECT count(*) FROM case_file")).scalar() or 0)
    found = session.connection().execute(
        text("SELECT count(*) FROM case_file WHERE received BETWEEN :start AND :end"),
        {"start": period[0].isoformat(), "end": period[1].isoformat()}).scalar()
    return int(found or 0)
