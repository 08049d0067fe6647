"""``check`` only reads: a backup it checks keeps its bytes, its journal mode and its time,
gets no -wal or -shm beside it, and may be read-only (a copy on a write-protected share)."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

from trust_helpers import obeying_permissions, one_dutch_line, run_cli

from klachtendesk import clock
from klachtendesk.store.backup import backup_to, daily_backup


def _untouched(folder: Path, copy: Path):  # type: ignore[no-untyped-def]
    stat = copy.stat()
    return copy.read_bytes(), stat.st_mtime_ns, stat.st_mode, sorted(p.name for p in folder.iterdir())


def test_check_of_a_backup_leaves_it_exactly_as_it_was(tmp_path, demo):
    plain = backup_to(demo, tmp_path / "kopie.db", user="Els", now=clock.now())
    demo.close()
    before = _untouched(tmp_path, plain)
    result = run_cli("check", "--db", str(plain), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Integriteit:  in orde" in result.stdout.decode()
    assert _untouched(tmp_path, plain) == before  # no WAL switch, no -wal/-shm, no temporary files
    connection = sqlite3.connect(f"{plain.as_uri()}?mode=ro", uri=True)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()


def test_check_of_a_read_only_backup_on_a_read_only_folder(tmp_path, demo):
    shelf = tmp_path / "plank"
    shelf.mkdir()
    copy = backup_to(demo, shelf / "kopie.db", user="Els", now=clock.now())
    daily = daily_backup(demo, date.today())
    demo.close()
    os.chmod(copy, 0o400)
    os.chmod(shelf, 0o500)
    try:
        before = _untouched(shelf, copy)
        for checked in (copy, daily):
            result = run_cli("check", "--db", str(checked), cwd=tmp_path, preexec_fn=obeying_permissions())
            assert result.returncode == 0, result.stderr  # today: "is alleen-lezen"
            assert "Zoekindex:    in orde" in result.stdout.decode()
        assert _untouched(shelf, copy) == before
    finally:
        os.chmod(shelf, 0o700)


def test_check_of_a_damaged_compressed_backup_is_one_dutch_line(tmp_path, demo):
    daily = daily_backup(demo, date.today())
    demo.close()
    short = tmp_path / "kort.db.gz"
    short.write_bytes(daily.read_bytes()[:200])
    assert "beschadigd" in one_dutch_line(run_cli("check", "--db", str(short), cwd=tmp_path))
    assert not [p.name for p in tmp_path.iterdir() if "check" in p.name or p.name.endswith(".tmp")]
