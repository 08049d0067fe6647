"""Noticing that another desk changed the store, without reading the store.

Each engine has its own ``ChangeWatch`` (store/engines/): SQLite's ``PRAGMA data_version``,
PostgreSQL's LISTEN on the channel every write transaction notifies. Both answer
``changed()`` from what is already there (shared memory, a socket) and keep one connection
of their own, used by one thread at a time (the desk's poll worker).
"""

from __future__ import annotations

from typing import Protocol

from klachtendesk.store import engines
from klachtendesk.store.engine import busy_timeout_ms, guarded
from klachtendesk.store.location import Location


class ChangeWatch(Protocol):
    def start(self) -> None:
        """Take the store as it is now as seen: call before the first read it guards."""

    def changed(self) -> bool:
        """True once for every look after which another connection committed. Never raises:
        a store that cannot be reached reports nothing until it can."""

    def close(self) -> None: ...


def watch(location: Location) -> ChangeWatch:
    """A started watch on the store at ``location``. StoreError (Dutch) when it cannot connect."""
    found: ChangeWatch = engines.named(location.kind).ChangeWatch(location, busy_timeout_ms())
    with guarded(location):
        found.start()
    return found
