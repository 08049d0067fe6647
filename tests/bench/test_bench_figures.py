"""The desk and report figures run end to end on a small store (times are not checked here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import figures_desk  # noqa: E402
import figures_report  # noqa: E402, F401 - registers the year summary figure
import harness  # noqa: E402
import run  # noqa: E402

CASES = 200


@pytest.fixture
def context(tmp_path, monkeypatch) -> harness.Context:
    for name, value in (("WARM_UPS", 0), ("J_PRESSES", 1), ("PAGE_DOWN_PRESSES", 1), ("LAST_PRESSES", 1),
                        ("VIEW_SWITCHES", 1), ("SEARCHES", 1), ("OPENS", 1), ("SEARCH_WORDS", ("werk",))):
        monkeypatch.setattr(figures_desk, name, value)
    stores = tmp_path / "stores"
    store, _ = harness.ensure_store(stores, CASES, seed=1, preset="stad")
    return harness.Context(CASES, store, harness.scratch(tmp_path / "work"), runs=1, seed=1, preset="stad",
                           stores=stores)


def test_every_desk_and_report_figure_measures_something(context):
    measured = []
    for name in ("start to interactive queue", "memory", "queue keys", "open a case", "year summary"):
        fig = harness.FIGURES[name]
        found = fig.measure(context)
        rows = [found] if isinstance(found, harness.Measurement) else found
        assert rows, name
        for m in rows:
            assert m.values and all(v > 0 for v in m.values), (name, m.row)
            measured.append((fig, m))
    rows = {f"{fig.name}: {m.row}" if m.row else fig.name for fig, m in measured}
    assert {"queue keys: j", "queue keys: typing the search 'werk'", "open a case", "year summary",
            "start to interactive queue: vs the empty store", "memory: vs the empty store"} <= rows
    result = run.SizeResult(CASES, "test", measured)
    table = run.table(result)
    assert len(table) == 2 + len(measured) and all(line.count("|") == 9 for line in table)
    figures = list(dict.fromkeys(fig for fig, _ in measured))
    markdown = run.results_markdown({"CPU": "test"}, "run.py", [result], figures, runs=1)
    assert "vs the empty store: the same command on the empty store" in markdown
    assert "| queue keys: j | " in markdown and "200 cases" in markdown


def test_the_live_refresh_figures_measure_something(context, monkeypatch):
    import figures_live

    for name, value in (("WARM_UPS", 0), ("LOOKS", 100), ("IDLE_WINDOW", 0.2), ("LATENCY_CHANGES", 1)):
        monkeypatch.setattr(figures_live, name, value)
    rows = {}
    for name in ("live refresh: one look", "live refresh: idle desk", "live refresh: latency"):
        found = harness.FIGURES[name].measure(context)
        for m in [found] if isinstance(found, harness.Measurement) else found:
            assert m.values and all(v >= 0 for v in m.values), (name, m.row)
            rows[f"{name}: {m.row}" if m.row else name] = m
    assert set(rows) == {"live refresh: one look", "live refresh: idle desk", "live refresh: latency: commit to frame",
                         "live refresh: latency: look to frame"}
    assert rows["live refresh: one look"].baseline_values and rows["live refresh: idle desk"].baseline_values
