"""Type-ahead: every key acts on what the keys before it left on screen.

Textual hands each key to whatever has focus when the app reads it. What a key sets off
happens later, each step in some widget's own message queue: a binding pushes a screen
that is then composed and mounted, the new screen's ``on_mount`` asks for focus (a
message to the app), a dialog's Enter dismisses it and the screen below takes focus back
when it resumes. Keys that arrive together (a fast typist, a text expander, a remote
session that batches keystrokes, a paste) are therefore handed out before the first one
has acted: after `tab` the name typed behind it lands in the old field, after `n` it is
lost while the intake form is built, after `/` the search words reach the queue.

So the desk takes keys (and pastes) one at a time, as a terminal program reading its input
in a loop does: after a key is handed out, the desk is *settled* again only once the app
and every widget of the screen on top have dealt with everything that key set off. A key
that arrives before that waits, and then follows in order. "Dealt with" is observed, never
guessed from a clock:

- Textual's message hook (the one Pilot uses) shows every message a widget starts to
  handle, so the desk knows which widgets have been busy;
- a settling round sends a marker through the queue of each of those widgets (and of any
  widget with messages waiting). Queues are first in, first out: a marker comes back once
  the widget has finished what it was doing;
- the desk is settled when a round comes back and, meanwhile, no widget of the screen
  handled anything but markers, no queue holds a message, the screen stack and the focus
  are as they were, and no worker waits to start (a key's action may start one that
  pushes a dialog). Anything still moving starts another round.

A key typed at a person's pace finds the round long finished and passes straight through.
Two waits are not visible in the message queues and are announced instead: a case the app
reads in a thread before it shows it, and a save that decides where the cursor goes next
(``expect``/``expecting``). Keys typed while the desk starts, before its first screen
stands, wait for that screen. A key never waits longer than LIMIT for a screen that does
not settle (or EXPECT_LIMIT for an announced wait), so the keyboard is never left dead.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from textual import events
from textual._context import active_message_pump
from textual._context import message_hook as message_hook_var
from textual.app import App, ScreenStackError
from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import WorkerState

LIMIT = 2.0  # seconds a held key waits at most for a screen that never settles
EXPECT_LIMIT = 10.0  # ... for an announced wait (a store busy with another terminal waits 8 s)
ROUND_LIMIT = 0.25  # a round not back by then is sent again (a widget removed meanwhile)
WATCH = 0.1  # how often the watchdog looks at the limits above
WORKER_POLL = 0.005  # how often a worker that decides where keys go is looked at

Input = events.Key | events.Paste


class TypeAhead:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: deque[Input] = deque()
        self._held_since = 0.0  # when the first held key began to wait
        self._replay: Input | None = None  # a held key sent round again, not yet handled
        self._passing: Input | None = None  # the key being handed out now
        self._settled = False  # all that the keys handed out so far set off is done
        self._busy: dict[int, MessagePump] = {}  # handled something since their last marker
        self._round = 0  # the current settling round; markers of older rounds are ignored
        self._out = 0  # markers of the current round not back yet
        self._running = False  # a round is out
        self._round_since = 0.0
        self._screen_ids: set[int] = set()  # the app and the top screen's widgets, as the round went out
        self._nodes: list[MessagePump] = []
        self._stirred = False  # one of them handled something else while the round was out
        self._state: tuple[Any, ...] = ()  # what a key met when the round went out
        self._expected = 0  # announced waits not over yet
        self._expect_since = 0.0
        self._workers_seen: dict[int, float] = {}  # when rounds first met a running worker
        self._watching = False

    @property
    def holding(self) -> bool:
        """Keys are waiting for their turn."""
        return bool(self._held) or self._replay is not None

    def install(self) -> None:
        """Watch every message a widget handles. Called from the app's message loop before
        any widget starts, so that every widget's task inherits the hook."""
        previous = message_hook_var.get(None)

        def hook(message: Message) -> None:
            self._saw(message)
            if previous is not None:
                previous(message)

        message_hook_var.set(hook)

    def _saw(self, message: Message) -> None:
        if isinstance(message, events.Callback) and getattr(message.callback, "func", None) == self._back:
            return
        node = active_message_pump.get(None)
        if node is None:
            return
        self._busy[id(node)] = node
        if self._running and id(node) in self._screen_ids:
            self._stirred = True

    # -- what the app tells us -------------------------------------------------------------

    def take(self, event: events.Event) -> bool:
        """Called for every event the app receives; True when ``event`` was held back."""
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            return False
        if event is self._replay:
            self._replay = None
        elif self._held or self._replay is not None or not self._quiet():
            if not self._held:
                self._held_since = time.monotonic()
            self._held.append(event)
            self._watch()
            if not self._running:
                self._start_round()
            return True
        self._passing = event
        return False

    def handled(self, event: events.Event) -> None:
        """The app has handed ``event`` out (to the focused widget, or to a binding)."""
        if event is self._passing:  # (handing it out marked it forwarded)
            self._passing = None
            self._settled = False
            if self._held:  # keys are waiting for this one: settle at once
                self._start_round()
            else:
                # Settle once the key's frame is drawn: at a person's pace the rounds then
                # cost the frame nothing. A key that arrives first starts a round at once.
                self._app.call_after_refresh(self._after_frame)

    def _after_frame(self) -> None:
        if not self._settled and not self._running:
            self._start_round()

    def screen_requested(self) -> None:
        """A screen or dialog is being pushed: what keys meet is changing."""
        self._settled = False
        self._start_round()

    def expect(self) -> Callable[[], None]:
        """Something that decides where keys go is on its way (a case read in a thread and
        then shown, a save after which the form is left or reset): keys wait until the
        returned callable is called (after the push, or when nothing is coming after all)."""
        self._expected += 1
        self._expect_since = time.monotonic()
        self._settled = False
        done = False

        def arrived() -> None:
            nonlocal done
            if not done:
                done = True
                self._expected = max(0, self._expected - 1)
                self._start_round()

        return arrived

    @contextmanager
    def expecting(self) -> Iterator[None]:
        """``expect`` for a block: keys wait while it runs and what it set off settles."""
        arrived = self.expect()
        try:
            yield
        finally:
            arrived()

    # -- settling ----------------------------------------------------------------------------

    def _quiet(self) -> bool:
        return self._settled and not self._expected and self._ready()

    def _ready(self) -> bool:
        """A screen of ours stands (not the blank one Textual starts with)."""
        return len(self._app.screen_stack) > 1

    def _snapshot(self) -> tuple[Any, ...]:
        app = self._app
        try:
            screen = app.screen
        except ScreenStackError:
            return ()
        return (screen, len(app.screen_stack), screen.focused, screen.is_mounted)

    def _start_round(self) -> None:
        self._round += 1
        marker = self._round
        self._out = 0
        self._running = True
        self._stirred = False
        self._round_since = time.monotonic()
        self._state = self._snapshot()
        try:
            screen = self._app.screen
        except ScreenStackError:  # shutting down: nothing to wait for
            self._running = False
            return
        self._nodes = [self._app, *screen.walk_children(with_self=True)]
        self._screen_ids = {id(node) for node in self._nodes}
        # Only widgets that may still be busy need a marker: those seen handling something
        # since their last marker, and those with messages waiting.
        busy = {key: node for key, node in self._busy.items() if key in self._screen_ids}
        for node in self._nodes:
            if _waiting(node):
                busy[id(node)] = node
        self._busy = busy
        for node in [self._app, *busy.values()]:
            if node.call_later(self._back, marker, node):
                self._out += 1
        if not self._out:
            # Not even the app takes a marker: it is closing, and its queues are never
            # handled again. Nothing will settle (a new round would meet the same queues).
            self._running = False

    def _back(self, marker: int, node: MessagePump) -> None:
        if self._busy.get(id(node)) is node:
            del self._busy[id(node)]  # done with all it was handed before the marker
        if marker == self._round and self._running:
            self._out -= 1
            if self._out <= 0:
                self._round_done()

    def _round_done(self) -> None:
        self._running = False
        if self._expected or not self._ready():
            return  # arrived() or the first screen's push starts the next round
        if self._moving():
            self._start_round()
        elif self._working():
            # Nothing moves but a worker that is saving or about to push a dialog: look
            # again in a moment (a round at once would spin, and hold up the worker's thread).
            self._running = True
            self._app.set_timer(WORKER_POLL, self._start_round)
        else:
            self._settled = True
            self._next()

    def _moving(self) -> bool:
        if self._stirred or self._snapshot() != self._state:
            return True
        return any(_waiting(node) for node in self._nodes)

    def _working(self) -> bool:
        """A worker a key's action started decides where keys go next: it is about to push a
        dialog (``push_screen_wait``), or saves and then leaves the form or reopens the
        dialog. So keys wait for a worker that has yet to start, and for one running on the
        app's event loop for the screen on top (a worker waiting for its dialog belongs to
        the screen under it). Thread workers only read, and post what they read: their
        messages are seen like any other. A worker running longer than LIMIT is a long job
        (an export): keys go on to the screen that stays on top while it runs."""
        try:
            top = self._app.screen
        except ScreenStackError:
            return False
        now = time.monotonic()
        seen: dict[int, float] = {}
        found = False
        for worker in self._app.workers:
            if worker.state is WorkerState.PENDING:
                found = True
            elif worker.state is WorkerState.RUNNING and not worker._thread_worker:  # noqa: SLF001
                node = worker.node
                if isinstance(node, App) or not node.is_attached or node.screen is not top:
                    continue
                since = seen[id(worker)] = self._workers_seen.get(id(worker), now)
                found = found or now - since < LIMIT
        self._workers_seen = seen
        return found

    def _next(self) -> None:
        if not self._held or self._replay is not None or not self._quiet():
            return
        held = self._held.popleft()
        self._held_since = time.monotonic()
        self._settled = False
        # Made as the driver makes it: sent by no widget. (A message stops bubbling at the
        # widget that sent it, and this runs in whichever widget's task a marker came back in.)
        token = active_message_pump.set(None)  # type: ignore[arg-type]
        try:
            self._replay = events.Key(held.key, held.character) if isinstance(held, events.Key) \
                else events.Paste(held.text)
        finally:
            active_message_pump.reset(token)
        self._app.post_message(self._replay)

    # -- never a dead keyboard -----------------------------------------------------------------

    def _watch(self) -> None:
        if not self._watching:
            self._watching = True
            self._app.set_timer(WATCH, self._check)

    def _check(self) -> None:
        self._watching = False
        if not self._held:
            return
        now = time.monotonic()
        if self._expected and now - self._expect_since > EXPECT_LIMIT:
            self._expected = 0  # announced, and never came
            self._start_round()
        elif not self._expected and self._ready() and now - self._held_since > LIMIT:
            self._settled = True  # a screen that keeps itself busy: keys go on regardless
            self._running = False
            self._next()
        elif self._running and now - self._round_since > ROUND_LIMIT:
            self._start_round()
        self._watch()


def _waiting(node: MessagePump) -> bool:
    """Messages are queued for ``node`` (or it holds one it peeked at, or call_next work)."""
    return bool(node.message_queue_size or node._next_callbacks or node._pending_message is not None)  # noqa: SLF001
