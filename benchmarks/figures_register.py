"""Figures on the register: ``klachtendesk import`` and ``klachtendesk export``.

Both call the command line in-process (``klachtendesk.cli.main``, the function the
``klachtendesk`` console script runs), so they time the real command path (argument
parsing, ``Store.open``, the work, the audit event) without the interpreter's start-up.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from harness import Context, Measurement, alternate, figure, remove_store, writable_copy

from klachtendesk.cli import main as klachtendesk
from klachtendesk.presets import load_preset
from klachtendesk.register.columns import EXPORT_HEADER
from klachtendesk.register.exporter import export_register
from klachtendesk.store.database import Store

USER = "bench"
#: The issue's import figure: a register of 100,000 rows (fewer in a smaller store).
IMPORT_ROWS = 100_000
#: The city's register (issue 10): 225,223 rows, imported in at most 15 s and 300 MB.
CITY_ROWS = 225_223
CITY_SECONDS = 15.0
CITY_BYTES = 300 * 10 ** 6

# The export's baseline reads the same rows as the exporter, written out here rather than
# imported from it: a baseline must not move when the code it measures changes.
PLAIN_EXPORT_QUERY = """
SELECT c.reference, c.received, t.label, ch.label, en.label, c.title, c.description,
       c.complainant_name, c.complainant_email, c.complainant_phone, c.complainant_address,
       c.anonymous, cat.label, sub.label, u.name, c.line, c.admissible, c.inadmissible_reason,
       q.label, c.motivation, c.draft_answer, c.extra_actions, c.extra_actions_done,
       c.acknowledged, c.extension_days, c.extension_reason, c.answered, c.answer_channel,
       rep.reference, c.status, c.due
FROM case_file AS c
JOIN signal_type AS t ON t.id = c.signal_type_id
LEFT JOIN channel AS ch ON ch.id = c.channel_id
LEFT JOIN entity AS en ON en.id = c.entity_id
LEFT JOIN category AS cat ON cat.id = c.category_id
LEFT JOIN category AS sub ON sub.id = c.subcategory_id
LEFT JOIN app_user AS u ON u.id = c.handler_id
LEFT JOIN qualification AS q ON q.id = c.qualification_id
LEFT JOIN case_file AS rep ON rep.id = c.repeat_of_id
ORDER BY c.received, c.id
"""

EVENT_COLUMNS = ("case_id", "at", "user", "kind", "field", "old", "new", "note", "version")


def _run_cli(*args: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        code = klachtendesk(list(args))
    if code != 0:
        raise RuntimeError(f"klachtendesk {' '.join(args)} exited with {code}")


def _csv_records(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle, delimiter=";")) - 1


def _register_csv(ctx: Context, limit: int = IMPORT_ROWS) -> tuple[Path, int]:
    """A register exported from the generated store, cut to its first ``limit`` rows.

    The export is in received order and a repeat always follows the case it repeats, so
    the first rows form a register that imports on its own.
    """
    cut = ctx.work / f"register-{limit}.csv"
    if cut.exists():
        return cut, _csv_records(cut)
    full = ctx.work / "register-full.csv"
    store = Store.open(writable_copy(ctx))
    try:
        count = export_register(store, full, user=USER)
    finally:
        store.close()
    if count <= limit:
        full.rename(cut)
        return cut, count
    with full.open(encoding="utf-8-sig", newline="") as source, \
            cut.open("w", encoding="utf-8-sig", newline="") as target:
        reader = csv.reader(source, delimiter=";")
        writer = csv.writer(target, delimiter=";", lineterminator="\r\n")
        for _, record in zip(range(limit + 1), reader, strict=False):  # the header and the rows
            writer.writerow(record)
    full.unlink()
    return cut, limit


def _plain_connection(path: Path) -> sqlite3.Connection:
    """A bare sqlite3 connection with the pragmas the store's own connections use."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 8000")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


@figure("import", max_ratio=3.0,
        product="klachtendesk import of the register CSV into a fresh store",
        baseline="sqlite3 executemany of the rows that import wrote (cases and their events) "
                 "into a fresh store of the same schema (indexes and FTS triggers included)")
def import_figure(ctx: Context) -> Measurement | None:
    if ctx.size == 0:
        return None
    register, rows = _register_csv(ctx)

    def product(path: Path | str) -> None:
        _run_cli("import", str(register), "--db", str(path), "--user", USER)

    return _import_measurement(ctx, register, rows, product)


