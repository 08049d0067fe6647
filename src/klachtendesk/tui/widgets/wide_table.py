"""A chapter table wider than the screen: its labels stay put, its figures scroll sideways.

The table is drawn once at the width it needs (figure headers wrapped between words) into
lines; each line shows its label column as it is and the figures from ``scroll_x`` on. Once it
has focus (enter on the summary, or a click) ← and → scroll it instead of switching years; esc
gives them back to the page.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from klachtendesk.report.tables import Table, cell_text
from klachtendesk.tui import keys
from klachtendesk.tui.widgets.report_table import TableRendering, squeezed_width

#: The widest the label column gets; longer labels end in "…" (the export has them whole).
LABEL_WIDTH = 44
STEP = 8  # columns per ← or →
BLANK = Style()  # padding needs a style too (Textual's dimming reads each segment's colour)


def label_width(table: Table) -> int:
    widest = max([len(table.header[0]), *(len(cell_text(row[0])) for row in table.body)], default=1)
    return min(LABEL_WIDTH, widest)


class WideTable(TableRendering, ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "report-table--title", "report-table--header", "report-table--stripe", "report-table--total",
        "report-table--note",
    }
    DEFAULT_CSS = """
    WideTable { width: 100%; height: auto; overflow-x: auto; overflow-y: hidden; margin: 0;
                border-left: blank; }
    WideTable:focus { border-left: thick $accent; }
    WideTable > .report-table--header { text-style: bold; color: $text-muted; }
    WideTable > .report-table--stripe { background: $surface-lighten-1 50%; }
    WideTable > .report-table--total { text-style: bold; }
    WideTable > .report-table--title { text-style: bold; color: $text-accent; }
    WideTable > .report-table--note { color: $text-muted; }
    """
    BINDINGS = keys.WIDE_TABLE.bindings()

    def __init__(self, table: Table, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.titled = False  # the page shows the title above and the note below
        self.label_width = label_width(table)
        self._prepare(table, squeeze=True)
        self._lines: list[Strip] | None = None
        self._fixed = 0

    def _draw(self) -> list[Strip]:
        if self._lines is None:
            console = self.app.console
            width = squeezed_width(self.table) + LABEL_WIDTH
            lines = console.render_lines(self.render_table(), console.options.update_width(width), pad=False)
            # Every segment gets a style (Textual's dimming reads each one's colour).
            strips = [Strip([Segment(text, style or BLANK, control) for text, style, control in line])
                      for line in lines]
            needed = max((strip.cell_length for strip in strips), default=0)
            self._lines = [strip.extend_cell_length(needed, BLANK) for strip in strips]
            self._fixed = self._label_edge(self._lines)
            self.virtual_size = Size(needed, len(self._lines))
        return self._lines

    def _label_edge(self, lines: list[Strip]) -> int:
        """Where the figures begin: after the label column and the space that follows it."""
        return (self.label_width or 0) + 1

    def on_mount(self) -> None:
        self._draw()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = None  # a theme change restyles the drawn lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._draw()) + 1  # and the horizontal scrollbar

    def render_line(self, y: int) -> Strip:
        lines = self._draw()
        if y >= len(lines):
            return Strip.blank(self.size.width, BLANK)
        line = lines[y]
        fixed = self._fixed
        room = max(0, self.scrollable_content_region.width - fixed)
        start = fixed + int(self.scroll_x)
        return Strip.join([line.crop(0, fixed), line.crop(start, start + room)]).extend_cell_length(
            self.scrollable_content_region.width, BLANK)

    def action_sideways(self, direction: int) -> None:
        self.scroll_to(x=max(0, self.scroll_x + direction * STEP), animate=False)

    def action_edge(self, end: bool) -> None:
        self.scroll_to(x=self.max_scroll_x if end else 0, animate=False)

    def action_release(self) -> None:
        from klachtendesk.tui.widgets.report_section import SectionView

        parent = self.parent
        while parent is not None and not isinstance(parent, SectionView):
            parent = parent.parent
        if parent is not None:
            parent.focus()



