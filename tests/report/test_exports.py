"""Every export format, re-read: the demo's published figures must survive each one."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from html.parser import HTMLParser

import pytest
from engine_params import both_engines
from fire_zone_2023 import PUBLISHED, PUBLISHED_CHANNELS, PUBLISHED_TOTALS
from openpyxl import load_workbook
from sqlmodel import select

from klachtendesk.report import compute_summary, year_period
from klachtendesk.report.export import FORMATS, export_report, render
from klachtendesk.store.models import Category, Event

pytestmark = both_engines

TODAY = date(2026, 11, 27)
QUALIFICATION_COLUMNS = ["Gegrond", "Ongegrond", "Betwist", "Niet ontvankelijk – onbevoegd"]
CATEGORY_HEADER = ["Categorie", "Aantal", *QUALIFICATION_COLUMNS]


def published_rows() -> list[list[str]]:
    """The §6 table as text rows: category, total, one cell per qualification column, then the totals."""
    rows = [[cat, str(sum(q.values())), *(str(q.get(col, 0)) for col in QUALIFICATION_COLUMNS)]
            for cat, q in PUBLISHED.items()]
    return rows + [["Totaal", "13", *(str(PUBLISHED_TOTALS[col]) for col in QUALIFICATION_COLUMNS)]]


@pytest.fixture
def summary(demo):
    period = year_period(demo.settings, 2023)
    return compute_summary(demo, period.start, period.end, TODAY)


# -- json -------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [2023, 2026])
def test_json_is_the_same_when_only_its_figures_are_computed(demo, year):
    """`report --format json` skips the narrative and the detail tables; its figures do not change."""
    period = year_period(demo.settings, year)
    full = compute_summary(demo, period.start, period.end, TODAY)
    lean = compute_summary(demo, period.start, period.end, TODAY, full=False)
    assert render(lean, "json") == render(full, "json")
    assert lean.narrative == () and full.narrative

def test_json_has_exactly_the_issue_shape(summary):
    data = json.loads(render(summary, "json"))
    assert list(data) == ["organisation", "period", "total", "by_type", "by_channel", "by_month", "by_quarter",
                          "complaints", "timeliness", "tables"]
    assert data["organisation"] == "Brandweer Zone Antwerpen"
    assert data["period"] == {"from": "2023-01-01", "to": "2023-12-31"}
    assert data["total"] == 13
    assert data["by_type"] == {"Klacht": 13}
    assert data["by_channel"] == PUBLISHED_CHANNELS
    assert list(data["by_channel"]) == list(PUBLISHED_CHANNELS)  # the organisation's order
    assert list(data["by_month"]) == [f"2023-{m:02d}" for m in range(1, 13)]
    assert data["by_month"]["2023-06"] == 3 and data["by_month"]["2023-02"] == 0
    assert data["by_quarter"] == {"2023-Q1": 2, "2023-Q2": 6, "2023-Q3": 3, "2023-Q4": 2}

    complaints = data["complaints"]
    assert list(complaints) == ["total", "admissible", "not_admissible", "repeated", "via_ombudsperson",
                                "by_qualification", "categories"]
    assert complaints["via_ombudsperson"] == 0
    assert (complaints["total"], complaints["admissible"], complaints["not_admissible"], complaints["repeated"]) \
        == (13, 12, 1, 0)
    assert complaints["by_qualification"] == {"Gegrond": 5, "Ongegrond": 6, "Betwist": 1,
                                              "Niet ontvankelijk – onbevoegd": 1}
    assert complaints["categories"] == [
        {"category": cat, "total": sum(q.values()), "repeated": 0, "by_qualification": q}
        for cat, q in PUBLISHED.items()
    ]
    assert data["timeliness"] == [{
        "type": "Klacht", "count": 13, "closed": 13, "on_time": 12, "late": 1, "open_overdue": 0,
        "avg_lead_days": 37.6, "within_14_days": 1, "within_20_days": 1,
    }]
    assert list(data["tables"]) == ["trefwoord_kwalificatie", "bron"]  # the fire zone's chapter
    for table in data["tables"].values():
        assert list(table) == ["title", "columns", "rows", "total"]
        assert all(list(row) == table["columns"] for row in table["rows"].values())
        assert list(table["total"]) == table["columns"]


def test_json_threshold_keys_follow_the_settings(make_store):
    store, cases = make_store("brandweer", lead_time_thresholds=(7, 30, 45))
    cases.add("2/1/2023", qualification="Ongegrond", answered="9/1/2023")
    summary = compute_summary(store, date(2023, 1, 1), date(2023, 12, 31), TODAY)
    (entry,) = json.loads(render(summary, "json"))["timeliness"]
    assert list(entry)[-3:] == ["within_7_days", "within_30_days", "within_45_days"]
    assert (entry["within_7_days"], entry["avg_lead_days"]) == (1, 7.0)


# -- csv --------------------------------------------------------------------------------------

def test_csv_is_the_published_table_with_semicolons_and_a_bom(summary):
    text = render(summary, "csv")
    assert text.startswith("\ufeffCategorie;Aantal;")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert rows[0] == CATEGORY_HEADER
    assert rows[1:] == published_rows()


def test_csv_neutralises_formulas_in_labels(demo):
    with demo.sessions.write() as session:
        session.add(Category(label="=HYPERLINK(\"http://x\")", position=99))
    demo.refresh()
    summary = compute_summary(demo, date(2023, 1, 1), date(2023, 12, 31), TODAY)
    rows = list(csv.reader(io.StringIO(render(summary, "csv").removeprefix("\ufeff")), delimiter=";"))
    assert ["'=HYPERLINK(\"http://x\")", "0", "0", "0", "0", "0"] in rows


# -- xlsx -------------------------------------------------------------------------------------

def _sheet_rows(workbook, name):
    return [list(row) for row in workbook[name].iter_rows(values_only=True)]


def test_xlsx_has_one_sheet_per_table_with_numbers(summary, tmp_path):
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(render(summary, "xlsx"))
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "Per aard", "trefwoord kwalificatie", "bron",  # the fire zone's chapter after the overview
        "Categorie en kwalificatie", "Kanalen", "Per maand", "Per kwartaal", "Tijdigheid",
        "Ontvankelijkheid", "Niet ontvankelijk per reden", "Gegrond per categorie", "Herhaald per categorie",
        "Extra acties"]
    categories = _sheet_rows(workbook, "Categorie en kwalificatie")
    assert categories[0] == CATEGORY_HEADER
    assert [[str(v) for v in row] for row in categories[1:]] == published_rows()
    assert all(isinstance(v, int) for row in categories[1:] for v in row[1:])  # numbers, not text
    channels = _sheet_rows(workbook, "Kanalen")
    assert channels[0] == ["Kanaal", "2021", "%", "2022", "%", "2023", "%"]
    assert {row[0]: row[5] for row in channels[1:-1]} == PUBLISHED_CHANNELS
    assert channels[-1][5] == 13
    share = workbook["Kanalen"].cell(row=2, column=7)
    assert share.value == pytest.approx(7 / 13) and share.number_format == "0.0%"
    timeliness = _sheet_rows(workbook, "Tijdigheid")
    assert timeliness[1][:8] == ["Klacht", 13, 13, 12, 1, pytest.approx(12 / 13), 0, 37.6]
    extra = _sheet_rows(workbook, "Extra acties")
    assert (extra[1][0], extra[1][1].date(), extra[1][2]) == ("2023-0005", date(2023, 5, 11),
                                                              "Geluidshinder door sirenes")
    assert workbook["Extra acties"].cell(row=2, column=2).number_format == "d/m/yyyy"


def test_xlsx_keeps_user_text_as_text(make_store, tmp_path):
    store, cases = make_store()
    cases.add("2/1/2023", title="=cmd|' /C calc'!A0", extra_action="+31 meer controles")
    summary = compute_summary(store, date(2023, 1, 1), date(2023, 12, 31), TODAY)
    path = tmp_path / "r.xlsx"
    path.write_bytes(render(summary, "xlsx"))
    sheet = load_workbook(path)["Extra acties"]
    assert sheet.cell(row=2, column=3).value == "=cmd|' /C calc'!A0"
    assert sheet.cell(row=2, column=3).data_type == "s"
    assert sheet.cell(row=2, column=5).data_type == "s"


# -- html -------------------------------------------------------------------------------------

class Chapter(HTMLParser):
    """Collects headings, paragraphs and tables (by data-key) as text."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.paragraphs: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.tags: list[str] = []
        self._text: list[str] | None = None
        self._table: str | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "table":
            self._table = dict(attrs)["data-key"]
            self.tables[self._table] = []
        elif tag == "tr":
            self._row = []
        if tag in ("h1", "h2", "h3", "h4", "p", "td", "th"):
            self._text = []

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4", "p", "td", "th") and self._text is not None:
            text = "".join(self._text).strip()
            if tag in ("td", "th"):
                self._row.append(text)
            elif tag == "p":
                self.paragraphs.append(text)
            else:
                self.headings.append((tag, text))
            self._text = None
        elif tag == "tr" and self._table:
            self.tables[self._table].append(self._row)
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def parse_html(text: str) -> Chapter:
    chapter = Chapter()
    chapter.feed(text)
    return chapter


