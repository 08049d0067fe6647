"""The year summary: ``klachtendesk report --year Y --format json`` against plain SQL aggregates.

The year is the one the store was generated up to (its current year: about a quarter of a
million cases in the million-case store). The product runs the command in-process, as the
register figures do; the baseline is written out here as the handful of GROUP BY queries a
careful engineer would write for the same numbers, over a bare ``sqlite3`` connection,
joined to the labels and written as JSON. Both answers are compared, figure by figure,
before anything is timed: a baseline that computes less would flatter the ratio.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from harness import Context, Measurement, alternate, figure, writable_copy

from klachtendesk import clock
from klachtendesk.cli import main as klachtendesk

USER = "bench"
MISSING = "Niet ingevuld"
PENDING = "Nog geen eindkwalificatie"

# The JSON's figures as plain SQL over the cases received in the year (:start, :end).
# A case via the ombudsperson counts as a complaint whatever its type says (under the first
# complaint type), and is counted apart.
BY_TYPE = """
SELECT CASE WHEN NOT t.complaint AND coalesce(ch.via_ombudsperson, false) THEN :first_complaint
            ELSE t.label END,
       count(*)
FROM case_file AS c JOIN signal_type AS t ON t.id = c.signal_type_id LEFT JOIN channel AS ch ON ch.id = c.channel_id
WHERE c.received BETWEEN :start AND :end GROUP BY 1
"""
VIA_OMBUDSPERSON = """
SELECT count(*) FROM case_file AS c JOIN channel AS ch ON ch.id = c.channel_id
WHERE c.received BETWEEN :start AND :end AND ch.via_ombudsperson
"""
BY_CHANNEL = """
SELECT coalesce(ch.label, :missing), count(*) FROM case_file AS c LEFT JOIN channel AS ch ON ch.id = c.channel_id
WHERE c.received BETWEEN :start AND :end GROUP BY 1
"""
BY_MONTH = """
SELECT substr(received, 1, 7), count(*) FROM case_file WHERE received BETWEEN :start AND :end GROUP BY 1
"""
COMPLAINTS = """
SELECT coalesce(cat.label, :missing), coalesce(q.label, :pending), c.admissible, count(*), count(c.repeat_of_id)
FROM case_file AS c
JOIN signal_type AS t ON t.id = c.signal_type_id
LEFT JOIN channel AS ch ON ch.id = c.channel_id
LEFT JOIN category AS cat ON cat.id = c.category_id
LEFT JOIN qualification AS q ON q.id = c.qualification_id
WHERE c.received BETWEEN :start AND :end AND (t.complaint OR coalesce(ch.via_ombudsperson, false))
GROUP BY 1, 2, 3
"""
# The city's chapter table: contacts and complaints per customer team and half-year.
TEAMS = """
SELECT e.label, CASE WHEN c.received <= :midyear THEN 1 ELSE 2 END, count(*),
       sum(CASE WHEN t.complaint OR coalesce(ch.via_ombudsperson, false) THEN 1 ELSE 0 END)
FROM case_file AS c
JOIN entity AS e ON e.id = c.entity_id
JOIN signal_type AS t ON t.id = c.signal_type_id
LEFT JOIN channel AS ch ON ch.id = c.channel_id
WHERE c.received BETWEEN :start AND :end
GROUP BY 1, 2
"""
TIMELINESS = """
SELECT t.label, count(*), sum(c.status = 'closed'),
       sum(c.status = 'closed' AND c.answered <= c.due), sum(c.status = 'closed' AND c.answered > c.due),
       sum(c.status <> 'closed' AND c.due < :today),
       sum(CASE WHEN c.status = 'closed' THEN julianday(c.answered) - julianday(c.received) END),
       sum(c.status = 'closed' AND julianday(c.answered) - julianday(c.received) <= :t0),
       sum(c.status = 'closed' AND julianday(c.answered) - julianday(c.received) <= :t1)
