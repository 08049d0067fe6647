"""Reading and writing register files: CSV (comma or semicolon, with or without BOM) and xlsx."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from klachtendesk.domain.errors import DomainError
from klachtendesk.register.formulas import PREFIX, RISKY_FIRST, neutralise, restore

FORMATS = (".csv", ".xlsx")


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (line number in the file, cells)


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DomainError(f"{path.name}: kies een .csv- of .xlsx-bestand.")
    return suffix


def read_sheet(path: Path) -> Sheet:
    if not path.is_file():
        raise DomainError(f"Het bestand {path} bestaat niet.")
    if file_format(path) == ".xlsx":
        return _read_xlsx(path)
    return _read_csv(path)


def _decode(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(f"{name}: onleesbare tekens; bewaar het bestand als CSV UTF-8.")


def _read_csv(path: Path) -> Sheet:
    text = _decode(path.read_bytes(), path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise DomainError(f"{path.name} is leeg.") from None
    rows: list[tuple[int, list[Any]]] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            if "".join(cells).strip():
                rows.append((line, [restore(cell) if cell[:1] == PREFIX else cell for cell in cells]))
            line = reader.line_num + 1
    except csv.Error as err:
        raise DomainError(f"{path.name}, regel {line}: geen geldige CSV ({err}).") from None
    return Sheet(header=header, rows=rows)


def _read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a broken file
        raise DomainError(f"{path.name} is geen leesbaar Excel-bestand ({type(err).__name__}).") from None
    try:
        sheet = workbook.worksheets[0]
        iterator: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        try:
            header = ["" if v is None else str(v) for v in next(iterator)]
        except StopIteration:
            raise DomainError(f"{path.name} is leeg.") from None
        rows = []
        for number, values in enumerate(iterator, start=2):
            cells = ["" if v is None else v for v in values]
            if any(str(c).strip() for c in cells):
                rows.append((number, cells))
        return Sheet(header=header, rows=rows)
    finally:
        workbook.close()


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
              rows: Iterable[Sequence[Any]]) -> int:
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
        with path_or_stream.open("w", encoding="utf-8-sig", newline="") as handle:
            return write(handle)
    return write(path_or_stream)


def xlsx_cells(sheet: Any, row: Sequence[Any]) -> list[Any]:
    """Write-only cells for a row: text is always text (never a formula), dates in d/m/yyyy."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        elif isinstance(value, date) and not isinstance(value, datetime):
            cell.number_format = "d/m/yyyy"
        cells.append(cell)
    return cells


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]],
               title: str = "Register") -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(xlsx_cells(sheet, header))
    count = 0
    for row in rows:
        sheet.append(xlsx_cells(sheet, row))
        count += 1
    workbook.save(path)
    return count
