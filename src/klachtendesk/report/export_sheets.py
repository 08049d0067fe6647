"""The report as spreadsheets: csv (the category x qualification table) and xlsx (every table).

CSV follows the register export: semicolons, a byte-order mark so Belgian Excel opens it
as UTF-8, and cells that a spreadsheet would run as a formula neutralised. In xlsx every
table gets its own sheet; counts stay numbers, shares are percentages, text is never a
formula.
"""

from __future__ import annotations

import io
from typing import Any

from klachtendesk.domain.errors import DomainError
from klachtendesk.report.dutch import decimal
from klachtendesk.report.summary import Summary
from klachtendesk.report.tables import (
    Cell,
    Days,
    Percent,
    Share,
    Table,
    all_tables,
    category_table,
    chapter_table,
)
from klachtendesk.sheets.formulas import neutralise
from klachtendesk.sheets.write import write_csv, xlsx_cells

BOM = "\ufeff"


def render_csv(summary: Summary, table_id: str | None = None) -> str:
    """The category x qualification table, or the chapter's table ``table_id`` (``report --table``)."""
    if table_id is None:
        table = category_table(summary)
        out = io.StringIO(newline="")
        write_csv(out, [neutralise(h) for h in table.header], table.body)
        return BOM + out.getvalue()
    chapter = next((t for t in summary.chapter if t.id == table_id), None)
    if chapter is None:
        known = ", ".join(t.id for t in summary.chapter) or "geen"
        raise DomainError(f"Het hoofdstuk heeft geen tabel '{table_id}'. Tabellen: {known}.")
    table = chapter_table(chapter)
    out = io.StringIO(newline="")
    write_csv(out, [neutralise(h) for h in table.header], [[_csv_cell(c) for c in row] for row in table.body])
    return BOM + out.getvalue()


def _csv_cell(cell: Cell) -> Any:
    """A number as Belgian Excel reads it: a decimal comma, no thousands point, no % sign."""
    if isinstance(cell, Percent | Days):
        return "" if cell.value is None else decimal(cell.value, cell.decimals if isinstance(cell, Percent) else 1
                                                     ).replace(".", "")
    return cell


def _value(cell: Cell) -> Any:
    if isinstance(cell, Share):
        return cell.fraction
    if isinstance(cell, Days):
        return cell.value
    if isinstance(cell, Percent):
        return None if cell.value is None else cell.value / 100
    return cell


def _format(cell: Cell) -> str | None:
    if isinstance(cell, Share):
        return "0.0%"
    if isinstance(cell, Days):
        return "0.0"
    if isinstance(cell, Percent):
        return "0%" if cell.decimals == 0 else "0." + "0" * cell.decimals + "%"
    return None


def _contiguous(columns: tuple[int, ...]) -> bool:
    return bool(columns) and list(columns) == list(range(columns[0], columns[-1] + 1))


def _unique(name: str, taken: set[str]) -> str:
    """A sheet name not taken yet: Excel compares them ignoring case ("kanalen" and "Kanalen")."""
    found, n = name, 2
    while found.casefold() in taken:
        suffix = f" ({n})"
        found, n = name[:31 - len(suffix)] + suffix, n + 1
    taken.add(found.casefold())
    return found


def _add_chart(sheet: Any, table: Table) -> None:
    """A native bar chart of the cells the table's chart draws, beside the table."""
    from openpyxl.chart import BarChart, Reference

    chart = table.chart
    assert chart is not None
    bars = BarChart()
    bars.type = "col"
    bars.title = table.title
    bars.y_axis.title = chart.unit or "aantal"
    first_row, last_row = 2, 1 + len(table.rows)  # the header is row 1; the total row is not drawn
    columns = [i + 2 for i in chart.columns]  # cells after the label, in spreadsheet columns
    if chart.axis == "rows":
        for column in columns:
            bars.add_data(Reference(sheet, min_col=column, min_row=1, max_row=last_row), titles_from_data=True)
        bars.set_categories(Reference(sheet, min_col=1, min_row=first_row, max_row=last_row))
    else:
        for row in range(first_row, last_row + 1):
            values = Reference(sheet, min_col=columns[0], max_col=columns[-1], min_row=row, max_row=row)
            bars.add_data(values, from_rows=True, titles_from_data=False)
        from openpyxl.chart.series import SeriesLabel

        for series, cells in zip(bars.series, table.rows, strict=True):
            series.tx = SeriesLabel(v=str(cells[0]))
        bars.set_categories(Reference(sheet, min_col=columns[0], max_col=columns[-1], min_row=1, max_row=1))
    bars.width, bars.height = 24, 9
    sheet.add_chart(bars, f"A{last_row + 5}")


def render_xlsx(summary: Summary) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in all_tables(summary):
        sheet = workbook.create_sheet(_unique(table.short, taken))
        sheet.append(xlsx_cells(sheet, table.header))
        for row in table.body:
            cells = xlsx_cells(sheet, [_value(c) for c in row])
            for cell, original in zip(cells, row, strict=True):
                number_format = _format(original)
                if number_format:
                    cell.number_format = number_format
            sheet.append(cells)
        if table.note:
            sheet.append([])
            sheet.append(xlsx_cells(sheet, [table.note]))
        if table.chart is not None and table.rows and _contiguous(table.chart.columns):
            _add_chart(sheet, table)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
