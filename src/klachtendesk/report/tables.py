"""The report as a screen or a file shows it: sections of tables, each a header and rows.

``report_sections(summary)`` is what the summary screen, the md/html chapter and the xlsx
workbook all render, so they can never disagree. Cells keep their type (a count, a share,
a date) so a spreadsheet gets numbers; ``cell_text`` gives the Dutch text for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from klachtendesk.domain.dates import format_date
from klachtendesk.report import dutch
from klachtendesk.report.chapter import ChapterTable
from klachtendesk.report.narrative import overview_text
from klachtendesk.report.summary import Breakdown, Summary, Timeliness


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole``, shown as a percentage."""

    part: int
    whole: int

    @property
    def fraction(self) -> float | None:
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True)
class Days:
    """An average number of days, one decimal (None: nothing to average)."""

    value: float | None


@dataclass(frozen=True)
class Percent:
    """A percentage already computed, with the decimals its table prints (None: nothing to divide by)."""

    value: float | None
    decimals: int = 1


Cell = str | int | Share | Days | Percent | date | None


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, int):
        return dutch.integer(cell)
    if isinstance(cell, Share):
        return dutch.percent(cell.part, cell.whole)
    if isinstance(cell, Days):
        return "–" if cell.value is None else dutch.decimal(cell.value)
    if isinstance(cell, Percent):
        return "–" if cell.value is None else f"{dutch.decimal(cell.value, cell.decimals)}%"
    if isinstance(cell, date):
        return format_date(cell)
    return cell


@dataclass(frozen=True)
class Chart:
    """Bars to draw with a table: one group per category (a month), one bar per series.

    ``axis`` says where the table holds them: "rows" (a category per row, a series per column in
    ``columns``) or "columns" (a category per column in ``columns``, a series per row);
    ``columns`` index the table's cells after the label, so a spreadsheet can chart the cells.
    """

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, one value per category)
    axis: str = "rows"
    columns: tuple[int, ...] = ()
    unit: str = ""  # "dagen" for lead times, "" for counts


@dataclass(frozen=True)
class Table:
    key: str  # stable name: "categories", "channels", ... ("chapter-<id>" for the chapter's own)
    title: str
    short: str  # at most 31 characters: a tab label, a spreadsheet's sheet name
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None  # the totals row, shown last
    note: str = ""  # how to read the table, shown under it
    chart: Chart | None = None  # a chart the published chapter shows with it
    levels: tuple[int, ...] = ()  # per row: 1 for a sub-category under its category (empty: all 0)

    @property
    def body(self) -> tuple[tuple[Cell, ...], ...]:
        """The rows, then the totals row."""
        return self.rows + ((self.total,) if self.total is not None else ())


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    text: tuple[str, ...]  # paragraphs before the tables
    tables: tuple[Table, ...]


