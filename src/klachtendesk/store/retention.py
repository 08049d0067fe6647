"""Retention: anonymising cases closed longer ago than the organisation keeps them.

The Flemish selection list keeps complaint files five years after handling
(``settings.retention_years``). After that the complainant's data and the personal text go;
what the year reports count stays: signal type, channel, entity, category, qualification,
admissibility, dates, deadline and extension, handler and repeat links, and the case facts
the tables count (school, solved, ombudsnormen, mediation result). The involved staff
member (police) goes too, and their name inside kept text becomes ``[medewerker]``. The
timeline keeps who did what when, without the removed values.

Names are replaced as whole words: the complainant's full name and each part of it, the
full e-mail address, phone number and address (and the street line of the address), never
a word that merely contains a part ("Bril-leverancier" stays for "Jan Bril") and never the
complainant's town on its own. Store-wide events (exports, access requests) name no files
since those names often name the person; a run rewrites notes written before that rule
(domain/store_events.py).

Removing the values from the rows is not enough for the file: SQLite leaves old bytes in
free pages, the WAL and the full-text index. So the run rebuilds the index, vacuums with
``secure_delete`` and truncates the WAL. PostgreSQL keeps the old row versions (and their
index entries) until a vacuum: the run ends with VACUUM FULL of the case table and the log.
The anonymisation is committed first; should the compaction fail (a full disk) or be held
up (another program still reading an old snapshot), the store remembers that it is due and
the next ``retention --apply`` finishes it, even with nothing left to anonymise.
Backups made before the run still hold the data
until the rotation removes them (at most ``backup.keep_monthly`` months).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import text, update

from klachtendesk.domain.dates import format_date
from klachtendesk.domain.store_events import NAMING_KINDS, without_file_name
from klachtendesk.domain.wording import cases as count_cases
from klachtendesk.progress import Progress, no_progress
from klachtendesk.store import engines
from klachtendesk.store import settings as settings_table
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.database import Store
from klachtendesk.store.engine import guarded
from klachtendesk.store.errors import StoreError
from klachtendesk.store.models import Case, Event
from klachtendesk.store.values import as_date

#: Replaces personal free text (description, motivation, draft answer, notes).
REMOVED = "[verwijderd na bewaartermijn]"
#: Replaces the complainant's name, e-mail, phone or address inside text that is kept.
COMPLAINANT = "[melder]"
#: Replaces the involved staff member's name inside text that is kept.
STAFF = "[medewerker]"

COMPLAINANT_FIELDS = ("complainant_name", "complainant_email", "complainant_phone", "complainant_address")
PERSONAL_TEXT = ("description", "motivation", "draft_answer")
#: Kept for the report and the narrative, but cleared of the complainant's identity.
SCRUBBED_TEXT = ("title", "inadmissible_reason", "extra_actions", "extension_reason")
#: Another person's data on the case (sensitive, complaints team only): removed.
STAFF_FIELDS = ("staff_member",)

#: Timeline entries whose whole text is personal: notes, and mail, files and letters (sender,
#: subject, file names).
PERSONAL_NOTES = frozenset({"note", "mail_in", "mail_out", "attachment", "letter"})

# Name parts too common to remove on their own from text that is kept.
_PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "ter", "ten", "von", "le", "la", "du", "des", "di", "da",
    "dhr", "mevr", "heer", "mevrouw", "meneer", "familie",
})


@dataclass(frozen=True)
class Due:
    id: int
    reference: str
    answered: date
    title: str


#: The store's note that a compaction is due (set with the anonymisation, in its transaction).
COMPACTION_DUE = "retention_compaction_due"
#: How long a run waits for another program to finish reading before it reports what is left.
READER_WAIT_SECONDS = 5.0

#: Compaction outcomes.
DONE, NOT_NEEDED, HELD_UP, FAILED = "done", "not needed", "held up", "failed"


@dataclass
class Compaction:
    state: str = NOT_NEEDED
    reason: str = ""  # FAILED: why, in Dutch ("de schijf is vol")


@dataclass
class RetentionRun:
    cutoff: date
    years: int
    anonymised: int = 0
    #: Store-wide events whose note named a file, rewritten.
    events_rewritten: int = 0
    compaction: Compaction | None = None

    @property
    def wal_cleared(self) -> bool:
        return self.compaction is None or self.compaction.state in (DONE, NOT_NEEDED)


def cutoff_date(today: date, years: int) -> date:
    """The same day ``years`` ago (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def due_cases(store: Store, today: date) -> tuple[date, list[Due]]:
    """Closed cases answered before the cutoff and not yet anonymised, oldest first."""
    years = store.settings.retention_years
    cutoff = cutoff_date(today, years)
    if years <= 0:
        return cutoff, []
    with store.sessions.read() as session:
        rows = session.execute(text(
            "SELECT id, reference, answered, title FROM case_file "
            "WHERE status = 'closed' AND answered < :cutoff AND anonymised_at IS NULL "
            "ORDER BY answered, id"), {"cutoff": cutoff.isoformat()}).all()
    return cutoff, [Due(r[0], r[1], as_date(r[2]), r[3]) for r in rows]


def _terms(names: list[str], others: Sequence[str] = ()) -> list[str]:
    """What identifies a person inside other text, longest first: each full name and the
    parts of it that are not particles (a double name also as its halves); the full e-mail
    address, phone number and address, and an address's street line, never its town."""
    terms: set[str] = set()
    for value in names:
        value = value.strip()
        if len(value) >= 3:
            terms.add(value)
        for part in re.split(r"[\s,;]+", value):
            for piece in {part, *part.split("-")}:
                piece = piece.strip(".'’")
                if len(piece) >= 3 and piece.casefold() not in _PARTICLES and not piece.isdigit():
                    terms.add(piece)
    for value in others:
        value = value.strip()
        if len(value) >= 3:
            terms.add(value)
        street = value.split(",", 1)[0].strip()
        if "," in value and len(street) >= 3 and any(ch.isdigit() for ch in street):
            terms.add(street)
    return sorted(terms, key=len, reverse=True)


def _scrubber(terms: list[str], replacement: str = COMPLAINANT):  # type: ignore[no-untyped-def]
    """Replace each term where it stands as a whole word: a hyphen or a letter next to it
    makes it part of another word ("Bril" is not replaced in "Bril-leverancier")."""
    if not terms:
        return lambda value: value
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, terms)) + r")(?![\w-])", re.IGNORECASE)
    return lambda value: pattern.sub(replacement, value) if value else value


