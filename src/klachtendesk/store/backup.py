"""Backups: online copies of the store, made daily at start and on demand, and restoring one.

A copy is made with SQLite's backup API, so it is consistent while another terminal keeps
working. It goes through the shared private writer (klachtendesk/outfile.py): written under
a temporary name next to its target and renamed when complete, so a crash or a full disk
never leaves a half copy that looks like a backup; the free space is checked first, so a
copy that would not fit is not started and the older copies stay. Copies are readable by
the owner only (0600): they hold the same personal data as the store. A copy in
``backups/`` is checked (quick_check) and then compressed (gzip).

Daily copies go to ``backups/`` beside the store as ``<store>-YYYY-MM-DD.db.gz``, named by
the machine's clock (never ``--today``); the newest 14 days and the first copy of each of
the last 12 months are kept (settings ``backup.keep_daily`` and ``backup.keep_monthly``).
Copies made with ``klachtendesk backup`` carry a time as well and are never rotated away.

Restore decompresses a copy into a temporary file beside the store and checks it there
(integrity, schema version, only what the migrations create, the same organisation) before
anything is moved.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from klachtendesk import clock
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.store_events import BACKUP_NOTE, RESTORED_ASIDE, RESTORED_NOTE
from klachtendesk.outfile import private_file, store_files
from klachtendesk.progress import Progress, no_progress
from klachtendesk.store import settings as settings_table
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.database import Store
from klachtendesk.store.engine import (
    SQLITE_HEADER,
    create_file,
    guarded,
    make_engine,
    not_a_regular_file,
    translate,
)
from klachtendesk.store.errors import DamagedStore, StoreError
from klachtendesk.store.file_progress import copy_counted, part, watch_growth
from klachtendesk.store.health import integrity_problems, problem_lines
from klachtendesk.store.location import Location, parse_location
from klachtendesk.store.migrate import refuse_newer, stored_revision
from klachtendesk.store.models import Event

BACKUP_DIR = "backups"
KEEP_DAILY_KEY = "backup.keep_daily"
KEEP_MONTHLY_KEY = "backup.keep_monthly"
KEEP_DAILY = 14
KEEP_MONTHLY = 12
COMPRESSED_SUFFIX = ".gz"
GZIP_MAGIC = b"\x1f\x8b"
#: Room left free beyond what a copy needs: a full disk stops the desk itself.
ROOM_MARGIN = 1_000_000
CHUNK = 1 << 20
#: gzip's fastest level: at 100,000 cases a copy shrinks to about a quarter (137 MB to 36 MB)
#: in about 5 s; level 6 saves another 5% of the store's size for two to three times the time,
#: paid at the first start of each day (README, "Backups, checks and restore").
COMPRESS_LEVEL = 1

_STALE_TEMP_SECONDS = 3600


def backup_dir(store_path: Path) -> Path:
    return store_path.parent / BACKUP_DIR


def daily_name(store_path: Path, day: date) -> str:
    return f"{store_path.stem}-{day.isoformat()}.db{COMPRESSED_SUFFIX}"


def _daily_pattern(stem: str) -> re.Pattern[str]:
    # Copies made before compression (".db") rotate with the compressed ones.
    return re.compile(rf"^{re.escape(stem)}-(\d{{4}}-\d{{2}}-\d{{2}})\.db(?:\.gz)?$")


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _megabytes(size: int) -> str:
    if size < 10_000_000:
        return f"{max(1, round(size / 1000)):,} kB".replace(",", ".")
    return f"{round(size / 1_000_000):,} MB".replace(",", ".")


def room_needed(store_path: Path, folder: Path, *, compress: bool) -> int:
    """Bytes a copy of the store needs in ``folder`` while it is made: the uncompressed
    copy (the store and its WAL) and, beside it until it is checked, the compressed one
    (as large as the newest compressed copy, else assumed as large as the store)."""
    size = sum(Path(f"{store_path}{suffix}").stat().st_size
               for suffix in ("", "-wal") if Path(f"{store_path}{suffix}").is_file())
    if not compress:
        return size
    newest = sorted(folder.glob(f"{store_path.stem}-*.db{COMPRESSED_SUFFIX}"),
                    key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    return size + (newest[-1].stat().st_size if newest else size)


def _check_room(store_path: Path, folder: Path, *, compress: bool) -> None:
    needed = room_needed(store_path, folder, compress=compress)
    free = shutil.disk_usage(folder).free
    if free < needed + ROOM_MARGIN:
        raise StoreError(f"Te weinig vrije ruimte in {folder} voor een reservekopie (nodig: ongeveer "
                         f"{_megabytes(needed + ROOM_MARGIN)}, vrij: {_megabytes(free)}); er is geen nieuwe kopie "
                         "gemaakt en de oudere kopieën blijven bewaard. Maak ruimte vrij.")


def _online_copy(store: Store, into: Path, *, verify: bool, progress: Progress = no_progress) -> None:
    """SQLite's backup API into ``into`` (an empty private file), as one self-contained file;
    with ``verify``, SQLite's quick_check refuses a damaged copy (DamagedStore)."""
    raw = store.sessions.engine.raw_connection()
    try:
        copy = sqlite3.connect(into, isolation_level=None)
        try:
            # One step (in steps SQLite starts over at every write of another terminal): its
            # progress is the copy's size as it grows.
            with watch_growth(into, _store_size(store), progress):
                raw.driver_connection.backup(copy)  # type: ignore[union-attr]
            # One self-contained file: no -wal beside a copy that sits on a shelf.
            copy.execute("PRAGMA journal_mode = DELETE")
            problems = problem_lines([r[0] for r in copy.execute("PRAGMA quick_check(1)")]) if verify else []
            if problems:
                raise DamagedStore(
                    f"De databank {store.path} is beschadigd ({problems[0]}); de reservekopie van "
                    "vandaag is niet gemaakt, zodat de goede kopieën bewaard blijven. Zet een "
                    "reservekopie terug met 'klachtendesk restore'.")
        finally:
            copy.close()
    finally:
        raw.close()


