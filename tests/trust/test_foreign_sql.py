"""Foreign SQL never runs: a store or a backup holding tables, triggers, views or indexes the
migrations did not create is named in a Dutch line; restore and check refuse it, and a
store opened with them is only read. Restore also asks before taking another
organisation's copy, and replaces the file behind a symbolically linked --db, not the link."""

from __future__ import annotations

import gzip
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest
from engine_params import postgresql_only
from trust_helpers import one_dutch_line, query, run_cli, snapshot

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.store import actions
from klachtendesk.store.backup import daily_backup, restore
from klachtendesk.store.database import Store
from klachtendesk.store.errors import StoreError

# What the issue found in a restored store: a trigger renaming the organisation, one that
# wiped every "changed" event, one copying complainants where retention never reaches.
HOSTILE = [
    "CREATE TRIGGER rename_org AFTER INSERT ON event BEGIN "
    "UPDATE setting SET value = '\"Overgenomen\"' WHERE key = 'org.organisation'; END",
    "CREATE TRIGGER no_trace AFTER INSERT ON event WHEN new.kind = 'changed' BEGIN "
    "DELETE FROM event WHERE id = new.id; END",
    "CREATE TABLE shadow (name TEXT)",
    "CREATE TRIGGER keep_names AFTER UPDATE ON case_file BEGIN "
    "INSERT INTO shadow VALUES (old.complainant_name); END",
]


def _tainted(source: Path, target: Path, statements: list[str] = HOSTILE) -> Path:
    """A plain copy of ``source`` with ``statements`` run in it, as an attacker leaves it."""
    data = source.read_bytes()
    target.write_bytes(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    connection = sqlite3.connect(target)
    connection.executescript(";\n".join(statements) + ";")
    connection.commit()
    connection.close()
    return target


def test_restore_refuses_a_copy_with_foreign_triggers_and_tables_naming_them(tmp_path, demo):
    copy = _tainted(daily_backup(demo, date.today()), tmp_path / "vreemd.db")
    demo.close()
    before = snapshot(tmp_path / "demo.db")
    line = one_dutch_line(run_cli("restore", str(copy), "--db", "demo.db", cwd=tmp_path))
    assert "vreemd.db bevat SQL die klachtendesk niet heeft gemaakt" in line and "niets teruggezet" in line
    for name in ("extra trigger rename_org op event", "extra trigger no_trace op event",
                 "extra trigger keep_names op case_file", "extra tabel shadow"):
        assert name in line
    assert snapshot(tmp_path / "demo.db") == before
    assert query(tmp_path / "demo.db", "SELECT value FROM setting WHERE key = 'org.organisation'") != [
        ('"Overgenomen"',)]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".tmp", "-voor-terugzetten.db"))]


@pytest.mark.parametrize("change, named", [
    ("DROP INDEX ix_case_report", "ontbrekende index ix_case_report op case_file"),
    ("DROP TRIGGER case_fts_insert", "ontbrekende trigger case_fts_insert op case_file"),
    ("CREATE VIEW names AS SELECT complainant_name FROM case_file", "extra view names"),
    ("CREATE INDEX ix_sneaky ON event (note)", "extra index ix_sneaky op event"),
    ("ALTER TABLE case_file ADD COLUMN secret TEXT", "extra kolom case_file.secret"),
    ("DROP TRIGGER case_fts_insert; CREATE TRIGGER case_fts_insert AFTER INSERT ON case_file BEGIN "
     "SELECT 1; END", "gewijzigde trigger case_fts_insert op case_file"),
])
def test_check_names_what_differs_from_the_migrations(tmp_path, demo, change, named):
    demo.close()
    _tainted(tmp_path / "demo.db", tmp_path / "demo-kopie.db", [change])
    # A plain copy of a live store keeps WAL mode: checked in place, as a store in use.
    result = run_cli("check", "--db", "demo-kopie.db", cwd=tmp_path)
    assert result.returncode == 1
    out = result.stdout.decode()
    assert f"  - {named}" in out and "Vreemde SQL:  1 probleem" in out
    assert "bevat SQL die klachtendesk niet heeft gemaakt" in one_dutch_line(result)


