"""Run the benchmark figures at several store sizes and write benchmarks/RESULTS.md.

    python benchmarks/run.py [--sizes 0,10000,100000,1000000] [--runs 5] [--seed 1]

For each size it builds (or reuses, keyed by size and seed) a generated store in
benchmarks/stores/, runs every registered figure against it and prints a table: the
median seconds of the product and of its baseline, their ratio and the issue's target.
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
FIGURE_MODULES = ("figures_register",)


@dataclass
class SizeResult:
    size: int
    store: str
    measured: list[tuple[Figure, Measurement]]


def _seconds(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}"


def table(result: SizeResult) -> list[str]:
    lines = ["| figure | work | klachtendesk (median) | baseline (median) | ratio | target | met | "
             "runs: klachtendesk range, baseline range (s) |",
             "|---|---|---|---|---|---|---|---|"]
    for fig, m in result.measured:
        lines.append(
            f"| {fig.name} | {m.work} | {m.median:.2f} s | {m.baseline_median:.2f} s | {m.ratio:.2f}× "
            f"| ≤ {fig.max_ratio:g}× | {'yes' if m.ratio <= fig.max_ratio else 'NO'} "
            f"| {len(m.seconds)}: {_seconds(m.seconds)}, {_seconds(m.baseline_seconds)} |")
    return lines


def results_markdown(info: dict[str, str], command: str, results: list[SizeResult],
                     figures: list[Figure], runs: int) -> str:
    out = [
        "# Benchmark results",
        "",
        f"Written by `{command}` on {datetime.now():%Y-%m-%d %H:%M}. Each figure is the median of "
        f"{runs} timed runs of the product and {runs} of its baseline, alternated in the same process "
        "after an untimed warm-up of each; the ratio is product / baseline. "
        "See [README.md](README.md) for what each figure measures.",
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
        *[f"| {fig.name} | {fig.product} | {fig.baseline} |" for fig in figures],
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
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md",
                        help="the Markdown file to write ('-' to write none)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.figures.split(",") if name not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(unknown)}")
    figures = [FIGURES[name] for name in args.figures.split(",")]

    info = machine()
    print("\n".join(f"{key}: {value}" for key, value in info.items()))
    results = []
    for size in args.sizes:
        store, how = ensure_store(args.stores, size, args.seed, args.preset)
        described = f"`{store.name}`, {store.stat().st_size / 1e6:,.1f} MB, {how}"
        print(f"\n{size:,} cases ({described})", flush=True)
        work = scratch(args.stores / "work" / str(size))
        context = Context(size, store, work, args.runs, args.seed, args.preset)
        result = SizeResult(size, described, [])
        for fig in figures:
            measurement = fig.measure(context)
            if measurement is not None:
                result.measured.append((fig, measurement))
                print(f"  {fig.name}: {measurement.median:.2f} s vs {measurement.baseline_median:.2f} s "
                      f"= {measurement.ratio:.2f}× (target ≤ {fig.max_ratio:g}×)", flush=True)
        shutil.rmtree(work, ignore_errors=True)
        print("\n".join(table(result)) if result.measured else "  no figure applies to this store")
        results.append(result)
    if str(args.results) != "-":
        command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
        args.results.write_text(results_markdown(info, command.strip(), results, figures, args.runs),
                                encoding="utf-8")
        print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
