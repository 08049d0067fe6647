"""A repeat ("herhaling van") points back to an earlier case of the same complainant.

Its rules, for the desk's link and for a register of many cases at once: not the case
itself, not a case received later, and links that never lead round in a circle.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from klachtendesk.domain.dates import format_date
from klachtendesk.domain.errors import DomainError

SELF = "Een zaak kan geen herhaling van zichzelf zijn."


@dataclass(frozen=True)
class Link:
    reference: str  # "" for a case whose reference is still to be made
    received: date
    repeat_of: str  # "" when it repeats nothing


def check_repeat(me: str, received: date, earlier: str, earlier_received: date) -> None:
    """One link: to another case, received on or before this one."""
    if me and earlier == me:
        raise DomainError(SELF, field="repeat_of")
    if earlier_received > received:
        raise DomainError(
            f"De zaak {earlier} is pas ontvangen op {format_date(earlier_received)}, na deze zaak "
            f"({format_date(received)}): een herhaling verwijst naar een eerdere zaak.", field="repeat_of")


def link_problems(links: Sequence[Link], stored: Mapping[str, date]) -> Iterator[tuple[int, str]]:
    """(index in ``links``, Dutch reason) for every link that breaks a rule. ``stored``: the
    received date of each case outside ``links`` that one of them repeats."""
    received = {link.reference: link.received for link in links if link.reference}
    target = {link.reference: link.repeat_of for link in links if link.reference and link.repeat_of}
    for index, link in enumerate(links):
        if not link.repeat_of:
            continue
        when = received.get(link.repeat_of, stored.get(link.repeat_of))
        if when is None:
            yield index, f"de zaak {link.repeat_of} bestaat niet."
            continue
        try:
            check_repeat(link.reference, link.received, link.repeat_of, when)
        except DomainError as err:
            yield index, err.message
            continue
        circle = _circle(link.reference, target, received) if when == link.received else []
        if circle:
            yield index, f"de herhalingen lopen in een kring: {' → '.join(circle)}."


def _circle(start: str, target: Mapping[str, str], received: Mapping[str, date]) -> list[str]:
    """The references from ``start`` back to itself along the links, or [] when they end.
    Every link points to a case received on or before its own, so a circle is of cases of
    one day: the walk stops at the first earlier one (a long chain is not walked per row)."""
    if not start:
        return []
    day = received[start]
    path, seen, at = [start], {start}, target.get(start, "")
    while at and at not in seen and received.get(at) == day:
        path.append(at)
        seen.add(at)
        at = target.get(at, "")
    return [*path, start] if at == start else []
