"""Reading a register CSV, streamed: the encoding, the separator and every quote checked.

What Excel and other programs write: UTF-8 with or without BOM, Windows-1252 (older
Excel's "CSV"), UTF-16 with BOM ("Unicode text"), a first line ``sep=;``, semicolons,
commas or tabs. The file is read a line at a time, never whole.

Read correctly or refused, naming the line and the column, never half-read:
- a quote that opens a cell and never closes (it would swallow the rest of the file), or a
  quote inside a quoted cell that is not doubled (``"Hij zei: "nee"``), or a quoted cell
  that closes so late that it holds whole rows;
- a byte that is not text in the file's encoding: a UTF-8 file is UTF-8 throughout (one
  stray Windows-1252 byte does not turn every accent into mojibake), and a Windows-1252
  file holds no UTF-8;
- a value outside the header's columns, or under a header cell without a name.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from klachtendesk.domain.text import quote
from klachtendesk.register.sheet import Collected, Problem, Shape, SheetProblems
from klachtendesk.sheets.formulas import PREFIX, restore

# Far above any real cell: an oversized text must reach clean_text, which refuses it with
# its line, column and size, instead of failing the whole file inside the csv module.
FIELD_LIMIT = 64 * 1024 * 1024

#: The record kept to locate a quote fault in; past this only the count goes on.
_RECORD_KEPT = 1024 * 1024

_MARK = "klachtendesk-mark"
_SURROGATE = re.compile("[\ud800-\udfff]")
_BARE_CR = re.compile(rb"\r(?!\n)")
_AFTER_BARE_CR = re.compile(rb"(?<=\r)(?!\n)")
_SEP_LINE = re.compile(r'^"?sep=(.)"?\s*$', re.IGNORECASE)

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _mark(err: UnicodeError) -> tuple[str, int]:
    """Decode error handler: each byte that is not text becomes a lone surrogate
    (U+DC00 + byte), which no correct decoding yields, so the row check finds it in its cell.
    A lone surrogate encoded as UTF-8 (half an emoji, from a broken export) is dropped, as
    clean_text drops it anyway: it is UTF-8, just not storable."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    data, start = err.object, err.start
    if (err.encoding == "utf-8" and data[start] == 0xED and start + 2 < len(data)
            and 0xA0 <= data[start + 1] <= 0xBF and 0x80 <= data[start + 2] <= 0xBF):
        return "", start + 3
    return "".join(chr(0xDC00 + byte) for byte in data[start:err.end]), err.end


codecs.register_error(_MARK, _mark)