def _anonymise_case(session: Any, case_id: int, *, user: str, now: datetime, years: int) -> None:
    columns = COMPLAINANT_FIELDS + SCRUBBED_TEXT + PERSONAL_TEXT + STAFF_FIELDS
    row = session.execute(text(
        "SELECT " + ", ".join(columns) + ", version FROM case_file WHERE id = :id"), {"id": case_id}).one()
    values = dict(zip(columns, row[:-1], strict=True))
    events = session.execute(text(
        "SELECT id, field, old, new, note, kind FROM event WHERE case_id = :id"), {"id": case_id}).all()
    # Earlier spellings of the name live on in the timeline: remove them everywhere too.
    def spellings(fields: tuple[str, ...]) -> list[str]:
        return [values[f] for f in fields] + [v for e in events if e.field in fields for v in (e.old, e.new) if v]

    names = spellings(("complainant_name",))
    contact = spellings(("complainant_email", "complainant_phone", "complainant_address"))
    scrub_complainant = _scrubber(_terms(names, contact))
    scrub_staff = _scrubber(_terms(spellings(STAFF_FIELDS)), STAFF)

    def scrub(value: str) -> str:
        scrubbed: str = scrub_staff(scrub_complainant(value))
        return scrubbed

    changes = {f: "" for f in COMPLAINANT_FIELDS + STAFF_FIELDS}
    changes.update({f: REMOVED if values[f] else "" for f in PERSONAL_TEXT})
    changes.update({f: scrub(values[f]) for f in SCRUBBED_TEXT})
    version = row[-1] + 1
    # The version moves on, so a terminal that still shows the old text cannot save it back.
    session.execute(update(Case).where(Case.id == case_id).values(  # type: ignore[arg-type]
        **changes, version=version, anonymised_at=now, updated_at=now))
    for event in events:
        personal = event.field in COMPLAINANT_FIELDS + PERSONAL_TEXT + STAFF_FIELDS
        old = REMOVED if personal and event.old else scrub(event.old)
        new = REMOVED if personal and event.new else scrub(event.new)
        note = REMOVED if event.kind in PERSONAL_NOTES and event.note else scrub(event.note)
        if (old, new, note) != (event.old, event.new, event.note):
            session.execute(text("UPDATE event SET old = :old, new = :new, note = :note WHERE id = :id"),
                            {"old": old, "new": new, "note": note, "id": event.id})
    _remove_correspondence(session, case_id)
    session.add(Event(case_id=case_id, at=now, user=user, kind="anonymised",
                      note=f"Persoonsgegevens verwijderd: bewaartermijn van {years} jaar verstreken",
                      version=version))


def _remove_correspondence(session: Any, case_id: int) -> None:
    """Letters and files go; a mail's Message-ID stays (so reading it again skips it), its
    sender and subject go."""
    for sql in ("DELETE FROM letter WHERE case_id = :id", "DELETE FROM attachment WHERE case_id = :id",
                "UPDATE mail_message SET sender = '', recipient = '', subject = '', forwarded_by = '' "
                "WHERE case_id = :id"):
        session.execute(text(sql), {"id": case_id})


def compaction_due(store: Store) -> bool:
    """Whether an earlier run's compaction is still to be done."""
    with store.sessions.read() as session:
        return bool(settings_table.get(session, COMPACTION_DUE))


