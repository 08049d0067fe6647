"""Writing a table to a spreadsheet file: CSV as Belgian Excel opens it, or xlsx.

Every file goes through the shared writer (outfile.private_output): private, and renamed
into place only once complete. A cell that would start a formula is neutralised in CSV
(formulas.py) and stored as text in xlsx.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from klachtendesk.outfile import private_output
from klachtendesk.sheets.formulas import RISKY_FIRST, neutralise

# OOXML writes a literal "_xHHHH_" as _x005F_xHHHH_ (else Excel reads it as an escaped character).
_OOXML_LITERAL = re.compile(r"_x(?=[0-9A-Fa-f]{4}_)")


def ooxml_escape(text: str) -> str:
    """Protect a literal "_xHHHH_" so Excel (and our import) reads it as typed."""
    return _OOXML_LITERAL.sub("_x005F_x", text)


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
        with private_output(path_or_stream, "w", force=force, protect=protect, encoding="utf-8-sig",
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
    with private_output(path, "wb", force=force, protect=protect) as handle:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title)
        sheet.append(xlsx_cells(sheet, header))
        count = 0
        for row in rows:
            sheet.append(xlsx_cells(sheet, row))
            count += 1
        workbook.save(handle)
    return count
