"""Earlier cases of the same complainant, for intake and the link dialog (herhaalde klachten).

A case is the same complainant's when its e-mail is the same (case ignored), its phone
number ends in the same nine digits, or its name matches what was typed in any order and in
part, accents ignored (domain/matching.py: "Yılmaz F." finds "Fatma Yilmaz"). Closed cases
count too, newest first.

The index lookup is one function, ``_candidates``: each engine's full-text index finds the
names and e-mail addresses (``complainant_candidates`` in store/engines/), a scan of the
phone column the numbers. Every candidate is then checked in Python, so the index only has
to be wide enough, never exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from klachtendesk.domain.matching import fold, name_matches, phone_digits, words
from klachtendesk.store import engines

_CANDIDATES = 200  # read at most this many candidates, newest first, before checking them
_SHORT_REFERENCE = re.compile(r"\s*(\d{4})\s*[-/.]\s*(\d{1,9})\s*")


@dataclass(frozen=True)
class EarlierCase:
    id: int
    reference: str
    title: str
    received: date
    status: str
    why: str  # "e-mail", "telefoon" or "naam": what matched, as the receptionist reads it


def earlier_cases(session: Session, *, name: str = "", email: str = "", phone: str = "",
                  exclude_id: int | None = None, limit: int = 10) -> list[EarlierCase]:
    """The complainant's cases, newest first (closed ones included)."""
    email = email.strip().casefold()
    digits = phone_digits(phone)
    name = name if any(len(w) >= 3 for w in words(name)) else ""
    if not (email or digits or name):
        return []
    found: list[EarlierCase] = []
    for row in _candidates(session, name=name, email=email, digits=digits, exclude_id=exclude_id):
        case_id, reference, title, received, status, their_name, their_email, their_phone = row
        if email and (their_email or "").strip().casefold() == email:
            why = "e-mail"
        elif digits and phone_digits(their_phone or "") == digits:
            why = "telefoon"
        elif name and name_matches(name, their_name or ""):
            why = "naam"
        else:
            continue
        found.append(EarlierCase(case_id, reference, title, _date(received), status, why))
        if len(found) == limit:
            break
    return found


def _candidates(session: Session, *, name: str, email: str, digits: str, exclude_id: int | None) -> list[Any]:
    """Rows that may be the complainant's, newest first: a superset, checked by the caller.
    The engine's text index finds names and e-mail addresses (store/engines/); the phone
    numbers are compared without their spaces, dots, slashes and dashes."""
    params: dict[str, object] = {"limit": _CANDIDATES, "exclude": exclude_id if exclude_id is not None else -1}
    sources: list[str] = []
    name_words, email_words = words(name), re.findall(r"[^\W_]+", fold(email))
    if name_words or email_words:
        sources.append(engines.of(session).complainant_candidates(name_words, email_words, params))
    if digits:
        params["phone"] = "%" + digits
        sources.append("SELECT id FROM case_file WHERE complainant_phone <> '' AND "
                       "replace(replace(replace(replace(complainant_phone, ' ', ''), '.', ''), '/', ''), '-', '') "
                       "LIKE :phone")
    if not sources:
        return []
    return list(session.connection().execute(text(
        "SELECT c.id, c.reference, c.title, c.received, c.status, c.complainant_name, c.complainant_email, "
        "c.complainant_phone FROM case_file AS c "
        f"WHERE c.id IN ({' UNION '.join(sources)}) AND c.id <> :exclude "
        "ORDER BY c.received DESC, c.id DESC LIMIT :limit"), params))


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def find_reference(session: Session, typed: str) -> tuple[int, str, str] | None:
    """The case a typed reference names: exactly as stored, or short, as year and number
    ("2026-1" is 2026-0001, whatever the organisation's pattern pads it to)."""
    typed = typed.strip()
    connection = session.connection()
    row = connection.execute(text("SELECT id, reference, title FROM case_file WHERE reference = :r"),
                             {"r": typed}).first()
    if row is None:
        short = _SHORT_REFERENCE.fullmatch(typed)
        if short:
            row = connection.execute(text(
                "SELECT id, reference, title FROM case_file WHERE ref_year = :y AND ref_seq = :s"),
                {"y": int(short[1]), "s": int(short[2])}).first()
    return (int(row[0]), str(row[1]), str(row[2])) if row is not None else None
