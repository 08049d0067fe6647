"""The city's store asks for its answer footer before the first answer, then puts it in
every new draft."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
from klachtendesk.tui.dialogs.forms import AnswerDialog
from klachtendesk.tui.dialogs.text_input import TextDialog
from klachtendesk.tui.screens.case import CaseScreen

FOOTER = "Niet tevreden? Neem contact op met de ombudsvrouw: ombudsvrouw@stad.example."


async def test_the_first_draft_asks_for_the_footer_and_the_answer_includes_it(tmp_path):
    store = Store.create(tmp_path / "stad.db", load_preset("stad"), user="Els Peeters")
    try:
        klacht = store.taxonomy.find("types", "Klacht")
        with store.sessions.write() as session:
            case = create_case(session, CaseFields(received=date(2026, 11, 20), signal_type_id=klacht.id,
                                                   title="Container niet geleegd"),
                               user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy,
                               now=clock.now())
        case = actions.set_admissibility(store, case.id, case.version, "Els Peeters", True)
        actions.set_qualification(store, case.id, case.version, "Els Peeters",
                                  store.taxonomy.find("qualifications", "Gegrond").id)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.open_case(case.id)
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, TextDialog) and app.screen.title_text == "Slottekst van elk antwoord"
            app.screen.query_one("#value").text = FOOTER
            await pilot.press("ctrl+s")
            await settle(pilot)
            # The draft dialog follows, with the footer already under the answer.
            assert isinstance(app.screen, TextDialog) and app.screen.title_text == "Ontwerpantwoord"
            area = app.screen.query_one("#value")
            assert area.text == "\n\n" + FOOTER
            area.text = "Beste,\n\nWe legen de container morgen." + area.text
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, AnswerDialog)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen) and app.screen.case.status == "closed"
        with store.sessions.read() as session:
            footer_event = session.execute(text(
                "SELECT user, new FROM event WHERE kind = 'settings' AND field = 'answer_footer'")).one()
        assert tuple(footer_event) == ("Els Peeters", FOOTER)
        assert store.settings.answer_footer == FOOTER
    finally:
        store.close()


async def test_cancelling_the_footer_question_opens_no_draft(tmp_path):
    store = Store.create(tmp_path / "stad.db", load_preset("stad"), user="Els Peeters")
    try:
        klacht = store.taxonomy.find("types", "Klacht")
        with store.sessions.write() as session:
            case = create_case(session, CaseFields(received=date(2026, 11, 20), signal_type_id=klacht.id,
                                                   title="Container niet geleegd"),
                               user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy,
                               now=clock.now())
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.open_case(case.id)
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, TextDialog) and app.screen.title_text == "Slottekst van elk antwoord"
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
        assert store.settings.answer_footer == ""
    finally:
        store.close()
