"""Only a regular file (or a path that does not exist yet) is ever opened, created or cleaned
up as the store: a device such as /dev/null, a FIFO or a folder given as --db gets one Dutch
line and is left exactly as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from trust_helpers import one_dutch_line, run_cli


def _device(tmp_path: Path) -> Path:
    """A private stand-in for /dev/null (the same character device), so that a regression
    never removes the machine's own."""
    if os.geteuid() != 0:
        pytest.skip("a character device can only be made as root")
    path = tmp_path / "null"
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return path


def _kind(path: Path) -> int:
    return stat.S_IFMT(os.lstat(path).st_mode)


def test_init_on_a_device_leaves_the_device_in_place(tmp_path):
    device = _device(tmp_path)
    line = one_dutch_line(run_cli("init", "--preset", "stad", "--db", str(device), cwd=tmp_path))
    assert "geen gewoon bestand" in line
    assert _kind(device) == stat.S_IFCHR  # not unlinked when the creation failed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no -wal, -shm, journal beside it


@pytest.mark.parametrize("command", [["init", "--preset", "stad"], ["check"], ["report", "--format", "json"],
                                     ["backup"], ["retention"]])
def test_a_fifo_as_store_is_refused_without_hanging(tmp_path, command):
    fifo = tmp_path / "store.db"
    os.mkfifo(fifo)
    # Today's code opened the FIFO to read its header and waited for a writer forever.
    line = one_dutch_line(run_cli(*command, "--db", str(fifo), cwd=tmp_path, timeout=30))
    assert "geen gewoon bestand" in line
    assert _kind(fifo) == stat.S_IFIFO


@pytest.mark.parametrize("command", [["init", "--preset", "stad"], ["check"], ["report", "--format", "json"]])
def test_a_folder_as_store_gets_a_dutch_line(tmp_path, command):
    folder = tmp_path / "map"
    folder.mkdir()
    line = one_dutch_line(run_cli(*command, "--db", str(folder), cwd=tmp_path))
    assert "is een map" in line
    assert folder.is_dir() and list(folder.iterdir()) == []


def _a_backup(tmp_path: Path) -> Path:
    store = tmp_path / "echt.db"
    assert run_cli("init", "--preset", "stad", "--db", str(store), cwd=tmp_path).returncode == 0
    copy = tmp_path / "kopie.db"
    assert run_cli("backup", str(copy), "--db", str(store), cwd=tmp_path).returncode == 0
    return copy


def test_restore_never_moves_a_device_a_fifo_or_a_folder_aside(tmp_path):
    copy = _a_backup(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "map"
    folder.mkdir()
    targets = [fifo, folder]
    if os.geteuid() == 0:
        targets.append(_device(tmp_path))
    before = sorted(p.name for p in tmp_path.iterdir())
    for target in targets:
        kind = _kind(target)
        line = one_dutch_line(run_cli("restore", str(copy), "--db", str(target), cwd=tmp_path, timeout=30))
        assert "niets teruggezet" in line
        assert _kind(target) == kind  # today's code renamed it "-voor-terugzetten" and put a file there
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_restore_from_a_fifo_is_refused_without_hanging(tmp_path):
    store = tmp_path / "echt.db"
    assert run_cli("init", "--preset", "stad", "--db", str(store), cwd=tmp_path).returncode == 0
    fifo = tmp_path / "kopie.db"
    os.mkfifo(fifo)
    line = one_dutch_line(run_cli("restore", str(fifo), "--db", str(store), cwd=tmp_path, timeout=30))
    assert "geen gewoon bestand" in line
