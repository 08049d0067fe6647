"""Importing and exporting the register: all or nothing, every wrong row named, round trips."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from engine_params import both_engines
from openpyxl import load_workbook
from sqlalchemy import text

from klachtendesk.presets import load_preset
from klachtendesk.register.exporter import export_register
from klachtendesk.register.importer import ImportFailed, import_register
from klachtendesk.store.database import Store

pytestmark = both_engines

HEADER = "referentie;ontvangen;type;kanaal;titel;melder;categorie;kwalificatie;afgesloten;antwoordkanaal"


def write(path, lines, encoding="utf-8-sig"):
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def count(store):
    with store.sessions.read() as session:
        return session.execute(text("SELECT count(*) FROM case_file")).scalar()


def test_semicolon_csv_with_bom_and_loose_labels(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [
        HEADER,
        ";6/6/2023;klacht;ALGEMEEN E-MAILADRES;Geen nazorg;An;dienstverlening;gegrond;14/7/2023;e-mail",
        ";10/9/2023;Klacht;Algemeen e-mailadres;Terrassen;Bo;Overig;Niet ontvankelijk - onbevoegd;18-09-2023;brief",
    ])
    result = import_register(brandweer, path, user="Els")
    assert result.created == 2
    with brandweer.sessions.read() as session:
        rows = session.execute(text(
            "SELECT c.reference, c.status, c.admissible, q.label FROM case_file c "
            "JOIN qualification q ON q.id = c.qualification_id ORDER BY c.reference")).all()
    assert rows == [("2023-0001", "closed", 1, "Gegrond"),
                    ("2023-0002", "closed", 0, "Niet ontvankelijk – onbevoegd")]


def test_comma_csv_without_bom(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [
        "ontvangen,type,titel", "2023-06-06,Klacht,Eerste", '06-06-2023,Klacht,"Tweede, met komma"'],
        encoding="utf-8")
    assert import_register(brandweer, path, user="Els").created == 2


def test_one_wrong_row_writes_nothing_and_every_error_is_listed(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [
        HEADER,
        ";6/6/2023;Klacht;;Goede rij;;;;;",
        ";31/02/2023;Klacht;;Foute datum;;;;;",
        ";6/6/2023;Vraag;;Onbekend type;;;;;",
        ";6/6/2023;Klacht;Fax;Onbekend kanaal;;;;;",
        ";6/6/2023;Klacht;;;;;;;",
        ";6/6/2023;Klacht;;Afgesloten zonder kwalificatie;;;;1/7/2023;e-mail",
        ";6/6/2023;Klacht;;Ontvankelijk maar onbevoegd;;;Niet ontvankelijk – onbevoegd;;",
    ])
    with pytest.raises(ImportFailed) as failed:
        import_register(brandweer, path, user="Els")
    errors = {(e.line, e.column): e.reason for e in failed.value.result.errors}
    assert "bestaat niet" in errors[(3, "ontvangen")]
    assert "onbekende waarde 'Vraag'" in errors[(4, "type")]
    assert "onbekende waarde 'Fax'" in errors[(5, "kanaal")]
    assert "titel" in errors[(6, "titel")]
    assert "kwalificatie nodig" in errors[(7, "kwalificatie")]
    assert (8, "kwalificatie") not in errors  # admissibility is inferred from the qualification
    assert count(brandweer) == 0


def test_missing_required_column(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", ["ontvangen;titel", "6/6/2023;x"])
    with pytest.raises(ImportFailed) as failed:
        import_register(brandweer, path, user="Els")
    assert [(e.line, e.column) for e in failed.value.result.errors] == [(1, "type")]


def test_add_missing_labels_adds_them(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", ["ontvangen;type;kanaal;categorie;subcategorie;titel",
                                      "6/6/2023;Vraag;Fax;Brandpreventie;Feestzalen;x"])
    result = import_register(brandweer, path, user="Els", add_missing_labels=True)
    assert result.created == 1
    assert set(result.added_labels) >= {"type: Vraag", "kanaal: Fax", "categorie: Brandpreventie"}
    brandweer.refresh()
    assert brandweer.taxonomy.find("channels", "fax") is not None
    assert brandweer.taxonomy.find_category("Feestzalen", None, brandweer.taxonomy.find_category("Brandpreventie").id)


def test_dry_run_writes_nothing(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", ["ontvangen;type;titel", "6/6/2023;Klacht;x"])
    result = import_register(brandweer, path, user="Els", dry_run=True)
    assert result.rows == 1 and result.created == 0 and count(brandweer) == 0


def test_repeat_of_a_case_in_the_same_file(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", ["referentie;ontvangen;type;titel;herhaling_van",
                                      "2023-0001;6/6/2023;Klacht;Eerste;",
                                      "2023-0002;7/7/2023;Klacht;Opnieuw;2023-0001",
                                      ";8/8/2023;Klacht;Derde;", ";9/9/2023;Klacht;Fout;2023-0099"])
    with pytest.raises(ImportFailed) as failed:
        import_register(brandweer, path, user="Els")
    assert [(e.line, e.column) for e in failed.value.result.errors] == [(5, "herhaling_van")]
    path.write_text("\n".join(path.read_text().splitlines()[:-1]) + "\n")
    import_register(brandweer, path, user="Els")
    with brandweer.sessions.read() as session:
        rows = dict(session.execute(text(
            "SELECT c.reference, o.reference FROM case_file c LEFT JOIN case_file o ON o.id = c.repeat_of_id")).all())
    assert rows == {"2023-0001": None, "2023-0002": "2023-0001", "2023-0003": None}


def _plain(value):
    """A value as SQLite returns it (ISO text, 0/1), whichever engine the store is on."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _cases(store):
    return [tuple(_plain(v) for v in row) for row in _raw_cases(store)]


