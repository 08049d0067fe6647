"""Backups: the daily online copy and its rotation, copies on demand, and restoring one."""

from __future__ import annotations

import gzip
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from trust_helpers import lock_held, one_dutch_line, query, run_cli, snapshot

from klachtendesk import clock
from klachtendesk.store import actions, backup
from klachtendesk.store import settings as settings_table
from klachtendesk.store.backup import backup_dir, daily_backup, restore, rotate
from klachtendesk.store.errors import StoreError

TODAY = date(2026, 11, 27)
ALL_CASES = "SELECT * FROM case_file ORDER BY id"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def unpacked(copy: Path) -> Path:
    """A compressed backup as a plain store file beside it, to read with sqlite3."""
    plain = copy.with_name(f"{copy.name}.gelezen.db")
    if not plain.exists():
        plain.write_bytes(gzip.decompress(copy.read_bytes()))
    return plain


def test_the_first_start_of_a_day_makes_a_private_consistent_copy(demo):
    copy = daily_backup(demo, TODAY)
    assert copy == demo.path.parent / "backups" / "demo-2026-11-27.db.gz"
    assert mode(copy) == 0o600 and mode(copy.parent) == 0o700
    assert query(unpacked(copy), "PRAGMA integrity_check") == [("ok",)]
    assert query(unpacked(copy), "PRAGMA journal_mode") == [("delete",)]  # one file, no -wal beside it
    assert query(unpacked(copy), ALL_CASES) == query(demo.path, ALL_CASES)


def test_later_starts_that_day_do_not_copy_again(demo, monkeypatch):
    daily_backup(demo, TODAY)

    def no_second_copy(*args, **kwargs):
        raise AssertionError("copied twice on one day")

    monkeypatch.setattr(backup, "copy_store", no_second_copy)
    assert daily_backup(demo, TODAY) is None
    monkeypatch.undo()
    assert daily_backup(demo, TODAY + timedelta(days=1)).name == "demo-2026-11-28.db.gz"


def test_a_copy_is_made_while_another_terminal_is_writing(demo):
    with lock_held(demo.path, 30):  # an uncommitted write in another program
        copy = daily_backup(demo, TODAY)
    assert query(unpacked(copy), "PRAGMA integrity_check") == [("ok",)]
    assert query(unpacked(copy), ALL_CASES) == query(demo.path, ALL_CASES)


def _fake_daily_copies(folder: Path, stem: str, last: date, days: int) -> None:
    folder.mkdir(exist_ok=True)
    for n in range(days):
        (folder / f"{stem}-{(last - timedelta(days=n)).isoformat()}.db").write_bytes(b"")


def test_rotation_keeps_14_days_and_the_first_copy_of_12_months(tmp_path):
    folder = tmp_path / "backups"
    _fake_daily_copies(folder, "store", TODAY, 500)
    (folder / "store-2025-01-01-101500.db").write_bytes(b"")  # made on demand: never rotated
    (folder / "ander-2020-01-01.db").write_bytes(b"")  # another store's copy
    rotate(folder, "store")
    kept = sorted(p.name for p in folder.iterdir())
    daily = [f"store-{(TODAY - timedelta(days=n)).isoformat()}.db" for n in range(14)]
    monthly = [f"store-{y}-{m:02d}-01.db" for y, m in
               [(2026, 11), (2026, 10), (2026, 9), (2026, 8), (2026, 7), (2026, 6), (2026, 5), (2026, 4),
                (2026, 3), (2026, 2), (2026, 1), (2025, 12)]]
    assert kept == sorted(set(daily + monthly + ["store-2025-01-01-101500.db", "ander-2020-01-01.db"]))


def test_rotation_follows_the_settings(demo):
    folder = backup_dir(demo.path)
    _fake_daily_copies(folder, "demo", TODAY - timedelta(days=1), 100)
    with demo.sessions.write() as session:
        settings_table.put(session, "backup.keep_daily", 3)
        settings_table.put(session, "backup.keep_monthly", 2)
    daily_backup(demo, TODAY)
    assert sorted(p.name for p in folder.iterdir()) == [
        "demo-2026-10-01.db", "demo-2026-11-01.db", "demo-2026-11-25.db", "demo-2026-11-26.db",
        "demo-2026-11-27.db.gz"]


