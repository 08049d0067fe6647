"""The repeat rule of domain/repeats.py on the stored cases, at every save of a link (the
desk's link, the edit screen, the intake): a case repeats one received on or before it,
and the links never lead round in a circle. The import checks a whole register at once
with the same rule (register/importer.py)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlmodel import Session, col, select

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.repeats import SELF, Link, link_problems
from klachtendesk.store.models import Case


class _Node(NamedTuple):
    id: int
    reference: str
    received: date
    repeat_of_id: int | None


def _node(session: Session, case_id: int) -> _Node | None:
    row = session.exec(select(Case.id, Case.reference, col(Case.received), Case.repeat_of_id)
                       .where(Case.id == case_id)).first()
    return _Node(*row) if row is not None else None


def check_link(session: Session, case_id: int | None, reference: str, received: date,
               repeat_of_id: int | None) -> None:
    """Raise DomainError (one Dutch line) when the case (``case_id`` None: one still to be
    made) may not repeat ``repeat_of_id``. Only the cases of the same day are walked: every
    stored link points to a case received on or before its own."""
    if repeat_of_id is None:
        return
    if repeat_of_id == case_id:
        raise DomainError(SELF, field="repeat_of")
    target = _node(session, repeat_of_id)
    if target is None:
        raise DomainError("De zaak waarnaar de herhaling verwijst, is er niet (meer) voor jou.", field="repeat_of")
    links = [Link(reference, received, target.reference)]
    stored = {target.reference: target.received}
    node, seen = target, {target.id}
    while node.received == received and node.repeat_of_id is not None and node.id != case_id:
        following = _node(session, node.repeat_of_id)
        if following is None:
            break
        links.append(Link(node.reference, node.received, following.reference))
        stored[following.reference] = following.received
        if following.id in seen:
            break
        seen.add(following.id)
        node = following
    for index, reason in link_problems(links, stored):
        if index == 0:
            raise DomainError(reason[:1].upper() + reason[1:], field="repeat_of")
