"""Helpers for driving the desk headless (imported by the TUI tests)."""

from __future__ import annotations

import asyncio
import time

from textual.worker import WorkerState

from klachtendesk.store.database import Store

SIZE = (120, 36)


async def settle(pilot, timeout: float = 10.0) -> None:
    """Wait until the active screen's work is done and its messages handled.

    A worker started by a screen that is not on top waits for a dialog or another screen
    the test has opened; it is not "busy" in the sense a user would notice.
    """
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        busy = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)
                and _screen_of(w.node) in (app.screen, None)]
        holding = getattr(app, "type_ahead", None) is not None and app.type_ahead.holding
        if not busy and not holding:  # keys held for a screen on its way
            await pilot.pause()
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"still busy after {timeout} s: {busy}")
        await asyncio.sleep(0.005)


def _screen_of(node):  # type: ignore[no-untyped-def]
    try:
        return node.screen
    except Exception:  # the app itself, or a node already removed  # noqa: BLE001
        return None


def make_app(store: Store, user: str = "Els Peeters", *, alerts: bool = False, keymap=None):
    from klachtendesk.tui.app import KlachtendeskApp

    return KlachtendeskApp(store.path, user=user, login="test", store=store, alerts_on_start=alerts,
                           start_tasks=False, keymap=keymap)
