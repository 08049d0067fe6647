"""Reading mail into the store: a new case per complaint, or a message added to its case.

``read_mail`` reads every message first; if any is unreadable, nothing is written and every
unreadable one is named. Then, in one transaction and in the order the mails were sent (a
reply after the mail it answers, also within one mbox), each message is:
- skipped when its Message-ID was read before;
- added to the case it answers: a reference in brackets in the subject (``[2026-0007]``),
  or In-Reply-To/References naming a mail of that case;
- else registered as a new case: received on the mail's date, the organisation's e-mail
  channel, the complainant from the sender (or from the forwarded headers), the title from
  the subject, the description from the text without quoted mail.
The original message is kept with the case as a file, and so are the mail's attachments
(within the organisation's size limit; a larger one is named in the outcome and the timeline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from sqlmodel import Session

from klachtendesk import clock
from klachtendesk.domain.case_rules import check_received
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.files import check_size, clean_filename, format_size
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.text import MAX_LINE, clean_line, quote
from klachtendesk.mail.parse import IncomingMail, UnreadableMail, parse_mail
from klachtendesk.mail.sources import MailSource, read_sources
from klachtendesk.progress import Progress, no_progress
from klachtendesk.store import settings as settings_table
from klachtendesk.store.attachments import add_attachment
from klachtendesk.store.cases import CaseFields, add_note, create_case, find_by_reference
from klachtendesk.store.correspondence import add_message, case_of_message, case_of_replies
from klachtendesk.store.database import Store
from klachtendesk.store.taxonomy import Taxonomy

#: Settings key: the channel label mail is registered under (else the first e-mail channel).
CHANNEL_SETTING = "mail.channel"
_BRACKETS = re.compile(r"\[([^\[\]\s][^\[\]]{0,38})\]")


@dataclass
class Outcome:
    label: str
    kind: str  # "new", "added", "skipped", "unreadable"
    reference: str = ""
    detail: str = ""
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.kind == "new":
            return f"{self.label}: nieuwe zaak {self.reference} · {self.detail}"
        if self.kind == "added":
            return f"{self.label}: toegevoegd aan zaak {self.reference} · {self.detail}"
        if self.kind == "skipped":
            return f"{self.label}: overgeslagen, {self.detail}"
        return f"{self.label}: onleesbaar, {self.detail}"


class MailFailed(Exception):
    """Some messages are unreadable: nothing was written."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        super().__init__(f"{len(outcomes)} onleesbaar")
        self.outcomes = outcomes


@dataclass
class Parsed:
    source: MailSource
    mail: IncomingMail
    received: date
    warnings: list[str] = field(default_factory=list)


def parse_source(source: MailSource, today: date) -> Parsed:
    """One source as a mail ready to store. Raises UnreadableMail."""
    if source.raw is None:
        raise UnreadableMail(source.error)
    mail = parse_mail(source.raw)
    received = mail.date.astimezone().date()
    warnings = []
    if received > today:
        warnings.append(f"de mail is gedateerd op {received:%d/%m/%Y}, in de toekomst: ontvangen op vandaag gezet")
        received = today
    try:
        check_received(received, today)
    except DomainError as err:
        raise UnreadableMail(err.message) from None
    return Parsed(source, mail, received, warnings)


def read_mail(store: Store, paths: list[Path], *, user: str, dry_run: bool = False,
              progress: Progress = no_progress) -> list[Outcome]:
    """Read mail files into the store. Raises MailFailed (nothing written) when one is unreadable.
    ``progress`` counts the messages read (total unknown), then those stored."""
    today = clock.today()
    parsed: list[Parsed] = []
    failed: list[Outcome] = []
    for source in read_sources(paths):
        try:
            parsed.append(parse_source(source, today))
        except UnreadableMail as err:
            failed.append(Outcome(source.label, "unreadable", detail=err.reason))
        progress(len(parsed) + len(failed), 0)
    if failed:
        raise MailFailed(failed)
    parsed.sort(key=lambda p: p.mail.date)
    outcomes: list[Outcome] = []
    now = clock.now()
    with store.sessions.write() as session:
        seen: dict[str, str] = {}
        for item in parsed:
            outcomes.append(_store_one(store, session, item, seen, user=user, now=now))
            progress(len(outcomes), len(parsed))
        if dry_run:
            session.rollback()
    return outcomes


def _store_one(store: Store, session: Session, item: Parsed, seen: dict[str, str], *, user: str,
               now: datetime) -> Outcome:
    mail = item.mail
    outcome = Outcome(item.source.label, "skipped", warnings=list(item.warnings))
    if mail.message_id in seen:
        outcome.detail = f"dezelfde mail staat hierboven al (zaak {seen[mail.message_id]})"
        return outcome
    known = case_of_message(session, mail.message_id)
    if known is not None:
        outcome.reference, outcome.detail = known[1], f"al gelezen (zaak {known[1]})"
        seen[mail.message_id] = known[1]
        return outcome
    target = answered_case(session, mail)
    limit = store.settings.attachment_max_mb
    if target is not None:
        case_id, reference = target
        outcome.warnings += attach_mail(session, case_id, mail, user=user, now=now, limit_mb=limit, with_text=True)
        outcome.kind, outcome.reference = "added", reference
        outcome.detail = f"e-mail van {mail.sender}: {mail.subject or '(geen onderwerp)'}"
    else:
        fields = case_fields(mail, item.received, store.taxonomy, _channel_label(session))
        case = create_case(session, fields, user=user, settings=store.settings, taxonomy=store.taxonomy, now=now,
                           note=registered_note(mail))
        outcome.warnings += attach_mail(session, case.id, mail, user=user, now=now,  # type: ignore[arg-type]
                                        limit_mb=limit)
        outcome.kind, outcome.reference = "new", case.reference
        who = str(mail.complainant) or "onbekende melder"
        outcome.detail = f"{who} · {fields.title}"
        if mail.forwarded_by is not None:
            outcome.detail += f" (doorgestuurd door {mail.forwarded_by})"
    seen[mail.message_id] = outcome.reference
    return outcome


