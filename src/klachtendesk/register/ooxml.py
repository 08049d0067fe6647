"""Excel's escapes in xlsx text, read back (sheets/write.py writes them)."""

from __future__ import annotations

import re

# OOXML writes characters that XML cannot hold as _xHHHH_ (Excel stores a carriage return
# as _x000D_), and a literal "_xHHHH_" as _x005F_xHHHH_. openpyxl leaves both as they are.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _xml_illegal(code: int) -> bool:
    return code < 0x20 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)


def ooxml_unescape(text: str) -> str:
    """Decode what Excel escapes: XML-illegal characters and the escape of the escape.
    Other _xHHHH_ stay literal, so a user's "_x0041_" is not turned into "A"."""
    def decode(match: re.Match[str]) -> str:
        code = int(match[1], 16)
        if code == 0x5F:
            return "_"
        return chr(code) if _xml_illegal(code) else match[0]

    return _OOXML_ESCAPE.sub(decode, text)
