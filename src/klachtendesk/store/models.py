"""The tables. One module, as SQLModel's docs advise; names are the domain's, in English.

Dates are DATE columns: SQLite keeps them as ISO text (``2023-06-06``), PostgreSQL as real
dates; both compare and index in date order. Code that reads them back through raw SQL gets
a string from one and a ``date`` from the other: ``store.values.as_date`` reads both.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Integer, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class SignalType(SQLModel, table=True):
    __tablename__ = "signal_type"

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(unique=True)
    complaint: bool = False
    term_days: int = 45
    term_unit: str = "kalenderdagen"
    max_extension: int = 0
    #: False for types that close without a final qualification (wegwijsvraag, spam).
    needs_qualification: bool = True
    position: int = 0
    active: bool = True


class Category(SQLModel, table=True):
    """A category (trefwoord) or, with a parent, a sub-category."""

    __tablename__ = "category"

    id: int | None = Field(default=None, primary_key=True)
    label: str
    description: str = ""
    parent_id: int | None = Field(default=None, foreign_key="category.id", index=True)
    position: int = 0
    active: bool = True


class CategoryScope(SQLModel, table=True):
    """A category limited to some signal types; no rows means: for every type."""

    __tablename__ = "category_scope"

    category_id: int = Field(foreign_key="category.id", primary_key=True)
    signal_type_id: int = Field(foreign_key="signal_type.id", primary_key=True)


class Qualification(SQLModel, table=True):
    __tablename__ = "qualification"

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(unique=True)
    description: str = ""
    admissible: bool = True
    founded: str = ""  # "ja", "deels", "nee" or ""
    position: int = 0
    active: bool = True


class Channel(SQLModel, table=True):
    __tablename__ = "channel"

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(unique=True)
    via_ombudsperson: bool = False
    position: int = 0
    active: bool = True


class Entity(SQLModel, table=True):
    __tablename__ = "entity"

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(unique=True)
    position: int = 0
    active: bool = True


class User(SQLModel, table=True):
    """A person who works on cases (handler); events name users by this name."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    active: bool = True


