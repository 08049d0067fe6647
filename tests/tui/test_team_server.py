"""The desk on a team server (PostgreSQL): the queue, search and a case as on a file; when the
server drops the desk's connections or refuses new ones, the desk says so, keeps what was
typed, and saves it once the server is back."""

from __future__ import annotations

import psycopg
import pytest
from engine_params import postgresql_only
from tui_support import SIZE, make_app, settle

from klachtendesk.demo import build_demo
from klachtendesk.store.cases import events_for
from klachtendesk.store.location import parse_location
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.widgets.case_list import CaseList

pytestmark = postgresql_only


@pytest.fixture
def team_demo(store_locations):
    url = store_locations()
    store = build_demo(url)
    yield store, url
    store.close()


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def _server(url: str, *, accepting: bool) -> None:
    """Let the database take connections again, or refuse new ones and drop the current."""
    name = parse_location(url).database
    with _admin(url) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if accepting else "false"}')
        if not accepting:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))


async def test_the_desk_says_the_server_is_gone_keeps_the_note_and_saves_it_later(team_demo):
    store, url = team_demo
    app = make_app(store)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"sirene", "enter")
            await settle(pilot)
            cases = app.screen.query_one(CaseList)
            assert cases.total == 1 and cases.current.title.startswith("Sirene tijdens de nacht")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
            case_id = app.screen.case_id
            await pilot.press("n")
            await settle(pilot)
            for ch in "Tijdens de storing":
                await pilot.press("space" if ch == " " else ch)
            _server(url, accepting=False)
            await pilot.press("ctrl+s")
            await settle(pilot)
            dialog = app.screen  # the note again, with what was typed and why it was not saved
            assert type(dialog).__name__ == "TextDialog"
            shown = " ".join(str(w.render()) for w in dialog.query("FieldError"))
            assert "laat nu geen verbindingen toe" in shown and parse_location(url).password not in shown
            assert "Tijdens de storing" in dialog.query_one("TextArea").text
            _server(url, accepting=True)
            await pilot.press("ctrl+s")
            await settle(pilot)
            shown = " ".join(str(w.render()) for w in app.screen.query("FieldError"))
            assert isinstance(app.screen, CaseScreen), shown
    finally:
        _server(url, accepting=True)
    with store.sessions.read() as session:
        assert any(e.kind == "note" and e.note == "Tijdens de storing" for e in events_for(session, case_id))


async def _look_until_changed(app, pilot) -> bool:
    """Looks at the store as the desk's worker does, until one finds a change (the server
    delivers its notification a moment after the writer's commit returns)."""
    import asyncio

    for _ in range(500):
        if await asyncio.to_thread(app.poll_store):
            await settle(pilot)
            return True
        await asyncio.sleep(0.01)
    return False


async def test_a_colleagues_change_shows_on_the_team_desk_also_after_the_server_dropped_it(team_demo):
    from klachtendesk.store import actions
    from klachtendesk.store.cases import get_case
    from klachtendesk.store.database import Store

    store, url = team_demo
    colleague = Store.open(url)
    app = make_app(store)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await _look_until_changed(app, pilot)  # the desk's own start (it remembers the login)
            cases = app.screen.query_one(CaseList)
            await pilot.press("j")
            case = cases.current

            def retitle(title: str) -> None:
                with colleague.sessions.read() as session:
                    version = get_case(session, case.id).version
                actions.save_fields(colleague, case.id, version, "Tom Jacobs", {"title": title})

            retitle("Gewijzigd op de server")
            assert await _look_until_changed(app, pilot)
            assert cases.cursor == 1 and cases.current.title == "Gewijzigd op de server"
            # The server drops the desk's listening connection: the desk listens again and reads anew.
            with _admin(url) as admin:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE application_name = 'klachtendesk-watch' AND datname = %s",
                              (parse_location(url).database,))
            retitle("Opnieuw gewijzigd")
            assert await _look_until_changed(app, pilot)
            assert cases.current.title == "Opnieuw gewijzigd"
    finally:
        colleague.close()
