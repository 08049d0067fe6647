"""Backups that can be trusted on a real disk: named and rotated by the machine's clock (never
by --today), never started when they would not fit, compressed once checked, written
through the shared private writer, and checked again when restored."""

from __future__ import annotations

import errno
import gzip
import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from trust_helpers import one_dutch_line, query, run_cli

from klachtendesk import clock
from klachtendesk.store import backup
from klachtendesk.store.backup import backup_dir, backup_to, daily_backup, restore
from klachtendesk.store.errors import StoreError
from klachtendesk.store.startup import start_notices

ALL_CASES = "SELECT * FROM case_file ORDER BY id"


def _copies(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def _older_copies(demo) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """Two real copies of earlier days (as an earlier start made them)."""
    today = date.today()
    for days in (1, 13):
        assert daily_backup(demo, today - timedelta(days=days)) is not None
    return _copies(backup_dir(demo.path))


# -- the machine's clock ------------------------------------------------------------------


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_a_frozen_date_neither_names_nor_rotates_the_daily_copies(tmp_path, demo, how):
    before = _older_copies(demo)
    demo.close()
    future = (date.today() + timedelta(days=20)).isoformat()  # 20 days on: today's -13 copy would go
    args, env = (["--today", future], {}) if how == "flag" else ([], {"KLACHTENDESK_TODAY": future})
    result = run_cli("report", "--format", "json", "--year", "2026", "--db", "demo.db", *args, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    after = _copies(backup_dir(demo.path))
    assert f"demo-{date.today().isoformat()}.db.gz" in after
    assert not any(future in name for name in after)
    for name, data in before.items():  # the real copies of earlier days are all still there
        assert after[name] == data


def test_a_copy_on_demand_is_named_by_the_machines_clock(tmp_path, demo):
    demo.close()
    result = run_cli("backup", "--db", "demo.db", "--today", "2031-01-01", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (made,) = backup_dir(demo.path).iterdir()
    assert made.name.startswith(f"demo-{date.today().isoformat()}-") and made.name.endswith(".db.gz")


# -- room on the disk -----------------------------------------------------------------------


def test_a_copy_that_would_not_fit_is_not_started_and_the_old_copies_stay(demo, monkeypatch):
    before = _older_copies(demo)
    real = shutil.disk_usage

    def nearly_full(path):  # type: ignore[no-untyped-def]
        return real(path)._replace(free=demo.path.stat().st_size // 2)

    monkeypatch.setattr(backup.shutil, "disk_usage", nearly_full)
    (notice,) = start_notices(demo)
    assert notice.startswith("Let op: de reservekopie van vandaag is niet gemaakt. Te weinig vrije ruimte in ")
    assert "de oudere kopieën blijven bewaard" in notice and "\n" not in notice
    assert _copies(backup_dir(demo.path)) == before  # nothing new, nothing rotated, no temporary file


def _tmpfs(folder: Path, size: str) -> Path:
    folder.mkdir(exist_ok=True)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                                            str(folder)], capture_output=True).returncode != 0:
        pytest.skip("a small file system cannot be mounted here")
    return folder


def test_a_disk_that_fills_during_the_copy_leaves_only_the_old_copies(demo, monkeypatch):
    """A real full disk (a 64 kB tmpfs as backups/), past a free-space check that believed there
    was room (another program filled the disk meanwhile)."""
    folder = _tmpfs(backup_dir(demo.path), "64k")
    try:
        old = folder / f"demo-{(date.today() - timedelta(days=1)).isoformat()}.db.gz"
        old.write_bytes(b"an older copy")
        real = shutil.disk_usage
        monkeypatch.setattr(backup.shutil, "disk_usage", lambda path: real(path)._replace(free=10**12))
        (notice,) = start_notices(demo)
        assert "niet gemaakt" in notice and "vol" in notice, notice
        assert [p.name for p in folder.iterdir()] == [old.name]  # no half copy, no temporary file
        assert old.read_bytes() == b"an older copy"
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_while_compressing_is_one_dutch_line(demo, monkeypatch):
    """The fault-injecting variant, where no file system can be mounted."""
    before = _older_copies(demo)

    def disk_full(source, into, progress=None):  # type: ignore[no-untyped-def]
        into.write_bytes(b"\x1f\x8b half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "_compress", disk_full)
    (notice,) = start_notices(demo)
    assert notice.startswith("Let op: de reservekopie van vandaag is niet gemaakt.") and "schijf is vol" in notice
    assert _copies(backup_dir(demo.path)) == before


# -- compressed, checked, through the shared writer ------------------------------------------


def test_copies_are_compressed_private_and_checked_before(demo, monkeypatch):
    checked: list[Path] = []
    real_online = backup._online_copy

    def watched(store, into, *, verify, progress=None):  # type: ignore[no-untyped-def]
        real_online(store, into, verify=verify)
        checked.append(into)
        assert verify, "a copy is checked before it is compressed"

    monkeypatch.setattr(backup, "_online_copy", watched)
    copy = daily_backup(demo, date.today())
    assert copy.name.endswith(".db.gz") and copy.stat().st_mode & 0o777 == 0o600
    assert checked and not checked[0].exists()  # the uncompressed check copy is gone
    plain = copy.with_name("gelezen.db")
    plain.write_bytes(gzip.decompress(copy.read_bytes()))
    assert query(plain, ALL_CASES) == query(demo.path, ALL_CASES)
    assert copy.stat().st_size < plain.stat().st_size / 3
    assert sorted(p.name for p in copy.parent.iterdir()) == sorted([copy.name, plain.name])


def test_a_copy_goes_through_the_shared_private_writer(demo, tmp_path, monkeypatch):
    import klachtendesk.outfile as outfile

    used: list[Path] = []
    real = outfile.private_file

    def spy(path, **kwargs):  # type: ignore[no-untyped-def]
        used.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(backup, "private_file", spy)
    daily = daily_backup(demo, date.today())
    manual = backup_to(demo, tmp_path / "kopie.db", user="Els", now=clock.now())
    assert used == [daily, manual]
    assert manual.read_bytes().startswith(b"SQLite format 3\x00")  # a plain name stays a plain copy


def test_restore_decompresses_and_checks_again_before_replacing_anything(tmp_path, demo):
    copy = daily_backup(demo, date.today())
    at_backup = query(demo.path, ALL_CASES)
    demo.close()
    restored = restore(tmp_path / "demo.db", copy, user="Els", now=clock.now())
    assert query(tmp_path / "demo.db", ALL_CASES) == at_backup and restored.aside is not None

    # A copy damaged after it was made: cut short, or a valid gzip of a damaged store.
    before = (tmp_path / "demo.db").read_bytes()
    short = tmp_path / "kort.db.gz"
    short.write_bytes(copy.read_bytes()[: len(copy.read_bytes()) // 2])
    with pytest.raises(StoreError, match="kort.db.gz is beschadigd.*niets teruggezet"):
        restore(tmp_path / "demo.db", short, user="Els", now=clock.now())
    data = bytearray(gzip.decompress(copy.read_bytes()))
    data[4096 * 3 + 100: 4096 * 4] = bytes(range(256)) * 15 + bytes(range(156))
    broken = tmp_path / "kapot.db.gz"
    broken.write_bytes(gzip.compress(bytes(data)))
    with pytest.raises(StoreError, match="kapot.db.gz is beschadigd"):
        restore(tmp_path / "demo.db", broken, user="Els", now=clock.now())
    assert (tmp_path / "demo.db").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_the_restore_command_takes_a_compressed_daily_copy(tmp_path, demo):
    copy = daily_backup(demo, date.today())
    demo.close()
    result = run_cli("restore", str(copy), "--db", "demo.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (tmp_path / "rommel.db.gz").write_bytes(gzip.compress(b"referentie;ontvangen\n"))
    assert "geen reservekopie van klachtendesk" in one_dutch_line(
        run_cli("restore", "rommel.db.gz", "--db", "demo.db", cwd=tmp_path))


def test_a_copy_named_by_an_old_frozen_future_date_pushes_no_real_copy_out(demo):
    folder = backup_dir(demo.path)
    before = _older_copies(demo)
    future = folder / f"demo-{(date.today() + timedelta(days=400)).isoformat()}.db.gz"
    future.write_bytes(b"made by an older version run with --today")
    with demo.sessions.write() as session:
        from klachtendesk.store import settings as settings_table

        settings_table.put(session, "backup.keep_daily", 3)
        settings_table.put(session, "backup.keep_monthly", 0)
    daily_backup(demo, date.today())
    after = _copies(folder)
    # Today's, yesterday's and the copy of 13 days ago are the 3 newest real days: all stay.
    assert set(before) <= set(after) and future.name in after and len(after) == 4
