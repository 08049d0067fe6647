"""The queue as a handler works it: views, search, filters, keys, tags and bulk actions."""

from __future__ import annotations

from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk.store.queue import QueueQuery
from klachtendesk.tui.dialogs.confirm import ConfirmDialog
from klachtendesk.tui.dialogs.picker import PickerDialog
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.widgets.case_list import CaseList


def refs(app) -> list[str]:
    cases = app.screen.query_one(CaseList)
    return [cases.row_at(i).reference for i in range(cases.total)]


async def test_open_cases_are_ordered_by_due_date(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert refs(app) == ["2026-0001", "2026-0002", "2026-0004", "2026-0003", "2026-0005", "2026-0006", "2026-0007"]


async def test_view_keys(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        expected = {
            "3": ["2026-0001", "2026-0002"],  # overdue
            "4": ["2026-0004", "2026-0003"],  # due within 3 working days
            "5": ["2026-0005"],  # not acknowledged in time
            "a": ["2026-0001", "2026-0002", "2026-0004", "2026-0003", "2026-0005"],
            "2": ["2026-0001", "2026-0003", "2026-0005"],  # mine (Els Peeters)
        }
        for key, wanted in expected.items():
            await pilot.press(key)
            await settle(pilot)
            assert refs(app) == wanted, key
        await pilot.press("6")
        await settle(pilot)
        assert len(refs(app)) == 13 and refs(app)[0] == "2023-0013"  # closed, last answered first
        await pilot.press("7")
        await settle(pilot)
        assert len(refs(app)) == 20 and refs(app)[0] == "2026-0007"  # all, newest first


async def test_navigation_keys_move_the_cursor(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        cases = app.screen.query_one(CaseList)
        await pilot.press("j", "j", "k")
        assert cases.cursor == 1
        await pilot.press("G")
        await settle(pilot)
        assert cases.cursor == 19 and cases.current.reference == "2023-0001"
        await pilot.press("g")
        assert cases.cursor == 0
        await pilot.press("pagedown")
        assert cases.cursor > 5
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(CaseList).cursor == cases.cursor


async def test_search_as_you_type_and_escape_clears(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7", "slash")
        for ch in "sire":
            await pilot.press(ch)
        await pilot.pause(0.3)
        await settle(pilot)
        # Title, description and complainant are searched, diacritics ignored.
        assert refs(app) == ["2026-0005", "2023-0009", "2023-0005"]
        await pilot.press("escape")
        await settle(pilot)
        assert len(refs(app)) == 20
        await pilot.press("slash")
        for ch in "maes":  # the complainant's name
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert refs(app) == ["2026-0005", "2023-0005"]


async def test_filters(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        overlast = demo_store.taxonomy.find_category("Overlast").id
        screen.set_query(QueueQuery(view="all", category_id=overlast, year=2023))
        await settle(pilot)
        assert refs(app) == ["2023-0005", "2023-0001"]
        assert "categorie=Overlast, jaar=2023" in screen.describe_filters()
        await pilot.press("F")
        await settle(pilot)
        assert len(refs(app)) == 20


async def test_tag_and_bulk_assign_asks_confirmation_above_three(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "t", "t", "t")  # tags four rows, moving down
        await settle(pilot)
        assert len(app.screen.query_one(CaseList).tagged) == 4
        await pilot.press("semicolon")
        await settle(pilot)
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("enter")  # "Behandelaar toewijzen"
        await settle(pilot)
        for ch in "tom":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert app.screen.query_one(CaseList).tagged == set()
    with demo_store.sessions.read() as session:
        handlers = session.execute(text(
            "SELECT c.reference, u.name FROM case_file c JOIN app_user u ON u.id = c.handler_id "
            "WHERE c.reference IN ('2026-0001', '2026-0002', '2026-0004', '2026-0003') ORDER BY 1")).all()
        events = session.execute(text(
            "SELECT count(*) FROM event WHERE field = 'handler_id' AND user = 'Els Peeters'")).scalar()
    assert {name for _, name in handlers} == {"Tom Jacobs"}
    assert events == 2  # two of the four were Els's; the others were Tom's already


async def test_alert_on_start_and_one_key_to_that_view(demo_store):
    app = make_app(demo_store, alerts=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("2 te laat, 2 binnen 3 werkdagen, 1 zonder ontvangstmelding op tijd" in m for m in messages)
        await pilot.press("a")
        await settle(pilot)
        assert len(refs(app)) == 5
        status = str(app.screen.query_one("#status").render())
        assert "7 open" in status and "2 te laat" in status
