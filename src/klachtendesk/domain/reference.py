"""Case references: a per-year sequence, ``2023-0007`` by default."""

from __future__ import annotations

import re
from functools import lru_cache

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


@lru_cache(maxsize=8)
def pattern_regex(pattern: str) -> re.Pattern[str]:
    """What references in ``pattern`` look like, the year and the sequence number as groups."""
    regex = ""
    for part in re.split(r"(\{year[^}]*\}|\{seq[^}]*\})", pattern):
        if part.startswith("{year"):
            regex += r"(?P<year>\d{4})"
        elif part.startswith("{seq"):
            regex += r"(?P<seq>\d+)"
        else:
            regex += re.escape(part)
    return re.compile(f"^{regex}$")


def reference_number(pattern: str, reference: str) -> tuple[int, int] | None:
    """(year, sequence number) of a reference in ``pattern``: "2023-001" and "2023-0001"
    are the same number, so they cannot both be references. None when it is not in the
    pattern, or its number is larger than a store holds (``2026-99999999999999999999``)."""
    match = pattern_regex(pattern).match(reference)
    if not match:
        return None
    digits = match["seq"].lstrip("0")
    if len(digits) > len(str(MAX_SEQUENCE)) or int(digits or "0") > MAX_SEQUENCE:
        return None
    return int(match["year"]), int(match["seq"])
