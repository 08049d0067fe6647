"""The case's fields as users name them (event log, forms, register columns)."""

from __future__ import annotations

FIELD_LABELS: dict[str, str] = {
    "reference": "referentie",
    "received": "ontvangen",
    "signal_type_id": "type",
    "channel_id": "kanaal",
    "entity_id": "entiteit",
    "title": "titel",
    "description": "omschrijving",
    "complainant_name": "melder",
    "complainant_email": "e-mail melder",
    "complainant_phone": "telefoon melder",
    "complainant_address": "adres melder",
    "anonymous": "anoniem",
    "category_id": "categorie",
    "subcategory_id": "subcategorie",
    "handler_id": "behandelaar",
    "status": "status",
    "admissible": "ontvankelijk",
    "inadmissible_reason": "reden niet ontvankelijk",
    "qualification_id": "eindkwalificatie",
    "motivation": "argumentatie",
    "draft_answer": "ontwerpantwoord",
    "approvals": "goedkeuringen",
    "extra_actions": "extra acties",
    "extra_actions_done": "extra acties uitgevoerd",
    "acknowledged": "ontvangstmelding",
    "due": "termijn",
    "extension_days": "verlenging (dagen)",
    "extension_reason": "reden verlenging",
    "answered": "beantwoord",
    "answer_channel": "antwoordkanaal",
    "repeat_of_id": "herhaling van",
    "line": "lijn",
    "school": "school",
    "solved": "opgelost",
    "ombudsnorms": "ombudsnormen",
    "mediation_result": "resultaat bemiddeling",
    "staff_member": "betrokken medewerker",
    "answer_footer": "slottekst antwoorden",  # a setting, not a case field
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)
