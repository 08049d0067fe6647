"""Asking for one text: a name, a reason, a note, a draft answer."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, TextArea

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import clean_line, clean_text
from klachtendesk.tui.dialogs.base import Dialog, error_line, hint_line, title_line
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.widgets.clean_input import CleanInput
from klachtendesk.tui.widgets.clean_text_area import CleanTextArea
from klachtendesk.tui.widgets.field_error import FieldError


class TextDialog(Dialog[str]):
    """One line (Enter confirms) or several (``multiline``: ctrl+s confirms)."""

    def __init__(self, title: str, hint: str = "", *, label: str = "", value: str = "",
                 multiline: bool = False, required: bool = False, notice: str = "") -> None:
        super().__init__()
        self.title_text, self.hint, self.label = title, hint, label
        self.value, self.multiline, self.required, self.notice = value, multiline, required, notice

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title_line(self.title_text)
            if self.notice:
                yield FieldError(user_text(self.notice))
            if self.hint:
                yield hint_line(self.hint)
            if self.label:
                yield Label(user_text(self.label), classes="field-label")
            if self.multiline:
                area = CleanTextArea(self.value, id="value", soft_wrap=True, show_line_numbers=False)
                area.styles.height = 12
                yield area
                yield hint_line("ctrl+s bewaart · esc annuleert")
            else:
                yield CleanInput(self.value, id="value")
                yield hint_line("Enter bewaart · esc annuleert")
            yield error_line()

    def on_mount(self) -> None:
        self.query_one("#value").focus()

    def _raw(self) -> str:
        widget = self.query_one("#value")
        return widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]

    def action_confirm(self) -> None:
        try:
            value = (clean_text(self._raw()) if self.multiline
                     else clean_line(self._raw(), label=self.label or "De tekst"))
        except DomainError as err:
            self.show_error(err.message)
            return
        if self.required and not value.strip():
            self.show_error("Vul dit in, of druk op esc om te annuleren.")
            return
        self.dismiss(value)

    @on(Input.Submitted, "#value")
    def _submitted(self) -> None:
        self.action_confirm()
