"""Making a letter for a case: its values read from the store, the document built, kept.

``make_letter`` refuses what the desk would refuse: an answer without a draft answer, or
one whose approvals are missing (the same sentence as closing the case), an e-mail to a
complainant without an address, a template that lacks a field the organisation requires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from klachtendesk.domain import approvals
from klachtendesk.domain.answer_footer import check_footer_set, without_footer
from klachtendesk.domain.dates import format_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.files import clean_filename
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.workflow import Status
from klachtendesk.letters import docx_letter, eml_draft
from klachtendesk.letters.fields import FORMATS, KIND_LABELS, KINDS, SUBJECTS, Rules, check_fields, fill, letter_text
from klachtendesk.letters.templates import team_template
from klachtendesk.store.cases import get_case
from klachtendesk.store.correspondence import LetterInfo, add_letter, add_message, approvers, last_incoming
from klachtendesk.store.database import Store
from klachtendesk.store.models import Case


@dataclass(frozen=True)
class MadeLetter:
    kind: str
    format: str
    name: str
    data: bytes
    info: LetterInfo


@dataclass(frozen=True)
class LetterContext:
    case: Case
    values: dict[str, str]
    wrote_by_mail: bool
    reply_to: str  # Message-ID of the complainant's last mail


def rules(store: Store) -> Rules:
    settings = store.settings
    return Rules(footer=settings.answer_footer, footer_required=settings.answer_footer_required,
                 approvals=settings.approvals)


def default_format(case: Case, wrote_by_mail: bool) -> str:
    """E-mail when the complainant has an address and wrote by e-mail, else a letter."""
    return "eml" if case.complainant_email and (wrote_by_mail or case.answer_channel == "e-mail") else "docx"


def context(store: Store, case_id: int, today: date) -> LetterContext:
    tax, settings = store.taxonomy, store.settings
    with store.sessions.read() as session:
        case = get_case(session, case_id)
        incoming = last_incoming(session, case_id)
        given = approvers(session, case_id)
    current = approvals.steps(case.approvals)
    approved_by = [f"{who} ({step.lower()})" for step, who in given if step in current]
    signal_type = tax.label("types", case.signal_type_id).lower() or "melding"
    name = case.complainant_name
    values = {
        "referentie": case.reference,
        "datum": format_date(today),
        "ontvangen": format_date(case.received),
        "termijn": format_date(case.due),
        "beantwoord": format_date(case.answered or today),
        "aanhef": f"Geachte {name}" if name else "Geachte heer, mevrouw",
        "naam": name,
        "adres": case.complainant_address.replace(", ", "\n") if "\n" not in case.complainant_address
        else case.complainant_address,
        "email": case.complainant_email,
        "type": signal_type,
        "titel": case.title,
        "antwoord": without_footer(case.draft_answer, settings.answer_footer),
        "behandelaar": tax.label("users", case.handler_id),
        "goedkeurders": ("Goedgekeurd door:\n" + "\n".join(approved_by)) if approved_by else "",
        "organisatie": settings.organisation,
        "voettekst": settings.answer_footer,
    }
    channel = label_key(tax.label("channels", case.channel_id))
    return LetterContext(case, values, incoming is not None or "mail" in channel,
                         incoming.message_id if incoming else "")


def check_allowed(store: Store, ctx: LetterContext, kind: str) -> None:
    case = ctx.case
    if kind == "antwoord":
        if not case.draft_answer.strip():
            raise DomainError("Er is nog geen ontwerpantwoord: schrijf het eerst (d in de zaak).")
        check_footer_set(store.settings.answer_footer, store.settings.answer_footer_required)
        required = store.settings.approvals
        given = approvals.steps(case.approvals)
        if case.admissible is not False and required:
            missing = [s for s in required if s not in given]
            if missing:
                raise DomainError(f"Het antwoord is nog niet goedgekeurd: {', '.join(missing)}.")
    if kind == "afsluiting" and case.status != Status.CLOSED:
        raise DomainError("De zaak is nog niet afgesloten: een afsluitingsbrief volgt op het antwoord.")


def make_letter(store: Store, case_id: int, kind: str, fmt: str | None, *, user: str, now: datetime,
                today: date) -> MadeLetter:
    if kind not in KINDS:
        raise DomainError(f"Onbekende soort brief '{kind}': kies {', '.join(KINDS)}.")
    ctx = context(store, case_id, today)
    fmt = fmt or default_format(ctx.case, ctx.wrote_by_mail)
    if fmt not in FORMATS:
        raise DomainError(f"Onbekend formaat '{fmt}': kies docx of eml.")
    check_allowed(store, ctx, kind)
    case, values = ctx.case, ctx.values
    stem = f"{case.reference} {KIND_LABELS[kind]}"
    message_id = ""
    if fmt == "docx":
        template = team_template(store, kind)
        if template is None:
            template = docx_letter.default_template(kind)
        else:
            check_fields(kind, docx_letter.template_fields(template), rules(store),
                         what="Het sjabloon van de organisatie")
        data = docx_letter.render_docx(template, values)
        name, content_type = clean_filename(f"{stem}.docx"), docx_letter.CONTENT_TYPE
    else:
        data, message_id = eml_draft.build_draft(
            to_name=case.complainant_name, to_email=case.complainant_email, subject=fill(SUBJECTS[kind], values),
            reference=case.reference, body=letter_text(kind, values), now=now, in_reply_to=ctx.reply_to)
        name, content_type = clean_filename(f"{stem}.eml"), eml_draft.CONTENT_TYPE
    limit = max(store.settings.attachment_max_mb, len(data) // 1_000_000 + 1)
    with store.sessions.write() as session:
        message_row = None
        if message_id:
            message_row = add_message(session, case_id, message_id=message_id, direction="out",
                                      recipient=case.complainant_email, subject=fill(SUBJECTS[kind], values),
                                      sent_at=None, user=user, now=now).id
        info = add_letter(session, case_id, kind=kind, fmt=fmt, name=name, data=data, content_type=content_type,
                          user=user, now=now, limit_mb=limit, message_row_id=message_row)
    return MadeLetter(kind, fmt, name, data, info)


def mark_sent(store: Store, case_id: int, kind: str, fmt: str, *, user: str, today: date) -> str:
    """Record what sending the letter means for the case; returns a Dutch line."""
    from klachtendesk.store import actions

    with store.sessions.read() as session:
        case = get_case(session, case_id)
    if kind == "ontvangstmelding":
        actions.acknowledge(store, case_id, case.version or 0, user, today)
        return f"Ontvangstmelding genoteerd als verstuurd op {format_date(today)}."
    if kind == "antwoord":
        channel = "e-mail" if fmt == "eml" else "brief"
        actions.close(store, case_id, case.version or 0, user, today, channel)
        return f"Beantwoord per {channel} op {format_date(today)}: de zaak is afgesloten."
    return "Niets te noteren voor een afsluitingsbrief."
