"""Every hostile string through the CLI import, from CSV and from an xlsx written the way
Excel writes it: no traceback, nothing terminal-active printed, the text stored is what the
user meant, bad rows refused with a Dutch reason and nothing written, and our own export
(formulas neutralised) imports back as the same text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from engine_params import both_engines, sqlite_only
from excel_files import write_excel_xlsx
from hostile import HOSTILE_STRINGS, Hostile
from openpyxl import load_workbook
from trust_helpers import assert_inert, query, run_cli

from klachtendesk.presets import load_preset
from klachtendesk.sheets.formulas import TRIGGERS
from klachtendesk.store.database import Store

HEADER = ["referentie", "ontvangen", "type", "titel", "omschrijving", "argumentatie", "melder",
          "melder_adres", "kwalificatie", "verlenging_dagen", "verlenging_reden"]

# Documented rules that make a file's cell differ from what a form would store:
# - CSV: an apostrophe before a formula character is our export's neutraliser and is
#   removed on import (README, "Import and export");
# - Excel: openpyxl drops the "_x005F_" that protects a literal "_x001B_", which then
#   reads as the escaped ESC character.
_CSV_READS = {"formula-quoted": "=al beschermd"}
_EXCEL_READS = {"ooxml-escape-literal": "_x0041_ blijft"}


def _good(h: Hostile) -> bool:
    return h.meant is not None and h.line is not None


def good_rows() -> list[list[str]]:
    rows = []
    for i, h in enumerate(HOSTILE_STRINGS):
        if not _good(h):
            continue
        received = h.text if h.field == "date" and h.accepts else "6/6/2023"
        qualification = h.text if h.field == "label" and h.accepts else ""
        title = h.text if h.line else f"Zaak {h.id}"
        rows.append([f"H-{i:03d}", received, "Klacht", title, h.text, h.text, h.text, h.text,
                     qualification, "", ""])
    return rows


def bad_rows() -> list[tuple[list[str], str, str]]:
    """(row, the column it must be refused in, a word of the Dutch reason)."""
    rows = []

    def row(**cells: str) -> list[str]:
        base = {"ontvangen": "6/6/2023", "type": "Klacht", "titel": "Goede titel"}
        base.update(cells)
        return [base.get(column, "") for column in HEADER]

    for h in HOSTILE_STRINGS:
        if h.meant is None:
            rows.append((row(omschrijving=h.text), "omschrijving", "te lang"))
        elif h.line is None:
            rows.append((row(titel=h.text), "titel", "te lang"))
        elif h.field == "date" and h.accepts is None:
            rows.append((row(ontvangen=h.text), "ontvangen", ""))
        elif h.field == "days":
            rows.append((row(verlenging_dagen=h.text, verlenging_reden="wachten op verslag"),
                         "verlenging_dagen", ""))
        elif h.field == "label" and h.accepts is None:
            rows.append((row(kwalificatie=h.text), "kwalificatie", "onbekende waarde"))
    # A CSV error names the line where its row starts: rows spanning lines go last.
    return sorted(rows, key=lambda item: any("\n" in cell for cell in item[0]))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([HEADER, *rows])
    # surrogatepass: a lone surrogate is written as the bytes a broken exporter leaves.
    path.write_bytes(buffer.getvalue().encode("utf-8-sig", "surrogatepass"))
    return path


def write_file(kind: str, path: Path, rows: list[list[str]]) -> Path:
    return write_csv(path, rows) if kind == "csv" else write_excel_xlsx(path, [HEADER, *rows])


pytestmark = both_engines


def init_store(folder: Path, name: str = "b.db") -> Path:
    Store.create(folder / name, load_preset("brandweer")).close()
    return folder / name


@pytest.fixture
def db(store_location) -> str:
    """A new brandweer store on the test's engine, as --db names it."""
    Store.create(store_location, load_preset("brandweer")).close()
    return str(store_location)


