"""A register file as the importer sees it: a header, then rows streamed one at a time,
each with the line (or sheet row) it starts on.

Reading never stops half-way without saying so: a row the reader cannot take as it stands
(a cell outside the header, a byte that is not text) is a ``Problem`` naming its line and
column. Problems are collected while the rows are read and raised together, as
``SheetProblems``, when the last row has been read; a fault after which the rest of the
file cannot be trusted (a quote that never closes) is raised at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import quote

#: Enough to show what is wrong with a file without listing every row of a broken one.
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  # the header's name for it, else its number (CSV) or letter (xlsx)
    reason: str

    def __str__(self) -> str:
        where = f"regel {self.line}" + (f", kolom {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


class SheetProblems(DomainError):
    """The file cannot be read as it stands; nothing of it may be imported."""

    def __init__(self, name: str, problems: Sequence[Problem]) -> None:
        more = f" (en nog {len(problems) - 1} andere fouten)" if len(problems) > 1 else ""
        super().__init__(f"{name}, {problems[0]}{more}")
        self.problems = list(problems)


@dataclass
class Sheet:
    header: list[str]
    #: (line, cells); each iteration reads the file again, from its first row, without
    #: holding it in memory. Raises SheetProblems at the end when a row could not be read.
    rows: Iterable[tuple[int, list[Any]]]
    #: What the reader decided for the user and should tell them (Dutch sentences).
    warnings: list[str] = field(default_factory=list)


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


class Shape:
    """Every cell with a value must stand under a named header cell."""

    def __init__(self, header: Sequence[Any], column: Callable[[int], str], *,
                 extra_hint: str = "") -> None:
        self.width = len(header)
        self.header = [str(h or "").strip() for h in header]
        self.unnamed = [i for i, name in enumerate(self.header) if not name]
        self.column = column
        self.extra_hint = extra_hint

    def name(self, index: int) -> str:
        """A column as messages name it: its header, else its number or letter."""
        return self.header[index] if index < self.width and self.header[index] else self.column(index)

    def check(self, line: int, cells: list[Any]) -> tuple[list[Any], Problem | None]:
        """The row's cells (empty cells past the header dropped), or the problem with it."""
        if len(cells) > self.width:
            for index in range(self.width, len(cells)):
                if _filled(cells[index]):
                    return cells, Problem(line, self.column(index), (
                        f"deze rij heeft een waarde ('{quote(cells[index], limit=30)}') buiten de kolommen van de "
                        f"kop ({self.width} kolommen).{self.extra_hint}"))
            cells = cells[: self.width]
        for index in self.unnamed:
            if index < len(cells) and _filled(cells[index]):
                return cells, Problem(line, self.column(index), (
                    f"deze kolom heeft geen naam in de kop, maar wel een waarde ('{quote(cells[index], limit=30)}'): "
                    "geef de kolom een naam in de kop, of maak ze leeg."))
        return cells, None


class Collected:
    """The problems found while rows are read: raised together once reading is done."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)
        if len(self.problems) >= MAX_PROBLEMS:
            self.fail()

    def fail(self, problem: Problem | None = None) -> None:
        if problem is not None:
            self.problems.append(problem)
        if self.problems:
            raise SheetProblems(self.name, self.problems)
