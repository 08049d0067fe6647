"""Facts about a case beside its qualification, which a preset switches on one by one.

- ``solved`` (opgelost: ja / deels / nee): whether the complainant's problem was solved,
  kept apart from "founded" as the Flemish Ombudsdienst's registration does (a complaint
  can be unfounded and still solved). Woonhaven, Zorgbedrijf.
- ``school``: the school or unit a signal is about (Stedelijk Onderwijs's first line).
- ``ombudsnorms``: the ombudsnormen a (partly) founded complaint broke, several allowed,
  picked from the organisation's list (by default the Flemish Ombudsdienst's).
- ``staff_member``: the staff member the complaint is about (police): sensitive, for the
  complaints team only. The desk shows it on the case screen; exports and access requests
  leave it out unless asked for explicitly; retention removes it.
- ``mediation_result``: how a mediation (bemiddeling) ended.

A preset lists the facts it uses (``[organisation] facts = [...]``); a fact it does not use
is not shown, and an imported register's column for it is ignored with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.text import quote

SOLVED = "solved"
SCHOOL = "school"
OMBUDSNORMS = "ombudsnorms"
STAFF_MEMBER = "staff_member"
MEDIATION_RESULT = "mediation_result"

#: Every fact, in the order forms, the case screen and the register show them.
FACTS: tuple[str, ...] = (SCHOOL, SOLVED, OMBUDSNORMS, MEDIATION_RESULT, STAFF_MEMBER)

#: The register column of each fact (README, "Import and export").
COLUMNS: dict[str, str] = {
    SCHOOL: "school",
    SOLVED: "opgelost",
    OMBUDSNORMS: "ombudsnormen",
    MEDIATION_RESULT: "bemiddeling_resultaat",
    STAFF_MEMBER: "betrokken_medewerker",
}

#: How the desk names each fact (labels, the event log).
LABELS: dict[str, str] = {
    SCHOOL: "School",
    SOLVED: "Opgelost",
    OMBUDSNORMS: "Ombudsnormen",
    MEDIATION_RESULT: "Resultaat bemiddeling",
    STAFF_MEMBER: "Betrokken medewerker",
}

SOLVED_VALUES: tuple[str, ...] = ("ja", "deels", "nee")

#: The Flemish Ombudsdienst's ombudsnormen as its first-line registration form lists them
#: (behoorlijkheidsnormen 1-5, zorgvuldigheidsnormen 6-14). The Ombudsdienst's own list has
#: one more, "zorgvuldige interne klachtenbehandeling": for a first-line desk that is the
#: complaint handling itself, so the form leaves it out; a preset can list its own norms.
FLEMISH_OMBUDSNORMS: tuple[str, ...] = (
    "Overeenstemming met het recht",
    "Afdoende motivering",
    "Gelijkheid en onpartijdigheid",
    "Rechtszekerheid en gerechtvaardigd vertrouwen",
    "Redelijkheid en evenredigheid",
    "Correcte bejegening",
    "Actieve dienstverlening",
    "Deugdelijke correspondentie",
    "Vlotte bereikbaarheid",
    "Doeltreffende algemene informatieverstrekking",
    "Goede uitvoeringspraktijk en administratieve nauwkeurigheid",
    "Redelijke behandeltermijn",
    "Efficiënte coördinatie",
    "Respect voor de persoonlijke levenssfeer",
)

MEDIATION_RESULTS: tuple[str, ...] = ("geslaagd", "deels geslaagd", "niet geslaagd")

#: Qualifications' ``founded`` values for which ombudsnormen can have been broken.
FOUNDED = ("ja", "deels")

_NORM_SEPARATORS = re.compile(r"[;\n]+")


def check_fact_names(names: Iterable[str]) -> tuple[str, ...]:
    """The facts a preset lists, checked, in FACTS order. Raises DomainError (Dutch)."""
    listed = []
    for name in names:
        if not isinstance(name, str) or name not in FACTS:
            raise DomainError(f"onbekend gegeven '{quote(str(name))}'; kies uit: {', '.join(FACTS)}")
        listed.append(name)
    return tuple(f for f in FACTS if f in listed)


def choose(value: str, choices: Sequence[str], what: str) -> str:
    """``value`` as the choice it names (ignoring case, spaces and the kind of dash), or ""
    for nothing; DomainError naming the choices otherwise."""
    if not value or not value.strip():
        return ""
    key = label_key(value)
    for choice in choices:
        if label_key(choice) == key:
            return choice
    raise DomainError(f"'{quote(value)}' is geen {what}: kies uit {', '.join(choices)}.")


def parse_solved(value: str) -> str:
    """'ja', 'deels', 'nee' or '' (also 'neen', 'j', 'n', 'gedeeltelijk')."""
    key = (value or "").strip().lower()
    aliases = {"j": "ja", "yes": "ja", "neen": "nee", "n": "nee", "no": "nee", "gedeeltelijk": "deels"}
    return choose(aliases.get(key, key), SOLVED_VALUES, "waarde voor opgelost")


def split_norms(stored: str) -> tuple[str, ...]:
    """The norms of a stored value (one per line), or of a register cell (';' or lines)."""
    return tuple(part.strip() for part in _NORM_SEPARATORS.split(stored or "") if part.strip())


def parse_norms(value: str, allowed: Sequence[str]) -> tuple[str, ...]:
    """The norms named in ``value``, as the organisation spells them, each once, in the
    list's order. DomainError naming the first unknown one."""
    named = {choose(part, allowed, "ombudsnorm van deze organisatie") for part in split_norms(value)}
    return tuple(norm for norm in allowed if norm in named)


def store_norms(norms: Iterable[str]) -> str:
    """The stored form: one norm per line."""
    return "\n".join(norms)


def show_norms(stored: str) -> str:
    """For the register and the event log: the norms separated by '; '."""
    return "; ".join(split_norms(stored))


def check_norms_fit(norms: str | Sequence[str], founded: str | None) -> None:
    """Ombudsnormen belong to a (partly) founded case: DomainError when ``norms`` are given
    and the qualification (its ``founded``; None for none yet) is not one."""
    if not (split_norms(norms) if isinstance(norms, str) else norms):
        return
    if founded not in FOUNDED:
        raise DomainError(
            "Ombudsnormen horen bij een (deels) gegronde zaak: kies eerst zo'n eindkwalificatie, "
            "of maak de ombudsnormen leeg.",
            field=OMBUDSNORMS,
        )