FROM case_file AS c JOIN signal_type AS t ON t.id = c.signal_type_id
WHERE c.received BETWEEN :start AND :end GROUP BY t.label
"""


# The same on PostgreSQL: its month is to_char, a day count a subtraction, a sum of a
# condition a FILTER.
PG_BY_MONTH = """
SELECT to_char(received, 'YYYY-MM'), count(*) FROM case_file WHERE received BETWEEN :start AND :end GROUP BY 1
"""
PG_TIMELINESS = """
SELECT t.label, count(*), count(*) FILTER (WHERE c.status = 'closed'),
       count(*) FILTER (WHERE c.status = 'closed' AND c.answered <= c.due),
       count(*) FILTER (WHERE c.status = 'closed' AND c.answered > c.due),
       count(*) FILTER (WHERE c.status <> 'closed' AND c.due < :today),
       sum(c.answered - c.received) FILTER (WHERE c.status = 'closed'),
       count(*) FILTER (WHERE c.status = 'closed' AND c.answered - c.received <= :t0),
       count(*) FILTER (WHERE c.status = 'closed' AND c.answered - c.received <= :t1)
FROM case_file AS c JOIN signal_type AS t ON t.id = c.signal_type_id
WHERE c.received BETWEEN :start AND :end GROUP BY t.label
"""


class _Plain:
    """A bare connection: sqlite3 on a file, psycopg on a URL; ``:name`` parameters."""

    def __init__(self, where: Path | str) -> None:
        self.conn = sqlite3.connect(where) if isinstance(where, Path) else None
        self.server = None
        if isinstance(where, str):
            import psycopg

            self.server = psycopg.connect(where)

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        if self.conn is not None:
            return self.conn.execute(sql, params or {}).fetchall()
        import re

        assert self.server is not None
        sql = {BY_MONTH: PG_BY_MONTH, TIMELINESS: PG_TIMELINESS}.get(sql, sql)
        rows = self.server.execute(re.sub(r"(?<!:):([a-z_][a-z0-9_]*)", r"%(\1)s", sql), params or {}).fetchall()
        # Dates to ISO text and numeric sums to int, as sqlite3 gives them.
        return [tuple(int(v) if type(v).__name__ == "Decimal" else v for v in row) for row in rows]

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.server is not None:
            self.server.close()


def plain_summary(path: Path | str, year: int, today: str) -> dict[str, Any]:
    """The report's JSON figures for a calendar year, from plain SQL (stad: no closures, two thresholds)."""
    conn = _Plain(path)
    try:
        settings = {key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM setting")}
        if settings["org.period_start"] != [1, 1] or settings["org.closures"]:
            raise RuntimeError("the plain summary is written for calendar years without closure days")
        t0, t1 = settings["org.lead_time_thresholds"]
        first_complaint = conn.execute(
            "SELECT label FROM signal_type WHERE complaint ORDER BY position, id LIMIT 1")[0][0]
        params = {"start": f"{year}-01-01", "end": f"{year}-12-31", "midyear": f"{year}-06-30", "today": today,
                  "missing": MISSING, "pending": PENDING, "t0": t0, "t1": t1, "first_complaint": first_complaint}
        by_type = dict(conn.execute(BY_TYPE, params))
        by_month = dict(conn.execute(BY_MONTH, params))
        quarters: dict[str, int] = {}
        for month, n in by_month.items():
            quarter = f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"
            quarters[quarter] = quarters.get(quarter, 0) + n
        complaints: dict[str, Any] = {"total": 0, "admissible": 0, "not_admissible": 0, "repeated": 0,
                                      "via_ombudsperson": conn.execute(VIA_OMBUDSPERSON, params)[0][0],
                                      "by_qualification": {}}
        categories: dict[str, dict[str, Any]] = {}
        for category, qualification, admissible, n, repeated in conn.execute(COMPLAINTS, params):
            complaints["total"] += n
            complaints["repeated"] += repeated
            if admissible is not None:
                complaints["admissible" if admissible else "not_admissible"] += n
            complaints["by_qualification"][qualification] = complaints["by_qualification"].get(qualification, 0) + n
            row = categories.setdefault(category, {"category": category, "total": 0, "repeated": 0,
                                                   "by_qualification": {}})
            row["total"] += n
            row["repeated"] += repeated
            row["by_qualification"][qualification] = row["by_qualification"].get(qualification, 0) + n
        complaints["categories"] = list(categories.values())
        timeliness = [
            {"type": label, "count": count, "closed": closed, "on_time": on_time, "late": late,
             "open_overdue": open_overdue, "avg_lead_days": round(lead / closed + 1e-9, 1) if closed else None,
             f"within_{t0}_days": within0, f"within_{t1}_days": within1}
            for label, count, closed, on_time, late, open_overdue, lead, within0, within1
            in conn.execute(TIMELINESS, params)
        ]
        return {
            "organisation": settings["org.organisation"],
            "period": {"from": params["start"], "to": params["end"]},
            "total": sum(by_type.values()),
            "by_type": by_type,
            "by_channel": dict(conn.execute(BY_CHANNEL, params)),
            "by_month": by_month,
            "by_quarter": quarters,
            "complaints": complaints,
            "timeliness": timeliness,
            "tables": {"teams_digitaal": _teams(conn, params)},
        }
    finally:
        conn.close()


def _percent(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return float((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _teams(conn: _Plain, params: dict[str, Any]) -> dict[str, Any]:
    """The city's ``teams_digitaal`` table: every team, in the preset's order."""
    teams = [label for (label,) in conn.execute("SELECT label FROM entity ORDER BY position, id")]
    counts = {team: [0, 0, 0, 0] for team in teams}  # contacts H1, H2, complaints H1, H2
    for team, half_year, contacts, complaints in conn.execute(TEAMS, params):
        half = half_year - 1
        counts[team][half] += contacts
        counts[team][2 + half] += complaints
    all_contacts = sum(c[0] + c[1] for c in counts.values())
    all_complaints = sum(c[2] + c[3] for c in counts.values())

    def row(c1: int, c2: int, k1: int, k2: int, whole: int) -> dict[str, Any]:
        return {"contacten Q1-Q2": c1, "contacten Q3-Q4": c2, "contacten": c1 + c2,
                "contacten %": _percent(c1 + c2, whole), "klachten Q1-Q2": k1, "klachten Q3-Q4": k2,
                "klachten": k1 + k2, "klachten %": _percent(k1 + k2, c1 + c2)}

    totals = [sum(c[i] for c in counts.values()) for i in range(4)]
    assert totals[2] + totals[3] == all_complaints
    return {"rows": {team: row(*counts[team], all_contacts) for team in teams},
            "total": row(*totals, all_contacts)}


def _figures(data: Any) -> Any:
    """The figures without the zeros and the order: the report lists every label, SQL only those with cases."""
    if isinstance(data, dict):
        return {key: _figures(value) for key, value in data.items() if value != 0}
    if isinstance(data, list):
        keyed = {str(item.get("category", item.get("type"))): _figures(item) for item in data
                 if item.get("total", item.get("count"))}
        return dict(sorted(keyed.items()))
    return data


#: The issue's target is for a big year (a quarter of a million cases in the million-case
#: store); in a small store the command's fixed costs (parsing, opening the store, logging
#: the export) outweigh the counting, and the ratio says little.
TARGET_FROM = 1_000_000


@figure("year summary",
        product="`klachtendesk report --year Y --format json -o FILE` in-process, for the store's current "
                "year (every figure of the JSON)",
        baseline="the same figures from plain GROUP BY queries over sqlite3 (psycopg on a server; types, "
                 "channels, months, complaints per category and qualification, timeliness per type, the "
                 "chapter's table of contacts and complaints per team and half-year), written as JSON; "
                 "checked equal to the report's")
def summary_figure(ctx: Context) -> Measurement | None:
    if ctx.size == 0:
        return None
    store = writable_copy(ctx)  # the report logs its export as an event
    year, today = ctx.today.year, ctx.today.isoformat()
    product_file, baseline_file = ctx.work / "summary.json", ctx.work / "summary-plain.json"

    def product(_: None) -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            code = klachtendesk(["report", "--year", str(year), "--format", "json", "-o", str(product_file), "--force",
                                 "--db", str(store), "--user", USER, "--today", today])
        if code != 0:
            raise RuntimeError(f"klachtendesk report exited with {code}")

    def baseline(_: None) -> None:
        data = plain_summary(store, year, today)
        baseline_file.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    try:
        product(None)
        baseline(None)
        reported = json.loads(product_file.read_text(encoding="utf-8"))
        plain = json.loads(baseline_file.read_text(encoding="utf-8"))
        # The chapter table's title and column list are the preset's words, not figures.
        for table in reported.get("tables", {}).values():
            table.pop("title", None)
            table.pop("columns", None)
        if _figures(reported) != _figures(plain):
            raise RuntimeError(f"the plain SQL figures differ from the report's: {_figures(plain)} "
                               f"!= {_figures(reported)}")
        product_seconds, baseline_seconds = alternate(ctx.runs, product, baseline)
    finally:
        clock.freeze(None)  # --today froze the clock for this process
    return Measurement(f"{reported['total']:,} cases received in {year}", product_seconds, baseline_seconds,
                       max_ratio=1.5 if ctx.size >= TARGET_FROM else None)
