"""Backups and restore of a store on a PostgreSQL server (``klachtendesk backup`` / ``restore``).

A copy on demand is a ``pg_dump`` archive in custom format (``.dump``) when PostgreSQL's
client tools are installed, else a portable copy of its own: the whole store as a SQLite
file (``.db``, made by store/copy.py and checked like any SQLite backup), which can also be
opened directly. Copies go to the user data directory's ``backups/`` (or where the user
says), are written under a temporary name, checked, and then renamed: complete or absent.
The server's own backups (a nightly ``pg_dump``, or its base backups) are the team's real
safety net: see README, "Team server".

Restore checks the copy first (readable, a klachtendesk store, a schema this program
knows), refuses while another workstation is connected, keeps the current contents aside
as a copy, and then replaces them in one transaction: a failure changes nothing.
The password is passed to the client tools in their environment, never on a command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

from klachtendesk.domain.store_events import BACKUP_NOTE, RESTORED_ASIDE, RESTORED_NOTE
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.engine import SQLITE_HEADER, guarded, make_engine
from klachtendesk.store.errors import StoreError
from klachtendesk.store.location import Location, redact
from klachtendesk.store.migrate import NEWER_SCHEMA_EXIT, refuse_newer, stored_revision

ARCHIVE_HEADER = b"PGDMP"
ARCHIVE_SUFFIX = ".dump"
PORTABLE_SUFFIX = ".db"
#: Seconds a dump or restore may take before it is given up.
TOOL_TIMEOUT = 3600


def backup_folder() -> Path:
    from platformdirs import user_data_path

    return user_data_path("klachtendesk", appauthor=False) / "backups"


def client_tool(name: str) -> str | None:
    """``pg_dump`` or ``pg_restore`` when PostgreSQL's client tools are installed."""
    return shutil.which(name)


def _tool_env(location: Location) -> dict[str, str]:
    env = dict(os.environ)
    if location.password:
        env["PGPASSWORD"] = location.password
    return env


def _tool_url(location: Location) -> str:
    return location.without_password()


