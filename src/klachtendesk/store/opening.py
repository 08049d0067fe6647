"""Opening a store in a thread of its own, started before the desk's window is built.

On a team server, opening the store waits on the network: the connection, then the
schema check and the first reads (settings, taxonomy), each a round trip to the server.
Started as soon as the command knows where the store is, those waits overlap with Textual
loading and building its first screen (psycopg releases the GIL while it waits) instead of
following them. The desk then takes the opened store, or the error opening it gave, from
``result()``, exactly as if it had opened the store itself.
"""

from __future__ import annotations

import threading

from klachtendesk.store.database import Store
from klachtendesk.store.location import Location


class Opening:
    """``Store.open(location)`` and its settings and taxonomy, read in a daemon thread."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self._store: Store | None = None
        self._error: BaseException | None = None
        self._taken = False
        self._thread = threading.Thread(target=self._open, name="klachtendesk-open", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            store = Store.open(self.location)
            try:
                store.settings, store.taxonomy  # noqa: B018 - cached for the first screen
            except BaseException:
                store.close()
                raise
            self._store = store
        except BaseException as err:  # noqa: BLE001 - handed to whoever takes the result
            self._error = err

    def result(self) -> Store:
        """The opened store (waits for it); raises what opening it raised."""
        self._thread.join()
        self._taken = True
        if self._error is not None:
            raise self._error
        assert self._store is not None
        return self._store

    def discard(self) -> None:
        """The store is not wanted after all: close it once it is open."""
        if not self._taken:
            self._thread.join()
            self._taken = True
            if self._store is not None:
                self._store.close()
