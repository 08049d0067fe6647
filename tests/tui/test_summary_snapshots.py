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
    [("1", "overview"), ("2", "categories"), ("3", "channels"), ("4", "months"), ("5", "timeliness"),
     ("6", "admissibility"), ("7", "extra_actions"), ("8", "narrative")],
)
def test_summary_2023_tab(snap_compare, demo_store, key, tab):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_summary(key))


def test_summary_months_scrolled_to_the_quarters(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_summary("4", "G"))


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
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run_before)


def test_summary_export_dialog(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_summary("e"))


def test_summary_help(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_summary("question_mark"))
