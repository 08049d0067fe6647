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

Only when a key arrives while the one before it may still be on its way (handed out less
than SETTLED ago) is that one tracked: a marker sent after it travels the same way up
(focused widget, its ancestors, the screen, the app); message queues are first in, first
out, so when the marker arrives the key has been used by a widget or has come back to the
app and run its binding, and a second marker sent after the binding lets what the binding
set off (a widget's message to its screen, focus moved with call_later) go first. Keys at
a person's pace cost nothing; only a screen being built is polled.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.dom import DOMNode

LIMIT = 0.5  # seconds a key, or a screen on its way, holds the keys behind it at most
POLL = 0.002
SETTLED = 0.05  # a key handed out this long before the next one is taken as done


class TypeAhead:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: deque[events.Key] = deque()
        self._in_flight: events.Key | None = None  # the last key handed out, maybe not done
        self._flight_since = 0.0
        self._target: DOMNode | None = None  # ... the widget it was handed to
        self._returned = False  # ... it came back to the app, whose binding runs now
        self._bound = False  # ... its binding ran
        self._marker = 0  # the newest marker sent after it (older ones are ignored)
        self._tracking = False  # a marker is on its way
        self._replay: events.Key | None = None  # a held key sent round again
        self._screen_since: float | None = None  # a screen was asked for
        self._waiting = 0  # screens asked for and still being read (a case)
        self._polling = False

    @property
    def holding(self) -> bool:
        """Keys are waiting for their turn."""
        return bool(self._held) or self._replay is not None

    # -- what the app tells us -------------------------------------------------------------

    def take(self, event: events.Event) -> bool:
        """Called for every event the app receives; True when ``event`` was held back."""
        if not isinstance(event, events.Key):
            return False
        if event.is_forwarded:
            if event is self._in_flight:  # bubbled back up: its binding runs now
                self._returned = True
            return False
        if event is self._replay:
            self._replay = None
        else:
            if self._screen_since is not None and not self._held and not self._waiting \
                    and time.monotonic() - self._screen_since > SETTLED and self._screen_mounted():
                self._screen_since = None  # long since built
            flight = self._in_flight
            if flight is not None and not self._tracking and not self._held \
                    and time.monotonic() - self._flight_since > SETTLED:
                self._in_flight = None  # long done, as keys typed at a person's pace are
            if self._busy():
                if not self._held:
                    self._app.set_timer(LIMIT, self._unstick)
                self._held.append(event)
                if self._in_flight is not None and not self._tracking:
                    self._track()
                if self._screen_since is not None:
                    self._poll()
                return True
        self._in_flight = event
        self._flight_since = time.monotonic()
        self._target = None
        self._returned = self._bound = self._tracking = False
        return False

    def handled(self, event: events.Event, target: DOMNode | None) -> None:
        """The app has dealt with ``event``, handing it to ``target`` or not."""
        if event is not self._in_flight:
            return
        if event.is_forwarded and not self._returned and target is not None:
            self._target = target  # on its way up from the focused widget
        else:  # its binding ran, here or (priority) before any widget saw it
            self._returned = False
            self._bound = True
        if self._held:
            self._track()

    def _track(self) -> None:
        """Send a marker after the key in flight along the way it bubbles (the widget it
        was handed to, or after its binding the focused widget, up to the app). Message
        queues are first in, first out: when the marker reaches the app, the key has been
        used by a widget, or has come back and run its binding (which sends a new marker,
        so that what the binding set off, a message to the screen or focus moved with
        call_later, goes first)."""
        start = self._target
        if self._bound or start is None:
            try:
                start = self._app.focused or self._app.screen
            except ScreenStackError:
                start = self._app
        self._marker += 1
        self._tracking = True
        self._pass(start, self._marker)

    def _pass(self, node: DOMNode, marker: int) -> None:
        if node is self._app:
            self._app.call_later(self._marker_arrived, marker)
        else:
            node.call_later(self._landed, node, marker)

    def _landed(self, node: DOMNode, marker: int) -> None:
        if marker == self._marker and self._tracking:
            self._pass(node.parent or self._app, marker)

    def _marker_arrived(self, marker: int) -> None:
        if marker == self._marker and self._tracking:
            self._in_flight = None
            self._tracking = False
            self._settled()

    def screen_requested(self) -> None:
        """A screen or dialog is being pushed: keys wait until it stands (watched only
        once a key waits: a screen pushed with no key behind it costs nothing)."""
        self._screen_since = time.monotonic()
        if self._held:
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
                if self._held:
                    self._poll()

        return arrived

    # -- letting keys go ---------------------------------------------------------------------
    # The key in flight reports back by marker, so the next held key follows at once. Only
    # a screen being built is polled, and a key that went nowhere is given up after LIMIT.

    def _settled(self) -> None:
        if self._screen_since is not None:
            self._poll()
        else:
            self._next()

    def _screen_mounted(self) -> bool:
        try:
            return self._app.screen.is_mounted
        except ScreenStackError:  # shutting down: nothing to wait for
            return True

    def _busy(self) -> bool:
        return bool(self._held) or self._in_flight is not None or self._replay is not None \
            or self._screen_since is not None

    def _poll(self) -> None:
        if not self._polling:
            self._polling = True
            self._app.set_timer(POLL, self._check)

    def _check(self) -> None:
        self._polling = False
        if self._screen_since is None:
            self._next()
            return
        overdue = time.monotonic() - self._screen_since > LIMIT
        if overdue or (not self._waiting and self._screen_mounted()):
            self._screen_since = None
            self._waiting = 0 if overdue else self._waiting
            # Focus set in the new screen's on_mount lands before its first refresh.
            self._app.call_after_refresh(self._next)
        else:
            self._poll()

    def _unstick(self) -> None:
        if self._in_flight is not None and time.monotonic() - self._flight_since > LIMIT:
            self._in_flight = None  # it went nowhere (bubbling stops at an inactive screen)
            self._tracking = False
            self._next()
        elif self._held:
            self._app.set_timer(LIMIT, self._unstick)

    def _next(self) -> None:
        if self._held and self._in_flight is None and self._replay is None and self._screen_since is None:
            held = self._held.popleft()
            self._replay = events.Key(held.key, held.character)
            self._app.post_message(self._replay)
