"""Formula injection (OWASP "CSV injection"): cells that a spreadsheet would run.

A CSV cell starting with ``= + - @`` (or tab / carriage return) is executed as a formula
by Excel and LibreOffice. Export prefixes such cells, and cells that already start with
the prefix, with an apostrophe; import removes exactly that one apostrophe, so our own
export reads back as the original text.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"

#: Only a cell starting with one of these can need the prefix: a cheap first test for
#: writers that handle millions of cells.
RISKY_FIRST = frozenset((*TRIGGERS, PREFIX))


def neutralise(text: str) -> str:
    if text.startswith(TRIGGERS) or (
        text.startswith(PREFIX) and text[1:].startswith((*TRIGGERS, PREFIX))
    ):
        return PREFIX + text
    return text


def restore(text: str) -> str:
    if text.startswith(PREFIX) and text[1:].startswith((*TRIGGERS, PREFIX)):
        return text[1:]
    return text
