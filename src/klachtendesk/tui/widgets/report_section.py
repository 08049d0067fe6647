"""One section of the year report as a scrollable page: its paragraphs and tables, or the narrative.

Tables that fit beside each other share a line (the quarters beside the months), so a
section shows as much as the screen holds. Every text from the store goes through
``user_text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from klachtendesk.report import Narrative, Section, Table
from klachtendesk.report.narrative import NARRATIVE_TITLE, CaseText
from klachtendesk.report.summary import MonthRow
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.widgets.month_chart import MonthChart
from klachtendesk.tui.widgets.report_table import ReportTableView, natural_width

MARGIN = 4  # between tables side by side


def side_by_side(tables: Sequence[Table], width: int) -> list[list[Table]]:
    """The tables in lines of the screen's ``width``, in order; a wide table gets a line of its own."""
    lines: list[list[Table]] = []
    used = 0
    for table in tables:
        needed = natural_width(table)
        if lines and used + MARGIN + needed <= width:
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


class SectionView(VerticalScroll):
    """The page of one tab; ``show_section`` or ``show_narrative`` replace what it shows."""

    DEFAULT_CSS = """
    SectionView { height: 1fr; padding: 1 2 0 2; scrollbar-gutter: stable; }
    SectionView > .section-text { max-width: 110; margin: 0 0 1 0; }
    SectionView > .table-line { height: auto; margin: 0 0 1 0; }
    SectionView > .table-line > ReportTableView { margin: 0 4 0 0; }
    SectionView > .narrative-title { text-style: bold; color: $text-accent; margin: 0 0 1 0; }
    SectionView > .narrative-heading { text-style: bold; max-width: 110; margin: 1 0 1 0; }
    SectionView > .narrative-case { max-width: 110; margin: 0 0 1 2; }
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
        for line in side_by_side(section.tables, width):
            views = [ReportTableView(table, width, id=f"table-{table.key}") for table in line]
            widgets.append(Horizontal(*views, classes="table-line") if len(views) > 1 else views[0])
        await self._replace(widgets)

    async def show_narrative(self, narrative: Narrative) -> None:
        widgets: list[Widget] = [Static(Text(NARRATIVE_TITLE), classes="narrative-title"),
                                 Static(user_text(narrative.intro), classes="section-text")]
        for category in narrative.categories:
            widgets.append(Static(user_text(category.sentence), classes="narrative-heading"))
            widgets += [Static(case_text(case), classes="narrative-case") for case in category.cases]
        await self._replace(widgets)