def test_html_is_the_whole_chapter(summary):
    text = render(summary, "html")
    assert text.startswith("<!DOCTYPE html>")
    chapter = parse_html(text)
    assert chapter.tables["categories"][0] == CATEGORY_HEADER
    assert chapter.tables["categories"][1:] == published_rows()
    channels = {row[0]: row[5] for row in chapter.tables["channels"][1:-1]}
    assert channels == {k: str(v) for k, v in PUBLISHED_CHANNELS.items()}
    assert chapter.tables["channels"][1][6] == "53,8%"
    h2 = [text for tag, text in chapter.headings if tag == "h2"]
    assert h2 == ["Overzicht", "Tabellen van het hoofdstuk", "Klachten per categorie en eindkwalificatie",
                  "Kanalen", "Per maand en per kwartaal", "Tijdigheid", "Ontvankelijkheid", "Extra acties",
                  "De klachten in detail"]
    assert ("h1", "Brandweer Zone Antwerpen") in chapter.headings
    assert "We kregen in 2023 twee klachten over overlast, allebei ongegrond." in chapter.paragraphs
    assert ("Zes daarvan hadden betrekking op dienstverlening, waarvan twee gegrond."
            in chapter.paragraphs)
    assert ("h4", "6/6/2023 – Racistische uitspraken op Facebook door medewerker") in chapter.headings


