"""Writing a file the user asked for (a letter, a case file, a saved attachment).

Written under a temporary name in the same folder, readable by its owner only (0600), and
renamed into place when complete: a crash or a full disk never leaves half a document.
(issue 11 brings one shared writer for every command; this is the same contract.)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from klachtendesk.domain.errors import DomainError


def write_private(path: Path, data: bytes) -> Path:
    path = Path(path).expanduser()
    if not path.parent.is_dir():
        raise DomainError(f"De map {path.parent} bestaat niet.")
    if path.is_dir():
        raise DomainError(f"{path} is een map; geef een bestandsnaam.")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise DomainError(f"{path} kan niet geschreven worden ({err.strerror or err}).") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def private_temp_dir() -> Path:
    """A folder only this user can read, for files handed to the system's program."""
    return Path(tempfile.mkdtemp(prefix="klachtendesk-"))


def open_with_system(path: Path) -> None:
    """Open ``path`` with the program the system uses for its kind of file."""
    import subprocess
    import sys

    try:
        if sys.platform.startswith("win"):
            os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606
        elif sys.platform == "darwin":
            subprocess.Popen(["open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        opener = "xdg-open" if sys.platform.startswith("linux") else "het standaardprogramma"
        raise DomainError(f"Geen programma gevonden om {path.name} te openen ({opener} ontbreekt). "
                          f"Het bestand staat in {path.parent}.") from None