#: Peak resident memory and CPU seconds of each timed city import, for the figures that
#: report them (the same runs).
_city_peaks: dict[Path, list[float]] = {}
_city_cpu: dict[Path, list[float]] = {}
PROBE = Path(__file__).with_name("peak_probe.py")


def _import_process(register: Path, where: Path | str) -> tuple[float, float]:
    """``klachtendesk import`` in a fresh interpreter, as a user runs it: its peak resident
    memory (bytes, as the process itself reports it) and its CPU seconds (user + system)."""
    peak_file = register.with_name("peak.txt")
    process = subprocess.Popen([sys.executable, str(PROBE), str(peak_file), "import", str(register),
                                "--db", str(where), "--user", USER],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise RuntimeError(f"klachtendesk import exited with {process.returncode}: {errors}")
    return float(peak_file.read_text()), usage.ru_utime + usage.ru_stime


def _city_runs(ctx: Context) -> tuple[list[float], list[float]]:
    """The peaks and CPU seconds of the time figure's runs, or of runs made here."""
    peaks, cpu = _city_peaks.get(ctx.store), _city_cpu.get(ctx.store)
    if peaks and cpu:
        return peaks, cpu
    register, _ = _register_csv(ctx, CITY_ROWS)
    preset = load_preset(ctx.preset)
    peaks, cpu = [], []
    for n in range(ctx.runs):
        where = ctx.fresh_store(f"city-{n}")
        Store.create(where, preset).close()
        peak, seconds = _import_process(register, where)
        peaks.append(peak)
        cpu.append(seconds)
        ctx.drop_store(where)
    _city_peaks[ctx.store], _city_cpu[ctx.store] = peaks, cpu
    return peaks, cpu


@figure("city import", max_value=CITY_SECONDS,
        product=f"klachtendesk import of the city's register ({CITY_ROWS:,} rows) into a fresh store, "
                "in a fresh process (interpreter start included)",
        baseline="sqlite3 executemany of the rows that import wrote (cases and their events) "
                 "into a fresh store of the same schema (indexes and FTS triggers included)")
def city_import_figure(ctx: Context) -> Measurement | None:
    if ctx.size < CITY_ROWS:
        return None
    register, rows = _register_csv(ctx, CITY_ROWS)
    peaks = _city_peaks.setdefault(ctx.store, [])
    cpu = _city_cpu.setdefault(ctx.store, [])

    def product(path: Path | str) -> None:
        peak, seconds = _import_process(register, path)
        peaks.append(peak)
        cpu.append(seconds)

    measurement = _import_measurement(ctx, register, rows, product)
    del peaks[0], cpu[0]  # the warm-up's
    return measurement


@figure("city import memory", max_value=CITY_BYTES, unit="B",
        product="peak resident memory (VmHWM) of that process importing the city's register",
        baseline="none (the target is absolute)")
def city_import_memory_figure(ctx: Context) -> Measurement | None:
    if ctx.size < CITY_ROWS:
        return None
    return Measurement(f"{CITY_ROWS:,} rows", list(_city_runs(ctx)[0]), [])


@figure("city import CPU",
        product="CPU seconds (user + system) of that process: what a quiet machine's wall time "
                "comes near (the writer thread can overlap it)",
        baseline="none (no target: for reading the time figure on a loaded machine)")
def city_import_cpu_figure(ctx: Context) -> Measurement | None:
    if ctx.size < CITY_ROWS:
        return None
    return Measurement(f"{CITY_ROWS:,} rows", list(_city_runs(ctx)[1]), [])


def _import_measurement(ctx: Context, register: Path, rows: int, product: Any) -> Measurement:
    """Time ``product`` (an import of ``register`` into the store it is given) against a
    plain executemany of the very rows it wrote."""
    preset = load_preset(ctx.preset)

    def fresh(name: str) -> Path | str:
        where = ctx.fresh_store(f"import-{name}")
        Store.create(where, preset).close()
        return where

    # The warm-up's result is what the baseline writes: the very same rows.
    written = fresh("warm-up")
    product(written)
    if ctx.server is not None:
        return _server_import(ctx, register, rows, fresh, product, written)
    source = sqlite3.connect(written)
    try:
        columns = [row[1] for row in source.execute("PRAGMA table_info(case_file)")]
        cases = source.execute("SELECT * FROM case_file ORDER BY id").fetchall()
        events = source.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM event "
                                "WHERE case_id IS NOT NULL ORDER BY id").fetchall()
        users = source.execute("SELECT id, name, active FROM app_user ORDER BY id").fetchall()
    finally:
        source.close()
    remove_store(written)
    if len(cases) != rows:
        raise RuntimeError(f"import wrote {len(cases)} cases of {rows}")
    insert_cases = f"INSERT INTO case_file ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    insert_events = f"INSERT INTO event ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"

    def fresh_with_users(name: str) -> Path:
        path = fresh(name)
        conn = sqlite3.connect(path)
        with conn:
            conn.executemany("INSERT INTO app_user (id, name, active) VALUES (?, ?, ?)", users)
        conn.close()
        return path

    def baseline(path: Path) -> None:
        conn = _plain_connection(path)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(insert_cases, cases)
            conn.executemany(insert_events, events)
            conn.execute("COMMIT")
        finally:
            conn.close()

    warm = fresh_with_users("baseline-warm-up")
    baseline(warm)
    remove_store(warm)
    product_seconds, baseline_seconds = alternate(
        ctx.runs, product, baseline,
        setup_product=lambda n: fresh(f"product-{n}"),
        setup_baseline=lambda n: fresh_with_users(f"baseline-{n}"),
        teardown=remove_store,
    )
    return Measurement(f"{rows:,} rows", product_seconds, baseline_seconds)


