"""Figures on the desk: start to interactive queue, memory, the queue's keys, opening a case.

Start-up and memory run the ``klachtendesk`` command in a fresh interpreter per run
(desk_probe.py), headless, and stop at the first frame that shows the queue's first page.
The keys and opening a case drive the desk in this process with Textual's Pilot and stop
each press's clock at the first frame that shows its result (frames.py): no sleeping poll
sits inside a timed interval. Each of those figures has a floor beside it, the same keys
in a bare Textual app (bare_app.py), timed in the same run.

The desk works on a copy of the store (it remembers who logged in, a write), as on the
day the store was generated for.
"""

from __future__ import annotations

import asyncio
import os
import select
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from bare_app import BareApp, Detail
from frames import FrameWaiter, rows_drawn, watch_frames
from harness import ROOT, Context, Measurement, figure, rotate, writable_copy

from klachtendesk import clock

sys.path.insert(0, str(ROOT / "tests" / "tui"))
from tui_support import SIZE, settle  # noqa: E402 - the TUI tests' wait for a screen's work

HERE = Path(__file__).resolve().parent
PROBE = "desk_probe.py"
USER = "bench"
STARTS_TIMEOUT = 120.0  # seconds a start may take before the figure gives up

# The keys as the issue lists them, with how many presses each round times.
J_PRESSES = 20
PAGE_DOWN_PRESSES = 10
LAST_PRESSES = 5
VIEW_SWITCHES = 4  # 7, 1, 7, 1: the all view and back to the open view
#: Words typed into the search, each in full, as fast as keys arrive: "hond" is a word
#: a desk searches for (1 in 40 cases mention it), "werk" one found in a fifth of the store.
SEARCH_WORDS = ("hond", "werk")
SEARCHES = 2  # per word per round
OPENS = 5

WARM_UPS = 1  # untimed rounds of each side first (the smoke test sets 0)
KEY_GAP = 0.05  # seconds of quiet before each timed key (see _time_keys)

NAVIGATION_TARGET = 0.016
SEARCH_TARGET = 0.100
OPEN_TARGET = 0.050


# -- start-up and memory: a fresh process per run -----------------------------------------


