"""The settings screen (i) and the workload (w): opened by key and from the palette; a
setting changed there is in the log and in effect; the workload's numbers are the queue's
lists, one Enter away; an approval names who gave it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.store import actions
from klachtendesk.store.backup import keep_counts
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
from klachtendesk.store.queue import UNASSIGNED, QueueQuery
from klachtendesk.store.taxonomy import ensure_user
from klachtendesk.tui.dialogs.closure import ClosureDialog
from klachtendesk.tui.dialogs.confirm import ConfirmDialog
from klachtendesk.tui.dialogs.picker import PickerDialog
from klachtendesk.tui.dialogs.text_input import TextDialog
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.queue import QueueScreen
from klachtendesk.tui.screens.settings import SettingsScreen
from klachtendesk.tui.screens.workload import WorkloadScreen
from klachtendesk.tui.widgets.case_list import CaseList


def screen_text(app) -> str:
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "\n".join("".join(segment.text for strip in line for segment in strip) for line in update.strips)


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def settings_events(store) -> list[tuple[str, str]]:
    with store.sessions.read() as session:
        return [tuple(r) for r in session.execute(text(
            """SELECT "user", note FROM event WHERE case_id IS NULL AND kind = 'settings' ORDER BY id""")).all()]


async def open_by(pilot, how: str, key: str, name: str) -> None:
    if how == "key":
        await pilot.press(key)
    else:  # the palette: typed as a user would, the first hit taken
        await pilot.press("ctrl+p")
        await settle(pilot)
        for ch in name.lower():
            await pilot.press(ch)
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
    await settle(pilot)


async def goto(pilot, kind: str, value=None) -> None:
    """Move down the settings list (j) to the line of ``kind`` (and ``value``)."""
    screen = pilot.app.screen
    for _ in range(40):
        item = screen.current
        if item is not None and item.kind == kind and (value is None or item.value == value):
            return
        await pilot.press("j")
        await settle(pilot)
    raise AssertionError(f"no {kind} {value} in the settings")


def test_both_screens_bind_exactly_their_declared_keys():
    from klachtendesk.tui import keys

    for owner, table in ((SettingsScreen, keys.SETTINGS), (WorkloadScreen, keys.WORKLOAD)):
        assert {b.id for b in owner.BINDINGS} == {k.id for k in table.keys}, owner.__name__
        for key in table.keys:
            action = key.action.split("(")[0]
            assert "." in action or hasattr(owner, f"action_{action}"), key.id


@pytest.mark.parametrize("how", ["key", "palette"])
async def test_the_settings_open_by_i_and_from_the_palette(demo_store, how):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_by(pilot, how, "i", "Instellingen")
        assert isinstance(app.screen, SettingsScreen)
        shown = screen_text(app)
        for part in ("Slottekst van elk antwoord", "Els Peeters", "Tom Jacobs", "+ Sluiting toevoegen",
                     "Dagelijkse kopieën bewaard      14", "Gebruikers (aanmelden)", "Nog geen wijzigingen."):
            assert part in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


@pytest.mark.parametrize("how", ["key", "palette"])
async def test_the_workload_opens_by_w_and_from_the_palette(demo_store, how):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_by(pilot, how, "w", "Werklast")
        assert isinstance(app.screen, WorkloadScreen)
        assert "Werklast per behandelaar" in screen_text(app)


async def test_a_closure_added_in_the_settings_is_logged_shown_and_moves_the_next_term(demo_store):
    app = make_app(demo_store)
    klacht = demo_store.taxonomy.find("types", "Klacht").id

    def due_of_a_new_case() -> date:
        with demo_store.sessions.write() as session:
            return create_case(session, CaseFields(received=date(2026, 12, 1), signal_type_id=klacht, title="x"),
                               user="Els Peeters", settings=demo_store.settings, taxonomy=demo_store.taxonomy,
                               now=clock.now()).due

    before = due_of_a_new_case()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await goto(pilot, "add_closure")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClosureDialog)
        await pilot.press(*"24/12/2026", "tab", *"1/1/2027", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        shown = screen_text(app)
        assert "24/12/2026 – 1/1/2027           9 dagen" in shown
        assert "Els Peeters  Sluiting toegevoegd: 24/12/2026 – 1/1/2027" in shown  # the log, on the screen
        # A wrong period is refused in the dialog, with what was typed kept.
        await goto(pilot, "add_closure")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"31/12/2026", "tab", *"3/1/2027", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ClosureDialog) and "overlapt met de sluiting" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
    assert settings_events(demo_store) == [("Els Peeters", "Sluiting toegevoegd: 24/12/2026 – 1/1/2027")]
    assert due_of_a_new_case() == before + timedelta(days=9)


async def test_the_footer_set_in_the_settings_is_logged_and_goes_into_the_next_draft(demo_store):
    footer = "Niet tevreden? Mail [ombudsdienst]@brandweer.example."
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("enter")  # the first line: the footer
        await settle(pilot)
        assert isinstance(app.screen, TextDialog) and app.screen.title_text == "Slottekst van elk antwoord"
        app.screen.query_one("#value").text = footer
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert footer in screen_text(app)  # brackets and all
        await pilot.press("escape")
        await settle(pilot)
        with demo_store.sessions.read() as session:
            case_id = session.execute(text("SELECT id FROM case_file WHERE reference = '2026-0002'")).scalar()
        app.open_case(case_id)
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog) and app.screen.query_one("#value").text == "\n\n" + footer
    assert settings_events(demo_store) == [("Els Peeters", "Slottekst van de antwoorden gewijzigd")]


async def test_users_added_or_set_inactive_in_the_settings_are_offered_as_handlers_or_not(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await goto(pilot, "user")
        await pilot.press("n")  # n adds in the section under the cursor: a user
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"An Smet", "enter")
        await settle(pilot)
        tom = demo_store.taxonomy.find("users", "Tom Jacobs").id
        await goto(pilot, "user", tom)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert "Tom Jacobs                      niet actief" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        with demo_store.sessions.read() as session:
            case_id = session.execute(text("SELECT id FROM case_file WHERE reference = '2026-0002'")).scalar()
        app.open_case(case_id)
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, PickerDialog)
        offered = [c.label for c in app.screen.choices]
        assert "An Smet" in offered and "Tom Jacobs" not in offered
    assert settings_events(demo_store) == [("Els Peeters", "Gebruiker toegevoegd: An Smet"),
                                           ("Els Peeters", "Tom Jacobs niet meer actief")]


async def test_the_backups_kept_changed_in_the_settings_are_logged_and_used(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await goto(pilot, "keep_daily")
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#value").value = "veel"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog) and "Typ een aantal" in screen_text(app)
        app.screen.query_one("#value").value = "30"
        await pilot.press("enter")
        await settle(pilot)
        assert "Dagelijkse kopieën bewaard      30" in screen_text(app)
    assert keep_counts(demo_store) == (30, 12)
    assert settings_events(demo_store) == [
        ("Els Peeters", "Reservekopieën: 30 dagelijkse en 12 maandelijkse worden bewaard (was 14 en 12)")]


def expected_workload(store) -> dict[str, list[int]]:
    """Per handler's name, the queue's own count of each view filtered to that handler."""
    from klachtendesk.store import queue

    today = clock.today()
    names = {u.id: u.label for u in store.taxonomy.users} | {UNASSIGNED: "(niemand)"}
    with store.sessions.read() as session:
        return {name: [queue.count(session, QueueQuery(view=v, handler_id=h), today, store.settings)
                       for v in ("open", "overdue", "due_soon", "unacknowledged")] for h, name in names.items()}


async def test_the_workload_shows_the_queues_counts_and_enter_opens_that_list(demo_store):
    want = expected_workload(demo_store)
    assert want["Els Peeters"][1] and want["Tom Jacobs"][2] and want["(niemand)"][0]  # the demo has them
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        table = app.screen.query_one("DataTable")
        shown = {table.get_row_at(r)[0].plain: [int(c.plain) for c in table.get_row_at(r)[1:]]
                 for r in range(table.row_count)}
        totals = shown.pop("Totaal")
        assert shown == want
        assert totals == [sum(c[i] for c in want.values()) for i in range(4)]
        # Tom's "bijna te laat": down to Tom, right twice from "Open".
        await pilot.press("j", "l", "l", "enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        tom = demo_store.taxonomy.find("users", "Tom Jacobs").id
        assert app.screen.query_state.view == "due_soon" and app.screen.query_state.handler_id == tom
        cases = app.screen.query_one(CaseList)
        assert cases.total == want["Tom Jacobs"][2]
        assert {cases.row_at(i).handler_id for i in range(cases.total)} == {tom}
        assert "Bijna te laat: de zaken van Tom Jacobs. F wist de filter." in notices(app)
        # The cases nobody has: their open ones.
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("j", "j", "h", "enter")  # the name column opens the handler's open cases
        await settle(pilot)
        assert app.screen.query_state == QueueQuery(view="open", user_id=app.screen.query_state.user_id,
                                                    handler_id=UNASSIGNED)
        assert app.screen.query_one(CaseList).total == want["(niemand)"][0]
        assert "Open: de zaken zonder behandelaar. F wist de filter." in notices(app)
        await pilot.press("f")  # the filters show it, and keep it
        await settle(pilot)
        assert "(niemand)" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_state.handler_id == UNASSIGNED


async def test_an_approval_records_who_gave_it_by_name_in_the_case_and_its_timeline(tmp_path):
    store = Store.create(tmp_path / "zorg.db", load_preset("zorgbedrijf"), user="Els Peeters")
    try:
        with store.sessions.write() as session:
            ensure_user(session, "An Directeur")
            klacht = store.taxonomy.find("types", "Klacht").id
            case = create_case(session, CaseFields(received=date(2026, 11, 20), signal_type_id=klacht,
                                                   title="Maaltijd koud"),
                               user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
        store.refresh()
        case = actions.set_admissibility(store, case.id, case.version, "Els Peeters", True)
        case = actions.write_draft(store, case.id, case.version, "Els Peeters", "Beste, we verwarmen ze voortaan.")
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.open_case(case.id)
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            assert isinstance(app.screen, PickerDialog) and app.screen.title_text == "Goedkeuring registreren"
            await pilot.press("enter")  # the first step: the manager's reality check
            await settle(pilot)
            assert app.screen.title_text == "Wie keurde 'Realiteitscheck leidinggevende' goed?"
            await pilot.press(*"an d", "enter")
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
            details = str(app.screen.query_one("#details-text").render())
            timeline = str(app.screen.query_one("#timeline").render())
            assert "✓ gegeven door An Directeur" in details
            assert "Realiteitscheck leidinggevende (An Directeur)" in timeline
        with store.sessions.read() as session:
            recorded = session.execute(text(
                """SELECT "user", new FROM event WHERE field = 'approvals'""")).one()
        assert tuple(recorded) == ("Els Peeters", "Realiteitscheck leidinggevende (An Directeur)")
    finally:
        store.close()


@pytest.mark.parametrize("spacing", [0, 0.05, 0.1, 0.15, 0.3])
async def test_keys_typed_right_after_w_or_i_reach_the_list_they_are_meant_for(demo_store, spacing):
    from test_type_ahead import typed

    tom = demo_store.taxonomy.find("users", "Tom Jacobs").id
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(app, "w", "j", "l", "enter", spacing=spacing)  # Tom's overdue cases
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert (app.screen.query_state.view, app.screen.query_state.handler_id) == ("overdue", tom)
        await typed(app, "i", "j", "n", spacing=spacing)  # a new user
        await settle(pilot)
        assert isinstance(app.screen, TextDialog) and app.screen.title_text == "Behandelaar toevoegen"


HOSTILE_NAME = "[bold]Tom[/bold] [x] \\[y] [link=http://evil]Jacobs[/link]"


async def test_a_hostile_user_name_is_shown_literally_in_the_settings_workload_and_notices(demo_store):
    with demo_store.sessions.write() as session:  # as an old register or another tool might have it
        session.execute(text("UPDATE app_user SET name = :name WHERE name = 'Tom Jacobs'"), {"name": HOSTILE_NAME})
    demo_store.close()
    store = Store.open(demo_store.path)
    app = make_app(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert HOSTILE_NAME in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        table = app.screen.query_one("DataTable")
        assert HOSTILE_NAME in [table.get_row_at(r)[0].plain for r in range(table.row_count)]
        assert HOSTILE_NAME[:25] in screen_text(app)  # the column is narrower than the name
        await pilot.press("j", "enter")  # Tom's open cases
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert f"Open: de zaken van {HOSTILE_NAME}. F wist de filter." in notices(app)
    store.close()
