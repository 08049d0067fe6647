"""A store on a network share gets a warning at start (CLI on stderr, desk as a notice)."""

from __future__ import annotations

from pathlib import Path

import pytest

from klachtendesk.cli import main
from klachtendesk.store import network
from klachtendesk.store.network import network_filesystem, network_warning
from klachtendesk.store.startup import start_notices

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//fileserver/klachten /mnt/klachten cifs rw,vers=3.0 0 0
/dev/sdb1 /mnt/klachten/lokaal ext4 rw 0 0
server:/export/home /home nfs4 rw,vers=4.2 0 0
//nas/gedeeld\\040team /mnt/gedeeld\\040team smb3 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/klachten/klachtendesk.db", "cifs"),
        ("/home/els/.local/share/klachtendesk/klachtendesk.db", "nfs4"),
        ("/mnt/gedeeld team/store.db", "smb3"),  # /proc/mounts writes the space as \040
        ("/mnt/klachten/lokaal/store.db", None),  # a local disk mounted inside the share
        ("/var/lib/klachtendesk/store.db", None),
        ("/mnt/klachtenarchief/store.db", None),  # a prefix of the name is not the mount
    ],
)
def test_the_mount_holding_the_store_decides(path, kind):
    assert network_filesystem(Path(path), mounts_text=MOUNTS, platform="linux") == kind


def test_the_warning_names_the_share_and_the_safe_setup():
    warning = network_warning(Path("/mnt/klachten/klachtendesk.db"), mounts_text=MOUNTS, platform="linux")
    assert warning.startswith("Let op: de databank /mnt/klachten/klachtendesk.db staat op een netwerkmap (cifs).")
    assert "lokale schijf van één werkpost" in warning and "\n" not in warning


def test_windows_network_paths_and_other_systems():
    assert network_filesystem(Path("//server/share/k.db"), platform="win32") == "netwerkpad"
    assert network_filesystem(Path("/Users/els/k.db"), platform="darwin") is None  # no dependable test: silent


def test_a_local_store_gives_no_warning(tmp_path):
    assert network_warning(tmp_path / "store.db") is None  # the real mount table of this machine


@pytest.fixture
def on_a_share(monkeypatch, tmp_path):
    table = f"/dev/sda1 / ext4 rw 0 0\n//server/klachten {tmp_path} cifs rw 0 0\n"
    monkeypatch.setattr(network, "_read_proc_mounts", lambda: table)
    monkeypatch.setattr(network.sys, "platform", "linux")
    return tmp_path


def test_the_cli_warns_on_stderr_for_commands_that_open_the_store(on_a_share, capsys):
    db = str(on_a_share / "store.db")
    assert main(["init", "--preset", "brandweer", "--db", db]) == 0
    for command in (["alerts"], ["check"], ["export", str(on_a_share / "r.csv")]):
        assert main([*command, "--db", db]) == 0
        captured = capsys.readouterr()
        assert "staat op een netwerkmap (cifs)" in captured.err
        assert "netwerkmap" not in captured.out


def test_the_desk_gets_the_warning_as_a_start_notice(on_a_share, brandweer):
    notices = start_notices(brandweer)
    assert any("netwerkmap (cifs)" in notice for notice in notices)
