"""Opening a store: the file, its permissions, the connection pragmas and transactions.

Every connection runs in WAL mode with foreign keys on and a busy timeout, so a second
terminal waits for a write instead of failing. Reads use a deferred BEGIN; writes use
``BEGIN IMMEDIATE`` (``Store.write()``): a deferred transaction that later writes can
fail or lose its update when another process wrote in between.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import Session

from klachtendesk.store.errors import StoreError

#: How long a write waits for another terminal's write before giving up.
BUSY_TIMEOUT_MS = 8000
BUSY_TIMEOUT_ENV = "KLACHTENDESK_BUSY_TIMEOUT_MS"
SQLITE_HEADER = b"SQLite format 3\x00"


def busy_timeout_ms() -> int:
    """The busy timeout: ``$KLACHTENDESK_BUSY_TIMEOUT_MS`` (tests, slow shares) or 8 s."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    try:
        return max(0, int(raw)) if raw else BUSY_TIMEOUT_MS
    except ValueError:
        return BUSY_TIMEOUT_MS


def _configurer(timeout_ms: int) -> Callable[[sqlite3.Connection, object], None]:
    def configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # The driver must not open transactions itself: the "begin" hook below does.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode and str(mode[0]).lower() != "wal" and not _is_memory(dbapi_connection):
            cursor.close()
            raise StoreError("De databank kan niet in WAL-modus werken (alleen-lezen of netwerkmap?).")
        # FULL, not NORMAL: in WAL mode NORMAL can lose the last commits on a power cut.
        # A register is a legal record and a desk commits a few times a minute, so the
        # extra fsync per commit costs nothing a user notices.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    return configure


def _is_memory(connection: sqlite3.Connection) -> bool:
    row = connection.execute("PRAGMA database_list").fetchone()
    return not row or not row[2]


def _begin(conn) -> None:  # type: ignore[no-untyped-def]
    immediate = conn.get_execution_options().get("klachtendesk_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def check_file(path: Path) -> None:
    """Refuse early, with a clear message, what SQLite would fail on later."""
    if not path.parent.is_dir():
        raise StoreError(f"De map {path.parent} bestaat niet. Maak ze eerst aan of kies een ander pad met --db.")
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"{path} is een map, geen databank.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise StoreError(f"Geen toegang tot {path}: controleer de rechten van het bestand.") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is geen klachtendesk-databank (geen SQLite-bestand).")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StoreError(
            f"De databank {path} is alleen-lezen: klachtendesk moet erin kunnen schrijven "
            "(ook in de map, voor het WAL-bestand)."
        )


def create_file(path: Path) -> None:
    """Create an empty store file readable by its owner only (0600)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def make_engine(path: Path) -> Engine:
    timeout_ms = busy_timeout_ms()
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": timeout_ms / 1000},
    )
    event.listen(engine, "connect", _configurer(timeout_ms))
    event.listen(engine, "begin", _begin)
    return engine


def translate(err: Exception, path: Path) -> StoreError:
    """A Dutch message for what SQLite reports."""
    text = str(getattr(err, "orig", err)).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"De databank {path} is bezet door een ander programma. Probeer het zo dadelijk opnieuw."
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(f"De databank {path} is alleen-lezen.")
    if "full" in text:
        return StoreError("De schijf is vol: de wijziging is niet bewaard. Maak ruimte vrij en probeer opnieuw.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreError(
            f"De databank {path} is beschadigd. Zet een reservekopie terug met 'klachtendesk restore'."
        )
    if "disk i/o" in text:
        return StoreError(
            f"De schijf gaf een fout bij het lezen of schrijven van {path}; de wijziging is niet "
            "bewaard. Controleer de schijf (of de netwerkverbinding) en probeer opnieuw."
        )
    if "unable to open" in text:
        return StoreError(f"De databank {path} kan niet geopend worden.")
    return StoreError(f"Databankfout: {getattr(err, 'orig', err)}")


@contextmanager
def guarded(path: Path) -> Iterator[None]:
    """Turn SQLite errors into StoreError with a Dutch message."""
    try:
        yield
    except (OperationalError, DatabaseError, sqlite3.Error) as err:
        raise translate(err, path) from err


class Sessions:
    """Read and write sessions on one engine. One session per unit of work and thread."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        self._write_engine = engine.execution_options(klachtendesk_write=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        # Closing (not rolling back) ends the transaction and keeps loaded objects usable.
        with guarded(self.path), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE); commits at the end, rolls back on error."""
        with guarded(self.path), Session(self._write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
