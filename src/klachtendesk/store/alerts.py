"""What needs attention: overdue, due soon, not acknowledged in time.

One indexed range over the open cases (the partial index ix_case_open_due), however
large the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text
from sqlmodel import Session

from klachtendesk.domain.deadlines import due_soon_limit
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.store import engines
from klachtendesk.store.values import as_date, as_optional_date


@dataclass(frozen=True)
class Alert:
    case_id: int
    reference: str
    title: str
    received: date
    due: date
    acknowledged: date | None
    overdue: bool
    due_soon: bool
    unacknowledged: bool


@dataclass(frozen=True)
class AlertCounts:
    open: int
    overdue: int
    due_soon: int
    unacknowledged: int

    @property
    def any(self) -> bool:
        return bool(self.overdue or self.due_soon or self.unacknowledged)


def limits(today: date, settings: Settings) -> dict[str, str]:
    return {
        "today": today.isoformat(),
        "soon": due_soon_limit(today, settings.calendar).isoformat(),
        "ack_cutoff": (today - timedelta(days=settings.acknowledgement_days)).isoformat(),
    }


def alerts(session: Session, today: date, settings: Settings, limit: int | None = None) -> list[Alert]:
    """Open cases needing attention, most urgent (earliest due) first."""
    hint = engines.of(session).hint("ix_case_open_due")
    sql = f"""
        SELECT id, reference, title, received, due, acknowledged FROM case_file {hint}
        WHERE status <> 'closed'
          AND (due <= :soon OR (acknowledged IS NULL AND received < :ack_cutoff))
        ORDER BY due, id
    """ + (" LIMIT :limit" if limit else "")
    params: dict[str, object] = dict(limits(today, settings))
    if limit:
        params["limit"] = limit
    found = []
    for row in session.connection().execute(text(sql), params):
        received, due = as_date(row[3]), as_date(row[4])
        acknowledged = as_optional_date(row[5])
        found.append(Alert(
            case_id=row[0], reference=row[1], title=row[2], received=received, due=due,
            acknowledged=acknowledged, overdue=due < today,
            due_soon=today <= due <= date.fromisoformat(params["soon"]),  # type: ignore[arg-type]
            unacknowledged=acknowledged is None and received < date.fromisoformat(params["ack_cutoff"]),  # type: ignore[arg-type]
        ))
    return found


#: Open, overdue, due soon and not acknowledged, over open cases with ``limits``' parameters:
#: the queue's views of the same names (store/queue.py) select by these conditions.
COUNT_COLUMNS = """count(*),
    coalesce(sum(CASE WHEN due < :today THEN 1 ELSE 0 END), 0),
    coalesce(sum(CASE WHEN due >= :today AND due <= :soon THEN 1 ELSE 0 END), 0),
    coalesce(sum(CASE WHEN acknowledged IS NULL AND received < :ack_cutoff THEN 1 ELSE 0 END), 0)"""


def alert_counts(session: Session, today: date, settings: Settings) -> AlertCounts:
    hint = engines.of(session).hint("ix_case_open_due")
    row = session.connection().execute(text(
        f"SELECT {COUNT_COLUMNS} FROM case_file {hint} WHERE status <> 'closed'"), limits(today, settings)).one()
    return AlertCounts(open=row[0], overdue=row[1], due_soon=row[2], unacknowledged=row[3])
