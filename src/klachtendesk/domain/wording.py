"""Dutch counts: "1 zaak", "3 zaken"."""

from __future__ import annotations


def cases(n: int) -> str:
    return f"{n} zaak" if n == 1 else f"{n} zaken"
