"""The summary screen, each tab, for the demo year 2023, on the frozen day 27/11/2026 10:30, at 120x36.

Regenerate after an intended change with
`pytest tests/tui/test_summary_snapshots.py --snapshot-update`, and look at the SVGs in
tests/tui/__snapshots__/test_summary_snapshots before committing them.
"""

from __future__ import annotations

import pytest
from tui_support import SIZE, make_app, settle


def _summary(*keys: str, years_back: int = 3):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in ("s", *["left"] * years_back, *keys):
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize(
    ("key", "tab"),
    [("1", "overview"), ("2", "chapter"), ("3", "categories"), ("4", "channels"), ("5", "months"),
     ("6", "timeliness"), ("7", "admissibility"), ("8", "extra_actions"), ("9", "narrative")],
)
def test_summary_2023_tab(snap_compare, demo_store, key, tab):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_summary(key))


def test_summary_months_scrolled_to_the_quarters(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_summary("5", "G"))


def test_summary_period_dialog_with_error(snap_compare, demo_store):
    async def run_before(pilot) -> None:
        await _summary("p")(pilot)
        pilot.app.screen.query_one("#end").value = "31/6/2023"
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run_before)


def test_summary_typed_period(snap_compare, demo_store):
    async def run_before(pilot) -> None:
        await _summary("p")(pilot)
        pilot.app.screen.query_one("#start").value = "1/6/2023"
        pilot.app.screen.query_one("#end").value = "30/9/2023"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run_before)


def test_summary_export_dialog(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_summary("e"))


def test_summary_help(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_summary("question_mark"))


def test_summary_chapter_with_a_wide_table_scrolled_sideways(snap_compare, tmp_path):
    """The police's keyword x outcome table is wider than 120 columns: chosen with enter, scrolled with →."""
    from datetime import date

    from klachtendesk import clock
    from klachtendesk.presets import load_preset
    from klachtendesk.store.cases import CaseFields, create_case
    from klachtendesk.store.database import Store

    store = Store.create(tmp_path / "politie.db", load_preset("politie"), user="An")
    tax = store.taxonomy
    complaint = tax.find("types", "Klacht politieoptreden")
    with store.sessions.write() as session:
        for i, category in enumerate(tax.top_categories(complaint.id)[:6]):
            qualification = tax.qualifications[i % len(tax.qualifications)]
            create_case(session, CaseFields(received=date(2026, 3, 10 + i), signal_type_id=complaint.id,
                                            title="Een klacht", category_id=category.id,
                                            qualification_id=qualification.id, channel_id=tax.channels[i].id),
                        user="An", settings=store.settings, taxonomy=tax, now=clock.now())

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in ("s", "2", *["j"] * 38, "enter", "right", "right", "right"):
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(make_app(store, "An"), terminal_size=SIZE, run_before=run_before)
    store.close()
