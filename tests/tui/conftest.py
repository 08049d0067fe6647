"""Running the desk headless on a demo store, on a frozen moment, at a fixed size."""

from __future__ import annotations

from pathlib import Path

import pytest

from klachtendesk.store.database import Store


@pytest.fixture
def demo_store(tmp_path: Path):
    from klachtendesk.demo import build_demo

    store = build_demo(tmp_path / "demo.db")
    yield store
    store.close()


@pytest.fixture
def second_store(demo_store):
    """Another connection to the same file: the second terminal."""
    store = Store.open(demo_store.path)
    yield store
    store.close()