def _rewrite_store_events(session: Any) -> int:
    """Store-wide notes written before they stopped naming files: rewritten without the
    file's name (it often names the person, and no case's anonymisation reaches them)."""
    kinds = ", ".join(f"'{k}'" for k in NAMING_KINDS)
    rows = session.execute(text(f"SELECT id, kind, note FROM event WHERE case_id IS NULL AND kind IN ({kinds})")).all()
    changed = 0
    for event_id, kind, note in rows:
        new = without_file_name(kind, note or "")
        if new != (note or ""):
            session.execute(text("UPDATE event SET note = :note WHERE id = :id"), {"note": new, "id": event_id})
            changed += 1
    return changed


def anonymise(store: Store, cases: list[Due], *, user: str, now: datetime, cutoff: date,
              progress: Progress = no_progress) -> RetentionRun:
    """Anonymise ``cases`` in one transaction (with the store-wide notes that named files),
    then clear the old bytes from the file. A compaction left due by an earlier run is
    finished too, with no case to anonymise. ``progress`` counts the cases, then the index
    rebuild and the compaction as one each."""
    years = store.settings.retention_years
    run = RetentionRun(cutoff=cutoff, years=years)
    with store.sessions.write() as session:
        engine = engines.of(session)
        if engine is engines.sqlite and cases:
            # Freed space is zeroed at once: should the VACUUM below not happen (a crash),
            # the pages this run touched hold no old values.
            session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
        steps = len(cases) + 2
        for done, case in enumerate(cases, start=1):
            _anonymise_case(session, case.id, user=user, now=now, years=years)
            if done % 100 == 0:
                progress(done, steps)
        progress(len(cases), steps)
        run.events_rewritten = _rewrite_store_events(session)
        if cases:
            session.flush()
            log_store_event(session, "retention",
                            f"{count_cases(len(cases))} geanonimiseerd (afgesloten vóór {format_date(cutoff)}; "
                            f"bewaartermijn {years} jaar)", user=user, now=now)
            # The indexes still hold the removed words until they are rebuilt; the open cases'
            # index too, whose segments keep the text of cases that were once open.
            engine.rebuild_search_index(session.connection())
        if cases or run.events_rewritten:
            settings_table.put(session, COMPACTION_DUE, True)
        due = bool(settings_table.get(session, COMPACTION_DUE))
    progress(steps - 1, steps)
    run.anonymised = len(cases)
    if due:
        run.compaction = compact(store)
    progress(steps, steps)
    return run


def _reason(err: BaseException) -> str:
    """Why a compaction failed, in Dutch, without the "not saved" of a failed change."""
    text_ = str(err.__cause__ or err).lower()
    if "full" in text_ or "no space" in text_:
        return "de schijf is vol"
    if "locked" in text_ or "busy" in text_ or "lock timeout" in text_ or "canceling statement" in text_:
        return "een ander programma houdt de databank bezet"
    return f"{getattr(err, 'message', err)}".rstrip(".")


def _done(store: Store) -> None:
    with store.sessions.write() as session:
        settings_table.put(session, COMPACTION_DUE, None)


def _vacuum(connection: Any) -> None:
    connection.execute("VACUUM")


def compact(store: Store) -> Compaction:
    """VACUUM and truncate the WAL, so removed values leave the file's bytes.

    HELD_UP when another program still reads an older snapshot after READER_WAIT_SECONDS:
    the old pages then stay in the store's file until the WAL is written back (every
    window closed); FAILED when the VACUUM itself fails. Either way the compaction stays
    due and the next run finishes it. On PostgreSQL, VACUUM FULL rewrites the case table
    and the event log with their indexes, so the old row versions and their index entries
    are gone from the database.
    """
    if store.location.is_postgresql:
        try:
            with guarded(store.location):
                engines.postgresql.compact(store.sessions.engine)
        except StoreError as err:  # another workstation holds the tables, or the disk is full
            reason = _reason(err)
            return Compaction(HELD_UP if reason.startswith("een ander programma") else FAILED, reason)
        _done(store)
        return Compaction(DONE)
    try:
        with guarded(store.location):
            raw = store.sessions.engine.raw_connection()
            try:
                connection = raw.driver_connection
                # Rewrites every page: old values left in free pages or unused parts of pages
                # by earlier work (secure_delete is off in most SQLite builds) are gone.
                _vacuum(connection)
                deadline = time.monotonic() + READER_WAIT_SECONDS
                while True:
                    busy, _log, _done_frames = connection.execute(  # type: ignore[union-attr]
                        "PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                    if not busy or time.monotonic() >= deadline:
                        break
                    time.sleep(0.2)  # a reader with an old snapshot: give it a moment to finish
            finally:
                raw.close()
    except StoreError as err:
        return Compaction(FAILED, _reason(err))
    if busy:
        return Compaction(HELD_UP)
    _done(store)
    with guarded(store.location):  # the note's own change leaves the WAL empty again
        raw = store.sessions.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
    return Compaction(DONE)
