"""The report as spreadsheets: csv (the category x qualification table) and xlsx (every table).

CSV follows the register export: semicolons, a byte-order mark so Belgian Excel opens it
as UTF-8, and cells that a spreadsheet would run as a formula neutralised. In xlsx every
table gets its own sheet; counts stay numbers, shares are percentages, text is never a
formula.
"""

from __future__ import annotations

import io
from typing import Any

from klachtendesk.register.files import write_csv, xlsx_cells
from klachtendesk.register.formulas import neutralise
from klachtendesk.report.summary import Summary
from klachtendesk.report.tables import Cell, Days, Share, all_tables, category_table

BOM = "\ufeff"


def render_csv(summary: Summary) -> str:
    table = category_table(summary)
    out = io.StringIO(newline="")
    write_csv(out, [neutralise(h) for h in table.header], table.body)
    return BOM + out.getvalue()


def _value(cell: Cell) -> Any:
    if isinstance(cell, Share):
        return cell.fraction
    if isinstance(cell, Days):
        return cell.value
    return cell


_FORMATS = {Share: "0.0%", Days: "0.0"}


def render_xlsx(summary: Summary) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for table in all_tables(summary):
        sheet = workbook.create_sheet(table.short)
        sheet.append(xlsx_cells(sheet, table.header))
        for row in table.body:
            cells = xlsx_cells(sheet, [_value(c) for c in row])
            for cell, original in zip(cells, row, strict=True):
                if type(original) in _FORMATS:
                    cell.number_format = _FORMATS[type(original)]
            sheet.append(cells)
        if table.note:
            sheet.append([])
            sheet.append(xlsx_cells(sheet, [table.note]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
