"""The case facts a preset uses appear on the edit form and the case screen; others do not."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.edit import EditScreen

FACT_INPUTS = ("school", "solved", "ombudsnorms", "mediation_result", "staff_member")


def _store(tmp_path, preset: str, qualification: str | None = None) -> tuple[Store, int]:
    store = Store.create(tmp_path / f"{preset}.db", load_preset(preset), user="Els Peeters")
    klacht = next(t for t in store.taxonomy.types if t.complaint)
    with store.sessions.write() as session:
        case = create_case(session, CaseFields(received=date(2026, 11, 2), signal_type_id=klacht.id,
                                               title="Lift al weken stuk"),
                           user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    case_id, version = case.id, case.version
    if qualification:
        case = actions.set_admissibility(store, case_id, version, "Els Peeters", True)
        row = store.taxonomy.find("qualifications", qualification)
        actions.set_qualification(store, case_id, case.version, "Els Peeters", row.id)
    return store, case_id  # type: ignore[return-value]


async def _open_edit(app, pilot, case_id):
    await settle(pilot)
    app.open_case(case_id)
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, EditScreen)


def _shown(app) -> set[str]:
    return {name for name in FACT_INPUTS if app.screen.query(f"#input-{name}")}


@pytest.mark.parametrize(("preset", "facts"), [
    ("brandweer", set()), ("stad", set()), ("onderwijs", {"school"}),
    ("woonhaven", {"solved", "ombudsnorms"}), ("politie", {"mediation_result", "staff_member"}),
])
async def test_a_preset_shows_the_facts_it_uses_and_no_others(tmp_path, preset, facts):
    store, case_id = _store(tmp_path, preset)
    try:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await _open_edit(app, pilot, case_id)
            assert _shown(app) == facts
    finally:
        store.close()


async def test_woonhaven_records_solved_and_the_ombudsnorms_broken(tmp_path):
    store, case_id = _store(tmp_path, "woonhaven", qualification="Deels gegrond")
    try:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await _open_edit(app, pilot, case_id)
            app.screen.query_one("#input-solved").value = "deels"
            norms = app.screen.query_one("#input-ombudsnorms")
            norms.select("Redelijke behandeltermijn")
            norms.select("Correcte bejegening")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
            shown = app.screen.query_one("#details-text").render().plain
            assert "Opgelost          deels" in shown
            assert "Correcte bejegening" in shown and "Redelijke behandeltermijn" in shown
        with store.sessions.read() as session:
            solved, norms_stored = session.execute(text(
                "SELECT solved, ombudsnorms FROM case_file WHERE id = :i"), {"i": case_id}).one()
            trail = dict(session.execute(text(
                "SELECT field, new FROM event WHERE case_id = :i AND kind = 'changed'"), {"i": case_id}).all())
        assert solved == "deels"
        # The organisation's order, one per line; the event log names them as a user reads them.
        assert norms_stored == "Correcte bejegening\nRedelijke behandeltermijn"
        assert trail["solved"] == "deels"
        assert trail["ombudsnorms"] == "Correcte bejegening; Redelijke behandeltermijn"
    finally:
        store.close()


async def test_ombudsnorms_on_an_unfounded_case_are_refused_at_the_field(tmp_path):
    store, case_id = _store(tmp_path, "woonhaven", qualification="Ongegrond")
    try:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await _open_edit(app, pilot, case_id)
            app.screen.query_one("#input-ombudsnorms").select("Correcte bejegening")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, EditScreen)
            error = app.screen.query_one("#error-ombudsnorms").render().plain
            assert "(deels) gegronde zaak" in error
    finally:
        store.close()


async def test_the_police_record_the_staff_member_and_the_mediation_result(tmp_path):
    store, case_id = _store(tmp_path, "politie")
    try:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await _open_edit(app, pilot, case_id)
            app.screen.query_one("#input-staff_member").value = "INP [Janssens]"
            app.screen.query_one("#input-mediation_result").value = "geslaagd"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
            shown = app.screen.query_one("#details-text").render().plain
            assert "Medewerker        INP [Janssens]" in shown
            assert "Bemiddeling       geslaagd" in shown
    finally:
        store.close()
