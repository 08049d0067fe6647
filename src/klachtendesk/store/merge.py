"""Saving a case someone else changed after it was loaded: which fields clash.

A save carries the version the user loaded. When the case has moved on since, the events
after that version say which fields the others changed (each save records one "changed"
event per field, with the version it made). A field this user changed that someone else
changed too, to another value than this user's, is a clash: the save is refused, naming
both values. Every other field merges: the others' changes stay, this user's are applied
on top, each its own event by its own author. A version that left no such events (the
retention's anonymisation, a change made outside the desk) counts as a change of every
field: nothing is merged over what cannot be seen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from klachtendesk.domain.fields import field_label
from klachtendesk.store.errors import FieldClash
from klachtendesk.store.models import Case, Event


def changed_since(session: Session, case_id: int, version: int, current: int) -> dict[str, Event] | None:
    """Field -> the last event that changed it after ``version``; None when a version up to
    ``current`` has no field events (what it changed is not known)."""
    rows = session.exec(select(Event).where(Event.case_id == case_id, col(Event.version) > version,
                                            Event.kind == "changed").order_by(col(Event.id)))
    by_field: dict[str, Event] = {}
    versions: set[int] = set()
    for event in rows:
        if event.field and event.version is not None:
            by_field[event.field] = event
            versions.add(event.version)
    if any(v not in versions for v in range(version + 1, current + 1)):
        return None
    return by_field


def clashes(session: Session, case: Case, version: int, changes: dict[str, Any],
            show: Callable[[str, Any], str]) -> list[FieldClash]:
    """The fields of ``changes`` (stored form) that someone else changed after ``version``
    to something else. ``show`` gives a value as a user reads it."""
    current_version = case.version or 0
    if current_version == version:
        return []
    assert case.id is not None
    others = changed_since(session, case.id, version, current_version)
    found = []
    for name, new in changes.items():
        current = getattr(case, name)
        if current == new or (others is not None and name not in others):
            continue
        event = others[name] if others is not None else None
        found.append(FieldClash(field=name, label=field_label(name), theirs=show(name, current),
                                mine=show(name, new), user=event.user if event else "",
                                at=event.at if event else None))
    return found
