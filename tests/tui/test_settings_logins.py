"""The logins in the settings screen (i) on a team server: a beheerder adds one, gives and
takes an entity and removes one, each in effect at the next query and in the log; the new
login signs in with the password typed twice and sees its entity only; a behandelaar sees
only itself and no way to change it. On SQLite the section says what the boundary is."""

from __future__ import annotations

import re

import pytest
from engine_params import postgresql_only
from roles.team_support import ANTWERPEN, BRASSCHAAT, PASSWORD, Team
from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk.store import logins
from klachtendesk.tui.app import KlachtendeskApp
from klachtendesk.tui.dialogs.confirm import ConfirmDialog
from klachtendesk.tui.dialogs.login import LoginDialog
from klachtendesk.tui.dialogs.picker import PickerDialog
from klachtendesk.tui.screens.settings import SettingsScreen

NEW_PASSWORD = "Nieuw-Wachtwoord-7"


def screen_text(app) -> str:
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "\n".join("".join(segment.text for strip in line for segment in strip) for line in update.strips)


def settings_text(screen: SettingsScreen) -> str:
    from textual.widgets import OptionList

    options = screen.query_one(OptionList)
    return "\n".join(str(options.get_option_at_index(i).prompt) for i in range(options.option_count))


def logins_text(screen: SettingsScreen) -> str:
    """The lines of the logins section only (a login may also be a handler, listed above)."""
    shown = settings_text(screen)
    return shown.split("Gebruikers (aanmelden)", 1)[1].split("Laatste wijzigingen", 1)[0]


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def goto(pilot, kind: str, value: object = None) -> None:
    """Move down with j until the line of that kind (and value) is under the cursor."""
    screen = pilot.app.screen
    for _ in range(len(screen.items) + 1):
        item = screen.current
        if item is not None and item.kind == kind and (value is None or item.value == value):
            return
        await pilot.press("j")
    raise AssertionError(f"no line {kind} {value} in the settings")


async def pick(pilot, typed: str) -> None:
    assert isinstance(pilot.app.screen, PickerDialog)
    for ch in typed:
        await pilot.press(ch)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pytest.fixture
def team(store_locations):
    team = Team(store_locations())
    yield team
    team.close()


def desk_as(team: Team, name: str) -> KlachtendeskApp:
    store = team.open_as(name)
    return KlachtendeskApp(store.location, user=None, login=name, store=store, alerts_on_start=False,
                           start_tasks=False)


def titles_of(team: Team, name: str, password: str = PASSWORD) -> set[str]:
    with _connect(team, name, password) as sql:
        return {t for (t,) in sql.execute("SELECT title FROM case_file")}


def _connect(team: Team, name: str, password: str):
    import psycopg

    return psycopg.connect(team.url_of(name, password), autocommit=True)


def login_events(team: Team) -> list[tuple[str, str]]:
    with team.owner.sessions.read() as session:
        return [tuple(r) for r in session.execute(text(
            """SELECT "user", note FROM event WHERE case_id IS NULL AND field = 'logins' ORDER BY id""")).all()]


pg = postgresql_only


@pg
async def test_a_beheerder_adds_a_login_that_signs_in_with_its_password_and_sees_its_entity_only(team):
    berta = team.add("berta", "beheerder")
    carl = team.login("carl")
    app = desk_as(team, berta)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert berta in settings_text(screen) and "+ Gebruiker toevoegen" in settings_text(screen)
        await goto(pilot, "add_login")
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LoginDialog)
        dialog.query_one("#name").value = carl
        dialog.query_one("#role").value = "onthaal"
        dialog.query_one("#entities").select(ANTWERPEN)
        dialog.query_one("#password").focus()
        for ch in "Fout":  # two passwords that differ: refused in place, both emptied
            await pilot.press(ch)
        dialog.query_one("#again").value = "Anders"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and "verschillen" in screen_text(app)
        assert dialog.query_one("#password").value == "" and dialog.query_one("#again").value == ""
        dialog.query_one("#password").value = NEW_PASSWORD
        dialog.query_one("#again").focus()
        for ch in NEW_PASSWORD:
            await pilot.press(ch)
        assert NEW_PASSWORD not in screen_text(app)  # masked
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Gebruiker bewaard." in notices(app)
        text_now = settings_text(screen)
        assert re.search(rf"{carl} +onthaal +{ANTWERPEN}\n", text_now)
    assert titles_of(team, carl, NEW_PASSWORD) == {"Wachttijd in Antwerpen", "Algemene vraag"}
    events = login_events(team)
    assert events[-1] == (berta, f"Gebruiker {carl} toegevoegd: onthaal ({ANTWERPEN})")
    assert all(NEW_PASSWORD not in note for _, note in events)


