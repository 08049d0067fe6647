"""The settings screen and the workload, on the frozen day 27/11/2026 10:30, at 120x40 and
80x24. Regenerate after an intended change with `--snapshot-update`, and look at the SVGs."""

from __future__ import annotations

from datetime import date

import pytest
from tui_support import make_app, settle

from klachtendesk import clock
from klachtendesk.store.settings import change_closure


def _keys(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_settings(snap_compare, demo_store, size):
    with demo_store.sessions.write() as session:  # a closure, and its line in the log
        change_closure(session, None, (date(2026, 12, 24), date(2027, 1, 1)), user="Tom Jacobs", now=clock.now())
    demo_store.refresh()
    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=_keys("i"))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_workload(snap_compare, demo_store, size):
    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=_keys("w", "j", "l"))
