"""A case from intake to closure, driven by keys only, and the trail it leaves."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk.store.cases import events_for
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.intake import IntakeScreen
from klachtendesk.tui.screens.queue import QueueScreen
from klachtendesk.tui.widgets.case_list import CaseList


async def type_text(pilot, value: str) -> None:
    for ch in value:
        await pilot.press("space" if ch == " " else ch)


async def test_intake_to_closed_with_every_step_in_the_event_log(demo_store):
    app = make_app(demo_store, user="Fatma Receptie")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        # Intake: the cursor starts at the channel; type the complainant, title, description.
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press("tab")  # channel -> complainant
        await type_text(pilot, "Jan Peeters")
        await pilot.press("tab")
        await type_text(pilot, "jan@example.be")
        await pilot.press("tab", "tab", "tab")  # phone, anonymous -> title
        await type_text(pilot, "Sirene te luid")
        await pilot.press("tab")
        await type_text(pilot, "Elke nacht om drie uur.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)

        with demo_store.sessions.read() as session:
            case_id, reference, due = session.execute(text(
                "SELECT id, reference, due FROM case_file WHERE title = 'Sirene te luid'")).one()
        assert reference == "2026-0008"
        assert due == "2027-01-11"  # 45 days after 27/11/2026
        assert any("2026-0008" in str(n.message) and "11/1/2027" in str(n.message)
                   for n in app._notifications)

        # Find it in the queue and open it.
        await pilot.press("slash")
        await type_text(pilot, "sirene luid")
        await pilot.press("enter")
        await settle(pilot)
        cases = app.screen.query_one(CaseList)
        assert cases.total == 1 and cases.current.reference == "2026-0008"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)

        # Categorise: filter the picker to "Overlast", Enter.
        await pilot.press("c")
        await settle(pilot)
        await type_text(pilot, "overlast")
        await pilot.press("enter")
        await settle(pilot)
        # Admissible: first choice.
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # Final qualification: "Ongegrond".
        await pilot.press("k")
        await settle(pilot)
        await type_text(pilot, "ongegrond")
        await pilot.press("enter")
        await settle(pilot)
        # Answered today by e-mail: closes the case.
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        case = app.screen.case
        assert case.status == "closed"
        assert case.answered == date(2026, 11, 27)
        assert "Afgesloten" in str(app.screen.query_one("#title").render())

    with demo_store.sessions.read() as session:
        events = events_for(session, case_id)
    trail = [(e.field, e.new) for e in reversed(events) if e.kind == "changed"]
    assert trail == [
        ("category_id", "Overlast"),
        ("admissible", "ja"), ("status", "In onderzoek"),
        ("qualification_id", "Ongegrond"),
        ("answered", "27/11/2026"), ("answer_channel", "e-mail"), ("status", "Afgesloten"),
    ]
    assert {e.user for e in events} == {"Fatma Receptie"}


async def test_errors_appear_next_to_the_field_and_nothing_is_saved(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        date_input = app.screen.query_one("#input-received")
        date_input.value = "31/02/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert "31/2/2026 bestaat niet" in str(app.screen.query_one("#error-received").render())
        assert "Geef de zaak een titel" in str(app.screen.query_one("#error-title").render())
    with demo_store.sessions.read() as session:
        assert session.execute(text("SELECT count(*) FROM case_file")).scalar() == 20


async def test_ctrl_n_saves_and_starts_the_next_one(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        for title in ("Eerste telefoon", "Tweede telefoon"):
            app.screen.query_one("#input-title").value = title
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert isinstance(app.screen, IntakeScreen)
            assert app.screen.query_one("#input-title").value == ""
        assert "2026-0009" in str(app.screen.query_one("#saved").render())
    with demo_store.sessions.read() as session:
        titles = session.execute(text("SELECT title FROM case_file WHERE reference >= '2026-0008' "
                                      "ORDER BY reference")).scalars().all()
    assert titles == ["Eerste telefoon", "Tweede telefoon"]


async def test_intake_shows_open_cases_of_the_same_person_and_links_the_repeat(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#input-complainant_email").value = "KAREL.verstraeten@example.be"
        await pilot.pause(0.4)
        await settle(pilot)
        assert "2026-0001" in str(app.screen.query_one("#matches").render())
        repeat = app.screen.query_one("#repeat")
        repeat.value = repeat._options[-1][1]
        app.screen.query_one("#input-title").value = "Weer die brandweerwagen"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with demo_store.sessions.read() as session:
        linked = session.execute(text(
            "SELECT o.reference FROM case_file c JOIN case_file o ON o.id = c.repeat_of_id "
            "WHERE c.title = 'Weer die brandweerwagen'")).scalar()
    assert linked == "2026-0001"


async def test_start_makes_the_days_backup_in_the_background(demo_store):
    from klachtendesk.tui.app import KlachtendeskApp

    app = KlachtendeskApp(demo_store.path, user="Els Peeters", login="test", store=demo_store,
                          alerts_on_start=False, live_interval=None)  # its worker would run for ever
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
    backups = list((demo_store.path.parent / "backups").glob("*.db.gz"))
    # Named by the machine's clock, not the frozen day the desk shows.
    assert len(backups) == 1 and date.today().isoformat() in backups[0].name
