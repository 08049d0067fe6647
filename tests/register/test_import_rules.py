"""The rules the desk holds a case to hold on import too: a wrong row is named with its
column and a Dutch reason, and nothing of the file is written."""

from __future__ import annotations

import pytest
from engine_params import both_engines
from sqlalchemy import text

from klachtendesk.presets import load_preset
from klachtendesk.register.importer import ImportFailed, import_register
from klachtendesk.store.database import Store

pytestmark = both_engines


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(store):
    with store.sessions.read() as session:
        return session.execute(text("SELECT count(*) FROM case_file")).scalar()


def errors_of(store, path, **kwargs):
    before = count(store)
    with pytest.raises(ImportFailed) as failed:
        import_register(store, path, user="Els", **kwargs)
    assert count(store) == before
    return {(e.line, e.column): e.reason for e in failed.value.result.errors}


@pytest.fixture
def algemeen(store_location):
    """Its Klacht allows an extension of 15 days."""
    store = Store.create(store_location, load_preset("algemeen"), user="Els Peeters")
    yield store
    store.close()


def test_a_repeat_is_of_another_earlier_case_and_never_a_circle(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [
        "referentie;ontvangen;type;titel;herhaling_van",
        "2023-0001;6/6/2023;Klacht;Zichzelf;2023-0001",
        "2023-0002;6/6/2023;Klacht;Kring a;2023-0003",
        "2023-0003;6/6/2023;Klacht;Kring b;2023-0002",
        "2023-0004;6/6/2023;Klacht;Naar later;2023-0005",
        "2023-0005;7/7/2023;Klacht;Later;",
        "2023-0006;8/7/2023;Klacht;Goed;2023-0005",
    ])
    errors = errors_of(brandweer, path)
    assert set(errors) == {(2, "herhaling_van"), (3, "herhaling_van"), (4, "herhaling_van"), (5, "herhaling_van")}
    assert "geen herhaling van zichzelf" in errors[(2, "herhaling_van")]
    assert "kring: 2023-0002 → 2023-0003 → 2023-0002" in errors[(3, "herhaling_van")]
    assert "pas ontvangen op 7/7/2023" in errors[(5, "herhaling_van")]


def test_a_repeat_of_a_stored_case_received_later_is_refused(brandweer, tmp_path):
    import_register(brandweer, write(tmp_path / "a.csv", ["referentie;ontvangen;type;titel",
                                                          "2023-0001;9/9/2023;Klacht;Eerder bewaard"]), user="Els")
    path = write(tmp_path / "b.csv", ["referentie;ontvangen;type;titel;herhaling_van",
                                      "2023-0002;1/9/2023;Klacht;Vroeger;2023-0001"])
    assert "pas ontvangen op 9/9/2023" in errors_of(brandweer, path)[(2, "herhaling_van")]
    write(path, ["referentie;ontvangen;type;titel;herhaling_van", "2023-0002;10/9/2023;Klacht;Later;2023-0001"])
    assert import_register(brandweer, path, user="Els").created == 1


def test_an_extension_within_the_types_maximum_and_with_a_reason(algemeen, tmp_path):
    path = write(tmp_path / "r.csv", [
        "ontvangen;type;titel;verlenging_dagen;verlenging_reden",
        "6/6/2023;Klacht;Te lang;16;wachten op verslag",
        "6/6/2023;Klacht;Zonder reden;10;",
        "6/6/2023;Klacht;Goed;15;wachten op verslag",
        "6/6/2023;Nieuw type;Nieuw type, geen verlenging;5;wachten op verslag",
    ])
    errors = errors_of(algemeen, path, add_missing_labels=True)
    assert "hoogstens 15" in errors[(2, "verlenging_dagen")]
    assert "reden van de verlenging" in errors[(3, "verlenging_dagen")]
    assert (4, "verlenging_dagen") not in errors
    # A type the import adds has no extension: its rows are held to that too.
    path = write(tmp_path / "nieuw.csv", ["ontvangen;type;titel;verlenging_dagen;verlenging_reden",
                                          "6/6/2023;Nieuw type;Geen verlenging;5;wachten op verslag"])
    assert "geen verlenging" in errors_of(algemeen, path, add_missing_labels=True)[(2, "verlenging_dagen")]


def test_acknowledgement_and_extra_actions_dates(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", [
        "ontvangen;type;titel;ontvangstmelding;extra_acties;extra_acties_uitgevoerd",
        "6/6/2023;Klacht;Bevestiging later;1/12/2026;;",  # today is 27/11/2026
        "6/6/2023;Klacht;Bevestiging eerder;5/6/2023;;",
        "6/6/2023;Klacht;Actie vooraf;;folder;1/6/2023",
        "6/6/2023;Klacht;Actie later;;folder;30/11/2026",
        "6/6/2023;Klacht;Goed;7/6/2023;folder;1/7/2023",
    ])
    errors = errors_of(brandweer, path)
    assert errors == {
        (2, "ontvangstmelding"): "De datum van de ontvangstmelding ligt in de toekomst.",
        (3, "ontvangstmelding"): "De ontvangstmelding kan niet vóór de ontvangst verstuurd zijn.",
        (4, "extra_acties_uitgevoerd"): "De extra acties kunnen niet vóór de ontvangst uitgevoerd zijn.",
        (5, "extra_acties_uitgevoerd"): "De datum van de extra acties ligt in de toekomst.",
    }


def test_one_number_spelled_two_ways_is_a_row_error(brandweer, tmp_path):
    path = write(tmp_path / "r.csv", ["referentie;ontvangen;type;titel",
                                      "2023-0001;6/6/2023;Klacht;Eerste", "2023-001;7/6/2023;Klacht;Tweede"])
    errors = errors_of(brandweer, path)
    assert errors == {(3, "referentie"): "2023-001 is hetzelfde nummer als 2023-0001 op regel 2: "
                                         "een referentie kan maar één keer voorkomen."}
    import_register(brandweer, write(path, ["referentie;ontvangen;type;titel", "2023-0001;6/6/2023;Klacht;Eerste"]),
                    user="Els")
    path = write(tmp_path / "s.csv", ["referentie;ontvangen;type;titel", "2023-01;7/6/2023;Klacht;Tweede"])
    assert errors_of(brandweer, path) == {
        (2, "referentie"): "2023-01 is hetzelfde nummer als 2023-0001, dat al in de databank staat."}