def _compress(source: Path, into: Path, progress: Progress = no_progress) -> None:
    with source.open("rb") as plain, into.open("wb") as packed, \
            gzip.GzipFile(fileobj=packed, mode="wb", compresslevel=COMPRESS_LEVEL, mtime=0) as zipped:
        copy_counted(plain, zipped, chunk=CHUNK, total_bytes=source.stat().st_size, progress=progress)


def _store_size(store: Store) -> int:
    """About the size of a copy of ``store``: its file and its write-ahead log."""
    assert store.path is not None
    return sum(Path(f"{store.path}{suffix}").stat().st_size for suffix in ("", "-wal")
               if Path(f"{store.path}{suffix}").is_file())


def copy_store(store: Store, target: Path, *, verify: bool = False, progress: Progress = no_progress) -> Path:
    """Write a consistent copy of ``store`` to ``target`` (0600): complete or absent.

    A ``.gz`` target is compressed once the copy is checked (quick_check; ``verify`` checks
    an uncompressed copy too). The copy is written through the shared private writer
    (klachtendesk/outfile.py): a temporary file beside the target, renamed when complete.
    ``verify`` refuses a damaged store (DamagedStore): the daily rotation must not replace
    good copies with bad ones. ``progress`` follows the copy (and its compression), in MB.
    """
    compress = target.name.endswith(COMPRESSED_SUFFIX)
    raw_copy: Path | None = None
    try:
        with private_file(target, protect=store_files(store.path)) as temp:
            if compress:
                fd, name = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp", dir=target.parent)
                os.close(fd)
                raw_copy = Path(name)
                _online_copy(store, raw_copy, verify=True, progress=part(progress, 0, 2))
                _compress(raw_copy, temp, part(progress, 1, 2))
            else:
                _online_copy(store, temp, verify=verify, progress=progress)
    except DomainError as err:  # the writer's Dutch line: a full disk, a folder, no access
        raise StoreError(f"De reservekopie is niet gemaakt: {err.message}") from None
    except sqlite3.Error as err:
        if "full" in str(err).lower():
            raise StoreError(f"De schijf is vol: de reservekopie {target} is niet gemaakt; de oudere kopieën "
                             "blijven bewaard.") from err
        raise translate(err, store.location) from err
    finally:
        if raw_copy is not None:
            _remove(raw_copy)
    return target


def set_keep_counts(store: Store, *, daily: int | None, monthly: int | None, user: str,
                    now: datetime) -> tuple[int, int]:
    """Change how many daily and monthly copies the rotation keeps, with an event in the log
    (old and new) when that changes. Returns what is kept now."""
    if (daily is not None and daily < 1) or (monthly is not None and monthly < 0):
        raise StoreError("Bewaar minstens 1 dagelijkse kopie (en 0 of meer maandelijkse).")
    with store.sessions.write() as session:
        old = _keep_counts(session)
        kept = (old[0] if daily is None else daily, old[1] if monthly is None else monthly)
        for key, value in ((KEEP_DAILY_KEY, daily), (KEEP_MONTHLY_KEY, monthly)):
            if value is not None:
                settings_table.put(session, key, value)
        if kept != old:
            session.add(Event(case_id=None, at=now, user=user, kind="settings", field="backup_keep",
                              old=f"{old[0]} dagelijkse, {old[1]} maandelijkse",
                              new=f"{kept[0]} dagelijkse, {kept[1]} maandelijkse",
                              note=f"Reservekopieën: {kept[0]} dagelijkse en {kept[1]} maandelijkse worden bewaard "
                                   f"(was {old[0]} en {old[1]})"))
            session.flush()
    return kept


