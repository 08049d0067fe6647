"""Shared fixtures: stores built in tmp_path on a frozen day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

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


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def brandweer(store_path: Path):
    from klachtendesk.presets import load_preset
    from klachtendesk.store.database import Store

    store = Store.create(store_path, load_preset("brandweer"), user="Els Peeters")
    yield store
    store.close()


@pytest.fixture
def demo(tmp_path: Path):
    from klachtendesk.demo import build_demo

    store = build_demo(tmp_path / "demo.db")
    yield store
    store.close()
