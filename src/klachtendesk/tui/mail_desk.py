"""What the inbox screen and the case screen's file and letter actions ask of the store.

Blocking calls for worker threads, like ``Desk``'s: each opens its own session.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from klachtendesk import clock
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.files import clean_filename, format_size
from klachtendesk.mail.intake import (
    Parsed,
    answered_case,
    attach_mail,
    case_fields,
    parse_source,
    registered_note,
)
from klachtendesk.mail.parse import UnreadableMail
from klachtendesk.mail.sources import read_sources
from klachtendesk.outfile import open_with_system, private_temp_dir, store_files, write_private
from klachtendesk.store import settings as settings_table
from klachtendesk.store.attachments import AttachmentInfo, add_attachment, attachment_data
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.correspondence import case_of_message
from klachtendesk.store.models import Case
from klachtendesk.tui.desk import Desk

INBOX_SETTING = "mail.inbox"


@dataclass(frozen=True)
class InboxItem:
    label: str
    parsed: Parsed | None
    error: str = ""
    known_case: tuple[int, str] | None = None  # read before: (id, reference)
    answers: tuple[int, str] | None = None  # a reply to this case

    @property
    def state(self) -> str:
        if self.parsed is None:
            return "onleesbaar"
        if self.known_case is not None:
            return f"gelezen · {self.known_case[1]}"
        if self.answers is not None:
            return f"antwoord · {self.answers[1]}"
        return "nieuw"


def inbox_folder(desk: Desk) -> str:
    with desk.store.sessions.read() as session:
        return str(settings_table.get(session, INBOX_SETTING, "") or "")


def set_inbox_folder(desk: Desk, folder: str) -> str:
    path = Path(folder).expanduser()
    if not path.is_dir():
        raise DomainError(f"De map {path} bestaat niet. Maak ze aan of kies een andere.")
    with desk.store.sessions.write() as session:
        settings_table.put(session, INBOX_SETTING, str(path))
    return str(path)


def read_inbox(desk: Desk, folder: str) -> list[InboxItem]:
    today = clock.today()
    items: list[InboxItem] = []
    with desk.store.sessions.read() as session:
        for source in read_sources([Path(folder).expanduser()]):
            try:
                parsed = parse_source(source, today)
            except UnreadableMail as err:
                items.append(InboxItem(source.label, None, err.reason))
                continue
            known = case_of_message(session, parsed.mail.message_id)
            answers = None if known else answered_case(session, parsed.mail)
            items.append(InboxItem(source.label, parsed, known_case=known, answers=answers))
    items.sort(key=lambda i: (i.parsed is not None, i.parsed.mail.date if i.parsed else None), reverse=True)
    return items


def intake_values(desk: Desk, item: InboxItem) -> dict:  # type: ignore[type-arg]
    assert item.parsed is not None
    with desk.store.sessions.read() as session:
        channel = str(settings_table.get(session, "mail.channel", "") or "")
    fields = case_fields(item.parsed.mail, item.parsed.received, desk.taxonomy, channel)
    return {"received": fields.received, "signal_type_id": fields.signal_type_id, "channel_id": fields.channel_id,
            "complainant_name": fields.complainant_name, "complainant_email": fields.complainant_email,
            "title": fields.title, "description": fields.description}


def register_mail(desk: Desk, fields: CaseFields, parsed: Parsed) -> Case:
    """A new case from the intake screen, with the mail and its files kept with it."""
    now = clock.now()
    with desk.store.sessions.write() as session:
        known = case_of_message(session, parsed.mail.message_id)
        if known is not None:
            raise DomainError(f"Deze mail is intussen al ingelezen (zaak {known[1]}).")
        case = create_case(session, fields, user=desk.user, settings=desk.settings, taxonomy=desk.taxonomy,
                           now=now, note=registered_note(parsed.mail))
        attach_mail(session, case.id, parsed.mail, user=desk.user, now=now,  # type: ignore[arg-type]
                    limit_mb=desk.settings.attachment_max_mb)
        return case


def add_mail_to_case(desk: Desk, case_id: int, parsed: Parsed) -> list[str]:
    now = clock.now()
    with desk.store.sessions.write() as session:
        known = case_of_message(session, parsed.mail.message_id)
        if known is not None:
            raise DomainError(f"Deze mail is intussen al ingelezen (zaak {known[1]}).")
        return attach_mail(session, case_id, parsed.mail, user=desk.user, now=now,
                           limit_mb=desk.settings.attachment_max_mb, with_text=True)


# -- files of a case ------------------------------------------------------------------------


def add_file(desk: Desk, case_id: int, path_text: str) -> AttachmentInfo:
    import mimetypes

    path = Path(path_text.strip().strip('"').strip("'")).expanduser()
    if not path.is_file():
        raise DomainError(f"{path} bestaat niet of is geen bestand.")
    limit = desk.settings.attachment_max_mb
    size = path.stat().st_size
    if size > limit * 1_000_000:
        raise DomainError(f"{path.name} is te groot ({format_size(size)}; maximaal {limit} MB) en is niet bewaard.")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DomainError(f"{path} kan niet gelezen worden ({err.strerror or err}).") from None
    with desk.store.sessions.write() as session:
        return add_attachment(session, case_id, path.name, data, user=desk.user, now=clock.now(), limit_mb=limit,
                              content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")


def open_file(desk: Desk, attachment_id: int) -> Path:
    """Write the file to a private temporary folder and open it with the system's program."""
    with desk.store.sessions.read() as session:
        info, data = attachment_data(session, attachment_id)
    path = write_private(private_temp_dir() / clean_filename(info.name), data)
    open_with_system(path)
    return path


def save_file(desk: Desk, attachment_id: int, target: str) -> Path:
    with desk.store.sessions.read() as session:
        info, data = attachment_data(session, attachment_id)
    path = Path(target.strip()).expanduser()
    if path.is_dir():
        path = path / clean_filename(info.name)
    if path.exists():
        raise DomainError(f"{path} bestaat al; kies een andere naam.")
    return write_private(path, data, protect=store_files(desk.store.path))


def open_letter(desk: Desk, case_id: int, kind: str, fmt: str):  # type: ignore[no-untyped-def]
    from klachtendesk.letters.make import make_letter

    made = make_letter(desk.store, case_id, kind, fmt, user=desk.user, now=clock.now(), today=clock.today())
    path = write_private(private_temp_dir() / made.name, made.data)
    try:
        open_with_system(path)
    except DomainError as err:  # made and kept all the same: say where it is
        return made, path, err.message
    return made, path, ""


def mark_sent(desk: Desk, case_id: int, kind: str, fmt: str) -> str:
    from klachtendesk.letters.make import mark_sent as mark

    return mark(desk.store, case_id, kind, fmt, user=desk.user, today=clock.today())
