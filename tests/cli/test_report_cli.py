"""`klachtendesk report` as a user runs it: a separate process, output re-read."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from openpyxl import load_workbook
from process import run

DEMO_CHANNELS = {"Algemeen e-mailadres": 7, "Klantenmanagement stad": 2, "Zonecommandant": 2,
                 "Kabinet burgemeester": 1, "Sociale media": 1, "Via ombudsvrouw": 0}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    result = run("demo", "--db", "demo.db", "--no-tui", "--today", "2026-11-27", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


def report(folder, *args):
    return run("report", "--db", "demo.db", "--today", "2026-11-27", "--user", "Els Peeters", *args, cwd=folder)


def test_json_to_standard_output(demo_dir):
    result = report(demo_dir, "--year", "2023", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == 13 and data["by_channel"] == DEMO_CHANNELS
    assert data["complaints"]["by_qualification"] == {"Gegrond": 5, "Ongegrond": 6, "Betwist": 1,
                                                      "Niet ontvankelijk – onbevoegd": 1}


def test_a_period_in_belgian_dates(demo_dir):
    result = report(demo_dir, "--from", "1/6/2023", "--to", "30-06-2023", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"] == {"from": "2023-06-01", "to": "2023-06-30"}
    assert data["total"] == 3  # 6/6 (twice) and 22/6


def test_csv_to_standard_output_reads_back(demo_dir):
    result = report(demo_dir, "--year", "2023", "--format", "csv")
    assert result.returncode == 0
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["Categorie", "Aantal", "Gegrond", "Ongegrond", "Betwist", "Niet ontvankelijk – onbevoegd"]
    assert rows[2] == ["Dienstverlening", "6", "2", "4", "0", "0"]
    assert rows[-1] == ["Totaal", "13", "5", "6", "1", "1"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_chapters_to_standard_output(demo_dir, fmt):
    result = report(demo_dir, "--year", "2023", "--format", fmt)
    assert result.returncode == 0
    assert "We kregen in 2023 twee klachten over overlast, allebei ongegrond." in result.stdout
    assert "Zes daarvan hadden betrekking op dienstverlening, waarvan twee gegrond." in result.stdout


def test_xlsx_to_a_file_and_the_export_is_logged(demo_dir):
    result = report(demo_dir, "--year", "2023", "--format", "xlsx", "-o", "rapport.xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Rapport 2023 (xlsx) geschreven naar rapport.xlsx."
    sheet = load_workbook(demo_dir / "rapport.xlsx")["Kanalen"]
    assert {row[0]: row[5] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] != "Totaal"} \
        == DEMO_CHANNELS
    with sqlite3.connect(demo_dir / "demo.db") as conn:
        events = conn.execute("SELECT user, note FROM event WHERE kind = 'exported' ORDER BY id").fetchall()
    assert ("Els Peeters", "Rapport 2023 (xlsx) geëxporteerd naar een bestand") in events


@pytest.mark.parametrize(("args", "message"), [
    (("--year", "2023"), "Het formaat ontbreekt: kies --format json, md, html, csv of xlsx."),
    (("--year", "2023", "--format", "pdf"), "Het formaat 'pdf' kent klachtendesk niet"),
    (("--format", "json"), "Kies een periode: --year JAAR, of --from DATUM --to DATUM."),
    (("--year", "2023", "--from", "1/1/2023", "--to", "1/2/2023", "--format", "json"), "niet allebei"),
    (("--from", "1/1/2023", "--format", "json"), "geef --from DATUM en --to DATUM"),
    (("--year", "twintig", "--format", "json"), "'twintig' is geen jaar"),
    (("--from", "31/2/2023", "--to", "1/3/2023", "--format", "json"), "31/2/2023 bestaat niet"),
    (("--from", "1/3/2023", "--to", "1/2/2023", "--format", "json"), "ligt vóór de begindatum"),
    (("--year", "2023", "--format", "xlsx"), "Een xlsx-bestand kan niet op het scherm"),
    (("--year", "2023", "--format", "md", "-o", "nergens/r.md"), "De map nergens bestaat niet."),
])
def test_errors_are_one_dutch_line_without_traceback(demo_dir, args, message):
    result = report(demo_dir, *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_a_missing_store_is_one_dutch_line(tmp_path):
    result = run("report", "--db", "ontbreekt.db", "--year", "2023", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert "Er is nog geen databank" in result.stderr and "Traceback" not in result.stderr


def test_one_chapter_table_as_csv(demo_dir):
    result = report(demo_dir, "--year", "2023", "--table", "trefwoord_kwalificatie")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["Trefwoord", "n", "Gegrond", "Ongegrond", "Niet ontvankelijk – onbevoegd", "Betwist"]
    assert rows[2] == ["Dienstverlening", "6", "2", "4", "0", "0"]
    assert rows[-1] == ["Totaal", "13", "5", "6", "1", "1"]


@pytest.mark.parametrize(("args", "message"), [
    (("--table", "kanalen"), "Het hoofdstuk heeft geen tabel 'kanalen'. Kies uit: trefwoord_kwalificatie, bron."),
    (("--table", "bron", "--format", "json"), "Eén tabel (--table) schrijft klachtendesk als csv"),
])
def test_a_wrong_table_is_one_dutch_line(demo_dir, args, message):
    result = report(demo_dir, "--year", "2023", *args)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
