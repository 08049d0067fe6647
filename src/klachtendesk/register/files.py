"""Reading register files: CSV (comma or semicolon, with or without BOM) and xlsx. (They are
written by klachtendesk/sheets/write.py, as the year report's spreadsheets are.)"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from klachtendesk.domain.errors import DomainError
from klachtendesk.outfile import private_output
from klachtendesk.sheets.formulas import PREFIX, restore

FORMATS = (".csv", ".xlsx")

# Far above any real cell: an oversized text must reach clean_text, which refuses it with
# its line, column and size, instead of failing the whole file inside the csv module.
_CSV_FIELD_LIMIT = 64 * 1024 * 1024


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (line number in the file, cells)


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DomainError(f"{path.name}: kies een .csv- of .xlsx-bestand.")
    return suffix


def read_sheet(path: Path) -> Sheet:
    if not path.is_file():
        raise DomainError(f"Het bestand {path} bestaat niet.")
    if file_format(path) == ".xlsx":
        return _read_xlsx(path)
    return _read_csv(path)


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


def open_private(path: Path, mode: str = "w", *, force: bool = False, protect: Iterable[Path] = (),
                 **kwargs: Any) -> AbstractContextManager[IO[Any]]:
    """The shared writer (outfile.private_output): 0600, renamed into place when complete."""
    return private_output(path, mode, force=force, protect=protect, **kwargs)


def _decode(raw: bytes, name: str) -> str:
    # "surrogatepass": a UTF-8 file with an encoded lone surrogate (half an emoji, from a
    # broken export) is still UTF-8. Falling back to cp1252 for it would turn every accent
    # in the file into mojibake; clean_text drops the surrogate itself.
    for encoding, errors in (("utf-8-sig", "strict"), ("utf-8-sig", "surrogatepass"), ("cp1252", "strict")):
        try:
            return raw.decode(encoding, errors)
        except UnicodeDecodeError:
            continue
    raise DomainError(f"{name}: onleesbare tekens; bewaar het bestand als CSV UTF-8.")


def _read_csv(path: Path) -> Sheet:
    text = _decode(path.read_bytes(), path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise DomainError(f"{path.name} is leeg.") from None
    rows: list[tuple[int, list[Any]]] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            if "".join(cells).strip():
                rows.append((line, [restore(cell) if cell[:1] == PREFIX else cell for cell in cells]))
            line = reader.line_num + 1
    except csv.Error as err:
        raise DomainError(f"{path.name}, regel {line}: geen geldige CSV ({err}).") from None
    return Sheet(header=header, rows=rows)


def _read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a broken file
        raise DomainError(f"{path.name} is geen leesbaar Excel-bestand ({type(err).__name__}).") from None
    try:
        sheet = workbook.worksheets[0]
        iterator: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        try:
            header = ["" if v is None else str(v) for v in next(iterator)]
        except StopIteration:
            raise DomainError(f"{path.name} is leeg.") from None
        rows = []
        for number, values in enumerate(iterator, start=2):
            cells = ["" if v is None else (ooxml_unescape(v) if isinstance(v, str) else v) for v in values]
            if any(str(c).strip() for c in cells):
                rows.append((number, cells))
        return Sheet(header=header, rows=rows)
    finally:
        workbook.close()
