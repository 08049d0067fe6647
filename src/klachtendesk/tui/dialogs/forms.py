"""Small dialogs with a few fields: dates, answers, extensions, admissibility, extra actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, TextArea

from klachtendesk import clock
from klachtendesk.domain.dates import format_date, parse_date, parse_optional_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import clean_line, clean_text
from klachtendesk.domain.workflow import ANSWER_CHANNELS
from klachtendesk.tui.dialogs.base import Dialog, error_line, hint_line, title_line
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.widgets.clean_input import CleanInput
from klachtendesk.tui.widgets.clean_text_area import CleanTextArea
from klachtendesk.tui.widgets.field_error import FieldError


def _label(text: str) -> Label:
    return Label(user_text(text), classes="field-label")


def _options(values: list[tuple[str, Any]]) -> list[tuple[Any, Any]]:
    from rich.text import Text

    return [(Text(label), value) for label, value in values]


class _FormDialog(Dialog[Any]):
    """Enter in the last input, or ctrl+s anywhere, confirms."""

    def __init__(self, notice: str = "") -> None:
        super().__init__()
        self.notice = notice

    def notice_line(self) -> ComposeResult:
        if self.notice:
            yield FieldError(user_text(self.notice))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_confirm()


class DateDialog(_FormDialog):
    """One date (the acknowledgement was sent on ...)."""

    def __init__(self, title: str, label: str, value: date | None = None, notice: str = "") -> None:
        super().__init__(notice)
        self.title_text, self.label, self.value = title, label, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title_line(self.title_text)
            yield from self.notice_line()
            yield _label(self.label)
            yield CleanInput(format_date(self.value or clock.today()), id="date")
            yield hint_line("dd/mm/jjjj, 'vandaag' of 'gisteren' · Enter bewaart · esc annuleert")
            yield error_line()

    def action_confirm(self) -> None:
        try:
            self.dismiss(parse_date(self.query_one("#date", Input).value, today=clock.today()))
        except DomainError as err:
            self.show_error(err.message)


@dataclass(frozen=True)
class Answer:
    answered: date
    channel: str


class AnswerDialog(_FormDialog):
    """Mark as answered: the date the answer went out and how (e-mail or brief)."""

    def __init__(self, default_channel: str = "e-mail", footer: str = "", notice: str = "") -> None:
        super().__init__(notice)
        self.default_channel, self.footer = default_channel, footer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title_line("Beantwoord en afsluiten")
            yield from self.notice_line()
            if self.footer:
                yield hint_line(f"Het antwoord moet dit bevatten: {self.footer}")
            yield _label("Datum van het antwoord")
            yield CleanInput(format_date(clock.today()), id="date")
            yield _label("Verstuurd per")
            yield Select(_options([("e-mail", "e-mail"), ("brief", "brief")]), value=self.default_channel,
                         allow_blank=False, id="channel")
            yield hint_line("Een antwoord gaat per e-mail als de melder mailde, anders per brief. ctrl+s bewaart.")
            yield error_line()

    def action_confirm(self) -> None:
        try:
            answered = parse_date(self.query_one("#date", Input).value, today=clock.today())
        except DomainError as err:
            self.show_error(err.message)
            return
        channel = self.query_one("#channel", Select).value
        if channel not in ANSWER_CHANNELS:
            self.show_error("Kies e-mail of brief.")
            return
        self.dismiss(Answer(answered, str(channel)))


@dataclass(frozen=True)
class Extension:
    days: int
    reason: str


class ExtensionDialog(_FormDialog):
    def __init__(self, unit: str, maximum: int, current: int = 0, reason: str = "", notice: str = "") -> None:
        super().__init__(notice)
        self.unit, self.maximum, self.current, self.reason = unit, maximum, current, reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title_line("Termijn verlengen")
            yield from self.notice_line()
            yield hint_line(f"Dit type laat een verlenging toe van hoogstens {self.maximum} {self.unit}.")
            yield _label(f"Verlenging in {self.unit}")
            yield CleanInput(str(self.current or self.maximum), id="days")
            yield _label("Reden (verplicht)")
            yield CleanInput(self.reason, id="reason")
            yield error_line()

    def action_confirm(self) -> None:
        raw = self.query_one("#days", Input).value.strip()
        try:
            days = int(raw)
        except ValueError:
            self.show_error(f"'{raw}' is geen geheel getal.")
            return
        try:
            reason = clean_line(self.query_one("#reason", Input).value, label="De reden")
        except DomainError as err:
            self.show_error(err.message)
            return
        self.dismiss(Extension(days, reason))


@dataclass(frozen=True)
class ExtraActions:
    text: str
    done: date | None


class ExtraActionsDialog(_FormDialog):
    def __init__(self, text: str = "", done: date | None = None, notice: str = "") -> None:
        super().__init__(notice)
        self.text, self.done = text, done

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title_line("Extra acties")
            yield from self.notice_line()
            yield hint_line("Verbeteracties die uit deze klacht volgen (een folder, een opleiding, ...).")
            area = CleanTextArea(self.text, id="text", soft_wrap=True)
            area.styles.height = 8
            yield area
            yield _label("Uitgevoerd op (leeg: nog niet)")
            yield CleanInput(format_date(self.done), id="done")
            yield hint_line("ctrl+s bewaart · esc annuleert")
            yield error_line()

    def action_confirm(self) -> None:
        try:
            text = clean_text(self.query_one("#text", TextArea).text, label="De extra acties")
            done = parse_optional_date(self.query_one("#done", Input).value, today=clock.today())
        except DomainError as err:
            self.show_error(err.message)
            return
        if done and not text:
            self.show_error("Beschrijf eerst de extra actie.")
            return
        self.dismiss(ExtraActions(text, done))
