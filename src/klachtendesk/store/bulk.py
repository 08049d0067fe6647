"""Registering many cases at once (an imported register), and the labels and users they need.

``CaseWriter`` writes a checked register in batches inside the caller's write transaction:
an executemany per batch for the cases, then one INSERT ... SELECT for their ``created``
events and the repeat links (a row may repeat one later in the same file). References
follow the same rules as ``create_case``: a reference in the organisation's pattern keeps
its number, a reference from another system is kept as text outside the sequence, and an
empty one gets the next number of its year (``cases.ReferenceNumbers``, shared with
``create_case``).
"""

from __future__ import annotations

import concurrent.futures
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import fields
from datetime import UTC, date, datetime
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import DateTime, Integer, String, bindparam, insert, literal, tuple_, update
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from klachtendesk.domain.deadlines import due_date
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.domain.workflow import Status, initial_status
from klachtendesk.store import engines
from klachtendesk.store.cases import CaseFields, ReferenceNumbers
from klachtendesk.store.models import Case, Category, Channel, Entity, Event, Qualification, SignalType, User
from klachtendesk.store.taxonomy import Taxonomy
from klachtendesk.store.values import as_date

_CASE_FIELD_NAMES = {f.name for f in fields(CaseFields)}


class NewCase(NamedTuple):
    """One checked row of a register: the case's fields, its handler, the case it repeats."""

    fields: CaseFields
    handler_id: int | None = None
    repeat_of: str = ""  # the reference of an earlier case (in the store or in the same batch)


def existing_references(session: Session, references: list[str]) -> set[str]:
    """Which of ``references`` the store already has."""
    found: set[str] = set()
    connection = session.connection()
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    for start in range(0, len(references), 500):
        chunk = tuple(references[start:start + 500])
        statement = f"SELECT reference FROM case_file WHERE reference IN ({', '.join([marker] * len(chunk))})"
        found.update(row[0] for row in connection.exec_driver_sql(statement, chunk))
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


#: Marks a case written without a reference: it gets its number when the whole register
#: is in (a later row may bring a reference that number must skip). Cleaned text never
#: holds a control character, so no reference from a file can look like this.
_PENDING = "\x1f"

#: The columns the writer fills itself; the others come from CaseFields or their default.
_COMPUTED = ("reference", "ref_year", "ref_seq", "status", "admissible", "handler_id", "due", "repeat_of_id")
_CONSTANT = ("version", "created_at", "updated_at", "created_by")


#: Cases put in the full-text index per statement.
INDEX_EVERY = 50_000


