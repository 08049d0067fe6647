"""The one way user text reaches the screen.

Complaint titles, descriptions, names and notes contain brackets (``[b]``, ``[@click=...]``)
that Textual would parse as markup, and may contain escape sequences from pasted or
imported text. Every widget shows user text through ``user_text`` (a ``rich.text.Text``,
never parsed as markup, control characters replaced) or ``notify_plain``.
"""

from __future__ import annotations

import re
import unicodedata

from rich.style import Style
from rich.text import Text

# C0 and C1 controls (except newline and tab), DEL, bidi overrides and isolates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def plain(value: object, *, single_line: bool = False) -> str:
    """User text with anything a terminal would act on removed."""
    text = "" if value is None else str(value)
    text = _UNSAFE.sub("", text)
    if single_line:
        text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return unicodedata.normalize("NFC", text)


def user_text(value: object, style: str | Style = "", *, single_line: bool = False) -> Text:
    """A Text that shows ``value`` exactly as typed: brackets are literal, never markup."""
    return Text(plain(value, single_line=single_line), style=style, end="")


def join(*parts: Text | str, separator: str = "") -> Text:
    """Join user texts and plain labels without ever parsing markup."""
    result = Text(end="")
    for index, part in enumerate(parts):
        if index and separator:
            result.append(separator)
        result.append(part if isinstance(part, Text) else Text(part))
    return result


def notify_plain(app, message: str, *, title: str = "", severity: str = "information",  # type: ignore[no-untyped-def]
                 timeout: float | None = None) -> None:
    """``App.notify`` without markup: messages often quote a case title."""
    app.notify(plain(message), title=plain(title), severity=severity, timeout=timeout, markup=False)
