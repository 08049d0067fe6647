"""The organisation's taxonomy as the rest of the program reads it: small, cached, immutable.

``load_taxonomy`` reads every label table once; screens, the importer and the report look
labels up here instead of querying per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from klachtendesk.domain.chapter import counts_as_complaint
from klachtendesk.domain.deadlines import Term
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.taxonomy import Preset
from klachtendesk.domain.workflow import QualificationInfo
from klachtendesk.store.models import (
    Category,
    CategoryScope,
    Channel,
    Entity,
    Qualification,
    SignalType,
    User,
)


@dataclass(frozen=True)
class TypeRow:
    id: int
    label: str
    complaint: bool
    term: Term
    active: bool = True
    needs_qualification: bool = True  # False: closes without a final qualification


@dataclass(frozen=True)
class CategoryRow:
    id: int
    label: str
    description: str
    parent_id: int | None
    type_ids: frozenset[int]
    active: bool = True

    def applies_to(self, type_id: int | None) -> bool:
        return not self.type_ids or type_id is None or type_id in self.type_ids


@dataclass(frozen=True)
class QualificationRow:
    id: int
    label: str
    description: str
    admissible: bool
    founded: str
    active: bool = True

    @property
    def info(self) -> QualificationInfo:
        return QualificationInfo(self.label, self.admissible, self.founded)


@dataclass(frozen=True)
class LabelRow:
    """A channel, entity or user: an id and a label."""

    id: int
    label: str
    active: bool = True
    via_ombudsperson: bool = False


def _index(rows: tuple) -> dict[int, object]:  # type: ignore[type-arg]
    return {row.id: row for row in rows}


@dataclass(frozen=True)
class Taxonomy:
    types: tuple[TypeRow, ...] = ()
    categories: tuple[CategoryRow, ...] = ()  # top level and children, in display order
    qualifications: tuple[QualificationRow, ...] = ()
    channels: tuple[LabelRow, ...] = ()
    entities: tuple[LabelRow, ...] = ()
    users: tuple[LabelRow, ...] = ()
    _by_id: dict[str, dict[int, object]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for kind in ("types", "categories", "qualifications", "channels", "entities", "users"):
            self._by_id[kind] = _index(getattr(self, kind))

    def get(self, kind: str, row_id: int | None):  # type: ignore[no-untyped-def]
        if row_id is None:
            return None
        return self._by_id[kind].get(row_id)

    def label(self, kind: str, row_id: int | None) -> str:
        row = self.get(kind, row_id)
        return row.label if row is not None else ""

    def find(self, kind: str, label: str):  # type: ignore[no-untyped-def]
        """The row whose label matches ignoring case, spacing and the kind of dash."""
        key = label_key(label)
        for row in getattr(self, kind):
            if label_key(row.label) == key:
                return row
        return None

    def type(self, type_id: int) -> TypeRow:
        return self._by_id["types"][type_id]  # type: ignore[return-value]

    def top_categories(self, type_id: int | None = None) -> list[CategoryRow]:
        return [c for c in self.categories if c.parent_id is None and c.applies_to(type_id)]

    def children(self, parent_id: int) -> list[CategoryRow]:
        return [c for c in self.categories if c.parent_id == parent_id]

    def find_category(self, label: str, type_id: int | None = None, parent_id: int | None = None):  # type: ignore[no-untyped-def]
        key = label_key(label)
        for row in self.categories:
            if row.parent_id == parent_id and label_key(row.label) == key and row.applies_to(type_id):
                return row
        return None

    @property
    def complaint_type_ids(self) -> frozenset[int]:
        return frozenset(t.id for t in self.types if t.complaint)

    @property
    def ombudsperson_channel_ids(self) -> frozenset[int]:
        return frozenset(c.id for c in self.channels if c.via_ombudsperson)

    def reported_type_id(self, type_id: int, channel_id: int | None) -> int:
        """The type a case counts under in the report: a case via the ombudsperson counts as a
        complaint whatever its type says (under the organisation's first complaint type)."""
        complaint_types = [t.id for t in self.types if t.complaint]
        if not complaint_types or type_id in complaint_types:
            return type_id
        if counts_as_complaint(False, channel_id in self.ombudsperson_channel_ids):
            return complaint_types[0]
        return type_id


def load_taxonomy(session: Session) -> Taxonomy:
    scopes: dict[int, set[int]] = {}
    for scope in session.exec(select(CategoryScope)):
        scopes.setdefault(scope.category_id, set()).add(scope.signal_type_id)
    types = tuple(
        TypeRow(t.id, t.label, t.complaint, Term(t.term_days, t.term_unit, t.max_extension), t.active,  # type: ignore[arg-type]
                t.needs_qualification)
        for t in session.exec(select(SignalType).order_by(col(SignalType.position), col(SignalType.id)))
    )
    all_categories = list(session.exec(select(Category).order_by(col(Category.position), col(Category.id))))
    ordered: list[Category] = []
    for top in (c for c in all_categories if c.parent_id is None):
        ordered.append(top)
        ordered.extend(c for c in all_categories if c.parent_id == top.id)
    categories = tuple(
        CategoryRow(c.id, c.label, c.description, c.parent_id,  # type: ignore[arg-type]
                    frozenset(scopes.get(c.parent_id or c.id or 0, ())), c.active)
        for c in ordered
    )
    qualifications = tuple(
        QualificationRow(q.id, q.label, q.description, q.admissible, q.founded, q.active)  # type: ignore[arg-type]
        for q in session.exec(select(Qualification).order_by(col(Qualification.position), col(Qualification.id)))
    )
    channels = tuple(
        LabelRow(c.id, c.label, c.active, c.via_ombudsperson)  # type: ignore[arg-type]
        for c in session.exec(select(Channel).order_by(col(Channel.position), col(Channel.id)))
    )
    entities = tuple(
        LabelRow(e.id, e.label, e.active)  # type: ignore[arg-type]
        for e in session.exec(select(Entity).order_by(col(Entity.position), col(Entity.id)))
    )
    users = tuple(
        LabelRow(u.id, u.name, u.active)  # type: ignore[arg-type]
        for u in session.exec(select(User).order_by(col(User.name)))
    )
    return Taxonomy(types, categories, qualifications, channels, entities, users)


def install_preset(session: Session, preset: Preset) -> None:
    """Write a preset's taxonomy into an empty store."""
    type_ids: dict[str, int] = {}
    for pos, signal_type in enumerate(preset.types):
        row = SignalType(label=signal_type.label, complaint=signal_type.complaint, term_days=signal_type.term.days,
                         term_unit=signal_type.term.unit, max_extension=signal_type.term.max_extension,
                         needs_qualification=signal_type.needs_qualification, position=pos)
        session.add(row)
        session.flush()
        type_ids[label_key(signal_type.label)] = row.id  # type: ignore[assignment]
    for pos, c in enumerate(preset.categories):
        top = Category(label=c.label, description=c.description, position=pos)
        session.add(top)
        session.flush()
        for t in c.types:
            session.add(CategoryScope(category_id=top.id, signal_type_id=type_ids[label_key(t)]))  # type: ignore[arg-type]
        for cpos, child in enumerate(c.children):
            session.add(Category(label=child, parent_id=top.id, position=cpos))
    for pos, q in enumerate(preset.qualifications):
        session.add(Qualification(label=q.label, description=q.description,
                                  admissible=q.admissible, founded=q.founded, position=pos))
    for pos, ch in enumerate(preset.channels):
        session.add(Channel(label=ch.label, via_ombudsperson=ch.via_ombudsperson, position=pos))
    for pos, e in enumerate(preset.entities):
        session.add(Entity(label=e, position=pos))
    session.flush()


def ensure_user(session: Session, name: str) -> int:
    """The id of the user with this name, created when new."""
    existing = session.exec(select(User).where(User.name == name)).first()
    if existing is not None:
        return existing.id  # type: ignore[return-value]
    for user in session.exec(select(User)):
        if label_key(user.name) == label_key(name):
            return user.id  # type: ignore[return-value]
    user = User(name=name)
    session.add(user)
    session.flush()
    return user.id  # type: ignore[return-value]
