"""Matching taxonomy labels the way people type them.

Registers kept in Excel spell the same label with other dashes, case or spacing
("Niet ontvankelijk - onbevoegd" vs "Niet ontvankelijk – onbevoegd"). Two labels are the
same when they are equal after this normalisation.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = re.compile(r"\s*[\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*")
_SPACES = re.compile(r"\s+")


def label_key(label: str) -> str:
    text = unicodedata.normalize("NFKC", label or "")
    text = _DASHES.sub(" - ", text.strip())
    text = _SPACES.sub(" ", text)
    return text.casefold()
