"""The summary screen: the first time after start, from ``s`` in the queue to its first section.

Each run starts the desk in a fresh process (``desk_probe.py summary``: its own imports, a
fresh connection, nothing of the year read yet), presses ``s`` at the queue's first page and
stops at the first frame that shows the overview's table; then ``esc`` and ``s`` once more,
for the second time in the same process. The baseline is the figures the overview shows
computed as plain SQL (figures_report.plain_summary, every figure of the JSON) in a fresh
process: what the screen costs beyond counting.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import tempfile
from pathlib import Path

from figures_desk import HERE, PROBE, SIZE, STARTS_TIMEOUT, WARM_UPS, _desk_store, user_args
from harness import Context, Measurement, figure, rotate

#: The issue's target: the first section within 1.5 s, also the first time after start.
TARGET = 1.5


def _summary_run(store: Path, today: str) -> tuple[float, float, float]:
    read_end, write_end = os.pipe()
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
           "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1]), "BENCH_MARKER_FD": str(write_end)}
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([sys.executable, str(HERE / PROBE), "summary", "--db", str(store), *user_args(store),
                                    "--today", today], env=env, pass_fds=(write_end,), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=errors)
        os.close(write_end)
        try:
            ready, _, _ = select.select([read_end], [], [], STARTS_TIMEOUT * 4)
            line = os.read(read_end, 200).decode() if ready else ""
        finally:
            os.close(read_end)
        try:
            code = process.wait(timeout=STARTS_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        errors.seek(0)
        message = errors.read().decode(errors="replace")[-2000:]
    if not line.startswith("summary ") or code != 0:
        raise RuntimeError(f"desk_probe.py summary: exit {code}, marker {line!r}\n{message}")
    first, every, second = line.split()[1:4]
    return float(first), float(every), float(second)


def _plain_run(store: Path, year: int, today: str) -> float:
    code = (f"import sys, time; sys.path.insert(0, {str(HERE)!r}); started = time.perf_counter(); "
            f"from figures_report import plain_summary; plain_summary({str(store)!r}, {year}, {today!r}); "
            "print(time.perf_counter() - started)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


@figure("summary screen",
        product="`s` in the queue of a desk just started (a fresh process), to the first frame of the year "
                "summary showing its first section (and to every section computed); then the same a second "
                "time in that process",
        baseline="every figure of the year's JSON from plain SQL in a fresh process (figures_report.plain_summary)")
def summary_screen_figure(ctx: Context) -> list[Measurement] | None:
    if ctx.size == 0:
        return None
    store = _desk_store(ctx)
    today = ctx.today.isoformat()
    sides = {"desk": lambda: _summary_run(store, today), "plain": lambda: _plain_run(store, ctx.today.year, today)}
    rotate(WARM_UPS, sides)
    runs = rotate(ctx.runs, sides)
    work = f"{ctx.size:,} cases, the year {ctx.today.year}"
    first = [run[0] for run in runs["desk"]]
    every = [run[1] for run in runs["desk"]]
    second = [run[2] for run in runs["desk"]]
    plain = list(runs["plain"])
    return [Measurement(work, first, plain, row="first time after start", max_value=TARGET),
            Measurement(work, second, plain, row="second time", max_value=TARGET),
            Measurement(work, every, plain, row="every section, first time (no target)")]
