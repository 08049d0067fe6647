"""Creating, reading and changing cases, with an event for every change.

Every function takes an open session from ``Store.sessions`` (a write session for
changes) so that a whole import or a transition with its events commits or fails as one.
Saving checks the version the user loaded (optimistic locking): a case changed in the
meantime raises ConflictError naming who changed what, and nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from klachtendesk.domain.dates import format_date
from klachtendesk.domain.deadlines import due_date
from klachtendesk.domain.fields import field_label
from klachtendesk.domain.reference import format_reference
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.domain.workflow import Status, initial_status
from klachtendesk.store.errors import ChangeBy, ConflictError, NotFound, StoreError
from klachtendesk.store.models import Case, Event
from klachtendesk.store.taxonomy import Taxonomy

_KINDS_BY_FIELD = {
    "signal_type_id": "types",
    "channel_id": "channels",
    "entity_id": "entities",
    "category_id": "categories",
    "subcategory_id": "categories",
    "handler_id": "users",
    "qualification_id": "qualifications",
}

#: Fields whose change moves the due date.
_DEADLINE_FIELDS = {"received", "signal_type_id", "extension_days"}


@dataclass
class CaseFields:
    """What a new case is created with: cleaned text, resolved ids."""

    received: date
    signal_type_id: int
    title: str
    description: str = ""
    channel_id: int | None = None
    entity_id: int | None = None
    complainant_name: str = ""
    complainant_email: str = ""
    complainant_phone: str = ""
    complainant_address: str = ""
    anonymous: bool = False
    category_id: int | None = None
    subcategory_id: int | None = None
    handler_id: int | None = None
    repeat_of_id: int | None = None
    line: str = ""
    school: str = ""
    # Filled in when a register with finished cases is imported.
    reference: str = ""
    admissible: bool | None = None
    inadmissible_reason: str = ""
    qualification_id: int | None = None
    motivation: str = ""
    draft_answer: str = ""
    extra_actions: str = ""
    extra_actions_done: date | None = None
    acknowledged: date | None = None
    extension_days: int = 0
    extension_reason: str = ""
    answered: date | None = None
    answer_channel: str = ""


def display_value(session: Session, taxonomy: Taxonomy, name: str, value: Any) -> str:
    """A field's value as a user reads it, for the event log."""
    if value is None or value == "":
        return ""
    if name in _KINDS_BY_FIELD:
        return taxonomy.label(_KINDS_BY_FIELD[name], value) or f"#{value}"
    if name == "repeat_of_id":
        ref = session.exec(select(Case.reference).where(Case.id == value)).first()
        return ref or f"#{value}"
    if name == "status":
        try:
            return Status(value).label
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    return str(value)


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"(\{year[^}]*\}|\{seq[^}]*\})", pattern)
    regex = ""
    for part in parts:
        if part.startswith("{year"):
            regex += r"(?P<year>\d{4})"
        elif part.startswith("{seq"):
            regex += r"(?P<seq>\d+)"
        else:
            regex += re.escape(part)
    return re.compile(f"^{regex}$")


def next_reference(session: Session, settings: Settings, year: int) -> tuple[str, int]:
    """The next free reference of ``year`` and its sequence number."""
    last = session.exec(select(func.max(Case.ref_seq)).where(Case.ref_year == year)).one()
    seq = (last or 0) + 1
    while True:
        reference = format_reference(settings.reference_pattern, year, seq)
        taken = session.exec(select(Case.id).where(Case.reference == reference)).first()
        if taken is None:
            return reference, seq
        seq += 1


def reference_taken(session: Session, reference: str) -> bool:
    return session.exec(select(Case.id).where(Case.reference == reference)).first() is not None


def create_case(
    session: Session,
    data: CaseFields,
    *,
    user: str,
    settings: Settings,
    taxonomy: Taxonomy,
    now: datetime,
    note: str = "Zaak geregistreerd",
) -> Case:
    """Register a case. Raises DomainError when its fields contradict each other."""
    signal_type = taxonomy.type(data.signal_type_id)
    qualification = taxonomy.get("qualifications", data.qualification_id)
    status, admissible = initial_status(
        admissible=data.admissible,
        qualification=qualification.info if qualification else None,
        answered=data.answered,
        answer_channel=data.answer_channel,
        draft_answer=data.draft_answer,
    )
    if data.reference:
        if reference_taken(session, data.reference):
            raise StoreError(f"De referentie {data.reference} bestaat al.")
        reference = data.reference
        match = _pattern_regex(settings.reference_pattern).match(reference)
        if match:
            ref_year, ref_seq = int(match["year"]), int(match["seq"])
            clash = session.exec(
                select(Case.id).where(Case.ref_year == ref_year, Case.ref_seq == ref_seq)
            ).first()
            if clash is not None:  # same number, other spelling: keep the text, not the number
                ref_year, ref_seq = data.received.year, -_free_negative(session)
        else:
            # A reference from another system: kept as text, outside our sequence.
            ref_year, ref_seq = data.received.year, -_free_negative(session)
    else:
        reference, ref_seq = next_reference(session, settings, data.received.year)
        ref_year = data.received.year
    values = {f.name: getattr(data, f.name) for f in fields(CaseFields)}
    values.update(
        reference=reference,
        ref_year=ref_year,
        ref_seq=ref_seq,
        status=status.value,
        admissible=admissible,
        due=due_date(data.received, signal_type.term, settings.calendar, data.extension_days),
        created_at=now,
        updated_at=now,
        created_by=user,
    )
    case = Case(**values)
    session.add(case)
    session.flush()
    session.add(Event(case_id=case.id, at=now, user=user, kind="created", note=note,
                      version=case.version))
    session.flush()
    return case


