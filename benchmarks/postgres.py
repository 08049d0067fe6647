"""The benchmark stores on a PostgreSQL server: the generated SQLite store, loaded as it is.

``run.py --engine postgresql --server URL`` measures the same figures on a team server
(URL: a role that may create databases, on its maintenance database; ``.ci/postgres-server
start`` makes a throwaway one). Each size's store is the SQLite store the generator made,
copied table by table with COPY into a database named after it, with the schema from the
migrations: the same cases, ids and events on both engines, so the figures compare. The
secondary indexes are dropped during the load and made again afterwards, then the tables
are vacuumed and analysed, as a server's autovacuum leaves a store that has been in use.
A comment on the database records what it was loaded from, so a run reuses it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import psycopg

from klachtendesk.store.copy import tables
from klachtendesk.store.engine import make_engine
from klachtendesk.store.migrate import upgrade_connection

LOADED = "klachtendesk-bench"


def database_url(server: str, name: str) -> str:
    return server.rsplit("/", 1)[0] + "/" + name


def _admin(server: str) -> psycopg.Connection[Any]:
    return psycopg.connect(server, autocommit=True)


def database_name(store: Path) -> str:
    return "kdb_" + re.sub(r"[^a-z0-9]+", "_", store.stem.lower())


def _comment(server: str, name: str) -> dict[str, Any] | None:
    with _admin(server) as admin:
        row = admin.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                            (name,)).fetchone()
    if row is None or not row[0]:
        return None
    try:
        found = json.loads(row[0])
    except ValueError:
        return None
    return found if isinstance(found, dict) and found.get("by") == LOADED else None


def drop(server: str, name: str) -> None:
    with _admin(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_database(server: str, template: str, name: str) -> str:
    """A copy of a loaded database (CREATE DATABASE ... TEMPLATE): a store to write to."""
    drop(server, name)
    with _admin(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    return database_url(server, name)


def ensure_loaded(server: str, store: Path) -> tuple[str, str]:
    """(URL, how) of the database holding the generated SQLite store ``store``."""
    name = database_name(store)
    marker = json.loads(store.with_name(store.name + ".json").read_text())
    found = _comment(server, name)
    if found is not None and found.get("source") == marker:
        return database_url(server, name), f"loaded earlier in {found['seconds']:.1f} s"
    started = time.perf_counter()
    drop(server, name)
    with _admin(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    url = database_url(server, name)
    _load(url, store)
    seconds = time.perf_counter() - started
    comment = json.dumps({"by": LOADED, "source": marker, "seconds": seconds}).replace("'", "''")
    with _admin(server) as admin:
        admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{comment}'")
    return url, f"loaded from the SQLite store in {seconds:.1f} s"


def _load(url: str, store: Path) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:  # the schema, exactly as the migrations make it
            upgrade_connection(connection)
    finally:
        engine.dispose()
    source = sqlite3.connect(store)
    try:
        with psycopg.connect(url) as target:
            indexes = target.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename IN ('case_file', 'event') AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint)").fetchall()
            for name, _definition in indexes:
                target.execute(f'DROP INDEX "{name}"')
            for table in tables():
                columns = [c.name for c in table.columns]
                types = {c.name: _python_type(c.type) for c in table.columns}
                quoted = ", ".join(f'"{c}"' for c in columns)
                with target.cursor().copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                    for row in source.execute(f'SELECT {quoted} FROM "{table.name}" ORDER BY 1'):
                        copy.write_row([_value(v, types[c]) for v, c in zip(row, columns, strict=True)])
            for table in tables():
                if "id" in table.c and table.c.id.primary_key:
                    target.execute(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                   f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)")
            for _name, definition in indexes:
                target.execute(definition)
            target.commit()
        with psycopg.connect(url, autocommit=True) as target:
            target.execute("VACUUM ANALYZE")
    finally:
        source.close()


def _python_type(sql_type: Any) -> Any:
    try:
        return sql_type.python_type
    except NotImplementedError:
        return str


def _value(value: Any, kind: Any) -> Any:
    if value is None:
        return None
    if kind is bool:
        return bool(value)
    return value


def plain_query(url: str, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """SQL written with ``:name`` parameters, over a bare psycopg connection."""
    converted = re.sub(r"(?<!:):([a-z_][a-z0-9_]*)", r"%(\1)s", sql)
    with psycopg.connect(url) as connection:
        return [tuple(row) for row in connection.execute(converted, params or {}).fetchall()]
