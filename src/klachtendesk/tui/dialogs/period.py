"""Asking for a report period of one's own: two dates, the end included."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from klachtendesk import clock
from klachtendesk.domain.dates import format_date, parse_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.report import Period, period_between
from klachtendesk.tui.dialogs.base import error_line, hint_line, title_line
from klachtendesk.tui.dialogs.forms import _FormDialog
from klachtendesk.tui.widgets.clean_input import CleanInput


class PeriodDialog(_FormDialog):
    """Returns the ``Period`` from the first to the second date (a report year when it is one)."""

    DEFAULT_CSS = """
    PeriodDialog .period-fields { height: auto; }
    PeriodDialog .period-field { width: 1fr; height: auto; }
    PeriodDialog #end-field { margin-left: 2; }
    """

    def __init__(self, settings: Settings, current: Period, notice: str = "") -> None:
        super().__init__(notice)
        self.settings, self.current = settings, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title_line("Eigen periode")
            yield from self.notice_line()
            yield hint_line("Het overzicht telt de zaken die in deze periode ontvangen werden.")
            with Horizontal(classes="period-fields"):
                with Vertical(classes="period-field"):
                    yield Label("Van", classes="field-label")
                    yield CleanInput(format_date(self.current.start), id="start")
                with Vertical(classes="period-field", id="end-field"):
                    yield Label("Tot en met", classes="field-label")
                    yield CleanInput(format_date(self.current.end), id="end")
            yield hint_line("dd/mm/jjjj (bv. 1/3/2023) · Enter toont het overzicht · esc annuleert")
            yield error_line()

    def on_mount(self) -> None:
        self.query_one("#start", Input).focus()

    def action_confirm(self) -> None:
        today = clock.today()
        try:
            start = parse_date(self.query_one("#start", Input).value, today=today)
            end = parse_date(self.query_one("#end", Input).value, today=today)
            self.dismiss(period_between(self.settings, start, end))
        except DomainError as err:
            self.show_error(err.message)
