"""The shared output writer: never the store's own files, never over a file without --force."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from klachtendesk.domain.errors import DomainError
from klachtendesk.outfile import store_files, write_private


def test_refuses_the_store_and_its_companions_also_through_a_link(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    db.write_bytes(b"store")
    link = tmp_path / "link.csv"
    link.symlink_to(db)
    for target in (db, tmp_path / "desk.db-wal", link):
        with pytest.raises(DomainError, match="klachtendesk-gegevens zelf"):
            write_private(target, b"x", force=True, protect=store_files(db))
    assert db.read_bytes() == b"store"


def test_refuses_an_existing_file_or_link_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "rapport.csv"
    target.write_bytes(b"old")
    with pytest.raises(DomainError, match="--force"):
        write_private(target, b"new")
    assert target.read_bytes() == b"old"
    write_private(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_full_disk_leaves_nothing_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DomainError, match="De schijf is vol"):
        write_private(tmp_path / "rapport.csv", b"data")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_and_a_read_only_folder_get_a_dutch_line(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="is een map"):
        write_private(tmp_path, b"x")

def test_a_read_only_folder_gets_a_dutch_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def read_only(*_args: object, **_kwargs: object) -> str:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    with pytest.raises(DomainError, match="mag klachtendesk niet schrijven"):
        write_private(tmp_path / "x.csv", b"x")


def test_cli_export_onto_the_store_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from klachtendesk.cli import main

    db = tmp_path / "desk.db"
    assert main(["init", "--preset", "algemeen", "--db", str(db)]) == 0
    before = db.read_bytes()
    link = tmp_path / "kopie.csv"
    link.symlink_to(db)
    assert main(["export", str(link), "--force", "--db", str(db)]) != 0
    assert "klachtendesk-gegevens zelf" in capsys.readouterr().err
    assert db.read_bytes() == before
    out = tmp_path / "register.xlsx"
    assert main(["export", str(out), "--db", str(db)]) == 0
    assert main(["export", str(out), "--db", str(db)]) != 0
    assert "--force" in capsys.readouterr().err
    assert main(["export", str(out), "--force", "--db", str(db)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert out.stat().st_mode & 0o777 == 0o600