def _raw_cases(store):
    with store.sessions.read() as session:
        return session.execute(text("""
            SELECT c.reference, c.received, t.label, c.title, c.description, c.complainant_name, c.complainant_email,
                   c.anonymous, cat.label, c.status, c.admissible, q.label, c.motivation, c.draft_answer,
                   c.extra_actions, c.extra_actions_done, c.acknowledged, c.due, c.extension_days, c.answered,
                   c.answer_channel,
                   u.name, (SELECT reference FROM case_file o WHERE o.id = c.repeat_of_id)
            FROM case_file c JOIN signal_type t ON t.id = c.signal_type_id
            LEFT JOIN category cat ON cat.id = c.category_id
            LEFT JOIN qualification q ON q.id = c.qualification_id
            LEFT JOIN app_user u ON u.id = c.handler_id ORDER BY c.reference""")).all()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_gives_the_same_cases(demo, tmp_path, suffix):
    path = tmp_path / f"register{suffix}"
    assert export_register(demo, path, user="Els") == 20
    fresh = Store.create(tmp_path / "fresh.db", load_preset("brandweer"))
    assert import_register(fresh, path, user="Els").created == 20
    assert _cases(fresh) == _cases(demo)
    fresh.close()


def test_export_of_one_year_and_the_event_it_leaves(demo, tmp_path):
    assert export_register(demo, tmp_path / "r.csv", user="Els", year=2023) == 13
    with demo.sessions.read() as session:
        note = session.execute(text("SELECT note FROM event WHERE kind = 'exported'")).scalar()
    assert note == "13 zaken van 2023 geëxporteerd naar een csv-bestand"


FORMULAS = ["=HYPERLINK(\"http://x\")", "+31 3", "-5 graden", "@SUM(A1)", "'=al beschermd", "'gewoon"]


def test_formula_like_cells_are_neutralised_and_restored(brandweer, tmp_path):
    path = write(tmp_path / "in.csv",
                 ["ontvangen;type;titel"] + [f"6/6/2023;Klacht;x{i}" for i in range(len(FORMULAS))])
    import_register(brandweer, path, user="Els")
    with brandweer.sessions.write() as session:
        for i, value in enumerate(FORMULAS):
            session.execute(text("UPDATE case_file SET description = :v WHERE title = :t"), {"v": value, "t": f"x{i}"})
    out = tmp_path / "out.csv"
    export_register(brandweer, out, user="Els")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        cells = [row["omschrijving"] for row in csv.DictReader(handle, delimiter=";")]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    xlsx = tmp_path / "out.xlsx"
    export_register(brandweer, xlsx, user="Els")
    sheet = load_workbook(xlsx).worksheets[0]
    col = [c.value for c in sheet[1]].index("omschrijving") + 1
    for row in range(2, sheet.max_row + 1):
        assert sheet.cell(row, col).data_type == "s"  # text, never a formula
    for exported in (out, xlsx):
        fresh = Store.create(tmp_path / f"f{exported.suffix}.db", load_preset("brandweer"))
        import_register(fresh, exported, user="Els")
        with fresh.sessions.read() as session:
            restored = session.execute(text("SELECT description FROM case_file ORDER BY title")).scalars().all()
        assert restored == FORMULAS
        fresh.close()


def test_xlsx_dates_and_numbers(brandweer, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Ontvangen", "Type", "Titel", "Verlenging_dagen"])
    ws.append([date(2023, 6, 6), "Klacht", "Uit Excel", None])
    wb.save(tmp_path / "r.xlsx")
    import_register(brandweer, tmp_path / "r.xlsx", user="Els")
    assert _cases(brandweer)[0][1] == date(2023, 6, 6).isoformat()
