"""Forwarded mail: who the citizen is when a colleague or a cabinet forwards their mail.

Gmail ("---------- Forwarded message ---------" / "Doorgestuurd bericht"), Apple Mail
("Begin forwarded message:" / "Begin doorgestuurd bericht:") and Outlook ("-----Original
Message-----", "----- Oorspronkelijk bericht -----" or a bare "Van: ... Verzonden: ..." block
under a line) put the forwarded mail's headers in the text. Read those, and the
citizen becomes the complainant; the forwarder is the channel's source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import getaddresses

from klachtendesk.mail.quotes import quote_start

_PREFIX = re.compile(r"^\s*(fw|fwd|doorst|tr|wg|wtr|rv)\s*:", re.IGNORECASE)
_HEADER = re.compile(r"^\s*\*?(from|van|de|von|date|datum|sent|verzonden|envoyé|gesendet|subject|onderwerp"
                     r"|objet|betreff|to|aan|à|an|cc|reply-to|antwoord aan)\s*:\*?\s*(.*)$", re.IGNORECASE)
_MAILTO = re.compile(r"\[mailto:([^\]\s]+)\]", re.IGNORECASE)
_KEYS = {"from": "from", "van": "from", "de": "from", "von": "from",
         "date": "date", "datum": "date", "sent": "date", "verzonden": "date", "envoyé": "date",
         "gesendet": "date", "subject": "subject", "onderwerp": "subject", "objet": "subject",
         "betreff": "subject"}


@dataclass(frozen=True)
class Forwarded:
    """The forwarded mail as its headers in the text show it."""

    name: str
    email: str
    date: str  # as written; not parsed (every mail program writes it its own way)
    subject: str
    body: str  # the forwarded mail's text, from below its headers
    note: str  # what the forwarder wrote above it


def is_forward_subject(subject: str) -> bool:
    return bool(_PREFIX.match(subject or ""))


def find_forwarded(text: str, subject: str) -> Forwarded | None:
    """The forwarded mail in ``text``, when the mail is a forward and its headers show a sender."""
    lines = text.split("\n")
    start = quote_start(lines)
    if start is None:
        return None
    marker = lines[start].strip().lower()
    explicit = "forward" in marker or "doorgestuurd" in marker or "transféré" in marker or "weitergeleitet" in marker
    if not explicit and not is_forward_subject(subject):
        return None  # an Outlook reply quotes the same way: only a forward's subject says "FW:"
    headers: dict[str, str] = {}
    i = start + (0 if _HEADER.match(lines[start]) else 1)
    while i < len(lines) and not lines[i].strip():
        i += 1
    last = None
    while i < len(lines):
        line = lines[i]
        match = _HEADER.match(line)
        if match:
            last = _KEYS.get(match.group(1).lower())
            if last and last not in headers:
                headers[last] = match.group(2).strip()
        elif line.strip() and last == "from":
            headers["from"] += " " + line.strip()  # a long address wrapped onto the next line
        elif not line.strip():
            break
        else:
            last = None
        i += 1
    name, email = _sender(headers.get("from", ""))
    if not name and not email:
        return None
    return Forwarded(name=name, email=email, date=headers.get("date", ""), subject=headers.get("subject", ""),
                     body="\n".join(lines[i:]).strip(), note="\n".join(lines[:start]).strip())


def _sender(value: str) -> tuple[str, str]:
    value = value.replace("*", "").strip()
    mailto = _MAILTO.search(value)
    if mailto:  # Outlook: "Jan Janssens [mailto:jan@example.be]"
        return _MAILTO.sub("", value).strip().strip('"'), mailto.group(1)
    pairs = getaddresses([value])
    name, email = pairs[0] if pairs else ("", "")
    if "@" not in email:
        return value.strip().strip('"'), ""
    if not name:
        # "jan@example.be <jan@example.be>" or a bare address
        name = ""
    return name.strip().strip('"'), email.strip()
