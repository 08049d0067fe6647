"""Approvals of an answer: which step was given, and by whom.

A case keeps its approvals as lines, one per step given, in order: the step, and after a
tab the person who approved it (picked from the users when the approval is recorded; the
desk's user records it, but need not be the one who approved). Lines from before approvers
were recorded hold the step only: the timeline then says who recorded it.
"""

from __future__ import annotations

from dataclasses import dataclass

SEPARATOR = "\t"


@dataclass(frozen=True)
class Approval:
    step: str
    by: str = ""  # who approved; "" when not recorded (an approval made before it was)

    @property
    def line(self) -> str:
        return f"{self.step}{SEPARATOR}{self.by}" if self.by else self.step

    @property
    def text(self) -> str:
        """As the timeline and the case show it: "Realiteitscheck (Jan Peeters)"."""
        return f"{self.step} ({self.by})" if self.by else self.step


def parse_line(line: str) -> Approval:
    step, _, by = line.partition(SEPARATOR)
    return Approval(step.strip(), by.strip())


def parse(stored: str) -> tuple[Approval, ...]:
    """The approvals a case holds (``Case.approvals``)."""
    return tuple(parse_line(line) for line in stored.split("\n") if line.strip())


def steps(stored: str) -> tuple[str, ...]:
    """The steps given, without who gave them: what the workflow's rules compare."""
    return tuple(a.step for a in parse(stored))
