"""Pasted escape sequences never reach an input widget (issue 11)."""

from sqlalchemy import text
from textual.app import App, ComposeResult
from textual.widgets import Input
from tui_support import SIZE, settle

from klachtendesk.store.database import Store
from klachtendesk.tui.app import KlachtendeskApp
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


async def test_the_first_run_name_is_cleaned_like_user(tmp_path):
    """The name typed at the first start goes through the cleaning --user does (issue 11)."""
    path = tmp_path / "nieuw.db"
    app = KlachtendeskApp(path, login="els", alerts_on_start=False, start_tasks=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#name", Input).value = "  Els \x1b[31m  Peeters\u202e "
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert app.desk is not None and app.desk.user == "Els Peeters"
    app.desk.store.close()
    store = Store.open(path)
    with store.sessions.read() as session:
        names = [row[0] for row in session.execute(text("SELECT name FROM app_user"))]
        remembered = session.execute(text("SELECT value FROM setting WHERE key = 'login.els'")).scalar()
    store.close()
    assert names == ["Els Peeters"]
    assert "Els Peeters" in str(remembered)