def test_backup_command_makes_a_private_copy_and_logs_it(tmp_path, demo):
    demo.close()
    result = run_cli("backup", "--db", "demo.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # Named by the machine's clock, not the frozen day of the test.
    made = [p for p in (tmp_path / "backups").iterdir() if p.name.startswith(f"demo-{date.today().isoformat()}-")]
    assert len(made) == 1 and mode(made[0]) == 0o600 and made[0].name.endswith(".db.gz")
    assert query(unpacked(made[0]), ALL_CASES) == query(tmp_path / "demo.db", ALL_CASES)
    notes = query(tmp_path / "demo.db", "SELECT note FROM event WHERE kind = 'backup'")
    # The log says a copy was made, never its name (a typed name may name a person); the
    # command itself says where the copy is.
    assert notes == [("Reservekopie gemaakt naar een bestand",)]
    assert made[0].name.encode() in result.stdout
    (tmp_path / "kopie.db").write_bytes(b"")
    assert "bestaat al" in one_dutch_line(run_cli("backup", "kopie.db", "--db", "demo.db", cwd=tmp_path))


def test_restore_puts_back_every_case_and_keeps_the_current_store_aside(tmp_path, demo):
    demo.close()
    assert run_cli("backup", "vrijdag.db", "--db", "demo.db", cwd=tmp_path).returncode == 0
    at_backup = query(tmp_path / "demo.db", ALL_CASES)
    # Work goes on after the backup: an edit and a new case.
    store = type(demo).open(tmp_path / "demo.db")
    case_id, version = query(store.path, "SELECT id, version FROM case_file WHERE status <> 'closed'")[0]
    actions.save_fields(store, case_id, version, "Els", {"title": "Na de reservekopie gewijzigd"})
    store.close()
    changed = query(tmp_path / "demo.db", ALL_CASES)
    assert changed != at_backup

    result = run_cli("restore", "vrijdag.db", "--db", "demo.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert query(tmp_path / "demo.db", ALL_CASES) == at_backup
    aside = [p for p in tmp_path.iterdir() if p.name.endswith("-voor-terugzetten.db")]
    assert len(aside) == 1 and query(aside[0], ALL_CASES) == changed
    assert mode(tmp_path / "demo.db") == 0o600 and mode(aside[0]) == 0o600
    note = query(tmp_path / "demo.db", "SELECT note FROM event WHERE kind = 'restored'")
    assert note == [("Reservekopie teruggezet; de vorige inhoud is apart bewaard",)]
    assert aside[0].name.encode() in result.stdout + result.stderr  # the user is told where it went
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_restore_when_the_store_is_gone(tmp_path, demo):
    copy = daily_backup(demo, TODAY)
    demo.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{demo.path}{suffix}").unlink(missing_ok=True)
    restored = restore(demo.path, copy, user="Els", now=clock.now())
    assert restored.aside is None
    assert query(demo.path, "SELECT count(*) FROM case_file") == [(20,)]


def _refused(tmp_path: Path, backup_file: Path, expect: str, code: int = 1) -> None:
    before = snapshot(tmp_path / "demo.db")
    result = run_cli("restore", str(backup_file), "--db", "demo.db", cwd=tmp_path)
    assert expect in one_dutch_line(result)
    assert result.returncode == code
    assert snapshot(tmp_path / "demo.db") == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", "-voor-terugzetten.db"))]
    assert leftovers == []


def test_restore_refuses_a_newer_schema_or_a_damaged_copy_and_changes_nothing(tmp_path, demo):
    newer = unpacked(daily_backup(demo, TODAY))
    demo.close()
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    _refused(tmp_path, newer, f"De reservekopie {newer.name} heeft een nieuwer schema (9999)", code=2)

    damaged = tmp_path / "beschadigd.db"
    data = bytearray((tmp_path / "demo.db").read_bytes())
    root = query(tmp_path / "demo.db", "SELECT rootpage FROM sqlite_master WHERE name = 'ix_event_case'")[0][0]
    data[(root - 1) * 4096 + 100:root * 4096] = bytes(range(256)) * 15 + bytes(range(156))
    damaged.write_bytes(bytes(data))
    _refused(tmp_path, damaged, "De reservekopie beschadigd.db is beschadigd")

    (tmp_path / "register.db").write_text("referentie;ontvangen\n")
    _refused(tmp_path, tmp_path / "register.db", "geen reservekopie van klachtendesk")


def test_restore_refuses_while_the_store_is_open_elsewhere(tmp_path, demo):
    copy = daily_backup(demo, TODAY)
    demo.close()
    other = sqlite3.connect(tmp_path / "demo.db")  # another terminal, idle
    other.execute("SELECT count(*) FROM case_file").fetchall()
    try:
        with pytest.raises(StoreError, match="nog geopend in een ander venster"):
            restore(tmp_path / "demo.db", copy, user="Els", now=clock.now())
    finally:
        other.close()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".tmp", "-voor-terugzetten.db"))]


def test_the_backup_command_changes_how_many_copies_are_kept(tmp_path, demo):
    demo.close()
    result = run_cli("backup", "--keep-daily", "30", "--keep-monthly", "24", "--db", "demo.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Voortaan worden 30 dagelijkse en 24 maandelijkse kopieën bewaard." in result.stdout.decode()
    assert query(tmp_path / "demo.db", "SELECT key, value FROM setting WHERE key LIKE 'backup.%' ORDER BY key") == [
        ("backup.keep_daily", "30"), ("backup.keep_monthly", "24")]
    assert "minstens 1 dagelijkse" in one_dutch_line(run_cli("backup", "--keep-daily", "0", "--db", "demo.db",
                                                             cwd=tmp_path))


def test_a_restore_that_fails_at_the_last_step_puts_the_current_store_back(tmp_path, demo, monkeypatch):
    copy = daily_backup(demo, TODAY)
    demo.close()
    before = query(tmp_path / "demo.db", ALL_CASES)

    def no_room(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.os, "replace", no_room)
    with pytest.raises(StoreError, match="Terugzetten mislukt .*de huidige databank is niet gewijzigd"):
        restore(tmp_path / "demo.db", copy, user="Els", now=clock.now())
    monkeypatch.undo()
    assert query(tmp_path / "demo.db", ALL_CASES) == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".tmp", "-voor-terugzetten.db"))]
