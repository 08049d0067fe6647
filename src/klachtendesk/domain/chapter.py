"""An organisation's year-report chapter as data: the tables it publishes, read from its preset.

A table counts cases along rows and columns. Each axis is a list of *parts*: a part is one
labelled row or column (``label`` with a ``filter``), or a split of the cases by a dimension
(category, channel, month, report year, ...), each value a row or column of its own. The
columns carry the *values*: counts (with an extra filter), shares of a count, and average
lead times. ``parse_chapter`` checks a preset's ``[[tables]]`` and raises DomainError with a
Dutch line naming the table and the field; the report (``report/chapter.py``) computes them.

The preset format is public (README, "Chapter tables"). In short::

    [[tables]]
    id = "kanalen"                         # lower case letters, digits and _
    title = "Toegangskanalen dossiers"
    rows = "channel"                       # a dimension, or [[tables.rows]] parts
    columns = { split = "year", years = 3, values = [{ measure = "count" }] }
    filter = { complaints = true }         # which cases the table counts
    total = "rows"                         # "rows" (sum of the rows), "all" (every case counted), "none"

Pure: no SQL, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.text import MAX_LINE, clean_line

#: The dimensions a table can split its cases by, with the Dutch noun that names a value.
DIMENSIONS: dict[str, str] = {
    "category": "categorie",
    "subcategory": "subcategorie",
    "category_tree": "categorie",
    "type": "aard",
    "channel": "kanaal",
    "entity": "entiteit",
    "qualification": "eindkwalificatie",
    "reason": "reden van niet-ontvankelijkheid",
    "handler": "behandelaar",
    "line": "lijn",
    "school": "school",
    "solved": "oplossing",
    "month": "maand",
    "quarter": "kwartaal",
    "half": "halfjaar",
    "year": "rapportjaar",
}
TIME_DIMENSIONS = ("month", "quarter", "half", "year")
MEASURES = ("count", "share", "lead_time")
DATES = ("received", "answered")
TOTALS = ("rows", "all", "none")
CHARTS = ("", "rows", "columns")
SOLVED_VALUES = ("ja", "deels", "nee", "")
FOUNDED_VALUES = ("ja", "deels", "nee", "")
MONTH_LABELS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
#: A sub-category row reads "Categorie – Subcategorie".
SUB_SEPARATOR = " – "
_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def counts_as_complaint(type_is_complaint: bool, via_ombudsperson: bool) -> bool:
    """A case that arrives via the ombudsperson counts as a complaint whatever its type says
    (DOMAIN.md §2, "Channel"); the report counts those cases separately as well."""
    return type_is_complaint or via_ombudsperson


@dataclass(frozen=True)
class CaseFilter:
    """Which cases count. Every field that is set must hold (an empty tuple or None: any).

    ``types`` follows the rule that a case that arrives via the ombudsperson counts as a
    complaint whatever its type says: such a case matches a list that names a complaint type.
    """

    types: tuple[str, ...] = ()
    complaints: bool | None = None
    via_ombudsperson: bool | None = None
    admissible: bool | None = None
    founded: tuple[str, ...] = ()
    solved: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    repeated: bool | None = None
    closed: bool | None = None
    on_time: bool | None = None  # true: answered by the due date; false: answered late or open past it
    within: int | None = None  # answered within N days of lead time
    not_within: int | None = None  # not answered within N days (still open after N days included)
    mediated: bool | None = None  # a mediation result was recorded

    @property
    def empty(self) -> bool:
        return self == CaseFilter()


@dataclass(frozen=True)
class Value:
    """One column per split value: a count, a share of a count, or an average lead time."""

    measure: str = "count"
    label: str = ""  # appended to the part's column label ("2023 herhaald"); a share adds " %"
    filter: CaseFilter = field(default_factory=CaseFilter)
    of: str = "column"  # a share's base: "column" (the column's total) or another column's label
    count: str = ""  # a share's numerator: a count column's label ("" = the count before it)
    decimals: int = 1
    hidden: bool = False  # a count only other columns use (a share's base)


@dataclass(frozen=True)
class Part:
    """One labelled row or column, or one row or column per value of ``split``."""

    label: str = ""
    filter: CaseFilter = field(default_factory=CaseFilter)
    split: str = ""
    years: int = 1  # split "year": this report year and the years before it
    total: str = ""  # a split's total column: "", "start" or "end"
    total_label: str = ""
    order: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # (store label, published label)
    only: tuple[str, ...] = ()
    empty: bool = True  # list values without cases
    date: str = "received"  # which date places a case in the period and its month
    values: tuple[Value, ...] = (Value(),)

    def shown_label(self, store_label: str) -> str:
        key = label_key(store_label)
        for source, shown in self.labels:
            if label_key(source) == key:
                return shown
        return store_label


@dataclass(frozen=True)
class TableDef:
    id: str
    title: str
    rows: tuple[Part, ...]
    columns: tuple[Part, ...]
    filter: CaseFilter = field(default_factory=CaseFilter)
    total: str = "rows"
    total_label: str = "Totaal"
    chart: str = ""  # "rows": a bar per column over the rows; "columns": a bar per row over the columns
    note: str = ""
    heading: str = ""  # the label column's header ("" : the row dimension's noun)


def value_label(base: str, value: Value) -> str:
    """A column's label: the part's (or split value's) label, then the value's own label."""
    if value.measure == "share" and not value.label:
        own = "%"
    else:
        own = value.label
    return " ".join(text for text in (base, own) if text) or "Aantal"


@dataclass(frozen=True)
class Vocabulary:
    """The labels a preset defines, to check the labels a table names."""

    types: tuple[str, ...] = ()
    complaint_types: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    subcategories: tuple[str, ...] = ()  # "Categorie – Subcategorie"
    qualifications: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()

    def for_dimension(self, dimension: str) -> tuple[str, ...] | None:
        """The known values of a dimension, or None when any value may occur (schools, months)."""
        return {
            "type": self.types, "category": self.categories, "qualification": self.qualifications,
            "channel": self.channels, "entity": self.entities,
            "subcategory": self.categories + self.subcategories,
            "category_tree": self.categories + self.subcategories,
        }.get(dimension)


# -- parsing --------------------------------------------------------------------------------


class _Where:
    """Builds the Dutch error line: "preset politie: tabel 'kanalen', columns.split: ..."."""

    def __init__(self, source: str, table: str) -> None:
        self.source, self.table = source, table

    def fail(self, where: str, message: str) -> DomainError:
        return DomainError(f"{self.source}: tabel {self.table}, {where}: {message}")


def _keys(raw: Mapping[str, Any], allowed: Iterable[str], at: _Where, where: str) -> None:
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        known = ", ".join(sorted(allowed))
        raise at.fail(f"{where}.{unknown[0]}" if where else unknown[0],
                      f"onbekend veld; mogelijk zijn: {known}")


def _text(raw: Any, at: _Where, where: str, *, required: bool = False) -> str:
    if raw is None:
        if required:
            raise at.fail(where, "ontbreekt")
        return ""
    if not isinstance(raw, str):
        raise at.fail(where, "moet tekst zijn")
    text = _clean(raw, at, where)
    if required and not text:
        raise at.fail(where, "mag niet leeg zijn")
    return text


def _clean(raw: str, at: _Where, where: str) -> str:
    """A title or label of the chapter, cleaned as typed text is: it reaches the reports."""
    try:
        return clean_line(raw)
    except DomainError:
        raise at.fail(where, f"is te lang (hoogstens {MAX_LINE} tekens)") from None


def _bool(raw: Any, at: _Where, where: str) -> bool | None:
    if raw is None:
        return None
    if not isinstance(raw, bool):
        raise at.fail(where, "moet true of false zijn")
    return raw


def _count(raw: Any, at: _Where, where: str, *, low: int, high: int) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise at.fail(where, f"moet een geheel getal van {low} tot en met {high} zijn")
    return raw


def _choice(raw: Any, choices: Iterable[str], at: _Where, where: str, default: str) -> str:
    if raw is None:
        return default
    options = tuple(choices)
    if not isinstance(raw, str) or raw not in options:
        shown = ", ".join(f"'{c}'" for c in options if c) or "''"
        raise at.fail(where, f"'{raw}' kan niet; kies uit {shown}")
    return raw


def _texts(raw: Any, at: _Where, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise at.fail(where, "moet een lijst van teksten zijn")
    return tuple(_clean(item, at, where) for item in raw)


def _known(labels: tuple[str, ...], vocabulary: tuple[str, ...] | None, at: _Where, where: str,
           noun: str) -> None:
    if vocabulary is None:
        return
    keys = {label_key(v) for v in vocabulary}
    for label in labels:
        if label_key(label) not in keys:
            raise at.fail(where, f"'{label}' is geen {noun} van deze organisatie")


_FILTER_FIELDS = {f.name for f in fields(CaseFilter)}


def _filter(raw: Any, at: _Where, where: str, vocabulary: Vocabulary | None) -> CaseFilter:
    if raw is None:
        return CaseFilter()
    if not isinstance(raw, dict):
        raise at.fail(where, "moet een tabel zijn, bv. { complaints = true }")
    _keys(raw, _FILTER_FIELDS, at, where)
    values: dict[str, Any] = {}
    for name in ("complaints", "via_ombudsperson", "admissible", "repeated", "closed", "on_time", "mediated"):
        values[name] = _bool(raw.get(name), at, f"{where}.{name}")
    for name in ("within", "not_within"):
        values[name] = _count(raw.get(name), at, f"{where}.{name}", low=0, high=3650)
    for name, allowed in (("founded", FOUNDED_VALUES), ("solved", SOLVED_VALUES)):
        chosen = _texts(raw.get(name), at, f"{where}.{name}")
        for value in chosen:
            if value not in allowed:
                raise at.fail(f"{where}.{name}", f"'{value}' kan niet; kies uit 'ja', 'deels', 'nee' of ''")
        values[name] = chosen
    nouns = {"types": ("types", "type"), "qualifications": ("qualifications", "eindkwalificatie"),
             "categories": ("categories", "categorie"), "channels": ("channels", "kanaal"),
             "entities": ("entities", "entiteit")}
    for name, (kind, noun) in nouns.items():
        chosen = _texts(raw.get(name), at, f"{where}.{name}")
        if vocabulary is not None:
            _known(chosen, getattr(vocabulary, kind), at, f"{where}.{name}", noun)
        values[name] = chosen
    return CaseFilter(**values)


_SPLIT_KEYS = ("split", "years", "order", "labels", "only", "empty", "date", "total", "total_label")


def _split_settings(raw: Mapping[str, Any], at: _Where, where: str,
                    vocabulary: Vocabulary | None) -> dict[str, Any]:
    split = raw.get("split")
    if split is not None:
        split = _choice(split, DIMENSIONS, at, f"{where}.split", "")
    else:
        split = ""
    years = _count(raw.get("years"), at, f"{where}.years", low=1, high=20)
    if years is not None and split != "year":
        raise at.fail(f"{where}.years", "hoort bij split = \"year\"")
    labels_raw = raw.get("labels") or {}
    if not isinstance(labels_raw, dict) or not all(isinstance(v, str) for v in labels_raw.values()):
        raise at.fail(f"{where}.labels", "moet een tabel van label = \"getoond label\" zijn")
    labels = tuple((_clean(str(k), at, f"{where}.labels"), _clean(v, at, f"{where}.labels"))
                   for k, v in labels_raw.items())
    order = _texts(raw.get("order"), at, f"{where}.order")
    only = _texts(raw.get("only"), at, f"{where}.only")
    if (labels or order or only) and not split:
        field_name = "labels" if labels else "order" if order else "only"
        raise at.fail(f"{where}.{field_name}", "hoort bij een split")
    if vocabulary is not None and split:
        known = vocabulary.for_dimension(split)
        noun = DIMENSIONS[split]
        _known(tuple(k for k, _ in labels), known, at, f"{where}.labels", noun)
        _known(only, known, at, f"{where}.only", noun)
        shown = tuple(v for _, v in labels)
        _known(tuple(o for o in order if label_key(o) not in {label_key(s) for s in shown}), known, at,
               f"{where}.order", noun)
    total = _choice(raw.get("total"), ("", "start", "end"), at, f"{where}.total", "")
    if total and not split:
        raise at.fail(f"{where}.total", "een totaalkolom hoort bij een split")
    return {
        "split": split, "years": years or 1, "order": order, "labels": labels, "only": only,
        "empty": _bool(raw.get("empty"), at, f"{where}.empty") is not False,
        "date": _choice(raw.get("date"), DATES, at, f"{where}.date", "received"),
        "total": total, "total_label": _text(raw.get("total_label"), at, f"{where}.total_label"),
    }


def _decimals(raw: Any, at: _Where, where: str) -> int:
    found = _count(raw, at, where, low=0, high=2)
    return 1 if found is None else found


_VALUE_KEYS = ("measure", "label", "filter", "of", "count", "decimals", "hidden")


def _value(raw: Any, at: _Where, where: str, vocabulary: Vocabulary | None) -> Value:
    if not isinstance(raw, dict):
        raise at.fail(where, "moet een tabel zijn, bv. { measure = \"count\" }")
    _keys(raw, _VALUE_KEYS, at, where)
    measure = _choice(raw.get("measure"), MEASURES, at, f"{where}.measure", "count")
    value = Value(
        measure=measure,
        label=_text(raw.get("label"), at, f"{where}.label"),
        filter=_filter(raw.get("filter"), at, f"{where}.filter", vocabulary),
        of=_text(raw.get("of"), at, f"{where}.of") or "column",
        count=_text(raw.get("count"), at, f"{where}.count"),
        decimals=_decimals(raw.get("decimals"), at, f"{where}.decimals"),
        hidden=bool(_bool(raw.get("hidden"), at, f"{where}.hidden")),
    )
    if measure != "share":
        for name in ("of", "count", "decimals"):
            if name in raw:
                raise at.fail(f"{where}.{name}", "hoort bij measure = \"share\"")
    elif not value.filter.empty or value.hidden:
        raise at.fail(f"{where}.{'filter' if not value.filter.empty else 'hidden'}",
                      "een aandeel rekent met de telling ervoor; zet de filter op die telling")
    if measure == "lead_time" and value.hidden:
        raise at.fail(f"{where}.hidden", "hoort bij een telling")
    return value


def _part(raw: Any, at: _Where, where: str, vocabulary: Vocabulary | None, *, columns: bool) -> Part:
    if isinstance(raw, str):
        raw = {"split": raw}
    if not isinstance(raw, dict):
        raise at.fail(where, "moet een dimensie of een tabel zijn")
    allowed = ("label", "filter", *_SPLIT_KEYS) + (("values",) if columns else ())
    _keys(raw, allowed, at, where)
    settings = _split_settings(raw, at, where, vocabulary)
    label = _text(raw.get("label"), at, f"{where}.label", required=not settings["split"] and not columns)
    values: tuple[Value, ...] = (Value(),)
    if columns and raw.get("values") is not None:
        if not isinstance(raw["values"], list) or not raw["values"]:
            raise at.fail(f"{where}.values", "moet een lijst van minstens één waarde zijn")
        values = tuple(_value(v, at, f"{where}.values[{i + 1}]", vocabulary) for i, v in enumerate(raw["values"]))
        if values[0].measure == "share" and not values[0].count:
            raise at.fail(f"{where}.values[1]", "een aandeel heeft een telling ervoor nodig (of count = \"label\")")
    return Part(label=label, filter=_filter(raw.get("filter"), at, f"{where}.filter", vocabulary),
                values=values, **settings)


def _axis(raw: Any, at: _Where, name: str, vocabulary: Vocabulary | None, *, columns: bool) -> tuple[Part, ...]:
    if raw is None:
        if columns:
            return (Part(),)
        raise at.fail(name, "ontbreekt: een dimensie (bv. \"category\") of een lijst van rijen")
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise at.fail(name, "mag niet leeg zijn")
    return tuple(_part(item, at, f"{name}[{i + 1}]" if isinstance(raw, list) else name, vocabulary,
                       columns=columns) for i, item in enumerate(items))


_TABLE_KEYS = ("id", "title", "heading", "rows", "columns", "filter", "total", "total_label", "chart", "note",
               "years", "order", "labels", "only", "empty")


def static_column_labels(columns: tuple[Part, ...]) -> set[str]:
    """The labels of the count columns known before any case is counted: the columns of
    unsplit parts and the total columns of splits (a split value's label depends on the data)."""
    found: set[str] = set()
    for part in columns:
        base = (part.total_label or part.label) if part.split else part.label
        if part.split and not part.total:
            continue
        found.update(value_label(base, v) for v in part.values if v.measure == "count")
    return found


def _check_references(table: TableDef, at: _Where) -> None:
    """A share's numerator and base must be count columns the table has."""
    static = static_column_labels(table.columns)
    for p, part in enumerate(table.columns):
        own = {v.label for v in part.values if v.measure == "count"}
        for v, value in enumerate(part.values):
            if value.measure != "share":
                continue
            part_at = f"columns[{p + 1}]" if len(table.columns) > 1 else "columns"
            where = f"{part_at}.values[{v + 1}]"
            if value.count and value.count not in own and value.count not in static:
                raise at.fail(f"{where}.count", f"'{value.count}' is geen telling van deze tabel")
            if value.of != "column" and value.of not in static and value.of not in own:
                raise at.fail(f"{where}.of", f"'{value.of}' is geen telling van deze tabel; geef \"column\" of het "
                                             "label van een kolom met een telling")
    years = {p.years for p in (*table.rows, *table.columns) if p.split == "year"}
    if len(years) > 1:
        raise at.fail("years", "alle splitsingen per rapportjaar van één tabel tellen even veel jaren")


def parse_table(raw: Any, *, source: str, index: int, vocabulary: Vocabulary | None = None) -> TableDef:
    """One ``[[tables]]`` entry. ``vocabulary``: check the labels it names (at init)."""
    name = raw.get("id") if isinstance(raw, dict) else None
    at = _Where(source, f"'{name}'" if isinstance(name, str) and name else f"{index}")
    if not isinstance(raw, dict):
        raise at.fail("tables", "elke tabel is een [[tables]]-blok")
    _keys(raw, _TABLE_KEYS, at, "")
    table_id = _text(raw.get("id"), at, "id", required=True)
    if not _ID.match(table_id):
        raise at.fail("id", f"'{table_id}' kan niet: kleine letters, cijfers en _, beginnend met een letter")
    rows_raw = raw.get("rows")
    if isinstance(rows_raw, str):
        rows_raw = {"split": rows_raw}
        for key in ("years", "order", "labels", "only", "empty"):
            if key in raw:
                rows_raw[key] = raw[key]
    else:
        for key in ("years", "order", "labels", "only", "empty"):
            if key in raw:
                raise at.fail(key, "hoort bij rows = \"dimensie\" (of zet het in het rijdeel)")
    rows = _axis(rows_raw, at, "rows", vocabulary, columns=False)
    columns = _axis(raw.get("columns"), at, "columns", vocabulary, columns=True)
    table = TableDef(
        id=table_id,
        title=_text(raw.get("title"), at, "title", required=True),
        rows=rows,
        columns=columns,
        filter=_filter(raw.get("filter"), at, "filter", vocabulary),
        total=_choice(raw.get("total"), TOTALS, at, "total", "rows"),
        total_label=_text(raw.get("total_label"), at, "total_label") or "Totaal",
        chart=_choice(raw.get("chart"), CHARTS, at, "chart", ""),
        note=_text(raw.get("note"), at, "note"),
        heading=_text(raw.get("heading"), at, "heading"),
    )
    if table.chart:
        axis = table.rows if table.chart == "rows" else table.columns
        if not any(p.split for p in axis) and len(axis) < 2:
            raise at.fail("chart", "een grafiek heeft meer dan één rij of kolom nodig op die as")
    _check_references(table, at)
    return table


def parse_chapter(raw: Any, *, source: str, vocabulary: Vocabulary | None = None) -> tuple[TableDef, ...]:
    """The ``tables`` of a preset: every table checked, ids unique."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise DomainError(f"{source}: tables: schrijf elke tabel als een [[tables]]-blok")
    tables = tuple(parse_table(item, source=source, index=i + 1, vocabulary=vocabulary)
                   for i, item in enumerate(raw))
    seen: set[str] = set()
    for table in tables:
        if table.id in seen:
            raise DomainError(f"{source}: tabel '{table.id}', id: staat er twee keer in")
        seen.add(table.id)
    return tables


# -- time labels ------------------------------------------------------------------------------


def month_key_label(month: str) -> str:
    """"2023-06" -> "jun"."""
    return MONTH_LABELS[int(month[5:7]) - 1]


def quarter_of(month: str) -> str:
    """"2023-06" -> "2023-Q2"."""
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def half_of(month: str) -> str:
    """"2023-06" -> "2023-H1"."""
    return f"{month[:4]}-H{1 if int(month[5:7]) <= 6 else 2}"


def time_label(dimension: str, key: str) -> str:
    """The published label of a month, quarter or half-year key."""
    if dimension == "month":
        return month_key_label(key)
    if dimension == "quarter":
        return key[5:]
    return "Q1-Q2" if key.endswith("H1") else "Q3-Q4"


def time_labels(dimension: str, keys: list[str]) -> dict[str, str]:
    """Labels for the keys of a period; the year is added when a label would repeat
    (the police's year from 19/1 has two Januaries)."""
    plain = {key: time_label(dimension, key) for key in keys}
    if len(set(plain.values())) == len(plain):
        return plain
    return {key: f"{label} {key[:4]}" for key, label in plain.items()}


TIME_KEY: dict[str, Callable[[str], str]] = {"month": lambda m: m, "quarter": quarter_of, "half": half_of}
