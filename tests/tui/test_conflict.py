"""Two terminals on the same store: a save over the other's change to the same field is
refused, showing both values; changes to different fields merge. Nothing is lost."""

from __future__ import annotations

from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk.tui.dialogs.text_input import TextDialog
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.edit import EditScreen


def _case_id(store, reference: str) -> int:
    with store.sessions.read() as session:
        return session.execute(text("SELECT id FROM case_file WHERE reference = :r"), {"r": reference}).scalar()


async def test_second_save_is_refused_and_the_typed_text_stays(demo_store, second_store):
    case_id = _case_id(demo_store, "2026-0003")
    els, tom = make_app(demo_store, "Els Peeters"), make_app(second_store, "Tom Jacobs")
    async with els.run_test(size=SIZE) as els_pilot, tom.run_test(size=SIZE) as tom_pilot:
        for app, pilot in ((els, els_pilot), (tom, tom_pilot)):
            await settle(pilot)
            app.open_case(case_id)
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
        # Both open the motivation dialog on the same version; Els saves first.
        await els_pilot.press("i")
        await tom_pilot.press("i")
        await settle(els_pilot)
        await settle(tom_pilot)
        els.screen.query_one("#value").text = "Verslag van Els"
        tom.screen.query_one("#value").text = "Verslag van Tom"
        await els_pilot.press("ctrl+s")
        await settle(els_pilot)
        await tom_pilot.press("ctrl+s")
        await settle(tom_pilot)

        # Tom's save is refused: the dialog is back, with his text and who changed what.
        assert isinstance(tom.screen, TextDialog)
        assert tom.screen.query_one("#value").text == "Verslag van Tom"
        notice = tom.screen.notice
        assert "Els Peeters" in notice and "argumentatie" in notice and "niet bewaard" in notice
        # And the case screen behind it now shows Els's version.
        assert tom.screen_stack[-2].case.motivation == "Verslag van Els"

        with demo_store.sessions.read() as session:
            assert session.execute(text("SELECT motivation FROM case_file WHERE id = :i"),
                                   {"i": case_id}).scalar() == "Verslag van Els"

        # Tom re-applies deliberately on the new version.
        await tom_pilot.press("ctrl+s")
        await settle(tom_pilot)
        assert isinstance(tom.screen, CaseScreen)

    with demo_store.sessions.read() as session:
        trail = session.execute(text(
            "SELECT user, old, new FROM event WHERE case_id = :i AND field = 'motivation' ORDER BY id"),
            {"i": case_id}).all()
    assert trail == [("Els Peeters", "", "Verslag van Els"), ("Tom Jacobs", "Verslag van Els", "Verslag van Tom")]


async def test_edits_of_different_fields_merge(demo_store, second_store):
    case_id = _case_id(demo_store, "2026-0004")
    els, tom = make_app(demo_store, "Els Peeters"), make_app(second_store, "Tom Jacobs")
    async with els.run_test(size=SIZE) as els_pilot, tom.run_test(size=SIZE) as tom_pilot:
        for app, pilot in ((els, els_pilot), (tom, tom_pilot)):
            await settle(pilot)
            app.open_case(case_id)
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, EditScreen)
        els.screen.query_one("#input-title").value = "Titel van Els"
        tom.screen.query_one("#input-complainant_phone").value = "03 123 45 67"
        await els_pilot.press("ctrl+s")
        await settle(els_pilot)
        await tom_pilot.press("ctrl+s")
        await settle(tom_pilot)
        # Different fields: Tom's save goes through, next to Els's.
        assert isinstance(tom.screen, CaseScreen)
        assert tom.screen.case.title == "Titel van Els"
    with demo_store.sessions.read() as session:
        row = session.execute(text("SELECT title, complainant_phone FROM case_file WHERE id = :i"),
                              {"i": case_id}).one()
        trail = session.execute(text("SELECT user, field FROM event WHERE case_id = :i AND kind = 'changed' "
                                     "ORDER BY id DESC LIMIT 2"), {"i": case_id}).all()
    assert tuple(row) == ("Titel van Els", "03 123 45 67")
    assert sorted(map(tuple, trail)) == [("Els Peeters", "title"), ("Tom Jacobs", "complainant_phone")]


async def test_the_same_field_shows_the_colleagues_value_beside_mine(demo_store, second_store):
    case_id = _case_id(demo_store, "2026-0004")
    els, tom = make_app(demo_store, "Els Peeters"), make_app(second_store, "Tom Jacobs")
    async with els.run_test(size=SIZE) as els_pilot, tom.run_test(size=SIZE) as tom_pilot:
        for app, pilot in ((els, els_pilot), (tom, tom_pilot)):
            await settle(pilot)
            app.open_case(case_id)
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
        els.screen.query_one("#input-title").value = "Titel van Els"
        tom.screen.query_one("#input-title").value = "Titel van Tom"
        tom.screen.query_one("#input-complainant_phone").value = "03 123 45 67"
        await els_pilot.press("ctrl+s")
        await settle(els_pilot)
        await tom_pilot.press("ctrl+s")
        await settle(tom_pilot)
        # Refused: Tom's typed values stay, the title shows Els's value beside his.
        assert isinstance(tom.screen, EditScreen)
        assert tom.screen.query_one("#input-title").value == "Titel van Tom"
        assert tom.screen.query_one("#input-complainant_phone").value == "03 123 45 67"
        beside = str(tom.screen.query_one("#error-title").render())
        assert "Els Peeters wijzigde dit intussen in: Titel van Els" in beside and "Titel van Tom" in beside
        assert "Els Peeters" in str(tom.screen.query_one("#notice").render())
        # Saving again keeps his, deliberately.
        await tom_pilot.press("ctrl+s")
        await settle(tom_pilot)
        assert isinstance(tom.screen, CaseScreen)
    with demo_store.sessions.read() as session:
        row = session.execute(text("SELECT title, complainant_phone FROM case_file WHERE id = :i"),
                              {"i": case_id}).one()
    assert tuple(row) == ("Titel van Tom", "03 123 45 67")