def test_html_is_self_contained_and_prints_well(summary):
    text = render(summary, "html")
    chapter = parse_html(text)
    assert not {"script", "link", "img", "iframe"} & set(chapter.tags)
    assert "http://" not in text and "https://" not in text and "url(" not in text
    assert "@page" in text and "break-inside: avoid" in text and "page-break-before: always" in text


def test_html_escapes_user_text(make_store):
    store, cases = make_store()
    cases.add("2/1/2023", title="<script>alert(1)</script> & [b]vet[/b]", category="Overlast",
              qualification="Gegrond", answered="3/1/2023", description="<img src=x onerror=alert(1)>")
    summary = compute_summary(store, date(2023, 1, 1), date(2023, 12, 31), TODAY)
    text = render(summary, "html")
    assert "<script>" not in text and "<img" not in text
    chapter = parse_html(text)
    assert ("h4", "2/1/2023 – <script>alert(1)</script> & [b]vet[/b]") in chapter.headings
    assert "Klacht. <img src=x onerror=alert(1)>" in chapter.paragraphs


# -- markdown ---------------------------------------------------------------------------------

def _md_table_after(text: str, heading: str) -> list[list[str]]:
    lines = text.split(heading, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip().strip("*") for cell in line.strip("|").split(" | ")])
    return [rows[0]] + rows[2:]  # without the alignment row


def test_markdown_is_the_whole_chapter(summary):
    text = render(summary, "md")
    assert text.startswith("# Brandweer Zone Antwerpen\n")
    table = _md_table_after(text, "## Klachten per categorie en eindkwalificatie")
    assert [[c.strip() for c in row] for row in table] == [CATEGORY_HEADER, *published_rows()]
    channels = _md_table_after(text, "## Kanalen")
    assert {row[0]: row[5] for row in channels[1:-1]} == {k: str(v) for k, v in PUBLISHED_CHANNELS.items()}
    for heading in ("Overzicht", "Per maand en per kwartaal", "Tijdigheid", "Ontvankelijkheid", "Extra acties",
                    "De klachten in detail"):
        assert f"\n## {heading}\n" in text
    assert "\nWe kregen in 2023 twee klachten over overlast, allebei ongegrond.\n" in text
    assert "\nEén daarvan had betrekking op discriminatie en was gegrond.\n" in text
    assert "\n#### 10/11/2023 – Hoornaarploeg zonder ervaring\n" in text
    assert "\nDe klacht is niet ontvankelijk: onbevoegd.\n" in text


def test_markdown_escapes_user_text(make_store):
    store, cases = make_store()
    cases.add("2/1/2023", title="Boete | *dringend* <b>", category="Overlast", extra_action="[klik](http://x)",
              description="# geen kop\n- geen lijst")
    summary = compute_summary(store, date(2023, 1, 1), date(2023, 12, 31), TODAY)
    text = render(summary, "md")
    assert "Boete \\| \\*dringend\\* \\<b\\>" in text
    assert "\\[klik\\](http://x)" in text
    assert "**Klacht.** \\# geen kop\n\\- geen lijst" in text


# -- the export itself --------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_is_recorded_in_the_event_log(demo, summary, tmp_path, fmt):
    path = tmp_path / f"rapport.{fmt}"
    content = export_report(demo, summary, fmt, path, user="Els Peeters")
    written = path.read_bytes()
    assert written == (content if isinstance(content, bytes) else content.encode("utf-8"))
    with demo.sessions.read() as session:
        event = session.exec(select(Event).where(Event.kind == "exported")).one()
    assert (event.user, event.case_id) == ("Els Peeters", None)
    assert event.note == f"Rapport 2023 ({fmt}) geëxporteerd naar een bestand"  # not its name
