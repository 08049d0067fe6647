"""A bar chart of the months: cases received and closed, drawn with block characters.

Two bars per month, on one scale (the busiest month fills the height), with the month
under them and the figures under that. A period of more months than fit the width is
drawn in several bands, one under the other.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from klachtendesk.report.dutch import integer
from klachtendesk.report.summary import MonthRow

BLOCKS = " ▁▂▃▄▅▆▇█"
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
HEIGHT = 8  # rows of bars
LEGEND = 13  # the left column: "█ Ontvangen"
SLOT = (6, 9)  # the narrowest and widest room a month gets


def bar_cells(value: int, highest: int, height: int = HEIGHT) -> list[str]:
    """The characters of one bar column, top row first; a non-zero value shows at least a sliver."""
    eighths = round(value / highest * height * 8) if highest else 0
    if value and not eighths:
        eighths = 1
    return [BLOCKS[max(0, min(8, eighths - 8 * row))] for row in reversed(range(height))]


def layout(count: int, width: int) -> tuple[int, int]:
    """(room per month, months per band) for ``count`` months in ``width`` columns."""
    room = max(SLOT[0], min(SLOT[1], (width - LEGEND) // max(count, 1)))
    return room, max(1, (width - LEGEND) // room)


class MonthChart(Widget):
    COMPONENT_CLASSES = {"month-chart--received", "month-chart--closed", "month-chart--axis"}
    DEFAULT_CSS = """
    MonthChart { height: auto; margin: 0 0 1 0; }
    MonthChart > .month-chart--received { color: $primary; }
    MonthChart > .month-chart--closed { color: $success; }
    MonthChart > .month-chart--axis { color: $text-muted; }
    """

    def __init__(self, rows: Sequence[MonthRow], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows = tuple(rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        _, per_band = layout(len(self.rows), width)
        bands = -(-len(self.rows) // per_band)
        return bands * (HEIGHT + 6)  # the legend, each band, a blank line between bands

    def render(self) -> Text:
        received = self.get_component_rich_style("month-chart--received")
        closed = self.get_component_rich_style("month-chart--closed")
        axis = self.get_component_rich_style("month-chart--axis")
        room, per_band = layout(len(self.rows), self.content_region.width or self.size.width)
        highest = max([r.received for r in self.rows] + [r.closed for r in self.rows] + [0])
        lines = [Text.assemble(("█", received), " Ontvangen  ", ("█", closed), " Afgesloten  ",
                               (f"(hoogste staaf: {integer(highest)})", axis))]
        for start in range(0, len(self.rows), per_band):
            if start:
                lines.append(Text())
            lines += self._band(self.rows[start:start + per_band], room, highest, (received, closed, axis))
        return Text("\n", end="").join(lines)

    def _band(self, rows: Sequence[MonthRow], room: int, highest: int,
              styles: tuple[Style, Style, Style]) -> list[Text]:
        received, closed, axis = styles
        bar = max(1, (room - 2) // 2)
        columns = [(bar_cells(r.received, highest), bar_cells(r.closed, highest)) for r in rows]
        lines = []
        for y in range(HEIGHT):
            line = Text(" " * LEGEND)
            for up, down in columns:
                line.append(up[y] * bar, received)
                line.append(" ")
                line.append(down[y] * bar, closed)
                line.append(" " * (room - 2 * bar - 1))
            lines.append(line)
        lines.append(Text(" " * LEGEND + "─" * (room * len(rows)), axis))
        lines.append(self._labels("", [MONTHS[int(r.month[5:]) - 1] for r in rows], room, Style()))
        years = [r.month[:4] if i == 0 or r.month.endswith("-01") else "" for i, r in enumerate(rows)]
        lines.append(self._labels("", years, room, axis))
        lines.append(self._labels("Ontvangen", [integer(r.received) for r in rows], room, received))
        lines.append(self._labels("Afgesloten", [integer(r.closed) for r in rows], room, closed))
        return lines

    @staticmethod
    def _labels(legend: str, values: list[str], room: int, style: Style) -> Text:
        """One row under the bars: a label in the legend column, then one value under each month."""
        bars = 2 * max(1, (room - 2) // 2) + 1  # the width of a month's two bars
        line = Text(legend.ljust(LEGEND), style=style)
        for value in values:
            line.append(value.center(bars).ljust(room)[:room], style)
        return line
