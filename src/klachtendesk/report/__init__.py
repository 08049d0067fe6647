"""The year report: every table of an organisation's annual complaint chapter (DOMAIN.md §4).

No Textual here (tests/test_layers.py): the summary screen and the ``report`` command both
build on this package.

- ``compute_summary(store, start, end, today)`` -> ``Summary``: the figures, from SQL aggregates.
- ``year_period(settings, year)`` / ``period_between(settings, start, end)``: the period to ask for.
- ``report_sections(summary)``: the sections as tables (header + rows of cells); ``cell_text``
  shows a cell in Dutch.
- ``narrative(summary)``: the chapter's sentences per category and per complaint.
- ``report.export.export_report``: json, md, html, csv or xlsx.
"""

from klachtendesk.report.compute import compute_summary
from klachtendesk.report.narrative import Narrative, narrative
from klachtendesk.report.period import Period, period_between, previous_periods, year_period
from klachtendesk.report.summary import Summary
from klachtendesk.report.tables import Section, Table, cell_text, report_sections

__all__ = [
    "Narrative",
    "Period",
    "Section",
    "Summary",
    "Table",
    "cell_text",
    "compute_summary",
    "narrative",
    "period_between",
    "previous_periods",
    "report_sections",
    "year_period",
]
