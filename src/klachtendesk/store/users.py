"""The organisation's users: the people cases are assigned to and events are signed by.

A user is never deleted or renamed (the timeline names people by their name); one who left
is set inactive and is no longer offered as a handler or approver. Every change is an event
in the store's log.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.text import clean_line
from klachtendesk.store.models import Event, User


def add_user(session: Session, name: str, *, user: str, now: datetime) -> int:
    """A new user (active); DomainError (Dutch) for an empty name or one that exists."""
    name = clean_line(name, label="De naam", field="name").strip()
    if not name:
        raise DomainError("Geef een naam op.")
    for existing in session.exec(select(User)):
        if label_key(existing.name) == label_key(name):
            state = "" if existing.active else " (niet actief: zet die weer actief)"
            raise DomainError(f"Er is al een gebruiker '{existing.name}'{state}.")
    row = User(name=name)
    session.add(row)
    session.flush()
    session.add(Event(case_id=None, at=now, user=user, kind="settings", field="users", new=name,
                      note=f"Gebruiker toegevoegd: {name}"))
    session.flush()
    return row.id  # type: ignore[return-value]


def set_user_active(session: Session, user_id: int, active: bool, *, user: str, now: datetime) -> bool:
    """Offer a user as handler and approver again, or no longer. False when it was so already."""
    row = session.get(User, user_id)
    if row is None:
        raise DomainError("Die gebruiker bestaat niet meer: vernieuw het scherm.")
    if row.active == active:
        return False
    row.active = active
    session.add(Event(case_id=None, at=now, user=user, kind="settings", field="users",
                      old="actief" if not active else "niet actief", new="actief" if active else "niet actief",
                      note=f"{row.name} {'weer actief' if active else 'niet meer actief'}"))
    session.flush()
    return True
