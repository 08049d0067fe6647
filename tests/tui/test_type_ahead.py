"""Keys that arrive in one burst (a fast typist, a text expander, a remote session that
batches keystrokes) land in the fields the user tabbed to, never all in the first one."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key
from tui_support import SIZE, make_app, settle

from klachtendesk.tui.dialogs.picker import PickerDialog
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.intake import IntakeScreen
from klachtendesk.tui.screens.queue import QueueScreen

NAMED = {"tab": "\t", "shift+tab": None, "enter": "\r"}


def burst(app, *keys: str) -> None:
    """Post keys the way the terminal driver does: all queued before any is handled."""
    for key in keys:
        if key in NAMED:
            app.post_message(events.Key(key, NAMED[key]))
        else:
            for ch in key:
                app.post_message(events.Key(_character_to_key(ch), ch))


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
        values = {name: form.query_one(f"#input-{name}").value
                  for name in ("complainant_name", "complainant_email", "complainant_phone", "title")}
        assert values == {"complainant_name": "Jan Peeters", "complainant_email": "jan@example.be",
                          "complainant_phone": "0470 11 22 33", "title": "Sirene te luid"}


async def test_keys_typed_while_the_intake_form_is_built_go_to_the_form(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "n", "tab", "Jan Peeters", "tab", "jan@example.be")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert app.screen.query_one("#input-complainant_name").value == "Jan Peeters"
        assert app.screen.query_one("#input-complainant_email").value == "jan@example.be"
        assert isinstance(app.screen_stack[-2], QueueScreen)  # the queue got none of them


async def test_a_key_pressed_while_a_case_is_read_acts_on_that_case(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen
        burst(app, "enter", "c")  # open the first case, then at once: its category
        await settle(pilot)
        assert isinstance(app.screen, PickerDialog)
        assert isinstance(app.screen_stack[-2], CaseScreen)
        assert app.screen_stack[-3] is queue


async def test_search_words_typed_right_after_the_slash_are_searched_not_obeyed(demo_store):
    from textual.widgets import Input

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "/", "hond")  # in the queue, `n` would open the intake form
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.query_one(Input).value == "hond"
