"""Files kept with a case: their names and their size limit.

A name comes from a mail or from someone's disk and is later written to a disk again (saved,
opened with the system's program): it must not lead anywhere else (no folders, no ``..``),
must not act on a terminal, and must be a name every system can create.
"""

from __future__ import annotations

import re
import unicodedata

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import clean_line, quote

MAX_NAME = 120
DEFAULT_NAME = "bijlage"

# Characters Windows refuses in a file name, and the separators of every system.
_RESERVED_CHARS = re.compile(r'[<>:"/\\|?*]')
# Names Windows keeps for devices, with or without an extension.
_DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                           *(f"lpt{i}" for i in range(1, 10))})


def clean_filename(name: object, *, default: str = DEFAULT_NAME) -> str:
    """A file name that is safe to show and to write: the last path part, without control
    characters, reserved characters or leading dots, at most ``MAX_NAME`` characters with
    its extension kept."""
    text = str(name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = clean_line(text, max_length=10_000)
    text = _RESERVED_CHARS.sub("_", text)
    text = unicodedata.normalize("NFC", text).strip(" .")
    if not text or set(text) <= {"_"}:
        text = default
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    if stem.casefold() in _DEVICE_NAMES or text.casefold() in _DEVICE_NAMES:
        text = "_" + text
    if len(text) > MAX_NAME:
        if ext and len(ext) <= 10:
            text = stem[: MAX_NAME - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            text = text[:MAX_NAME].rstrip(" .")
    return text


def format_size(size: int) -> str:
    """A size as a Belgian reader writes it: 812 B, 14 kB, 2,4 MB."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def check_size(name: str, size: int, limit_mb: int) -> None:
    """Refuse a file larger than the organisation's limit, naming it."""
    if size > limit_mb * 1_000_000:
        raise DomainError(
            f"De bijlage '{quote(name)}' is te groot ({format_size(size)}; maximaal {limit_mb} MB) "
            "en is niet bewaard. Vraag een kleiner bestand of bewaar het buiten klachtendesk."
        )
