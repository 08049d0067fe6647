"""Copying a whole store to another engine: SQLite to PostgreSQL and back (``copy-store``).

Every table of the models is copied row by row with its ids, the event log included, from
one consistent read of the source into one write transaction on the target: the target is
complete or, after any failure, as it was. Rows that point at a row of their own table (a
sub-category at its category, a repeated complaint at the earlier case) get that link in a
second pass, so the order of the ids never matters. Afterwards the counts are compared
table by table; ``copy-store`` also compares the year reports of both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, select, text, update
from sqlmodel import SQLModel

from klachtendesk.store import models  # noqa: F401  (registers the tables)
from klachtendesk.store.errors import StoreError

BATCH = 5000


@dataclass
class CopyResult:
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows copied


def tables() -> list[Table]:
    """The store's tables, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def count_rows(connection: Connection) -> dict[str, int]:
    return {table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
            for table in tables()}


def _batches(connection: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    order = [column for column in table.primary_key.columns]
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
        select(table).order_by(*order))
    for partition in result.mappings().partitions(BATCH):
        yield [dict(row) for row in partition]


def copy_rows(source: Connection, target: Connection, *,
              progress: Callable[[str, int], None] | None = None) -> CopyResult:
    """Copy every row of every table from ``source`` to ``target`` (both inside their
    transactions; ``target``'s tables must be empty)."""
    result = CopyResult()
    for table in tables():
        if target.execute(select(func.count()).select_from(table)).scalar_one():
            raise StoreError(f"De doeldatabank is niet leeg (tabel {table.name} heeft al rijen); er is niets "
                             "gekopieerd.")
    for table in tables():
        links = _self_references(table)
        later: list[dict[str, Any]] = []
        copied = 0
        for rows in _batches(source, table):
            if links:
                for row in rows:
                    if any(row[name] is not None for name in links):
                        later.append({"row_id": row["id"], **{f"link_{name}": row[name] for name in links}})
                        row.update({name: None for name in links})
            target.execute(insert(table), rows)
            copied += len(rows)
            if progress is not None:
                progress(table.name, copied)
        if later:
            statement = update(table).where(table.c.id == bindparam("row_id")).values(
                {name: bindparam(f"link_{name}") for name in links})
            target.execute(statement, later)
        result.counts[table.name] = copied
    _reset_sequences(target)
    return result


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from a sequence per table: after rows were copied with their
    ids, the next id must follow the highest one."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"))


def clear_rows(connection: Connection) -> None:
    """Delete every row of every table, children first (restoring over a store)."""
    for table in reversed(tables()):
        for name in _self_references(table):
            connection.execute(update(table).values({name: None}))
        connection.execute(table.delete())


def copy_store(source: Any, target: Any, *, progress: Callable[[str, int], None] | None = None) -> CopyResult:
    """Copy the open store ``source`` into a new store at ``target`` (a path or URL).

    A SQLite target must not exist yet; a PostgreSQL target must be an empty database
    (made by the server's administrator). The schema and every row are written in one
    transaction; the counts are then read back from the target and compared.
    """
    from klachtendesk.store.engine import check_file, create_file, guarded, make_engine
    from klachtendesk.store.location import parse_location
    from klachtendesk.store.migrate import stored_revision, upgrade_connection

    location = parse_location(target)
    if str(location) == str(source.location):
        raise StoreError("De bron en het doel zijn dezelfde databank.")
    made_file = False
    if location.path is not None:
        check_file(location.path)
        if location.path.exists() and location.path.stat().st_size > 0:
            raise StoreError(f"Er bestaat al een databank op {location.path}; kies een nieuw bestand.")
        if not location.path.exists():
            create_file(location.path)
            made_file = True
    engine = make_engine(location)
    try:
        with guarded(location):
            with engine.execution_options(klachtendesk_write=True).begin() as into:
                if stored_revision(into) is not None:
                    raise StoreError(f"{location} bevat al een klachtendesk-databank; kies een lege databank.")
                upgrade_connection(into)
                with guarded(source.location), _snapshot(source.sessions.engine) as origin:
                    result = copy_rows(origin, into, progress=progress)
                    expected = count_rows(origin)
            with engine.connect() as check:
                found = count_rows(check)
        if found != expected or result.counts != expected:
            wrong = [name for name in expected if found.get(name) != expected[name]]
            raise StoreError(f"De kopie naar {location} is niet volledig (tabel {', '.join(wrong)}).")
    except BaseException:
        engine.dispose()
        if made_file and location.path is not None:
            for suffix in ("", "-wal", "-shm"):
                location.path.with_name(location.path.name + suffix).unlink(missing_ok=True)
        raise
    engine.dispose()
    return result


class _snapshot:
    """A read transaction that sees one moment of the store while the copy reads it."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def __enter__(self) -> Connection:
        self.connection: Connection = self.engine.connect()
        if self.connection.dialect.name == "postgresql":
            self.connection = self.connection.execution_options(isolation_level="REPEATABLE READ")
        self.connection.begin()
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.connection.rollback()
        self.connection.close()