def keep_counts(store: Store) -> tuple[int, int]:
    """(daily, monthly): how many copies the rotation keeps."""
    with store.sessions.read() as session:
        return _keep_counts(session)


def _keep_counts(session: Session) -> tuple[int, int]:
    daily = settings_table.get(session, KEEP_DAILY_KEY, KEEP_DAILY)
    monthly = settings_table.get(session, KEEP_MONTHLY_KEY, KEEP_MONTHLY)
    return max(1, int(daily)), max(0, int(monthly))


def daily_backup(store: Store, today: date | None = None, *, progress: Progress = no_progress) -> Path | None:
    """The first start of a day copies the store to backups/ and rotates the old copies.

    The day is the machine's (``clock.wall_today``), never ``--today``: a frozen date must
    not name a copy or rotate real ones away. Returns the new copy, or None when today's
    copy already exists (one ``stat``). A store on a server is backed up on the server
    (README, "Team server"): None. When the copy would not fit, nothing is copied and
    nothing rotated (StoreError): the older copies stay.
    """
    if store.path is None:
        return None
    day = today or clock.wall_today()
    folder = backup_dir(store.path)
    target = folder / daily_name(store.path, day)
    if target.exists() or target.with_name(target.name.removesuffix(COMPRESSED_SUFFIX)).exists():
        return None
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as err:
        raise StoreError(f"De map {folder} kan niet gemaakt worden ({err.strerror}).") from None
    _check_room(store.path, folder, compress=True)
    copy_store(store, target, verify=True, progress=progress)
    keep_daily, keep_monthly = keep_counts(store)
    rotate(folder, store.path.stem, keep_daily=keep_daily, keep_monthly=keep_monthly)
    return target


def rotate(folder: Path, stem: str, *, keep_daily: int = KEEP_DAILY,
           keep_monthly: int = KEEP_MONTHLY) -> list[Path]:
    """Delete daily copies beyond the newest ``keep_daily`` days, except the first copy of
    each of the newest ``keep_monthly`` months. Returns what was deleted."""
    pattern = _daily_pattern(stem)
    dated: list[tuple[date, Path]] = []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match:
            try:
                day = date.fromisoformat(match[1])
            except ValueError:
                continue
            # A name after today came from a frozen date (older versions named copies by
            # --today): never counted as the newest, never deleted.
            if day <= clock.wall_today():
                dated.append((day, path))
        elif path.name.startswith(f".{stem}-") and path.name.endswith(".tmp"):
            # Left behind by a crash during a copy.
            if time.time() - path.stat().st_mtime > _STALE_TEMP_SECONDS:
                path.unlink(missing_ok=True)
    dated.sort(reverse=True)
    days = sorted({day for day, _ in dated}, reverse=True)  # a day may have a .db and a .db.gz
    keep = set(days[:keep_daily])
    first_of_month: dict[tuple[int, int], date] = {}
    for day, _ in dated:
        first_of_month[(day.year, day.month)] = day  # newest first: ends on the earliest
    for month in sorted(first_of_month, reverse=True)[:keep_monthly]:
        keep.add(first_of_month[month])
    removed = []
    for day, path in dated:
        if day not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def backup_to(store: Store, dest: Path | None, *, user: str, now: datetime,
              progress: Progress = no_progress) -> Path:
    """A copy on demand: into ``dest`` (a folder or a new file name), else into backups/.

    Named by the machine's clock (``now`` only dates the event). A copy in a folder is
    compressed; a file name given by the user is compressed when it ends in ``.gz``.
    """
    if store.read_only is not None:  # foreign SQL: a copy of it would be refused at restore anyway
        raise StoreError(store.read_only)
    if store.path is None:
        from klachtendesk.store import server_backup

        return server_backup.backup_to(store, dest, user=user, now=now)
    name = f"{store.path.stem}-{clock.wall_now():%Y-%m-%d-%H%M%S}.db{COMPRESSED_SUFFIX}"
    if dest is None:
        folder = backup_dir(store.path)
        folder.mkdir(mode=0o700, exist_ok=True)
        target = folder / name
    elif dest.is_dir():
        target = dest / name
    else:
        target = dest
        if not target.parent.is_dir():
            raise StoreError(f"De map {target.parent} bestaat niet.")
    if target.exists():
        raise StoreError(f"{target} bestaat al; kies een andere naam.")
    if target.resolve() == store.path.resolve():
        raise StoreError("Een reservekopie kan de databank zelf niet overschrijven.")
    _check_room(store.path, target.parent, compress=target.name.endswith(COMPRESSED_SUFFIX))
    copy_store(store, target, progress=progress)
    with store.sessions.write() as session:
        log_store_event(session, "backup", BACKUP_NOTE, user=user, now=now)
    return target


