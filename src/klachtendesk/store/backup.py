"""Backups: online copies of the store, made daily at start and on demand, and restoring one.

A copy is made with SQLite's backup API, so it is consistent while another terminal keeps
working. It is written under a temporary name and renamed when complete: a crash or a full
disk never leaves a half copy that looks like a backup. Copies are readable by the owner
only (0600): they hold the same personal data as the store.

Daily copies go to ``backups/`` beside the store as ``<store>-YYYY-MM-DD.db``; the newest
14 days and the first copy of each of the last 12 months are kept (settings
``backup.keep_daily`` and ``backup.keep_monthly``). Copies made with ``klachtendesk
backup`` carry a time as well and are never rotated away.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from klachtendesk.progress import Progress, no_progress
from klachtendesk.store import settings as settings_table
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.database import Store
from klachtendesk.store.engine import SQLITE_HEADER, create_file, guarded, make_engine, translate
from klachtendesk.store.errors import DamagedStore, StoreError
from klachtendesk.store.file_progress import watch_growth
from klachtendesk.store.health import integrity_problems, problem_lines
from klachtendesk.store.location import Location, parse_location
from klachtendesk.store.migrate import refuse_newer, stored_revision

BACKUP_DIR = "backups"
KEEP_DAILY_KEY = "backup.keep_daily"
KEEP_MONTHLY_KEY = "backup.keep_monthly"
KEEP_DAILY = 14
KEEP_MONTHLY = 12

_STALE_TEMP_SECONDS = 3600


def backup_dir(store_path: Path) -> Path:
    return store_path.parent / BACKUP_DIR


def daily_name(store_path: Path, day: date) -> str:
    return f"{store_path.stem}-{day.isoformat()}.db"


def _daily_pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{4}}-\d{{2}}-\d{{2}})\.db$")


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_store(store: Store, target: Path, *, verify: bool = False, progress: Progress = no_progress) -> Path:
    """Write a consistent copy of ``store`` to ``target`` (0600): complete or absent.

    ``verify`` runs SQLite's quick_check on the copy and refuses a damaged one
    (DamagedStore): the daily rotation must not replace good copies with bad ones.
    """
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    _remove(temp)
    try:
        create_file(temp)
    except OSError as err:
        raise StoreError(f"De reservekopie kan niet geschreven worden in {target.parent} "
                         f"({err.strerror}).") from None
    try:
        raw = store.sessions.engine.raw_connection()
        try:
            copy = sqlite3.connect(temp, isolation_level=None)
            try:
                with watch_growth(temp, _size(store), progress):
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
        _fsync(temp)
        os.replace(temp, target)
    except sqlite3.Error as err:
        _remove(temp)
        if "full" in str(err).lower():
            raise StoreError(f"De schijf is vol: de reservekopie {target} is niet gemaakt.") from err
        raise translate(err, store.location) from err
    except BaseException:
        _remove(temp)
        raise
    return target


def _size(store: Store) -> int:
    """About the size of a copy of ``store``: its file and its write-ahead log."""
    assert store.path is not None
    return sum(Path(f"{store.path}{suffix}").stat().st_size for suffix in ("", "-wal")
               if Path(f"{store.path}{suffix}").exists())


def set_keep_counts(store: Store, *, daily: int | None, monthly: int | None, user: str,
                    now: datetime) -> tuple[int, int]:
    """Change how many daily and monthly copies the rotation keeps."""
    if (daily is not None and daily < 1) or (monthly is not None and monthly < 0):
        raise StoreError("Bewaar minstens 1 dagelijkse kopie (en 0 of meer maandelijkse).")
    with store.sessions.write() as session:
        for key, value in ((KEEP_DAILY_KEY, daily), (KEEP_MONTHLY_KEY, monthly)):
            if value is not None:
                settings_table.put(session, key, value)
    kept = keep_counts(store)
    with store.sessions.write() as session:
        log_store_event(session, "settings", f"Reservekopieën: {kept[0]} dagelijkse en {kept[1]} maandelijkse "
                        "worden bewaard", user=user, now=now)
    return kept


def keep_counts(store: Store) -> tuple[int, int]:
    with store.sessions.read() as session:
        daily = settings_table.get(session, KEEP_DAILY_KEY, KEEP_DAILY)
        monthly = settings_table.get(session, KEEP_MONTHLY_KEY, KEEP_MONTHLY)
    return max(1, int(daily)), max(0, int(monthly))


def daily_backup(store: Store, today: date, *, progress: Progress = no_progress) -> Path | None:
    """The first start of a day copies the store to backups/ and rotates the old copies.

    Returns the new copy, or None when today's copy already exists (one ``stat``). A store
    on a server is backed up on the server (README, "Team server"): None.
    """
    if store.path is None:
        return None
    folder = backup_dir(store.path)
    target = folder / daily_name(store.path, today)
    if target.exists():
        return None
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as err:
        raise StoreError(f"De map {folder} kan niet gemaakt worden ({err.strerror}).") from None
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
                dated.append((date.fromisoformat(match[1]), path))
            except ValueError:
                continue
        elif path.name.startswith(f".{stem}-") and path.name.endswith(".tmp"):
            # Left behind by a crash during a copy.
            if time.time() - path.stat().st_mtime > _STALE_TEMP_SECONDS:
                path.unlink(missing_ok=True)
    dated.sort(reverse=True)
    keep = {day for day, _ in dated[:keep_daily]}
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
    """A copy on demand: into ``dest`` (a folder or a new file name), else into backups/."""
    if store.path is None:
        from klachtendesk.store import server_backup

        return server_backup.backup_to(store, dest, user=user, now=now)
    name = f"{store.path.stem}-{now:%Y-%m-%d-%H%M%S}.db"
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
    copy_store(store, target, progress=progress)
    with store.sessions.write() as session:
        log_store_event(session, "backup", f"Reservekopie gemaakt: {target}", user=user, now=now)
    return target


# -- restore ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    path: Path | str  # the store: its file, or its URL without password
    aside: Path | None  # where the replaced store was kept
    revision: str  # the schema revision of the backup, before any migration


def _inspect(candidate: Path, backup: Path) -> str:
    """Refuse a copy that is not a sound klachtendesk store of a schema we know."""
    engine = make_engine(candidate)
    try:
        with engine.connect() as connection:
            revision = stored_revision(connection)
            refuse_newer(revision, what=f"De reservekopie {backup.name}")
            problems = integrity_problems(connection)
            organisation = None
            if revision is not None and not problems:
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
        raise StoreError(f"{backup.name} is geen reservekopie van een klachtendesk-databank; er is "
                         "niets teruggezet.")
    return revision


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
            progress: Progress = no_progress) -> Restored:
    """Put ``backup`` in place of the store at ``where``, keeping the current store aside.

    The copy is checked (integrity, schema not newer than the program) before anything is
    moved, so a refused restore leaves the current store exactly as it was.
    """
    location = parse_location(where)
    if location.is_postgresql:
        from klachtendesk.store import server_backup

        restored: Restored = server_backup.restore(location, backup, user=user, now=now)
        return restored
    path = location.path
    assert path is not None
    if not backup.is_file():
        raise StoreError(f"De reservekopie {backup} bestaat niet.")
    with backup.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
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
        with backup.open("rb") as source, candidate.open("wb") as target, \
                watch_growth(candidate, backup.stat().st_size, progress):
            shutil.copyfileobj(source, target)
        revision = _inspect(candidate, backup)
        for suffix in ("-wal", "-shm"):  # _inspect's last connection folded its WAL in
            Path(f"{candidate}{suffix}").unlink(missing_ok=True)
        aside = _move_aside(path, now) if path.exists() else None
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
        note = f"Reservekopie {backup.name} teruggezet"
        if aside is not None:
            note += f"; de vorige databank staat in {aside.name}"
        with guarded(path), store.sessions.write() as session:
            log_store_event(session, "restored", note, user=user, now=now)
    finally:
        store.close()
    return Restored(path=path, aside=aside, revision=revision)
