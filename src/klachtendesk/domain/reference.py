"""Case references: a per-year sequence, ``2023-0007`` by default."""

from __future__ import annotations

from klachtendesk.domain.errors import DomainError

DEFAULT_PATTERN = "{year}-{seq:04d}"

#: The highest sequence number a store keeps (its integer column, 32 bits on PostgreSQL). A
#: reference whose number is larger is kept as text, as one from another system.
MAX_SEQUENCE = 2**31 - 1


def format_reference(pattern: str, year: int, seq: int) -> str:
    return pattern.format(year=year, seq=seq)


def check_pattern(pattern: str) -> None:
    """A pattern must contain {year} and {seq} and give distinct references."""
    if "{seq" not in pattern or "{year" not in pattern:
        raise DomainError("het patroon moet {year} en {seq} bevatten, bv. '{year}-{seq:04d}'")
    try:
        first = format_reference(pattern, 2023, 1)
        second = format_reference(pattern, 2023, 2)
    except (KeyError, ValueError, IndexError) as err:
        raise DomainError(f"het patroon is ongeldig ({err})") from None
    if first == second:
        raise DomainError("het patroon geeft geen verschillende referenties")
