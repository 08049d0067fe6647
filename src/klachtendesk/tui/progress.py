"""Long work of the desk (the day's first backup, a report export) shown in the status bar.

A ``StatusProgress`` is the ``klachtendesk.progress`` callback a worker hands to the store
or report function doing the work. It is called on the worker's thread; a few times a
second it hands the app a line ("Reservekopie 45% · nog 0:12") that every screen's status
bar shows until ``done``. The desk stays usable meanwhile: only the bar changes.
"""

from __future__ import annotations

import threading
import time
from typing import Any

#: Least time between two status bar updates, in seconds.
EVERY = 0.2


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds + 0.5), 60)
    return f"{minutes}:{seconds:02d}"


def progress_line(what: str, done: int, total: int, elapsed: float) -> str:
    """What the status bar says: the share done and the time left, once they are known."""
    if not total:
        return f"{what}…"
    share = min(done / total, 1.0)
    line = f"{what} {share:.0%}"
    if 0 < share < 1 and elapsed > 1:
        line += f" · nog {_clock(elapsed * (1 - share) / share)}"
    return line


class StatusProgress:
    """``progress(done, total)`` from a worker thread, shown in the status bar."""

    def __init__(self, app: Any, what: str) -> None:
        self.app = app
        self.what = what
        self._started = time.monotonic()
        self._shown = 0.0
        self._lock = threading.Lock()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._shown < EVERY and done < total:
                return
            self._shown = now
        self._show(progress_line(self.what, done, total, now - self._started))

    def done(self) -> None:
        """The work is over (or failed): the status bar shows the counts alone again."""
        self._show(None)

    def _show(self, line: str | None) -> None:
        if threading.get_ident() == getattr(self.app, "_thread_id", None):
            self.app.show_progress(line)
        else:
            try:
                self.app.call_from_thread(self.app.show_progress, line)
            except RuntimeError:  # the app has stopped meanwhile
                pass
