"""Organisation settings, stored as JSON values under fixed keys."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from klachtendesk.domain.answer_footer import check_footer_set
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
