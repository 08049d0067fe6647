"""E-mail drafts: a .eml the mail program opens as a message to edit and send.

``X-Unsent: 1`` makes Outlook (and Thunderbird, Apple Mail) open it as a draft rather than
as a received message. It is addressed to the complainant, its subject carries the case's
reference in brackets (so the answer to it finds its case when it is read in), and it
answers the complainant's last mail (In-Reply-To, References) when there was one.
"""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import clean_line

CONTENT_TYPE = "message/rfc822"
MESSAGE_ID_DOMAIN = "klachtendesk.invalid"


def build_draft(*, to_name: str, to_email: str, subject: str, reference: str, body: str, now: datetime,
                in_reply_to: str = "", sender: str = "") -> tuple[bytes, str]:
    """The draft's bytes and its Message-ID."""
    if not to_email:
        raise DomainError("De melder heeft geen e-mailadres: maak een brief (docx) of vul het e-mailadres in.")
    message = EmailMessage()
    message["X-Unsent"] = "1"
    try:
        local, _, domain = to_email.partition("@")
        message["To"] = Address(display_name=clean_line(to_name), username=local, domain=domain)
    except (ValueError, IndexError, TypeError):
        raise DomainError(f"'{to_email}' is geen e-mailadres waarnaar een mail kan vertrekken.") from None
    if sender:
        message["From"] = sender
    message["Subject"] = f"[{reference}] {clean_line(subject)}"
    message["Date"] = format_datetime(now)
    message_id = make_msgid(domain=MESSAGE_ID_DOMAIN)
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    return message.as_bytes(), message_id
