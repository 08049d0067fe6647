"""The year summary's months: cases received and closed per month, as the desk's bar chart."""

from __future__ import annotations

from collections.abc import Sequence

from klachtendesk.domain.chapter import MONTH_LABELS
from klachtendesk.report.summary import MonthRow
from klachtendesk.report.tables import Chart
from klachtendesk.tui.widgets.bar_chart import BarChart


class MonthChart(BarChart):
    """Two bars per month (received, closed), the month under them, the year where one starts."""

    def __init__(self, rows: Sequence[MonthRow], **kwargs: object) -> None:
        self.rows = tuple(rows)
        chart = Chart(
            categories=tuple(MONTH_LABELS[int(r.month[5:]) - 1] for r in self.rows),
            series=(("Ontvangen", tuple(float(r.received) for r in self.rows)),
                    ("Afgesloten", tuple(float(r.closed) for r in self.rows))),
        )
        years = [r.month[:4] if i == 0 or r.month.endswith("-01") else "" for i, r in enumerate(self.rows)]
        super().__init__(chart, years, **kwargs)
