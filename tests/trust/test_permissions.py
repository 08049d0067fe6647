"""Personal data is readable by its owner only: the store, its -wal and -shm, backups,
exports and access-request files are 0600 whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.register.exporter import export_register
from klachtendesk.register.person import export_person
from klachtendesk.store.backup import backup_to, daily_backup
from klachtendesk.store.database import Store


@pytest.fixture
def open_umask():
    """A umask that lets everyone read: the modes below come from klachtendesk, not luck."""
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_wal_and_shm_are_private(open_umask, tmp_path):
    store = Store.create(tmp_path / "store.db", load_preset("brandweer"))
    with store.sessions.write() as session:
        session.execute(text("UPDATE setting SET value = value"))
        # While a connection is open the WAL and shared-memory files exist beside the store.
        for name in ("store.db", "store.db-wal", "store.db-shm"):
            assert mode(tmp_path / name) == 0o600, name
    store.close()


def test_backups_and_exports_are_private(open_umask, demo, tmp_path):
    daily = daily_backup(demo, clock.today())
    manual = backup_to(demo, tmp_path, user="Els", now=clock.now())
    export_register(demo, tmp_path / "register.csv", user="Els")
    export_register(demo, tmp_path / "register.xlsx", user="Els")
    export_person(demo, "Luc Maes", tmp_path / "inzage.json", user="Els", now=clock.now())
    assert mode(daily.parent) == 0o700
    for path in (daily, manual, tmp_path / "register.csv", tmp_path / "register.xlsx", tmp_path / "inzage.json"):
        assert mode(path) == 0o600, path.name


def test_an_export_over_an_existing_readable_file_becomes_private(demo, tmp_path):
    target = tmp_path / "register.csv"
    target.write_text("oud")
    target.chmod(0o644)
    export_register(demo, target, user="Els", force=True)
    assert mode(target) == 0o600