# -- restore ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    path: Path | str  # the store: its file, or its URL without password
    aside: Path | None  # where the replaced store was kept
    revision: str  # the schema revision of the backup, before any migration


def _inspect(candidate: Path, backup: Path) -> tuple[str, str]:
    """Refuse a copy that is not a sound klachtendesk store of a schema we know, holding
    only what the migrations create. Returns its revision and organisation."""
    from klachtendesk.store import schema

    engine = make_engine(candidate)
    foreign: list[str] = []
    try:
        with engine.connect() as connection:
            revision = stored_revision(connection)
            refuse_newer(revision, what=f"De reservekopie {backup.name}")
            problems = integrity_problems(connection)
            organisation = None
            if revision is not None and not problems:
                foreign = schema.foreign_objects(connection, revision)
                organisation = connection.exec_driver_sql(
                    "SELECT value FROM setting WHERE key = 'org.organisation'").scalar()
            connection.rollback()
    except StoreError:
        raise
    except Exception as err:  # sqlite3 and SQLAlchemy errors: damaged beyond reading
        raise StoreError(f"De reservekopie {backup.name} is beschadigd of onleesbaar; er is niets "
                         "teruggezet.") from err
    finally:
        engine.dispose()
    if problems:
        raise StoreError(f"De reservekopie {backup.name} is beschadigd ({problems[0]}); er is "
                         "niets teruggezet.")
    if revision is None or not organisation:
        raise StoreError(f"{backup.name} is geen reservekopie van een klachtendesk-databank; er is niets "
                         "teruggezet.")
    if foreign:
        raise StoreError(f"De reservekopie {backup.name} bevat SQL die klachtendesk niet heeft gemaakt "
                         f"({schema.summary(foreign)}); er is niets teruggezet.")
    return revision, str(organisation)


def current_organisation(path: Path) -> str | None:
    """The organisation of the store at ``path``, read without writing; None when it
    cannot be read (a damaged store is replaced without the question)."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            row = connection.execute("SELECT value FROM setting WHERE key = 'org.organisation'").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row and row[0] else None


def refuse_other_organisation(backup: Path, theirs: str, ours: str | None, *, allowed: bool) -> None:
    """A copy of another organisation's register replaces this one only when asked."""
    if ours is None or allowed or _name(theirs).casefold() == _name(ours).casefold():
        return
    raise StoreError(f"De reservekopie {backup.name} is van een andere organisatie ({_name(theirs)}) dan de "
                     f"databank ({_name(ours)}); er is niets teruggezet. Geef --other-organisation als dat de "
                     "bedoeling is.")


def _name(organisation: str) -> str:
    """The organisation's name from its setting (stored as JSON), spaces squeezed."""
    try:
        value = json.loads(organisation)
    except ValueError:
        value = organisation
    return " ".join(str(value).split())


def _unpack(backup: Path, candidate: Path, progress: Progress = no_progress) -> None:
    """The backup as a plain store file in ``candidate``: decompressed, or copied.
    ``progress``: how far into the backup file (in MB)."""
    size = backup.stat().st_size
    with backup.open("rb") as source:
        compressed = source.read(len(GZIP_MAGIC)) == GZIP_MAGIC
        source.seek(0)
        with candidate.open("wb") as target:
            if not compressed:
                copy_counted(source, target, chunk=CHUNK, total_bytes=size, progress=progress)
                return
            try:
                with gzip.GzipFile(fileobj=source, mode="rb") as unzipped:
                    copy_counted(unzipped, target, chunk=CHUNK, total_bytes=size, progress=progress,  # type: ignore[arg-type]
                                 position=source.tell)
            except (EOFError, zlib.error, gzip.BadGzipFile):
                raise StoreError(f"De reservekopie {backup.name} is beschadigd (de compressie is onvolledig of "
                                 "fout); er is niets teruggezet.") from None
    with candidate.open("rb") as unpacked:
        if unpacked.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise StoreError(f"{backup.name} is geen reservekopie van klachtendesk (geen SQLite-bestand).")


