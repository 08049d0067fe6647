"""Showing a colleague's changes without a key press.

A worker thread looks, every ``LIVE_INTERVAL`` seconds, whether another connection
committed to the store (``Desk.store_changed``: SQLite's data_version, PostgreSQL's
notifications; nothing is read when nothing changed). When one did, every screen gets a
``StoreChanged`` message and reads again what it shows, in its own workers, keeping the
cursor on its case and every typed text as it is. The desk's own saves are seen too:
they refresh to the same content, which draws nothing new.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual.message import Message

#: Seconds between two looks: a change shows within about this long (issue 12: ~2 s).
LIVE_INTERVAL = 1.0
#: Seconds after a change before the status bar's counts are read again: the rows on
#: screen first (benchmarks/RESULTS.md, "Live refresh").
COUNTS_AFTER = 0.3


class StoreChanged(Message):
    """Another desk (or this one) changed the store: read again what is shown."""


class Poll:
    """One look at the store, safe to call from any thread but the UI's (tests call it
    directly instead of waiting for the interval)."""

    def __init__(self, changed: Callable[[], bool], announce: Callable[[], None]) -> None:
        self._changed = changed
        self._announce = announce
        self._lock = threading.Lock()  # the watch's connection: one look at a time

    def __call__(self) -> bool:
        with self._lock:
            try:
                changed = self._changed()
            except Exception:  # noqa: BLE001 - a store out of reach: the next look tries again
                return False
        if changed:
            self._announce()
        return changed

    def run(self, interval: float, stop: threading.Event) -> None:
        """Look every ``interval`` seconds until ``stop`` is set (the worker's cancel)."""
        while not stop.wait(interval):
            self()