def _start(args: list[str]) -> tuple[float, int, float]:
    """Seconds from spawning ``desk_probe.py args`` to its first-page marker, its peak RSS in
    bytes and the CPU seconds it had used by then (for profiling: less noisy than the clock)."""
    read_end, write_end = os.pipe()
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
           "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1]), "BENCH_MARKER_FD": str(write_end)}
    # An installed program runs from compiled bytecode (pip compiles a wheel's modules), and
    # the untimed warm-up round is there to compile it: a PYTHONDONTWRITEBYTECODE inherited
    # from the shell would have every timed run compile klachtendesk's sources again (about
    # a fifth of the desk's start-up), which no user's start pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(HERE / PROBE), *args], env=env,
                                   pass_fds=(write_end,), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=errors)
        os.close(write_end)
        try:
            ready, _, _ = select.select([read_end], [], [], STARTS_TIMEOUT)
            line = os.read(read_end, 200).decode() if ready else ""
            seconds = time.perf_counter() - started
        finally:
            os.close(read_end)
        try:
            code = process.wait(timeout=STARTS_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        errors.seek(0)
        message = errors.read().decode(errors="replace")[-2000:]
    if not line.startswith("drawn ") or code != 0:
        raise RuntimeError(f"desk_probe.py {' '.join(args)}: exit {code}, marker {line!r}\n{message}")
    return seconds, int(line.split()[1]) * 1024, float(line.split()[2])


_starts: dict[Path, dict[str, list[tuple[float, int, float]]]] = {}


def returning_user(path: Path | str, today: date) -> Path | str:
    """The store as a returning user finds it: migrated, the login remembered and the day's
    backup made (a first start does all three, which is not what the figures time)."""
    from klachtendesk.store.backup import daily_backup
    from klachtendesk.store.database import Store
    from klachtendesk.tui.desk import Desk

    store = Store.open(path)
    name = login_of(path)
    try:
        Desk(store, name).remember_login(name, name)  # `--user NAME` logs in as NAME
        daily_backup(store, today)
    finally:
        store.close()
    return path


def _on_server(path: Path | str) -> bool:
    return isinstance(path, str) and "://" in path


def login_of(path: Path | str) -> str:
    """Who the desk starts as: ``--user`` on SQLite; on a team server the URL's login
    (the desk refuses ``--user`` there)."""
    from urllib.parse import urlsplit

    return (urlsplit(str(path)).username or USER) if _on_server(path) else USER


def user_args(path: Path | str) -> list[str]:
    """``--user NAME`` where the desk takes it: not on a team server."""
    return [] if _on_server(path) else ["--user", USER]


def _desk_store(ctx: Context) -> Path | str:
    copy = writable_copy(ctx)
    if copy not in _seeded:
        _seeded.add(returning_user(copy, ctx.today))
    return copy


_seeded: set[Path | str] = set()


def _start_runs(ctx: Context) -> dict[str, list[tuple[float, int, float]]]:
    """(seconds, peak bytes) per run of the desk on this store, on the empty store, and of
    the bare app; taken once per size for both the start and the memory figure."""
    if ctx.store not in _starts:
        empty = ctx.other_copy(0, "empty-copy")
        returning_user(empty, ctx.today)
        store = _desk_store(ctx)
        today = ctx.today.isoformat()
        sides: dict[str, Callable[[], tuple[float, int, float]]] = {
            "desk": lambda: _start(["desk", "--db", str(store), *user_args(store), "--today", today]),
            "empty": lambda: _start(["desk", "--db", str(empty), *user_args(empty), "--today", today]),
            "bare": lambda: _start(["bare"]),
        }
        if ctx.size == 0:
            del sides["empty"]  # the same store
        rotate(WARM_UPS, sides)  # files in the page cache, bytecode compiled
        _starts[ctx.store] = rotate(ctx.runs, sides)
    return _starts[ctx.store]


@figure("start to interactive queue", max_ratio=1.2,
        product="`klachtendesk --db STORE --user NAME` in a fresh process, headless: from spawning the "
                "process to the first frame that shows the queue's first page",
        baseline="the same command on the empty store")
def start_figure(ctx: Context) -> list[Measurement]:
    runs = _start_runs(ctx)
    desk = [run[0] for run in runs["desk"]]
    work = f"{ctx.size:,} cases, open view"
    found = [] if ctx.size == 0 else [
        Measurement(work, desk, [run[0] for run in runs["empty"]], row="vs the empty store")]
    found.append(Measurement(work, desk, [run[0] for run in runs["bare"]], row="vs a bare Textual app",
                             baseline="bare_app.py (Textual and SQLModel imported, an empty DataTable) "
                                      "to its first frame",
                             max_ratio=1.5))
    return found


@figure("memory", unit="B",
        product="peak resident memory (VmHWM) of the desk's process when the queue's first page is drawn",
        baseline="the same on the empty store")
def memory_figure(ctx: Context) -> list[Measurement]:
    runs = _start_runs(ctx)
    desk = [float(run[1]) for run in runs["desk"]]
    work = f"{ctx.size:,} cases, open view"
    found = [] if ctx.size == 0 else [
        Measurement(work, desk, [float(run[1]) for run in runs["empty"]], row="vs the empty store",
                    max_ratio=1.2)]
    found.append(Measurement(work, desk, [float(run[1]) for run in runs["bare"]], row="vs a bare Textual app",
                             baseline="bare_app.py when its table is drawn (no target: for scale)"))
    return found


# -- keys and opening a case: Pilot, timed to the frame ------------------------------------


def _key_event(key: str) -> Any:
    """The event a terminal's key press becomes, as Pilot.press builds it."""
    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def _press(app: Any, *keys: str) -> Callable[[], None]:
    """Send the keys at once, as a terminal delivers keys typed faster than they are handled."""
    def send() -> None:
        for key in keys:
            app._driver.send_message(_key_event(key))
    return send


async def _time_keys(app: Any, waiter: FrameWaiter, keys: tuple[str, ...], ready: Callable[[], bool]) -> float:
    """Seconds from the keys to the first frame with ``ready()``, after a person's pause.

    The pause: Textual draws a frame at once when it drew none for two frame times (33 ms),
    else at its next tick. Keys pressed by a person (not held down) come further apart than
    that; the untimed settling before each key ends with a frame, so without the pause every
    key would wait for a tick a person's key does not wait for.
    """
    await asyncio.sleep(KEY_GAP)
    return await waiter.time(_press(app, *keys), ready)


Session = Callable[[Any, Any, FrameWaiter], Awaitable[dict[str, list[float]]]]


async def _session(app: Any, keys: Session) -> dict[str, list[float]]:
    waiter = FrameWaiter()
    with watch_frames(waiter):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, timeout=60)
            return await keys(app, pilot, waiter)


