"""What the store-wide event log says about files the desk wrote: never their names.

A file name is typed by the user and often names the person (``inzage-pieter-janssens.json``),
and store-wide events are not tied to a case, so retention could never reach them. They say
where the data went ("naar een bestand", "naar het scherm") and what it was, not the name.
Notes written before this rule are rewritten the same way by retention (``without_file_name``).
"""

from __future__ import annotations

import re

TO_SCREEN = "naar het scherm"


def destination(to_file: bool, kind: str = "") -> str:
    """Where an export went: "naar een csv-bestand", "naar een bestand" or "naar het scherm"."""
    if not to_file:
        return TO_SCREEN
    return f"naar een {kind}-bestand" if kind else "naar een bestand"


#: "... naar NAME" with what may follow a name (the staff member note of an export).
_NAMED_TARGET = re.compile(r" naar (?!het scherm(?:$|,| met ))(?!een (?:\w+-)?bestand(?:$|,| met ))"
                           r".+?(?P<tail>,? met de betrokken medewerkers)?$", re.DOTALL)
_TEMPLATE = re.compile(r"^(?P<head>Sjabloon .+? ingesteld): .+$", re.DOTALL)

#: What a backup and a restore write in the log: that they happened, never the copy's name
#: (the command itself tells its user where the copy is and where the previous store went).
BACKUP_NOTE = "Reservekopie gemaakt naar een bestand"
RESTORED_NOTE = "Reservekopie teruggezet"
RESTORED_ASIDE = "; de vorige inhoud is apart bewaard"

#: The kinds of store-wide event whose note named a file.
NAMING_KINDS = ("exported", "person_export", "template", "backup", "restored")


def without_file_name(kind: str, note: str) -> str:
    """A store-wide event's note as it is written now: without the name of a file."""
    if kind == "template":
        return _TEMPLATE.sub(r"\g<head>", note)
    if kind == "backup":
        return BACKUP_NOTE
    if kind == "restored":
        return RESTORED_NOTE + (RESTORED_ASIDE if "; " in note else "")
    if kind in NAMING_KINDS:
        return _NAMED_TARGET.sub(lambda m: " naar een bestand" + (m["tail"] or ""), note, count=1)
    return note
