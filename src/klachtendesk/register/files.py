"""Reading and writing register files: CSV (comma or semicolon, with or without BOM) and xlsx."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from klachtendesk.domain.errors import DomainError
from klachtendesk.outfile import private_output
from klachtendesk.register.csv_read import CsvRows
from klachtendesk.register.formulas import RISKY_FIRST, neutralise
from klachtendesk.register.ooxml import ooxml_escape
from klachtendesk.register.sheet import Sheet
from klachtendesk.register.xlsx_read import XlsxRows

FORMATS = (".csv", ".xlsx")


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DomainError(f"{path.name}: kies een .csv- of .xlsx-bestand.")
    return suffix


def read_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """The file's header and its rows, streamed; ``sheet_name``: the xlsx sheet to read."""
    if not path.is_file():
        raise DomainError(f"Het bestand {path} bestaat niet.")
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


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime | date):
        d = value.date() if isinstance(value, datetime) else value
        return f"{d.day}/{d.month}/{d.year}"
    return str(value)


def write_csv(path_or_stream: Path | io.TextIOBase, header: Sequence[str],
              rows: Iterable[Sequence[Any]], *, force: bool = False, protect: Iterable[Path] = ()) -> int:
    """Semicolons and a BOM: what Belgian Excel opens without an import wizard."""
    def write(handle: Any) -> int:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        count = 0
        for row in rows:
            # Most cells are already text and start harmlessly: spare them the calls.
            cells = [v if type(v) is str else _cell_text(v) for v in row]
            writer.writerow([neutralise(c) if c[:1] in RISKY_FIRST else c for c in cells])
            count += 1
        return count

    if isinstance(path_or_stream, Path):
        with open_private(path_or_stream, "w", force=force, protect=protect, encoding="utf-8-sig",
                          newline="") as handle:
            return write(handle)
    return write(path_or_stream)


def xlsx_cells(sheet: Any, row: Sequence[Any]) -> list[Any]:
    """Write-only cells for a row: text is always text (never a formula), dates in d/m/yyyy."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=ooxml_escape(value))
            cell.data_type = "s"  # never a formula, whatever the text starts with
        else:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, date) and not isinstance(value, datetime):
                cell.number_format = "d/m/yyyy"
        cells.append(cell)
    return cells


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]],
               title: str = "Register", *, force: bool = False, protect: Iterable[Path] = ()) -> int:
    from openpyxl import Workbook

    # Inside the writer's block: openpyxl's sheet files live next to the target, privately.
    with open_private(path, "wb", force=force, protect=protect) as handle:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title)
        sheet.append(xlsx_cells(sheet, header))
        count = 0
        for row in rows:
            sheet.append(xlsx_cells(sheet, row))
            count += 1
        workbook.save(handle)
    return count
