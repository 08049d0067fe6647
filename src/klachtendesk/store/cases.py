"""Creating, reading and changing cases, with an event for every change.

Every function takes an open session from ``Store.sessions`` (a write session for
changes) so that a whole import or a transition with its events commits or fails as one.
Saving checks the version the user loaded: someone else's changes since then merge with
this user's, unless both changed the same field (store/merge.py): then ConflictError names
who changed what and both values, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from klachtendesk.domain import approvals
from klachtendesk.domain.dates import format_date
from klachtendesk.domain.deadlines import due_date
from klachtendesk.domain.facts import check_norms_fit, show_norms
from klachtendesk.domain.fields import field_label
from klachtendesk.domain.reference import format_reference, reference_number
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.domain.workflow import Status, initial_status
from klachtendesk.store import engines, merge
from klachtendesk.store.errors import ChangeBy, ConflictError, NotFound, StoreError
from klachtendesk.store.models import Case, Event
from klachtendesk.store.repeat_links import check_link
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

#: Text columns that hold "" rather than NULL when empty: an optional field left blank
#: (no line picked, no school typed) is saved as "", never refused by the database.
_TEXT_COLUMNS = frozenset(name for name, info in Case.model_fields.items() if info.annotation is str)

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
    # The facts a preset may use (domain/facts.py); ombudsnorms one per line.
    school: str = ""
    solved: str = ""
    ombudsnorms: str = ""
    mediation_result: str = ""
    staff_member: str = ""
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
    if name == "approvals" and isinstance(value, tuple | list):
        return ", ".join(approvals.parse_line(str(line)).text for line in value)
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    if name == "ombudsnorms":
        return show_norms(value)
    return str(value)


class ReferenceNumbers:
    """Hands out references in the organisation's pattern, one year's sequence at a time.

    ``reserved``: references a batch brings itself (an imported register); their numbers
    are skipped. One registration asks the store whether a made reference is taken (a
    reference from another system may have that text); a batch of thousands trusts the
    sequence instead, as its references are checked against the store beforehand.
    """

    def __init__(self, session: Session, settings: Settings, *, reserved: list[str] | None = None) -> None:
        self.session = session
        self.pattern = settings.reference_pattern
        self._last: dict[int, int] = {}
        self._lowest: int | None = None
        self._reserved = set(reserved or ())
        self._claimed: set[tuple[int, int]] = set()
        self._check_store = reserved is None
        for reference in list(self._reserved):
            self.reserve(reference)

    def reserve(self, reference: str) -> tuple[int, int] | None:
        """A reference the batch brings: ``next`` skips it (and numbers after it). Returns
        its (year, sequence number) when it is in the pattern."""
        self._reserved.add(reference)
        parts = self.parts(reference)
        if parts:
            self._claimed.add(parts)
            if parts[1] > self.last(parts[0]):
                self._last[parts[0]] = parts[1]
        return parts

    def parts(self, reference: str) -> tuple[int, int] | None:
        """(year, sequence number) of a reference in the pattern, else None (also when the
        number is too large to be one of ours: ``2026-99999999999999999999``)."""
        return reference_number(self.pattern, reference)

    def last(self, year: int) -> int:
        if year not in self._last:
            # Over every case, also those the login may not see (the engine says how).
            # References from other systems count below 0.
            self._last[year] = max(engines.of(self.session).last_sequence(self.session, year) or 0, 0)
        return self._last[year]

    def next(self, year: int) -> tuple[str, int]:
        """The next free reference of ``year`` and its sequence number."""
        seq = self.last(year)
        while True:
            seq += 1
            reference = format_reference(self.pattern, year, seq)
            if reference in self._reserved or (year, seq) in self._claimed:
                continue
            if self._check_store and reference_taken(self.session, reference):
                continue
            self._last[year] = seq
            self._reserved.add(reference)
            return reference, seq

    def foreign(self) -> int:
        """A sequence number for a reference from another system: negative, so it never
        blocks ours."""
        if self._lowest is None:
            self._lowest = min(engines.of(self.session).lowest_sequence(self.session) or 0, 0)
        self._lowest -= 1
        return self._lowest


def next_reference(session: Session, settings: Settings, year: int) -> tuple[str, int]:
    """The next free reference of ``year`` and its sequence number."""
    return ReferenceNumbers(session, settings).next(year)


def reference_taken(session: Session, reference: str) -> bool:
    """Is the reference any case's, also one the login may not see?"""
    return bool(engines.of(session).reference_taken(session, reference))


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
        qualification_required=signal_type.needs_qualification,
    )
    numbers = ReferenceNumbers(session, settings)
    check_norms_fit(data.ombudsnorms, qualification.founded if qualification else None)
    check_link(session, None, "", data.received, data.repeat_of_id)
    if data.reference:
        if reference_taken(session, data.reference):
            raise StoreError(f"De referentie {data.reference} bestaat al.")
        reference = data.reference
        parts = numbers.parts(reference)
        if parts:
            ref_year, ref_seq = parts
            # Same number, other spelling: keep the text, not the number.
            if engines.of(session).sequence_taken(session, ref_year, ref_seq):
                ref_year, ref_seq = data.received.year, numbers.foreign()
        else:
            # A reference from another system: kept as text, outside our sequence.
            ref_year, ref_seq = data.received.year, numbers.foreign()
    else:
        reference, ref_seq = numbers.next(data.received.year)
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


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        if engines.of(session).NAME == "postgresql":  # row-level security hides it too
            raise NotFound(f"Zaak #{case_id} is er niet (meer) voor jou: ze werd verwijderd, of je hebt geen "
                           "toegang (meer) tot haar entiteit. Wat je typte is niet bewaard.")
        raise NotFound(f"Zaak #{case_id} bestaat niet (meer).")
    return case


