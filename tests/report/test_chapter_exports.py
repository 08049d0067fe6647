"""The chapter's tables in every format: numbers stay numbers, charts come along, nothing leaks."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from registers import Register

from klachtendesk.report import compute_summary, year_period
from klachtendesk.report.export import render

TODAY = date(2024, 3, 1)
ENTITIES = ("Zorgbedrijf Vlaanderen", "Zorgbedrijf Brasschaat", "Zorgbedrijf Antwerpen")


@pytest.fixture(scope="module")
def zorg(tmp_path_factory):
    """1.234 complaints of Zorgbedrijf Antwerpen in 2023, a few of the other entities."""
    from klachtendesk.presets import load_preset
    from klachtendesk.store.database import Store

    store = Store.create(tmp_path_factory.mktemp("zorg") / "zorg.db", load_preset("zorgbedrijf"), user="Test")
    register = Register(store)
    for i in range(1234):
        case = register.add(date(2023, 1, 1) + timedelta(days=i % 365), "Klacht", entity=ENTITIES[2],
                            category="Facturatie & debiteurenbeheer")
        register.answer_after(case, i % 30)
    for month in range(1, 13):
        register.add(date(2023, month, 3), "Melding", entity=ENTITIES[month % 2])
    register.write()
    period = year_period(store.settings, 2023)
    yield compute_summary(store, period.start, period.end, TODAY)
    store.close()


def test_markdown_prints_counts_of_a_thousand_and_more_without_a_backslash(zorg):
    text = render(zorg, "md")
    assert "\\1.234" not in text and "\\1" not in text
    assert "| Ingediend | " in text and " 1.246 |" in text  # 1.234 complaints and 12 reports in 2023


def test_html_draws_the_charts_inline(zorg):
    text = render(zorg, "html")
    assert text.count("<svg") >= 6  # per year, per entity, via the ombudsperson, lead time, not solved, new/closed
    assert "<script" not in text and "xlink:href" not in text and "http://www.w3.org/2000/svg" in text
    assert '<table data-key="chapter-entiteit_maand">' in text


def test_xlsx_gets_a_sheet_per_chapter_table_with_native_charts(zorg, tmp_path):
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(render(zorg, "xlsx"))
    workbook = load_workbook(path)
    assert workbook.sheetnames[1:10] == ["per jaar", "entiteit maand", "themas", "binnen 14 20", "ombuds maand",
                                       "doorlooptijd maand", "niet opgelost 14", "niet opgelost 20",
                                       "nieuw afgesloten"]
    rows = list(workbook["entiteit maand"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Entiteit", "jan", "feb")
    assert rows[3][0] == "Zorgbedrijf Antwerpen" and all(isinstance(v, int) for v in rows[3][1:])
    within = workbook["binnen 14 20"]
    assert within.cell(row=10, column=2).number_format == "0.00%"
    with zipfile.ZipFile(path) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == 7  # every table that asks for a chart


def test_csv_of_one_table_uses_a_decimal_comma(zorg):
    rows = list(csv.reader(io.StringIO(render(zorg, "csv", "binnen_14_20").removeprefix("\ufeff")),
                           delimiter=";"))
    assert rows[0] == ["Jaar", "binnen 14 dagen opgelost %", "binnen 20 dagen opgelost %"]
    assert rows[-1][0] == "2023" and "," in rows[-1][1] and "%" not in rows[-1][1]


def test_json_shares_and_averages_are_numbers(zorg):
    tables = json.loads(render(zorg, "json"))["tables"]
    row = tables["binnen_14_20"]["rows"]["2023"]
    assert all(isinstance(v, float) for v in row.values())
    assert tables["binnen_14_20"]["rows"]["2015"] == {"binnen 14 dagen opgelost %": None,
                                                       "binnen 20 dagen opgelost %": None}  # no cases: no share