def answered_case(session: Session, mail: IncomingMail) -> tuple[int, str] | None:
    """The case this mail answers: a reference in brackets in its subject, or a reply to a
    mail of a case."""
    for candidate in _BRACKETS.findall(mail.subject):
        case = find_by_reference(session, candidate)
        if case is not None:
            return case.id, case.reference  # type: ignore[return-value]
    return case_of_replies(session, mail.replies_to)


def _channel_label(session: Session) -> str:
    return str(settings_table.get(session, CHANNEL_SETTING, "") or "")


def mail_channel(taxonomy: Taxonomy, preferred: str = "") -> int | None:
    """The channel a mail arrives by: the one set in the settings, else the first e-mail
    channel that is not internal mail."""
    if preferred:
        row = taxonomy.find("channels", preferred)
        if row is not None:
            return row.id  # type: ignore[no-any-return]
    for row in taxonomy.channels:
        key = label_key(row.label)
        if row.active and "mail" in key and "intern" not in key:
            return row.id
    return None


def complaint_type(taxonomy: Taxonomy) -> int:
    types = [t for t in taxonomy.types if t.active] or list(taxonomy.types)
    return next((t.id for t in types if t.complaint), types[0].id)


def case_fields(mail: IncomingMail, received: date, taxonomy: Taxonomy, channel: str = "") -> CaseFields:
    return CaseFields(
        received=received,
        signal_type_id=complaint_type(taxonomy),
        channel_id=mail_channel(taxonomy, channel),
        title=clean_line(mail.title)[:MAX_LINE],
        description=mail.description,
        complainant_name=mail.complainant.name[:MAX_LINE],
        complainant_email=mail.complainant.email[:MAX_LINE],
    )


def registered_note(mail: IncomingMail) -> str:
    note = f"Zaak geregistreerd uit e-mail van {mail.complainant or 'onbekende afzender'}"
    if mail.forwarded_by is not None:
        note += f", doorgestuurd door {mail.forwarded_by}"
    return note


def attach_mail(session: Session, case_id: int, mail: IncomingMail, *, user: str, now: datetime,
                limit_mb: int, with_text: bool = False) -> list[str]:
    """Record the mail with the case: its message row, the original, its files. Returns what
    could not be kept (files over the size limit), in Dutch."""
    warnings: list[str] = []
    kept: list[str] = []
    limit = limit_mb * 1_000_000
    for file in mail.files:
        try:
            check_size(file.name, len(file.data), limit_mb)
        except DomainError:
            warnings.append(f"bijlage '{quote(file.name)}' ({format_size(len(file.data))}) niet bewaard: "
                            f"groter dan {limit_mb} MB")
    note = f"E-mail van {mail.sender}: {quote(mail.subject or '(geen onderwerp)', limit=120)}"
    if mail.forwarded_by is not None:
        note += f" (doorgestuurd bericht van {mail.complainant})"
        if mail.forward_note:
            note += f". Bij het doorsturen: {quote(mail.forward_note, limit=200)}"
    message = add_message(session, case_id, message_id=mail.message_id, direction="in", sender=str(mail.sender),
                          recipient=mail.recipients, subject=mail.subject, sent_at=mail.date,
                          forwarded_by=str(mail.forwarded_by or ""), user=user, now=now)
    original = mail.raw if len(mail.raw) <= limit else without_large_parts(mail.raw, limit)
    # The original is always kept: it is the record of what arrived (its large files replaced
    # by a line naming them).
    add_attachment(session, case_id, original_name(mail), original, user=user, now=now,
                   limit_mb=max(limit_mb, len(original) // 1_000_000 + 1), content_type="message/rfc822",
                   source="origineel", message_row_id=message.id, log=False)
    for file in mail.files:
        if len(file.data) > limit:
            continue
        info = add_attachment(session, case_id, file.name, file.data, user=user, now=now, limit_mb=limit_mb,
                              content_type=file.content_type, source="mail", message_row_id=message.id, log=False)
        kept.append(info.name)
    if kept:
        note += f". Bijlagen: {', '.join(kept)}"
    if warnings:
        note += ". Niet bewaard: " + "; ".join(w.removeprefix("bijlage ") for w in warnings)
    if with_text and mail.description:
        # A mail added to its case: what it says belongs in the timeline (the whole mail is
        # kept as the original).
        text = mail.description if len(mail.description) <= 4000 else mail.description[:3999] + "…"
        note += "\n\n" + text
    add_note(session, case_id, note, user=user, now=now, kind="mail_in")
    return warnings


def original_name(mail: IncomingMail) -> str:
    moment = mail.date.astimezone()
    return clean_filename(f"e-mail {moment:%Y-%m-%d %H%M} {mail.sender.email}.eml")


def without_large_parts(raw: bytes, limit: int) -> bytes:
    """The message with every part larger than ``limit`` replaced by a line saying so, so the
    kept original stays within the limit and still holds the whole text."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and len(payload) > limit // 2:
            name = clean_filename(part.get_filename() or "bijlage")
            for header in ("Content-Transfer-Encoding", "Content-Disposition", "Content-Type"):
                del part[header]
            part.set_content(f"[Bijlage '{name}' ({format_size(len(payload))}) niet bewaard: groter dan de "
                             "limiet voor bijlagen.]\n")
    return message.as_bytes()
