"""Is the store on a network share? SQLite's WAL mode needs shared memory that only works
on one machine, so a store on SMB/NFS/CIFS can lose updates or be corrupted when two
workstations open it. We cannot forbid it (some teams have nothing else), but we warn.

Linux: the mount table in /proc/mounts. Windows: UNC paths and mapped network drives.
Elsewhere (macOS) there is no cheap, dependable test, so no warning is given.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

#: File system types that live on another machine (the third field of /proc/mounts).
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph",
    "glusterfs", "lustre", "gpfs", "davfs", "sshfs", "fuse.sshfs", "fuse.davfs2", "fuse.glusterfs",
    "fuse.ceph", "fuse.rclone", "fuse.s3fs", "fuse.smbnetfs",
})

_PROC_MOUNTS = Path("/proc/mounts")
_DRIVE_REMOTE = 4  # GetDriveTypeW


@dataclass(frozen=True)
class Mount:
    point: str
    fstype: str
    source: str


def _unescape(field: str) -> str:
    """/proc/mounts writes spaces, tabs and backslashes in paths as octal (\\040)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit() and len(field[i + 1:i + 4]) == 3:
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mounts(text: str) -> list[Mount]:
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append(Mount(point=_unescape(parts[1]), fstype=parts[2].lower(), source=_unescape(parts[0])))
    return mounts


def mount_of(path: Path, mounts: list[Mount]) -> Mount | None:
    """The mount that holds ``path``: the longest mount point that is a prefix of it."""
    target = str(path)
    best: Mount | None = None
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = target == point or target.startswith(point + "/") or point == "/"
        if inside and (best is None or len(point) >= len(best.point.rstrip("/") or "/")):
            best = mount
    return best


def _existing(path: Path) -> Path:
    """The real location of the store, or of its nearest existing folder before it exists."""
    path = Path(os.path.abspath(path))
    while not path.exists() and path.parent != path:
        path = path.parent
    return Path(os.path.realpath(path))


def _read_proc_mounts() -> str | None:
    try:
        return _PROC_MOUNTS.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _windows_network_kind(path: Path) -> str | None:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "netwerkpad"
    drive = os.path.splitdrive(text)[0]
    if not drive:
        return None
    try:
        import ctypes

        kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return "netwerkschijf" if kind == _DRIVE_REMOTE else None


def network_filesystem(path: Path, *, mounts_text: str | None = None, platform: str | None = None) -> str | None:
    """The network file system type holding ``path`` ("nfs4", "cifs", ...), else None.

    ``mounts_text`` and ``platform`` replace /proc/mounts and ``sys.platform`` in tests.
    """
    platform = platform or sys.platform
    if platform.startswith("win"):
        return _windows_network_kind(Path(os.path.abspath(path)))
    if mounts_text is None:
        if not platform.startswith("linux"):
            return None
        mounts_text = _read_proc_mounts()
        if mounts_text is None:
            return None
        where = _existing(path)
    else:
        where = Path(os.path.abspath(path))
    mount = mount_of(where, parse_mounts(mounts_text))
    if mount is None:
        return None
    return mount.fstype if mount.fstype in NETWORK_FILESYSTEMS else None


def network_warning(path: Path, *, mounts_text: str | None = None, platform: str | None = None) -> str | None:
    """One Dutch line to show at start when the store is on a network share, else None."""
    kind = network_filesystem(path, mounts_text=mounts_text, platform=platform)
    if kind is None:
        return None
    return (
        f"Let op: de databank {path} staat op een netwerkmap ({kind}). SQLite werkt daar niet "
        "betrouwbaar: wijzigingen kunnen verloren gaan of de databank kan beschadigd raken. "
        "Zet de databank op de lokale schijf van één werkpost (zie README, 'Veilige opstelling')."
    )
