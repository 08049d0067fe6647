"""The inbox screen and the case screen's file and letter dialogs, on the frozen day at 120x36."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import text
from tui_support import SIZE, make_app, settle

sys.path.insert(0, str(Path(__file__).parent.parent / "mail"))
from mail_corpus import APPLE, GMAIL, GMAIL_FORWARD, GMAIL_REPLY, NOT_MAIL  # noqa: E402

from klachtendesk.store import settings as settings_table  # noqa: E402
from klachtendesk.tui.mail_desk import INBOX_SETTING  # noqa: E402


def _inbox(store, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name, raw in (("1.eml", GMAIL), ("2.eml", GMAIL_REPLY), ("3.eml", APPLE), ("4.eml", GMAIL_FORWARD),
                      ("5.eml", NOT_MAIL)):
        (folder / name).write_bytes(raw)
    with store.sessions.write() as session:
        settings_table.put(session, INBOX_SETTING, "~/inbox")


def _keys(*keys: str, case: str | None = None, store=None):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if case:
            with store.sessions.read() as session:
                case_id = session.execute(text("SELECT id FROM case_file WHERE reference = :r"), {"r": case}).scalar()
            pilot.app.open_case(case_id)
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_inbox(snap_compare, demo_store, tmp_path, monkeypatch):
    _inbox(demo_store, tmp_path, monkeypatch)
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_keys("m", "j"))


def test_inbox_without_folder(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_keys("m"))


def test_case_letter_dialog(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE,
                        run_before=_keys("m", case="2026-0004", store=demo_store))


def test_case_files_dialog(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE,
                        run_before=_keys("f", case="2026-0004", store=demo_store))
