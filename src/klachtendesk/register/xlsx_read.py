"""Reading a register xlsx, streamed: which sheet, and every cell as Excel last computed it.

The sheet: the one named with ``--sheet``, else the active sheet if it is visible (what
the user saw when they last saved), never a hidden one by default. When another visible
sheet is a register too (its first row has the required columns) the choice is the
user's: the import is refused, naming the sheets and ``--sheet``. Other sheets that hold
data are named in a warning, so nothing is left out without a word.

A cell holds the value Excel cached for it. A formula without a cached value (a file a
script wrote, or saved without recalculating) and an error value (``#REF!``) are refused
naming the cell, not read as empty.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import quote
from klachtendesk.register.columns import COLUMNS, header_key
from klachtendesk.register.ooxml import ooxml_unescape
from klachtendesk.register.sheet import Collected, Problem, Shape

_REQUIRED = {column.name for column in COLUMNS if column.required}


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


class _Uncached:
    """A formula cell without a cached value."""

    def __init__(self, formula: str) -> None:
        self.formula = formula


def _parser(sheet: Any, source: Any) -> Any:
    """openpyxl's own sheet parser, as its read-only sheets use it (data_only), telling a
    formula without a cached value apart from an empty cell. openpyxl offers no public way
    to see both the cached value and the formula in one pass over the sheet."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            # No value, or an empty one (openpyxl writes <v></v>), of a formula not typed
            # as text (a formula that gives "" is cached as an empty t="str" value).
            if cell["value"] is None and element.get("t") != "str":
                formula = element.find(FORMULA_TAG)
                if formula is not None:
                    cell["value"] = _Uncached("=" + (formula.text or ""))
            return cell

    workbook = sheet.parent
    return Parser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                  date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)


def _rows(sheet: Any) -> Generator[tuple[int, list[Any], list[str]], None, None]:
    """(row number, values, data types) of each row the sheet's file holds."""
    with sheet._get_source() as source:
        for number, cells in _parser(sheet, source).parse():
            if not cells:
                continue
            values: list[Any] = [None] * cells[-1]["column"]
            types = ["n"] * len(values)
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
                types[cell["column"] - 1] = cell["data_type"]
            yield number, values, types


def _holds_data(sheet: Any) -> bool:
    return any(any(v is not None and str(v).strip() for v in row) for row in sheet.iter_rows(values_only=True))


def _first_row(sheet: Any) -> list[Any]:
    for row in sheet.iter_rows(min_row=1, max_row=1, values_only=True):
        return list(row)
    return []


def _is_register(sheet: Any) -> bool:
    return _REQUIRED <= {header_key(value) for value in _first_row(sheet)}


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a broken file
        raise DomainError(f"{path.name} is geen leesbaar Excel-bestand ({type(err).__name__}).") from None


def _names(sheets: list[Any]) -> str:
    return ", ".join(f"'{quote(s.title)}'" for s in sheets)


def choose_sheet(workbook: Any, name: str | None, file_name: str) -> tuple[Any, list[str]]:
    """The sheet to import and the warnings that go with the choice."""
    sheets = list(workbook.worksheets)
    if name is not None:
        wanted = name.strip().casefold()
        for sheet in sheets:
            if sheet.title.strip().casefold() == wanted:
                return sheet, []
        raise DomainError(f"{file_name} heeft geen blad '{quote(name)}'; de bladen zijn {_names(sheets)}.")
    visible = [s for s in sheets if s.sheet_state == "visible"]
    if not visible:
        raise DomainError(f"{file_name} heeft geen zichtbaar blad: kies er een met --sheet NAAM "
                          f"(de bladen zijn {_names(sheets)}).")
    active = workbook.active if workbook.active in visible else visible[0]
    registers = [s for s in visible if _is_register(s)]
    warnings: list[str] = []
    if len(registers) > 1:
        raise DomainError(f"{file_name} heeft meer dan één blad met een register ({_names(registers)}): "
                          "kies er een met --sheet NAAM.")
    chosen = registers[0] if registers else active
    if chosen is not active:
        warnings.append(f"het actieve blad '{quote(active.title)}' is geen register; "
                        f"het blad '{quote(chosen.title)}' wordt geïmporteerd.")
    for sheet in sheets:
        if sheet is not chosen and _holds_data(sheet):
            hidden = " (verborgen)" if sheet.sheet_state != "visible" else ""
            warnings.append(f"het blad '{quote(sheet.title)}'{hidden} bevat ook gegevens en wordt niet "
                            f"geïmporteerd (dat blad importeren: --sheet \"{quote(sheet.title)}\").")
    return chosen, warnings


def _text(value: Any) -> Any:
    if value is None:
        return ""
    return ooxml_unescape(value) if isinstance(value, str) else value


class XlsxRows:
    """The rows of the chosen sheet; each iteration reads the file again from the start."""

    def __init__(self, path: Path, sheet_name: str | None = None) -> None:
        self.path = path
        workbook = _open(path)
        try:
            sheet, self.warnings = choose_sheet(workbook, sheet_name, path.name)
            self.title: str = sheet.title
            rows = _rows(sheet)
            first = next(rows, None)
            rows.close()
            header = first[1] if first is not None and first[0] == 1 else []
            if not any(v is not None and str(v).strip() for v in header):
                raise DomainError(f"{path.name}: het blad '{quote(self.title)}' is leeg (geen kop in rij 1).")
            self.header = ["" if v is None or isinstance(v, _Uncached) else str(v) for v in header]
        except BaseException:
            workbook.close()
            raise
        # Kept open for the first pass over the rows: opening a workbook reads each sheet
        # to its end when its size is not at the start (openpyxl's own files).
        self._open_workbook: Any = workbook

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        workbook, self._open_workbook = self._open_workbook or _open(self.path), None
        try:
            sheet = workbook[self.title]
            shape = Shape(self.header, column_letter)
            collected = Collected(self.path.name)
            for number, values, types in _rows(sheet):
                if number == 1:
                    continue
                problem = self._faulty_cell(shape, number, values, types)
                if problem is None:
                    cells = [_text(v) for v in values]
                    if not any(str(c).strip() for c in cells):
                        continue
                    cells, problem = shape.check(number, cells)
                if problem is not None:
                    collected.add(problem)
                    continue
                yield number, cells
            collected.fail()
        finally:
            workbook.close()

    @staticmethod
    def _faulty_cell(shape: Shape, number: int, values: list[Any], types: list[str]) -> Problem | None:
        if "e" not in types and not any(type(value) is _Uncached for value in values):
            return None
        for index, value in enumerate(values):
            cell = f"{column_letter(index)}{number}"
            if isinstance(value, _Uncached):
                return Problem(number, shape.name(index), (
                    f"de cel {cell} bevat een formule ({quote(value.formula, limit=30)}) zonder berekende "
                    "waarde: open het bestand in Excel en bewaar het opnieuw, of vervang de formule door "
                    "haar waarde."))
            if types[index] == "e":
                return Problem(number, shape.name(index), (
                    f"de cel {cell} bevat een foutwaarde ({quote(value, limit=20)}): verbeter de formule "
                    "of vervang ze door de juiste waarde."))
        return None
