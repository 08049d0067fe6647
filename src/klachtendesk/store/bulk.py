"""Registering many cases at once (an imported register), and the labels and users they need.

``insert_cases`` writes a checked batch inside the caller's write transaction: one
executemany for the cases, one INSERT ... SELECT for their ``created`` events, the repeat
links afterwards (a row may repeat one later in the same file). References follow the
same rules as ``create_case``: a reference in the organisation's pattern keeps its number,
a reference from another system is kept as text outside the sequence, and an empty one gets
the next number of its year (``cases.ReferenceNumbers``, shared with ``create_case``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, bindparam, insert, literal, tuple_, update
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from klachtendesk.domain.deadlines import due_date
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.domain.workflow import initial_status
from klachtendesk.store.cases import CaseFields, ReferenceNumbers
from klachtendesk.store.models import Case, Category, Channel, Entity, Event, Qualification, SignalType, User
from klachtendesk.store.taxonomy import Taxonomy
from klachtendesk.store.values import as_date

_CASE_FIELD_NAMES = {f.name for f in fields(CaseFields)}


@dataclass
class NewCase:
    """One checked row of a register: the case's fields, its handler, the case it repeats."""

    fields: CaseFields
    handler_id: int | None = None
    repeat_of: str = ""  # the reference of an earlier case (in the store or in the same batch)


def existing_references(session: Session, references: list[str]) -> set[str]:
    """Which of ``references`` the store already has."""
    found: set[str] = set()
    for start in range(0, len(references), 500):
        chunk = references[start:start + 500]
        found.update(session.exec(select(col(Case.reference)).where(col(Case.reference).in_(chunk))).all())
    return found


def received_by_reference(session: Session, references: list[str]) -> dict[str, date]:
    """The received date of each of ``references`` the store has."""
    found: dict[str, date] = {}
    unique = sorted(set(references))
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        rows = session.exec(select(col(Case.reference), col(Case.received)).where(col(Case.reference).in_(chunk)))
        found.update((reference, as_date(received)) for reference, received in rows)
    return found


