"""Where mail comes from: .eml files, folders of them, Maildir folders and mbox files.

Each path becomes a list of ``MailSource``: a label for the lines the user reads (the file
name, or the mbox and the message's number) and the message's bytes.
"""

from __future__ import annotations

import mailbox
from dataclasses import dataclass
from pathlib import Path

from klachtendesk.mail.parse import UnreadableMail

MAIL_SUFFIXES = (".eml",)
MBOX_SUFFIXES = (".mbox", ".mbx")


@dataclass(frozen=True)
class MailSource:
    label: str
    path: Path
    raw: bytes | None = None  # None: could not be read (see ``error``)
    error: str = ""
    key: str = ""  # the message's key in a Maildir or mbox


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def is_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def read_sources(paths: list[Path]) -> list[MailSource]:
    found: list[MailSource] = []
    for path in paths:
        found.extend(_from_path(path))
    return found


def _from_path(path: Path) -> list[MailSource]:
    if not path.exists():
        return [MailSource(path.name or str(path), path, error="bestaat niet.")]
    if is_maildir(path):
        return _maildir(path)
    if path.is_dir():
        out: list[MailSource] = []
        for child in sorted(path.iterdir()):
            if child.name.startswith("."):
                continue
            if is_maildir(child) or (child.is_file() and (child.suffix.lower() in MAIL_SUFFIXES + MBOX_SUFFIXES
                                                           or (not child.suffix and is_mbox(child)))):
                out.extend(_from_path(child))
        return out
    if is_mbox(path):
        return _mbox(path)
    try:
        return [MailSource(path.name, path, raw=path.read_bytes())]
    except OSError as err:
        return [MailSource(path.name, path, error=f"kan niet gelezen worden ({err.strerror or err}).")]


def _maildir(path: Path) -> list[MailSource]:
    box = mailbox.Maildir(path, factory=None, create=False)
    out = []
    for key in sorted(box.keys()):
        label = f"{path.name}/{key[:24]}"
        try:
            out.append(MailSource(label, path, raw=box.get_bytes(key), key=key))
        except OSError as err:
            out.append(MailSource(label, path, error=f"kan niet gelezen worden ({err.strerror or err}).", key=key))
    return out


def _mbox(path: Path) -> list[MailSource]:
    try:
        box = mailbox.mbox(path, factory=None, create=False)
        keys = list(box.keys())
    except (OSError, mailbox.Error) as err:
        return [MailSource(path.name, path, error=f"is geen leesbaar mbox-bestand ({err}).")]
    out = []
    for number, key in enumerate(keys, start=1):
        out.append(MailSource(f"{path.name}, bericht {number}", path, raw=box.get_bytes(key), key=str(key)))
    box.close()
    return out


__all__ = ["MailSource", "UnreadableMail", "read_sources", "is_maildir", "is_mbox"]
