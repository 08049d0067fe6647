"""The register's columns, by header name (README, "Import and export")."""

from __future__ import annotations

from dataclasses import dataclass


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


def header_key(name: object) -> str:
    """Header cells match ignoring case, spaces and the kind of separator."""
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")
