"""Run the benchmark figures at several store sizes and write benchmarks/RESULTS.md.

    python benchmarks/run.py [--sizes 0,10000,100000,1000000] [--runs 5] [--seed 1]

For each size it builds (or reuses, keyed by size and seed) a generated store in
benchmarks/stores/, runs every registered figure against it and prints a table: the
median of the product and of its baseline, their ratio and the issue's target (a ratio, or
an absolute time for the desk's keys and opening a case).
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from harness import FIGURES, Context, Figure, Measurement, ensure_store, machine, scratch

HERE = Path(__file__).resolve().parent

#: Modules whose ``@figure`` functions are run; a new figure module is added here.
FIGURE_MODULES = ("figures_register", "figures_desk", "figures_report", "figures_summary", "figures_live")


@dataclass
class SizeResult:
    size: int
    store: str
    measured: list[tuple[Figure, Measurement]]


def _range(fig: Figure, values: list[float]) -> str:
    return f"{fig.show(min(values))}–{fig.show(max(values))}" if values else "—"


def _name(fig: Figure, m: Measurement) -> str:
    return f"{fig.name}: {m.row}" if m.row else fig.name


def _target(fig: Figure, m: Measurement) -> str:
    max_ratio, max_value = fig.targets(m)
    parts = ([f"≤ {max_ratio:g}×"] if max_ratio is not None else []) + (
        [f"≤ {fig.show(max_value)}"] if max_value is not None else [])
    return " and ".join(parts) or "—"


def _met(fig: Figure, m: Measurement) -> str:
    met = fig.met(m)
    return "—" if met is None else "yes" if met else "NO"


def _ratio(m: Measurement) -> str:
    return "—" if m.ratio is None else f"{m.ratio:.2f}×"


def _baseline(fig: Figure, m: Measurement) -> str:
    return "—" if m.baseline_median is None else fig.show(m.baseline_median)


def table(result: SizeResult) -> list[str]:
    lines = ["| figure | work | klachtendesk (median) | baseline (median) | ratio | target | met | "
             "runs: klachtendesk range, baseline range |",
             "|---|---|---|---|---|---|---|---|"]
    for fig, m in result.measured:
        lines.append(
            f"| {_name(fig, m)} | {m.work} | {fig.show(m.median)} | {_baseline(fig, m)} | {_ratio(m)} "
            f"| {_target(fig, m)} | {_met(fig, m)} "
            f"| {len(m.values)}: {_range(fig, m.values)}, {_range(fig, m.baseline_values)} |")
    return lines


def growth(results: list[SizeResult], figures: list[Figure]) -> list[str]:
    """Each row's median (and ratio) at every size, side by side: what grows with the store."""
    sized = [r for r in results if r.measured]
    rows: dict[str, dict[int, str]] = {}
    order: dict[str, tuple[int, int]] = {}
    for result in sorted(sized, key=lambda r: -r.size):  # the largest store has every row
        for position, (fig, m) in enumerate(result.measured):
            cell = fig.show(m.median) + (f" ({m.ratio:.2f}×)" if m.ratio is not None else "")
            rows.setdefault(_name(fig, m), {})[result.size] = cell
            order.setdefault(_name(fig, m), (figures.index(fig) if fig in figures else len(figures), position))
    lines = ["| figure | " + " | ".join(f"{r.size:,} cases" for r in sized) + " |",
             "|---|" + "---|" * len(sized)]
    for name in sorted(rows, key=lambda n: order[n]):
        lines.append(f"| {name} | " + " | ".join(rows[name].get(r.size, "—") for r in sized) + " |")
    return lines


def _baselines(fig: Figure, measured: list[tuple[Figure, Measurement]]) -> str:
    """The figure's baseline, or each row's where its rows name their own."""
    rows = {m.row: m.baseline for f, m in measured if f is fig}
    if not any(rows.values()):
        return fig.baseline
    return "; ".join(f"{row}: {baseline or fig.baseline}" for row, baseline in rows.items())


