"""Pasted escape sequences never reach an input widget (issue 11)."""

from textual.app import App, ComposeResult

from klachtendesk.tui.widgets.clean_input import CleanInput


class _One(App[None]):
    def compose(self) -> ComposeResult:
        yield CleanInput(id="q")


async def test_a_pasted_terminal_reset_is_dropped_and_the_letters_kept_in_order() -> None:
    app = _One()
    async with app.run_test() as pilot:
        box = app.query_one(CleanInput)
        box.focus()
        pasted = "x\x1bc" + "a" * 60 + "Jan \x1bcPeeters\x1b[31m rood"
        app.post_message  # noqa: B018
        box.insert_text_at_cursor(pasted)
        await pilot.pause()
        assert box.value == "x" + "a" * 60 + "Jan Peeters rood"
