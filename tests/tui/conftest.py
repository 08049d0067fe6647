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


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    """A focused field's cursor stays drawn instead of blinking every half second.

    A screenshot taken after a slow save (a loaded CI machine) would otherwise catch the
    cursor in its "off" half and differ from the recorded one by that single cell.
    """
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
