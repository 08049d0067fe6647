"""The store engines the tests run on: SQLite always, PostgreSQL when a server is given.

``KLACHTENDESK_TEST_POSTGRES`` holds the URL of a PostgreSQL server's maintenance database
with a role that may create databases (``.ci/run`` starts a throwaway server and sets it;
``.ci/postgres-server start`` makes one by hand). Each test that runs on PostgreSQL gets
databases of its own, created empty and dropped afterwards. Without the variable those
tests are skipped, saying why, so a laptop without a server still runs everything else.

A test module opts in with ``pytestmark = both_engines``; a test in it that checks what
only one engine has (SQLite's file, its WAL, its pragmas) says ``@sqlite_only``.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_ENV = "KLACHTENDESK_TEST_POSTGRES"
SQLITE, POSTGRESQL = "sqlite", "postgresql"

both_engines = pytest.mark.both_engines
sqlite_only = pytest.mark.sqlite_only
postgresql_only = pytest.mark.postgresql_only

SKIP_REASON = (f"PostgreSQL tests skipped: no server given (set {POSTGRES_ENV} to a postgresql:// URL of a "
               "role that may create databases; .ci/run starts one)")

_counter = itertools.count(1)


def server_url() -> str | None:
    return os.environ.get(POSTGRES_ENV, "").strip() or None


_checked: list[str] = []


def server_problem() -> str:
    """Why the server in KLACHTENDESK_TEST_POSTGRES cannot be used ('' when it can); asked once."""
    if not _checked:
        from sqlalchemy import text

        try:
            engine = _admin()
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            engine.dispose()
            _checked.append("")
        except Exception as err:  # noqa: BLE001 - reported as the test's failure
            _checked.append(f"{POSTGRES_ENV} is set but its server cannot be used: {type(err).__name__}")
    return _checked[0]


def _admin():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    url = server_url()
    assert url is not None
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT",
                         poolclass=__import__("sqlalchemy.pool", fromlist=["NullPool"]).NullPool)


def database_url(name: str) -> str:
    url = server_url()
    assert url is not None
    return url.rsplit("/", 1)[0] + "/" + name


def login_prefix(database: str) -> str:
    """The prefix of the logins a test makes on the server for ``database``: dropped with it."""
    return database.replace("kd_test_", "u", 1) + "_"


class Databases:
    """Fresh, empty PostgreSQL databases for one test; all dropped when it ends."""

    def __init__(self) -> None:
        self.made: list[str] = []

    def new(self) -> str:
        from sqlalchemy import text

        name = f"kd_test_{os.getpid()}_{next(_counter)}"
        engine = _admin()
        try:
            with engine.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY FILE_COPY'))
        finally:
            engine.dispose()
        self.made.append(name)
        return database_url(name)

    def drop_all(self) -> None:
        if not self.made:
            return
        from sqlalchemy import text

        engine = _admin()
        try:
            with engine.connect() as connection:
                for name in self.made:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                # The roles are the server's, not the database's: the store's groups
                # (kd_<name>_...) and the logins a test made (login_prefix).
                patterns = [f"kd\\_{name}\\_%" for name in self.made]
                patterns += [login_prefix(name).replace("_", "\\_") + "%" for name in self.made]
                for (role,) in connection.execute(text(
                        "SELECT rolname FROM pg_roles WHERE rolname LIKE ANY(:patterns)"), {"patterns": patterns}):
                    connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        finally:
            engine.dispose()
        self.made.clear()


class Locations:
    """Where a test's stores go on its engine: files in tmp_path, or new databases."""

    def __init__(self, engine: str, tmp_path: Path, databases: Databases) -> None:
        self.engine = engine
        self.tmp_path = tmp_path
        self.databases = databases

    def __call__(self, name: str = "store") -> str | Path:
        if self.engine == SQLITE:
            return self.tmp_path / f"{name}.db"
        return self.databases.new()


def databases_fixture() -> Iterator[Databases]:
    databases = Databases()
    try:
        yield databases
    finally:
        databases.drop_all()
