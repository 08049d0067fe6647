"""The desk's bar chart: bars of one or more series per category, drawn with block characters.

One bar per series in each category (a month, an entity), on one scale (the highest bar fills
the height), with the category under them, an optional second label row (the year), and the
figures under that, one row per series. More categories than fit the width are drawn in
bands, one under the other. The months of the year summary (``MonthChart``) and a chapter
table's chart (``TableChart``) are both this widget.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from klachtendesk.report.dutch import decimal, integer
from klachtendesk.report.tables import Chart
from klachtendesk.tui.safe import user_text

BLOCKS = " ▁▂▃▄▅▆▇█"
HEIGHT = 8  # rows of bars
LEGEND = 13  # the left column: a series' name before its figures
SLOT = (6, 9)  # the narrowest and widest room a category gets
SERIES_CLASSES = tuple(f"bar-chart--series-{i}" for i in range(1, 7))


def bar_cells(value: float, highest: float, height: int = HEIGHT) -> list[str]:
    """The characters of one bar column, top row first; a non-zero value shows at least a sliver."""
    eighths = round(value / highest * height * 8) if highest else 0
    if value and not eighths:
        eighths = 1
    return [BLOCKS[max(0, min(8, eighths - 8 * row))] for row in reversed(range(height))]


def layout(count: int, width: int, series: int = 2) -> tuple[int, int]:
    """(room per category, categories per band) for ``count`` categories in ``width`` columns."""
    narrowest = max(SLOT[0], series + 2)
    room = max(narrowest, min(max(SLOT[1], series * 2 + 1), (width - LEGEND) // max(count, 1)))
    return room, max(1, (width - LEGEND) // room)


def figure(value: float, unit: str) -> str:
    return decimal(value) if unit or value != int(value) else integer(int(value))


class BarChart(Widget):
    COMPONENT_CLASSES = {*SERIES_CLASSES, "bar-chart--axis"}
    DEFAULT_CSS = """
    BarChart { height: auto; margin: 0 0 1 0; }
    BarChart > .bar-chart--series-1 { color: $primary; }
    BarChart > .bar-chart--series-2 { color: $success; }
    BarChart > .bar-chart--series-3 { color: $warning; }
    BarChart > .bar-chart--series-4 { color: $accent; }
    BarChart > .bar-chart--series-5 { color: $error; }
    BarChart > .bar-chart--series-6 { color: $secondary; }
    BarChart > .bar-chart--axis { color: $text-muted; }
    """

    def __init__(self, chart: Chart, sublabels: Sequence[str] = (), **kwargs: object) -> None:
        """``sublabels``: a second row under the categories (the year over a span of months)."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.chart = chart
        self.sublabels = tuple(sublabels)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        count = len(self.chart.categories)
        _, per_band = layout(count, width, len(self.chart.series))
        bands = -(-count // per_band) if count else 0
        rows = HEIGHT + 2 + (1 if self.sublabels else 0) + len(self.chart.series)
        return bands * (rows + 1)  # the legend, each band, a blank line between bands

    def _styles(self) -> list[Style]:
        return [self.get_component_rich_style(SERIES_CLASSES[i % len(SERIES_CLASSES)])
                for i in range(len(self.chart.series))]

    def render(self) -> Text:
        chart = self.chart
        styles, axis = self._styles(), self.get_component_rich_style("bar-chart--axis")
        count = len(chart.categories)
        room, per_band = layout(count, self.content_region.width or self.size.width, len(chart.series))
        highest = max([v for _, values in chart.series for v in values] + [0])
        legend = Text()
        for i, ((name, _), style) in enumerate(zip(chart.series, styles, strict=True)):
            legend.append("█", style)
            legend.append(f" {i + 1} " if self._numbered else " ")
            legend.append_text(user_text(name, single_line=True))
            legend.append("  ")
        legend.append(f"(hoogste staaf: {figure(highest, chart.unit)}{' ' + chart.unit if chart.unit else ''})",
                      axis)
        lines = [legend]
        for start in range(0, count, per_band):
            if start:
                lines.append(Text())
            lines += self._band(range(start, min(count, start + per_band)), room, highest, styles, axis)
        return Text("\n", end="").join(lines)

    def _band(self, indexes: range, room: int, highest: float, styles: list[Style], axis: Style) -> list[Text]:
        chart = self.chart
        n = len(chart.series)
        bar = max(1, (room - n) // n)
        columns = [[bar_cells(values[i], highest) for _, values in chart.series] for i in indexes]
        lines = []
        for y in range(HEIGHT):
            line = Text(" " * LEGEND)
            for bars in columns:
                for s, cells in enumerate(bars):
                    line.append(cells[y] * bar, styles[s])
                    line.append(" ")
                line.append(" " * (room - n * (bar + 1)))
            lines.append(line)
        lines.append(Text(" " * LEGEND + "─" * (room * len(indexes)), axis))
        lines.append(self._labels("", [chart.categories[i] for i in indexes], room, n, Style()))
        if self.sublabels:
            lines.append(self._labels("", [self.sublabels[i] for i in indexes], room, n, axis))
        for s, ((name, values), style) in enumerate(zip(chart.series, styles, strict=True)):
            # Names too long for the legend column go by their number in the legend above.
            label = f"█ {s + 1}" if self._numbered else name
            lines.append(self._labels(label, [figure(values[i], chart.unit) for i in indexes], room, n, style))
        return lines

    @property
    def _numbered(self) -> bool:
        return len(self.chart.series) > 1 and any(len(name) > LEGEND - 2 for name, _ in self.chart.series)

    @staticmethod
    def _labels(legend: str, values: list[str], room: int, series: int, style: Style) -> Text:
        """One row under the bars: a name in the legend column, then one value under each category."""
        bars = series * max(1, (room - series) // series) + series - 1  # the width of a category's bars
        line = user_text(legend[:LEGEND - 1].ljust(LEGEND), style, single_line=True)
        for value in values:
            line.append(value.center(bars).ljust(room)[:room], style)
        return line


class TableChart(BarChart):
    """The chart a chapter table asks for, under the table."""
