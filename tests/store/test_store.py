"""The store file: creation, permissions, pragmas, migrations, refusing what it cannot open."""

from __future__ import annotations

import sqlite3
import stat

import pytest
from engine_params import both_engines, sqlite_only
from sqlalchemy import text

from klachtendesk.presets import load_preset
from klachtendesk.store.database import Store
from klachtendesk.store.errors import StoreError
from klachtendesk.store.migrate import HEAD_REVISION, known_revisions

pytestmark = both_engines


@sqlite_only
def test_new_store_is_readable_by_its_owner_only(brandweer, store_path):
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o600
    with brandweer.sessions.write() as session:
        session.execute(text("UPDATE setting SET value = value"))
    for suffix in ("-wal", "-shm"):
        side = store_path.with_name(store_path.name + suffix)
        if side.exists():
            assert stat.S_IMODE(side.stat().st_mode) & 0o077 == 0


@sqlite_only
def test_every_connection_has_wal_foreign_keys_and_a_busy_timeout(brandweer):
    with brandweer.sessions.read() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@sqlite_only
def test_writes_take_the_write_lock_at_begin(brandweer, store_path):
    """BEGIN IMMEDIATE: while a write session is open, another writer cannot start."""
    with brandweer.sessions.write() as session:
        session.execute(text("SELECT 1"))
        other = sqlite3.connect(store_path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_reopening_skips_alembic_when_current(brandweer, store_location):
    brandweer.close()
    store = Store.open(store_location)
    assert store.schema_revision() == HEAD_REVISION
    assert store.settings.organisation == "Brandweer Zone Antwerpen"
    store.close()


def test_head_revision_constant_matches_the_migration_scripts():
    from alembic.script import ScriptDirectory

    from klachtendesk.resources import migrations_dir

    assert ScriptDirectory(str(migrations_dir())).get_current_head() == HEAD_REVISION
    assert HEAD_REVISION in known_revisions()


def test_schema_matches_the_models(brandweer):
    """The migrations create exactly what store/models.py declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with brandweer.sessions.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    from klachtendesk.store.engines.postgresql import ENGINE_ONLY_INDEXES

    def engine_only(d) -> bool:  # FTS5 tables on SQLite, search indexes on PostgreSQL
        return isinstance(d, tuple) and ("fts" in str(d) or getattr(d[1], "name", "") in ENGINE_ONLY_INDEXES)

    assert [d for d in diff if not engine_only(d)] == []


@sqlite_only
def test_newer_schema_is_refused_and_left_untouched(brandweer, store_path):
    with brandweer.sessions.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    brandweer.close()
    before = store_path.read_bytes()
    with pytest.raises(StoreError) as err:
        Store.open(store_path)
    assert err.value.exit_code == 2
    assert "nieuwer schema" in err.value.message
    assert store_path.read_bytes() == before


@sqlite_only
def test_not_a_database_is_refused(tmp_path):
    path = tmp_path / "register.db"
    path.write_text("referentie;ontvangen\n")
    with pytest.raises(StoreError, match="geen klachtendesk-databank"):
        Store.open(path)


@sqlite_only
def test_missing_directory_is_named(tmp_path):
    with pytest.raises(StoreError, match="bestaat niet"):
        Store.create(tmp_path / "nergens" / "x.db", load_preset("brandweer"))


def test_create_refuses_to_overwrite(brandweer, store_location):
    with pytest.raises(StoreError, match="bestaat al"):
        Store.create(store_location, load_preset("politie"))
    assert Store.open(store_location).settings.organisation == "Brandweer Zone Antwerpen"


@sqlite_only
def test_missing_store_says_how_to_make_one(tmp_path):
    with pytest.raises(StoreError, match="klachtendesk init"):
        Store.open(tmp_path / "nog-niet.db")


def test_taxonomy_is_installed_from_the_preset(brandweer):
    tax = brandweer.taxonomy
    assert [c.label for c in tax.top_categories()][:3] == ["Overlast", "Dienstverlening", "Bereikbaarheid"]
    assert tax.find("qualifications", "niet ontvankelijk - ONBEVOEGD").admissible is False
    assert tax.find("channels", "Algemeen e-mailadres") is not None
    assert tax.find("users", "Els Peeters") is not None


def test_police_settings_survive_the_store(store_location):
    store = Store.create(store_location, load_preset("politie"))
    store.close()
    store = Store.open(store_location)
    assert store.settings.period_start == (19, 1)
    start, end = store.settings.period_for_year(2023)
    assert (start.isoformat(), end.isoformat()) == ("2023-01-19", "2024-01-18")
    scoped = store.taxonomy.find_category("Attitude")
    assert scoped.type_ids == {store.taxonomy.find("types", "Klacht politieoptreden").id}
    store.close()


@sqlite_only  # its triggers; the PostgreSQL form is below
def test_upgrading_a_store_adds_the_report_indexes_and_keeps_its_cases(demo):
    """Migrations 0002 and 0003 on a store with cases: the indexes appear, nothing else changes."""
    from alembic import command

    from klachtendesk.store.migrate import _alembic_config

    def schema(store: Store) -> tuple[set[str], int]:
        with store.sessions.engine.connect() as conn:
            names = {row[0] for row in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE tbl_name = 'case_file' AND type IN ('index', 'trigger')")}
            return names, conn.exec_driver_sql("SELECT count(*) FROM case_file").scalar()

    with demo.sessions._write_engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0001")
    names, count = schema(demo)
    assert not {"ix_case_report", "ix_case_extra_actions", "case_open_fts_insert"} & names
    demo.close()

    store = Store.open(demo.path)
    try:
        assert store.schema_revision() == HEAD_REVISION == "0007"
        names, after = schema(store)
        assert {"ix_case_report", "ix_case_extra_actions", "case_fts_insert", "case_fts_update",
                "case_open_fts_insert", "case_open_fts_update", "case_open_fts_delete"} <= names
        assert after == count == 20
        with store.sessions.engine.connect() as conn:  # the open cases' index holds the open cases
            indexed = conn.exec_driver_sql("SELECT count(*) FROM case_open_fts").scalar()
            still_open = conn.exec_driver_sql("SELECT count(*) FROM case_file WHERE status <> 'closed'").scalar()
        assert indexed == still_open == 7
    finally:
        store.close()


def test_upgrading_a_store_adds_the_indexes_on_either_engine(demo):
    """Migrations 0002 and 0003 on a store with cases, read through the engine-neutral
    inspector: the report and open-case search indexes appear, the cases stay."""
    from alembic import command
    from sqlalchemy import inspect

    from klachtendesk.store.migrate import _alembic_config

    def indexes(store: Store) -> set[str]:
        with store.sessions.engine.connect() as conn:
            names = {ix["name"] for ix in inspect(conn).get_indexes("case_file")}
            if conn.dialect.name == "sqlite":  # FTS5 tables are tables, not indexes
                names |= set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name LIKE '%fts'").scalars())
            return names

    location = demo.location
    with demo.sessions.write_engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0001")
    assert not {"ix_case_report", "ix_case_extra_actions", "ix_case_open_fts", "case_open_fts"} & indexes(demo)
    demo.close()
    store = Store.open(location)
    try:
        found = indexes(store)
        assert {"ix_case_report", "ix_case_extra_actions"} <= found
        assert {"ix_case_open_fts", "case_open_fts"} & found
        with store.sessions.read() as session:
            assert session.execute(text("SELECT count(*) FROM case_file")).scalar() == 20
    finally:
        store.close()