class _Lines:
    """The file's lines as text, decoded one at a time, the bytes that are not text marked.

    Without a BOM the file is UTF-8 until a line shows otherwise: the first line with a
    byte beyond ASCII settles it (valid UTF-8: UTF-8; not: Windows-1252). After that, a
    line in the other encoding is marked, not guessed at.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        start = handle.read(4)
        self.encoding = "utf-8"
        self.settled = False
        bom = b""
        for mark, encoding in _BOMS:
            if start.startswith(mark):
                bom, self.encoding, self.settled = mark, encoding, True
                break
        else:
            if len(start) >= 4 and start[1] == start[3] == 0 and start[0] and start[2]:
                self.encoding, self.settled = "utf-16-le", True  # UTF-16 without its BOM
            elif len(start) >= 4 and start[0] == start[2] == 0 and start[1] and start[3]:
                self.encoding, self.settled = "utf-16-be", True
        handle.seek(len(bom))
        #: Why the marked characters of the current record are there ("" when none are).
        self.marked = ""
        #: The current record's lines (up to _RECORD_KEPT characters), to locate a fault in.
        self.record: list[str] = []
        self.kept = 0

    def __iter__(self) -> Iterator[str]:
        if self.encoding not in ("utf-8",):
            wide = io.TextIOWrapper(self.handle, encoding=self.encoding, errors=_MARK, newline="")
            for text in wide:
                if _SURROGATE.search(text):
                    self.marked = "wide"
                yield self._keep(text)
            return
        for raw in self.handle:
            if b"\r" in raw and _BARE_CR.search(raw):  # old Mac line ends: split as a text file would
                for piece in _AFTER_BARE_CR.split(raw):
                    if piece:
                        yield self._keep(self._decode(piece))
            else:
                yield self._keep(self._decode(raw))

    def _keep(self, text: str) -> str:
        if self.kept < _RECORD_KEPT:
            self.record.append(text)
            self.kept += len(text)
        return text

    def next_record(self) -> None:
        self.record.clear()
        self.kept = 0
        self.marked = ""

    def _decode(self, raw: bytes) -> str:
        if raw.isascii():
            return raw.decode("ascii")
        if self.encoding == "utf-8":
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("utf-8", _MARK)
                if not _SURROGATE.search(text):
                    pass  # only encoded surrogates, dropped: still UTF-8
                elif self.settled or _beyond_ascii(text):
                    self.marked = "utf-8"
                else:  # the first line beyond ASCII is not UTF-8: a Windows-1252 file
                    self.encoding = "cp1252"
                    self.settled = True
                    return self._decode(raw)
            self.settled = True
            return text
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", _MARK)  # the five bytes Windows-1252 leaves out are marked
            if _SURROGATE.search(text):
                self.marked = "cp1252"
            return text
        self.marked = "mixed"  # valid UTF-8 in a Windows-1252 file: mark every byte beyond ASCII
        return raw.decode("ascii", _MARK)


def _beyond_ascii(text: str) -> bool:
    """Whether the text has a correctly decoded character beyond ASCII (not a marked byte)."""
    return any(ord(ch) > 0x7F and not 0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def _marked_reason(kind: str, cell: str) -> str:
    found = _SURROGATE.search(cell)
    assert found is not None
    before = quote(cell[: found.start()][-25:], limit=25)
    what = f"het teken na '{before}'" if before else "het eerste teken"
    byte = f"byte 0x{ord(found[0]) - 0xDC00:02X}"
    if kind == "mixed":
        return ("deze cel is als UTF-8 bewaard, de rest van het bestand als Windows-1252: "
                "bewaar het hele bestand opnieuw als CSV UTF-8.")
    if kind == "cp1252":
        return (f"{what} ({byte}) bestaat niet in Windows-1252, de codering van dit bestand: "
                "bewaar het bestand als CSV UTF-8.")
    if kind == "wide":
        return f"{what} ({byte}) is geen geldige UTF-16: bewaar het bestand opnieuw als CSV UTF-8."
    return (f"{what} ({byte}) is geen UTF-8, terwijl de rest van het bestand UTF-8 is: typ dat teken "
            "opnieuw, of bewaar het bestand opnieuw als CSV UTF-8.")


def _delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[";"] else ";"


def _column_number(index: int) -> str:
    return str(index + 1)


class _Parsed:
    """An open CSV file: its header read, its rows to come."""

    def __init__(self, path: Path, handle: IO[bytes]) -> None:
        self.name = path.name
        self.lines = _Lines(handle)
        source = iter(self.lines)
        first = next(source, None)
        self.offset = 0  # lines before the header
        if first is not None and (sep := _SEP_LINE.match(first.rstrip("\r\n"))):
            self.delimiter = sep[1]
            self.offset = 1
            self.lines.next_record()
            first = next(source, None)
        else:
            self.delimiter = _delimiter(first or "")
        if first is None or not first.strip():
            raise SheetProblems(self.name, [Problem(1 + self.offset, "", "het bestand is leeg (geen kop).")])

        def again() -> Iterator[str]:
            yield first
            yield from source

        csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
        self.reader = csv.reader(again(), delimiter=self.delimiter, strict=True)
        self.header: list[str] = []
        self.header = self._next(1 + self.offset) or []
        hint = f" Staat er een '{self.delimiter}' in een tekst, zet die cel dan tussen aanhalingstekens."
        self.shape = Shape(self.header, _column_number,
                           extra_hint=hint if self.delimiter != "\t" else "")
        if self.lines.marked:
            raise SheetProblems(self.name, [self._fail_marked(1 + self.offset, self.header)])

    def _column(self, index: int) -> str:
        return self.shape.name(index) if self.header else _column_number(index)

    def _next(self, start: int) -> list[str] | None:
        """The next record, or None at the end; a record that is no valid CSV is refused."""
        try:
            return next(self.reader)
        except StopIteration:
            return None
        except csv.Error as err:
            raise SheetProblems(self.name, [self._csv_problem(start, str(err))]) from None

    def _csv_problem(self, start: int, message: str) -> Problem:
        if "field larger than field limit" in message:
            return Problem(start, "", f"een cel is groter dan {FIELD_LIMIT // (1024 * 1024)} MB.")
        fault = _quote_fault(self.lines.record, self.delimiter)
        if fault is None:
            return Problem(start, "", "geen geldige CSV: controleer de aanhalingstekens op deze regel.")
        offset, index, kind = fault
        line = start + offset
        if kind == "open":
            return Problem(line, self._column(index), (
                "het aanhalingsteken aan het begin van deze cel wordt nergens gesloten, zodat de rest van "
                "het bestand in deze ene cel zou belanden: sluit het aanhalingsteken, of verwijder het."))
        return Problem(line, self._column(index), (
            "na het aanhalingsteken dat deze cel sluit, staat nog tekst: een aanhalingsteken in de tekst "
            'van een cel tussen aanhalingstekens moet dubbel staan ("").'))

    def _fail_marked(self, line: int, cells: list[str]) -> Problem:
        for index, cell in enumerate(cells):
            if _SURROGATE.search(cell):
                return Problem(line, self._column(index), _marked_reason(self.lines.marked, cell))
        return Problem(line, "", "deze regel bevat tekens die geen tekst zijn.")  # pragma: no cover

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        collected = Collected(self.name)
        shape, lines, reader = self.shape, self.lines, self.reader
        threshold = max(3, shape.width - 1)
        while True:
            lines.next_record()
            first = reader.line_num + 1
            cells = self._next(first + self.offset)
            if cells is None:
                break
            line = first + self.offset
            if lines.marked:
                collected.add(self._fail_marked(line, cells))
                continue
            if reader.line_num > first:  # a record over several lines: did a quote close too late?
                swallowed = _holds_rows(cells, self.delimiter, threshold)
                if swallowed is not None:
                    collected.add(Problem(line, self._column(swallowed), (
                        f"deze cel loopt van regel {line} tot {reader.line_num + self.offset} en bevat regels "
                        "die eruitzien als rijen van het register: een aanhalingsteken sluit te laat of ontbreekt. "
                        "Controleer de aanhalingstekens in en rond deze cel.")))
                    continue
            if not "".join(cells).strip():
                continue
            cells, problem = shape.check(line, cells)
            if problem is not None:
                collected.add(problem)
                continue
            yield line, [restore(cell) if cell[:1] == PREFIX else cell for cell in cells]
        collected.fail()


def _holds_rows(cells: list[str], delimiter: str, threshold: int) -> int | None:
    """The first cell with a line after its first that has as many separators as a row."""
    for index, cell in enumerate(cells):
        if "\n" in cell or "\r" in cell:
            inner = cell.splitlines()[1:]
            if any(text.count(delimiter) >= threshold for text in inner):
                return index
    return None


def _quote_fault(lines: list[str], delimiter: str) -> tuple[int, int, str] | None:
    """Where a record's quotes go wrong: (line within the record, cell index, kind), kind
    "open" (the cell's opening quote never closes) or "after" (text after a closing quote)."""
    index, at_start, quoted, opened = 0, True, False, (0, 0)
    for offset, text in enumerate(lines):
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if quoted:
                if ch == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        i += 2
                        continue
                    quoted = False
                    if i + 1 < n and text[i + 1] != delimiter and text[i + 1] not in "\r\n":
                        return offset, index, "after"
                i += 1
                continue
            if at_start and ch == '"':
                quoted, opened = True, (offset, index)
            elif ch == delimiter:
                index += 1
                at_start = True
                i += 1
                continue
            at_start = False
            i += 1
    if quoted:
        return opened[0], opened[1], "open"
    return None


class CsvRows:
    """The rows of a CSV register; each iteration reads the file again from the start."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as handle:
            self.header = _Parsed(path, handle).header

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        with self.path.open("rb") as handle:
            self._handle: IO[bytes] | None = handle
            try:
                yield from _Parsed(self.path, handle).rows()
            finally:
                self._handle = None

    def position(self) -> int:
        """How far the reading has got, in bytes of the file (for progress; 0 between reads)."""
        handle = getattr(self, "_handle", None)
        return handle.tell() if handle is not None and not handle.closed else 0
