"""Retention: anonymising cases closed longer ago than the organisation keeps them.

The Flemish selection list keeps complaint files five years after handling
(``settings.retention_years``). After that the complainant's data and the personal text go;
what the year reports count stays: signal type, channel, entity, category, qualification,
admissibility, dates, deadline and extension, handler and repeat links, and the case facts
the tables count (school, solved, ombudsnormen, mediation result). The involved staff
member (police) goes too, and their name inside kept text becomes ``[medewerker]``. The
timeline keeps who did what when, without the removed values.

Removing the values from the rows is not enough for the file: SQLite leaves old bytes in
free pages, the WAL and the full-text index. So the run rebuilds the index, vacuums with
``secure_delete`` and truncates the WAL. PostgreSQL keeps the old row versions (and their
index entries) until a vacuum: the run ends with VACUUM FULL of the case table and the log.
Backups made before the run still hold the data
until the rotation removes them (at most ``backup.keep_monthly`` months).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import text, update

from klachtendesk.domain.dates import format_date
from klachtendesk.domain.wording import cases as count_cases
from klachtendesk.progress import Progress, no_progress
from klachtendesk.store import engines
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


@dataclass
class RetentionRun:
    cutoff: date
    years: int
    anonymised: int = 0
    wal_cleared: bool = True


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


def _terms(values: list[str]) -> list[str]:
    """What identifies the complainant inside other text: the full values, and the parts
    of names that are not particles, longest first."""
    terms: set[str] = set()
    for value in values:
        value = value.strip()
        if len(value) < 3:
            continue
        terms.add(value)
        if "@" not in value:
            for part in re.split(r"[\s,;]+", value):
                if len(part) >= 3 and part.casefold() not in _PARTICLES and not part.isdigit():
                    terms.add(part)
    return sorted(terms, key=len, reverse=True)


def _scrubber(terms: list[str], replacement: str = COMPLAINANT):  # type: ignore[no-untyped-def]
    if not terms:
        return lambda value: value
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + r")(?!\w)", re.IGNORECASE)
    return lambda value: pattern.sub(replacement, value) if value else value


def _anonymise_case(session: Any, case_id: int, *, user: str, now: datetime, years: int) -> None:
    columns = COMPLAINANT_FIELDS + SCRUBBED_TEXT + PERSONAL_TEXT + STAFF_FIELDS
    row = session.execute(text(
        "SELECT " + ", ".join(columns) + ", version FROM case_file WHERE id = :id"), {"id": case_id}).one()
    values = dict(zip(columns, row[:-1], strict=True))
    events = session.execute(text(
        "SELECT id, field, old, new, note, kind FROM event WHERE case_id = :id"), {"id": case_id}).all()
    # Earlier spellings of the name live on in the timeline: remove them everywhere too.
    identities = [values[f] for f in COMPLAINANT_FIELDS]
    identities += [v for e in events if e.field in COMPLAINANT_FIELDS for v in (e.old, e.new)]
    staff = [values[f] for f in STAFF_FIELDS] + [v for e in events if e.field in STAFF_FIELDS for v in (e.old, e.new)]
    scrub_complainant, scrub_staff = _scrubber(_terms(identities)), _scrubber(_terms(staff), STAFF)

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


def anonymise(store: Store, cases: list[Due], *, user: str, now: datetime, cutoff: date,
              progress: Progress = no_progress) -> RetentionRun:
    """Anonymise ``cases`` in one transaction, then clear the old bytes from the file.
    ``progress`` counts the cases, then the index rebuild and the compaction as one each."""
    years = store.settings.retention_years
    run = RetentionRun(cutoff=cutoff, years=years)
    if not cases:
        return run
    with store.sessions.write() as session:
        engine = engines.of(session)
        if engine is engines.sqlite:
            # Freed space is zeroed at once: should the VACUUM below not happen (a crash),
            # the pages this run touched hold no old values.
            session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
        steps = len(cases) + 2
        for done, case in enumerate(cases, start=1):
            _anonymise_case(session, case.id, user=user, now=now, years=years)
            if done % 100 == 0:
                progress(done, steps)
        progress(len(cases), steps)
        session.flush()
        log_store_event(session, "retention",
                        f"{count_cases(len(cases))} geanonimiseerd (afgesloten vóór {format_date(cutoff)}; "
                        f"bewaartermijn {years} jaar)", user=user, now=now)
        # The indexes still hold the removed words until they are rebuilt; the open cases'
        # index too, whose segments keep the text of cases that were once open.
        engine.rebuild_search_index(session.connection())
    progress(steps - 1, steps)
    run.anonymised = len(cases)
    run.wal_cleared = compact(store)
    progress(steps, steps)
    return run


def compact(store: Store) -> bool:
    """VACUUM and truncate the WAL, so removed values leave the file's bytes.

    Returns False when another terminal kept the WAL in use: its old pages then remain
    until the next checkpoint (closing every window, or the next run, clears them).
    On PostgreSQL, VACUUM FULL rewrites the case table and the event log with their
    indexes, so the old row versions and their index entries are gone from the database.
    """
    if store.location.is_postgresql:
        try:
            with guarded(store.location):
                engines.postgresql.compact(store.sessions.engine)
        except StoreError:  # another workstation holds the tables past the busy timeout
            return False
        return True
    with guarded(store.location):
        raw = store.sessions.engine.raw_connection()
        try:
            connection = raw.driver_connection
            # Rewrites every page: old values left in free pages or unused parts of pages
            # by earlier work (secure_delete is off in most SQLite builds) are gone.
            connection.execute("VACUUM")  # type: ignore[union-attr]
            busy, _log, _done = connection.execute(  # type: ignore[union-attr]
                "PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
    return not busy
