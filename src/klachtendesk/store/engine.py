"""Opening a store: the file and its permissions (SQLite), the engine, and transactions.

Reads and writes have their own sessions: ``Sessions.write()`` takes the store's write lock
at the start of the transaction (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on
PostgreSQL; see store/engines/), so two writers follow each other and a read-check-write
never loses another's update. Every engine error leaves here as a StoreError with one Dutch
line (``guarded``).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from klachtendesk.store import engines
from klachtendesk.store.errors import StoreError
from klachtendesk.store.location import Location, parse_location

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


def not_a_regular_file(path: Path) -> str | None:
    """The Dutch line for a path that exists but is not a regular file (a folder, a device
    such as /dev/null, a FIFO, a socket, a link to nothing); None for a regular file or a
    path that does not exist. Never opens the path: a FIFO would hang."""
    try:
        info = os.stat(path)  # follows a symbolic link to the file it names
    except FileNotFoundError:
        if os.path.islink(path):
            return (f"{path} is een symbolische koppeling naar een bestand dat niet bestaat; kies een "
                    "gewoon bestand.")
        return None
    except OSError as err:
        return f"{path} kan niet gelezen worden ({err.strerror})."
    if stat.S_ISDIR(info.st_mode):
        return f"{path} is een map, geen databank; geef een bestandsnaam (bv. {path / 'klachtendesk.db'})."
    if not stat.S_ISREG(info.st_mode):
        return (f"{path} is geen gewoon bestand (maar een apparaat, pipe of socket); kies een "
                "gewoon bestand.")
    return None


def check_file(path: Path, *, writable: bool = True) -> None:
    """Refuse early, with a clear message, what SQLite would fail on later. Only a regular
    file (or a path that does not exist yet) is ever opened as a store."""
    if not path.parent.is_dir():
        raise StoreError(f"De map {path.parent} bestaat niet. Maak ze eerst aan of kies een ander pad met --db.")
    problem = not_a_regular_file(path)
    if problem:
        raise StoreError(problem)
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise StoreError(f"Geen toegang tot {path}: controleer de rechten van het bestand.") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is geen klachtendesk-databank (geen SQLite-bestand).")
    if writable and (not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)):
        raise StoreError(
            f"De databank {path} is alleen-lezen: klachtendesk moet erin kunnen schrijven "
            "(ook in de map, voor het WAL-bestand)."
        )


def create_file(path: Path) -> None:
    """Create an empty store file readable by its owner only (0600)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def make_engine(where: Path | Location) -> Engine:
    location = where if isinstance(where, Location) else parse_location(where)
    engine: Engine = engines.named(location.kind).make_engine(location, busy_timeout_ms())
    return engine


def translate(err: BaseException, where: Path | Location) -> StoreError:
    """A Dutch message for what the engine reports; never with a password."""
    location = where if isinstance(where, Location) else parse_location(where)
    engine = engines.named(location.kind)
    if location.is_postgresql:
        return engine.translate(err, str(location), location.password)  # type: ignore[no-any-return]
    return engine.translate(err, str(location))  # type: ignore[no-any-return]


def _is_driver_error(err: BaseException) -> bool:
    if isinstance(err, sqlite3.Error):
        return True
    psycopg = sys.modules.get("psycopg")  # loaded only when a PostgreSQL store is open
    return psycopg is not None and isinstance(err, psycopg.Error)


@contextmanager
def guarded(where: Path | Location) -> Iterator[None]:
    """Turn the engine's errors into StoreError with a Dutch message."""
    try:
        yield
    except DBAPIError as err:
        raise translate(err, where) from err
    except Exception as err:
        if _is_driver_error(err):
            raise translate(err, where) from err
        raise


class Sessions:
    """Read and write sessions on one engine. One session per unit of work and thread."""

    def __init__(self, engine: Engine, path: Path | Location) -> None:
        self.engine = engine
        self.path = path
        self._write_engine = engine.execution_options(klachtendesk_write=True)
        #: Case columns this login may not read (store/hidden_columns.py).
        self.hidden_case_columns: tuple[str, ...] = ()
        self._refusal: str | None = None

    def _info(self) -> dict[str, object]:
        from klachtendesk.store import hidden_columns

        return {hidden_columns.INFO_KEY: self.hidden_case_columns} if self.hidden_case_columns else {}

    def refuse_writes(self, reason: str) -> None:
        """From now on every write is refused with ``reason``; the engine itself refuses
        them too (SQLite's query_only, PostgreSQL's read-only transactions)."""
        self._refusal = reason
        engines.of(self.engine).make_read_only(self.engine)

    @property
    def write_engine(self) -> Engine:
        """The engine whose transactions take the write lock at their start."""
        return self._write_engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        # Closing (not rolling back) ends the transaction and keeps loaded objects usable.
        with guarded(self.path), Session(self.engine, expire_on_commit=False, info=self._info()) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE); commits at the end, rolls back on error."""
        if self._refusal is not None:
            raise StoreError(self._refusal)
        with guarded(self.path), Session(self._write_engine, expire_on_commit=False,
                                          info=self._info()) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
