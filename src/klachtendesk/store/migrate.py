"""Bringing a store's schema up to date with the program, through Alembic.

Start-up must stay fast, so Alembic (and its import) is skipped when the stored revision
is already ``HEAD_REVISION``. A store written by a newer klachtendesk is refused and left
untouched (exit status 2).
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

from klachtendesk.store.errors import MissingStore, StoreError

#: The newest migration in migrations/versions (tests/test_migrations.py checks it).
HEAD_REVISION = "0007"

NEWER_SCHEMA_EXIT = 2


def _table_names(connection: Connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        return set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars())
    return set(connection.execute(text(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")).scalars())


def _has_version_table(connection: Connection) -> bool:
    if connection.dialect.name == "sqlite":
        return connection.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")).first() is not None
    return connection.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar_one() is True


def stored_revision(connection: Connection) -> str | None:
    """The schema revision of the store, None for an empty one; StoreError when it holds
    tables of something else."""
    if not _has_version_table(connection):
        tables = _table_names(connection)
        if tables:
            kind = "bestand" if connection.dialect.name == "sqlite" else "databank"
            raise StoreError(f"Deze {kind} is geen klachtendesk-databank (onbekende tabellen).")
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def stored_revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        try:
            return stored_revision(connection)
        finally:
            connection.rollback()


def _alembic_config(connection: Connection, *, team_roles: bool | None = None):  # type: ignore[no-untyped-def]
    """``team_roles``: whether migration 0007 sets up the team server's roles (None: when
    the owner may; store/schema.py says what the store it compares with has)."""
    from alembic.config import Config

    from klachtendesk.resources import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    config.attributes["klachtendesk_team_roles"] = team_roles
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from klachtendesk.resources import migrations_dir

    script = ScriptDirectory(str(migrations_dir()))
    return {rev.revision for rev in script.walk_revisions()}


def refuse_newer(current: str | None, what: str = "Deze databank") -> None:
    """Raise (exit status 2) when ``current`` was written by a newer klachtendesk."""
    if current is None or current == HEAD_REVISION or current in known_revisions():
        return
    raise StoreError(
        f"{what} heeft een nieuwer schema ({current}) dan dit programma kent "
        f"({HEAD_REVISION}). Installeer de nieuwste versie van klachtendesk; de databank "
        "is niet gewijzigd.",
        exit_code=NEWER_SCHEMA_EXIT,
    )


def upgrade(write_engine: Engine, *, missing: str | None = None) -> str | None:
    """Apply missing migrations. Returns the revision found before, or raises StoreError.
    With ``missing``, an empty store is not given a schema: MissingStore(missing) is raised."""
    with write_engine.connect() as connection:
        current = stored_revision(connection)
        connection.rollback()
    if current == HEAD_REVISION:
        return current
    if current is None and missing is not None:
        raise MissingStore(missing)
    refuse_newer(current)

    # One write transaction: a second terminal waits, and a crash leaves the old schema
    # (SQLite and PostgreSQL both change their schema inside a transaction).
    with write_engine.begin() as connection:
        upgrade_connection(connection)
    return current


def upgrade_connection(connection: Connection) -> str | None:
    """Apply missing migrations inside the caller's (write) transaction."""
    current = stored_revision(connection)
    if current == HEAD_REVISION:
        return current
    refuse_newer(current)
    from alembic import command

    command.upgrade(_alembic_config(connection), "head")
    return current
