"""One table of the year report on screen: title, header, zebra rows, totals and note.

A rich ``Table`` of ``Text`` cells rather than a ``DataTable``: a report table is read, not
navigated, so it needs no cursor, and its header wraps to the screen instead of scrolling
sideways. Labels come from the store (categories, channels, titles) and go through
``user_text``: brackets in them are shown, never parsed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text
from textual.widget import Widget

from klachtendesk.report import Table, cell_text
from klachtendesk.report.tables import Cell
from klachtendesk.tui.safe import user_text


def cell_width(text: Text) -> int:
    """The widest line of a cell, in terminal columns."""
    return max(cell_len(line) for line in text.plain.split("\n"))


def is_number(cell: Cell) -> bool:
    return cell is not None and not isinstance(cell, str | date)


def numeric_columns(table: Table) -> set[int]:
    """Columns (but the first, the labels) whose cells are all counts, shares or days."""
    found = set()
    for index in range(1, len(table.header)):
        cells = [row[index] for row in table.body if row[index] is not None]
        if cells and all(is_number(cell) for cell in cells):
            found.add(index)
    return found


def natural_width(table: Table) -> int:
    """About how wide the table draws without wrapping: each column's widest cell, spaced."""
    widths = [cell_len(label) for label in table.header]
    for row in table.body:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], cell_len(cell_text(cell)))
    return max(sum(widths) + 2 * (len(widths) - 1), cell_len(table.title))


def squeezed_width(table: Table) -> int:
    """About how narrow the table can draw: labels folded at 32 columns, figure headers wrapped
    between words above their figures."""
    numbers = numeric_columns(table)
    widths = []
    for index, label in enumerate(table.header):
        cells = [cell_len(cell_text(row[index])) for row in table.body]
        if index in numbers:
            widths.append(max([*cells, *(cell_len(word) for word in label.split() or [""])]))
        else:
            widths.append(min(32, max([cell_len(label), *cells])))
    return sum(widths) + 2 * (len(widths) - 1)


class TableRendering:
    """Draws a report ``Table`` as a rich table; shared by the plain view and the wide one."""

    table: Table
    squeeze: bool
    label_width: int | None = None
    titled: bool = True

    def _prepare(self, table: Table, squeeze: bool) -> None:
        self.table = table
        self.squeeze = squeeze
        self.header = tuple(user_text(label, single_line=True) for label in table.header)
        self.rows = tuple(tuple(self._cell(cell) for cell in row) for row in table.rows)
        self.total = tuple(self._cell(cell) for cell in table.total) if table.total is not None else None

    @staticmethod
    def _cell(cell: Cell) -> Text:
        return user_text(cell_text(cell))

    @property
    def body(self) -> tuple[tuple[Text, ...], ...]:
        """The rows, then the totals row."""
        return self.rows + ((self.total,) if self.total is not None else ())

    def cell_texts(self) -> list[list[str]]:
        """The header, the rows and the totals row as shown, one string per cell."""
        return [[cell.plain for cell in row] for row in (self.header, *self.body)]

    if TYPE_CHECKING:
        def get_component_rich_style(self, *names: str, partial: bool = False,
                                     default: Style | None = None) -> Style: ...

    def render_table(self) -> Group | RichTable:
        style = self.get_component_rich_style
        numbers = numeric_columns(self.table)
        table = RichTable(
            box=box.SIMPLE, show_edge=False, pad_edge=False, collapse_padding=True, show_footer=self.total is not None,
            header_style=style("report-table--header"), footer_style=style("report-table--total"),
            row_styles=[Style(), style("report-table--stripe")], expand=False,
            # The note wraps under the table; the title keeps its line (a narrow table would fold it).
            caption=self._line(self.table.note, "report-table--note") if self.table.note and self.titled else None,
            caption_justify="left",
        )
        for index, header in enumerate(self.header):
            # Figures never wrap. Where room is short, their headers wrap between words above them
            # and the labels take what is left (rich's own squeezing would crop the last columns).
            footer = self.total[index] if self.total else ""
            if index in numbers:
                widest = max((cell_width(row[index]) for row in self.body), default=0)
                narrowest = max(widest, max(cell_len(word) for word in header.plain.split() or [""]))
                table.add_column(header, footer=footer, justify="right",
                                 min_width=narrowest, width=narrowest if self.squeeze else None)
            elif index == 0 and self.label_width is not None:
                table.add_column(header, footer=footer, width=self.label_width, no_wrap=True, overflow="ellipsis")
            else:
                table.add_column(header, footer=footer, overflow="fold")
        for row in self.rows:
            table.add_row(*row)
        if not self.titled:
            return table
        return Group(self._line(self.table.title, "report-table--title"), table)

    def _line(self, text: str, component: str) -> Text:
        """A title or note. Rich styles only plain-string titles, and prints what follows a Text
        on the same line unless the Text ends it."""
        line = user_text(text, self.get_component_rich_style(component))
        line.end = "\n"
        return line


class ReportTableView(TableRendering, Widget):
    """A report ``Table`` as it reads on screen; ``cell_texts()`` gives what it shows."""

    COMPONENT_CLASSES = {
        "report-table--title", "report-table--header", "report-table--stripe", "report-table--total",
        "report-table--note",
    }
    DEFAULT_CSS = """
    ReportTableView { width: auto; max-width: 100%; height: auto; margin: 0 0 1 0; }
    ReportTableView > .report-table--title { text-style: bold; color: $text-accent; }
    ReportTableView > .report-table--header { text-style: bold; color: $text-muted; }
    ReportTableView > .report-table--stripe { background: $surface-lighten-1 50%; }
    ReportTableView > .report-table--total { text-style: bold; }
    ReportTableView > .report-table--note { color: $text-muted; }
    """

    def __init__(self, table: Table, room: int | None = None, **kwargs: object) -> None:
        """``room``: the width the table has on screen; a wider table wraps its figure headers."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._prepare(table, room is not None and natural_width(table) > room)

    def render(self) -> Group | RichTable:
        return self.render_table()
