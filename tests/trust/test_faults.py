"""Store faults through the CLI: each gives one Dutch line on stderr, a non-zero exit
status, no traceback, and leaves the store file exactly as it was (bytes, time, mode)."""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event
from trust_helpers import lock_held, obeying_permissions, one_dutch_line, query, run_cli, snapshot

from klachtendesk.demo import build_demo
from klachtendesk.store import actions
from klachtendesk.store.errors import StoreError

REGISTER = "ontvangen;type;titel;omschrijving\n" + "".join(
    f"6/6/2023;Klacht;Zaak {n};{'Een lange omschrijving. ' * 40}\n" for n in range(300))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A closed demo store (its WAL folded in), and a register to import into it."""
    path = tmp_path / "store.db"
    build_demo(path).close()
    (tmp_path / "r.csv").write_text(REGISTER, encoding="utf-8")
    return path


def cases(path: Path) -> int:
    return query(path, "SELECT count(*) FROM case_file")[0][0]


def fails_untouched(path: Path, *args: str, expect: str, code: int = 1, env: dict[str, str] | None = None,
                    preexec_fn=None) -> str:  # type: ignore[no-untyped-def]
    before = snapshot(path)
    result = run_cli(*args, "--db", path.name, cwd=path.parent, env=env, preexec_fn=preexec_fn)
    line = one_dutch_line(result)
    assert expect in line, line
    assert result.returncode == code
    assert snapshot(path) == before
    return line


def overwrite_page(path: Path, name: str, start: int = 0) -> None:
    connection = sqlite3.connect(path)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    offset = (root - 1) * size
    data[offset + start:offset + size] = bytes((i * 37 + 11) % 256 for i in range(size - start))
    path.write_bytes(bytes(data))


def test_read_only_store_file(store):
    preexec = obeying_permissions()
    store.chmod(0o400)
    fails_untouched(store, "import", "r.csv", expect="alleen-lezen", preexec_fn=preexec)


def test_read_only_directory(store):
    preexec = obeying_permissions()
    store.parent.chmod(0o555)
    try:
        fails_untouched(store, "alerts", expect="alleen-lezen", preexec_fn=preexec)
    finally:
        store.parent.chmod(0o755)


def test_locked_by_another_program_longer_than_the_timeout(store):
    quick = {"KLACHTENDESK_BUSY_TIMEOUT_MS": "300"}
    before = snapshot(store)
    with lock_held(store, 60):
        started = time.monotonic()
        fails_untouched(store, "import", "r.csv", expect="bezet door een ander programma", env=quick)
        assert time.monotonic() - started < 10  # the timeout came from the environment
    with lock_held(store, 60, exclusive=True):  # readers are locked out too
        fails_untouched(store, "check", expect="bezet door een ander programma", env=quick)
    assert snapshot(store) == before
    assert cases(store) == 20


def test_not_a_sqlite_file(store):
    store.write_text("referentie;ontvangen;type\n2023-0001;6/6/2023;Klacht\n", encoding="utf-8")
    fails_untouched(store, "import", "r.csv", expect="geen klachtendesk-databank (geen SQLite-bestand)")


def test_a_damaged_table_page(store):
    overwrite_page(store, "case_file")
    for args in (("check",), ("export", "uit.csv")):
        fails_untouched(store, *args, expect="is beschadigd")
    assert not (store.parent / "backups" / "store-2026-11-27.db").exists()  # no damaged daily copy


def test_a_damaged_index_page_is_found_by_check(store):
    overwrite_page(store, "ix_case_received", start=200)
    before = snapshot(store)
    result = run_cli("check", "--db", store.name, cwd=store.parent)
    line = one_dutch_line(result)
    assert "is beschadigd" in line and "zie hierboven" in line
    out = result.stdout.decode()
    assert "Integriteit:  1 probleem" in out and "Zoekindex:    niet gecontroleerd" in out
    assert snapshot(store) == before
    fails_untouched(store, "alerts", expect="is beschadigd")  # the day's backup finds it too


DISK_FULL = """
import sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

@event.listens_for(Engine, "connect")
def no_room_to_grow(dbapi_connection, _record):
    pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
    dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

from klachtendesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_disk_full_during_an_import(store):
    before = snapshot(store)
    result = __import__("subprocess").run(
        [sys.executable, "-c", DISK_FULL, "import", "r.csv", "--db", store.name],
        cwd=store.parent, capture_output=True, timeout=120)
    line = one_dutch_line(result)
    assert "De schijf is vol: de wijziging is niet bewaard" in line
    assert snapshot(store) == before
    assert cases(store) == 20


def test_disk_full_during_a_case_save(demo):
    case_id, version = query(demo.path, "SELECT id, version FROM case_file WHERE status <> 'closed' LIMIT 1")[0]
    events = query(demo.path, "SELECT count(*) FROM event")

    def no_room_to_grow(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(demo.sessions.engine, "connect", no_room_to_grow)
    demo.sessions.engine.dispose()
    with pytest.raises(StoreError, match="De schijf is vol"):
        actions.save_fields(demo, case_id, version, "Els", {"description": "Een lange brief. " * 5000})
    assert query(demo.path, "SELECT version FROM case_file WHERE id = ?", (case_id,)) == [(version,)]
    assert query(demo.path, "SELECT count(*) FROM event") == events
    assert query(demo.path, "PRAGMA integrity_check") == [("ok",)]


def test_a_schema_newer_than_the_program(store):
    connection = sqlite3.connect(store)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    for args in (("check",), ("import", "r.csv")):
        line = fails_untouched(store, *args, expect="nieuwer schema (9999)", code=2)
        assert "de databank is niet gewijzigd" in line


def test_the_directory_does_not_exist(tmp_path):
    for args in (("check",), ("retention",)):
        result = run_cli(*args, "--db", "nergens/store.db", cwd=tmp_path)
        assert "De map nergens bestaat niet" in one_dutch_line(result)
    assert not (tmp_path / "nergens").exists()
