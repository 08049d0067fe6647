"""Start the desk, or the bare Textual app, and report the moment its first page is drawn.

    BENCH_MARKER_FD=N python benchmarks/desk_probe.py desk --db STORE --user NAME [--today D]
    BENCH_MARKER_FD=N python benchmarks/desk_probe.py bare
    BENCH_MARKER_FD=N python benchmarks/desk_probe.py summary --db STORE --user NAME [--today D]

Run by figures_desk in a fresh interpreter per timed run, with ``TEXTUAL_DRIVER`` set to
Textual's headless driver (and COLUMNS/LINES to the terminal size). ``desk`` runs the
``klachtendesk`` command itself (``klachtendesk.cli.main``), so the start-up measured is the
command's own: its imports, opening and checking the store, the queue's first count and
page. At the first frame in which the queue's visible rows are drawn (or the bare app's
table), it writes ``drawn <peak resident kB> <CPU seconds>`` to file descriptor N and asks the app to
exit; the parent stops its clock when that line arrives.

``summary`` starts the desk the same way, then presses ``s`` in the queue and times, in this
process, the key to the first frame that shows the year summary's first section (the
overview's table) and to the frame after which every section is computed; then ``esc`` and
``s`` again, timed to the first section. It writes ``summary <first> <all> <second>`` (seconds).
"""

from __future__ import annotations

import os
import resource
import sys
import time
from typing import Any

from frames import rows_drawn, watch_frames

#: Where the parent reads the marker line.
MARKER_FD = "BENCH_MARKER_FD"


def peak_rss_kb() -> int:
    """The peak resident set size of this process so far (VmHWM), in kB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


def queue_drawn(app: Any) -> bool:
    screen = app.screen
    if type(screen).__name__ != "QueueScreen":
        return False
    lists = screen.query("CaseList")
    return bool(lists) and rows_drawn(lists.first())


def table_drawn(app: Any) -> bool:
    tables = app.screen.query("DataTable")
    return bool(tables) and tables.first().size.height > 0


def summary_drawn(app: Any) -> bool:
    """The year summary's first section on screen: its overview table, computed."""
    screen = app.screen
    if type(screen).__name__ != "SummaryScreen":
        return False
    return bool(screen.query("#body-overview ReportTableView")) and screen.query_one("#body-overview").region.height > 0


class SummaryTimer:
    """Presses s in the queue and times it to the summary's first section, twice."""

    def __init__(self, marker: int) -> None:
        self.marker, self.step, self.started, self.found = marker, 0, 0.0, []

    def press(self, app: Any, key: str) -> None:
        from textual import events

        def send() -> None:  # once the frame is out, as a key typed at the first sight of the queue
            self.started = time.perf_counter()
            app._driver.send_message(events.Key(key, key if len(key) == 1 else None))

        app.set_timer(0.05, send)

    def __call__(self, app: Any) -> None:
        if self.step in (0, 3) and queue_drawn(app):
            self.step += 1
            self.press(app, "s")
        elif self.step in (1, 4) and summary_drawn(app):
            self.found.append(time.perf_counter() - self.started)
            self.step += 1
            if self.step == 5:
                times = " ".join(f"{t:.4f}" for t in self.found)
                os.write(self.marker, f"summary {times}\n".encode())
                app.exit()
        elif self.step == 2 and getattr(app.screen, "summary", None) is not None:
            self.found.append(time.perf_counter() - self.started)  # every section, the first time
            self.step += 1
            self.press(app, "escape")


def main(argv: list[str]) -> int:
    kind, args = argv[0], argv[1:]
    marker = int(os.environ[MARKER_FD])
    if kind == "summary":
        timer = SummaryTimer(marker)
        with watch_frames(timer):
            from klachtendesk.cli import main as klachtendesk

            code = klachtendesk(args)
        return code if timer.step == 5 else 3
    drawn = queue_drawn if kind == "desk" else table_drawn
    done = False

    def on_frame(app: Any) -> None:
        nonlocal done
        if not done and drawn(app):
            done = True
            cpu = os.times()
            os.write(marker, f"drawn {peak_rss_kb()} {cpu.user + cpu.system:.3f}\n".encode())
            app.exit()

    with watch_frames(on_frame):
        if kind == "desk":
            from klachtendesk.cli import main as klachtendesk

            code = klachtendesk(args)
        else:
            from bare_app import BareApp

            BareApp().run()
            code = 0
    return code if done else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
