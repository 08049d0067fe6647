"""Leaving quoted earlier mail out of a description.

A reply carries the mail it answers below a quote header: Gmail's "Op ma 3 jun. 2024 om
10:12 schreef ...:" (or "On ... wrote:"), Apple Mail's "Op ... heeft ... het volgende
geschreven:", Outlook's "----- Oorspronkelijk bericht -----" or its "Van: ... Verzonden:"
block, and ">" lines. The description keeps what the writer wrote themselves; the whole
text stays in the original message, kept with the case.
"""

from __future__ import annotations

import re

_SEPARATOR = re.compile(
    r"^\s*(-{2,}\s*(oorspronkelijk bericht|original message|origineel bericht|ursprüngliche nachricht"
    r"|message d'origine)\s*-{2,}|_{10,})\s*$", re.IGNORECASE)
# "Op <date> schreef <name>:" and "On <date> <name> wrote:"; the header may wrap onto a
# second line (long names and addresses), so two lines are tried together.
_WROTE = re.compile(
    r"^\s*(op|on|le|am)\s.{4,300}?(schreef|wrote|a écrit|schrieb|het volgende geschreven)\b[^\n]{0,200}:\s*$",
    re.IGNORECASE | re.DOTALL)
_HEADER_FROM = re.compile(r"^\s*\*?(from|van|de|von)\s*:\*?\s*\S", re.IGNORECASE)
_HEADER_SENT = re.compile(r"^\s*\*?(sent|verzonden|date|datum|envoyé|gesendet|to|aan)\s*:\*?\s*\S", re.IGNORECASE)
#: Where a forwarded mail starts (also a quote when it is not the forward being read).
FORWARD_MARKER = re.compile(
    r"^\s*(-{2,}\s*(forwarded message|doorgestuurd bericht|message transféré|weitergeleitete nachricht)\s*-{2,}"
    r"|begin (forwarded message|doorgestuurd bericht)\s*:)\s*$", re.IGNORECASE)


def quote_start(lines: list[str]) -> int | None:
    """The index of the first line of quoted earlier mail, or None."""
    for i, line in enumerate(lines):
        if _SEPARATOR.match(line) or FORWARD_MARKER.match(line):
            return i
        if _starts_wrote(line):
            joined = line if _WROTE.match(line) else (line + " " + lines[i + 1] if i + 1 < len(lines) else "")
            # A real quote header names the writer's address or is followed by quoted lines:
            # "Op 3 juni schreef ik u het volgende:" in a complaint is no quote.
            after = next((n for n in lines[i + 1 + (joined != line):] if n.strip()), "")
            if _WROTE.match(joined) and ("@" in joined or after.lstrip().startswith(">")):
                return i
        if _HEADER_FROM.match(line) and any(_HEADER_SENT.match(n) for n in lines[i + 1:i + 4]):
            return i
    return None


def _starts_wrote(line: str) -> bool:
    return bool(re.match(r"^\s*(op|on|le|am)\s", line, re.IGNORECASE))


def strip_quoted(text: str) -> str:
    """``text`` without quoted earlier mail; the whole text when nothing else would remain."""
    lines = text.split("\n")
    start = quote_start(lines)
    if start is not None:
        lines = lines[:start]
    while lines and (lines[-1].lstrip().startswith(">") or not lines[-1].strip()):
        lines.pop()
    kept = "\n".join(lines).strip()
    return kept or text.strip()
