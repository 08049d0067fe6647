"""Shared fixtures: stores built in tmp_path on a frozen day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from engine_params import POSTGRESQL, SKIP_REASON, SQLITE, Databases, Locations, server_problem, server_url

from klachtendesk import clock

TODAY = date(2026, 11, 27)  # a Friday
NOW = "2026-11-27T10:30:00+01:00"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch):
    """Every test runs on a frozen moment, unless it freezes another one itself."""
    monkeypatch.setenv("KLACHTENDESK_TODAY", NOW)
    monkeypatch.setenv("TZ", "Europe/Brussels")
    import time

    time.tzset()
    clock.freeze(None)
    yield
    clock.freeze(None)


@pytest.fixture(autouse=True)
def no_progress_bars(monkeypatch: pytest.MonkeyPatch):
    """Commands called in-process draw no progress bar on the test run's own terminal
    (``pytest -s``); the progress tests give them a terminal of their own."""
    from klachtendesk.cli import progress

    monkeypatch.setattr(progress, "console", lambda: None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_engines: run this module's store tests on SQLite and PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: checks what only SQLite has (its file, WAL, pragmas)")
    config.addinivalue_line("markers", "postgresql_only: checks what only the team server has")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests of a ``both_engines`` module that use a store run once per engine."""
    if "engine_name" not in metafunc.fixturenames:
        return
    marks = {mark.name for mark in metafunc.definition.iter_markers()}
    if "postgresql_only" in marks:
        metafunc.parametrize("engine_name", [POSTGRESQL], indirect=True)
    elif "both_engines" in marks and "sqlite_only" not in marks:
        metafunc.parametrize("engine_name", [SQLITE, POSTGRESQL], indirect=True)


@pytest.fixture
def engine_name(request: pytest.FixtureRequest) -> str:
    name = getattr(request, "param", SQLITE)
    if name == POSTGRESQL:
        if server_url() is None:
            pytest.skip(SKIP_REASON)
        problem = server_problem()
        if problem:  # a server was promised: its absence is a failure, not a skip
            pytest.fail(problem)
    return str(name)


@pytest.fixture
def pg_databases():
    databases = Databases()
    yield databases
    databases.drop_all()


@pytest.fixture
def store_locations(engine_name: str, tmp_path: Path, pg_databases: Databases) -> Locations:
    """``store_locations("name")``: where a new store goes on the test's engine."""
    return Locations(engine_name, tmp_path, pg_databases)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def store_location(store_locations: Locations, store_path: Path):
    """The test's store: ``store_path`` on SQLite, a new database on PostgreSQL."""
    return store_path if store_locations.engine == SQLITE else store_locations()


@pytest.fixture
def brandweer(store_location):
    from klachtendesk.presets import load_preset
    from klachtendesk.store.database import Store

    store = Store.create(store_location, load_preset("brandweer"), user="Els Peeters")
    yield store
    store.close()


@pytest.fixture
def demo(store_locations: Locations):
    from klachtendesk.demo import build_demo

    store = build_demo(store_locations("demo"))
    yield store
    store.close()
