"""Files kept with a case, inside the store: a backup holds them, and so does a restore.

Names are cleaned and sizes checked here (``domain.files``), whatever the file came from:
a mail, a path typed in the desk, ``klachtendesk attach`` or a letter the desk made.
Listing reads the files' facts only, never their bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session

from klachtendesk.domain.files import check_size, clean_filename, format_size
from klachtendesk.store.cases import get_case
from klachtendesk.store.errors import NotFound
from klachtendesk.store.models import Attachment, Event

#: Where a file came from, as the case screen names it.
SOURCE_LABELS = {"mail": "uit e-mail", "origineel": "originele e-mail", "bestand": "toegevoegd",
                 "brief": "brief"}


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    case_id: int
    name: str
    content_type: str
    size: int
    source: str
    added_at: datetime
    added_by: str

    @property
    def size_text(self) -> str:
        return format_size(self.size)


def add_attachment(session: Session, case_id: int, name: str, data: bytes, *, user: str, now: datetime,
                   limit_mb: int, content_type: str = "application/octet-stream", source: str = "bestand",
                   message_row_id: int | None = None, log: bool = True) -> AttachmentInfo:
    """Keep ``data`` with the case. Raises DomainError (nothing written) when it is too large."""
    case = get_case(session, case_id)
    name = clean_filename(name)
    check_size(name, len(data), limit_mb)
    row = Attachment(case_id=case_id, message_row_id=message_row_id, name=name,
                     content_type=(content_type or "application/octet-stream")[:200], size=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), source=source, data=data, added_at=now,
                     added_by=user)
    session.add(row)
    session.flush()
    if log:
        session.add(Event(case_id=case_id, at=now, user=user, kind="attachment",
                          note=f"{name} ({format_size(len(data))})", version=case.version))
        session.flush()
    return _info(row)


def _info(row: Attachment) -> AttachmentInfo:
    return AttachmentInfo(row.id, row.case_id, row.name, row.content_type, row.size, row.source,  # type: ignore[arg-type]
                          row.added_at, row.added_by)


_COLUMNS = "id, case_id, name, content_type, size, source, added_at, added_by"


def list_attachments(session: Session, case_id: int) -> list[AttachmentInfo]:
    """The case's files, oldest first, without their bytes."""
    rows = session.connection().execute(text(
        f"SELECT {_COLUMNS} FROM attachment WHERE case_id = :c ORDER BY id"), {"c": case_id}).all()
    return [_row_info(r) for r in rows]


def _row_info(r) -> AttachmentInfo:  # type: ignore[no-untyped-def]
    added = r[6] if isinstance(r[6], datetime) else datetime.fromisoformat(str(r[6]))
    return AttachmentInfo(r[0], r[1], r[2], r[3], r[4], r[5], added, r[7])


def attachment_data(session: Session, attachment_id: int) -> tuple[AttachmentInfo, bytes]:
    row = session.connection().execute(text(
        f"SELECT {_COLUMNS}, data FROM attachment WHERE id = :i"), {"i": attachment_id}).first()
    if row is None:
        raise NotFound(f"Bijlage #{attachment_id} bestaat niet (meer).")
    return _row_info(row), bytes(row[8])
