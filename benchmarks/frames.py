"""When a screen change reaches the terminal: the desk figures time to the frame, not to a poll.

Textual draws a frame when its screen's update timer fires (at most 60 a second) and hands
it to ``App._display``, which encodes it for the terminal. ``watch_frames`` wraps that
method for every app in this process and calls back after each frame, so a figure can stop
its clock at the first frame that shows what it waits for (the first page of the queue, the
cursor on the next row, the case with its timeline). A headless driver skips the encoding;
the wrapper does it anyway and throws the bytes away, so a frame costs what it would cost
in a real terminal. Only ``textual`` is imported here: the start figure loads this module
before the program it measures.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from textual.app import App


@contextmanager
def watch_frames(on_frame: Callable[[App[Any]], None]) -> Iterator[None]:
    """Call ``on_frame(app)`` after every frame any app draws, while the block runs."""
    from textual._compositor import CompositorUpdate

    original = App._display

    def display(app: App[Any], screen: Any, renderable: Any) -> None:
        original(app, screen, renderable)
        if renderable is None or app._batch_count or not app._running or app._closed:
            return  # Textual drew nothing either
        if app.is_headless and isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)  # what a terminal driver would write
        on_frame(app)

    App._display = display  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        App._display = original  # type: ignore[method-assign]


class FrameWaiter:
    """The first frame at which a condition holds: ``on_frame`` for ``watch_frames``."""

    def __init__(self) -> None:
        self._ready: Callable[[], bool] | None = None
        self._seen: asyncio.Event | None = None
        self._at = 0.0

    def __call__(self, app: App[Any]) -> None:
        if self._ready is not None and self._ready():
            self._at = time.perf_counter()
            self._ready = None
            assert self._seen is not None
            self._seen.set()

    async def time(self, act: Callable[[], None], ready: Callable[[], bool], timeout: float = 30.0) -> float:
        """Seconds from ``act()`` to the first frame drawn with ``ready()`` true."""
        self._seen = asyncio.Event()
        self._ready = ready
        started = time.perf_counter()
        act()
        try:
            await asyncio.wait_for(self._seen.wait(), timeout)
        except TimeoutError:
            self._ready = None
            raise AssertionError(f"no frame showed the result within {timeout} s") from None
        return self._at - started


def rows_drawn(case_list: Any) -> bool:
    """Whether the queue's list (a klachtendesk CaseList) has every visible row loaded.

    Duck-typed, so the start figure can ask it without importing klachtendesk first.
    """
    if case_list.total is None or not case_list.size.height:
        return False
    top = int(case_list.scroll_offset.y)
    height = case_list.scrollable_content_region.height or case_list.size.height
    return all(case_list.row_at(index) is not None for index in range(top, min(top + height, case_list.total)))
