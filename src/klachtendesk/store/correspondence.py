"""Mail read into cases and letters made for them: the ``mail_message`` and ``letter`` rows.

A mail is known by its Message-ID: read again, it is skipped; a reply that names one (in
In-Reply-To or References) belongs to that mail's case. Letters are kept as attachments
(``store/attachments.py``) with a ``letter`` row saying which kind they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from klachtendesk.domain import approvals
from klachtendesk.store.attachments import add_attachment
from klachtendesk.store.cases import get_case
from klachtendesk.store.models import Event, Letter, MailMessage

LETTER_KINDS = {"ontvangstmelding": "ontvangstmelding", "antwoord": "antwoord", "afsluiting": "afsluitingsbrief"}


def case_of_message(session: Session, message_id: str) -> tuple[int, str] | None:
    """(case id, reference) of the case that holds this Message-ID, or None."""
    row = session.connection().execute(text(
        "SELECT c.id, c.reference FROM mail_message AS m JOIN case_file AS c ON c.id = m.case_id "
        "WHERE m.message_id = :m"), {"m": message_id}).first()
    return (row[0], row[1]) if row else None


def case_of_replies(session: Session, message_ids: tuple[str, ...]) -> tuple[int, str] | None:
    """The case of the nearest message a reply names (In-Reply-To first, then References)."""
    for message_id in message_ids:
        found = case_of_message(session, message_id)
        if found is not None:
            return found
    return None


def add_message(session: Session, case_id: int, *, message_id: str, direction: str, sender: str = "",
                recipient: str = "", subject: str = "", sent_at: datetime | None = None, forwarded_by: str = "",
                user: str, now: datetime, note: str = "") -> MailMessage:
    """Record a mail of the case; with ``note``, also a line in its timeline."""
    case = get_case(session, case_id)
    row = MailMessage(case_id=case_id, message_id=message_id, direction=direction, sender=sender,
                      recipient=recipient, subject=subject, sent_at=sent_at, forwarded_by=forwarded_by,
                      created_at=now, created_by=user)
    session.add(row)
    session.flush()
    if note:
        session.add(Event(case_id=case_id, at=now, user=user, kind="mail_in" if direction == "in" else "mail_out",
                          note=note, version=case.version))
        session.flush()
    return row


def messages_for(session: Session, case_id: int) -> list[MailMessage]:
    return list(session.exec(select(MailMessage).where(MailMessage.case_id == case_id)
                             .order_by(col(MailMessage.id))))


def last_incoming(session: Session, case_id: int) -> MailMessage | None:
    return session.exec(select(MailMessage).where(MailMessage.case_id == case_id, MailMessage.direction == "in")
                        .order_by(col(MailMessage.id).desc())).first()


@dataclass(frozen=True)
class LetterInfo:
    id: int
    kind: str
    format: str
    attachment_id: int
    name: str
    size: int
    created_at: datetime
    created_by: str


def add_letter(session: Session, case_id: int, *, kind: str, fmt: str, name: str, data: bytes, content_type: str,
               user: str, now: datetime, limit_mb: int, message_row_id: int | None = None) -> LetterInfo:
    """Keep a letter (or e-mail draft) the desk made, and say so in the timeline."""
    case = get_case(session, case_id)
    attachment = add_attachment(session, case_id, name, data, user=user, now=now, limit_mb=limit_mb,
                                content_type=content_type, source="brief", log=False)
    row = Letter(case_id=case_id, kind=kind, format=fmt, attachment_id=attachment.id,
                 message_row_id=message_row_id, created_at=now, created_by=user)
    session.add(row)
    session.flush()
    what = "e-mail" if fmt == "eml" else "brief"
    session.add(Event(case_id=case_id, at=now, user=user, kind="letter",
                      note=f"{LETTER_KINDS.get(kind, kind)} gemaakt als {what} ({attachment.name})",
                      version=case.version))
    session.flush()
    return LetterInfo(row.id, kind, fmt, attachment.id, attachment.name, attachment.size, now, user)  # type: ignore[arg-type]


def letters_for(session: Session, case_id: int) -> list[LetterInfo]:
    rows = session.connection().execute(text(
        "SELECT l.id, l.kind, l.format, l.attachment_id, a.name, a.size, l.created_at, l.created_by "
        "FROM letter AS l JOIN attachment AS a ON a.id = l.attachment_id WHERE l.case_id = :c ORDER BY l.id"),
        {"c": case_id}).all()
    return [LetterInfo(r[0], r[1], r[2], r[3], r[4], r[5],
                       r[6] if isinstance(r[6], datetime) else datetime.fromisoformat(str(r[6])), r[7])
            for r in rows]


def approvers(session: Session, case_id: int) -> list[tuple[str, str]]:
    """(approval step, who gave it) for the approvals the case has now.

    ``Case.approvals`` names who approved each step (domain/approvals.py); for a step
    recorded before it did, the user of the event that added the step is taken.
    """
    recorded = approvals.parse(get_case(session, case_id).approvals)
    if all(a.by for a in recorded):
        return [(a.step, a.by) for a in recorded]
    from_events = dict(_recorders(session, case_id))
    return [(a.step, a.by or from_events.get(a.step, "")) for a in recorded]


def _recorders(session: Session, case_id: int) -> list[tuple[str, str]]:
    """(step, who recorded it) from the timeline: the user of the event that added it."""
    events = session.exec(select(Event).where(Event.case_id == case_id, Event.field == "approvals")
                          .order_by(col(Event.id))).all()
    given: dict[str, str] = {}
    for event in events:
        old = {s.strip() for s in event.old.split(",") if s.strip()}
        new = [s.strip() for s in event.new.split(",") if s.strip()]
        if not new:
            given.clear()
            continue
        for step in list(given):
            if step not in new:
                del given[step]
        for step in new:
            if step not in old or step not in given:
                given.setdefault(step, event.user)
    return list(given.items())
