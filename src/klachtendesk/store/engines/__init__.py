"""The two store engines, SQLite and PostgreSQL: one module each for what differs between
them (connection set-up, the write lock, error messages, full-text search, date arithmetic).
Everything else in ``store/`` is shared and asks ``of(connection)`` for the engine's part.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from klachtendesk.store.engines import postgresql, sqlite

_BY_NAME = {sqlite.NAME: sqlite, postgresql.NAME: postgresql}


def named(name: str) -> ModuleType:
    return _BY_NAME[name]


def of(bind: Any) -> ModuleType:
    """The engine module of a Session, Connection or Engine (or the module itself)."""
    if isinstance(bind, ModuleType):
        return bind
    get_bind = getattr(bind, "get_bind", None)
    if get_bind is not None:  # a Session
        bind = get_bind()
    return _BY_NAME[bind.dialect.name]