class EntityAccess(SQLModel, table=True):
    """Which entities (or teams) a login of the team server may see: one row per grant.

    Only PostgreSQL reads it (its row-level security policies, store/team_roles.py); on
    SQLite the table exists and stays empty, one workstation's file being the boundary.
    """

    __tablename__ = "entity_access"

    login: str = Field(primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", primary_key=True)


class Setting(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str  # JSON


_version = Column("version", Integer, nullable=False)

#: Every column the report's aggregate queries read (store/report_queries.py), received first.
REPORT_INDEX_COLUMNS = (
    "received", "signal_type_id", "channel_id", "entity_id", "category_id", "qualification_id",
    "admissible", "status", "due", "answered", "repeat_of_id", "inadmissible_reason",
)


#: The partial indexes' conditions, by index. SQLite's is given with the index; PostgreSQL's
#: is added by ``add_postgresql_conditions`` when a PostgreSQL engine is made: naming a
#: dialect's option makes SQLAlchemy import that dialect, and its PostgreSQL dialect would
#: cost every start on a SQLite store some 40 ms for nothing.
PARTIAL_INDEXES = {
    "ix_case_open_due": "status <> 'closed'",
    "ix_case_open_handler_due": "status <> 'closed'",
    "ix_case_closed_answered": "status = 'closed'",
    "ix_case_extra_actions": "extra_actions <> ''",
}


def _partial(name: str, *columns: str) -> Index:
    return Index(name, *columns, sqlite_where=text(PARTIAL_INDEXES[name]))


class Case(SQLModel, table=True):
    __tablename__ = "case_file"
    __table_args__ = (
        UniqueConstraint("ref_year", "ref_seq", name="uq_case_ref_seq"),
        # The queue's main view: open cases by due date. Partial, so it holds only the
        # few percent of cases that are open, whatever the store's size.
        _partial("ix_case_open_due", "due", "id"),
        _partial("ix_case_open_handler_due", "handler_id", "due", "id"),
        Index("ix_case_received", "received", "id"),
        Index("ix_case_repeat_of", "repeat_of_id"),
        _partial("ix_case_closed_answered", "answered", "id"),
        # The year report's aggregates read a year of cases from this index alone (a covering
        # index), never from the table rows: a quarter of a million cases in well under a second.
        Index("ix_case_report", *REPORT_INDEX_COLUMNS),
        # The report lists extra actions: few cases, found without reading the year's rows.
        _partial("ix_case_extra_actions", "received", "id"),
    )
    __mapper_args__ = {"version_id_col": _version}

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True)
    ref_year: int
    ref_seq: int
    received: date
    signal_type_id: int = Field(foreign_key="signal_type.id")
    channel_id: int | None = Field(default=None, foreign_key="channel.id")
    entity_id: int | None = Field(default=None, foreign_key="entity.id")
    title: str
    description: str = ""
    complainant_name: str = ""
    complainant_email: str = ""
    complainant_phone: str = ""
    complainant_address: str = ""
    anonymous: bool = False
    category_id: int | None = Field(default=None, foreign_key="category.id")
    subcategory_id: int | None = Field(default=None, foreign_key="category.id")
    handler_id: int | None = Field(default=None, foreign_key="app_user.id")
    status: str = "registered"
    admissible: bool | None = None
    inadmissible_reason: str = ""
    qualification_id: int | None = Field(default=None, foreign_key="qualification.id")
    motivation: str = ""  # argumentatie: what the investigation found and why
    draft_answer: str = ""
    approvals: str = ""  # approvals given, one per line, in order: the step, a tab, who (domain/approvals.py)
    extra_actions: str = ""
    extra_actions_done: date | None = None
    acknowledged: date | None = None
    due: date
    extension_days: int = 0
    extension_reason: str = ""
    answered: date | None = None
    answer_channel: str = ""  # "e-mail" or "brief"
    repeat_of_id: int | None = Field(default=None, foreign_key="case_file.id")
    line: str = ""  # escalation line (Stedelijk Onderwijs)
    solved: str = ""  # opgelost: "ja", "deels", "nee" or "" (apart from the qualification)
    school: str = ""  # the school or unit a signal is about (Stedelijk Onderwijs)
    ombudsnorms: str = ""  # the ombudsnormen a founded complaint broke, one per line
    staff_member: str = ""  # the involved staff member (police): complaints team only
    mediation_result: str = ""  # the result of a mediation (bemiddeling)
    version: int | None = Field(default=None, sa_column=_version)
    created_at: datetime
    updated_at: datetime
    created_by: str = ""
    anonymised_at: datetime | None = None


class Event(SQLModel, table=True):
    """The audit log: every change to a case, or a note, or a store-wide action (export)."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_case", "case_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="case_file.id")
    at: datetime
    user: str
    kind: str  # created, changed, note, exported, imported, retention, ...
    field: str = ""
    old: str = ""
    new: str = ""
    note: str = ""
    version: int | None = None  # the case version this event produced


class MailMessage(SQLModel, table=True):
    """A mail read into a case (direction "in") or an e-mail draft made for it ("out").

    ``message_id`` is the mail's Message-ID: a mail read before is skipped, and a reply whose
    In-Reply-To or References names one of these belongs to its case.
    """

    __tablename__ = "mail_message"
    __table_args__ = (Index("ix_mail_message_case", "case_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id")
    message_id: str = Field(unique=True)
    direction: str  # "in" or "out"
    sender: str = ""
    recipient: str = ""
    subject: str = ""
    sent_at: datetime | None = None
    forwarded_by: str = ""  # who forwarded the citizen's mail to the desk (the channel's source)
    created_at: datetime
    created_by: str = ""


class Attachment(SQLModel, table=True):
    """A file kept with a case, inside the store (so a backup holds it too)."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_case", "case_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id")
    message_row_id: int | None = Field(default=None, foreign_key="mail_message.id")
    name: str
    content_type: str = "application/octet-stream"
    size: int
    sha256: str
    source: str = ""  # "mail", "origineel", "bestand", "brief"
    data: bytes = Field(sa_column=Column("data", LargeBinary, nullable=False))
    added_at: datetime
    added_by: str = ""


class Letter(SQLModel, table=True):
    """A letter or e-mail draft made for a case; the document itself is an attachment."""

    __tablename__ = "letter"
    __table_args__ = (Index("ix_letter_case", "case_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id")
    kind: str  # "ontvangstmelding", "antwoord", "afsluiting"
    format: str  # "docx" or "eml"
    attachment_id: int = Field(foreign_key="attachment.id")
    message_row_id: int | None = Field(default=None, foreign_key="mail_message.id")
    created_at: datetime
    created_by: str = ""


def add_postgresql_conditions() -> None:
    """Give the partial indexes their condition for PostgreSQL too (see PARTIAL_INDEXES);
    done once, when the first PostgreSQL engine is made."""
    for index in Case.__table__.indexes:  # type: ignore[attr-defined]
        where = PARTIAL_INDEXES.get(str(index.name))
        if where is not None and index.dialect_kwargs["postgresql_where"] is None:
            index.dialect_kwargs["postgresql_where"] = text(where)
