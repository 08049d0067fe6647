"""Cleaning text that citizens and staff type, paste or import.

Stored text is what the user meant: Unicode normalised (NFC), without control
characters or escape sequences that could reach a terminal, and within a size a
register can hold. Brackets and other markup-like text are kept exactly; showing them
safely is the display layer's job (``tui/safe.py``).
"""

from __future__ import annotations

import re
import unicodedata

from klachtendesk.domain.errors import DomainError

# Sizes are generous for real complaints (a long letter is ~20 kB) and protect the
# screens and exports from pasted megabytes.
MAX_LINE = 300
MAX_TEXT = 100_000

# A complete escape sequence is dropped as a whole, so "\x1b[31mrood" becomes "rood"
# rather than "[31mrood". CSI, OSC (terminated by BEL or ST), string controls, and the
# short escapes (ESC c resets the terminal, ESC ( B switches character sets, ESC # 8
# fills the screen): ESC, optional intermediate bytes, one final byte (ECMA-35).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]"  # other escapes: nF, Fp, Fe, Fs
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
    r"|[\x90\x98\x9e\x9f][^\x9c\x1b]*\x9c?"  # 8-bit DCS, SOS, PM, APC
)

_DOUBLE_SPACES = re.compile(r" {2,}")

# Bidirectional overrides and isolates can make text display in another order than it
# is stored ("Trojan Source"); zero-width joiners are kept because emoji need them.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))

# Unicode's line and paragraph separators break lines in some widgets and not in others:
# they become ordinary newlines. A byte-order mark inside text is an artefact of pasting
# or joining files, never meant.
_SEPARATORS = {0x2028: "\n", 0x2029: "\n", 0xFEFF: None}


def _is_noncharacter(code: int) -> bool:
    """U+FDD0..U+FDEF and U+xFFFE/U+xFFFF: not text, and not allowed in XML (xlsx)."""
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _drop_controls(text: str, *, keep_newlines: bool) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\n\t" and keep_newlines:
            out.append(ch)
        elif ch in "\n\t\r":
            out.append(" ")
        elif code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F:
            continue
        elif 0xD800 <= code <= 0xDFFF:  # lone surrogates cannot be stored as UTF-8
            continue
        elif _is_noncharacter(code):
            continue
        else:
            out.append(ch)
    return "".join(out)


def _scrub(text: str, multiline: bool) -> str:
    """Carriage returns and line separators to newlines; escape sequences, controls,
    non-characters, stray byte-order marks and bidi overrides out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SEPARATORS)
    text = _ESCAPES.sub("", text)
    text = _drop_controls(text, keep_newlines=multiline)
    return text.translate(_BIDI)


def _is_plain(text: str, multiline: bool) -> bool:
    """True when scrubbing would change nothing: escapes, controls, carriage returns, lone
    surrogates, line separators, byte-order marks, non-characters and bidi overrides are
    all non-printable, so printable text (plus newlines where they are kept) has none.
    Most text is plain; this spares it the per-character scan, which a 100,000-row import
    would otherwise pay two million times."""
    if multiline:
        return text.replace("\n", "").isprintable()
    return text.isprintable()


def strip_controls(text: str, *, multiline: bool) -> str:
    """``text`` without escape sequences, control, bidi or non-text characters, in order
    and otherwise untouched (no trimming, no length check): what an input widget may hold
    while the user is still typing. Newlines and tabs stay in multi-line text."""
    if not text or _is_plain(text, multiline):
        return text
    return unicodedata.normalize("NFC", _scrub(text, multiline))


def clean_text(
    value: object,
    *,
    multiline: bool = True,
    max_length: int | None = None,
    label: str = "De tekst",
    field: str | None = None,
) -> str:
    """Return the text as it should be stored, or raise DomainError when it is too long."""
    if value is None or value == "":
        return ""
    text = value if type(value) is str else str(value)
    plain = text.isprintable() or _is_plain(text, multiline)
    if not plain:
        text = _scrub(text, multiline)
    if not text.isascii():  # ASCII is NFC already
        text = unicodedata.normalize("NFC", text)
    if multiline:
        # In plain text the only whitespace besides newlines is the space.
        if not plain or " \n" in text:
            text = "\n".join(line.rstrip() for line in text.split("\n"))
        text = text.strip()
    else:
        if "  " in text:
            text = _DOUBLE_SPACES.sub(" ", text)
        text = text.strip()
    limit = max_length if max_length is not None else (MAX_TEXT if multiline else MAX_LINE)
    if len(text) > limit:
        raise DomainError(
            f"{label} is te lang ({len(text):,} tekens; maximaal {limit:,}). "
            "Kort de tekst in of zet de rest in een bijlage.".replace(",", "."),
            field=field,
        )
    return text


def clean_line(value: object, *, label: str = "De tekst", field: str | None = None,
               max_length: int = MAX_LINE) -> str:
    return clean_text(value, multiline=False, label=label, field=field, max_length=max_length)


def quote(value: object, *, limit: int = 40) -> str:
    """A value a user typed, short and harmless enough to repeat inside a message."""
    text = _drop_controls(_ESCAPES.sub("", str(value)), keep_newlines=False).translate(_BIDI)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def printable(text: str, *, limit: int | None = None) -> str:
    """``text`` for a terminal line: every control, bidi or non-text character shown as
    ``\\xNN`` / ``\\uNNNN`` instead of being acted on, and shortened to ``limit``."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif code in _BIDI or code in _SEPARATORS or 0xD800 <= code <= 0xDFFF or _is_noncharacter(code):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    line = "".join(out)
    if limit is not None and len(line) > limit:
        line = line[: limit - 1] + "…"
    return line