def find_by_reference(session: Session, reference: str) -> Case | None:
    return session.exec(select(Case).where(Case.reference == reference.strip())).first()


def events_for(session: Session, case_id: int) -> list[Event]:
    """The case's timeline, newest first."""
    return list(
        session.exec(select(Event).where(Event.case_id == case_id).order_by(Event.id.desc()))  # type: ignore[union-attr]
    )


def timelines(session: Session, case_ids: list[int]) -> list[tuple[str, Event]]:
    """(case reference, event) of every event of the given cases, in the order they happened."""
    found: list[tuple[str, Event]] = []
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        rows = session.exec(select(Case.reference, Event).join(Case, Case.id == Event.case_id)  # type: ignore[arg-type]
                            .where(col(Event.case_id).in_(chunk)))
        found.extend((str(reference), event) for reference, event in rows)
    found.sort(key=lambda pair: pair[1].id or 0)
    return found


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

    ``expected_version`` is the version the user loaded. When someone changed the case
    since, their changes to other fields are kept and these are applied on top; a field
    they changed too, to another value, refuses the whole save with a ConflictError that
    names both values (store/merge.py).
    """
    case = get_case(session, case_id)
    wanted: dict[str, Any] = {}
    for name, new in changes.items():
        if not hasattr(Case, name) or name in ("id", "version", "reference"):
            raise ValueError(f"not a changeable case field: {name}")
        if isinstance(new, Status):
            new = new.value
        if isinstance(new, tuple):
            new = "\n".join(new)
        if new is None and name in _TEXT_COLUMNS:
            new = ""
        wanted[name] = new
    if case.version != expected_version:
        clashes = merge.clashes(session, case, expected_version, wanted,
                                lambda name, value: display_value(session, taxonomy, name, _decode(name, value)))
        if clashes:
            raise ConflictError(case.reference, changes_since(session, case_id, expected_version), clashes)
    repeat_of, received = wanted.get("repeat_of_id", case.repeat_of_id), wanted.get("received", case.received)
    if (repeat_of, received) != (case.repeat_of_id, case.received):
        check_link(session, case.id, case.reference, received, repeat_of)
    changed: list[tuple[str, Any, Any]] = []
    for name, new in wanted.items():
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


def received_years(session: Session) -> list[int]:
    """Every year from the first case received to the last (empty store: none)."""
    from klachtendesk.store.values import as_date

    first, last = session.exec(select(func.min(Case.received), func.max(Case.received))).one()
    if first is None:
        return []
    return list(range(as_date(first).year, as_date(last).year + 1))


@dataclass(frozen=True)
class CaseRef:
    """A case as a link names it: its id, reference and title."""

    id: int
    reference: str
    title: str


def case_ref(session: Session, case_id: int) -> CaseRef | None:
    row = session.exec(select(Case.id, Case.reference, Case.title).where(Case.id == case_id)).first()
    return CaseRef(*row) if row else None


def repeats_of(session: Session, case_id: int) -> list[CaseRef]:
    """The cases that repeat this one, oldest first."""
    rows = session.exec(select(Case.id, Case.reference, Case.title).where(Case.repeat_of_id == case_id)
                        .order_by(col(Case.received), col(Case.id)))
    return [CaseRef(*row) for row in rows]
