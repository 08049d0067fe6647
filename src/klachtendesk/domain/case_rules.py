"""Checks on a case's own fields, shared by intake, editing and import."""

from __future__ import annotations

import re
from datetime import date, timedelta

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import quote

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

#: A received date this far back is almost certainly a typing error (2203 for 2023).
OLDEST_RECEIVED_YEARS = 30


def check_received(received: date, today: date) -> None:
    if received > today:
        raise DomainError(
            "De ontvangstdatum ligt in de toekomst. Controleer de datum.", field="received"
        )
    if received < today - timedelta(days=365 * OLDEST_RECEIVED_YEARS):
        raise DomainError(
            f"De ontvangstdatum ligt meer dan {OLDEST_RECEIVED_YEARS} jaar terug. "
            "Controleer het jaartal.",
            field="received",
        )


def check_title(title: str) -> None:
    if not title.strip():
        raise DomainError("Geef de zaak een titel.", field="title")


def check_email(email: str) -> None:
    if email and not _EMAIL.match(email):
        raise DomainError(
            f"'{quote(email)}' is geen geldig e-mailadres (naam@domein.be).", field="complainant_email"
        )


def check_date_order(received: date, later: date | None, what: str, field: str) -> None:
    if later is not None and later < received:
        raise DomainError(f"De datum van {what} ligt vóór de ontvangstdatum.", field=field)
