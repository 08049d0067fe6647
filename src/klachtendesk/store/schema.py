"""The store's schema against the one the migrations create: foreign SQL is named, never run.

A store holds only what migrations/ made: its tables, columns, indexes, triggers and views
(on PostgreSQL also its sequences, functions, rules and row-level security policies). An
extra trigger runs with every change (it can rewrite the event log, or copy names where
retention never reaches), a missing one leaves the search index behind. So ``restore`` and
``check`` refuse a store whose schema differs, naming each object in Dutch, and a store
opened with foreign objects is opened read-only (store/database.py); the desk and the
commands then do not work with it at all (README, "Backups, checks and restore").

The expected schema is not a list kept by hand: it is what the migrations create, up to
the store's revision, in a scratch place: an in-memory SQLite database, or on PostgreSQL a
scratch schema inside a transaction that is rolled back. A new migration is covered
without a change here. Running the migrations takes about a second (Alembic's import
included), so the result is kept in the user's cache folder, under a key made of the
migration scripts themselves (and the code that describes the objects), the revision and
the engine's version: start-up reads one small file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine
from sqlalchemy.exc import DBAPIError

from klachtendesk.store import engines
from klachtendesk.store.errors import StoreError

SchemaObject = tuple[str, str, str, str]  # kind, name, table ("" when none), detail

_WORDS = {"table": "tabel", "column": "kolom", "index": "index", "trigger": "trigger", "view": "view",
          "sequence": "reeks", "function": "functie", "rule": "regel", "policy": "beveiligingsregel (RLS)"}
#: How many objects a message names before "en nog N".
NAMED = 5
CACHE_ENV = "KLACHTENDESK_SCHEMA_CACHE"

#: Raised when what schema_objects reads changes, so no cached expectation of before is used.
OBJECTS_FORMAT = 2

_memo: dict[str, frozenset[SchemaObject]] = {}


class SchemaUnknown(StoreError):
    """The expected schema cannot be derived here (a server user without CREATE rights)."""


def _cache_folder() -> Path:
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured)
    from platformdirs import user_cache_path

    return user_cache_path("klachtendesk", appauthor=False) / "schema"


def _migrations_digest() -> str:
    from klachtendesk.resources import migrations_dir

    digest = hashlib.sha256()
    # The engines' modules too: they say how an object is described (a changed description
    # must not compare a store with descriptions cached in the old way).
    sources = [*sorted(migrations_dir().rglob("*.py")), Path(engines.sqlite.__file__),
               Path(engines.postgresql.__file__)]
    for script in sources:
        digest.update(script.name.encode())
        digest.update(script.read_bytes())
    return digest.hexdigest()


def _engine_version(connection: Connection) -> str:
    if connection.dialect.name == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    return str(connection.exec_driver_sql("SHOW server_version_num").scalar())


def _team_roles(connection: Connection) -> bool:
    """Has the store the team server's roles? Migration 0007 makes them only when its owner
    may create roles (store/team_roles.py), so the expected schema follows the store."""
    if connection.dialect.name == "sqlite":
        return False
    from klachtendesk.store import team_roles

    return team_roles.installed(connection)


def _cache_key(connection: Connection, revision: str, roles: bool) -> str:
    import sqlalchemy

    raw = "|".join([_migrations_digest(), revision, connection.dialect.name, _engine_version(connection),
                    sqlalchemy.__version__, f"team_roles={roles}", f"format={OBJECTS_FORMAT}"])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def expected_objects(connection: Connection, revision: str, *, fresh: bool = False) -> frozenset[SchemaObject]:
    """What the migrations up to ``revision`` create on ``connection``'s engine (``fresh``:
    derived again, past the cache)."""
    roles = _team_roles(connection)
    key = _cache_key(connection, revision, roles)
    if key in _memo and not fresh:
        return _memo[key]
    cached = _cache_folder() / f"{key}.json"
    objects: frozenset[SchemaObject] | None = None
    if not fresh:
        try:
            objects = frozenset(tuple(item) for item in json.loads(cached.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            objects = None
    if objects is None or any(len(item) != 4 for item in objects):
        objects = frozenset(_derive(connection, revision, roles))
        _remember(cached, objects)
    _memo[key] = objects
    return objects


def _remember(cached: Path, objects: frozenset[SchemaObject]) -> None:
    from klachtendesk.outfile import write_private

    try:
        cached.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private(cached, json.dumps(sorted(objects)).encode(), force=True)
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs time
        pass


def _run_migrations(connection: Connection, revision: str, roles: bool = False) -> None:
    from alembic import command

    from klachtendesk.store.migrate import _alembic_config

    command.upgrade(_alembic_config(connection, team_roles=roles), revision)


def _derive(connection: Connection, revision: str, roles: bool) -> set[SchemaObject]:
    if connection.dialect.name == "sqlite":
        scratch = create_engine("sqlite://")
        try:
            with scratch.begin() as into:
                _run_migrations(into, revision)
                found: set[SchemaObject] = engines.sqlite.schema_objects(into)
        finally:
            scratch.dispose()
        return found
    # PostgreSQL: a scratch schema first on the search path, in a transaction rolled back.
    name = f"klachtendesk_expected_{os.urandom(6).hex()}"
    try:
        return _derive_on_server(connection, name, revision, roles)
    except DBAPIError as err:
        if getattr(err.orig, "sqlstate", "") == "42501":  # insufficient_privilege
            raise SchemaUnknown("het verwachte schema kan niet bepaald worden: deze gebruiker mag geen schema "
                                "aanmaken in de databank (CREATE-recht nodig)") from None
        raise


def _derive_on_server(connection: Connection, name: str, revision: str, roles: bool) -> set[SchemaObject]:
    with connection.engine.connect() as scratch_connection:
        transaction = scratch_connection.begin()
        try:
            scratch_connection.exec_driver_sql("SET TRANSACTION READ WRITE")
            scratch_connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
            # Only the scratch schema is visible, so the migrations (and Alembic's look for
            # its version table) never see the store's own tables. The unaccent extension
            # is installed once per database, where the store's first migration put it: a
            # dictionary of that template in the scratch schema lets 0001 map to it.
            extension = scratch_connection.exec_driver_sql(
                "SELECT n.nspname FROM pg_extension AS e JOIN pg_namespace AS n ON n.oid = e.extnamespace "
                "WHERE e.extname = 'unaccent'").scalar()
            if extension:
                scratch_connection.exec_driver_sql(
                    f"CREATE TEXT SEARCH DICTIONARY \"{name}\".unaccent "
                    f"(TEMPLATE = \"{extension}\".unaccent, RULES = 'unaccent')")
            scratch_connection.exec_driver_sql(f'SET LOCAL search_path TO "{name}"')
            _run_migrations(scratch_connection, revision, roles)
            found = engines.postgresql.schema_objects(scratch_connection, name)
        finally:
            transaction.rollback()
    return found


def differences(actual: set[SchemaObject] | frozenset[SchemaObject],
                expected: set[SchemaObject] | frozenset[SchemaObject]) -> list[str]:
    """One Dutch phrase per object that is extra, missing or changed ("extra trigger x op event")."""
    actual_by_key = {item[:3]: item[3] for item in actual}
    expected_by_key = {item[:3]: item[3] for item in expected}
    extra_tables = {name for kind, name, _t in actual_by_key if kind == "table"} - {
        name for kind, name, _t in expected_by_key if kind == "table"}
    missing_tables = {name for kind, name, _t in expected_by_key if kind == "table"} - {
        name for kind, name, _t in actual_by_key if kind == "table"}
    lines = []
    for key in sorted(set(actual_by_key) | set(expected_by_key)):
        kind, name, table = key
        if kind == "column" and (table in extra_tables or table in missing_tables):
            continue  # the table is named already
        if key not in expected_by_key:
            state = "extra"
        elif key not in actual_by_key:
            state = "ontbrekende"
        elif actual_by_key[key] != expected_by_key[key]:
            state = "gewijzigde"
        else:
            continue
        lines.append(f"{state} {_WORDS.get(kind, kind)} {name}" + (f" op {table}" if table and kind != "column"
                                                                     else ""))
    # What runs code comes first: a foreign trigger matters more than a missing index.
    order = ("trigger", "rule", "function", "policy", "view", "table", "column", "index", "sequence")
    return sorted(lines, key=lambda line: next((n for n, kind in enumerate(order) if _WORDS[kind] in line),
                                               len(order)))


def foreign_objects(connection: Connection, revision: str) -> list[str]:
    """The differences between the store on ``connection`` (at ``revision``) and the
    schema its migrations create; empty when the store is exactly ours."""
    actual: set[SchemaObject] = engines.of(connection).schema_objects(connection)
    found = differences(actual, expected_objects(connection, revision))
    if found:
        # Before a store is called foreign, the migrations run again past the cache: what
        # they create may depend on the server (a migration that installs roles and policies
        # only once the owner may create roles), which the cache's key cannot know.
        found = differences(actual, expected_objects(connection, revision, fresh=True))
    return found


def summary(lines: list[str]) -> str:
    """The first few differences in one phrase: "extra trigger x op event; extra tabel y en nog 3"."""
    named = "; ".join(lines[:NAMED])
    if len(lines) > NAMED:
        named += f" en nog {len(lines) - NAMED}"
    return named


def foreign_message(where: Any, lines: list[str]) -> str:
    """The Dutch line for a store opened with foreign objects: nothing writes to it, and the
    desk and the commands do not work with it (each records who did what)."""
    return (f"De databank {where} bevat SQL die klachtendesk niet heeft gemaakt ({summary(lines)}): klachtendesk "
            "werkt er niet mee, zodat die SQL nooit uitgevoerd wordt (er is niets gewijzigd). Zet een goede "
            "reservekopie terug met 'klachtendesk restore' of laat de beheerder de objecten verwijderen; "
            "'klachtendesk check' toont ze allemaal.")
