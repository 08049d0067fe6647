"""Long work in the desk shows its progress in the status bar while the desk stays usable:
the day's first backup (started once the queue is drawn) and a report export."""

from __future__ import annotations

import asyncio
import threading
import time

from tui_support import SIZE, make_app, settle

from klachtendesk.tui.app import KlachtendeskApp
from klachtendesk.tui.screens.summary import SummaryScreen
from klachtendesk.tui.widgets.bars import StatusBar
from klachtendesk.tui.widgets.case_list import CaseList


def status(app) -> str:
    bars = app.screen.query(StatusBar)
    return str(bars.first().render()) if bars else ""


async def until(pilot, condition, timeout: float = 10.0) -> None:
    """Pause until ``condition()`` holds (a worker keeps the app busy, so no settle)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        await pilot.pause()
        await asyncio.sleep(0.02)


async def test_the_days_first_backup_shows_in_the_status_bar_while_the_queue_works(demo_store, monkeypatch):
    halfway, finish = threading.Event(), threading.Event()

    def slow_backup(store, today=None, *, progress):
        progress(1, 4)  # a quarter copied
        halfway.set()
        assert finish.wait(10)
        progress(4, 4)

    monkeypatch.setattr("klachtendesk.store.startup.daily_backup", slow_backup)
    app = KlachtendeskApp(demo_store.location, user="Els Peeters", login="test", store=demo_store,
                          alerts_on_start=False, start_tasks=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "Reservekopie van vandaag 25%" in status(app))
        rows = app.screen.query_one(CaseList)
        before = rows.cursor
        await pilot.press("j")  # the desk answers keys meanwhile
        await until(pilot, lambda: rows.cursor == before + 1)
        assert "Reservekopie van vandaag 25%" in status(app)
        finish.set()
        await until(pilot, lambda: "Reservekopie" not in status(app))
        assert "open" in status(app)  # the counts stay


async def test_a_report_export_shows_in_the_status_bar_until_it_is_written(demo_store, tmp_path, monkeypatch):
    started, finish = threading.Event(), threading.Event()
    from klachtendesk.report import export as report_export

    real = report_export.export_report

    def slow_export(*args, progress, **kwargs):
        progress(0, 3)
        started.set()
        assert finish.wait(10)
        return real(*args, progress=progress, **kwargs)

    monkeypatch.setattr("klachtendesk.tui.screens.summary.export_report", slow_export)
    app = make_app(demo_store)
    target = tmp_path / "rapport.json"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#format").value = "json"
        await settle(pilot)
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and "Rapport exporteren (json)" in status(app))
        finish.set()
        await until(pilot, lambda: target.exists() and "Rapport exporteren" not in status(app))
