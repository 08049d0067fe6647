"""Dutch as the report writes it: numbers in words and digits, lists, labels inside sentences.

Numbers follow the usual Dutch style rule (Taaladvies): up to twenty, and round tens up to a
hundred, in words; others in digits with a point between thousands ("1.066"). The numeral
one is written "één" (with accents, so it does not read as the article "een"), "Eén" at the
start of a sentence.
"""

from __future__ import annotations

import re

_WORDS = (
    "nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
    "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien",
    "negentien", "twintig",
)
_TENS = {30: "dertig", 40: "veertig", 50: "vijftig", 60: "zestig", 70: "zeventig",
         80: "tachtig", 90: "negentig", 100: "honderd"}


def integer(n: int) -> str:
    """Digits with a point between thousands: 1066 -> "1.066"."""
    return f"{n:,}".replace(",", ".")


def decimal(value: float, places: int = 1) -> str:
    """A decimal comma: 21.4 -> "21,4"."""
    return f"{value:,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(part: int, whole: int) -> str:
    """"53,8%"; "–" when there is nothing to divide by."""
    if not whole:
        return "–"
    return f"{decimal(100 * part / whole)}%"


def number(n: int) -> str:
    """A count as a sentence writes it: "twee", "dertien", "honderd", "25", "1.066"."""
    if 0 <= n < len(_WORDS):
        return _WORDS[n]
    return _TENS.get(n) or integer(n)


def capitalise(text: str) -> str:
    """The first letter in capitals, as a sentence starts ("één" -> "Eén", not "Één")."""
    if text.startswith("éé"):
        return "Eé" + text[2:]
    return text[:1].upper() + text[1:]


def lower_first(label: str) -> str:
    """A label inside a sentence: "Voorbeeldgedrag verkeer" -> "voorbeeldgedrag verkeer".

    A first word in capitals (an abbreviation: "JUR", "PZA-dienst") is kept as it is.
    """
    first = re.split(r"[\s\-–/]", label, maxsplit=1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def join(items: list[str], last: str = "en") -> str:
    """"a", "a en b", "a, b en c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


_DASH = re.compile(r"\s+[\-–—]\s+")


def split_label(label: str) -> tuple[str, str]:
    """"Niet ontvankelijk – onbevoegd" -> ("Niet ontvankelijk", "onbevoegd"); ("Gegrond", "")."""
    parts = _DASH.split(label, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (label, "")
