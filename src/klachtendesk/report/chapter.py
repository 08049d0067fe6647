"""Computing the organisation's chapter: every table its preset defines, from the cases.

``compute_chapter`` resolves each table's labels to the store's ids, asks ``store/report_sql``
for the sums it needs (one GROUP BY per distinct grouping, the parts of a table sharing it),
then lays the sums out as the published table: rows and columns in the preset's order and
labels, totals, shares and average lead times. Cases without a value for a split (no
channel) are left out of that table, as the published totals leave them out, and counted in
the table's note.

Every measure is a sum (a count, a sum of lead times and the closed cases they came from),
so a category row is the sum of its sub-categories, a half-year the sum of its months and a
total row the sum of its rows: the SQL is asked once, the rest is addition.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from klachtendesk.domain.chapter import (
    DIMENSIONS,
    SUB_SEPARATOR,
    CaseFilter,
    Part,
    TableDef,
    Value,
    half_of,
    quarter_of,
    time_labels,
    value_label,
)
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.report.dutch import capitalise, integer, join
from klachtendesk.report.period import Period, previous_periods
from klachtendesk.report.summary import average
from klachtendesk.store import report_sql as sql
from klachtendesk.store.taxonomy import Taxonomy

MISSING = object()  # the key of cases without a value for a split

SOLVED_LABELS = {"ja": "Opgelost", "deels": "Deels opgelost", "nee": "Niet opgelost"}


def closures_for(settings: Settings, start: date, end: date) -> tuple[tuple[date, date], ...]:
    """The closed days lead times leave out (preset closures and school holidays), for cases
    received from ``start`` and answered by ``end``: the one place the report asks the domain's
    calendar (the summary's timeliness too)."""
    return tuple(settings.calendar.closure_ranges(start, end))


# -- the computed table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "count"  # "count", "share" (a percentage), "lead_time" (average days)
    decimals: int = 0
    total: bool = False  # a split's total column (a chart leaves it out)


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[int | float | None, ...]
    level: int = 0  # 1: a sub-category under its category


@dataclass(frozen=True)
class ChapterTable:
    id: str
    title: str
    heading: str  # the label column's header
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None  # None: the table shows no total row
    note: str = ""
    chart: str = ""  # "", "rows" or "columns": which axis the bars stand on

    def column_index(self, label: str) -> int:
        return [c.label for c in self.columns].index(label)


# -- resolving labels to the store's ids -------------------------------------------------------


class _Context:
    def __init__(self, taxonomy: Taxonomy, settings: Settings, today: date) -> None:
        self.taxonomy, self.settings, self.today = taxonomy, settings, today
        self.complaint_types = tuple(t.id for t in taxonomy.types if t.complaint)
        self.ombuds_channels = tuple(c.id for c in taxonomy.channels if c.via_ombudsperson)

    def ids(self, kind: str, labels: Iterable[str]) -> tuple[int, ...]:
        keys = {label_key(label) for label in labels}
        return tuple(row.id for row in getattr(self.taxonomy, kind) if label_key(row.label) in keys)

    def complaint(self) -> sql.Cond:
        """A complaint: a complaint type, or whatever type when it came via the ombudsperson."""
        by_type = sql.InSet("signal_type_id", self.complaint_types)
        if not self.ombuds_channels:
            return by_type
        return sql.AnyOf((by_type, sql.InSet("channel_id", self.ombuds_channels)))

    def cond(self, f: CaseFilter) -> sql.Cond:
        conds: list[sql.Cond] = []
        if f.types:
            ids = self.ids("types", f.types)
            by_type: sql.Cond = sql.InSet("signal_type_id", ids)
            if self.ombuds_channels and set(ids) & set(self.complaint_types):
                by_type = sql.AnyOf((by_type, sql.InSet("channel_id", self.ombuds_channels)))
            conds.append(by_type)
        if f.complaints is not None:
            conds.append(self.complaint() if f.complaints else sql.Not(self.complaint()))
        if f.via_ombudsperson is not None:
            via = sql.InSet("channel_id", self.ombuds_channels)
            conds.append(via if f.via_ombudsperson else sql.Not(via))
        if f.admissible is not None:
            conds.append(sql.InSet("admissible", (f.admissible,)))
        if f.founded:
            conds.append(sql.InSet("qualification_id", tuple(
                q.id for q in self.taxonomy.qualifications if q.founded in f.founded)))
        if f.solved:
            conds.append(sql.InSet("solved", f.solved))
        for name, kind, column in (("qualifications", "qualifications", "qualification_id"),
                                   ("channels", "channels", "channel_id"), ("entities", "entities", "entity_id")):
            labels = getattr(f, name)
            if labels:
                conds.append(sql.InSet(column, self.ids(kind, labels)))
        if f.categories:
            keys = {label_key(label) for label in f.categories}
            conds.append(sql.InSet("category_id", tuple(
                c.id for c in self.taxonomy.categories if c.parent_id is None and label_key(c.label) in keys)))
        for name, flag in (("repeated", "repeated"), ("closed", "closed"), ("mediated", "mediated")):
            wanted = getattr(f, name)
            if wanted is not None:
                conds.append(sql.Flag(flag) if wanted else sql.Not(sql.Flag(flag)))
        if f.on_time is not None:
            conds.append(sql.Flag("on_time" if f.on_time else "late_or_overdue"))
        if f.within is not None:
            conds.append(sql.LeadAtMost(f.within))
        if f.not_within is not None:
            conds.append(sql.NotWithin(f.not_within))
        return sql.all_of(*conds) if conds else sql.EVERY

    def types_of(self, f: CaseFilter) -> frozenset[int] | None:
        """The signal types a filter limits a table to (None: every type)."""
        if f.types:
            return frozenset(self.ids("types", f.types))
        if f.complaints:
            return frozenset(self.complaint_types)
        return None


# -- dimensions: grouping columns, keys and the values a split lists ----------------------------


_GROUPS: dict[str, tuple[str, ...]] = {
    "category": ("category_id", "subcategory_id"), "subcategory": ("category_id", "subcategory_id"),
    "category_tree": ("category_id", "subcategory_id"), "type": ("signal_type_id", "channel_id"),
    "channel": ("channel_id",), "entity": ("entity_id",), "qualification": ("qualification_id",),
    "reason": ("inadmissible_reason", "qualification_id"), "handler": ("handler_id",), "line": ("line",),
    "school": ("school",), "solved": ("solved",), "month": (sql.MONTH,), "quarter": (sql.MONTH,),
    "half": (sql.MONTH,), "year": (sql.PERIOD,),
}


def _groups(dimension: str) -> tuple[str, ...]:
    groups = _GROUPS[dimension]
    if dimension == "category":
        return ("category_id",)
    return groups


class _Dimension:
    """How one split of a table reads its key from a group, and which values it lists."""

    def __init__(self, part: Part, ctx: _Context, periods: Sequence[Period], yearly: bool,
                 types: frozenset[int] | None) -> None:
        self.part, self.ctx, self.periods, self.yearly, self.types = part, ctx, periods, yearly, types
        self.name = part.split
        self.groups = _groups(self.name)
        tax = ctx.taxonomy
        self.children: dict[int, list[int]] = defaultdict(list)
        for row in tax.categories:
            if row.parent_id is not None:
                self.children[row.parent_id].append(row.id)

    # keys --------------------------------------------------------------------------------

    def time_key(self, month: str) -> str:
        key = {"month": month, "quarter": quarter_of(month), "half": half_of(month)}[self.name]
        return key[5:] if self.yearly else key  # beside report years: the month of any of them

    def keys(self, values: Sequence[Any]) -> list[Any]:
        """The split's keys of one group (a category tree gives the category and its child)."""
        name = self.name
        if name in ("month", "quarter", "half"):
            return [self.time_key(values[0])]
        if name == "year":
            return [values[0]]
        if name in ("category", "category_tree", "subcategory"):
            category = values[0]
            if category is None:
                return [MISSING]
            sub = values[1] if len(values) > 1 else None
            if name == "category":
                return [("cat", category)]
            if name == "category_tree":
                return [("cat", category)] + ([("sub", sub)] if sub is not None else [])
            if self.children.get(category):
                return [("sub", sub)] if sub is not None else [MISSING]
            return [("cat", category)]
        if name == "type":  # via the ombudsperson: a complaint whatever the type says
            return [self.ctx.taxonomy.reported_type_id(values[0], values[1])]
        if name == "reason":
            from klachtendesk.report.compute import inadmissible_reason

            return [inadmissible_reason(values[0] or "", self.ctx.taxonomy.label("qualifications", values[1]))]
        value = values[0]
        if value is None or value == "":
            return [MISSING]
        return [value]

    # the values listed -------------------------------------------------------------------

    def listed(self, with_cases: set[Any]) -> list[tuple[Any, str, int]]:
        """(key, label, level) of every value the split lists, in the dimension's order."""
        tax = self.ctx.taxonomy
        name = self.name
        if name == "year":
            return [(i, p.label, 0) for i, p in enumerate(self.periods)]
        if name in ("month", "quarter", "half"):
            months = _months(self.periods[-1])
            keys = list(dict.fromkeys(self.time_key(m) for m in months))
            # Label from the months themselves, so "2023-Q1" and "Q1" both read "Q1".
            full = {k: f"2000-{k}" if self.yearly else k for k in keys}  # labels read the part after the year
            labels = time_labels(name, list(full.values()))
            return [(k, labels[full[k]], 0) for k in keys]
        if name == "type":
            return [(t.id, t.label, 0) for t in tax.types
                    if ((t.active and (self.types is None or t.id in self.types)) or t.id in with_cases)]
        if name in ("channel", "entity", "qualification"):
            kind = {"channel": "channels", "entity": "entities", "qualification": "qualifications"}[name]
            return [(r.id, r.label, 0) for r in getattr(tax, kind) if r.active or r.id in with_cases]
        if name == "handler":
            return [(u.id, u.label, 0) for u in tax.users if u.id in with_cases]
        if name in ("category", "subcategory", "category_tree"):
            return self._categories(with_cases)
        if name == "solved":
            return [(k, label, 0) for k, label in SOLVED_LABELS.items()]
        if name == "line":
            lines = list(self.ctx.settings.lines)
            lines += sorted(v for v in with_cases if isinstance(v, str) and v not in lines)
            return [(v, v, 0) for v in lines]
        return [(v, str(v), 0) for v in sorted((v for v in with_cases if v is not MISSING), key=str)]

    def _categories(self, with_cases: set[Any]) -> list[tuple[Any, str, int]]:
        tax = self.ctx.taxonomy
        found: list[tuple[Any, str, int]] = []
        for top in tax.categories:
            if top.parent_id is not None:
                continue
            scoped = self.types is None or not top.type_ids or bool(top.type_ids & self.types)
            kids = [c for c in tax.categories if c.parent_id == top.id]
            kid_keys = {("sub", c.id) for c in kids}
            if not ((top.active and scoped) or ("cat", top.id) in with_cases or kid_keys & with_cases):
                continue
            if self.name == "subcategory" and kids:
                found += [(("sub", c.id), f"{top.label}{SUB_SEPARATOR}{c.label}", 0) for c in kids
                          if c.active or ("sub", c.id) in with_cases]
                continue
            found.append((("cat", top.id), top.label, 0))
            if self.name == "category_tree":
                found += [(("sub", c.id), f"{top.label}{SUB_SEPARATOR}{c.label}", 1) for c in kids
                          if c.active or ("sub", c.id) in with_cases]
        return found


def _months(period: Period) -> list[str]:
    months = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _shown(part: Part, dim: _Dimension | None, key: Any, label: str) -> str:
    """A split value's published label: the preset's ``labels``, a sub-category under its
    category's own published label."""
    if dim is None:
        return label
    if isinstance(key, tuple) and key[0] == "sub" and SUB_SEPARATOR in label:
        full = part.shown_label(label)
        if full != label:
            return full
        top, child = label.split(SUB_SEPARATOR, 1)
        return f"{part.shown_label(top)}{SUB_SEPARATOR}{child}"
    return part.shown_label(label)


def _ordered(part: Part, values: list[tuple[Any, str, int]], dim: _Dimension) -> list[tuple[Any, str, int]]:
    """``only`` and ``order`` of the part applied; a sub-category stays under its category."""
    shown = [(key, _shown(part, dim, key, label), label, level) for key, label, level in values]
    if part.only:
        wanted = {label_key(x) for x in part.only}
        shown = [s for s in shown if label_key(s[2]) in wanted or label_key(s[1]) in wanted]
    if part.order:
        rank: dict[str, int] = {}
        for i, label in enumerate(part.order):
            rank.setdefault(label_key(label), i)
        groups: list[list[tuple[Any, str, str, int]]] = []
        for item in shown:
            if item[3] and groups:
                groups[-1].append(item)
            else:
                groups.append([item])

        def position(group: list[tuple[Any, str, str, int]]) -> int:
            head = group[0]
            return min(rank.get(label_key(head[1]), len(rank)), rank.get(label_key(head[2]), len(rank)))

        groups.sort(key=position)  # stable: the rest keep the dimension's order
        shown = [item for group in groups for item in group]
    return [(key, label, level) for key, label, _, level in shown]


# -- laying out one table -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """A column as the computation sees it: part, split value (None: unsplit, "total"), value."""

    part: int
    split: Any
    value: int


TOTAL = "__total__"


class _TableBuilder:
    def __init__(self, table: TableDef, ctx: _Context, period: Period) -> None:
        self.table, self.ctx, self.period = table, ctx, period
        years = max((p.years for p in (*table.rows, *table.columns) if p.split == "year"), default=0)
        self.yearly = years > 0
        settings = ctx.settings
        self.periods: tuple[Period, ...] = (*previous_periods(settings, period, years - 1), period) \
            if years > 1 else (period,)
        self.row_parts = list(table.rows)
        if table.total == "all":
            self.row_parts.append(Part(label=table.total_label))  # every case: the total row
        types = ctx.types_of(table.filter)

        def dim(part: Part) -> _Dimension | None:
            if not part.split:
                return None
            return _Dimension(part, ctx, self.periods, self.yearly, ctx.types_of(part.filter) or types)

        self.row_dims = [dim(p) for p in self.row_parts]
        self.col_dims = [dim(p) for p in table.columns]
        self.where = ctx.cond(table.filter)
        # (row part, col part) -> measure slots; sums land in cells
        #: (row part, row key, column part) -> (column key, period) -> [sum, closed] per value
        self.cells: dict[tuple[int, Any, int], dict[tuple[Any, int], list[int]]] = defaultdict(dict)
        self.base: dict[tuple[int, Any, int], int] = defaultdict(int)  # (row part, row key, period) -> cases

    # -- asking the store ------------------------------------------------------------------

    def plan(self) -> list[tuple[sql.Aggregation, Callable[[dict[tuple[Any, ...], list[int]]], None]]]:
        """The aggregations this table needs, each with what to do with its answer."""
        by_grouping: dict[tuple[str, tuple[str, ...]], list[tuple[sql.Measure, Callable[..., None]]]] = \
            defaultdict(list)
        plans: list[tuple[sql.Aggregation, Callable[[dict[tuple[Any, ...], list[int]]], None]]] = []
        for r, rpart in enumerate(self.row_parts):
            rdim = self.row_dims[r]
            for c, cpart in enumerate(self.table.columns):
                cdim = self.col_dims[c]
                counted = [(v, value) for v, value in enumerate(cpart.values) if value.measure != "share"]
                if not counted:
                    continue
                basis = "answered" if "answered" in (rpart.date, cpart.date) else "received"
                groups = list(rdim.groups if rdim else ()) + [
                    g for g in (cdim.groups if cdim else ()) if g not in (rdim.groups if rdim else ())]
                if self.yearly and sql.PERIOD not in groups:
                    groups.append(sql.PERIOD)
                key = (basis, tuple(groups))
                common = sql.all_of(self.ctx.cond(rpart.filter), self.ctx.cond(cpart.filter))
                if rdim is not None and rdim.name == "reason":
                    common = sql.all_of(common, sql.InSet("admissible", (False,)))
                for v, value in counted:
                    cond = sql.all_of(common, self.ctx.cond(value.filter))
                    if value.measure == "count":
                        by_grouping[key].append((sql.Count(cond), self._sink(r, c, v, 0, key[1])))
                    else:
                        by_grouping[key].append((sql.LeadSum(cond), self._sink(r, c, v, 0, key[1])))
                        closed = sql.all_of(cond, sql.Flag("closed"))
                        by_grouping[key].append((sql.Count(closed), self._sink(r, c, v, 1, key[1])))
                if c == 0:
                    by_grouping[key].append((sql.Count(common), self._base_sink(r, key[1])))
        settings = self.ctx.settings
        first = min(p.start for p in self.periods)
        for (basis, grouping), wanted in by_grouping.items():
            agg = sql.Aggregation(
                periods=tuple((p.start, p.end) for p in self.periods), groups=grouping,
                measures=tuple(m for m, _ in wanted), where=self.where, basis=basis, today=self.ctx.today,
                # Answers never lie after today; the year guards a report asked for an earlier today.
                closures=closures_for(settings, first, max(self.ctx.today, self.periods[-1].end) + timedelta(days=366)),
            )
            sinks = [s for _, s in wanted]

            def deliver(found: dict[tuple[Any, ...], list[int]], sinks: list[Callable[..., None]] = sinks) -> None:
                for group, sums in found.items():
                    for sink, n in zip(sinks, sums, strict=True):
                        if n:
                            sink(group, n)

            plans.append((agg, deliver))
        return plans

    def _split_keys(self, dim: _Dimension | None, groups: tuple[str, ...], group: tuple[Any, ...]) -> list[Any]:
        if dim is None:
            return [None]
        values = [group[groups.index(g)] for g in dim.groups]
        return dim.keys(values)

    def _period(self, groups: tuple[str, ...], group: tuple[Any, ...]) -> int:
        return group[groups.index(sql.PERIOD)] if sql.PERIOD in groups else len(self.periods) - 1

    def _sink(self, r: int, c: int, v: int, slot: int, groups: tuple[str, ...]) -> Callable[..., None]:
        rdim, cdim = self.row_dims[r], self.col_dims[c]

        def add(group: tuple[Any, ...], n: int) -> None:
            period = self._period(groups, group)
            width = 2 * len(self.table.columns[c].values)
            for rkey in self._split_keys(rdim, groups, group):
                row = self.cells[(r, rkey, c)]
                for ckey in self._split_keys(cdim, groups, group):
                    row.setdefault((ckey, period), [0] * width)[2 * v + slot] += n

        return add

    def _base_sink(self, r: int, groups: tuple[str, ...]) -> Callable[..., None]:
        rdim = self.row_dims[r]

        def add(group: tuple[Any, ...], n: int) -> None:
            period = self._period(groups, group)
            for rkey in self._split_keys(rdim, groups, group)[:1]:
                self.base[(r, rkey, period)] += n

        return add

    # -- laying out ------------------------------------------------------------------------

    def _raw(self, r: int, rkey: Any, c: int, ckey: Any, v: int) -> tuple[int, int]:
        """(sum, closed) of one value in one cell. A year split reads its own period, other cells
        the report period; a split's total column adds up every value of the split (those left
        out of the columns too: a row's total counts all its cases)."""
        rdim, cdim = self.row_dims[r], self.col_dims[c]
        current = len(self.periods) - 1
        total = closed = 0
        for (key, period), sums in self.cells.get((r, rkey, c), {}).items():
            if ckey != TOTAL and key != ckey:
                continue
            if cdim is not None and cdim.name == "year":
                if ckey != TOTAL and period != key:
                    continue
            elif rdim is not None and rdim.name == "year":
                if period != rkey:
                    continue
            elif period != current:
                continue
            total += sums[2 * v]
            closed += sums[2 * v + 1]
        return total, closed

    def build(self) -> ChapterTable:
        table = self.table
        # The split values each axis lists.
        col_values = [self._values(self.col_dims[c], c, column=True) for c in range(len(table.columns))]
        slots: list[tuple[_Slot, Column, Value]] = []
        for c, part in enumerate(table.columns):
            keys: list[tuple[Any, str]] = []
            if part.split:
                listed = [(k, label) for k, label, _ in col_values[c]]
                total = (TOTAL, part.total_label or part.label or "Totaal")
                keys = ([total] if part.total == "start" else []) + \
                       [(k, " ".join(x for x in (part.label, label) if x)) for k, label in listed] + \
                       ([total] if part.total == "end" else [])
            else:
                keys = [(None, part.label)]
            for key, base in keys:
                labels: dict[str, str] = {}
                for v, value in enumerate(part.values):
                    if value.measure == "share":
                        numerator = labels.get(value.count) if value.count else labels.get("__last__")
                        if value.count and numerator is None:
                            numerator = value.count
                        label = " ".join(x for x in (base, value.label) if x) if value.label \
                            else f"{numerator} %"
                    else:
                        label = value_label(base, value)
                        labels[value.label] = label
                        labels["__last__"] = label
                    kind = value.measure
                    slots.append((_Slot(c, key, v), Column(label, kind, value.decimals if kind == "share" else
                                                           (1 if kind == "lead_time" else 0), key == TOTAL), value))
        # Rows.
        row_entries: list[tuple[int, Any, str, int]] = []  # (row part, key, label, level)
        hidden_total = len(self.row_parts) - 1 if table.total == "all" else None
        for r, part in enumerate(self.row_parts):
            if r == hidden_total:
                continue
            if part.split:
                for key, label, level in self._values(self.row_dims[r], r, column=False):
                    row_entries.append((r, key, label, level))
            else:
                row_entries.append((r, None, part.label, 0))

        def counts(r: int, rkey: Any) -> dict[_Slot, tuple[int, int]]:
            found = {}
            for slot, _, value in slots:
                if value.measure != "share":
                    found[slot] = self._raw(r, rkey, slot.part, slot.split, slot.value)
            return found

        raw_rows = [(label, level, counts(r, key)) for r, key, label, level in row_entries]
        if table.total == "all":
            total_raw: dict[_Slot, tuple[int, int]] | None = counts(hidden_total, None)  # type: ignore[arg-type]
        else:
            total_raw = {}
            for _, level, found in raw_rows:
                if level:
                    continue
                for slot, (s, n) in found.items():
                    a, b = total_raw.get(slot, (0, 0))
                    total_raw[slot] = (a + s, b + n)
        by_label = {column.label: slot for slot, column, value in slots if value.measure == "count"}

        def cells(found: dict[_Slot, tuple[int, int]]) -> tuple[int | float | None, ...]:
            out: list[int | float | None] = []
            last_count: dict[Any, _Slot] = {}
            for slot, _, value in slots:
                if value.measure == "count":
                    last_count[(slot.part, slot.split)] = slot
                    last_count[(slot.part, slot.split, value.label)] = slot
                if value.hidden:
                    continue
                if value.measure == "count":
                    out.append(found.get(slot, (0, 0))[0])
                elif value.measure == "lead_time":
                    s, n = found.get(slot, (0, 0))
                    out.append(average(s, n))
                else:
                    num_slot = last_count.get((slot.part, slot.split, value.count)) if value.count else \
                        last_count.get((slot.part, slot.split))
                    if num_slot is None:
                        num_slot = by_label.get(value.count)
                    if value.of == "column":
                        base_n = (total_raw or {}).get(num_slot, (0, 0))[0] if num_slot else 0
                    else:
                        base_slot = last_count.get((slot.part, slot.split, value.of)) or by_label.get(value.of)
                        base_n = found.get(base_slot, (0, 0))[0] if base_slot else 0
                    num = found.get(num_slot, (0, 0))[0] if num_slot else 0
                    out.append(share(num, base_n, value.decimals))
            return tuple(out)

        columns = tuple(column for _, column, value in slots if not value.hidden)
        rows = [Row(label, cells(found), level) for label, level, found in raw_rows]
        rows = self._drop_empty(rows, row_entries)
        total_row = Row(table.total_label, cells(total_raw or {})) if table.total != "none" else None
        heading = table.heading or _heading(table)
        return ChapterTable(table.id, table.title, heading, columns, tuple(rows), total_row,
                            self._note(col_values), table.chart)

    def _values(self, dim: _Dimension | None, index: int, *, column: bool) -> list[tuple[Any, str, int]]:
        if dim is None:
            return []
        if column:
            with_cases = {key for (_, _, c), found in self.cells.items() if c == index for key, _ in found}
        else:
            with_cases = {rkey for (r, rkey, _), found in self.cells.items() if r == index and found}
        listed = _ordered(dim.part, dim.listed(with_cases), dim)
        if not dim.part.empty:
            listed = [v for v in listed if v[0] in with_cases]
        return listed

    def _drop_empty(self, rows: list[Row], entries: list[tuple[int, Any, str, int]]) -> list[Row]:
        kept = []
        for row, (r, key, _, _) in zip(rows, entries, strict=True):
            part = self.row_parts[r]
            if part.split and not part.empty:
                if not any(rr == r and rk == key and found for (rr, rk, _), found in self.cells.items()):
                    continue
            kept.append(row)
        return kept

    def _note(self, col_values: list[list[tuple[Any, str, int]]]) -> str:
        notes: list[str] = []
        for r, dim in enumerate(self.row_dims):
            if dim is None:
                continue
            listed = {key for key, _, _ in self._values(dim, r, column=False)}
            notes += self._left_out(dim, {(key, p): n for (rr, key, p), n in self.base.items() if rr == r},
                                    listed, "in deze tabel")
        for c, dim in enumerate(self.col_dims):
            if dim is None or dim.name == "year":
                continue
            listed = {key for key, _, _ in col_values[c]}
            found: dict[tuple[Any, int], int] = defaultdict(int)
            if self.table.columns[c].values[0].measure != "count":
                continue
            for (r, _, cc), cells in self.cells.items():
                if cc == c and r == 0:
                    for (ckey, period), sums in cells.items():
                        found[(ckey, period)] += sums[0]
            notes += self._left_out(dim, found, listed, "in een kolom")
        if self.table.note:
            notes.insert(0, self.table.note)
        return " ".join(notes)

    def _left_out(self, dim: _Dimension, counts: dict[tuple[Any, int], int], listed: set[Any], where: str) -> list[str]:
        noun = DIMENSIONS[dim.name]
        missing: dict[int, int] = defaultdict(int)
        other: dict[int, int] = defaultdict(int)
        for (key, period), n in counts.items():
            if key is MISSING:
                missing[period] += n
            elif key not in listed and dim.name != "year":
                other[period] += n
        found = []
        for counted, what in ((missing, f"zonder {noun}"), (other, f"met een andere {noun}")):
            if sum(counted.values()):
                found.append(self._count_sentence(counted, what, where))
        return found

    def _count_sentence(self, counted: dict[int, int], what: str, where: str) -> str:
        """"4 zaken zonder kanaal staan niet in deze tabel.", or per year beside earlier years."""
        if len(self.periods) == 1:
            n = sum(counted.values())
            noun, verb = ("zaak", "staat") if n == 1 else ("zaken", "staan")
            return f"{capitalise(integer(n))} {noun} {what} {verb} niet {where}."
        parts = [f"{integer(counted[i])} {'zaak' if counted[i] == 1 else 'zaken'} in {self.periods[i].label}"
                 for i in range(len(self.periods)) if counted.get(i)]
        return f"{capitalise(what)} en dus niet {where}: {join(parts)}."


def _heading(table: TableDef) -> str:
    splits = [p.split for p in table.rows if p.split]
    if not splits:
        return ""
    return capitalise(DIMENSIONS[splits[0]])


def share(part: int, whole: int, decimals: int) -> float | None:
    """``part`` of ``whole`` in percent with ``decimals`` decimals, halves rounded up; None for no whole."""
    if not whole:
        return None
    exact = Decimal(100 * part) / Decimal(whole)
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def compute_chapter(conn: sql.Connection, tables: Sequence[TableDef], taxonomy: Taxonomy, settings: Settings,
                    period: Period, today: date) -> tuple[ChapterTable, ...]:
    """Every table of the chapter for ``period``, in the preset's order."""
    ctx = _Context(taxonomy, settings, today)
    built = []
    for table in tables:
        builder = _TableBuilder(table, ctx, period)
        for agg, deliver in builder.plan():
            deliver(sql.aggregate(conn, agg))
        built.append(builder.build())
    return tuple(built)