class CaseWriter:
    """Writes checked cases of one register in batches, inside the caller's write transaction.

    ``write`` inserts a batch with one driver-level executemany (the ORM's per-row work
    cost more than the database's on a large register); ``finish`` numbers the cases that
    came without a reference, links the repeats (a row may repeat one later in the file),
    adds a ``created`` event per case in one INSERT ... SELECT and puts the full-text
    triggers back. On SQLite the index's insert triggers are set aside meanwhile and each
    batch is indexed in one statement per index (three times faster than row by row); the
    triggers are dropped and made again inside the same transaction, so a failure or a
    crash leaves the schema as it was. References follow the rules of ``create_case``
    (``cases.ReferenceNumbers``): the cases without one are numbered in ``finish``, when
    every reference the register brings is known.

    The database's part of a batch runs on a thread of its own while the caller prepares
    the next one (the driver lets go of the interpreter while the database works): a
    second core halves the wait. The session is used by one thread at a time: call
    ``wait`` before using it yourself; leaving the ``with`` block waits too.
    """

    def __init__(self, session: Session, *, settings: Settings, taxonomy: Taxonomy, user: str, now: datetime,
                 note: str) -> None:
        self.session = session
        self.settings = settings
        self.taxonomy = taxonomy  # replaced by the importer when it adds labels
        self.user, self.now, self.note = user, now, note
        self.numbers = ReferenceNumbers(session, settings, reserved=[])
        self.max_id = session.exec(select(col(Case.id)).order_by(col(Case.id).desc()).limit(1)).first() or 0
        self.written = 0
        self._pending: list[tuple[str, int]] = []  # (placeholder, year) in register order
        self._repeats: list[dict[str, str]] = []
        self._dues: dict[tuple[date, int, int], date] = {}  # the deadline engine per (received, type, extension)
        self._connection = session.connection()
        self._engine = engines.of(session)
        self._search = self._engine.pause_search_index(self._connection)
        self._indexed, self._unindexed = self.max_id, 0
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="register-writer")
        self._job: Future[None] | None = None
        table = Case.__table__  # type: ignore[attr-defined]
        dialect = session.get_bind().dialect
        columns = {c.name: c for c in table.columns if not c.primary_key}
        from_fields = [name for name in columns if name in _CASE_FIELD_NAMES and name not in _COMPUTED]
        rest = [name for name in columns if name not in from_fields and name not in _COMPUTED
                and name not in _CONSTANT]
        self._fields = attrgetter(*from_fields)
        names = [*from_fields, *_COMPUTED, *_CONSTANT, *rest]
        processors = {name: p for name, c in columns.items()
                      if (p := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None}
        constants = [1, now, now, user] + [columns[n].default.arg if columns[n].default is not None
                                           and columns[n].default.is_scalar else None for n in rest]
        self._tail = tuple(processors[name](value) if name in processors and value is not None else value
                           for name, value in zip((*_CONSTANT, *rest), constants, strict=True))
        # A register repeats its dates: each column's converted values are kept.
        converted = names[:len(from_fields) + len(_COMPUTED)]
        self._convert: list[tuple[int, Any, dict[Any, Any]]] = [
            (i, processors[name], {}) for i, name in enumerate(converted) if name in processors]
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        self._insert = (f"INSERT INTO {table.name} ({', '.join(names)}) "
                        f"VALUES ({', '.join([marker] * len(names))})")

    def __enter__(self) -> CaseWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if error is None:
                self.wait()
            elif self._job is not None:
                concurrent.futures.wait([self._job])  # the transaction is rolled back after this
        finally:
            self._worker.shutdown(wait=True)

    def wait(self) -> None:
        """Let the batch being written finish (its error is raised here)."""
        if self._job is not None:
            job, self._job = self._job, None
            job.result()

    def existing(self, references: list[str]) -> set[str]:
        """Which of ``references`` the store already has (none, when it had no case)."""
        if not self.max_id or not references:
            return set()
        self.wait()
        return existing_references(self.session, references)

    def write(self, cases: list[NewCase]) -> None:
        self.wait()  # the numbering may ask the store for a year's last number
        taxonomy, numbers, dues, calendar = self.taxonomy, self.numbers, self._dues, self.settings.calendar
        convert, tail, fields_of = self._convert, self._tail, self._fields
        statuses: dict[tuple[Any, ...], tuple[Status, bool | None]] = {}
        rows: list[tuple[Any, ...]] = []
        for new in cases:
            f = new.fields
            signal_type = taxonomy.type(f.signal_type_id)
            drafted = bool(f.draft_answer) and not f.draft_answer.isspace()
            rule = (f.admissible, f.qualification_id, f.answered is None, f.answer_channel, drafted, signal_type.id)
            decided = statuses.get(rule)
            if decided is None:  # the workflow's rule, once per combination
                qualification = taxonomy.get("qualifications", f.qualification_id) if f.qualification_id else None
                status, admissible = decided = statuses[rule] = initial_status(
                    admissible=f.admissible, qualification=qualification.info if qualification else None,
                    answered=f.answered, answer_channel=f.answer_channel, draft_answer=f.draft_answer,
                    qualification_required=signal_type.needs_qualification)
            else:
                status, admissible = decided
            year = f.received.year
            if f.reference:
                reference = f.reference
                parts = numbers.reserve(reference)  # cases without a reference are numbered around it
                ref_year, ref_seq = parts if parts else (year, numbers.foreign())
            else:
                reference, ref_year, ref_seq = f"{_PENDING}{len(self._pending)}", year, numbers.foreign()
                self._pending.append((reference, year))
            if new.repeat_of:
                self._repeats.append({"earlier": new.repeat_of, "me": reference})
            key = (f.received, f.signal_type_id, f.extension_days)
            due = dues.get(key)
            if due is None:
                due = dues[key] = due_date(f.received, signal_type.term, calendar, f.extension_days)
            row = [*fields_of(f), reference, ref_year, ref_seq, status.value, admissible, new.handler_id, due, None]
            for i, process, seen in convert:
                value = row[i]
                if value is not None:
                    converted = seen.get(value)
                    if converted is None:
                        converted = seen[value] = process(value)
                    row[i] = converted
            row.extend(tail)
            rows.append(tuple(row))
        if rows:
            self._job = self._worker.submit(self._insert_batch, rows)
            self.written += len(rows)

    def _insert_batch(self, rows: list[tuple[Any, ...]]) -> None:
        """On the writer's thread: the batch, and the full-text entries every INDEX_EVERY cases
        (FTS5 writes a segment per statement: fewer, larger ones cost less to merge)."""
        self._connection.exec_driver_sql(self._insert, rows)
        self._unindexed += len(rows)
        if self._unindexed >= INDEX_EVERY:
            self._index()

    def _index(self) -> None:
        if self._search and self._unindexed:
            self._engine.index_cases(self._connection, self._search, after_id=self._indexed)
            self._indexed = self._connection.exec_driver_sql("SELECT max(id) FROM case_file").scalar() or 0
        self._unindexed = 0

    def finish(self) -> int:
        """Numbers, repeat links, events and the search index; returns the cases written."""
        self.wait()
        self._index()
        connection = self._connection
        table = Case.__table__  # type: ignore[attr-defined]
        if self._repeats:
            other = table.alias("earlier_case")
            earlier = select_columns(other.c.id).where(other.c.reference == bindparam("earlier")).scalar_subquery()
            connection.execute(
                update(table).where(table.c.reference == bindparam("me")).values(repeat_of_id=earlier), self._repeats)
        if self._pending:
            numbered = []
            for placeholder, year in self._pending:
                reference, seq = self.numbers.next(year)
                numbered.append({"placeholder": placeholder, "numbered": reference, "seq": seq})
            connection.execute(update(table).where(table.c.reference == bindparam("placeholder"))
                               .values(reference=bindparam("numbered"), ref_seq=bindparam("seq")), numbered)
        if self.written:
            self.session.execute(
                insert(Event).from_select(
                    ["case_id", "at", "user", "kind", "note", "version"],
                    select_columns(col(Case.id), literal(self.now.astimezone(UTC).replace(tzinfo=None), DateTime),
                                   literal(self.user, String), literal("created", String),
                                   literal(self.note, String), literal(1, Integer))
                    .where(col(Case.id) > self.max_id),
                )
            )
        self._engine.resume_search_index(connection, self._search)
        self._search = []
        return self.written
