"""The named fields of a letter, and the Dutch text of each kind.

A template (the shipped ones, or a team's own Word file in house style) names fields as
``{{referentie}}``; the same names fill the e-mail drafts. Field names are Dutch: the
people who write templates read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from klachtendesk.domain.errors import DomainError

KINDS = ("ontvangstmelding", "antwoord", "afsluiting")
KIND_LABELS = {"ontvangstmelding": "ontvangstmelding", "antwoord": "antwoord", "afsluiting": "afsluitingsbrief"}
FORMATS = ("docx", "eml")

#: Every field a template may use, with what it holds (``klachtendesk template --help`` lists them).
FIELDS: dict[str, str] = {
    "referentie": "de referentie van de zaak (2026-0007)",
    "datum": "de datum van de brief",
    "ontvangen": "de datum waarop de klacht ontvangen werd",
    "termijn": "de datum waartegen de organisatie antwoordt",
    "beantwoord": "de datum van het antwoord (afsluiting)",
    "aanhef": "'Geachte <naam>' of 'Geachte heer, mevrouw'",
    "naam": "de naam van de melder",
    "adres": "het adres van de melder (meerdere regels)",
    "email": "het e-mailadres van de melder",
    "type": "het soort melding (klacht, vraag, ...)",
    "titel": "de titel van de zaak",
    "antwoord": "de tekst van het antwoord (het ontwerpantwoord)",
    "behandelaar": "wie de zaak behandelt",
    "goedkeurders": "wie het antwoord goedkeurde, één per regel",
    "organisatie": "de naam van de organisatie",
    "voettekst": "de tekst die elk antwoord moet bevatten (bv. de gegevens van de ombudsvrouw)",
}

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")


@dataclass(frozen=True)
class Rules:
    """What the organisation requires of a letter."""

    footer: str = ""  # Settings.answer_footer: every final answer carries it
    footer_required: bool = False  # Settings.answer_footer_required: even before it is set
    approvals: tuple[str, ...] = ()  # Settings.approvals: the answer names who approved


def required_fields(kind: str, rules: Rules) -> tuple[str, ...]:
    """Fields a template of this kind must have: the answer's text, the organisation's
    required footer, its approvers."""
    if kind != "antwoord":
        return ("referentie",)
    required = ["referentie", "antwoord"]
    if rules.footer or rules.footer_required:
        required.append("voettekst")
    if rules.approvals:
        required.append("goedkeurders")
    return tuple(required)


def check_fields(kind: str, found: set[str], rules: Rules, what: str = "Het sjabloon") -> None:
    """Refuse a template that lacks a required field or names an unknown one."""
    unknown = sorted(found - set(FIELDS))
    if unknown:
        raise DomainError(f"{what} gebruikt een onbekend veld: {', '.join('{{' + u + '}}' for u in unknown)}. "
                          f"Bekend zijn: {', '.join(FIELDS)}.")
    missing = [name for name in required_fields(kind, rules) if name not in found]
    if missing:
        reasons = {"voettekst": " (de organisatie vraagt die tekst in elk antwoord)",
                   "goedkeurders": " (het antwoord vermeldt wie het goedkeurde)",
                   "antwoord": " (de tekst van het antwoord)", "referentie": ""}
        first = missing[0]
        raise DomainError(f"{what} voor de {KIND_LABELS[kind]} mist het veld {{{{{first}}}}}{reasons[first]}. "
                          "Voeg het toe in Word en stel het sjabloon opnieuw in.")


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


# The shipped letters: plain Dutch, one paragraph per block; the same text fills an e-mail.
TEXTS: dict[str, str] = {
    "ontvangstmelding": (
        "{{aanhef}},\n\n"
        "Wij hebben uw {{type}} van {{ontvangen}} goed ontvangen. Uw dossier heeft het kenmerk "
        "{{referentie}}; vermeld dat kenmerk als u ons hierover nog schrijft.\n\n"
        "We onderzoeken wat er gebeurd is en sturen u uiterlijk op {{termijn}} een antwoord. "
        "Hebt u intussen nog informatie die kan helpen, dan mag u die altijd bezorgen.\n\n"
        "Met vriendelijke groeten,\n\n{{behandelaar}}\n{{organisatie}}"
    ),
    "antwoord": (
        "{{aanhef}},\n\n{{antwoord}}\n\n{{voettekst}}\n\n"
        "Met vriendelijke groeten,\n\n{{behandelaar}}\n{{organisatie}}\n\n{{goedkeurders}}"
    ),
    "afsluiting": (
        "{{aanhef}},\n\n"
        "Met deze brief bevestigen wij dat uw {{type}} met kenmerk {{referentie}} ({{titel}}) op "
        "{{beantwoord}} beantwoord en afgesloten is.\n\n"
        "Bedankt voor uw melding: ze helpt ons onze dienstverlening te verbeteren.\n\n"
        "Met vriendelijke groeten,\n\n{{behandelaar}}\n{{organisatie}}"
    ),
}

SUBJECTS = {
    "ontvangstmelding": "Ontvangstmelding: {{titel}}",
    "antwoord": "Antwoord op uw {{type}}: {{titel}}",
    "afsluiting": "Afsluiting van uw {{type}}: {{titel}}",
}


def letter_text(kind: str, values: dict[str, str]) -> str:
    """The kind's text with the case's values, empty blocks (no footer, no approvers) left out."""
    blocks = [fill(block, values).strip() for block in TEXTS[kind].split("\n\n")]
    return "\n\n".join(block for block in blocks if block) + "\n"
