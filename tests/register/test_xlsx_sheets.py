"""An xlsx register: the sheet the user sees is imported, other sheets with data are named,
and a cell is what Excel last computed, or refused naming the cell."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from engine_params import both_engines
from openpyxl import Workbook
from sqlalchemy import text

from klachtendesk.presets import load_preset
from klachtendesk.register.importer import ImportFailed, import_register
from klachtendesk.store.database import Store

sys.path.insert(0, str(Path(__file__).parent.parent / "cli"))
from process import run  # noqa: E402

pytestmark = both_engines

HEADER = ["ontvangen", "type", "titel"]


def titles(store):
    with store.sessions.read() as session:
        return [r[0] for r in session.execute(text("SELECT title FROM case_file ORDER BY id")).all()]


def workbook(path, sheets, *, active=None, hidden=()):
    """``sheets``: name -> rows (the first the header)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    if active is not None:
        book.active = list(sheets).index(active)
    book.save(path)
    return path


def test_the_active_visible_sheet_is_imported_not_a_hidden_first_one(brandweer, tmp_path):
    path = workbook(tmp_path / "r.xlsx", {
        "Oud": [HEADER, ["6/6/2022", "Klacht", "Verborgen oude zaak"]],
        "Register": [HEADER, ["6/6/2023", "Klacht", "Zichtbare zaak"]],
        "Toelichting": [["Ingevuld door Els"]],
    }, active="Register", hidden=("Oud",))
    result = import_register(brandweer, path, user="Els")
    assert titles(brandweer) == ["Zichtbare zaak"]
    assert any("'Oud' (verborgen) bevat ook gegevens" in w and '--sheet "Oud"' in w for w in result.warnings)
    assert any("'Toelichting' bevat ook gegevens" in w for w in result.warnings)


def test_sheet_names_the_sheet_hidden_or_not(brandweer, tmp_path):
    path = workbook(tmp_path / "r.xlsx", {
        "Oud": [HEADER, ["6/6/2022", "Klacht", "Verborgen oude zaak"]],
        "Register": [HEADER, ["6/6/2023", "Klacht", "Zichtbare zaak"]],
    }, active="Register", hidden=("Oud",))
    assert import_register(brandweer, path, user="Els", sheet_name="oud").created == 1
    assert titles(brandweer) == ["Verborgen oude zaak"]


def test_two_visible_registers_are_refused_with_sheet_as_the_way_out(store_location, tmp_path):
    workbook(tmp_path / "r.xlsx", {
        "2023": [HEADER, ["6/6/2023", "Klacht", "Zaak 2023"]],
        "2024": [HEADER, ["6/6/2024", "Klacht", "Zaak 2024"]],
    }, active="2024")
    Store.create(store_location, load_preset("brandweer")).close()
    db = str(store_location)
    result = run("import", "r.xlsx", "--db", db, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "klachtendesk: r.xlsx heeft meer dan één blad met een register ('2023', '2024'): kies er een met --sheet NAAM.")
    result = run("import", "r.xlsx", "--sheet", "2023", "--db", db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 zaak geïmporteerd."


def test_a_cover_sheet_as_active_sheet_imports_the_one_register(brandweer, tmp_path):
    path = workbook(tmp_path / "r.xlsx", {
        "Uitleg": [["Dit is het register van 2023."]],
        "Register": [HEADER, ["6/6/2023", "Klacht", "De zaak"]],
    }, active="Uitleg")
    result = import_register(brandweer, path, user="Els")
    assert titles(brandweer) == ["De zaak"]
    assert "het actieve blad 'Uitleg' is geen register; het blad 'Register' wordt geïmporteerd." in result.warnings


def test_a_formula_without_a_cached_value_is_refused_naming_the_cell(brandweer, tmp_path):
    """openpyxl, like many scripts, writes formulas without computing them."""
    path = workbook(tmp_path / "r.xlsx", {"Register": [
        HEADER + ["ontvangstmelding"],
        ["6/6/2023", "Klacht", "Goed", ""],
        ["=DATE(2023,6,6)", "Klacht", "Berekend", "=A3+1"],
        ["6/6/2023", "Klacht", "#REF!", ""],
    ]})
    with pytest.raises(ImportFailed) as failed:
        import_register(brandweer, path, user="Els")
    errors = {(e.line, e.column): e.reason for e in failed.value.result.errors}
    assert set(errors) == {(3, "ontvangen"), (4, "titel")}
    assert errors[(3, "ontvangen")].startswith("de cel A3 bevat een formule (=DATE(2023,6,6)) zonder berekende waarde")
    assert "de cel C4 bevat een foutwaarde (#REF!)" in errors[(4, "titel")]
    assert titles(brandweer) == []


def test_a_value_under_no_header_is_refused_naming_the_column(brandweer, tmp_path):
    path = workbook(tmp_path / "r.xlsx", {"Register": [
        HEADER, ["6/6/2023", "Klacht", "Goed"], ["6/6/2023", "Klacht", "Met notitie", None, "bel terug"]]})
    with pytest.raises(ImportFailed) as failed:
        import_register(brandweer, path, user="Els")
    [error] = failed.value.result.errors
    assert (error.line, error.column) == (3, "E")
    assert "'bel terug'" in error.reason


def test_a_formula_with_its_cached_value_imports_the_value(brandweer, tmp_path):
    """As Excel saves it: the formula and the value it last computed."""
    import zipfile

    written = workbook(tmp_path / "w.xlsx", {"Register": [HEADER, ["6/6/2023", "Klacht", '=UPPER("zaak")']]})
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="C2"><f>UPPER("zaak")</f><v></v></c>',
                                    b'<c r="C2" t="str"><f>UPPER("zaak")</f><v>ZAAK</v></c>')
                assert b"<v>ZAAK</v>" in data
            target.writestr(item, data)
    assert import_register(brandweer, path, user="Els").created == 1
    assert titles(brandweer) == ["ZAAK"]
