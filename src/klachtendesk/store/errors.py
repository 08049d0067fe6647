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


@dataclass(frozen=True)
class FieldClash:
    """A field both people changed: what the colleague made of it, and what this user typed
    (both as a user reads them)."""

    field: str
    label: str
    theirs: str
    mine: str
    user: str
    at: datetime | None


#: How much of a long value a one-line message quotes.
QUOTED = 60


def quoted(value: str) -> str:
    """A value in a one-line message: «…», shortened; (leeg) for nothing."""
    flat = " ".join(value.split())
    return "«" + (flat if len(flat) <= QUOTED else flat[:QUOTED - 1] + "…") + "»" if flat else "(leeg)"


class ConflictError(StoreError):
    """Someone else changed a field this user changed too, after the case was loaded: the
    save is refused. ``clashes`` names each such field with both values."""

    def __init__(self, reference: str, changes: list[ChangeBy], clashes: list[FieldClash] | None = None) -> None:
        self.reference = reference
        self.changes = changes
        self.clashes = list(clashes or [])
        if changes:
            parts = []
            for change in changes:
                what = ", ".join(change.fields) or "de zaak"
                at = local(change.at) or change.at
                parts.append(f"{change.user} op {format_date(at.date())} om {at:%H:%M} ({what})")
            who = "; ".join(parts)
        else:
            who = "iemand anders"
        self.who = who  # "Tom Jacobs op 27/11/2026 om 10:30 (titel)": for a screen's own wording
        both = ""
        if self.clashes:
            both = " Jullie wijzigden allebei: " + "; ".join(
                f"{clash.label}: nu {quoted(clash.theirs)}, jij {quoted(clash.mine)}" for clash in self.clashes) + "."
        super().__init__(
            f"Zaak {reference} werd intussen gewijzigd door {who}.{both} Je wijziging is niet "
            "bewaard: herlaad de zaak en pas ze opnieuw toe."
        )