def _free_negative(session: Session) -> int:
    """Foreign references get negative sequence numbers so they never block ours."""
    lowest = session.exec(select(func.min(Case.ref_seq))).one()
    return max(1, -(lowest or 0) + 1)


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"Zaak #{case_id} bestaat niet (meer).")
    return case


def find_by_reference(session: Session, reference: str) -> Case | None:
    return session.exec(select(Case).where(Case.reference == reference.strip())).first()


def events_for(session: Session, case_id: int) -> list[Event]:
    """The case's timeline, newest first."""
    return list(
        session.exec(select(Event).where(Event.case_id == case_id).order_by(Event.id.desc()))  # type: ignore[union-attr]
    )


def changes_since(session: Session, case_id: int, version: int) -> list[ChangeBy]:
    rows = session.exec(
        select(Event)
        .where(Event.case_id == case_id, Event.version > version)  # type: ignore[operator]
        .where(Event.kind != "note")
        .order_by(Event.id)  # type: ignore[arg-type]
    )
    grouped: dict[tuple[int | None, str], ChangeBy] = {}
    for event in rows:
        key = (event.version, event.user)
        what = field_label(event.field) if event.field else event.kind
        if key in grouped:
            prev = grouped[key]
            fields_ = prev.fields if what in prev.fields else (*prev.fields, what)
            grouped[key] = ChangeBy(prev.user, prev.at, fields_)
        else:
            grouped[key] = ChangeBy(event.user, event.at, (what,))
    return list(grouped.values())


def update_case(
    session: Session,
    case_id: int,
    expected_version: int,
    changes: dict[str, Any],
    *,
    user: str,
    settings: Settings,
    taxonomy: Taxonomy,
    now: datetime,
    note: str = "",
) -> Case:
    """Apply ``changes`` (attribute -> new value) with one event per changed field.

    Raises ConflictError when the case is no longer at ``expected_version``.
    """
    case = get_case(session, case_id)
    if case.version != expected_version:
        raise ConflictError(case.reference, changes_since(session, case_id, expected_version))
    changed: list[tuple[str, Any, Any]] = []
    for name, new in changes.items():
        if not hasattr(Case, name) or name in ("id", "version", "reference"):
            raise ValueError(f"not a changeable case field: {name}")
        if isinstance(new, Status):
            new = new.value
        if isinstance(new, tuple):
            new = "\n".join(new)
        old = getattr(case, name)
        if old != new:
            changed.append((name, old, new))
            setattr(case, name, new)
    if changed and any(name in _DEADLINE_FIELDS for name, _, _ in changed):
        signal_type = taxonomy.type(case.signal_type_id)
        new_due = due_date(case.received, signal_type.term, settings.calendar, case.extension_days)
        if new_due != case.due:
            changed.append(("due", case.due, new_due))
            case.due = new_due
    if not changed and not note:
        return case
    if changed:
        case.updated_at = now
        try:
            session.flush()
        except StaleDataError:
            session.rollback()
            raise ConflictError(case.reference, []) from None
    for name, old, new in changed:
        session.add(Event(
            case_id=case.id, at=now, user=user, kind="changed", field=name,
            old=display_value(session, taxonomy, name, _decode(name, old)),
            new=display_value(session, taxonomy, name, _decode(name, new)),
            version=case.version,
        ))
    if note:
        session.add(Event(case_id=case.id, at=now, user=user, kind="note", note=note,
                          version=case.version))
    session.flush()
    return case


def _decode(name: str, value: Any) -> Any:
    if name == "approvals" and isinstance(value, str):
        return tuple(v for v in value.split("\n") if v)
    return value


def add_note(session: Session, case_id: int, text: str, *, user: str, now: datetime,
             kind: str = "note") -> Event:
    """A note in the timeline; it does not change the case, so it never conflicts."""
    case = get_case(session, case_id)
    event = Event(case_id=case.id, at=now, user=user, kind=kind, note=text, version=case.version)
    session.add(event)
    session.flush()
    return event


def log_store_event(session: Session, kind: str, note: str, *, user: str, now: datetime) -> None:
    """An event about the store as a whole (an export, a retention run)."""
    session.add(Event(case_id=None, at=now, user=user, kind=kind, note=note))
    session.flush()
