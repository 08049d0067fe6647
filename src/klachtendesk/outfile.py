"""Writing a file the user asked for: one writer for every command and screen.

Every report, export, letter, case file, person export, saved attachment, backup and the
crash log go through here, so each gets the same promises:

- never the store's own files (the database and its -wal, -shm and -journal companions,
  also when reached through a symbolic link);
- never over an existing file or through a symbolic link unless the user said so (--force);
- written under a temporary name in the target folder (private, 0600) and renamed into
  place only when complete: a crash or a full disk never leaves half a document, and the
  temporary file is removed on every way out;
- helper files a library makes while writing (openpyxl's sheets) stay in a private folder
  next to the target, never in the system's shared temporary folder;
- one Dutch line for what went wrong: a folder, a read-only folder, a full disk (also
  when a library reports the full disk its own way, as lxml does under openpyxl).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from klachtendesk.domain.errors import DomainError

#: The files SQLite keeps beside a store file.
STORE_COMPANIONS = ("", "-wal", "-shm", "-journal")
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


def store_files(db_path: Path | None) -> tuple[Path, ...]:
    """The store file and its companions, resolved: what no output may ever replace."""
    if db_path is None:
        return ()
    base = Path(db_path).expanduser()
    found = []
    for suffix in STORE_COMPANIONS:
        plain = base.with_name(base.name + suffix)
        found.append(plain.resolve())
        found.append(base.resolve().with_name(base.resolve().name + suffix))
    return tuple(dict.fromkeys(found))


# A library that writes through its own C code (lxml, under openpyxl) reports a failed
# write as its own exception naming the errno ("IO_ENOSPC"), not as an OSError.
_LIBRARY_ERRNO = re.compile(r"\bIO_(E[A-Z]+)\b")


def _library_os_error(err: Exception) -> OSError | None:
    """The OSError a library's own write error stands for, if it names one."""
    found = _LIBRARY_ERRNO.search(str(err))
    code = getattr(errno, found[1], None) if found else None
    return OSError(code, os.strerror(code)) if isinstance(code, int) else None


def _raise_as_write_error(path: Path, err: Exception) -> None:
    """Raise the Dutch line for a failed write (an OSError, or one a library reports its own
    way); return for any other error, which the caller re-raises as it is."""
    reported = err if isinstance(err, OSError) else _library_os_error(err)
    if reported is not None:
        raise write_error(path, reported) from None


def write_error(path: Path, err: OSError) -> DomainError:
    """The Dutch line for an OSError while writing ``path``."""
    if err.errno in _FULL:
        return DomainError(f"De schijf is vol: {path} is niet geschreven (er is niets veranderd). "
                           "Maak ruimte vrij of kies een andere schijf.")
    if err.errno in _DENIED:
        return DomainError(f"In de map {path.parent} mag klachtendesk niet schrijven (alleen-lezen of geen "
                           "toegang): kies een andere map.")
    if err.errno == errno.EISDIR:
        return DomainError(f"{path} is een map; geef een bestandsnaam.")
    return DomainError(f"{path} kan niet geschreven worden ({err.strerror or err}).")


def check_target(path: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> Path:
    """Refuse a target no output may go to; returns the path (with ~ expanded)."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise DomainError(f"{path} is een map; geef een bestandsnaam (bv. {path / 'export.csv'}).")
    if not path.parent.is_dir():
        raise DomainError(f"De map {path.parent} bestaat niet.")
    resolved = path.resolve()
    guarded = set(protect)
    if resolved in guarded or path.absolute() in guarded:
        raise DomainError(f"{path} is een bestand van de klachtendesk-gegevens zelf; kies een andere "
                          "bestandsnaam (er is niets geschreven).")
    if path.is_symlink() and not force:
        raise DomainError(f"{path} is een symbolische koppeling (naar {resolved}); kies een andere naam "
                          "of geef --force om de koppeling te vervangen.")
    if path.exists() and not force:
        raise DomainError(f"{path} bestaat al; kies een andere naam of geef --force om het te vervangen.")
    if path.exists() and not path.is_file():
        raise DomainError(f"{path} is geen gewoon bestand; kies een andere naam.")
    return path


@contextmanager
def private_output(path: Path, mode: str = "wb", *, force: bool = False, protect: Iterable[Path] = (),
                   **open_kwargs: Any) -> Iterator[IO[Any]]:
    """A handle on a private temporary file next to ``path``, renamed onto it when the block
    ends without an error; on any error the temporary file (and helpers) are removed."""
    path = check_target(path, force=force, protect=protect)
    temp = helpers = ""
    previous_tempdir = tempfile.tempdir
    try:
        helpers = tempfile.mkdtemp(prefix=f".{path.name[:40]}.", suffix=".work", dir=path.parent)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
        # openpyxl's write-only sheets go here, not to /tmp. tempfile.tempdir is process-wide:
        # a temporary file another thread makes during this block lands here too (and goes
        # with it), e.g. a letter opened from the desk while a summary export is running.
        tempfile.tempdir = helpers
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        check_target(path, force=force, protect=protect)  # nothing appeared there meanwhile
        os.replace(temp, path)
    except Exception as err:
        _raise_as_write_error(path, err)
        raise
    finally:
        tempfile.tempdir = previous_tempdir
        if temp:
            Path(temp).unlink(missing_ok=True)
        if helpers:
            shutil.rmtree(helpers, ignore_errors=True)


@contextmanager
def private_file(path: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> Iterator[Path]:
    """The path of a new private (0600) temporary file next to ``path``, for writers that
    need a file name (SQLite's backup API, pg_dump): renamed onto ``path`` when the block
    ends without an error, removed on every other way out. Companions a writer leaves
    beside it (``-journal``, ``-wal``, ``-shm``) are removed too."""
    path = check_target(path, force=force, protect=protect)
    temp = ""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        yield Path(temp)
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, 0o600)
        check_target(path, force=force, protect=protect)  # nothing appeared there meanwhile
        os.replace(temp, path)
    except Exception as err:
        _raise_as_write_error(path, err)
        raise
    finally:
        if temp:
            for suffix in STORE_COMPANIONS:
                Path(temp + suffix).unlink(missing_ok=True)


def write_private(path: Path, data: bytes, *, force: bool = False, protect: Iterable[Path] = ()) -> Path:
    path = Path(path).expanduser()
    with private_output(path, "wb", force=force, protect=protect) as handle:
        handle.write(data)
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
