"""Reading register files: CSV (csv_read.py) and xlsx (xlsx_read.py), streamed. (They are
written by klachtendesk/sheets/write.py, as the year report's spreadsheets are.)"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Any

from klachtendesk.domain.errors import DomainError
from klachtendesk.outfile import private_output
from klachtendesk.register.csv_read import CsvRows
from klachtendesk.register.sheet import Sheet
from klachtendesk.register.xlsx_read import XlsxRows

FORMATS = (".csv", ".xlsx")

__all__ = ["FORMATS", "Sheet", "file_format", "open_private", "read_sheet"]


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DomainError(f"{path.name}: kies een .csv- of .xlsx-bestand.")
    return suffix


def read_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """The file's header and its rows, streamed; ``sheet_name``: the xlsx sheet to read."""
    if not path.exists():
        raise DomainError(f"Het bestand {path} bestaat niet.")
    if not path.is_file():  # a folder, a device (/dev/null), a pipe: never read as a register
        kind = "een map" if path.is_dir() else "geen gewoon bestand"
        raise DomainError(f"{path} is {kind}; geef een .csv- of .xlsx-bestand.")
    if file_format(path) == ".xlsx":
        sheet = XlsxRows(path, sheet_name)
        return Sheet(header=sheet.header, rows=sheet, warnings=sheet.warnings)
    if sheet_name is not None:
        raise DomainError(f"{path.name}: --sheet kiest een blad van een .xlsx-bestand; een CSV-bestand heeft er geen.")
    rows = CsvRows(path)
    return Sheet(header=rows.header, rows=rows)


def open_private(path: Path, mode: str = "w", *, force: bool = False, protect: Iterable[Path] = (),
                 **kwargs: Any) -> AbstractContextManager[IO[Any]]:
    """The shared writer (outfile.private_output): 0600, renamed into place when complete."""
    return private_output(path, mode, force=force, protect=protect, **kwargs)
