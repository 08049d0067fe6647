"""What the desk does to look instant: the first page read while it starts, nothing heavy
imported before the queue is drawn, a search that keeps the rows on screen while it runs."""

from __future__ import annotations

import subprocess
import sys

from tui_support import SIZE, make_app, settle

from klachtendesk.store.queue import QueueQuery
from klachtendesk.tui.desk import Desk
from klachtendesk.tui.widgets.case_list import CaseList


def test_the_first_page_read_at_start_is_taken_once_and_only_for_its_view(demo_store):
    desk = Desk(demo_store, "Els Peeters")
    desk.read_first_page()
    query = QueueQuery(view="open", user_id=desk.user_id)
    assert desk.take_first_page(query.with_(view="all")) is None  # another view reads its own
    desk.read_first_page()
    total, rows = desk.take_first_page(query)
    assert (total, rows) == desk.queue_first_page(query, 100) and total == 7
    assert desk.take_first_page(query) is None  # once: later loads read the store again


def test_the_queue_path_does_not_load_the_holidays_package():
    # Loading it takes about 150 ms (it imports every country); the first page needs no holidays.
    code = ("import sys, klachtendesk.cli, klachtendesk.tui.app, klachtendesk.tui.screens.queue\n"
            "print('holidays' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_the_due_soon_limit_is_computed_in_a_worker_not_while_drawing_rows(demo_store, monkeypatch):
    # The day's first limit loads the public holidays (150 ms): on the UI thread it held the
    # queue's first frame back whenever the first rows were not all overdue.
    import threading

    from klachtendesk.domain import deadlines

    threads = []
    original = deadlines.due_soon_limit

    def recording(today, calendar):
        threads.append(threading.current_thread() is threading.main_thread())
        return original(today, calendar)

    deadlines._limits.clear()
    monkeypatch.setattr(deadlines, "due_soon_limit", recording)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = [app.screen.query_one(CaseList).row_at(i) for i in range(4)]
        assert all(rows)
        # The demo's first rows: two overdue, then two due within 3 working days, marked.
        assert [app.desk.urgency(row.due, False).value for row in rows] == \
            ["overdue", "overdue", "due_soon", "due_soon"]
    assert threads and not any(threads)  # computed, and never on the UI thread
    deadlines._limits.clear()


async def test_a_search_keeps_the_rows_on_screen_until_its_own_arrive(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cases = app.screen.query_one(CaseList)
        cases.reload(cases.queue_query.with_(search="sirene"))
        assert cases.total == 7 and cases.row_at(0) is not None  # no "Laden…" while typing
        await settle(pilot)
        assert cases.queue_query.search == "sirene" and cases.total < 7
        cases.reload(cases.queue_query.with_(view="all", search=""))
        assert cases.total is None  # another view: "Laden…" rather than the wrong rows
        await settle(pilot)
        assert cases.total == 20
