"""The case facts in the register: imported and exported for the organisations that use
them, ignored with a warning by the others; the involved staff member only when asked for."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from sqlalchemy import text

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.register.exporter import export_register
from klachtendesk.register.importer import ImportFailed, import_register
from klachtendesk.register.person import STAFF_LEFT_OUT, export_person
from klachtendesk.store import actions
from klachtendesk.store.database import Store


@pytest.fixture
def make(tmp_path):
    opened = []

    def make(preset: str) -> Store:
        store = Store.create(tmp_path / f"{preset}-{len(opened)}.db", load_preset(preset), user="Els")
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def read_csv(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def rows(store, columns: str) -> list[tuple]:
    with store.sessions.read() as session:
        return [tuple(r) for r in session.execute(text(f"SELECT {columns} FROM case_file ORDER BY id"))]


WOONHAVEN = [
    "ontvangen;type;titel;kwalificatie;afgesloten;antwoordkanaal;opgelost;ombudsnormen",
    '6/6/2023;Klacht;Lift stuk;Deels gegrond;1/7/2023;brief;deels;"redelijke behandeltermijn; Correcte bejegening"',
    "7/6/2023;Klacht;Lawaai;Ongegrond;1/7/2023;brief;ja;",
    "8/6/2023;Klacht;Vocht;;;;;",
]


def test_woonhaven_imports_solved_and_ombudsnorms_and_exports_them_back(make, tmp_path):
    store = make("woonhaven")
    result = import_register(store, write(tmp_path / "r.csv", WOONHAVEN), user="Els")
    assert result.created == 3 and result.warnings == []
    assert rows(store, "solved, ombudsnorms") == [
        ("deels", "Correcte bejegening\nRedelijke behandeltermijn"), ("ja", ""), ("", "")]

    out = tmp_path / "export.csv"
    export_register(store, out, user="Els")
    exported = read_csv(out)
    assert [(r["opgelost"], r["ombudsnormen"]) for r in exported] == [
        ("deels", "Correcte bejegening; Redelijke behandeltermijn"), ("ja", ""), ("", "")]
    assert "school" not in exported[0] and "betrokken_medewerker" not in exported[0]

    again = make("woonhaven")
    assert import_register(again, out, user="Els").warnings == []
    assert rows(again, "solved, ombudsnorms") == rows(store, "solved, ombudsnorms")


def test_a_column_the_preset_does_not_use_is_ignored_with_a_warning(make, tmp_path):
    store = make("brandweer")
    result = import_register(store, write(tmp_path / "r.csv", [
        "ontvangen;type;titel;opgelost;school", "6/6/2023;Klacht;Sirene;misschien;De Kleine Wereld"]), user="Els")
    assert result.created == 1
    assert result.warnings == [
        "Kolom 'opgelost' is een gegeven dat deze organisatie niet bijhoudt en wordt genegeerd.",
        "Kolom 'school' is een gegeven dat deze organisatie niet bijhoudt en wordt genegeerd."]
    assert rows(store, "solved, school") == [("", "")]


def test_wrong_fact_values_are_listed_by_line_and_column(make, tmp_path):
    store = make("woonhaven")
    with pytest.raises(ImportFailed) as failed:
        import_register(store, write(tmp_path / "r.csv", [
            "ontvangen;type;titel;kwalificatie;opgelost;ombudsnormen",
            "6/6/2023;Klacht;Eén;Gegrond;misschien;",
            "6/6/2023;Klacht;Twee;Gegrond;;Vriendelijkheid",
            "6/6/2023;Klacht;Drie;Ongegrond;;Correcte bejegening",
        ]), user="Els")
    errors = [(e.line, e.column, e.reason) for e in failed.value.result.errors]
    assert [(line, column) for line, column, _ in errors] == [(2, "opgelost"), (3, "ombudsnormen"),
                                                             (4, "ombudsnormen")]
    assert "kies uit ja, deels, nee" in errors[0][2]
    assert "'Vriendelijkheid' is geen ombudsnorm" in errors[1][2]
    assert "(deels) gegronde zaak" in errors[2][2]
    assert rows(store, "id") == []


def test_the_school_of_a_signal_round_trips(make, tmp_path):
    store = make("onderwijs")
    import_register(store, write(tmp_path / "r.csv", [
        "ontvangen;type;titel;school;lijn", "6/6/2023;Melding;Speelplaats;Atheneum [Deurne];Eerste lijn (school)"]),
        user="Els")
    export_register(store, tmp_path / "out.csv", user="Els")
    assert read_csv(tmp_path / "out.csv")[0]["school"] == "Atheneum [Deurne]"


POLITIE = [
    "ontvangen;type;titel;melder;betrokken_medewerker;bemiddeling_resultaat",
    "6/6/2023;Klacht politieoptreden;Onbeleefd aan de balie;Jan Peeters;INP Kris Wouters;Geslaagd",
]


def test_the_staff_member_leaves_an_export_only_when_asked_for(make, tmp_path):
    store = make("politie")
    import_register(store, write(tmp_path / "r.csv", POLITIE), user="Els")
    assert rows(store, "staff_member, mediation_result") == [("INP Kris Wouters", "geslaagd")]

    plain, full = tmp_path / "plain.csv", tmp_path / "full.csv"
    export_register(store, plain, user="Els")
    export_register(store, full, user="Els", include_staff_member=True)
    assert "betrokken_medewerker" not in read_csv(plain)[0]
    assert "Kris Wouters" not in plain.read_text(encoding="utf-8-sig")
    assert read_csv(plain)[0]["bemiddeling_resultaat"] == "geslaagd"
    assert read_csv(full)[0]["betrokken_medewerker"] == "INP Kris Wouters"
    with store.sessions.read() as session:
        notes = list(session.execute(text("SELECT note FROM event WHERE kind = 'exported' ORDER BY id")).scalars())
    assert notes == ["1 zaak geëxporteerd naar een csv-bestand",
                     "1 zaak geëxporteerd naar een csv-bestand met de betrokken medewerkers"]


def test_an_access_request_leaves_the_staff_member_out_unless_asked_for(make, tmp_path):
    store = make("politie")
    import_register(store, write(tmp_path / "r.csv", POLITIE), user="Els")
    with store.sessions.read() as session:
        case_id, version = session.execute(text("SELECT id, version FROM case_file")).one()
    actions.save_fields(store, case_id, version, "Els", {"staff_member": "HINP Sofie Claes"})

    record, body = export_person(store, "Jan Peeters", None, user="Els", now=clock.now())
    assert "Wouters" not in body and "Claes" not in body
    (case,) = record["zaken"]
    assert "betrokken_medewerker" not in case
    changed = [e for e in case["tijdlijn"] if e.get("veld") == "betrokken medewerker"]
    assert changed == [dict(changed[0], oud=STAFF_LEFT_OUT, nieuw=STAFF_LEFT_OUT)]

    record, body = export_person(store, "Jan Peeters", tmp_path / "inzage.json", user="Els", now=clock.now(),
                                 include_staff_member=True)
    assert json.loads(body)["zaken"][0]["betrokken_medewerker"] == "HINP Sofie Claes"
    with store.sessions.read() as session:
        note = session.execute(text("SELECT note FROM event WHERE kind = 'person_export' ORDER BY id DESC")).scalar()
    assert note.endswith("naar een bestand, met de betrokken medewerkers")


def test_export_year_is_the_organisations_report_year(make, tmp_path):
    store = make("politie")  # the police's 2023 runs from 19/1/2023 to 18/1/2024
    import_register(store, write(tmp_path / "r.csv", [
        "ontvangen;type;titel", "18/1/2023;Vraag om informatie;Vorig jaar",
        "19/1/2023;Vraag om informatie;Eerste dag", "18/1/2024;Vraag om informatie;Laatste dag",
        "19/1/2024;Vraag om informatie;Volgend jaar"]), user="Els")
    count = export_register(store, tmp_path / "2023.csv", user="Els", year=2023)
    assert count == 2
    assert [r["titel"] for r in read_csv(tmp_path / "2023.csv")] == ["Eerste dag", "Laatste dag"]
    with store.sessions.read() as session:
        note = session.execute(text("SELECT note FROM event WHERE kind = 'exported'")).scalar()
    assert note == "2 zaken van 2023 (19/1/2023–18/1/2024) geëxporteerd naar een csv-bestand"
    assert date(2024, 1, 18) == store.settings.period_for_year(2023)[1]
