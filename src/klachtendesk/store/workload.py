"""The workload per handler: open, overdue, due soon and unacknowledged cases.

One GROUP BY over the open cases (the partial index ``ix_case_open_handler_due``), with the
counts the status bar and the queue's views use (store/alerts.py): a handler's "te laat" is
exactly the list the queue's overdue view shows filtered to that handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlmodel import Session

from klachtendesk.domain.taxonomy import Settings
from klachtendesk.store import engines
from klachtendesk.store.alerts import COUNT_COLUMNS, limits


@dataclass(frozen=True)
class HandlerLoad:
    handler_id: int | None  # None: cases nobody is assigned to yet
    open: int
    overdue: int
    due_soon: int
    unacknowledged: int


def workload(session: Session, today: date, settings: Settings) -> list[HandlerLoad]:
    """Per handler with open cases (and the unassigned ones), in no particular order."""
    hint = engines.of(session).hint("ix_case_open_handler_due")
    rows = session.connection().execute(text(
        f"SELECT handler_id, {COUNT_COLUMNS} FROM case_file {hint} WHERE status <> 'closed' "
        "GROUP BY handler_id"), limits(today, settings)).all()
    return [HandlerLoad(r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows]