def test_check_of_a_clean_store_says_so(tmp_path, demo):
    demo.close()
    result = run_cli("check", "--db", "demo.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Vreemde SQL:  in orde" in result.stdout.decode()


def test_a_store_with_foreign_sql_is_never_written(tmp_path, demo):
    case_id, version = query(demo.path, "SELECT id, version FROM case_file WHERE status <> 'closed'")[0]
    demo.close()
    _tainted(tmp_path / "demo.db", tmp_path / "besmet.db")
    before = query(tmp_path / "besmet.db", "SELECT * FROM event ORDER BY id")

    # A command records what it did (an export too): none runs, with the reason in one line.
    for command in (["report", "--format", "json", "--year", "2026"], ["retention", "--apply"],
                    ["export", "register.csv"]):
        line = one_dutch_line(run_cli(*command, "--db", "besmet.db", cwd=tmp_path))
        assert "bevat SQL die klachtendesk niet heeft gemaakt" in line and "nooit uitgevoerd" in line
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("besmet.db")) == ["demo.db"]
    # (no copy of it in backups/ either: it would rotate good copies away)

    # Whatever opens it past the front ends (a script, a benchmark) cannot write either.
    store = Store.open(tmp_path / "besmet.db")
    try:
        assert store.read_only is not None and "extra trigger no_trace op event" in store.read_only
        with pytest.raises(StoreError, match="nooit uitgevoerd"):
            actions.save_fields(store, case_id, version, "Els", {"title": "Gewijzigd"})
        from sqlalchemy import text

        with pytest.raises(Exception, match="readonly"):  # the engine refuses too, past the sessions
            with store.sessions.engine.begin() as connection:
                connection.execute(text("UPDATE case_file SET title = 'x'"))
    finally:
        store.close()
    assert query(tmp_path / "besmet.db", "SELECT * FROM event ORDER BY id") == before
    assert query(tmp_path / "besmet.db", "SELECT count(*) FROM shadow") == [(0,)]


def test_a_store_with_foreign_sql_at_an_older_schema_is_not_migrated(tmp_path, demo, monkeypatch):
    demo.close()
    path = _tainted(tmp_path / "demo.db", tmp_path / "oud.db", ["CREATE TABLE shadow (x)"])
    connection = sqlite3.connect(path)
    connection.executescript("DROP INDEX ix_letter_case; DROP TABLE letter; UPDATE alembic_version SET "
                             "version_num = '0005'")
    connection.commit()
    connection.close()
    before = snapshot(path)
    with pytest.raises(StoreError, match="bevat SQL die klachtendesk niet heeft gemaakt .*niet geopend"):
        Store.open(path)
    assert snapshot(path)[0] == before[0]