def results_markdown(info: dict[str, str], command: str, results: list[SizeResult],
                     figures: list[Figure], runs: int) -> str:
    measured = [pair for result in results for pair in result.measured]
    out = [
        "# Benchmark results",
        "",
        f"Written by `{command}` on {datetime.now():%Y-%m-%d %H:%M}. Each figure is the median of "
        f"{runs} timed runs of the product and {runs} of its baseline (for the keys and opening a case: "
        f"of every press in {runs} rounds), alternated in the same run after an untimed warm-up of "
        "each; the ratio is product / baseline. Targets are the issue's: a ratio to the baseline, or "
        "an absolute time for the keys and opening a case. See [README.md](README.md) for what each "
        "figure measures and how to read these.",
        *(["", "The store is on a PostgreSQL server here: where the figures below say sqlite3, the "
                "baseline runs the same statements over a bare psycopg connection to the same server "
                "(README.md, \"On PostgreSQL\")."] if "PostgreSQL" in info else []),
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {key} | {value} |" for key, value in info.items()],
        "",
        "## Figures",
        "",
        "| figure | klachtendesk | baseline |",
        "|---|---|---|",
        *[f"| {fig.name} | {fig.product} | {_baselines(fig, measured)} |" for fig in figures],
        "",
        "## How the figures grow with the store",
        "",
        "Medians at each size (the ratio to the baseline in brackets).",
        "",
        *growth(results, figures),
    ]
    for result in results:
        out += ["", f"## {result.size:,} cases", "", f"Store: {result.store}.", ""]
        out += table(result) if result.measured else ["No figure applies to this store."]
    return "\n".join(out) + "\n"


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}': give sizes as 0,10000,100000") from None
    if not sizes or any(size < 0 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be 0 or more")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    for module in FIGURE_MODULES:
        importlib.import_module(module)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=[0, 10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per side (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--preset", default="stad")
    parser.add_argument("--figures", default=",".join(FIGURES),
                        help=f"which figures, comma-separated (default all: {','.join(FIGURES)})")
    parser.add_argument("--stores", type=Path, default=HERE / "stores", help="where generated stores are kept")
    parser.add_argument("--results", type=Path, default=None,
                        help="the Markdown file to write ('-' to write none; default RESULTS.md, or "
                             "RESULTS-postgresql.md with --server)")
    parser.add_argument("--server", metavar="URL", default=None,
                        help="run the figures on a PostgreSQL server (a role that may create databases): "
                             "each store is loaded there from the generated SQLite store")
    args = parser.parse_args(argv)
    if args.results is None:
        args.results = HERE / ("RESULTS-postgresql.md" if args.server else "RESULTS.md")
    unknown = [name for name in args.figures.split(",") if name not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(unknown)}")
    figures = [FIGURES[name] for name in args.figures.split(",")]

    info = machine()
    if args.server:
        import psycopg

        with psycopg.connect(args.server) as connection:
            info["PostgreSQL"] = str(connection.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        info["psycopg"] = psycopg.__version__
    print("\n".join(f"{key}: {value}" for key, value in info.items()))
    results = []
    for size in args.sizes:
        store, how = ensure_store(args.stores, size, args.seed, args.preset)
        described = f"`{store.name}`, {store.stat().st_size / 1e6:,.1f} MB, {how}"
        database = None
        if args.server:
            import postgres

            database, loaded = postgres.ensure_loaded(args.server, store)
            described += f"; on PostgreSQL as `{postgres.database_name(store)}`, {loaded}"
        print(f"\n{size:,} cases ({described})", flush=True)
        work = scratch(args.stores / "work" / str(size))
        context = Context(size, store, work, args.runs, args.seed, args.preset, args.stores, args.server,
                          database)
        result = SizeResult(size, described, [])
        for fig in figures:
            found = fig.measure(context)
            for m in [found] if isinstance(found, Measurement) else found or []:
                result.measured.append((fig, m))
                print(f"  {_name(fig, m)}: {fig.show(m.median)} vs {_baseline(fig, m)} = {_ratio(m)} "
                      f"(target {_target(fig, m)}: {_met(fig, m)})", flush=True)
        shutil.rmtree(work, ignore_errors=True)
        print("\n".join(table(result)) if result.measured else "  no figure applies to this store")
        results.append(result)
    if str(args.results) != "-":
        from klachtendesk.store.location import redact

        command = redact("python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:]))
        args.results.write_text(results_markdown(info, command.strip(), results, figures, args.runs),
                                encoding="utf-8")
        print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
