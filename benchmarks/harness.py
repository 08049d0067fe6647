"""What every benchmark figure shares: the registry, timing, the stores, the machine.

A figure is a function ``(Context) -> Measurement | list[Measurement] | None`` registered
with ``@figure``; ``run.py`` calls every registered figure at every size and prints what
they return, one table row per Measurement. A figure returns None where it does not apply
(an export of an empty store). To add one, write the function in a ``figures_*.py`` module
next to this one and list that module in ``run.FIGURE_MODULES``. A target is a ratio to the
baseline (``max_ratio``), an absolute value (``max_value``: 16 ms per key), or both.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import generate

ROOT = Path(__file__).resolve().parent.parent


# -- figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    """One row of a figure's table: the product's runs and (usually) its baseline's.

    Values are seconds, or bytes for a figure whose ``unit`` is "B". A figure with several
    rows (one per key, or one per baseline) names each with ``row``; a row may carry its own
    baseline description and targets, else the figure's apply.
    """

    work: str  # what was done, e.g. "100,000 rows"
    values: list[float]  # the product, one value per timed run
    baseline_values: list[float]  # empty when the row has no baseline
    row: str = ""
    baseline: str = ""
    max_ratio: float | None = None
    max_value: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline_values) if self.baseline_values else None

    @property
    def ratio(self) -> float | None:
        baseline = self.baseline_median
        return self.median / baseline if baseline else None


@dataclass(frozen=True)
class Context:
    size: int  # cases in the store
    store: Path  # the generated store of this size: read it, do not change it
    work: Path  # a scratch folder for this size, emptied afterwards
    runs: int  # timed runs per side
    seed: int
    preset: str
    stores: Path = ROOT / "benchmarks" / "stores"  # where the generated stores are kept
    server: str | None = None  # a PostgreSQL server: the figures run on the store loaded there
    database: str | None = None  # the URL of this size's store on the server

    @property
    def engine(self) -> str:
        return "postgresql" if self.server else "sqlite"

    @property
    def today(self) -> date:
        """The day the store was generated for: the desk and the report work as on that day."""
        return store_today(self.store)

    def other_store(self, size: int) -> Path:
        """The generated store of another size (the empty store, say), built when missing."""
        return ensure_store(self.stores, size, self.seed, self.preset)[0]

    def other_copy(self, size: int, name: str) -> Path | str:
        """A writable copy of the store of another size, on this run's engine."""
        other = self.other_store(size)
        if self.server is None:
            copy = self.work / f"{name}.db"
            shutil.copyfile(other, copy)
            return copy
        import postgres

        template = postgres.ensure_loaded(self.server, other)[0].rsplit("/", 1)[1]
        return postgres.copy_database(self.server, template, f"{template}_{name}")

    def fresh_store(self, name: str) -> Path | str:
        """Where a new store goes (a file, or an empty database on the server)."""
        if self.server is None:
            path = self.work / f"{name}.db"
            remove_store(path)
            return path
        import postgres

        database = f"kdb_work_{name.replace('-', '_')}"
        postgres.drop(self.server, database)
        with postgres._admin(self.server) as admin:
            admin.execute(f'CREATE DATABASE "{database}" TEMPLATE template0')
        return postgres.database_url(self.server, database)

    def drop_store(self, where: Path | str) -> None:
        if isinstance(where, Path):
            remove_store(where)
        elif self.server is not None:
            import postgres

            postgres.drop(self.server, where.rsplit("/", 1)[1])


@dataclass(frozen=True)
class Figure:
    name: str
    product: str  # what is timed, as the table's reader knows it
    baseline: str
    max_ratio: float | None  # the target for product / baseline, if any
    measure: Callable[[Context], Measurement | list[Measurement] | None]
    max_value: float | None = None  # an absolute target (16 ms per key), in the unit below
    unit: str = "s"  # "s" (seconds) or "B" (bytes)

    def targets(self, m: Measurement) -> tuple[float | None, float | None]:
        """(max ratio, max value) for one row: its own, else the figure's."""
        return (m.max_ratio if m.max_ratio is not None else self.max_ratio,
                m.max_value if m.max_value is not None else self.max_value)

    def met(self, m: Measurement) -> bool | None:
        """Whether the row meets its targets; None when it has none."""
        max_ratio, max_value = self.targets(m)
        checks = []
        if max_ratio is not None and m.ratio is not None:
            checks.append(m.ratio <= max_ratio)
        if max_value is not None:
            checks.append(m.median <= max_value)
        return all(checks) if checks else None

    def show(self, value: float) -> str:
        if self.unit == "B":
            return f"{value / 2 ** 20:.1f} MiB"
        if value < 0.001:  # a look at the store (figures_live.py) takes microseconds
            return f"{value * 1e6:.1f} µs"
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


Measure = Callable[[Context], "Measurement | list[Measurement] | None"]

FIGURES: dict[str, Figure] = {}


def figure(name: str, *, product: str, baseline: str, max_ratio: float | None = None,
           max_value: float | None = None, unit: str = "s") -> Callable[[Measure], Measure]:
    """Register a figure: ``max_ratio`` is the issue's target for product / baseline,
    ``max_value`` an absolute one (seconds, or bytes when ``unit`` is "B")."""
    def register(measure: Measure) -> Measure:
        if name in FIGURES:
            raise ValueError(f"figure {name!r} registered twice")
        FIGURES[name] = Figure(name, product, baseline, max_ratio, measure, max_value, unit)
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


def rotate(runs: int, sides: Mapping[str, Callable[[], Any]]) -> dict[str, list[Any]]:
    """Run each side in turn, ``runs`` rounds, and collect what each run returns.

    For figures whose runs measure themselves (a subprocess that reports when its first
    frame is drawn, a key press timed to the frame that shows its result): the sides take
    turns as in ``alternate``, so noise on the machine hits them alike.
    """
    found: dict[str, list[Any]] = {name: [] for name in sides}
    for _ in range(runs):
        for name, run in sides.items():
            found[name].append(run())
    return found


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


def store_today(path: Path) -> date:
    """The day a generated store was made for (its sidecar records it)."""
    info = json.loads(path.with_name(path.name + ".json").read_text())
    return date.fromisoformat(info["today"])


def writable_copy(ctx: Context) -> Path | str:
    """A copy of the generated store for what writes to it (an export logs an event, the
    desk remembers who logged in); made once per size, in the size's scratch folder (on a
    server: a database copied from the loaded one)."""
    if ctx.server is not None:
        import postgres

        assert ctx.database is not None
        name = ctx.database.rsplit("/", 1)[1] + "_copy"
        if name not in _copied:
            _copied[name] = postgres.copy_database(ctx.server, ctx.database.rsplit("/", 1)[1], name)
        return _copied[name]
    copy = ctx.work / "store-copy.db"
    if not copy.exists():
        shutil.copyfile(ctx.store, copy)
    return copy


_copied: dict[str, str] = {}


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