def references_by_number(session: Session, numbers: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The stored reference of each (year, sequence number) the store has: "2023-001" and
    "2023-0001" are one number, and the store keeps each number once."""
    found: dict[tuple[int, int], str] = {}
    unique = sorted(set(numbers))
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        rows = session.exec(select(col(Case.ref_year), col(Case.ref_seq), col(Case.reference))
                            .where(tuple_(col(Case.ref_year), col(Case.ref_seq)).in_(chunk)))
        found.update(((year, seq), reference) for year, seq, reference in rows)
    return found


def ensure_users(session: Session, names: set[str]) -> dict[str, int]:
    """The id of every user named (matched ignoring case and spacing), new ones created."""
    known = {label_key(u.name): u.id for u in session.exec(select(User))}
    out: dict[str, int] = {}
    for name in sorted(names):
        key = label_key(name)
        if key not in known:
            session.execute(insert(User).values(name=name, active=True))
            known[key] = session.exec(select(col(User.id)).where(col(User.name) == name)).one()
        out[name] = known[key]  # type: ignore[assignment]
    return out


_LABEL_TABLES: dict[str, Any] = {"channels": Channel, "entities": Entity}


def add_label(session: Session, kind: str, label: str) -> None:
    """A label an imported register uses and the taxonomy lacks, at the end of its list."""
    if kind == "categories":
        session.execute(insert(Category).values(label=label, description="", position=999, active=True))
    elif kind == "types":
        session.execute(insert(SignalType).values(
            label=label, complaint="klacht" in label_key(label), term_days=45, term_unit="kalenderdagen",
            max_extension=0, position=999, active=True))
    elif kind == "qualifications":
        admissible = not label_key(label).startswith("niet ontvankelijk")
        session.execute(insert(Qualification).values(
            label=label, description="", admissible=admissible, founded="", position=999, active=True))
    else:
        session.execute(insert(_LABEL_TABLES[kind]).values(label=label, position=999, active=True))


def add_subcategory(session: Session, parent_id: int, label: str) -> None:
    session.execute(insert(Category).values(label=label, parent_id=parent_id, description="", position=999,
                                            active=True))


def insert_cases(session: Session, cases: list[NewCase], *, settings: Settings, taxonomy: Taxonomy, user: str,
                 now: datetime, note: str) -> int:
    """Write a checked batch of new cases with a ``created`` event each (``note``)."""
    if not cases:
        return 0
    numbers = ReferenceNumbers(session, settings, reserved=[c.fields.reference for c in cases if c.fields.reference])
    max_id = session.exec(select(col(Case.id)).order_by(col(Case.id).desc()).limit(1)).first() or 0
    dues: dict[tuple[date, int, int], date] = {}  # the deadline engine per (received, type, extension)
    values: list[dict[str, Any]] = []
    for new in cases:
        f = new.fields
        qualification = taxonomy.get("qualifications", f.qualification_id)
        status, admissible = initial_status(
            admissible=f.admissible, qualification=qualification.info if qualification else None,
            answered=f.answered, answer_channel=f.answer_channel, draft_answer=f.draft_answer,
            qualification_required=taxonomy.type(f.signal_type_id).needs_qualification)
        if f.reference:
            reference = f.reference
            parts = numbers.parts(reference)
            ref_year, ref_seq = parts if parts else (f.received.year, numbers.foreign())
        else:
            reference, ref_seq = numbers.next(f.received.year)
            ref_year = f.received.year
        record = {name: getattr(f, name) for name in _CASE_FIELD_NAMES}
        key = (f.received, f.signal_type_id, f.extension_days)
        if key not in dues:
            dues[key] = due_date(f.received, taxonomy.type(f.signal_type_id).term, settings.calendar,
                                 f.extension_days)
        record.update(
            reference=reference, ref_year=ref_year, ref_seq=ref_seq, status=status.value,
            admissible=admissible, handler_id=new.handler_id, due=dues[key],
            version=1, created_at=now, updated_at=now, created_by=user, repeat_of_id=None,
        )
        values.append(record)
    _insert_rows(session, values)
    repeats = [{"earlier": new.repeat_of, "me": record["reference"]}
               for new, record in zip(cases, values, strict=True) if new.repeat_of]
    if repeats:
        table = Case.__table__  # type: ignore[attr-defined]
        other = table.alias("earlier_case")
        earlier = select_columns(other.c.id).where(other.c.reference == bindparam("earlier")).scalar_subquery()
        session.connection().execute(
            update(table).where(table.c.reference == bindparam("me")).values(repeat_of_id=earlier), repeats)
    session.execute(
        insert(Event).from_select(
            ["case_id", "at", "user", "kind", "note", "version"],
            select_columns(col(Case.id), literal(now.astimezone(UTC).replace(tzinfo=None), DateTime),
                   literal(user, String), literal("created", String), literal(note, String), literal(1, Integer))
            .where(col(Case.id) > max_id),
        )
    )
    return len(values)


def _insert_rows(session: Session, values: list[dict[str, Any]]) -> None:
    """One driver-level executemany of the case rows.

    The ORM's (and Core's) per-row parameter handling cost more than SQLite's own work on
    a large register; here only the columns whose type converts values (dates, booleans,
    timestamps) go through SQLAlchemy's processors, so the stored values stay identical.
    """
    table = Case.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect
    columns = [c for c in table.columns if not c.primary_key]
    names = [c.name for c in columns]
    defaults = {c.name: c.default.arg for c in columns if c.default is not None and c.default.is_scalar}
    convert = [(i, p) for i, c in enumerate(columns)
               if (p := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    rows = []
    for record in values:
        row = [record[name] if name in record else defaults.get(name) for name in names]
        for i, process in convert:
            if row[i] is not None:
                row[i] = process(row[i])
        rows.append(tuple(row))
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    session.connection().exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([marker] * len(names))})", rows)
