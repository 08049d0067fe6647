"""Intake asks what the organisation's preset marks, in the order a receptionist fills it;
the same complainant's earlier cases (closed ones too, newest first) are shown during
intake and in the link dialog, and offered for linking as a repeat."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from textual.widgets import Input, Label, OptionList, Select
from tui_support import SIZE, make_app, settle

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
from klachtendesk.tui.dialogs.link import LinkDialog
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.queue import QueueScreen
from klachtendesk.tui.widgets.case_form import CaseForm

COMMON = ["Ontvangen *", "Type *", "Kanaal", "Melder", "E-mail", "Telefoon"]


@pytest.mark.parametrize(("preset", "fields"), [
    ("brandweer", [*COMMON, "Anoniem", "Titel *", "Omschrijving", "Categorie"]),
    ("politie", [*COMMON, "Adres", "Anoniem", "Titel *", "Omschrijving", "Categorie", "Behandelaar"]),
    ("stad", [*COMMON, "Anoniem", "Titel *", "Omschrijving", "Entiteit", "Categorie"]),
    ("onderwijs", [*COMMON, "Anoniem", "Titel *", "Omschrijving", "School", "Categorie", "Lijn"]),
    ("woonhaven", [*COMMON, "Adres", "Anoniem", "Titel *", "Omschrijving", "Entiteit", "Categorie"]),
    ("zorgbedrijf", [*COMMON, "Anoniem", "Titel *", "Omschrijving", "Entiteit", "Categorie"]),
])
async def test_intake_asks_the_presets_fields_in_a_receptionists_order(tmp_path, preset, fields):
    store = Store.create(tmp_path / "s.db", load_preset(preset), user="An")
    app = make_app(store, "An")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen.query_one(CaseForm)
        labels = [str(field.query(Label).first().render()) for field in form.query(".field")]
        assert labels == fields
    store.close()


async def _intake(pilot, **values) -> None:
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen.query_one(CaseForm)
    for name, value in values.items():
        widget = form.query_one(f"#input-{name}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            widget.value = value
    await settle(pilot)


async def test_the_extra_intake_fields_are_saved_and_ctrl_n_starts_clean(tmp_path):
    store = Store.create(tmp_path / "s.db", load_preset("onderwijs"), user="An")
    app = make_app(store, "An")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _intake(pilot, title="Pestgedrag op de speelplaats", school="Atheneum Deurne",
                      line="Eerste lijn (school)")
        form = app.screen
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#input-school", Input).value == ""
        assert form.query_one("#input-line", Select).value is Select.NULL
        form.query_one("#input-title", Input).value = "Zonder lijn"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
    with store.sessions.read() as session:
        rows = session.execute(text("SELECT title, school, line FROM case_file ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("Pestgedrag op de speelplaats", "Atheneum Deurne", "Eerste lijn (school)"),
                                        ("Zonder lijn", "", "")]
    store.close()


async def test_address_entity_and_handler_are_saved_where_the_preset_asks_them(tmp_path):
    store = Store.create(tmp_path / "s.db", load_preset("woonhaven"), user="An")
    entity = store.taxonomy.entities[1]
    app = make_app(store, "An")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _intake(pilot, title="Lift stuk", complainant_address="Kiel 3, 2020 Antwerpen", entity_id=entity.id)
        await pilot.press("ctrl+s")
        await settle(pilot)
    with store.sessions.read() as session:
        row = session.execute(text("SELECT complainant_address, entity_id FROM case_file")).one()
    assert tuple(row) == ("Kiel 3, 2020 Antwerpen", entity.id)
    store.close()


def _listed(app) -> str:
    return str(app.screen.query_one("#matches").render())


async def test_intake_lists_every_earlier_case_of_the_person_newest_first_closed_too(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#input-complainant_name", Input).value = "Maes L."
        await pilot.pause(0.4)
        await settle(pilot)
        listed = _listed(app)
        assert listed.index("2026-0005") < listed.index("2023-0005")  # newest first
        assert "afgesloten  (naam)" in listed
        repeat = app.screen.query_one("#repeat", Select)
        assert [str(prompt).split()[0] for prompt, _ in repeat._options[1:]] == ["2026-0005", "2023-0005"]
        repeat.value = repeat._options[-1][1]
        app.screen.query_one("#input-title", Input).value = "Weer de sirene"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with demo_store.sessions.read() as session:
        linked = session.execute(text("SELECT o.reference FROM case_file c JOIN case_file o ON o.id = c.repeat_of_id "
                                      "WHERE c.title = 'Weer de sirene'")).scalar()
    assert linked == "2023-0005"


async def test_intake_finds_the_person_by_phone(demo_store):
    with demo_store.sessions.write() as session:
        create_case(session, CaseFields(received=clock.today(), signal_type_id=demo_store.taxonomy.types[0].id,
                                        title="Telefoon eerder", complainant_phone="+32 470 12 34 56"),
                    user="An", settings=demo_store.settings, taxonomy=demo_store.taxonomy, now=clock.now())
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#input-complainant_phone", Input).value = "0470/12.34.56"
        await pilot.pause(0.4)
        await settle(pilot)
        assert "(telefoon)" in _listed(app)


async def _open_link_dialog(app, pilot, store, reference: str) -> None:
    with store.sessions.read() as session:
        case_id = session.execute(text("SELECT id FROM case_file WHERE reference = :r"), {"r": reference}).scalar()
    app.open_case(case_id)
    await settle(pilot)
    assert isinstance(app.screen, CaseScreen)
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(app.screen, LinkDialog)


def _repeat_of(store, reference: str) -> str | None:
    with store.sessions.read() as session:
        return session.execute(text("SELECT o.reference FROM case_file c LEFT JOIN case_file o ON o.id = "
                                    "c.repeat_of_id WHERE c.reference = :r"), {"r": reference}).scalar()


async def test_the_link_dialog_offers_the_earlier_cases_to_pick(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open_link_dialog(app, pilot, demo_store, "2026-0005")  # Luc Maes
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt).split()[0] for i in range(options.option_count)] \
            == ["2023-0005"]  # not the case itself
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    assert _repeat_of(demo_store, "2026-0005") == "2023-0005"


async def test_the_link_dialog_takes_a_short_reference_and_says_when_there_is_none(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open_link_dialog(app, pilot, demo_store, "2026-0007")
        for ch in "2026-99":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LinkDialog)  # asked again, with the reason and what was typed
        assert "Er is geen zaak met referentie 2026-99." in str(app.screen.query("FieldError").first().render())
        app.screen.query_one("#reference", Input).value = "2026-1"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    assert _repeat_of(demo_store, "2026-0007") == "2026-0001"


async def test_the_link_dialog_refuses_a_later_case_and_a_circle_with_one_line(demo_store):
    klacht = demo_store.taxonomy.find("types", "Klacht").id
    with demo_store.sessions.write() as session:  # two cases of one day, the second repeating the first
        a, b = (create_case(session, CaseFields(received=date(2026, 11, 3), signal_type_id=klacht, title=t),
                            user="Els Peeters", settings=demo_store.settings, taxonomy=demo_store.taxonomy,
                            now=clock.now()) for t in ("Eerste", "Tweede"))
        a_ref, b_ref, b_id, a_id = a.reference, b.reference, b.id, a.id
    from klachtendesk.store import actions

    actions.link_repeat(demo_store, b_id, 1, "Els Peeters", a_id)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open_link_dialog(app, pilot, demo_store, "2026-0001")
        app.screen.query_one("#reference", Input).value = "2026-2"  # received after 2026-0001
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LinkDialog)
        refusal = str(app.screen.query("FieldError").first().render())
        assert refusal.startswith("De zaak 2026-0002 is pas ontvangen op ")
        assert refusal.endswith("een herhaling verwijst naar een eerdere zaak.")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await _open_link_dialog(app, pilot, demo_store, a_ref)
        app.screen.query_one("#reference", Input).value = b_ref
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LinkDialog)
        assert (f"De herhalingen lopen in een kring: {a_ref} → {b_ref} → {a_ref}."
                in str(app.screen.query("FieldError").first().render()))
    assert _repeat_of(demo_store, "2026-0001") is None and _repeat_of(demo_store, a_ref) is None
