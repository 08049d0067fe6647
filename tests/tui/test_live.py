"""A colleague's change shows on this desk by itself: the queue and an open case read it
again after the next look at the store, the cursor stays on its case, typed text stays.

The looks are driven by calling ``app.poll_store`` (what the desk's worker calls every
second); one test lets the worker run on a short interval, with a second process writing.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk import clock
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.edit import EditScreen
from klachtendesk.tui.widgets.bars import StatusBar
from klachtendesk.tui.widgets.case_list import CaseList


def case_id(store, reference: str) -> int:
    with store.sessions.read() as session:
        return session.execute(text("SELECT id FROM case_file WHERE reference = :r"), {"r": reference}).scalar()


def version(store, reference: str) -> int:
    with store.sessions.read() as session:
        return session.execute(text("SELECT version FROM case_file WHERE reference = :r"),
                               {"r": reference}).scalar()


def rows(app) -> list[tuple[str, str]]:
    cases = app.screen.query_one(CaseList)
    return [(cases.row_at(i).reference, cases.row_at(i).title) for i in range(cases.total)]


def register(store, title: str, days_ago: int) -> None:
    """Tom registers a case at his own desk (another connection to the same store)."""
    klacht = store.taxonomy.find("types", "Klacht")
    with store.sessions.write() as session:
        create_case(session, CaseFields(received=clock.today() - timedelta(days=days_ago), signal_type_id=klacht.id,
                                        title=title), user="Tom Jacobs", settings=store.settings,
                    taxonomy=store.taxonomy, now=clock.now())


async def look(app, pilot) -> bool:
    """One look at the store, from a thread as the desk's worker makes it, and its effects."""
    changed = await asyncio.to_thread(app.poll_store)
    await settle(pilot)
    return changed


async def test_the_queue_shows_a_colleagues_changes_with_the_cursor_on_the_same_case(demo_store, second_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        cases = app.screen.query_one(CaseList)
        assert cases.current.reference == "2026-0004"
        await look(app, pilot)  # the desk's own start (it remembers who logged in) is a change too
        assert await look(app, pilot) is False  # nothing changed since: nothing to show
        # Tom registers a case due before every other one, and retitles the case Els is on.
        register(second_store, "Rookmelder piept in sporthal", days_ago=80)
        actions.save_fields(second_store, case_id(second_store, "2026-0004"), version(second_store, "2026-0004"),
                            "Tom Jacobs", {"title": "Onthaal: onvriendelijke ontvangst"})
        assert await look(app, pilot) is True
        assert rows(app)[0] == ("2026-0008", "Rookmelder piept in sporthal")
        assert cases.total == 8
        # The cursor stayed on the case, one row lower now, with its new title.
        assert cases.current.reference == "2026-0004" and cases.cursor == 3
        assert cases.current.title == "Onthaal: onvriendelijke ontvangst"
        assert "8 zaken" in str(app.screen.query_one("#views").render())
        assert "8 open" in str(app.screen.query_one(StatusBar).render())


async def test_a_case_that_leaves_the_view_hands_the_cursor_to_the_next_row(demo_store, second_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")  # mine: 2026-0001, 2026-0003, 2026-0005
        await settle(pilot)
        await pilot.press("j")
        cases = app.screen.query_one(CaseList)
        assert cases.current.reference == "2026-0003"
        # Tom takes the case over: it leaves Els's "Mijn zaken".
        tom = second_store.taxonomy.find("users", "Tom Jacobs").id
        actions.save_fields(second_store, case_id(second_store, "2026-0003"), version(second_store, "2026-0003"),
                            "Tom Jacobs", {"handler_id": tom})
        assert await look(app, pilot)
        assert [r for r, _ in rows(app)] == ["2026-0001", "2026-0005"]
        assert cases.cursor == 1 and cases.current.reference == "2026-0005"


async def test_typed_search_text_stays_while_the_queue_refreshes(demo_store, second_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7", "slash", "s", "i", "r")
        await settle(pilot)
        search = app.screen.query_one("#search")
        assert search.has_focus and search.value == "sir"
        register(second_store, "Sirene bij de kazerne te luid", days_ago=1)
        assert await look(app, pilot)
        assert "Sirene bij de kazerne te luid" in [t for _, t in rows(app)]
        assert search.has_focus and search.value == "sir" and search.cursor_position == 3
        await pilot.press("e")
        assert search.value == "sire"


async def test_an_open_case_shows_a_colleagues_save_and_its_timeline(demo_store, second_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id(demo_store, "2026-0003"))
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        actions.save_fields(second_store, case_id(second_store, "2026-0003"), version(second_store, "2026-0003"),
                            "Tom Jacobs", {"motivation": "Wachttijd bevestigd door de dispatching"})
        assert await look(app, pilot)
        assert "Wachttijd bevestigd door de dispatching" in str(app.screen.query_one("#details-text").render())
        timeline = str(app.screen.query_one("#timeline").render())
        assert "Tom Jacobs" in timeline and "argumentatie" in timeline


async def test_an_open_edit_form_keeps_what_is_typed_and_saving_merges(demo_store, second_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id(demo_store, "2026-0004"))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one("#input-title").value = "Titel van Els"
        actions.save_fields(second_store, case_id(second_store, "2026-0004"), version(second_store, "2026-0004"),
                            "Tom Jacobs", {"complainant_phone": "03 123 45 67"})
        assert await look(app, pilot)
        assert app.screen.query_one("#input-title").value == "Titel van Els"
        notice = str(app.screen.query_one("#notice").render())
        assert "Intussen gewijzigd door Tom Jacobs" in notice and "telefoon melder" in notice
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    with demo_store.sessions.read() as session:
        row = session.execute(text(
            "SELECT title, complainant_phone FROM case_file WHERE reference = '2026-0004'")).one()
    assert tuple(row) == ("Titel van Els", "03 123 45 67")


WRITER = """
import sys
from klachtendesk.store import actions
from klachtendesk.store.database import Store
from sqlalchemy import text
store = Store.open(sys.argv[1])
with store.sessions.read() as session:
    case_id, version = session.execute(text("SELECT id, version FROM case_file WHERE reference = '2026-0001'")).one()
actions.save_fields(store, case_id, version, "Tom Jacobs", {"title": "Gewijzigd door een ander proces"})
store.close()
"""


async def test_another_process_change_shows_without_a_key(demo_store):
    app = make_app(demo_store, live=0.05)  # the desk's own worker, looking often
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        subprocess.run([sys.executable, "-c", WRITER, str(demo_store.path)], check=True)
        cases = app.screen.query_one(CaseList)
        for _ in range(2000):  # until it shows (no key is pressed)
            await pilot.pause(0.01)
            if cases.row_at(0) is not None and cases.row_at(0).title == "Gewijzigd door een ander proces":
                break
        assert cases.row_at(0).title == "Gewijzigd door een ander proces"
        assert cases.cursor == 0