def _rounds(ctx: Context, desk: Session, bare: Session) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Run the desk's and the bare app's sessions in turns; every press's seconds, by key."""
    from klachtendesk.tui.app import KlachtendeskApp

    store = _desk_store(ctx)
    clock.freeze(ctx.today)
    try:
        def desk_run() -> dict[str, list[float]]:
            app = KlachtendeskApp(store, user=USER, login=USER, alerts_on_start=False)
            return asyncio.run(_session(app, desk))

        def bare_run() -> dict[str, list[float]]:
            return asyncio.run(_session(BareApp(with_rows=True), bare))

        rotate(WARM_UPS, {"desk": desk_run, "bare": bare_run})
        runs = rotate(ctx.runs, {"desk": desk_run, "bare": bare_run})
    finally:
        clock.freeze(None)
    pooled: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    for side, found in zip(pooled, (runs["desk"], runs["bare"]), strict=True):
        for per_key in found:
            for key, seconds in per_key.items():
                side.setdefault(key, []).extend(seconds)
    return pooled


def _case_list(app: Any) -> Any:
    from klachtendesk.tui.widgets.case_list import CaseList

    return app.screen.query_one(CaseList)


async def _desk_keys(app: Any, pilot: Any, waiter: FrameWaiter) -> dict[str, list[float]]:
    screen, cases = app.screen, _case_list(app)
    found: dict[str, list[float]] = {"j": [], "page down": [], "G": [], "view switch": []}

    async def timed(name: str, keys: tuple[str, ...], ready: Callable[[], bool]) -> None:
        found.setdefault(name, []).append(await _time_keys(app, waiter, keys, ready))
        await settle(pilot)

    async def untimed(*keys: str) -> None:
        await pilot.press(*keys)
        await settle(pilot)

    def at(index: int) -> Callable[[], bool]:
        return lambda: cases.cursor == index and rows_drawn(cases)

    for _ in range(J_PRESSES):
        await timed("j", ("j",), at(cases.cursor + 1))
    await untimed("g")
    step = max(1, cases.scrollable_content_region.height - 1)
    for _ in range(PAGE_DOWN_PRESSES):
        await timed("page down", ("pagedown",), at(min(cases.cursor + step, cases.total - 1)))
    for _ in range(LAST_PRESSES):
        await untimed("g", "r")  # back to the top, and the cached pages dropped: G reads the end anew
        await timed("G", ("G",), at(cases.total - 1))
    await untimed("g")
    for n in range(VIEW_SWITCHES):
        key, view = ("7", "all") if n % 2 == 0 else ("1", "open")
        await timed("view switch", (key,), _showing(app, screen.query_state.with_(view=view)))
    for word in SEARCH_WORDS:
        for _ in range(SEARCHES):
            await untimed("slash")
            await timed(f"search '{word}'", tuple(word), _showing(app, screen.query_state.with_(search=word)))
            await untimed("escape")
    return found


def _showing(app: Any, query: Any) -> Callable[[], bool]:
    """Whether the queue shows ``query``'s results: its count in the list and in the views
    bar, its first row on top, every visible row loaded. What to expect is read beforehand
    (untimed), so a list still showing the previous rows cannot pass for the result."""
    from klachtendesk.store.queue import shown

    counted, rows = app.desk.queue_first_page(query, 1)
    total, _ = shown(query, counted)
    first = rows[0].id if rows else None
    screen, cases = app.screen, _case_list(app)

    def ready() -> bool:
        top = cases.row_at(0)
        return (cases.queue_query == query and cases.total == total and screen._total == total
                and (top.id if top else None) == first and rows_drawn(cases))
    return ready


