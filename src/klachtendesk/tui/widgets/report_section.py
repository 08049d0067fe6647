"""One section of the year report as a scrollable page: its paragraphs and tables, or the narrative.

Tables that fit beside each other share a line (the quarters beside the months), so a
section shows as much as the screen holds. Every text from the store goes through
``user_text``.

The screen is an overview: a long list (the extra actions, the complaints of a category in
the narrative) shows its first entries and says how many more the export holds, so a
year of thousands of complaints still opens at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from klachtendesk.report import Narrative, Section, Summary, Table, narrative
from klachtendesk.report.dutch import integer
from klachtendesk.report.narrative import NARRATIVE_TITLE, CaseText, CategoryText
from klachtendesk.report.summary import MonthRow
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.widgets.bar_chart import TableChart
from klachtendesk.tui.widgets.month_chart import MonthChart
from klachtendesk.tui.widgets.report_table import ReportTableView, natural_width, squeezed_width
from klachtendesk.tui.widgets.wide_table import WideTable

MARGIN = 4  # between tables side by side
ROWS_SHOWN = 200  # rows of one table
CASES_SHOWN = 25  # complaints told per category


def shortened(table: Table, limit: int = ROWS_SHOWN) -> Table:
    """The table's first ``limit`` rows, its note saying how many more the export holds."""
    if len(table.rows) <= limit:
        return table
    more = f"Hier de eerste {integer(limit)} van {integer(len(table.rows))} rijen; de export (e) bevat ze allemaal."
    return replace(table, rows=table.rows[:limit], note=f"{table.note} {more}".strip())


def side_by_side(tables: Sequence[Table], width: int) -> list[list[Table]]:
    """The tables in lines of the screen's ``width``, in order; a wide table, and one with a chart
    under it, gets a line of its own."""
    lines: list[list[Table]] = []
    used = 0
    for table in tables:
        needed = natural_width(table)
        alone = table.chart is not None or (lines and lines[-1][-1].chart is not None)
        if lines and not alone and used + MARGIN + needed <= width:
            lines[-1].append(table)
            used += MARGIN + needed
        else:
            lines.append([table])
            used = needed
    return lines


def case_text(case: CaseText) -> Text:
    text = Text(end="")
    text.append_text(user_text(case.heading, "bold", single_line=True))
    for label, paragraph in case.paragraphs:
        text.append("\n")
        if label:
            text.append(f"{label}: ", "italic")
        text.append_text(user_text(paragraph))
    return text


def told_narrative(summary: Summary, limit: int = CASES_SHOWN) -> tuple[Narrative, tuple[int, ...]]:
    """The narrative of each category's first ``limit`` complaints, and how many each category has.

    Writing only what the screen shows keeps a year of many thousands of complaints quick;
    the heading sentences still count them all.
    """
    counts = tuple(len(category.cases) for category in summary.narrative)
    shown = tuple(replace(category, cases=category.cases[:limit]) for category in summary.narrative)
    return narrative(replace(summary, narrative=shown)), counts


def cases_text(category: CategoryText, count: int) -> Text:
    """A category's complaints, one paragraph each (one widget for them all keeps mounting quick)."""
    text = Text("\n\n", end="").join(case_text(case) for case in category.cases)
    if count > len(category.cases):
        text.append(f"\n\n… en nog {integer(count - len(category.cases))} klachten; de export (e) vertelt ze "
                    "allemaal.", "italic")
    return text


WIDE_HINT = "Breder dan het scherm: enter kiest de tabel, ← en → schuiven hem opzij, esc geeft de pijlen terug."


def table_widgets(table: Table, width: int) -> list[Widget]:
    """A table as the page shows it: as it is, squeezed to the width, or scrolling sideways;
    then its chart."""
    view_id = f"table-{table.key}"
    # The summary's own tables fold their text to the width; a chapter's table keeps the shape
    # the organisation publishes and scrolls when that does not fit.
    if not table.key.startswith("chapter-") or natural_width(table) <= width or squeezed_width(table) <= width:
        found: list[Widget] = [ReportTableView(table, width, id=view_id)]
    else:
        found = [Static(user_text(table.title), classes="wide-title"), WideTable(table, id=f"wide-{table.key}")]
        if table.note:
            found.append(Static(user_text(table.note), classes="wide-note"))
        found.append(Static(WIDE_HINT, classes="wide-hint"))
    if table.chart is not None:
        found.append(TableChart(table.chart, id=f"chart-{table.key}"))
    return found


class SectionView(VerticalScroll):
    """The page of one tab; ``show_section`` or ``show_narrative`` replace what it shows."""

    DEFAULT_CSS = """
    SectionView { height: 1fr; padding: 1 2 0 2; scrollbar-gutter: stable; }
    SectionView > .section-text { max-width: 110; margin: 0 0 1 0; }
    SectionView > .table-line { height: auto; margin: 0 0 1 0; }
    SectionView > .table-line > ReportTableView { margin: 0 4 0 0; }
    SectionView > .narrative-title { text-style: bold; color: $text-accent; margin: 0 0 1 0; }
    SectionView > .narrative-heading { text-style: bold; max-width: 110; margin: 1 0 1 0; }
    SectionView > .narrative-cases { max-width: 110; margin: 0 0 1 2; }
    SectionView > .wide-title { text-style: bold; color: $text-accent; margin: 0 0 0 1; }
    SectionView > .wide-note { color: $text-muted; max-width: 110; margin: 0 0 0 1; }
    SectionView > .wide-hint { color: $text-muted; margin: 0 0 1 1; }
    """

    async def _replace(self, widgets: Iterable[Widget]) -> None:
        await self.remove_children()
        await self.mount_all(widgets)
        self.scroll_home(animate=False)

    async def show_text(self, text: str) -> None:
        await self._replace([Static(user_text(text), classes="section-text")])

    async def show_section(self, section: Section, months: Sequence[MonthRow] = ()) -> None:
        widgets: list[Widget] = [Static(user_text(p), classes="section-text") for p in section.text]
        if months:
            widgets.append(MonthChart(months))
        width = self.content_region.width or self.app.size.width
        for line in side_by_side([shortened(t) for t in section.tables], width):
            if len(line) > 1:
                views = [ReportTableView(table, width, id=f"table-{table.key}") for table in line]
                widgets.append(Horizontal(*views, classes="table-line"))
            else:
                widgets += table_widgets(line[0], width)
        await self._replace(widgets)

    async def show_narrative(self, story: Narrative, counts: Sequence[int]) -> None:
        """``counts``: how many complaints each category has (``story`` may tell only the first)."""
        widgets: list[Widget] = [Static(Text(NARRATIVE_TITLE), classes="narrative-title"),
                                 Static(user_text(story.intro), classes="section-text")]
        for category, count in zip(story.categories, counts, strict=True):
            widgets.append(Static(user_text(category.sentence), classes="narrative-heading"))
            widgets.append(Static(cases_text(category, count), classes="narrative-cases"))
        await self._replace(widgets)
