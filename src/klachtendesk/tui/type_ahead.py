"""Type-ahead: every key acts on what the keys before it left on screen.

Textual hands each key to whatever has focus when the app reads it, and a key's binding
only runs once the key has bubbled up through the focused widget's ancestors, each in its
own message queue. Keys that arrive together (a fast typist, a text expander, a remote
session that sends keystrokes in batches) are therefore all handed out before the first
one has acted: after `tab` the name typed behind it still lands in the old field, after `/`
the search words reach the queue (where `n` opens the intake form), after `n` the name
typed at once is lost while the form is being built (100-200 ms).

So the desk takes keys one at a time, as a terminal program reading its input in a loop
does: while a key is still on its way, or a screen that a key asked for is still being
built, the keys behind it wait, and then follow in order. A key that arrives alone (the
normal case) passes straight through; nothing waits longer than LIMIT, so a screen that
fails to appear never leaves the keyboard dead.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App

LIMIT = 0.5  # seconds a key, or a screen on its way, holds the keys behind it at most
POLL = 0.002


class TypeAhead:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: deque[events.Key] = deque()
        self._in_flight: events.Key | None = None  # handed to a widget, not yet done
        self._flight_since = 0.0
        self._replay: events.Key | None = None  # a held key sent round again
        self._screen_since: float | None = None  # a screen was asked for
        self._waiting = 0  # screens asked for and still being read (a case)
        self._polling = False

    @property
    def holding(self) -> bool:
        """Keys are waiting, or a key or a screen is still on its way."""
        return bool(self._held) or self._in_flight is not None or self._screen_since is not None

    # -- what the app tells us -------------------------------------------------------------

    def take(self, event: events.Event) -> bool:
        """Called for every event the app receives; True when ``event`` was held back."""
        if not isinstance(event, events.Key):
            return False
        if event.is_forwarded:
            if event is self._in_flight:  # bubbled back up: its binding runs now
                self._in_flight = None
                self._poll()
            return False
        if event is self._replay:
            self._replay = None
        elif self._busy():
            self._held.append(event)
            self._poll()
            return True
        self._in_flight = event
        self._flight_since = time.monotonic()
        self._poll()  # to notice a widget using it up (typed text never comes back)
        return False

    def handled(self, event: events.Event) -> None:
        """The app has dealt with ``event``: a key not handed to a widget (a priority
        binding, or no widget to take it) is done."""
        if event is self._in_flight and not event.is_forwarded:
            self._in_flight = None
            self._poll()

    def screen_requested(self) -> None:
        """A screen or dialog is being pushed: keys wait until it stands."""
        self._screen_since = time.monotonic()
        self._poll()

    def expect(self) -> Callable[[], None]:
        """A screen will be pushed once its data is read; keys wait for it until the
        returned callable is called (after the push, or when the screen is not coming)."""
        self._waiting += 1
        self.screen_requested()
        done = False

        def arrived() -> None:
            nonlocal done
            if not done:
                done = True
                self._waiting = max(0, self._waiting - 1)
                self._poll()

        return arrived

    # -- letting keys go ---------------------------------------------------------------------

    def _busy(self) -> bool:
        return bool(self._held) or self._in_flight is not None or self._replay is not None \
            or self._screen_since is not None

    def _poll(self) -> None:
        if not self._polling:
            self._polling = True
            self._app.set_timer(POLL, self._check)

    def _check(self) -> None:
        self._polling = False
        now = time.monotonic()
        flight = self._in_flight
        if flight is not None and (flight._stop_propagation or now - self._flight_since > LIMIT):
            self._in_flight = None  # a widget used it (typed text), or it went nowhere
        if self._screen_since is not None:
            overdue = now - self._screen_since > LIMIT
            if overdue or (not self._waiting and self._app.screen.is_mounted):
                self._screen_since = None
                self._waiting = 0 if overdue else self._waiting
                # Focus set in the new screen's on_mount lands before its first refresh.
                self._app.call_after_refresh(self._next)
                return
        self._next()

    def _next(self) -> None:
        if self._held and self._in_flight is None and self._replay is None and self._screen_since is None:
            held = self._held.popleft()
            self._replay = events.Key(held.key, held.character)
            self._app.post_message(self._replay)
        if self._busy():
            self._poll()