TOTAL = "Totaal"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def month_label(month: str) -> str:
    """"2023-01" -> "januari 2023"."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def quarter_label(quarter: str) -> str:
    """"2023-Q1" -> "Q1 2023"."""
    year, q = quarter.split("-")
    return f"{q} {year}"


def _comparison(key: str, title: str, short: str, first: str, breakdown: Breakdown) -> Table:
    header = [first]
    for period in breakdown.periods:
        header += [period.label, "%"]
    totals = breakdown.totals

    def cells(counts: tuple[int, ...]) -> tuple[Cell, ...]:
        row: list[Cell] = []
        for n, whole in zip(counts, totals, strict=True):
            row += [n, Share(n, whole)]
        return tuple(row)

    return Table(
        key=key, title=title, short=short, header=tuple(header),
        rows=tuple((label, *cells(counts)) for label, counts in zip(breakdown.labels, breakdown.counts, strict=True)),
        total=(TOTAL, *cells(totals)),
    )


def _overview(summary: Summary) -> Section:
    table = _comparison("types", "Zaken per aard", "Per aard", "Aard", summary.by_type)
    return Section("overview", "Overzicht", (overview_text(summary),), (table,))


def category_table(summary: Summary) -> Table:
    """Complaints per category and final qualification, as the published tables show it."""
    table = summary.categories
    used = [i for i, n in enumerate(table.totals) if n]  # the published tables leave out empty columns
    return Table(
        key="categories", title="Klachten per categorie en eindkwalificatie", short="Categorie en kwalificatie",
        header=("Categorie", "Aantal", *(table.outcomes[i].label for i in used)),
        rows=tuple((row.category, row.total, *(row.counts[i] for i in used)) for row in table.rows),
        total=(TOTAL, table.total, *(table.totals[i] for i in used)),
    )


def _categories(summary: Summary) -> Section:
    types = dutch.join([dutch.lower_first(t) for t in summary.complaint_types], last="of")
    text = (f"De zaken van het type {types}, per categorie en eindkwalificatie. Elke categorie staat erin, "
            "ook zonder klachten.") if types else "Geen enkel type van de organisatie telt als klacht."
    return Section("categories", "Klachten per categorie en eindkwalificatie", (text,), (category_table(summary),))


def _channels(summary: Summary) -> Section:
    table = _comparison("channels", "Zaken per kanaal", "Kanalen", "Kanaal", summary.by_channel)
    return Section("channels", "Kanalen", (), (table,))


def _months(summary: Summary) -> Section:
    months = summary.months
    received = sum(row.received for row in months.rows)
    tables = [Table(
        key="months", title="Nieuw en afgesloten per maand", short="Per maand",
        header=("Maand", "Ontvangen", "%", "Afgesloten"),
        rows=tuple((month_label(r.month), r.received, Share(r.received, received), r.closed) for r in months.rows),
        total=(TOTAL, received, Share(received, received), sum(r.closed for r in months.rows)),
        note="Afgesloten: zaken die in die maand beantwoord werden, ook als ze vroeger binnenkwamen.",
    )]
    if months.entities:
        per_entity = tuple(sum(r.by_entity[i] for r in months.rows) for i in range(len(months.entities)))
        tables.append(Table(
            key="entities", title="Per entiteit per maand", short="Per entiteit per maand",
            header=("Maand", *months.entities, TOTAL),
            rows=tuple((month_label(r.month), *r.by_entity, r.received) for r in months.rows),
            total=(TOTAL, *per_entity, received),
        ))
    tables.append(Table(
        key="quarters", title="Per kwartaal", short="Per kwartaal", header=("Kwartaal", "Ontvangen", "%"),
        rows=tuple((quarter_label(q), n, Share(n, received)) for q, n in months.quarters().items()),
        total=(TOTAL, received, Share(received, received)),
    ))
    return Section("months", "Per maand en per kwartaal", (), tuple(tables))


def _timeliness_cells(t: Timeliness) -> tuple[Cell, ...]:
    within: list[Cell] = []
    for n in t.within:
        within += [n, Share(n, t.closed)]
    return (t.type, t.count, t.closed, t.on_time, t.late, Share(t.on_time, t.closed), t.open_overdue,
            Days(t.avg_lead_days), *within)


def _timeliness(summary: Summary) -> Section:
    header = ["Aard", "Ontvangen", "Afgesloten", "Op tijd", "Te laat", "% op tijd", "Open, termijn verstreken",
              "Gem. doorlooptijd (dagen)"]
    for days in summary.thresholds:
        header += [f"Binnen {days} dagen", "%"]
    text = (f"Op tijd: beantwoord binnen de termijn (met verlenging). Open, termijn verstreken: nog niet "
            f"beantwoord en over de termijn op {format_date(summary.today)}. De doorlooptijd telt de "
            "kalenderdagen van ontvangst tot antwoord, zonder sluitingsdagen; het gemiddelde en de "
            "aandelen gaan over de afgesloten zaken.")
    table = Table(
        key="timeliness", title="Tijdigheid per aard", short="Tijdigheid", header=tuple(header),
        rows=tuple(_timeliness_cells(t) for t in summary.timeliness),
        total=_timeliness_cells(summary.timeliness_total),
    )
    return Section("timeliness", "Tijdigheid", (text,), (table,))


def _admissible(summary: Summary) -> Table:
    adm, total = summary.admissibility, summary.categories.total
    rows: list[tuple[Cell, ...]] = [("Ontvankelijk", adm.admissible, Share(adm.admissible, total)),
                                    ("Niet ontvankelijk", adm.not_admissible, Share(adm.not_admissible, total))]
    if adm.unchecked:
        rows.append(("Nog niet beoordeeld", adm.unchecked, Share(adm.unchecked, total)))
    return Table(
        key="admissibility", title="Ontvankelijke en niet-ontvankelijke klachten", short="Ontvankelijkheid",
        header=("Ontvankelijkheid", "Aantal", "%"), rows=tuple(rows), total=(TOTAL, total, Share(total, total)),
    )


def _reasons(summary: Summary) -> Table:
    adm = summary.admissibility
    return Table(
        key="reasons", title="Niet ontvankelijk, per reden", short="Niet ontvankelijk per reden",
        header=("Reden", "Aantal", "%"),
        rows=tuple((reason, n, Share(n, adm.not_admissible)) for reason, n in adm.reasons),
        total=(TOTAL, adm.not_admissible, Share(adm.not_admissible, adm.not_admissible)),
    )


def _founded(summary: Summary) -> Table:
    """Founded, and where the organisation uses it partly founded, complaints per category."""
    table = summary.categories
    partly = any(o.founded == "deels" for o in table.outcomes)

    def cells(label: str, total: int, founded: int, partly_founded: int) -> tuple[Cell, ...]:
        middle = (founded, partly_founded) if partly else (founded,)
        return (label, total, *middle, Share(founded + partly_founded, total))

    rows = [cells(row.category, row.total, table.founded(row, "ja"), table.founded(row, "deels"))
            for row in table.rows]
    all_founded = sum(table.founded(row, "ja") for row in table.rows)
    all_partly = sum(table.founded(row, "deels") for row in table.rows)
    header = ("Categorie", "Klachten", "Gegrond", "Deels gegrond", "% (deels) gegrond") if partly \
        else ("Categorie", "Klachten", "Gegrond", "% gegrond")
    return Table(
        key="founded", title="Gegronde klachten per categorie", short="Gegrond per categorie",
        header=header, rows=tuple(rows), total=cells(TOTAL, table.total, all_founded, all_partly),
    )


def _repeated(summary: Summary) -> Table:
    table = summary.categories
    return Table(
        key="repeated", title="Herhaalde klachten per categorie", short="Herhaald per categorie",
        header=("Categorie", "Klachten", "Herhaald", "%"),
        rows=tuple((row.category, row.total, row.repeated, Share(row.repeated, row.total)) for row in table.rows),
        total=(TOTAL, table.total, table.repeated, Share(table.repeated, table.total)),
        note="Herhaald: een klacht die gekoppeld is aan een eerdere zaak over hetzelfde.",
    )


def _admissibility(summary: Summary) -> Section:
    tables = (_admissible(summary), _reasons(summary), _founded(summary), _repeated(summary))
    return Section("admissibility", "Ontvankelijkheid", (), tables)


def _extra_actions(summary: Summary) -> Section:
    actions = summary.extra_actions
    if not actions:
        return Section("extra_actions", "Extra acties",
                       ("Er zijn geen extra acties bij de zaken van deze periode.",), ())
    done = sum(1 for a in actions if a.done)
    table = Table(
        key="extra_actions", title="Extra acties", short="Extra acties",
        header=("Referentie", "Ontvangen", "Titel", "Categorie", "Extra actie", "Uitgevoerd op"),
        rows=tuple((a.reference, a.received, a.title, a.category, a.action, a.done or "nog niet") for a in actions),
        note=f"{dutch.integer(done)} van {dutch.integer(len(actions))} uitgevoerd.",
    )
    return Section("extra_actions", "Extra acties", (), (table,))


def _chapter_cells(table: ChapterTable, cells: tuple[int | float | None, ...]) -> tuple[Cell, ...]:
    found: list[Cell] = []
    for column, value in zip(table.columns, cells, strict=True):
        if column.kind == "share":
            found.append(Percent(value, column.decimals))
        elif column.kind == "lead_time":
            found.append(Days(value))
        else:
            found.append(None if value is None else int(value))
    return tuple(found)


def _chart(table: ChapterTable) -> Chart | None:
    """The bars of a chapter table that asks for a chart: along its rows or its columns, the
    count and lead-time columns (a split's total column and the shares left out)."""
    if not table.chart:
        return None
    drawn = [i for i, c in enumerate(table.columns) if c.kind != "share" and not c.total]
    if not drawn:
        return None
    unit = "dagen" if all(table.columns[i].kind == "lead_time" for i in drawn) else ""

    def number(value: int | float | None) -> float:
        return float(value or 0)

    if table.chart == "rows":
        categories = tuple(row.label for row in table.rows)
        series = tuple((table.columns[i].label, tuple(number(row.cells[i]) for row in table.rows)) for i in drawn)
    else:
        categories = tuple(table.columns[i].label for i in drawn)
        series = tuple((row.label, tuple(number(row.cells[i]) for i in drawn)) for row in table.rows)
    return Chart(categories, series, table.chart, tuple(drawn), unit)


def chapter_table(table: ChapterTable) -> Table:
    """One of the organisation's own tables, as its chapter publishes it."""
    return Table(
        key=f"chapter-{table.id}", title=table.title, short=table.id.replace("_", " ")[:31],
        header=(table.heading, *(c.label for c in table.columns)),
        rows=tuple((row.label, *_chapter_cells(table, row.cells)) for row in table.rows),
        total=(table.total.label, *_chapter_cells(table, table.total.cells)) if table.total is not None else None,
        note=table.note, chart=_chart(table), levels=tuple(row.level for row in table.rows),
    )


CHAPTER_TITLE = "Tabellen van het hoofdstuk"


def chapter_section(summary: Summary) -> Section:
    """The organisation's own tables (its preset's chapter), in the preset's order."""
    if not summary.chapter:
        return Section("chapter", CHAPTER_TITLE, (
            "Het preset van deze organisatie beschrijft geen eigen tabellen. Voeg ze toe met [[tables]] "
            "(zie README, \"Chapter tables\").",), ())
    return Section("chapter", CHAPTER_TITLE, (), tuple(chapter_table(t) for t in summary.chapter))


def report_sections(summary: Summary) -> tuple[Section, ...]:
    """Every section of the report but the narrative, in the chapter's order: the overview, the
    organisation's own tables (its preset's chapter), then the figures every desk keeps."""
    return (
        _overview(summary),
        chapter_section(summary),
        _categories(summary),
        _channels(summary),
        _months(summary),
        _timeliness(summary),
        _admissibility(summary),
        _extra_actions(summary),
    )


def all_tables(summary: Summary) -> tuple[Table, ...]:
    return tuple(table for section in report_sections(summary) for table in section.tables)
