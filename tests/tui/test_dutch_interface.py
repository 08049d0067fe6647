"""No English on screen: not from Textual's own widgets (the palette's search box and its
"no matches", the theme list, ctrl+c's hint, a select's "Dismiss menu" in the key bar), on
any screen or dialog of the desk."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text
from tui_support import SIZE, make_app, settle

ENGLISH = re.compile(r"\b(Search|commands?|No matches|found|Dismiss|Quit|Press|themes?|Toggle|Copy|Cancel|"
                     r"Submit|Select|Exit the|Go to|Keys|Focus|Open link|Loading)\b")


def screen_text(app) -> str:
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    lines = ["".join(segment.text for strip in line for segment in strip) for line in update.strips]
    notices = [f"{n.title} {n.message}" for n in app._notifications]
    return "\n".join(lines + notices)


def assert_dutch(app, where: str) -> None:
    found = ENGLISH.findall(screen_text(app))
    assert not found, f"{where}: English on screen: {found}"


async def _case(app, pilot, store, reference="2026-0002") -> None:
    with store.sessions.read() as session:
        case_id = session.execute(text("SELECT id FROM case_file WHERE reference = :r"), {"r": reference}).scalar()
    app.open_case(case_id)
    await settle(pilot)


async def test_the_palette_and_its_nothing_found_are_dutch(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert "Zoek een actie van dit scherm" in screen_text(app)
        assert_dutch(app, "palette")
        for ch in "xqzw":
            await pilot.press(ch)
        await pilot.pause(0.8)  # the palette says "nothing found" after half a second
        await settle(pilot)
        assert "Niets gevonden" in screen_text(app)
        assert_dutch(app, "palette, nothing found")


async def test_the_theme_list_and_ctrl_c_are_dutch(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.search_themes()
        await settle(pilot)
        assert "Zoek een kleurenthema" in screen_text(app)
        assert_dutch(app, "themes")
        await pilot.press("escape", "ctrl+c")
        await settle(pilot)
        assert "Afsluiten doe je met ctrl+q" in screen_text(app)
        assert_dutch(app, "ctrl+c")


async def test_an_open_select_does_not_put_english_in_the_key_bar(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")  # opens the channel list
        await settle(pilot)
        assert app.screen.query_one("#input-channel_id").expanded
        assert_dutch(app, "intake, select open")


@pytest.mark.parametrize("keys", [
    ("question_mark",), ("f",), ("t", "semicolon"), ("n",), ("s",), ("s", "e"), ("s", "p"), ("s", "question_mark"),
])
async def test_queue_screens_and_dialogs_are_dutch(demo_store, keys):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_dutch(app, "queue")
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert_dutch(app, " ".join(keys))


@pytest.mark.parametrize("key", ["c", "k", "o", "n", "d", "a", "b", "x", "w", "l", "i", "e", "question_mark"])
async def test_case_dialogs_are_dutch(demo_store, key):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _case(app, pilot, demo_store)
        assert_dutch(app, "case")
        await pilot.press(key)
        await settle(pilot)
        assert_dutch(app, f"case, {key}")