def _server_import(ctx: Context, register: Path, rows: int, fresh: Any, product: Any, written: str) -> Measurement:
    """The import figure on a PostgreSQL server: the baseline is psycopg's executemany of
    the same rows into a fresh store of the same schema, in one transaction."""
    import psycopg

    with psycopg.connect(written) as source:
        columns = [row[0] for row in source.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'case_file' "
            "ORDER BY ordinal_position")]
        cases = source.execute("SELECT * FROM case_file ORDER BY id").fetchall()
        events = source.execute(f"SELECT {', '.join(_quoted(EVENT_COLUMNS))} FROM event "
                                "WHERE case_id IS NOT NULL ORDER BY id").fetchall()
        users = source.execute("SELECT id, name, active FROM app_user ORDER BY id").fetchall()
    ctx.drop_store(written)
    if len(cases) != rows:
        raise RuntimeError(f"import wrote {len(cases)} cases of {rows}")
    insert_cases = f"INSERT INTO case_file ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    insert_events = (f"INSERT INTO event ({', '.join(_quoted(EVENT_COLUMNS))}) "
                     f"VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))})")

    def fresh_with_users(name: str) -> str:
        url = str(fresh(name))
        with psycopg.connect(url) as conn:
            conn.cursor().executemany("INSERT INTO app_user (id, name, active) VALUES (%s, %s, %s)", users)
        return url

    def baseline(url: str) -> None:
        with psycopg.connect(url) as conn:
            cursor = conn.cursor()
            cursor.executemany(insert_cases, cases)
            cursor.executemany(insert_events, events)

    warm = fresh_with_users("baseline-warm-up")
    baseline(warm)
    ctx.drop_store(warm)
    product_seconds, baseline_seconds = alternate(
        ctx.runs, product, baseline,
        setup_product=lambda n: fresh(f"product-{n}"),
        setup_baseline=lambda n: fresh_with_users(f"baseline-{n}"),
        teardown=ctx.drop_store,
    )
    return Measurement(f"{rows:,} rows", product_seconds, baseline_seconds)


def _quoted(names: tuple[str, ...]) -> list[str]:
    return [f'"{name}"' for name in names]


@figure("export", max_ratio=2.0,
        product="klachtendesk export of every case to CSV",
        baseline="the same rows read with sqlite3 and written with csv.writer (same file format)")
def export_figure(ctx: Context) -> Measurement | None:
    if ctx.size == 0 or ctx.server is not None:  # measured on SQLite only
        return None
    store = writable_copy(ctx)
    exported, plain = ctx.work / "export.csv", ctx.work / "export-plain.csv"

    def product(_: None) -> None:
        _run_cli("export", str(exported), "--force", "--db", str(store), "--user", USER)

    def baseline(_: None) -> None:
        conn = sqlite3.connect(store)
        try:
            with plain.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
                writer.writerow(EXPORT_HEADER)
                writer.writerows(conn.execute(PLAIN_EXPORT_QUERY))
        finally:
            conn.close()

    product(None)
    baseline(None)
    product_seconds, baseline_seconds = alternate(ctx.runs, product, baseline)
    for path in (exported, plain):
        if _csv_records(path) != ctx.size:
            raise RuntimeError(f"{path.name} holds {_csv_records(path)} rows, not {ctx.size}")
    return Measurement(f"{ctx.size:,} rows", product_seconds, baseline_seconds)
