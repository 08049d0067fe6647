"""A team's own Word templates, kept in the store's settings (so every workstation and
every backup has them), checked against the fields the organisation requires."""

from __future__ import annotations

import base64
from datetime import datetime

from klachtendesk.domain.errors import DomainError
from klachtendesk.letters.fields import KIND_LABELS, KINDS, Rules, check_fields
from klachtendesk.store import settings as settings_table
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.database import Store

MAX_TEMPLATE = 5_000_000


def _key(kind: str) -> str:
    if kind not in KINDS:
        raise DomainError(f"Onbekende soort brief '{kind}': kies {', '.join(KINDS)}.")
    return f"letters.template.{kind}"


def team_template(store: Store, kind: str) -> bytes | None:
    with store.sessions.read() as session:
        stored = settings_table.get(session, _key(kind))
    if not stored:
        return None
    return base64.b64decode(stored["data"])


def team_template_name(store: Store, kind: str) -> str:
    with store.sessions.read() as session:
        stored = settings_table.get(session, _key(kind))
    return str(stored["name"]) if stored else ""


def set_team_template(store: Store, kind: str, name: str, data: bytes | None, *, user: str, now: datetime) -> None:
    """Keep ``data`` as the team's template of ``kind`` (None: back to the shipped one)."""
    from klachtendesk.letters.docx_letter import template_fields
    from klachtendesk.letters.make import rules

    key = _key(kind)
    if data is not None:
        if len(data) > MAX_TEMPLATE:
            raise DomainError("Het sjabloon is groter dan 5 MB; verwijder grote afbeeldingen eruit.")
        check_fields(kind, template_fields(data), rules(store))
    with store.sessions.write() as session:
        if data is None:
            settings_table.put(session, key, None)
            note = f"Sjabloon {KIND_LABELS[kind]}: terug naar het standaardsjabloon"
        else:
            settings_table.put(session, key, {"name": name, "data": base64.b64encode(data).decode("ascii")})
            note = f"Sjabloon {KIND_LABELS[kind]} ingesteld"  # not the file's name (domain/store_events.py)
        log_store_event(session, "template", note, user=user, now=now)


__all__ = ["Rules", "team_template", "set_team_template", "team_template_name"]
