"""Helpers for driving the desk headless (imported by the TUI tests)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

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
                and _screen_of(w.node) in (app.screen, None) and w.group != "live"]  # live: runs for ever
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


def make_app(store: Store, user: str = "Els Peeters", *, alerts: bool = False, keymap=None, live=None):
    """The desk on ``store``. ``live``: seconds between its looks for other desks' changes;
    None (the default) looks only when a test calls ``app.poll_store`` itself."""
    from klachtendesk.tui.app import KlachtendeskApp

    return KlachtendeskApp(store.location, user=user, login="test", store=store, alerts_on_start=alerts,
                           start_tasks=False, keymap=keymap, live_interval=live)


def make_16_colour_app(store: Store, user: str = "Els Peeters"):
    """The desk as a 16-colour terminal shows it: every colour of a screenshot is brought
    down to the 16 ANSI colours, as the terminal's console does when it has no more."""
    import io

    from rich.color import ColorSystem
    from rich.console import Console
    from rich.segment import Segment
    from rich.style import Style

    from klachtendesk.tui import app as tui_app
    from klachtendesk.tui.app import KlachtendeskApp

    def down(style: Style | None) -> Style | None:
        if style is None:
            return None
        return style + Style(color=style.color.downgrade(ColorSystem.STANDARD) if style.color else None,
                             bgcolor=style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor else None)

    class SixteenColours(KlachtendeskApp):
        CSS_PATH = str(Path(tui_app.__file__).with_name("styles.tcss"))  # not beside this file

        def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
            width, height = self.size
            console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                              color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
            console.print(self.screen._compositor.render_update(full=True, screen_stack=self._background_screens,
                                                                 simplify=simplify))
            console._record_buffer[:] = [Segment(s.text, down(s.style), s.control) for s in console._record_buffer]
            return console.export_svg(title=title or self.title)

    return SixteenColours(store.location, user=user, login="test", store=store, alerts_on_start=False,
                          start_tasks=False)
