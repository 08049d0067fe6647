"""The hostile corpus (tests/hostile.py) through the intake form and the edit screen, and
back on every screen that shows citizen data: queue, case details, timeline.

No exception, no markup interpreted, no action fired; what is stored is what the user
meant (the corpus says what that is), and what cannot be stored is refused next to its
field in Dutch, with nothing saved.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk.domain.text import clean_text
from klachtendesk.tui.safe import plain
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.edit import EditScreen
from klachtendesk.tui.screens.intake import IntakeScreen
from klachtendesk.tui.widgets.case_list import CaseList
from klachtendesk.tui.widgets.case_view import case_details, timeline

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from hostile import HOSTILE_STRINGS  # noqa: E402

TEXTS = [h for h in HOSTILE_STRINGS if h.field in ("text", "label")]
DATES = [h for h in HOSTILE_STRINGS if h.field == "date"]


def _as_text_area_shows(hostile) -> str:
    """A text area shows the characters str.splitlines() breaks on (NEL, VT, FF, FS, GS, RS)
    as line breaks, so a description holds a newline where the user saw one."""
    normalised = hostile.text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n".join(normalised.split("\n")) == "\n".join(normalised.splitlines()) + (
            "\n" if normalised.endswith("\n") else ""):
        return hostile.meant
    return clean_text("\n".join(normalised.splitlines()))


def _error(screen, field: str) -> str:
    return str(screen.query_one(f"#error-{field}").render())


async def test_hostile_text_through_intake_is_stored_as_meant_and_shown_literally(demo_store):
    app = make_app(demo_store)
    saved: dict[str, str] = {}  # corpus id -> reference
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        for hostile in TEXTS:
            screen = app.screen
            assert isinstance(screen, IntakeScreen)
            screen.query_one("#input-title").value = hostile.text
            screen.query_one("#input-description").text = hostile.text
            screen.query_one("#input-complainant_name").value = hostile.text
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, IntakeScreen), hostile.id
            if hostile.line is None or hostile.meant is None:
                assert "te lang" in _error(screen, "title") or "te lang" in _error(screen, "description"), hostile.id
            elif not hostile.line:
                assert "Geef de zaak een titel" in _error(screen, "title"), hostile.id
            else:
                message = str(screen.query_one("#saved").render())
                saved[hostile.id] = message.split("Zaak ")[1].split(" ")[0]
            screen.query_one("#input-title").value = ""
        await pilot.press("escape")
        await settle(pilot)
        if app.screen.__class__.__name__ == "ConfirmDialog":
            await pilot.press("j")
            await settle(pilot)

        with demo_store.sessions.read() as session:
            rows = {r[0]: r[1:] for r in session.execute(text(
                "SELECT reference, id, title, description, complainant_name FROM case_file"))}
        by_id = {h.id: h for h in TEXTS}
        for hostile_id, reference in saved.items():
            hostile = by_id[hostile_id]
            _, title, description, name = rows[reference]
            assert (title, name) == (hostile.line, hostile.line), hostile_id
            assert description == _as_text_area_shows(hostile), hostile_id

        # Every saved case in the queue (all view) and on its own screen.
        await pilot.press("7")
        await settle(pilot)
        cases = app.screen.query_one(CaseList)
        index_of = {cases.row_at(i).reference: i for i in range(cases.total) if cases.row_at(i)}
        for hostile_id, reference in saved.items():
            title = rows[reference][1]
            cases.move_to(index_of[reference])
            await settle(pilot)
            line = cases.render_line(cases.cursor - int(cases.scroll_y)).text
            assert plain(title, single_line=True)[:8].strip() in line, hostile_id
        # Each case's details and timeline as the case screen builds them; every tenth case
        # also opened on screen (a screen costs Textual a tenth of a second to build).
        for number, (hostile_id, reference) in enumerate(saved.items()):
            case_id, title, description, name = rows[reference]
            bundle = app.desk.load_case(case_id)
            details, history = str(case_details(bundle, app.desk)), str(timeline(bundle))
            assert title in details and name in details and description[:2000] in details, hostile_id
            assert "registreerd" in history, hostile_id
            if number % 10 == 0:
                app.open_case(case_id)
                await settle(pilot)
                assert isinstance(app.screen, CaseScreen), hostile_id
                shown = str(app.screen.query_one("#details-text").render())
                assert title in shown and name in shown, hostile_id
                await pilot.press("escape")
                await settle(pilot)
        assert app.is_running


async def test_hostile_text_through_the_edit_screen_and_the_timeline(demo_store):
    app = make_app(demo_store)
    with demo_store.sessions.read() as session:
        case_id = session.execute(text("SELECT id FROM case_file WHERE reference = '2026-0006'")).scalar()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        usable = [h for h in TEXTS if h.line]
        fields = ("complainant_address", "complainant_phone", "complainant_name", "title")
        for start in range(0, len(usable), len(fields)):
            batch = list(zip(fields, usable[start:start + len(fields)], strict=False))
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, EditScreen)
            for field, hostile in batch:
                app.screen.query_one(f"#input-{field}").value = hostile.text
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen), [h.id for _, h in batch]
            with demo_store.sessions.read() as session:
                stored = session.execute(text(
                    "SELECT complainant_address, complainant_phone, complainant_name, title FROM case_file "
                    "WHERE id = :i"), {"i": case_id}).one()
            history = str(app.screen.query_one("#timeline").render()).replace("\n", " ")
            for (_field, hostile), value in zip(batch, stored, strict=False):
                assert value == hostile.line, hostile.id
                assert plain(hostile.line, single_line=True)[:40] in history, hostile.id
        assert app.is_running


async def test_hostile_dates_in_intake(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        for hostile in DATES:
            screen = app.screen
            screen.query_one("#input-title").value = f"datum {hostile.id}"
            screen.query_one("#input-received").value = hostile.text
            await pilot.press("ctrl+n")
            await settle(pilot)
            if hostile.accepts is None:
                assert _error(screen, "received"), hostile.id
                assert screen.query_one("#input-title").value == f"datum {hostile.id}"  # kept for correction
            else:
                with demo_store.sessions.read() as session:
                    received = session.execute(text("SELECT received FROM case_file WHERE title = :t"),
                                               {"t": f"datum {hostile.id}"}).scalar()
                assert received == hostile.accepts, hostile.id
