"""What every benchmark figure shares: the registry, timing, the stores, the machine.

A figure is a function ``(Context) -> Measurement | None`` registered with ``@figure``;
``run.py`` calls every registered figure at every size and prints what they return. A
figure returns None where it does not apply (an export of an empty store). To add one
(the desk's start-up, its keys, a year summary, memory), write the function in a
``figures_*.py`` module next to this one and list that module in ``run.FIGURE_MODULES``.

Each figure times the product and its baseline alternately in the same process, after an
untimed warm-up of each, and reports medians: on a noisy machine both sides see the same
noise, so their ratio holds even when the seconds drift.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generate

ROOT = Path(__file__).resolve().parent.parent


# -- figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    work: str  # what was done, e.g. "100,000 rows"
    seconds: list[float]  # the product, one value per timed run
    baseline_seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline_seconds)

    @property
    def ratio(self) -> float:
        return self.median / self.baseline_median


@dataclass(frozen=True)
class Context:
    size: int  # cases in the store
    store: Path  # the generated store of this size: read it, do not change it
    work: Path  # a scratch folder for this size, emptied afterwards
    runs: int  # timed runs per side
    seed: int
    preset: str


@dataclass(frozen=True)
class Figure:
    name: str
    product: str  # what is timed, as the table's reader knows it
    baseline: str
    max_ratio: float
    measure: Callable[[Context], Measurement | None]


FIGURES: dict[str, Figure] = {}


def figure(name: str, *, product: str, baseline: str, max_ratio: float
           ) -> Callable[[Callable[[Context], Measurement | None]], Callable[[Context], Measurement | None]]:
    """Register a figure: ``max_ratio`` is the issue's target for product / baseline."""
    def register(measure: Callable[[Context], Measurement | None]) -> Callable[[Context], Measurement | None]:
        if name in FIGURES:
            raise ValueError(f"figure {name!r} registered twice")
        FIGURES[name] = Figure(name, product, baseline, max_ratio, measure)
        return measure
    return register


def alternate(runs: int, product: Callable[[Any], None], baseline: Callable[[Any], None],
              setup_product: Callable[[int], Any] = lambda n: None,
              setup_baseline: Callable[[int], Any] = lambda n: None,
              teardown: Callable[[Any], None] = lambda value: None) -> tuple[list[float], list[float]]:
    """Time ``product`` and ``baseline`` alternately, ``runs`` times each.

    ``setup_*(n)`` prepares run n untimed and returns what the timed call takes (a fresh
    store, say); ``teardown`` gets it back after the run. Warm-ups are the caller's: a
    figure often needs the product's first result to build its baseline.
    """
    product_seconds: list[float] = []
    baseline_seconds: list[float] = []
    for n in range(runs):
        for setup, timed, out in ((setup_product, product, product_seconds),
                                  (setup_baseline, baseline, baseline_seconds)):
            value = setup(n)
            started = time.perf_counter()
            timed(value)
            out.append(time.perf_counter() - started)
            teardown(value)
    return product_seconds, baseline_seconds


def remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# -- the generated stores, kept between runs --------------------------------------------


def ensure_store(folder: Path, size: int, seed: int, preset: str) -> tuple[Path, str]:
    """The generated store of this size and seed: reused when a complete one exists."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{preset}-{size}-seed{seed}.db"
    marker = path.with_name(path.name + ".json")
    if path.exists() and marker.exists():
        info = json.loads(marker.read_text())
        if info.get("shape") == generate.SHAPE_VERSION:
            return path, f"reused, generated for {info['today']} in {info['seconds']:.1f} s"
    remove_store(path)
    marker.unlink(missing_ok=True)
    started = time.perf_counter()
    report = generate.generate(path, size, seed=seed, preset=preset)
    generate.verify(path, preset)
    seconds = time.perf_counter() - started
    marker.write_text(json.dumps({"shape": generate.SHAPE_VERSION, "today": report.today.isoformat(),
                                  "seconds": seconds, "cases": size}))
    return path, f"generated for {report.today.isoformat()} in {seconds:.1f} s (verified)"


def scratch(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


# -- the machine ------------------------------------------------------------------------


def _proc_field(path: str, name: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.lower().startswith(name.lower()):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def machine() -> dict[str, str]:
    memory = _proc_field("/proc/meminfo", "MemTotal")
    if memory.endswith("kB"):
        memory = f"{int(memory.split()[0]) / 1024 ** 2:.1f} GiB"
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                                capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    import sqlalchemy

    return {
        "CPU": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "memory": memory or "unknown",
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "SQLite": sqlite3.sqlite_version,
        "SQLAlchemy": sqlalchemy.__version__,
        "klachtendesk commit": commit,
        # Other work on the machine shows here: the ratios hold, the seconds drift.
        "load average at start (1, 5, 15 min)": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
