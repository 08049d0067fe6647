"""User text is shown exactly as typed: markup is literal, actions never fire, no crash."""

from __future__ import annotations

import pytest
from rich.text import Text
from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk.tui.safe import plain, user_text
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.widgets.case_list import CaseList

MARKUP = [
    "[b]vet[/b]",
    "[@click=app.quit]x[/]",
    "[/]",
    "[link=https://example.org]klik[/link]",
    "[red on white]rood[/]",
    "[bold",
    "\\[escaped]",
    "$accent [$accent]variabele[/]",
]


@pytest.mark.parametrize("value", MARKUP)
def test_user_text_never_parses_markup(value):
    rendered = user_text(value)
    assert isinstance(rendered, Text) and rendered.plain == value and not rendered.spans


def test_plain_removes_what_a_terminal_would_act_on():
    assert plain("a\x1b[31mb\x07c\x9bd\u202ee") == "a[31mbcde"
    assert plain("twee\nregels", single_line=True) == "twee regels"


async def test_hostile_strings_through_intake_queue_detail_and_timeline(demo_store):
    app = make_app(demo_store)
    title = "[b]vet[/b] [@click=app.quit]x[/] [link=https://x]y[/link] [/]"
    description = "[red]rood[/red] \\[x] [bold"
    name = "[@click=app.bell]Jan[/]"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#input-title").value = title
        screen.query_one("#input-description").text = description
        screen.query_one("#input-complainant_name").value = name
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running
        notes = [str(n.message) for n in app._notifications]
        assert any("geregistreerd" in n for n in notes)

        # In the queue: the title cell is the literal text.
        cases = app.screen.query_one(CaseList)
        await pilot.press("7")
        await settle(pilot)
        index = next(i for i in range(cases.total) if cases.row_at(i).title == title)
        cases.move_to(index)
        await settle(pilot)
        y = index - int(cases.scroll_y)
        row_text = cases.render_line(y).text
        assert "[b]vet[/b] [@click=app.q" in row_text  # cut to the column, never styled

        # In the case screen: details and timeline show the literal strings.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        details = str(app.screen.query_one("#details-text").render())
        assert title in details and description in details and name in details
        # A note with markup lands in the timeline literally.
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#value").text = "[@click=app.quit]notitie[/] [b]x"
        await pilot.press("ctrl+s")
        await settle(pilot)
        timeline = str(app.screen.query_one("#timeline").render())
        assert "[@click=app.quit]notitie[/] [b]x" in timeline
        # Clicking where the "link" is does nothing: still running, still on the case.
        await pilot.click("#details-text", offset=(20, 2))
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CaseScreen)
    with demo_store.sessions.read() as session:
        stored = session.execute(text("SELECT title, description, complainant_name FROM case_file "
                                      "WHERE reference = '2026-0008'")).one()
    assert tuple(stored) == (title, description, name)


async def test_command_palette_shows_a_hostile_title_literally(demo_store):
    title = "[@click=app.quit]sluit[/] [b]vet [link=x]"
    with demo_store.sessions.write() as session:
        session.execute(text("UPDATE case_file SET title = :t WHERE reference = '2026-0002'"), {"t": title})
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        for ch in "sluit":
            await pilot.press(ch)
        await pilot.pause(0.5)
        await settle(pilot)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(title in p for p in prompts), prompts
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CaseScreen)
