"""The report as JSON for other tools, in the shape issue 4 fixes.

Labels are the store's taxonomy labels; every type, channel and category is listed, zeros
included. "by_qualification" lists only qualifications that occur. Two labels that are not
in the taxonomy can appear, only with cases behind them: "Niet ingevuld" (no channel or
category) and "Nog geen eindkwalificatie" (a complaint still without qualification).
"""

from __future__ import annotations

import json
from typing import Any

from klachtendesk.report.chapter import ChapterTable, Row
from klachtendesk.report.summary import Summary, Timeliness


def _timeliness(t: Timeliness, thresholds: tuple[int, ...]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": t.type,
        "count": t.count,
        "closed": t.closed,
        "on_time": t.on_time,
        "late": t.late,
        "open_overdue": t.open_overdue,
        "avg_lead_days": t.avg_lead_days,
    }
    for days, n in zip(thresholds, t.within, strict=True):
        entry[f"within_{days}_days"] = n
    return entry


def _cells(table: ChapterTable, row: Row) -> dict[str, Any]:
    return {column.label: value for column, value in zip(table.columns, row.cells, strict=True)}


def table_data(table: ChapterTable) -> dict[str, Any]:
    """One chapter table: its columns in order, its rows by label, its total row ("total")."""
    return {
        "title": table.title,
        "columns": [column.label for column in table.columns],
        "rows": {row.label: _cells(table, row) for row in table.rows},
        "total": _cells(table, table.total) if table.total is not None else {},
    }


def summary_data(summary: Summary) -> dict[str, Any]:
    table = summary.categories
    admissibility = summary.admissibility
    return {
        "organisation": summary.organisation,
        "period": {"from": summary.period.start.isoformat(), "to": summary.period.end.isoformat()},
        "total": summary.total,
        "by_type": summary.by_type.current(),
        "by_channel": summary.by_channel.current(),
        "by_month": {row.month: row.received for row in summary.months.rows},
        "by_quarter": summary.months.quarters(),
        "complaints": {
            "total": table.total,
            "admissible": admissibility.admissible,
            "not_admissible": admissibility.not_admissible,
            "repeated": table.repeated,
            "via_ombudsperson": summary.via_ombudsperson[-1] if summary.via_ombudsperson else 0,
            "by_qualification": table.by_outcome(),
            "categories": [
                {"category": row.category, "total": row.total, "repeated": row.repeated,
                 "by_qualification": table.by_outcome(row)}
                for row in table.rows
            ],
        },
        "timeliness": [_timeliness(t, summary.thresholds) for t in summary.timeliness],
        "tables": {table.id: table_data(table) for table in summary.chapter},
    }


def render_json(summary: Summary) -> str:
    return json.dumps(summary_data(summary), ensure_ascii=False, indent=2) + "\n"
