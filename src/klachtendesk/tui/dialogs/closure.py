"""Asking for a closure of the organisation: the first and the last closed day."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from klachtendesk import clock
from klachtendesk.domain.calendar import DateRange
from klachtendesk.domain.dates import format_date, parse_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.tui.dialogs.base import error_line, hint_line, title_line
from klachtendesk.tui.dialogs.forms import _FormDialog
from klachtendesk.tui.widgets.clean_input import CleanInput


class ClosureDialog(_FormDialog):
    """Returns (first, last): both days closed."""

    DEFAULT_CSS = """
    ClosureDialog .closure-fields { height: auto; }
    ClosureDialog .closure-field { width: 1fr; height: auto; }
    ClosureDialog #last-field { margin-left: 2; }
    """

    def __init__(self, title: str, value: DateRange | None = None, notice: str = "") -> None:
        super().__init__(notice)
        self.title_text, self.value = title, value

    def compose(self) -> ComposeResult:
        first, last = self.value or (None, None)
        with Vertical(classes="dialog"):
            yield title_line(self.title_text)
            yield from self.notice_line()
            yield hint_line("De organisatie is gesloten van de eerste tot en met de laatste dag: termijnen "
                            "tellen die dagen niet mee.")
            with Horizontal(classes="closure-fields"):
                with Vertical(classes="closure-field"):
                    yield Label("Eerste dag", classes="field-label")
                    yield CleanInput(format_date(first) if first else "", id="first")
                with Vertical(classes="closure-field", id="last-field"):
                    yield Label("Laatste dag", classes="field-label")
                    yield CleanInput(format_date(last) if last else "", id="last")
            yield hint_line("dd/mm/jjjj (bv. 24/12/2026); één dag: laat de laatste leeg · Enter bewaart · "
                            "esc annuleert")
            yield error_line()

    def on_mount(self) -> None:
        self.query_one("#first", Input).focus()

    def action_confirm(self) -> None:
        today = clock.today()
        try:
            first = parse_date(self.query_one("#first", Input).value, today=today)
            raw_last = self.query_one("#last", Input).value
            last = parse_date(raw_last, today=today) if raw_last.strip() else first  # one day
        except DomainError as err:
            self.show_error(err.message)
            return
        self.dismiss((first, last))
