"""The register's columns, by header name (README, "Import and export")."""

from __future__ import annotations

from dataclasses import dataclass

from klachtendesk.domain import facts
from klachtendesk.domain.taxonomy import Settings


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    kind: str = "text"  # text, line, date, label, bool, int, reference, user, choice
    label_kind: str = ""  # for kind == "label": types, channels, ...


COLUMNS: tuple[Column, ...] = (
    Column("referentie", kind="reference"),
    Column("ontvangen", required=True, kind="date"),
    Column("type", required=True, kind="label", label_kind="types"),
    Column("kanaal", kind="label", label_kind="channels"),
    Column("entiteit", kind="label", label_kind="entities"),
    Column("titel", required=True, kind="line"),
    Column("omschrijving"),
    Column("melder", kind="line"),
    Column("melder_email", kind="line"),
    Column("melder_telefoon", kind="line"),
    Column("melder_adres", kind="line"),
    Column("anoniem", kind="bool"),
    Column("categorie", kind="label", label_kind="categories"),
    Column("subcategorie", kind="label", label_kind="categories"),
    Column("behandelaar", kind="user"),
    Column("lijn", kind="line"),
    Column("ontvankelijk", kind="bool"),
    Column("reden_niet_ontvankelijk", kind="line"),
    Column("kwalificatie", kind="label", label_kind="qualifications"),
    Column("argumentatie"),
    Column("ontwerpantwoord"),
    Column("extra_acties"),
    Column("extra_acties_uitgevoerd", kind="date"),
    Column("ontvangstmelding", kind="date"),
    Column("verlenging_dagen", kind="int"),
    Column("verlenging_reden", kind="line"),
    Column("afgesloten", kind="date"),
    Column("antwoordkanaal", kind="choice"),
    Column("herhaling_van", kind="reference"),
)

#: Written by export for the reader's benefit; derived, so ignored on import.
INFORMATIONAL = ("status", "termijn")

BY_NAME = {column.name: column for column in COLUMNS}
EXPORT_HEADER = [column.name for column in COLUMNS] + list(INFORMATIONAL)

#: The case facts' columns (domain/facts.py), column -> fact: read and written only for an
#: organisation that uses the fact.
FACT_COLUMNS: dict[str, str] = {column: fact for fact, column in facts.COLUMNS.items()}


def exported_facts(settings: Settings, *, include_staff_member: bool = False) -> tuple[str, ...]:
    """The facts an export writes: the organisation's, the involved staff member (sensitive:
    complaints team only) only when asked for."""
    return tuple(f for f in settings.facts if f != facts.STAFF_MEMBER or include_staff_member)


def export_header(settings: Settings, *, include_staff_member: bool = False) -> list[str]:
    """The columns of an export: the register's, the organisation's facts, then status and
    termijn (for the reader, ignored on import)."""
    fact_columns = [facts.COLUMNS[f] for f in exported_facts(settings, include_staff_member=include_staff_member)]
    return [column.name for column in COLUMNS] + fact_columns + list(INFORMATIONAL)


def header_key(name: object) -> str:
    """Header cells match ignoring case, spaces and the kind of separator."""
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")
