"""Checking a store without changing it: the engine's integrity and foreign-key checks,
the full-text index, and the schema version (``klachtendesk check``, restore).

On SQLite these are SQLite's own checks of the file. On PostgreSQL the server keeps the
files sound itself; the checks there read every table through the server (a damaged page
is an error), and look for indexes and constraints the server marked invalid.
Nothing here migrates or writes: a store that needs repair must be seen as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from klachtendesk.progress import Progress, no_progress
from klachtendesk.store.engine import check_file, guarded, make_engine, not_a_regular_file
from klachtendesk.store.errors import StoreError
from klachtendesk.store.location import Location, parse_location
from klachtendesk.store.migrate import HEAD_REVISION, refuse_newer, stored_revision

#: More lines than this about one check say nothing more to a user.
MAX_PROBLEMS = 20


@dataclass
class Health:
    path: Path | str  # the file, or the server's URL without its password
    revision: str | None
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    search_index: list[str] | None = None  # None: not checked (the file itself is damaged)
    #: What differs from the schema the migrations create (store/schema.py); None: not checked.
    foreign_objects: list[str] | None = None
    #: Why the schema was not compared (a server user without CREATE rights), or None.
    not_compared: str | None = None
    #: The team server's roles (an event log a desk role may change, security off); None on
    #: SQLite and on a server store without roles.
    access: list[str] | None = None

    @property
    def problems(self) -> list[str]:
        return (self.integrity + self.foreign_keys + (self.search_index or []) + (self.foreign_objects or [])
                + (self.access or []))

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def schema(self) -> str:
        if self.revision == HEAD_REVISION:
            return f"{self.revision} (actueel)"
        return (f"{self.revision or 'geen'} (ouder dan {HEAD_REVISION}; wordt bijgewerkt bij de "
                "volgende start)")


def problem_lines(rows: list[str]) -> list[str]:
    """integrity_check / quick_check rows as lines a user can read ("ok" means none)."""
    if rows == ["ok"]:
        return []
    lines = [line.strip() for row in rows for line in str(row).splitlines()]
    return [line for line in lines if line and not line.startswith("*** in database")]


def integrity_problems(connection: Connection) -> list[str]:
    return problem_lines([r[0] for r in connection.exec_driver_sql(f"PRAGMA integrity_check({MAX_PROBLEMS})")])


def foreign_key_problems(connection: Connection) -> list[str]:
    problems = []
    for table, rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        problems.append(f"tabel {table}, rij {rowid}: verwijst naar een ontbrekende rij in {parent}")
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def search_index_problems(write_engine: Engine) -> list[str]:
    """FTS5's own check compares the index with the case table (it needs the write lock,
    and is rolled back)."""
    with write_engine.connect() as connection:
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'case_fts'").first()
        if not exists:
            connection.rollback()
            return ["de zoekindex (case_fts) ontbreekt"]
        try:
            connection.exec_driver_sql("INSERT INTO case_fts(case_fts) VALUES ('integrity-check')")
        except (OperationalError, DatabaseError) as err:
            text = str(err.orig).lower()
            if "locked" in text or "busy" in text:
                raise
            connection.rollback()
            return ["de zoekindex komt niet overeen met de zaken (herstel: zet een reservekopie terug)"]
        connection.rollback()
    return []


def _damage_is_a_finding(check: Callable[[Connection], list[str]], connection: Connection) -> list[str]:
    """Where the damage is decides whether SQLite lists it or stops with "malformed";
    for ``check`` both are findings. A busy store is not: that still raises."""
    try:
        return check(connection)
    except DatabaseError as err:
        text = str(err.orig).lower()
        if "malformed" in text or "corrupt" in text:
            return [f"SQLite kon de controle niet afmaken: {err.orig}"]
        raise


def is_live_store(path: Path) -> bool:
    """A store in use is in WAL mode (its header says so); a backup, a copy made by
    ``backup``, is one self-contained file in rollback mode."""
    with path.open("rb") as handle:
        header = handle.read(20)
    return len(header) == 20 and header[18] == 2


def check_store(where: Path | str | Location, *, progress: Progress = no_progress) -> Health:
    """Run every check on the store at ``where``; StoreError when it cannot be read at all.

    Checks only read. A backup (a file not in WAL mode, or a compressed ``.db.gz`` copy) is
    checked on a private temporary copy: opening it would switch it to WAL mode, and the
    search-index check goes through SQLite's write path. A store in use is checked in
    place, in transactions that are rolled back. ``progress`` counts the three checks
    (integrity, references, search index).
    """
    location = parse_location(where)
    progress(0, 3)
    if location.is_postgresql:
        health = _check_server(location)
        progress(3, 3)
        return health
    path = location.path
    assert path is not None
    problem = not_a_regular_file(path)
    if problem:
        raise StoreError(problem)
    if path.exists() and path.stat().st_size > 0 and (_compressed(path) or not is_live_store(path)):
        return _check_copy(path, progress)
    check_file(path)
    if not path.exists() or path.stat().st_size == 0:
        raise StoreError(f"Er is geen databank op {path}.")
    return _check_file(path, path, progress)


def _compressed(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def _check_copy(path: Path, progress: Progress) -> Health:
    import shutil
    import tempfile

    from klachtendesk.store.backup import _unpack

    try:
        folder = Path(tempfile.mkdtemp(prefix=".klachtendesk-check-", dir=path.parent))
    except OSError:  # a read-only folder: the user's private temporary folder then
        folder = Path(tempfile.mkdtemp(prefix="klachtendesk-check-"))
    try:
        copy = folder / path.name.removesuffix(".gz")
        try:
            _unpack(path, copy)
        except OSError as err:
            raise StoreError(f"{path} kan niet gecontroleerd worden: er is geen plaats voor een tijdelijke "
                             f"kopie ({err.strerror}).") from None
        return _check_file(copy, path, progress)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_file(path: Path, shown: Path, progress: Progress) -> Health:
    from klachtendesk.store import schema

    engine = make_engine(path)
    try:
        with guarded(shown):
            with engine.connect() as connection:
                revision = stored_revision(connection)
                refuse_newer(revision)
                if revision is None:
                    raise StoreError(f"{shown} is een lege databank zonder klachtendesk-schema.")
                health = Health(path=shown, revision=revision)
                health.integrity = _damage_is_a_finding(integrity_problems, connection)
                connection.rollback()
                progress(1, 3)
                health.foreign_keys = _damage_is_a_finding(foreign_key_problems, connection)
                connection.rollback()
                if not health.integrity:
                    health.foreign_objects = schema.foreign_objects(connection, revision)
                    connection.rollback()
                progress(2, 3)
            if not health.integrity:  # FTS on a damaged file only repeats the damage
                health.search_index = search_index_problems(
                    engine.execution_options(klachtendesk_write=True))
    finally:
        engine.dispose()
    progress(3, 3)
    return health


def _check_server(location: Location) -> Health:
    from klachtendesk.store import team_roles
    from klachtendesk.store.engines import postgresql

    engine = make_engine(location)
    try:
        with guarded(location), engine.connect() as connection:
            revision = stored_revision(connection)
            refuse_newer(revision)
            if revision is None:
                raise StoreError(f"{location} is een lege databank zonder klachtendesk-schema.")
            health = Health(path=str(location), revision=revision)
            health.integrity = postgresql.integrity_problems(connection)[:MAX_PROBLEMS]
            health.foreign_keys = postgresql.foreign_key_problems(connection)[:MAX_PROBLEMS]
            health.search_index = postgresql.search_index_problems(connection)
            if team_roles.installed(connection):
                health.access = team_roles.problems(connection)[:MAX_PROBLEMS]
            connection.rollback()
            from klachtendesk.store import schema

            try:
                health.foreign_objects = schema.foreign_objects(connection, revision)
            except schema.SchemaUnknown as err:
                health.not_compared = err.message
            connection.rollback()
    finally:
        engine.dispose()
    return health
