"""Keys typed at any speed land where the keys before them led: in the field the user tabbed
to, in the screen or dialog the key before opened, never in the one being left.

Keys are sent the way the terminal driver sends them (``driver.send_message``), either all
at once (a fast typist, a text expander, a remote session that batches keystrokes) or with
a pause between them. The pauses that lost keys before (50-150 ms: long enough for a key to
look done, too short for the screen it opened to stand) are among them.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import text
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input
from tui_support import SIZE, make_app, settle

from klachtendesk.presets import load_preset
from klachtendesk.store.database import Store
from klachtendesk.tui.dialogs.picker import PickerDialog
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.intake import IntakeScreen
from klachtendesk.tui.screens.queue import QueueScreen

SPACINGS = [0, 0.05, 0.1, 0.15, 0.3]
NAMED = {"tab": "\t", "shift+tab": None, "enter": "\r", "escape": "\x1b", "ctrl+n": "\x0e", "ctrl+s": "\x13"}


def _event(key: str) -> events.Key:
    if key in NAMED:
        return events.Key(key, NAMED[key])
    return events.Key(_character_to_key(key), key)


def _keys(*parts: str) -> list[str]:
    """Named keys as they are, text as one key per character."""
    out: list[str] = []
    for part in parts:
        out.extend([part] if part in NAMED else list(part))
    return out


async def typed(app, *parts: str, spacing: float = 0) -> None:
    """Send keys as the terminal driver does, ``spacing`` seconds apart (0: all at once)."""
    for key in _keys(*parts):
        app._driver.send_message(_event(key))
        if spacing:
            await asyncio.sleep(spacing)


def burst(app, *parts: str) -> None:
    """All keys queued before any is handled."""
    for key in _keys(*parts):
        app.post_message(_event(key))


def value(screen, name: str) -> str:
    return screen.query_one(f"#input-{name}", Input).value


@pytest.mark.parametrize("spacing", SPACINGS)
async def test_n_then_tab_then_a_name_fills_the_name_field(demo_store, spacing):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(app, "n", "tab", "Jan P", spacing=spacing)
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert value(app.screen, "complainant_name") == "Jan P"
        assert isinstance(app.screen_stack[-2], QueueScreen)  # the queue got none of them


@pytest.mark.parametrize("spacing", SPACINGS)
async def test_with_an_entity_field_the_name_still_follows_the_first_tab(tmp_path, spacing):
    store = Store.create(tmp_path / "zorg.db", load_preset("zorgbedrijf"), user="An")
    app = make_app(store, "An")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(app, "n", "tab", "Jan", spacing=spacing)
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert value(app.screen, "complainant_name") == "Jan"
    store.close()


@pytest.mark.parametrize("spacing", SPACINGS)
async def test_keys_typed_while_the_desk_starts_reach_the_queue(demo_store, spacing, monkeypatch):
    from klachtendesk.tui.desk import Desk

    read = Desk.read_first_page

    def slow_first_page(self, *args, **kwargs):  # a large store on a slow disk
        time.sleep(0.4)
        return read(self, *args, **kwargs)

    monkeypatch.setattr(Desk, "read_first_page", slow_first_page)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        assert len(app.screen_stack) == 1  # the queue is not there yet: the store is being opened
        await typed(app, "7", "j", spacing=spacing)
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.query_state.view == "all"
        assert app.screen.query_one("#cases").cursor == 1


@pytest.mark.parametrize("spacing", SPACINGS)
async def test_a_key_pressed_while_a_case_is_read_acts_on_that_case(demo_store, spacing):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen
        await typed(app, "enter", "c", spacing=spacing)  # open the first case, then: its category
        await settle(pilot)
        assert isinstance(app.screen, PickerDialog)
        assert isinstance(app.screen_stack[-2], CaseScreen)
        assert app.screen_stack[-3] is queue


@pytest.mark.parametrize("spacing", SPACINGS)
async def test_a_pick_then_the_next_action_each_land_in_their_dialog(demo_store, spacing):
    """`c`, a filter, Enter picks and saves; the `k` right behind it opens the next dialog
    on the case screen instead of landing in the category filter that is closing."""
    with demo_store.sessions.read() as session:
        case_id = session.execute(text("SELECT id FROM case_file WHERE reference = '2026-0002'")).scalar()
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        await typed(app, "c", "overl", "enter", "k", spacing=spacing)
        await settle(pilot)
        assert isinstance(app.screen, PickerDialog)
        assert app.screen.title_text == "Eindkwalificatie"
        assert app.screen.query_one("#filter", Input).value == ""
        with demo_store.sessions.read() as session:
            category = session.execute(text(
                "SELECT g.label FROM case_file c JOIN category g ON g.id = c.category_id WHERE c.id = :i"),
                {"i": case_id}).scalar()
        assert category == "Overlast"


@pytest.mark.parametrize("spacing", SPACINGS)
async def test_ctrl_n_then_the_next_complainant_lands_in_the_new_form(demo_store, spacing):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#input-title").focus()
        await settle(pilot)
        form.query_one("#input-title", Input).value = "Sirene te lui"
        await typed(app, "d", "ctrl+n", "tab", "Piet", spacing=spacing)
        await settle(pilot)
        assert app.screen is form
        assert value(form, "complainant_name") == "Piet"
        assert value(form, "title") == ""
        with demo_store.sessions.read() as session:
            titles = session.execute(text("SELECT title FROM case_file WHERE title = 'Sirene te luid'")).scalars().all()
        assert titles == ["Sirene te luid"]


@pytest.mark.parametrize("spacing", SPACINGS)
async def test_search_words_typed_right_after_the_slash_are_searched_not_obeyed(demo_store, spacing):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(app, "/", "hond", spacing=spacing)  # in the queue, `n` would open the intake form
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.query_one("#search", Input).value == "hond"


async def test_a_burst_of_text_and_tabs_fills_each_field(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        form = app.screen
        burst(app, "tab", "Jan Peeters", "tab", "jan@example.be", "tab", "tab", "tab", "Sirene te luid",
              "shift+tab", "shift+tab", "0470 11 22 33")
        await settle(pilot)
        values = {name: value(form, name) for name in ("complainant_name", "complainant_email",
                                                        "complainant_phone", "title")}
        assert values == {"complainant_name": "Jan Peeters", "complainant_email": "jan@example.be",
                          "complainant_phone": "0470 11 22 33", "title": "Sirene te luid"}


async def test_a_paste_right_after_n_lands_in_the_new_form(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "n", "tab")
        app.post_message(events.Paste("Jan Peeters"))
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert value(app.screen, "complainant_name") == "Jan Peeters"




async def test_the_desk_closes_cleanly_when_it_exits_at_its_first_frame(demo_store, monkeypatch, capfd):
    """The desk told to quit as its queue is first drawn (a script that starts it and stops
    it at once): it closes without a traceback on the terminal."""
    from textual.app import App

    app = make_app(demo_store)
    draw = App._display

    def display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        draw(self, screen, renderable)
        if renderable is not None and isinstance(self.screen, QueueScreen) and self.is_running:
            self.exit()

    monkeypatch.setattr(App, "_display", display)
    await app.run_async(headless=True, size=SIZE)
    assert app.return_code == 0
    assert "Traceback" not in capfd.readouterr().err