async def _bare_keys(app: Any, pilot: Any, waiter: FrameWaiter) -> dict[str, list[float]]:
    table = app.table
    found: dict[str, list[float]] = {}

    async def timed(name: str, keys: tuple[str, ...], ready: Callable[[], bool]) -> None:
        found.setdefault(name, []).append(await _time_keys(app, waiter, keys, ready))
        await settle(pilot)

    def cursor_past(row: int) -> Callable[[], bool]:
        return lambda: table.cursor_row > row

    def showing(view: str, search: str = "") -> Callable[[], bool]:
        return lambda: app.view == view and app.shown_for == search

    for _ in range(J_PRESSES):
        await timed("j", ("j",), cursor_past(table.cursor_row))
    for n in range(PAGE_DOWN_PRESSES):
        if n % 2 == 0:
            table.move_cursor(row=0)  # a page of rows holds two page downs
            await settle(pilot)
        await timed("page down", ("pagedown",), cursor_past(table.cursor_row))
    for _ in range(LAST_PRESSES):
        table.move_cursor(row=0)
        await settle(pilot)
        await timed("G", ("G",), cursor_past(table.row_count - 2))
    for n in range(VIEW_SWITCHES):
        view = "all" if n % 2 == 0 else "open"
        await timed("view switch", ("7" if view == "all" else "1",), showing(view))
    for word in SEARCH_WORDS:
        for _ in range(SEARCHES):
            await pilot.press("slash")
            await timed(f"search '{word}'", tuple(word), showing(app.view, word))
            await pilot.press("escape")
            await settle(pilot)
    return found


def _row(name: str, desk: list[float], bare: list[float], presses: int, ctx: Context, target: float) -> Measurement:
    return Measurement(f"{len(desk)} presses ({presses} × {ctx.runs} rounds), {ctx.size:,} cases", desk, bare,
                       row=name, max_value=target)


@figure("queue keys", max_value=NAVIGATION_TARGET,
        product="a key press in the queue (Pilot, headless 120×36), to the first frame that shows its result "
                "with every visible row loaded; a search from its first letter, the word's keys arriving at once",
        baseline="the same keys in bare_app.py: a DataTable of 100 rows moving its cursor, refilled "
                 "for a view switch, filtered in Python per typed letter (Textual's own floor)")
def keys_figure(ctx: Context) -> list[Measurement] | None:
    if ctx.size == 0:
        return None
    desk, bare = _rounds(ctx, _desk_keys, _bare_keys)
    presses = {"j": J_PRESSES, "page down": PAGE_DOWN_PRESSES, "G": LAST_PRESSES, "view switch": VIEW_SWITCHES}
    found = [_row(name, desk[name], bare[name], presses[name], ctx, NAVIGATION_TARGET)
             for name in ("j", "page down", "G")]
    found.append(_row("view switch (1 → 7 → 1)", desk["view switch"], bare["view switch"], VIEW_SWITCHES, ctx,
                      SEARCH_TARGET))
    for word in SEARCH_WORDS:
        name = f"search '{word}'"
        found.append(_row(f"typing the search '{word}'", desk[name], bare[name], SEARCHES, ctx, SEARCH_TARGET))
    return found


async def _desk_opens(app: Any, pilot: Any, waiter: FrameWaiter) -> dict[str, list[float]]:
    from klachtendesk.tui.screens.case import CaseScreen

    found: list[float] = []
    for _ in range(OPENS):
        found.append(await _time_keys(app, waiter, ("enter",), lambda: (
            isinstance(app.screen, CaseScreen) and app.screen.bundle is not None)))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j")  # the next case
        await settle(pilot)
    return {"open": found}


async def _bare_opens(app: Any, pilot: Any, waiter: FrameWaiter) -> dict[str, list[float]]:
    found: list[float] = []
    for _ in range(OPENS):
        found.append(await _time_keys(app, waiter, ("enter",), lambda: (
            isinstance(app.screen, Detail) and app.screen.loaded)))
        await settle(pilot)
        await pilot.press("escape", "j")
        await settle(pilot)
    return {"open": found}


@figure("open a case", max_value=OPEN_TARGET,
        product="`enter` on a case in the queue, to the first frame of the case screen with its details and "
                "timeline (read in a worker)",
        baseline="bare_app.py: `enter` on a table row, to a screen filled from a worker thread (no SQL)")
def open_figure(ctx: Context) -> Measurement | None:
    if ctx.size == 0:
        return None
    desk, bare = _rounds(ctx, _desk_opens, _bare_opens)
    return Measurement(f"{len(desk['open'])} cases ({OPENS} × {ctx.runs} rounds), {ctx.size:,} cases",
                       desk["open"], bare["open"])
