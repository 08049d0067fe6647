"""Organisation settings, stored as JSON values under fixed keys."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from klachtendesk.domain.answer_footer import check_footer_set
from klachtendesk.domain.calendar import DateRange, check_closure, closure_text
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.domain.text import clean_text
from klachtendesk.store.models import Event, Setting

_PREFIX = "org."


def save_settings(session: Session, settings: Settings) -> None:
    for key, value in asdict(settings).items():
        if key == "closures":
            value = [[start.isoformat(), end.isoformat()] for start, end in settings.closures]
        put(session, _PREFIX + key, value)


def load_settings(session: Session) -> Settings:
    stored = {row.key: json.loads(row.value) for row in session.exec(select(Setting))}
    kwargs: dict[str, Any] = {}
    for f in fields(Settings):
        key = _PREFIX + f.name
        if key not in stored:
            continue
        value = stored[key]
        if f.name == "closures":
            value = tuple((date.fromisoformat(a), date.fromisoformat(b)) for a, b in value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    if "organisation" not in kwargs:
        kwargs["organisation"] = ""
    return Settings(**kwargs)


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return json.loads(row.value) if row is not None else default


def put(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    encoded = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded
    session.flush()


def set_answer_footer(session: Session, footer: str, *, user: str, now: datetime) -> bool:
    """Change the text every final answer must include (``Settings.answer_footer``), with an
    event in the log (who, when, old and new). Returns False when it was already so.

    Raises DomainError (Dutch) for text that cannot be stored, or an empty footer where the
    organisation requires one. The caller refreshes the store's settings afterwards.
    """
    footer = clean_text(footer, label="De slottekst", field="answer_footer").strip()
    check_footer_set(footer, bool(get(session, _PREFIX + "answer_footer_required", False)))
    old = get(session, _PREFIX + "answer_footer", "") or ""
    if footer == old:
        return False
    put(session, _PREFIX + "answer_footer", footer)
    session.add(Event(case_id=None, at=now, user=user, kind="settings", field="answer_footer", old=old, new=footer,
                      note="Slottekst van de antwoorden gewijzigd"))
    session.flush()
    return True


def _closures_json(closures: Sequence[DateRange]) -> list[list[str]]:
    return [[start.isoformat(), end.isoformat()] for start, end in closures]


def stored_closures(session: Session) -> tuple[DateRange, ...]:
    return tuple((date.fromisoformat(a), date.fromisoformat(b)) for a, b in get(session, _PREFIX + "closures", []))


def change_closure(session: Session, old: DateRange | None, new: DateRange | None, *, user: str,
                   now: datetime) -> bool:
    """Add a closure (``old`` None), change one, or remove one (``new`` None), with an event
    in the log. Terms computed from now on skip it; due dates already set stay as they are.

    Raises DomainError (Dutch) for a closure that is not a sensible period, overlaps another,
    or was changed meanwhile (``old`` no longer stored). False when nothing changed.
    """
    closures = list(stored_closures(session))
    if old is not None and old not in closures:
        raise DomainError(f"De sluiting {closure_text(old)} is intussen gewijzigd: vernieuw het scherm.")
    if old == new:
        return False
    others = [c for c in closures if c != old]
    if new is not None:
        check_closure(new, others)
    updated = sorted([*others, new] if new is not None else others)
    put(session, _PREFIX + "closures", _closures_json(updated))
    if old is None:
        note = f"Sluiting toegevoegd: {closure_text(new)}"  # type: ignore[arg-type]
    elif new is None:
        note = f"Sluiting verwijderd: {closure_text(old)}"
    else:
        note = f"Sluiting gewijzigd: {closure_text(old)} wordt {closure_text(new)}"
    session.add(Event(case_id=None, at=now, user=user, kind="settings", field="closures",
                      old=closure_text(old) if old else "", new=closure_text(new) if new else "", note=note))
    session.flush()
    return True


@dataclass(frozen=True)
class SettingsChange:
    """A change to the organisation's settings, as the event log holds it."""

    at: datetime
    user: str
    note: str


def recent_changes(session: Session, limit: int = 8) -> list[SettingsChange]:
    """The newest settings changes first (footer, users, closures, backups)."""
    rows = session.exec(select(Event).where(col(Event.case_id).is_(None), Event.kind == "settings")
                        .order_by(col(Event.id).desc()).limit(limit)).all()
    return [SettingsChange(r.at, r.user, r.note) for r in rows]
