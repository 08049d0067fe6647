"""One mail file as the desk needs it: who wrote, when, about what, what they wrote, files.

Pure: bytes in, an ``IncomingMail`` out, or ``UnreadableMail`` with a Dutch reason. Parsing
uses the standard library's ``email`` package with its modern policy; quoted-printable and
base64 are decoded there, the text is decoded by its declared charset (ISO-8859-1 as
Windows-1252, as mail programs do: Outlook writes € and quotes in it), and every text that
enters the store is cleaned by ``domain.text`` (no control characters, no escape sequences).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from klachtendesk.domain.files import clean_filename
from klachtendesk.domain.text import MAX_LINE, MAX_TEXT, clean_line, clean_text
from klachtendesk.mail.forward import find_forwarded, is_forward_subject
from klachtendesk.mail.html_text import html_to_text
from klachtendesk.mail.quotes import strip_quoted

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Outlook .msg (and other Office binaries)
TRUNCATED = "\n\n[ingekort: de volledige tekst staat in het originele bericht bij de zaak]"
_SUBJECT_PREFIX = re.compile(r"^\s*((re|antw|aw|sv|vs|fw|fwd|doorst|tr|wg|wtr|rv)(\s*\[\d+\])?\s*:\s*)+",
                             re.IGNORECASE)
_MSGID = re.compile(r"<[^<>\s]+>")
_NOREPLY = re.compile(r"no-?reply|do-?not-?reply|formulier|webform|website|e-?loket", re.IGNORECASE)
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
                    "ascii": "cp1252"}


class UnreadableMail(Exception):
    """This is no mail the desk can read; ``reason`` is a Dutch sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Person:
    name: str = ""
    email: str = ""

    def __str__(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


@dataclass(frozen=True)
class MailFile:
    """A file (or a part of one) carried by a mail."""

    name: str
    content_type: str
    data: bytes
    inline: bool = False


@dataclass
class IncomingMail:
    message_id: str
    replies_to: tuple[str, ...]  # In-Reply-To and References, nearest first
    subject: str
    sender: Person
    recipients: str
    date: datetime
    text: str  # the whole text of the mail, cleaned
    description: str  # what the citizen wrote, without quoted mail
    complainant: Person  # the sender, or the citizen whose forwarded mail this is
    forwarded_by: Person | None = None
    forward_note: str = ""  # what the forwarder wrote above the forwarded mail
    files: list[MailFile] = field(default_factory=list)
    html_only: bool = False
    raw: bytes = b""

    @property
    def title(self) -> str:
        """The subject without Re:/Fwd:/Doorst: prefixes (the case's title)."""
        return title_from_subject(self.subject) or _first_line(self.description) or "(geen onderwerp)"


def title_from_subject(subject: str) -> str:
    return _SUBJECT_PREFIX.sub("", subject or "").strip()


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return clean_line(line[:MAX_LINE])[:80]
    return ""


def parse_mail(raw: bytes) -> IncomingMail:
    if raw.startswith(OLE_HEADER):
        raise UnreadableMail("dit is een Outlook-bestand (.msg), geen .eml: sla de mail in Outlook op als "
                             "e-mail (.eml), zie de README.")
    head = raw[:64 * 1024].split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    if b"\x00" in head:
        raise UnreadableMail("dit is geen e-mail (binaire gegevens in plaats van kopregels).")
    try:
        message = BytesParser(policy=policy.default).parsebytes(_drop_broken_header_lines(raw))
    except Exception as err:  # noqa: BLE001 - the parser rarely fails; when it does, say so
        raise UnreadableMail(f"de mail kan niet gelezen worden ({type(err).__name__}).") from None
    assert isinstance(message, EmailMessage)
    if not any(_header(message, name) for name in ("From", "Date", "Message-ID")):
        raise UnreadableMail("dit is geen e-mail (geen kopregels From, Date of Message-ID).")
    sender = _sender(message)
    if not sender.email:
        raise UnreadableMail("de afzender ontbreekt of is onleesbaar (kopregel From).")
    complainant = sender
    reply_to = _addresses(message, "Reply-To")
    if len(reply_to) == 1 and _NOREPLY.search(sender.email.split("@")[0]):
        # A web form sends as "noreply@..." and puts the citizen in Reply-To.
        person = Person(clean_line(reply_to[0][0])[:MAX_LINE], _address(reply_to[0][1]))
        if person.email:
            complainant = person
    date = _date(message)

    text, html_only = _body_text(message)
    text = _clean_body(text)
    subject = clean_line(_header(message, "Subject"), max_length=10 * MAX_LINE)[:MAX_LINE]
    files = _files(message)
    forwarded = find_forwarded(text, subject)
    forwarded_by, note = None, ""
    body_of_citizen = text
    if forwarded is None:
        inner = _attached_forward(message, subject)
        if inner is not None:
            complainant, forwarded_by = inner.sender, sender
            note = strip_quoted(text)
            body_of_citizen = inner.text
            if not subject or title_from_subject(subject) == "":
                subject = inner.subject
    else:
        complainant = Person(clean_line(forwarded.name), _address(forwarded.email))
        forwarded_by = sender
        note = forwarded.note
        body_of_citizen = forwarded.body
    description = _limit(strip_quoted(body_of_citizen))
    return IncomingMail(
        message_id=_message_id(message, raw),
        replies_to=_replies_to(message),
        subject=subject,
        sender=sender,
        recipients=clean_line(", ".join(str(Person(*p)) for p in _addresses(message, "To")))[:MAX_LINE],
        date=date,
        text=_limit(text),
        description=description,
        complainant=complainant,
        forwarded_by=forwarded_by,
        forward_note=_limit(note)[:1000],
        files=files,
        html_only=html_only,
        raw=raw,
    )


# -- headers ------------------------------------------------------------------------------


def _drop_broken_header_lines(raw: bytes) -> bytes:
    """Leave out lines in the header section that are no header ("X-Broken-Header" without a
    colon): the parser would take the rest of the headers for the text."""
    crlf = b"\r\n\r\n" in raw[:64 * 1024] and (b"\n\n" not in raw[:64 * 1024]
                                                or raw.find(b"\r\n\r\n") < raw.find(b"\n\n"))
    newline = b"\r\n" if crlf else b"\n"
    head, sep, body = raw.partition(newline + newline)
    if not sep:
        return raw
    lines = head.split(newline)
    kept = [line for i, line in enumerate(lines)
            if b":" in line or (i and line[:1] in (b" ", b"\t")) or line.startswith(b"From ")]
    if len(kept) == len(lines):
        return raw
    return newline.join(kept) + sep + body



def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - a header too broken to parse reads as missing
        return ""
    return "" if value is None else str(value)


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    try:
        header: object = message.get(name)
        addresses = getattr(header, "addresses", None)
        if addresses:
            return [(a.display_name, a.addr_spec) for a in addresses]
    except Exception:  # noqa: BLE001 - fall back on the lenient parser below
        pass
    raw = message.get_all(name, []) if hasattr(message, "get_all") else []
    return [pair for pair in getaddresses([str(v) for v in raw]) if pair[1]]


def _address(value: str) -> str:
    value = clean_line(value).strip("<>").strip()
    return value if re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", value) else ""


def _sender(message: Message) -> Person:
    found = _addresses(message, "From")
    if not found:
        found = [parseaddr(_header(message, "From"))]
    name, email = found[0] if found else ("", "")
    return Person(clean_line(name)[:MAX_LINE], _address(email))


def _date(message: Message) -> datetime:
    raw = _header(message, "Date")
    if not raw:
        raise UnreadableMail("de datum ontbreekt (kopregel Date): de ontvangstdatum is niet bekend. "
                             "Registreer de zaak met de hand.")
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is None:
        raise UnreadableMail(f"de datum '{clean_line(raw)[:40]}' is onleesbaar (kopregel Date). "
                             "Registreer de zaak met de hand.")
    return moment if moment.tzinfo else moment.astimezone()


def _message_id(message: Message, raw: bytes) -> str:
    found = _MSGID.findall(_header(message, "Message-ID"))
    if found:
        return clean_line(found[0])[:998]
    # No Message-ID (some exports drop it): the content names the mail, so reading the same
    # file again still finds it.
    return f"<{hashlib.sha256(raw).hexdigest()[:40]}@zonder-message-id.klachtendesk.invalid>"


def _replies_to(message: Message) -> tuple[str, ...]:
    ids = _MSGID.findall(_header(message, "In-Reply-To"))
    ids += list(reversed(_MSGID.findall(_header(message, "References"))))
    return tuple(dict.fromkeys(clean_line(i) for i in ids))


# -- text ---------------------------------------------------------------------------------


def decode_part(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = (part.get_content_charset() or "utf-8").lower()
    charset = _CHARSET_ALIASES.get(charset, charset)
    for candidate in (charset, "utf-8", "cp1252"):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", errors="replace")


def _body_text(message: EmailMessage) -> tuple[str, bool]:
    try:
        plain = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
    except Exception:  # noqa: BLE001 - a broken structure: read it as one text below
        plain = html = None
    if plain is not None and not _is_attachment(plain):
        return decode_part(plain), False
    if html is not None and not _is_attachment(html):
        return html_to_text(decode_part(html)), True
    if not message.is_multipart() and message.get_content_maintype() == "text":
        return decode_part(message), False
    return "", False


def _clean_body(text: str) -> str:
    # Before the size check: cut what is far beyond the limit, then clean.
    return clean_text(text[: MAX_TEXT * 2], max_length=MAX_TEXT * 2)


def _limit(text: str) -> str:
    if len(text) <= MAX_TEXT:
        return text
    return text[: MAX_TEXT - len(TRUNCATED)].rstrip() + TRUNCATED


# -- files --------------------------------------------------------------------------------


def _is_attachment(part: Message) -> bool:
    return part.get_content_disposition() == "attachment" or bool(part.get_filename())


def _leaves(part: Message):  # type: ignore[no-untyped-def]
    if part.is_multipart() and part.get_content_maintype() == "multipart":
        for sub in part.get_payload():
            if isinstance(sub, Message):
                yield from _leaves(sub)
    else:
        yield part


def _files(message: EmailMessage) -> list[MailFile]:
    try:
        body = {id(p) for p in (message.get_body(preferencelist=("plain",)),
                                message.get_body(preferencelist=("html",))) if p is not None}
    except Exception:  # noqa: BLE001
        body = set()
    files: list[MailFile] = []
    for index, part in enumerate(_leaves(message), start=1):
        if part is message and not message.is_multipart():
            break
        if id(part) in body and not _is_attachment(part):
            continue
        ctype = part.get_content_type()
        if ctype in ("text/plain", "text/html") and not _is_attachment(part):
            continue  # another alternative of the text
        if ctype == "message/rfc822":
            inner = part.get_payload()
            inner_message = inner[0] if isinstance(inner, list) and inner else None
            data = inner_message.as_bytes() if isinstance(inner_message, Message) else b""
            subject = _header(inner_message, "Subject") if isinstance(inner_message, Message) else ""
            name = clean_filename((part.get_filename() or subject or "bericht")[:100], default="bericht")
            if not name.lower().endswith(".eml"):
                name += ".eml"
        else:
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            name = _file_name(part, ctype, index)
        files.append(MailFile(name, ctype, data, inline=part.get_content_disposition() == "inline"
                              or bool(part.get("Content-ID"))))
    return files


def _file_name(part: Message, ctype: str, index: int) -> str:
    try:
        raw = part.get_filename()
    except Exception:  # noqa: BLE001 - a broken encoded name: give it a plain one
        raw = None
    if raw:
        return clean_filename(raw)
    extension = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "application/pdf": "pdf",
                 "text/calendar": "ics"}.get(ctype, "bin")
    stem = "afbeelding" if ctype.startswith("image/") else "bijlage"
    return f"{stem}-{index}.{extension}"


def _attached_forward(message: EmailMessage, subject: str) -> IncomingMail | None:
    """A forward sent as attachment (Outlook's "Doorsturen als bijlage"): the one attached
    mail is the citizen's."""
    if not is_forward_subject(subject):
        return None
    inner = [p for p in _leaves(message) if p.get_content_type() == "message/rfc822"]
    if len(inner) != 1:
        return None
    payload = inner[0].get_payload()
    if not isinstance(payload, list) or not payload:
        return None
    try:
        return parse_mail(payload[0].as_bytes())
    except UnreadableMail:
        return None
