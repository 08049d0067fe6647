"""Errors the store raises; every message is one Dutch sentence for the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from klachtendesk.clock import local
from klachtendesk.domain.dates import format_date


class StoreError(Exception):
    """The store cannot be used. ``exit_code`` is what the CLI exits with."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class NotFound(StoreError):
    pass


class MissingStore(StoreError):
    """There is no klachtendesk store there yet (no file, or an empty database)."""


class DamagedStore(StoreError):
    """SQLite's own checks found damage in the store file."""


@dataclass(frozen=True)
class ChangeBy:
    user: str
    at: datetime
    fields: tuple[str, ...]


class ConflictError(StoreError):
    """Someone else saved the case after it was loaded: the save is refused."""

    def __init__(self, reference: str, changes: list[ChangeBy]) -> None:
        self.reference = reference
        self.changes = changes
        if changes:
            parts = []
            for change in changes:
                what = ", ".join(change.fields) or "de zaak"
                at = local(change.at) or change.at
                parts.append(f"{change.user} op {format_date(at.date())} om {at:%H:%M} ({what})")
            who = "; ".join(parts)
        else:
            who = "iemand anders"
        super().__init__(
            f"Zaak {reference} werd intussen gewijzigd door {who}. Je wijziging is niet "
            "bewaard: herlaad de zaak en pas ze opnieuw toe."
        )
