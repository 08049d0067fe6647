"""The inbox screen and the case screen's files and letters, driven by keys."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from tui_support import SIZE, make_app, settle

sys.path.insert(0, str(Path(__file__).parent.parent / "mail"))
from mail_corpus import GMAIL, GMAIL_REPLY, NOT_MAIL, OUTLOOK  # noqa: E402

from klachtendesk.store import settings as settings_table  # noqa: E402
from klachtendesk.tui.mail_desk import INBOX_SETTING  # noqa: E402
from klachtendesk.tui.screens.case import CaseScreen  # noqa: E402
from klachtendesk.tui.screens.inbox import InboxScreen  # noqa: E402
from klachtendesk.tui.screens.intake import IntakeScreen  # noqa: E402

HOSTILE_SUBJECT = b"Subject: [b]vet[/b] =?utf-8?b?G1szMW1yb29k?= [@click=app.quit]x[/]"


@pytest.fixture
def inbox(demo_store, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "1.eml").write_bytes(GMAIL)
    (folder / "2.eml").write_bytes(GMAIL_REPLY)
    (folder / "3.eml").write_bytes(NOT_MAIL)
    (folder / "4.eml").write_bytes(OUTLOOK.replace(b"Subject: Factuur interventie =?iso-8859-1?Q?Caf=E9?= De Hoek",
                                                   HOSTILE_SUBJECT))
    with demo_store.sessions.write() as session:
        settings_table.put(session, INBOX_SETTING, str(folder))
    return folder


def shown(app) -> str:
    """The screen's text, as a user reads it (the screenshot without its SVG markup)."""
    svg = re.sub(r"<style>.*?</style>", "", app.export_screenshot(), flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def _rows(store, sql):
    with store.sessions.read() as session:
        return session.execute(text(sql)).all()


async def test_inbox_to_intake_to_case_and_the_reply_to_its_case(demo_store, inbox):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        states = [item.state for item in screen.items]
        assert states.count("nieuw") == 3 and states[-1] == "onleesbaar"
        shot = shown(app)
        assert "[b]vet[/b]" in shot and "[@click=app.quit]x[/]" in shot and "rood" in shot
        # The oldest mail (Sofie's, 16/11) is the third line: newest first.
        index = next(i for i, item in enumerate(screen.items) if item.parsed and item.parsed.mail.subject
                     == "Ladderwagen met draaiende motor")
        for _ in range(index):
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        form = app.screen.query_one("#input-title")
        assert form.value == "Ladderwagen met draaiende motor"
        assert app.screen.query_one("#input-complainant_email").value == "sofie.wuyts@gmail.com"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        (case_id, reference), = _rows(demo_store, "SELECT id, reference FROM case_file "
                                                  "WHERE complainant_email = 'sofie.wuyts@gmail.com'")
        assert _rows(demo_store, f"SELECT source FROM attachment WHERE case_id = {case_id}") == [("origineel",)]
        reply = next(i for i, item in enumerate(app.screen.items) if item.answers is not None)
        assert app.screen.items[reply].answers == (case_id, reference)
        app.screen.query_one("OptionList").highlighted = reply
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j")  # yes: add it to the case
        await settle(pilot)
        assert len(_rows(demo_store, f"SELECT id FROM mail_message WHERE case_id = {case_id}")) == 2
        notes = [n for (n,) in _rows(demo_store, f"SELECT note FROM event WHERE case_id = {case_id} "
                                                 "AND kind = 'mail_in' ORDER BY id")]
        assert "het gebeurde ook op 9 november" in notes[-1]


async def test_inbox_folder_is_set_on_the_inbox_screen(demo_store, tmp_path):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert "nog geen inboxmap" in shown(app)
        await pilot.press("p")
        await settle(pilot)
        for ch in str(tmp_path / "nergens"):
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        assert "bestaat niet" in shown(app), "a folder that does not exist is refused"
        app.screen.query_one("#value").value = str(tmp_path)
        await pilot.press("enter")
        await settle(pilot)
    with demo_store.sessions.read() as session:
        assert settings_table.get(session, INBOX_SETTING) == str(tmp_path)


async def test_case_screen_adds_a_file_and_makes_a_letter(demo_store, tmp_path, monkeypatch):
    opened: list[Path] = []
    monkeypatch.setattr("klachtendesk.tui.mail_desk.open_with_system", lambda path: opened.append(path))
    photo = tmp_path / "foto van de schade.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 2000)
    (case_id,), = _rows(demo_store, "SELECT id FROM case_file WHERE reference = '2026-0004'")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")  # + Bestand toevoegen…
        await settle(pilot)
        app.screen.query_one("#value").value = str(photo)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert [f.name for f in app.screen.bundle.files] == ["foto van de schade.png"]
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("enter")  # ontvangstmelding
        await settle(pilot)
        await pilot.press("enter")  # the default format first
        await settle(pilot)
        await pilot.press("j")  # record it as sent
        await settle(pilot)
        assert opened and opened[0].read_bytes()[:2] in (b"PK", b"X-")
        case = app.screen.bundle.case
        assert str(case.acknowledged) == "2026-11-27"
        names = [f.name for f in app.screen.bundle.files]
        assert names[0] == "foto van de schade.png" and "ontvangstmelding" in names[1]


async def test_a_large_file_is_refused_in_dutch(demo_store, tmp_path):
    big = tmp_path / "video.mp4"
    with big.open("wb") as handle:
        handle.truncate(26_000_000)
    (case_id,), = _rows(demo_store, "SELECT id FROM case_file WHERE reference = '2026-0004'")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#value").value = str(big)
        await pilot.press("enter")
        await settle(pilot)
        assert "video.mp4 is te groot (26,0 MB; maximaal 25 MB)" in shown(app)
    assert _rows(demo_store, "SELECT count(*) FROM attachment") == [(0,)]