CASES_SQL = """
    SELECT c.reference, c.received, c.title, c.description, c.motivation, c.complainant_name,
           c.complainant_address, coalesce(q.label, '')
    FROM case_file c LEFT JOIN qualification q ON q.id = c.qualification_id ORDER BY c.reference"""


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_hostile_strings_are_stored_as_meant(tmp_path, kind, db):
    path = write_file(kind, tmp_path / f"hostile.{kind}", good_rows())
    result = run_cli("import", path.name, "--db", db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    assert_inert(result.stdout + result.stderr)
    stored = {row[0]: row[1:] for row in query(db, CASES_SQL)}
    reads = _CSV_READS if kind == "csv" else _EXCEL_READS
    checked = 0
    for i, h in enumerate(HOSTILE_STRINGS):
        if not _good(h):
            continue
        meant = reads.get(h.id, h.meant)
        line = reads.get(h.id, h.line)
        received, title, description, motivation, name, address, qualification = stored[f"H-{i:03d}"]
        assert (description, motivation) == (meant, meant), h.id
        assert (name, address) == (line, line), h.id
        assert title == (line if h.line else f"Zaak {h.id}"), h.id
        assert received == (h.accepts if h.field == "date" and h.accepts else "2023-06-06"), h.id
        assert qualification == (h.accepts if h.field == "label" and h.accepts else ""), h.id
        checked += 1
    assert checked == len(stored) >= 80


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_bad_rows_are_refused_with_dutch_reasons_and_nothing_is_written(tmp_path, kind, db):
    bad = bad_rows()
    rows = [r for r, _, _ in bad] + [["", "6/6/2023", "Klacht", "Een goede rij"] + [""] * 7]
    path = write_file(kind, tmp_path / f"bad.{kind}", rows)
    result = run_cli("import", path.name, "--db", db, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr.decode()
    assert_inert(result.stdout + result.stderr)
    assert "er is niets geïmporteerd" in result.stderr.decode()
    out = result.stdout.decode()
    assert len(out) < 30_000  # a megabyte cell is not echoed back
    listed = {}
    for text in out.splitlines():
        if text.startswith(f"{path.name}, regel "):
            where, reason = text.split(": ", 1)
            _, line, column = where.split(", ")
            listed[(int(line.split()[1]), column.split()[1])] = reason
    for number, (_, column, word) in enumerate(bad, start=2):
        assert (number, column) in listed, (number, column, out[:2000])
        assert word in listed[(number, column)]
    assert len({line for line, _ in listed}) == len(bad)  # the good row is not blamed
    assert query(db, "SELECT count(*) FROM case_file") == [(0,)]


@sqlite_only  # the reasons come from the rows, before any store is touched
def test_reasons_for_dates_and_days_say_what_is_wrong(tmp_path):
    db = init_store(tmp_path)
    rows = [r for r, column, _ in bad_rows() if column in ("ontvangen", "verlenging_dagen")]
    path = write_csv(tmp_path / "datums.csv", rows)
    out = run_cli("import", path.name, "--db", db.name, cwd=tmp_path).stdout.decode()
    assert "31/2/2023 bestaat niet" in out
    assert "Het jaar 9999 valt buiten 1900–2199" in out
    assert "Het jaar 1899 valt buiten" in out
    assert "De ontvangstdatum ligt in de toekomst" in out
    assert "'45083' is geen datum" in out
    assert "Een verlenging kan niet negatief zijn" in out
    assert "'2,5' is geen geheel getal" in out


@sqlite_only
def test_our_export_neutralises_formulas_and_imports_back_as_the_same_text(tmp_path):
    db = init_store(tmp_path)
    write_csv(tmp_path / "in.csv", good_rows())
    assert run_cli("import", "in.csv", "--db", db.name, cwd=tmp_path).returncode == 0
    original = query(db, CASES_SQL)
    for kind in ("csv", "xlsx"):
        result = run_cli("export", f"out.{kind}", "--db", db.name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        fresh = init_store(tmp_path, f"fresh-{kind}.db")
        result = run_cli("import", f"out.{kind}", "--db", fresh.name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr.decode()
        assert query(fresh, CASES_SQL) == original, kind
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle, delimiter=";") for cell in row]
    assert any(cell.startswith("'=") for cell in cells)
    assert not [cell for cell in cells if cell.startswith(TRIGGERS)]
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    formula_like = [c for row in sheet.iter_rows(min_row=2) for c in row
                    if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
    assert formula_like and all(c.data_type == "s" for c in formula_like)
