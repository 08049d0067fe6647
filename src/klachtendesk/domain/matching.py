"""Matching what a user types against labels and names, as a person reads them.

Case and accents never matter ("categorieen" finds "Categorieën", "yilmaz" finds "Yılmaz"),
a label or name is matched by the starts of its words before anything inside a word ("an"
picks "Antwerpen" and "Jan Peeters" before "(niemand)"), and a name typed in another order
or only in part still finds the person ("Yılmaz F." finds "Fatma Yilmaz").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Letters that are not a base letter plus an accent (NFKD leaves them whole).
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae",
                          "œ": "oe", "ŀ": "l"})
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, without accents: "Yılmaz Çelik" -> "yilmaz celik"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_LETTERS)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def rank(needle: str, label: str, description: str = "") -> int | None:
    """How well ``needle`` matches: 0 the label starts with it, 1 every word typed starts a
    word of the label, 2 it is inside the label, 3 inside the description; None: no match."""
    key = fold(needle).strip()
    if not key:
        return 0
    folded = fold(label)
    if folded.startswith(key):
        return 0
    typed, label_words = words(needle), words(label)
    if typed and all(any(w.startswith(t) for w in label_words) for t in typed):
        return 1
    if key in folded:
        return 2
    if description and key in fold(description):
        return 3
    return None


def ranked(needle: str, items: Sequence[T], label: Callable[[T], str],
           description: Callable[[T], str] = lambda _: "") -> list[T]:
    """The items that match ``needle``, best first; equally good ones keep their order."""
    scored = [(score, index, item) for index, item in enumerate(items)
              if (score := rank(needle, label(item), description(item))) is not None]
    return [item for _, _, item in sorted(scored, key=lambda t: (t[0], t[1]))]


def name_matches(query: str, name: str) -> bool:
    """Every word typed begins a word of the name, in any order: "yilmaz", "Fatma Yilmaz" and
    "Yılmaz F." all match "Fatma Yilmaz"; a name stored with an initial ("F. Yilmaz") matches
    the full first name; one word of the name may not answer two typed ones."""
    typed, name_words = words(query), words(name)
    if not typed or not any(len(t) >= 2 for t in typed):
        return False
    free = list(name_words)
    for word in sorted(typed, key=len, reverse=True):  # the longest first: they are the pickiest
        match = next((w for w in free if w.startswith(word) or (len(w) == 1 and word.startswith(w))), None)
        if match is None:
            return False
        free.remove(match)
    return True


def has_words(name: str, typed: list[str]) -> bool:
    """Every (folded) word typed is a whole word of the name: "jan peeters" matches
    "Peeters, Jan" and "ＪＡＮ Péeters", not "Janssen Peetersen"."""
    own = set(words(name))
    return bool(typed) and all(word in own for word in typed)


def same_email(stored: str, typed: str) -> bool:
    """One e-mail address, exactly: case and compatibility forms ignored, nothing more."""
    a, b = (unicodedata.normalize("NFKC", v).strip().casefold() for v in (stored, typed))
    return bool(a) and a == b


def phone_digits(phone: str) -> str:
    """The last nine digits of a phone number, enough to compare "+32 470 11 22 33" with
    "0470/11.22.33" (Belgian numbers have nine digits after the 0 or +32)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-9:] if len(digits) >= 8 else ""