@pg
async def test_grant_and_revoke_from_the_screen_take_effect_and_a_removal_asks_first(team):
    berta = team.add("berta", "beheerder")
    dirk = team.add("dirk", "behandelaar", ANTWERPEN)
    app = desk_as(team, berta)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        await goto(pilot, "login", dirk)
        await pilot.press("enter")
        await settle(pilot)
        await pick(pilot, "Zorgbedrijf B")
        assert f"{dirk} ziet nu de zaken van {BRASSCHAAT}." in notices(app)
        assert titles_of(team, dirk) == {"Wachttijd in Antwerpen", "Maaltijd in Brasschaat", "Algemene vraag"}
        await goto(pilot, "login", dirk)
        await pilot.press("enter")
        await settle(pilot)
        await pick(pilot, "Zorgbedrijf A")
        assert f"{dirk} ziet de zaken van {ANTWERPEN} niet meer." in notices(app)
        assert titles_of(team, dirk) == {"Maaltijd in Brasschaat", "Algemene vraag"}
        assert re.search(rf"{dirk} +behandelaar +{BRASSCHAAT}\n", settings_text(screen))

        await goto(pilot, "login", dirk)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # no: nothing removed
        await settle(pilot)
        assert dirk in {x.name for x in logins.list_logins(team.owner)}
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert f"{dirk} is verwijderd." in notices(app)
        assert dirk not in {x.name for x in logins.list_logins(team.owner)}
        assert not any(i is not None and i.kind == "login" and i.value == dirk for i in screen.items)
    notes = [note for user, note in login_events(team) if user == berta]
    assert notes == [f"Gebruiker {dirk} ziet nu de zaken van {BRASSCHAAT}",
                     f"Gebruiker {dirk} ziet de zaken van {ANTWERPEN} niet meer", f"Gebruiker {dirk} verwijderd"]


@pg
async def test_a_behandelaar_sees_only_itself_and_cannot_change_the_logins(team):
    dirk = team.add("dirk", "behandelaar", ANTWERPEN)
    team.add("emma", "onthaal", BRASSCHAAT)
    app = desk_as(team, dirk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        shown = logins_text(screen)
        assert re.search(rf"{dirk} +behandelaar +{ANTWERPEN}\n", shown)
        assert team.login("emma") not in shown and "+ Gebruiker toevoegen" not in shown
        assert "Alleen een beheerder kan de gebruikers zien en wijzigen." in shown
        assert not any(i is not None and i.section == "logins" for i in screen.items)


async def test_on_sqlite_the_logins_section_explains_the_file_is_the_boundary(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        shown = logins_text(app.screen)
        assert "de rechten van het bestand zijn de grens" in shown and "alleen je eigen account" in shown
        assert "bestaat op een\nteamserver (PostgreSQL)" in shown
        assert "volgende versie" not in shown
        assert not any(i is not None and i.section == "logins" for i in app.screen.items)


@pg
async def test_a_server_store_without_roles_says_how_to_set_them_up(store_locations):
    from klachtendesk.presets import load_preset
    from klachtendesk.store import team_roles
    from klachtendesk.store.database import Store

    store = Store.create(store_locations(), load_preset("zorgbedrijf"), user="Els")
    try:
        with store.sessions.write() as session:  # as if its owner could not make roles
            team_roles.uninstall(session.connection())
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            shown = logins_text(app.screen)
            assert "nog geen aanmeldingen ingesteld" in shown and "'klachtendesk users setup'" in shown
            assert "Who may see what" in shown
            assert not any(i is not None and i.section == "logins" for i in app.screen.items)
    finally:
        store.close()
