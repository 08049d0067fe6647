"""How the same complainant's earlier cases are shown: at intake and in the link dialog."""

from __future__ import annotations

from rich.text import Text

from klachtendesk.domain.dates import format_date
from klachtendesk.domain.workflow import Status
from klachtendesk.store.complainants import EarlierCase
from klachtendesk.tui.safe import user_text

NOTHING_TYPED = "Typ een naam, e-mail of telefoon."
NONE_FOUND = "Geen eerdere zaken van deze melder."


def _status(case: EarlierCase) -> str:
    return Status(case.status).label.lower() if case.status in Status._value2member_map_ else case.status


def heading(case: EarlierCase) -> Text:
    """"2023-0005  6/6/2023  afgesloten  (naam)": reference, received, status, what matched."""
    text = Text(case.reference, style="bold", end="")
    text.append(f"  {format_date(case.received)}  {_status(case)}", style="")
    text.append(f"  ({case.why})", style="dim")
    return text


def listing(cases: list[EarlierCase]) -> Text:
    """Every earlier case with its title under it, newest first."""
    if not cases:
        return Text(NONE_FOUND, style="dim", end="")
    text = Text(end="")
    for case in cases:
        text.append_text(heading(case))
        text.append("\n  ")
        text.append_text(user_text(case.title, single_line=True))
        text.append("\n")
    return text


def option(case: EarlierCase) -> Text:
    """One line for a list to pick from."""
    text = heading(case)
    text.append("  ")
    text.append_text(user_text(case.title, single_line=True))
    return text
