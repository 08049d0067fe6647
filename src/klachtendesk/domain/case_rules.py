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


def check_not_in_future(day: date | None, today: date, what: str, field: str) -> None:
    if day is not None and day > today:
        raise DomainError(f"De datum van {what} ligt in de toekomst.", field=field)


def check_acknowledged(received: date, sent: date | None, today: date) -> None:
    """The acknowledgement of receipt is sent on or after receipt, and not in the future."""
    if sent is None:
        return
    if sent < received:
        raise DomainError("De ontvangstmelding kan niet vóór de ontvangst verstuurd zijn.", field="acknowledged")
    check_not_in_future(sent, today, "de ontvangstmelding", "acknowledged")


def check_extra_actions_done(received: date, done: date | None, today: date) -> None:
    """Extra actions follow from the complaint: done on or after receipt, not in the future."""
    if done is None:
        return
    if done < received:
        raise DomainError("De extra acties kunnen niet vóór de ontvangst uitgevoerd zijn.",
                          field="extra_actions_done")
    check_not_in_future(done, today, "de extra acties", "extra_actions_done")