def _take_offline(path: Path) -> None:
    """Fold the WAL into the store and make sure no other program has it open.

    Leaving WAL mode needs the only connection to the file, so this fails (busy) while
    another terminal has the store open. A damaged store is moved aside as it is.
    """
    try:
        connection = sqlite3.connect(path, timeout=1.0, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        connection.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.OperationalError as err:
        text = str(err).lower()
        if "locked" in text or "busy" in text:
            raise StoreError("De databank is nog geopend in een ander venster of programma. Sluit "
                             "klachtendesk overal en probeer opnieuw; er is niets teruggezet.") from None
    except sqlite3.Error:
        pass
    finally:
        connection.close()


def _move(source: Path, target: Path) -> None:
    """Rename a store with its WAL; the shared-memory file is rebuilt on the next open."""
    os.rename(source, target)
    if Path(f"{source}-wal").exists():
        os.rename(Path(f"{source}-wal"), Path(f"{target}-wal"))
    Path(f"{source}-shm").unlink(missing_ok=True)


def _move_aside(path: Path, now: datetime) -> Path:
    _take_offline(path)
    aside = _aside_name(path, now)
    _move(path, aside)
    return aside


def _aside_name(path: Path, now: datetime) -> Path:
    stamp = f"{now:%Y%m%d-%H%M%S}"
    candidate = path.with_name(f"{path.stem}-{stamp}-voor-terugzetten{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{stamp}-{n}-voor-terugzetten{path.suffix}")
        n += 1
    return candidate


def restore(where: Path | Location, backup: Path, *, user: str, now: datetime,
            other_organisation: bool = False, progress: Progress = no_progress) -> Restored:
    """Put ``backup`` in place of the store at ``where``, keeping the current store aside.

    The copy is decompressed into a temporary file beside the store and checked there
    (integrity, schema not newer than the program, nothing the migrations did not create,
    the same organisation unless ``other_organisation``) before anything is moved, so a
    refused restore leaves the current store exactly as it was. A ``--db`` that is a
    symbolic link stays one: the file it points to is replaced.
    """
    location = parse_location(where)
    if location.is_postgresql:
        from klachtendesk.store import server_backup

        restored: Restored = server_backup.restore(location, backup, user=user, now=now,
                                                   other_organisation=other_organisation)
        return restored
    path = location.path
    assert path is not None
    for given in (path, backup):
        problem = not_a_regular_file(given)
        if problem:
            raise StoreError(f"{problem} Er is niets teruggezet.")
    if path.is_symlink():
        path = path.resolve()  # the store the link names; the link itself stays
    if not backup.is_file():
        raise StoreError(f"De reservekopie {backup} bestaat niet.")
    with backup.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if head != SQLITE_HEADER and not head.startswith(GZIP_MAGIC):
        raise StoreError(f"{backup.name} is geen reservekopie van klachtendesk (geen SQLite-bestand).")
    if not path.parent.is_dir():
        raise StoreError(f"De map {path.parent} bestaat niet.")
    if path.exists() and path.resolve() == backup.resolve():
        raise StoreError("Dit is de databank zelf, geen reservekopie.")
    for stale in path.parent.glob(f".{path.name}.restore-*.tmp"):  # left by a crash
        if time.time() - stale.stat().st_mtime > _STALE_TEMP_SECONDS:
            _remove(stale)
    candidate = path.with_name(f".{path.name}.restore-{os.getpid()}.tmp")
    _remove(candidate)
    try:
        create_file(candidate)
        _unpack(backup, candidate, progress)
        revision, organisation = _inspect(candidate, backup)
        if path.exists():
            refuse_other_organisation(backup, organisation, current_organisation(path), allowed=other_organisation)
        for suffix in ("-wal", "-shm"):  # _inspect's last connection folded its WAL in
            Path(f"{candidate}{suffix}").unlink(missing_ok=True)
        aside = _move_aside(path, clock.wall_now()) if path.exists() else None
        try:
            os.replace(candidate, path)
        except OSError:
            if aside is not None:  # put the current store back where it was
                _move(aside, path)
            raise
        os.chmod(path, 0o600)
    except OSError as err:
        _remove(candidate)
        raise StoreError(f"Terugzetten mislukt ({err.strerror}); de huidige databank is niet "
                         "gewijzigd.") from None
    except BaseException:
        _remove(candidate)
        raise
    store = Store.open(path)
    try:
        note = RESTORED_NOTE
        if aside is not None:
            note += RESTORED_ASIDE
        with guarded(path), store.sessions.write() as session:
            log_store_event(session, "restored", note, user=user, now=now)
    finally:
        store.close()
    return Restored(path=location.path or path, aside=aside, revision=revision)