def _run(location: Location, args: list[str], what: str) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(args, env=_tool_env(location), capture_output=True, timeout=TOOL_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise StoreError(f"{what} mislukt ({redact(str(err), location.password)}).") from None
    if done.returncode != 0:
        message = redact(done.stderr.decode("utf-8", "replace").strip(), location.password)
        first = message.splitlines()[-1] if message else f"afsluitcode {done.returncode}"
        raise StoreError(f"{what} mislukt: {first.removeprefix('pg_dump: ').removeprefix('pg_restore: ')}")
    return done


def _target(store: Any, dest: Path | None, now: datetime, suffix: str) -> Path:
    """Where a copy goes; named by the machine's clock, never by ``--today`` (``now`` is
    kept for the callers' signature and dates nothing here)."""
    from klachtendesk import clock

    name = f"{store.location.database}-{clock.wall_now():%Y-%m-%d-%H%M%S}{suffix}"
    if dest is None:
        folder = backup_folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder / name
    if dest.is_dir():
        return dest / name
    if not dest.parent.is_dir():
        raise StoreError(f"De map {dest.parent} bestaat niet.")
    return dest


def write_copy(store: Any, target: Path) -> Path:
    """Write a checked copy of the store to ``target``: a pg_dump archive, or with a
    ``.db`` name (or without pg_dump) a portable SQLite copy. Written through the shared
    private writer (klachtendesk/outfile.py): complete and checked, or absent."""
    from klachtendesk.domain.errors import DomainError
    from klachtendesk.outfile import private_file

    if target.exists():
        raise StoreError(f"{target} bestaat al; kies een andere naam.")
    try:
        with private_file(target) as temp:
            if target.suffix == PORTABLE_SUFFIX or client_tool("pg_dump") is None:
                temp.unlink()  # the portable copy makes its own file
                _portable_copy(store, temp)
            else:
                _run(store.location, [client_tool("pg_dump") or "pg_dump", "--format=custom", "--no-owner",
                                      "--no-privileges", f"--file={temp}", f"--dbname={_tool_url(store.location)}"],
                     "De reservekopie (pg_dump)")
                _archive_revision(store.location, temp)  # readable, and a klachtendesk store
    except DomainError as err:
        raise StoreError(f"De reservekopie is niet gemaakt: {err.message}") from None
    return target


def _portable_copy(store: Any, temp: Path) -> None:
    from klachtendesk.store.copy import copy_store

    copy_store(store, temp)
    import sqlite3

    connection = sqlite3.connect(temp, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        connection.close()


def backup_to(store: Any, dest: Path | None, *, user: str, now: datetime) -> Path:
    suffix = ARCHIVE_SUFFIX if client_tool("pg_dump") is not None else PORTABLE_SUFFIX
    target = write_copy(store, _target(store, dest, now, suffix))
    with store.sessions.write() as session:
        log_store_event(session, "backup", BACKUP_NOTE, user=user, now=now)
    return target


# -- restore ------------------------------------------------------------------------------

_COPY_BLOCK = re.compile(r"^COPY [^\n]*\(([^)]*)\) FROM stdin;\n(.*?)^\\\.$", re.MULTILINE | re.DOTALL)


def _archive_table(location: Location, archive: Path, table: str) -> list[dict[str, str]]:
    """The rows of one table in a pg_dump archive (its COPY data, read with pg_restore)."""
    tool = client_tool("pg_restore")
    if tool is None:
        raise StoreError(f"{archive.name} is een pg_dump-archief, maar pg_restore is niet geïnstalleerd "
                         "(Debian: apt-get install postgresql-client).")
    done = _run(location, [tool, "--data-only", f"--table={table}", "--file=-", str(archive)],
                f"Het lezen van {archive.name}")
    rows = []
    for match in _COPY_BLOCK.finditer(done.stdout.decode("utf-8", "replace")):
        columns = [c.strip().strip('"') for c in match[1].split(",")]
        for line in match[2].splitlines():
            rows.append(dict(zip(columns, line.split("\t"), strict=False)))
    return rows


def _archive_facts(location: Location, archive: Path) -> tuple[str, str]:
    """The schema revision and the organisation of a pg_dump archive."""
    try:
        versions = _archive_table(location, archive, "alembic_version")
        organisation = [r for r in _archive_table(location, archive, "setting") if r.get("key") == "org.organisation"]
    except StoreError as err:
        raise StoreError(f"De reservekopie {archive.name} is beschadigd of onleesbaar; er is niets teruggezet. "
                         f"({err.message})") from None
    if not versions or not organisation:
        raise StoreError(f"{archive.name} is geen reservekopie van een klachtendesk-databank; er is niets "
                         "teruggezet.")
    revision = versions[0].get("version_num", "")
    refuse_newer(revision, what=f"De reservekopie {archive.name}")
    return revision, organisation[0].get("value", "")


def _archive_revision(location: Location, archive: Path) -> str:
    return _archive_facts(location, archive)[0]


#: What an archive's table of contents lists, as store/engines/postgresql.py names it.
_TOC_KINDS = {"TABLE": "table", "VIEW": "view", "MATERIALIZED VIEW": "view", "INDEX": "index",
              "TRIGGER": "trigger", "FUNCTION": "function", "PROCEDURE": "function", "RULE": "rule",
              "POLICY": "policy", "SEQUENCE": "sequence", "CONSTRAINT": "constraint"}
#: Kinds whose entry names the table first ("TRIGGER public case_file name owner").
_ON_TABLE = {"trigger", "rule", "policy", "constraint"}
_TOC_ENTRY = re.compile(r"^\d+; \d+ \d+ (?P<body>.+)$")
#: Entries of other kinds that begin like one above ("TABLE DATA", "FK CONSTRAINT").
_TOC_OTHER = ("TABLE DATA", "FK CONSTRAINT", "SEQUENCE SET", "SEQUENCE OWNED BY", "MATERIALIZED VIEW DATA",
              "ROW SECURITY", "DEFAULT ACL", "DEFAULT")


def archive_objects(location: Location, archive: Path) -> set[tuple[str, str, str, str]]:
    """The tables, views, indexes, triggers, functions, rules, policies and sequences an
    archive would create (its table of contents, ``pg_restore --list``), without details."""
    tool = client_tool("pg_restore")
    if tool is None:
        raise StoreError(f"{archive.name} is een pg_dump-archief, maar pg_restore is niet geïnstalleerd "
                         "(Debian: apt-get install postgresql-client).")
    listing = _run(location, [tool, "--list", str(archive)], f"Het lezen van {archive.name}").stdout
    found = set()
    kinds = sorted([*_TOC_KINDS, *_TOC_OTHER], key=len, reverse=True)  # "TABLE DATA" before "TABLE"
    for line in listing.decode("utf-8", "replace").splitlines():
        entry = _TOC_ENTRY.match(line.strip())
        if not entry:
            continue
        body = entry["body"]
        kind_text = next((k for k in kinds if body.startswith(k + " ")), None)
        if kind_text not in _TOC_KINDS:
            continue
        # "<schema> <name> <owner>", or for a trigger, rule, policy or constraint
        # "<schema> <table> <name> <owner>".
        words = body[len(kind_text) + 1:].split(" ", 1)[-1].rsplit(" ", 1)[0]
        kind = _TOC_KINDS[kind_text]
        if kind in _ON_TABLE:
            table, _, name = words.partition(" ")
            found.add((kind, name, table, ""))
        else:
            found.add((kind, words, "", ""))
    return found


def _archive_foreign(location: Location, archive: Path, revision: str) -> list[str]:
    from klachtendesk.store import schema

    engine = make_engine(location)
    try:
        with guarded(location), engine.connect() as connection:
            expected = schema.expected_objects(connection, revision)
            connection.rollback()
    finally:
        engine.dispose()
    listed = archive_objects(location, archive)
    # A primary key's or unique constraint's index is listed as its constraint.
    constraints = {name for kind, name, _t, _d in listed if kind == "constraint"}
    listed = {item for item in listed if item[0] != "constraint"}
    # The archive lists names only; an index or sequence entry carries no table.
    names = {(kind, name, table if kind in _ON_TABLE else "", "") for kind, name, table, _d in expected
             if kind in _TOC_KINDS.values() and not (kind == "index" and name in constraints)}
    return schema.differences(listed, names)


def _unpacked(backup: Path, folder: Path) -> Path:
    """A portable copy (``.db`` or ``.db.gz``) as a private temporary store file in
    ``folder``: it is checked and read there, the user's file is never opened for writing."""
    import tempfile

    from klachtendesk.store.backup import _unpack

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".terugzetten-", suffix=".db", dir=folder)
    os.close(fd)
    _unpack(backup, Path(name))
    return Path(name)


def _server_organisation(location: Location) -> str | None:
    engine = make_engine(location)
    try:
        with guarded(location), engine.connect() as connection:
            if stored_revision(connection) is None:
                return None
            value = connection.exec_driver_sql("SELECT value FROM setting WHERE key = 'org.organisation'").scalar()
            connection.rollback()
    except StoreError:
        return None
    finally:
        engine.dispose()
    return str(value) if value else None


def _others_connected(connection: Any) -> int:
    return int(connection.exec_driver_sql(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    ).scalar_one())


def restore(location: Location, backup: Path, *, user: str, now: datetime, other_organisation: bool = False) -> Any:
    from klachtendesk.store import schema
    from klachtendesk.store.backup import GZIP_MAGIC, Restored, _inspect, refuse_other_organisation
    from klachtendesk.store.database import Store
    from klachtendesk.store.engine import not_a_regular_file

    problem = not_a_regular_file(backup)
    if problem:
        raise StoreError(f"{problem} Er is niets teruggezet.")
    if not backup.is_file():
        raise StoreError(f"De reservekopie {backup} bestaat niet.")
    with backup.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    unpacked: Path | None = None
    try:
        if header.startswith(ARCHIVE_HEADER):
            revision, organisation = _archive_facts(location, backup)
            foreign = _archive_foreign(location, backup, revision)
            if foreign:
                raise StoreError(f"De reservekopie {backup.name} bevat SQL die klachtendesk niet heeft gemaakt "
                                 f"({schema.summary(foreign)}); er is niets teruggezet.")
        elif header == SQLITE_HEADER or header.startswith(GZIP_MAGIC):
            unpacked = _unpacked(backup, backup_folder())
            revision, organisation = _inspect(unpacked, backup)  # also refuses foreign SQL
        else:
            raise StoreError(f"{backup.name} is geen reservekopie van klachtendesk (geen pg_dump-archief of "
                             "SQLite-bestand).")
        refuse_other_organisation(backup, organisation, _server_organisation(location), allowed=other_organisation)
        engine = make_engine(location)
        try:
            with guarded(location), engine.connect() as connection:
                current = stored_revision(connection)
                others = _others_connected(connection)
                # Foreign SQL in the database restored into: its triggers would run while the
                # rows are replaced, and pg_restore --clean leaves objects it does not know.
                present = schema.foreign_objects(connection, current) if current is not None else []
                connection.rollback()
        finally:
            engine.dispose()
        if present:
            raise StoreError(f"De databank {location} bevat SQL die klachtendesk niet heeft gemaakt "
                             f"({schema.summary(present)}); laat de beheerder die eerst verwijderen of zet de kopie "
                             "terug in een nieuwe, lege databank. Er is niets teruggezet.")
        if others:
            raise StoreError("De databank is nog geopend op een andere werkpost of in een ander venster. Sluit "
                             "klachtendesk overal en probeer opnieuw; er is niets teruggezet.")
        aside = None
        if current is not None:  # keep what is there now, as a copy
            store = Store.open(location)
            try:
                aside = write_copy(store, _target(store, None, now, "-voor-terugzetten" + (
                    ARCHIVE_SUFFIX if client_tool("pg_dump") else PORTABLE_SUFFIX)))
            finally:
                store.close()
        if unpacked is None:
            _run(location, [client_tool("pg_restore") or "pg_restore", "--clean", "--if-exists",
                            "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
                            f"--dbname={_tool_url(location)}", str(backup)], "Terugzetten (pg_restore)")
        else:
            _replace_from_file(location, unpacked, backup.name)
    finally:
        if unpacked is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{unpacked}{suffix}").unlink(missing_ok=True)
    store = Store.open(location)  # migrates an older copy
    try:
        note = RESTORED_NOTE
        if aside is not None:
            note += RESTORED_ASIDE
        with store.sessions.write() as session:
            log_store_event(session, "restored", note, user=user, now=now)
    finally:
        store.close()
    return Restored(path=str(location), aside=aside, revision=revision)


def _replace_from_file(location: Location, backup: Path, shown: str) -> None:
    """Replace the database's contents by the portable copy's, in one transaction."""
    from klachtendesk.store.copy import clear_rows, copy_rows
    from klachtendesk.store.migrate import upgrade_connection

    source = make_engine(backup)
    target = make_engine(location)
    try:
        with guarded(location), target.execution_options(klachtendesk_write=True).begin() as into:
            upgrade_connection(into)
            with source.connect() as origin:
                if stored_revision(origin) != stored_revision(into):
                    # An older copy: bring a scratch copy up to date first.
                    raise StoreError(f"De reservekopie {shown} heeft een ouder schema; open ze eerst "
                                     "eenmaal met klachtendesk (--db) en probeer opnieuw. Er is niets teruggezet.",
                                     exit_code=NEWER_SCHEMA_EXIT - 1)
                clear_rows(into)
                copy_rows(origin, into)
                origin.rollback()
    finally:
        source.dispose()
        target.dispose()
