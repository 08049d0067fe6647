"""Computing the year report's Summary: the aggregate queries, labelled with the taxonomy.

Counting happens in SQL (store/report_queries.py); this module only puts the counts in the
organisation's order and names them. Every type, channel and category of the organisation
is listed, zeros included; a retired (inactive) one only when it has cases; "Niet
ingevuld" only when some case has none.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from klachtendesk.domain.taxonomy import Settings
from klachtendesk.progress import Progress, no_progress
from klachtendesk.report.chapter import ChapterTable, closures_for, compute_chapter
from klachtendesk.report.dutch import capitalise, split_label
from klachtendesk.report.period import Period, period_between, previous_periods
from klachtendesk.report.summary import (
    MISSING,
    PENDING,
    Admissibility,
    Breakdown,
    CategoryCases,
    CategoryRow,
    CategoryTable,
    ComplaintCase,
    ExtraAction,
    MonthRow,
    Months,
    Outcome,
    Summary,
    Timeliness,
)
from klachtendesk.store import report_queries as queries
from klachtendesk.store.database import Store
from klachtendesk.store.taxonomy import CategoryRow as CategoryDef
from klachtendesk.store.taxonomy import Taxonomy

NO_REASON = "Geen reden opgegeven"

Key = int | None
Outcomes = dict[tuple[Key, Key, bool | None], tuple[int, int]]


def compute_summary(store: Store, start: date, end: date, today: date, *, full: bool = True,
                    overview_only: bool = False, progress: Progress = no_progress) -> Summary:
    """Every figure of the year report for the cases received from ``start`` to ``end``.

    Raises DomainError when ``end`` lies before ``start``. Runs in one read transaction, so
    all figures describe the same moment even while another terminal registers cases.

    ``full=False`` computes what the JSON export carries and no more (half the work for a
    big year): no entities per month, cases closed per month, reasons for inadmissibility,
    extra actions or narrative. The JSON is the same either way.

    ``overview_only=True`` (with ``full=False``) computes the overview's figures alone (cases
    per type and period, complaints per category): what the summary screen shows first.
    """
    settings = store.settings
    taxonomy = store.taxonomy
    period = period_between(settings, start, end)
    periods = (*previous_periods(settings, period), period)
    complaint_ids = sorted(taxonomy.complaint_type_ids)
    ombuds_ids = sorted(taxonomy.ombudsperson_channel_ids)
    chapter_tables = store.chapter
    # The queries run, counted for ``progress``: the figures, then the detail tables.
    steps = 2 + (0 if overview_only else 2) + (5 if full else 0 if overview_only else 1)
    done = [0]

    def step() -> None:
        done[0] += 1
        progress(done[0], steps)

    progress(0, steps)
    with store.sessions.read() as session:
        conn = session.connection()
        intake = queries.intake(conn, periods)
        step()
        outcomes = queries.complaint_outcomes(conn, period, complaint_ids, ombuds_ids)
        step()
        timely: list[queries.TimelinessRow] = []
        chapter: tuple[ChapterTable, ...] = ()
        if not overview_only:
            timely = queries.timeliness(conn, period, today, lead_time_closures(settings, period, today),
                                        settings.lead_time_thresholds)
            step()
            chapter = compute_chapter(conn, chapter_tables, taxonomy, settings, period, today)
            step()
        if full:
            per_month = queries.received_per_month(conn, period)
            step()
            closed = queries.closed_per_month(conn, period)
            step()
            reasons = queries.inadmissible_reasons(conn, period, complaint_ids, ombuds_ids)
            step()
            extras = list(queries.extra_actions(conn, period))
            step()
            complaints = list(queries.complaints(conn, period, complaint_ids, ombuds_ids))
            step()
        elif overview_only:
            per_month, closed, reasons, extras, complaints = {}, {}, {}, [], []
        else:
            per_month = {(month, None): n for month, n in queries.received_per_month_total(conn, period).items()}
            step()
            closed, reasons, extras, complaints = {}, {}, [], []

    categories = _complaint_categories(taxonomy, {cat for cat, _, _ in outcomes})
    table = _category_table(taxonomy, categories, outcomes)
    return Summary(
        organisation=settings.organisation,
        period=period,
        today=today,
        # A case via the ombudsperson counts as a complaint whatever its type says.
        by_type=_breakdown(taxonomy.types, periods,
                           _regroup(intake, lambda p, t, ch: (p, taxonomy.reported_type_id(t, ch)))),
        by_channel=_breakdown(taxonomy.channels, periods, _regroup(intake, lambda p, t, ch: (p, ch)),
                              missing=True),
        complaint_types=tuple(t.label for t in taxonomy.types if t.complaint),
        via_ombudsperson=tuple(
            sum(n for (p, _, ch), n in intake.items() if p == i and ch in taxonomy.ombudsperson_channel_ids)
            for i in range(len(periods))),
        categories=table,
        admissibility=_admissibility(taxonomy, outcomes, reasons),
        months=_months(taxonomy, period, per_month, closed, entities=full),
        thresholds=tuple(settings.lead_time_thresholds),
        timeliness=_timeliness(taxonomy, timely, len(settings.lead_time_thresholds)),
        extra_actions=tuple(
            ExtraAction(ref, received, title, taxonomy.label("categories", cat) or MISSING, action, done)
            for ref, received, title, cat, action, done in extras
        ),
        narrative=_narrative(taxonomy, categories, table, complaints) if full else (),
        chapter=chapter,
    )


def lead_time_closures(settings: Settings, period: Period, today: date) -> tuple[tuple[date, date], ...]:
    """The closed days the report leaves out of the lead times of the cases received in
    ``period``: from its first day to a year past ``today`` or its end, whichever is later
    (a case received in December may be answered in spring; answers never lie after today,
    the extra year only guards a report asked for an earlier ``today``)."""
    return closures_for(settings, period.start, max(today, period.end) + timedelta(days=366))


def _regroup(counts: Mapping[tuple[Any, ...], Any], key: Callable[..., Hashable], value: Callable[[Any], int] = int
             ) -> dict[Any, int]:
    """Add up already-aggregated ``counts`` under a coarser key: a handful of groups, not cases."""
    totals: dict[Any, int] = {}
    for parts, n in counts.items():
        k = key(*parts)
        totals[k] = totals.get(k, 0) + value(n)
    return totals


def _listed(rows: Iterable[Any], has_cases: Collection[Key], *, wanted: Callable[[Any], bool] = lambda row: True,
            missing: bool = False) -> list[tuple[Key, str]]:
    """(id, label) of the taxonomy rows to list: wanted and active ones, and any with cases;
    then (None, "Niet ingevuld") when ``missing`` and some case has no value."""
    listed: list[tuple[Key, str]] = [
        (row.id, row.label) for row in rows if (row.active and wanted(row)) or row.id in has_cases
    ]
    if missing and None in has_cases:
        listed.append((None, MISSING))
    return listed


def _breakdown(rows: Iterable[Any], periods: tuple[Period, ...], counts: dict[tuple[int, Key], int], *,
               missing: bool = False) -> Breakdown:
    listed = _listed(rows, {key for _, key in counts}, missing=missing)
    return Breakdown(
        periods=periods,
        labels=tuple(label for _, label in listed),
        counts=tuple(tuple(counts.get((p, key), 0) for p in range(len(periods))) for key, _ in listed),
    )


def _complaint_categories(taxonomy: Taxonomy, with_cases: Collection[Key]) -> list[tuple[Key, str]]:
    """The categories the complaint table lists: the top-level ones meant for complaint types,
    and any other a complaint was filed under."""
    complaint_ids = taxonomy.complaint_type_ids

    def for_complaints(row: CategoryDef) -> bool:
        return row.parent_id is None and (not row.type_ids or bool(row.type_ids & complaint_ids))

    return _listed(taxonomy.categories, with_cases, wanted=for_complaints, missing=True)


def _category_table(taxonomy: Taxonomy, categories: list[tuple[Key, str]], outcomes: Outcomes) -> CategoryTable:
    cells = _regroup(outcomes, lambda cat, qual, adm: (cat, qual), lambda n: n[0])
    repeated = _regroup(outcomes, lambda cat, qual, adm: cat, lambda n: n[1])
    used = {qual for _, qual in cells}
    columns: list[tuple[Key, Outcome]] = [
        (q.id, Outcome(q.label, q.founded, q.admissible))
        for q in taxonomy.qualifications if q.active or q.id in used
    ]
    columns.append((None, Outcome(PENDING)))
    return CategoryTable(
        outcomes=tuple(outcome for _, outcome in columns),
        rows=tuple(
            CategoryRow(label, tuple(cells.get((cat, qual), 0) for qual, _ in columns), repeated.get(cat, 0))
            for cat, label in categories
        ),
    )


def inadmissible_reason(reason: str, qualification: str) -> str:
    """The reason a complaint is not admissible, as the report groups it.

    The reason typed at the admissibility check, else the qualification's own reason
    ("Niet ontvankelijk – onbevoegd" -> "Onbevoegd"), else the qualification's label.
    """
    if reason.strip():
        return capitalise(reason.strip())
    if qualification:
        head, tail = split_label(qualification)
        return capitalise(tail or head)
    return NO_REASON


def _admissibility(taxonomy: Taxonomy, outcomes: Outcomes,
                   reasons: dict[tuple[str, Key], int]) -> Admissibility:
    by_state = _regroup(outcomes, lambda cat, qual, adm: adm, lambda n: n[0])
    by_reason = _regroup(reasons, lambda reason, qual: inadmissible_reason(
        reason, taxonomy.label("qualifications", qual)))
    return Admissibility(
        admissible=by_state.get(True, 0),
        not_admissible=by_state.get(False, 0),
        unchecked=by_state.get(None, 0),
        reasons=tuple(sorted(by_reason.items(), key=lambda item: (-item[1], item[0]))),
    )


def _month_keys(period: Period) -> list[str]:
    keys = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _months(taxonomy: Taxonomy, period: Period, received: dict[tuple[str, Key], int],
            closed: dict[str, int], *, entities: bool = True) -> Months:
    entity_ids = {entity for _, entity in received}
    listed = _listed(taxonomy.entities, entity_ids, missing=True) if taxonomy.entities and entities else []
    rows = []
    for month in _month_keys(period):
        per_entity = {entity: n for (m, entity), n in received.items() if m == month}
        rows.append(MonthRow(
            month=month,
            received=sum(per_entity.values()),
            closed=closed.get(month, 0),
            by_entity=tuple(per_entity.get(key, 0) for key, _ in listed),
        ))
    return Months(rows=tuple(rows), entities=tuple(label for _, label in listed))


def _timeliness(taxonomy: Taxonomy, rows: list[queries.TimelinessRow], thresholds: int) -> tuple[Timeliness, ...]:
    by_type: dict[Key, queries.TimelinessRow] = {row.type_id: row for row in rows}
    listed = _listed(taxonomy.types, by_type)
    found = []
    for type_id, label in listed:
        row = by_type.get(type_id)
        if row is None:
            found.append(Timeliness(label, 0, 0, 0, 0, 0, 0, (0,) * thresholds))
        else:
            found.append(Timeliness(label, row.count, row.closed, row.on_time, row.late, row.open_overdue,
                                    row.lead_days_total, row.within))
    return tuple(found)


def _narrative(taxonomy: Taxonomy, categories: list[tuple[Key, str]], table: CategoryTable,
               complaints: list[queries.ComplaintRow]) -> tuple[CategoryCases, ...]:
    qualification: dict[Key, str] = {q.id: q.label for q in taxonomy.qualifications}
    by_category: dict[Key, list[ComplaintCase]] = {}
    for ref, received, cat, qual, title, description, motivation, action, done in complaints:
        by_category.setdefault(cat, []).append(ComplaintCase(
            ref, received, title, description, motivation, qualification.get(qual, ""), action, done))
    return tuple(
        CategoryCases(row.category, tuple(table.by_outcome(row).items()), tuple(by_category[cat]))
        for (cat, _), row in zip(categories, table.rows, strict=True) if row.total
    )