def test_restore_asks_before_taking_another_organisations_copy(tmp_path, demo):
    copy = daily_backup(demo, date.today())
    demo.close()
    other = tmp_path / "ander.db"
    assert run_cli("init", "--preset", "politie", "--db", str(other), cwd=tmp_path).returncode == 0
    before = snapshot(other)
    line = one_dutch_line(run_cli("restore", str(copy), "--db", str(other), cwd=tmp_path))
    assert "andere organisatie" in line and "--other-organisation" in line and "niets teruggezet" in line
    assert snapshot(other) == before
    result = run_cli("restore", str(copy), "--db", str(other), "--other-organisation", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    count = "SELECT count(*) FROM case_file"
    assert query(other, count) == query(tmp_path / "demo.db", count)


def test_restore_through_a_symbolic_link_replaces_the_store_behind_it(tmp_path, demo):
    copy = daily_backup(demo, date.today())
    cases = query(demo.path, "SELECT count(*) FROM case_file")
    demo.close()
    real = tmp_path / "gedeeld" / "echt.db"
    real.parent.mkdir()
    assert run_cli("init", "--preset", "brandweer", "--db", str(real), cwd=tmp_path).returncode == 0
    link = tmp_path / "klachtendesk.db"
    link.symlink_to(real)
    restored = restore(link, copy, user="Els", now=clock.now(), other_organisation=True)
    assert link.is_symlink() and link.resolve() == real  # the link stays a link to the same file
    assert query(real, "SELECT count(*) FROM case_file") == cases
    assert restored.aside is not None and restored.aside.parent == real.parent
    assert not [p for p in tmp_path.iterdir() if "voor-terugzetten" in p.name or p.name.endswith(".tmp")]


# -- the team server ---------------------------------------------------------------------------


def _psql(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


PG_HOSTILE = [
    "CREATE TABLE shadow (name text)",
    "CREATE FUNCTION keep_names() RETURNS trigger LANGUAGE plpgsql AS "
    "$$BEGIN INSERT INTO shadow VALUES (OLD.complainant_name); RETURN NEW; END$$",
    "CREATE TRIGGER keep_names AFTER UPDATE ON case_file FOR EACH ROW EXECUTE FUNCTION keep_names()",
    "CREATE RULE no_trace AS ON INSERT TO event WHERE NEW.kind = 'changed' DO INSTEAD NOTHING",
]


@postgresql_only
def test_restore_on_the_server_refuses_a_dump_with_foreign_sql(store_locations, tmp_path):
    from trust_helpers import db_arg

    source = Store.create(store_locations(), load_preset("brandweer"), user="Els")
    url = db_arg(source)
    source.close()
    _psql(url, *PG_HOSTILE)
    dump = tmp_path / "vreemd.dump"
    assert subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", url]).returncode == 0
    target = Store.create(store_locations(), load_preset("brandweer"), user="Els")
    target_url = db_arg(target)
    target.close()
    before = query(target_url, "SELECT * FROM event ORDER BY id")
    line = one_dutch_line(run_cli("restore", str(dump), "--db", target_url, cwd=tmp_path))
    assert "vreemd.dump bevat SQL die klachtendesk niet heeft gemaakt" in line and "niets teruggezet" in line
    for named in ("extra trigger keep_names op case_file", "extra regel no_trace op event",
                  "extra functie keep_names()", "extra tabel shadow"):
        assert named in line
    assert query(target_url, "SELECT * FROM event ORDER BY id") == before
    assert query(target_url, "SELECT count(*) FROM pg_class WHERE relname = 'shadow'") == [(0,)]


@postgresql_only
def test_check_and_commands_on_a_server_store_with_foreign_sql(store_locations, tmp_path):
    from trust_helpers import db_arg

    store = Store.create(store_locations(), load_preset("brandweer"), user="Els")
    url = db_arg(store)
    store.close()
    _psql(url, *PG_HOSTILE)
    result = run_cli("check", "--db", url, cwd=tmp_path)
    assert "  - extra trigger keep_names op case_file" in result.stdout.decode()
    assert "bevat SQL die klachtendesk niet heeft gemaakt" in one_dutch_line(result)
    line = one_dutch_line(run_cli("retention", "--apply", "--db", url, cwd=tmp_path))
    assert "nooit uitgevoerd" in line


@postgresql_only
def test_restore_on_the_server_asks_before_another_organisations_copy(store_locations, tmp_path):
    from trust_helpers import db_arg

    ours = Store.create(store_locations(), load_preset("brandweer"), user="Els")
    url = db_arg(ours)
    ours.close()
    theirs = tmp_path / "politie.db"
    assert run_cli("init", "--preset", "politie", "--db", str(theirs), cwd=tmp_path).returncode == 0
    packed = tmp_path / "politie.db.gz"
    packed.write_bytes(gzip.compress(theirs.read_bytes()))
    as_given = packed.read_bytes()
    line = one_dutch_line(run_cli("restore", str(packed), "--db", url, cwd=tmp_path))
    assert "andere organisatie" in line and "niets teruggezet" in line
    assert query(url, "SELECT value FROM setting WHERE key = 'org.organisation'") == [('"Brandweer Zone Antwerpen"',)]
    result = run_cli("restore", str(packed), "--db", url, "--other-organisation", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert query(url, "SELECT value FROM setting WHERE key = 'org.organisation'") != [('"Brandweer Zone Antwerpen"',)]
    assert packed.read_bytes() == as_given  # read, never opened for writing


async def test_the_desk_does_not_open_a_store_with_foreign_sql(tmp_path, demo, capsys):
    from klachtendesk.tui.app import KlachtendeskApp

    demo.close()
    path = _tainted(tmp_path / "demo.db", tmp_path / "besmet.db")
    before = query(path, "SELECT * FROM event ORDER BY id")
    app = KlachtendeskApp(path, user="Els Peeters", login="test")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.return_code is not None:
                break
    assert app.return_code == 1  # the command exits non-zero with this line, no traceback
    said = " ".join(capsys.readouterr().err.split())
    assert said.startswith("klachtendesk: De databank") and "bevat SQL die klachtendesk niet heeft gemaakt" in said
    assert query(path, "SELECT * FROM event ORDER BY id") == before
    assert not (tmp_path / "backups").exists()


@postgresql_only
def test_restore_on_the_server_refuses_a_database_that_holds_foreign_sql(store_locations, tmp_path):
    """Its triggers would run while the rows are replaced (and pg_restore --clean keeps what it
    does not know): the database must be put right first."""
    from trust_helpers import db_arg

    store = Store.create(store_locations(), load_preset("brandweer"), user="Els")
    url = db_arg(store)
    store.close()
    good = tmp_path / "goed.db"
    assert run_cli("copy-store", "--db", url, "--to", str(good), cwd=tmp_path).returncode == 0
    _psql(url, *PG_HOSTILE)
    line = one_dutch_line(run_cli("restore", str(good), "--db", url, cwd=tmp_path))
    assert "extra trigger keep_names op case_file" in line and "niets teruggezet" in line
    assert query(url, "SELECT count(*) FROM shadow") == [(0,)]
