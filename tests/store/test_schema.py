"""The store's schema against the one its migrations create, on both engines: a store made by
klachtendesk has no differences; each foreign object is named; a new migration is covered
without a list kept by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from engine_params import both_engines, postgresql_only, sqlite_only

from klachtendesk.presets import load_preset
from klachtendesk.store import schema
from klachtendesk.store.database import Store
from klachtendesk.store.errors import StoreError
from klachtendesk.store.health import check_store
from klachtendesk.store.migrate import HEAD_REVISION

pytestmark = both_engines


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """A cache of expected schemas of the test's own: derived afresh from the migrations."""
    monkeypatch.setenv(schema.CACHE_ENV, str(tmp_path / "schema-cache"))
    schema._memo.clear()
    yield
    schema._memo.clear()


def _differences(store: Store) -> list[str]:
    with store.sessions.engine.connect() as connection:
        try:
            return schema.foreign_objects(connection, HEAD_REVISION)
        finally:
            connection.rollback()


def _run(store: Store, *statements: str) -> None:
    with store.sessions.write_engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)


def test_a_store_made_by_klachtendesk_has_no_foreign_objects(brandweer, tmp_path):
    assert _differences(brandweer) == []
    assert check_store(brandweer.location).foreign_objects == []
    assert list((tmp_path / "schema-cache").glob("*.json"))  # remembered for the next start


@sqlite_only
def test_sqlite_objects_are_named(brandweer):
    _run(brandweer, "CREATE TABLE shadow (x)",
         "CREATE TRIGGER wipe AFTER INSERT ON event BEGIN DELETE FROM event WHERE id = new.id; END",
         "CREATE VIEW names AS SELECT complainant_name FROM case_file", "DROP INDEX ix_case_report")
    assert _differences(brandweer) == ["extra trigger wipe op event", "extra view names", "extra tabel shadow",
                                       "ontbrekende index ix_case_report op case_file"]


@postgresql_only
def test_postgresql_objects_are_named(brandweer):
    _run(brandweer, "CREATE TABLE shadow (x text)",
         "CREATE FUNCTION copy_names() RETURNS trigger LANGUAGE plpgsql AS "
         "$$BEGIN INSERT INTO shadow VALUES (NEW.note); RETURN NEW; END$$",
         "CREATE TRIGGER keep AFTER INSERT ON event FOR EACH ROW EXECUTE FUNCTION copy_names()",
         "CREATE RULE no_delete AS ON DELETE TO event DO INSTEAD NOTHING",
         "ALTER TABLE case_file ENABLE ROW LEVEL SECURITY", "ALTER TABLE case_file FORCE ROW LEVEL SECURITY",
         "CREATE POLICY everyone ON case_file USING (true)",
         "DROP INDEX ix_case_open_fts")
    found = _differences(brandweer)
    for named in ("extra trigger keep op event", "extra regel no_delete op event", "extra functie copy_names()",
                  "extra beveiligingsregel (RLS) everyone op case_file", "gewijzigde tabel case_file",
                  "extra tabel shadow", "ontbrekende index ix_case_open_fts op case_file"):
        assert named in found, found
    assert check_store(brandweer.location).foreign_objects == found


@postgresql_only
def test_opening_a_server_store_with_foreign_objects_refuses_to_write(brandweer):
    _run(brandweer, "CREATE TABLE shadow (x text)")
    store = Store.open(brandweer.location)
    try:
        assert store.read_only is not None and "extra tabel shadow" in store.read_only
        with pytest.raises(StoreError, match="nooit uitgevoerd"):
            store.ensure_user("Piet")
        with pytest.raises(Exception, match="read-only transaction"):  # the server refuses too
            with store.sessions.engine.begin() as connection:
                connection.exec_driver_sql("INSERT INTO shadow VALUES ('x')")
        with store.sessions.read() as session:  # reading goes on
            assert session.connection().exec_driver_sql("SELECT count(*) FROM case_file").scalar() == 0
    finally:
        store.close()


@sqlite_only
def test_a_new_migration_is_covered_without_changing_the_comparison(tmp_path, monkeypatch):
    """The expected schema is what the migrations create: a migration added later (another
    branch's 0007) is expected at once, and a store lacking its objects is told so."""
    from klachtendesk import resources

    store = Store.create(tmp_path / "store.db", load_preset("brandweer"), user="Els")  # made before 0099
    scripts = tmp_path / "migrations"
    shutil.copytree(resources.migrations_dir(), scripts)
    (scripts / "versions" / "0099_extra.py").write_text(
        '"""extra"""\nfrom alembic import op\n\nrevision = "0099"\ndown_revision = "' + HEAD_REVISION
        + '"\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n'
        '    op.execute("CREATE TABLE audit_note (id INTEGER PRIMARY KEY)")\n\n\n'
        'def downgrade() -> None:\n    op.execute("DROP TABLE audit_note")\n', encoding="utf-8")
    monkeypatch.setattr(resources, "migrations_dir", lambda: Path(scripts))
    try:
        with store.sessions.engine.connect() as connection:
            assert schema.foreign_objects(connection, "0099") == ["ontbrekende tabel audit_note"]
            assert schema.foreign_objects(connection, HEAD_REVISION) == []
            connection.rollback()
    finally:
        store.close()


@postgresql_only
def test_a_server_user_without_create_rights_still_opens_the_store(brandweer):
    """A desk user (not the store's owner) may not create a scratch schema: the store opens
    without the comparison, and check says it was not compared instead of "in orde"."""
    import os

    import psycopg
    from sqlalchemy.engine import make_url

    role = f"desk_{os.getpid()}"
    admin = brandweer.location.url
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'geheim'")
        connection.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        connection.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}")
    url = make_url(admin.replace("postgresql://", "postgresql+psycopg://", 1)).set(username=role, password="geheim")
    desk_url = url.render_as_string(hide_password=False).replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        store = Store.open(desk_url)
        try:
            assert store.read_only is None
        finally:
            store.close()
        health = check_store(desk_url)
        assert health.foreign_objects is None and "CREATE-recht" in (health.not_compared or "")
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP OWNED BY {role}")
            connection.execute(f"DROP ROLE {role}")


@sqlite_only
def test_a_stale_cache_never_calls_a_good_store_foreign(brandweer, tmp_path):
    """What the migrations create can depend on the server (roles the owner may or may not
    create): before anything is called foreign, they run again past the cache."""
    import json

    assert _differences(brandweer) == []
    (cached,) = (tmp_path / "schema-cache").glob("*.json")
    objects = [item for item in json.loads(cached.read_text()) if item[1] != "setting"]
    cached.write_text(json.dumps(objects))
    schema._memo.clear()
    assert _differences(brandweer) == []
    assert any(item[1] == "setting" for item in json.loads(cached.read_text()))  # put right
