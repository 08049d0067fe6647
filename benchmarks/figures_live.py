"""Figures on the live refresh: what it costs while nothing changes, and how soon a change shows.

- One look: ``Store.changed()`` on a started watch, called many times in a row with nothing
  committed, against the same look over a bare connection (SQLite: ``PRAGMA data_version``
  on a plain ``sqlite3`` connection; PostgreSQL: a bare psycopg connection's
  ``notifies(timeout=0)`` after LISTEN). The desk makes one look a second.
- An idle desk: the desk on the queue, nobody typing, for ``IDLE_WINDOW`` seconds: the CPU
  time of the process (every thread) with the live refresh on (its worker looking every
  second) against the same desk with it off, in turns.
- Latency: another connection changes the title of the case under the cursor; the clock
  runs from the start of that commit to the first frame that shows the new title, with
  the desk's own worker looking every second (the wait for the next look included), and,
  separately, from a look that finds the change to that frame (the refresh itself: the
  queue's rows on screen read again and drawn).

The desk runs in this process on a copy of the store, as in figures_desk.py.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from figures_desk import SIZE, USER, WARM_UPS, _case_list, _desk_store
from frames import FrameWaiter, rows_drawn, watch_frames
from harness import Context, Measurement, alternate, figure, rotate

from klachtendesk import clock

LOOKS = 20_000  # looks per timed run of "one look"
IDLE_WINDOW = 10.0  # seconds an idle desk is watched per run
LATENCY_CHANGES = 5  # changes per round of the latency figure
LIVE_INTERVAL = 1.0  # the desk's own (tui/live.py)
LOOK_TARGET = 0.001  # a look within a thousandth of the interval it runs in
#: An idle desk's CPU in IDLE_WINDOW seconds with the live refresh on: at most 0.1% of a core.
#: (A ratio to the desk without it means little: a headless idle desk uses next to nothing.)
IDLE_TARGET = 0.001 * IDLE_WINDOW
SHOW_TARGET = 2.0  # the issue: a colleague's change shows within about 2 seconds
REFRESH_TARGET = 0.100  # the refresh itself, as a view switch (figures_desk.SEARCH_TARGET)


# -- one look --------------------------------------------------------------------------------


def _bare_look(where: Path | str) -> tuple[Callable[[], bool], Callable[[], None]]:
    """The same look over a bare connection: (look, close)."""
    if isinstance(where, str):  # a PostgreSQL URL
        import psycopg

        connection = psycopg.connect(where, autocommit=True)
        connection.execute("LISTEN klachtendesk_changes")
        return (lambda: bool(list(connection.notifies(timeout=0)))), connection.close
    import sqlite3

    plain = sqlite3.connect(where, isolation_level=None)
    seen = plain.execute("PRAGMA data_version").fetchone()[0]
    return (lambda: plain.execute("PRAGMA data_version").fetchone()[0] != seen), plain.close


@figure("live refresh: one look", max_value=LOOK_TARGET,
        product=f"`Store.changed()` on a started watch with nothing committed, {LOOKS:,} looks in a row, "
                "per look (the desk looks once a second)",
        baseline="the same look over a bare connection: SQLite `PRAGMA data_version` on a plain sqlite3 "
                 "connection; PostgreSQL `notifies(timeout=0)` on a bare psycopg connection that LISTENs")
def look_figure(ctx: Context) -> Measurement:
    from klachtendesk.store.database import Store

    where = _desk_store(ctx)
    store = Store.open(where)
    store.watch_changes()
    bare, close = _bare_look(where)
    try:
        def product(_: Any) -> None:
            for _ in range(LOOKS):
                if store.changed():
                    raise AssertionError("a change while nothing was committed")

        def baseline(_: Any) -> None:
            for _ in range(LOOKS):
                if bare():
                    raise AssertionError("a change while nothing was committed")

        alternate(WARM_UPS, product, baseline)
        product_seconds, baseline_seconds = alternate(ctx.runs, product, baseline)
    finally:
        close()
        store.close()
    return Measurement(f"{LOOKS:,} looks, per look", [s / LOOKS for s in product_seconds],
                       [s / LOOKS for s in baseline_seconds])


# -- an idle desk ------------------------------------------------------------------------------


async def _idle_session(app: Any) -> float:
    from tui_support import settle

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, timeout=60)
        await asyncio.sleep(1.0)  # the start's own after-work (counts, the login's write) done
        started = time.process_time()
        await asyncio.sleep(IDLE_WINDOW)
        return time.process_time() - started


@figure("live refresh: idle desk", max_value=IDLE_TARGET,
        product=f"CPU time (all threads) of the desk on the queue for {IDLE_WINDOW:g} s with nothing typed and "
                f"nothing changed, live refresh on (a look every {LIVE_INTERVAL:g} s)",
        baseline="the same desk, the same wait, live refresh off")
def idle_figure(ctx: Context) -> Measurement:
    from klachtendesk.tui.app import KlachtendeskApp

    store = _desk_store(ctx)
    clock.freeze(ctx.today)
    try:
        def run(interval: float | None) -> Callable[[], float]:
            def one() -> float:
                app = KlachtendeskApp(store, user=USER, login=USER, alerts_on_start=False, start_tasks=False,
                                      live_interval=interval)
                return asyncio.run(_idle_session(app))
            return one

        sides = {"on": run(LIVE_INTERVAL), "off": run(None)}
        rotate(WARM_UPS, sides)
        found = rotate(ctx.runs, sides)
    finally:
        clock.freeze(None)
    return Measurement(f"{IDLE_WINDOW:g} s idle on the queue", found["on"], found["off"])


# -- latency -----------------------------------------------------------------------------------


def _retitle(other: Any, case_id: int, title: str) -> None:
    from klachtendesk.store import actions
    from klachtendesk.store.cases import get_case

    with other.sessions.read() as session:
        version = get_case(session, case_id).version
    actions.save_fields(other, case_id, version, "collega", {"title": title})


async def _latency_session(app: Any, other: Any) -> dict[str, list[float]]:
    from tui_support import settle

    found: dict[str, list[float]] = {"commit to frame": [], "look to frame": []}
    waiter = FrameWaiter()
    with watch_frames(waiter):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, timeout=60)
            await asyncio.sleep(1.5)  # the start's own write seen and refreshed
            cases = _case_list(app)

            def shows(title: str) -> Callable[[], bool]:
                return lambda: (cases.current is not None and cases.current.title == title
                                and rows_drawn(cases))

            for n in range(LATENCY_CHANGES):
                case_id = cases.current.id
                # The desk's worker looks every second: the commit lands anywhere in that second.
                await asyncio.sleep(0.37 * (n + 1) % LIVE_INTERVAL)
                title = f"Gewijzigd door een collega {time.monotonic_ns()}"
                commit = functools.partial(_retitle, other, case_id, title)
                found["commit to frame"].append(await waiter.time(commit, shows(title), timeout=30))
                await settle(pilot)
            app.workers.cancel_group(app, "live")  # from here on, only the looks made below
            await asyncio.sleep(LIVE_INTERVAL * 1.5)
            await asyncio.to_thread(app.poll_store)
            await settle(pilot)
            for _ in range(LATENCY_CHANGES):
                title = f"Gewijzigd door een collega {time.monotonic_ns()}"
                await asyncio.to_thread(_retitle, other, cases.current.id, title)
                found["look to frame"].append(await waiter.time(
                    lambda: threading.Thread(target=app.poll_store).start(), shows(title), timeout=30))
                await settle(pilot)
    return found


@figure("live refresh: latency", max_value=SHOW_TARGET,
        product="another connection retitles the case under the cursor; from the start of its commit to the "
                f"first frame showing the new title (the desk's worker looking every {LIVE_INTERVAL:g} s); and "
                "from a look that finds the change to that frame",
        baseline="none: the targets are absolute")
def latency_figure(ctx: Context) -> list[Measurement] | None:
    from klachtendesk.store.database import Store
    from klachtendesk.tui.app import KlachtendeskApp

    where = _desk_store(ctx)
    clock.freeze(ctx.today)
    other = Store.open(where)
    try:
        def one() -> dict[str, list[float]]:
            app = KlachtendeskApp(where, user=USER, login=USER, alerts_on_start=False, start_tasks=False,
                                  live_interval=LIVE_INTERVAL)
            return asyncio.run(_latency_session(app, other))

        if ctx.size == 0:
            return None  # an empty queue has no case to change
        rotate(WARM_UPS, {"desk": one})
        runs = rotate(ctx.runs, {"desk": one})["desk"]
    finally:
        other.close()
        clock.freeze(None)
    pooled: dict[str, list[float]] = {}
    for per_run in runs:
        for name, seconds in per_run.items():
            pooled.setdefault(name, []).extend(seconds)
    return [Measurement(f"{len(pooled['commit to frame'])} changes", pooled["commit to frame"], [],
                        row="commit to frame"),
            Measurement(f"{len(pooled['look to frame'])} changes", pooled["look to frame"], [], row="look to frame",
                        max_value=REFRESH_TARGET)]
