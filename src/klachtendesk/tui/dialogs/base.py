"""What every dialog shares: escape cancels, ctrl+s confirms, errors shown in place."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from klachtendesk.tui.safe import user_text
from klachtendesk.tui.widgets.field_error import FieldError

T = TypeVar("T")


class Dialog(ModalScreen[T], Generic[T]):
    BINDINGS = [
        Binding("escape", "cancel", "Annuleren"),
        Binding("ctrl+s", "confirm", "Bewaren"),
    ]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_confirm(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def show_error(self, message: str, target: str = "#error") -> None:
        self.query_one(target, FieldError).update(user_text(message))

    def palette_commands(self):  # type: ignore[no-untyped-def]
        yield ("Bewaren", "Bevestig dit venster (ctrl+s)", self.action_confirm)
        yield ("Annuleren", "Sluit dit venster zonder iets te bewaren (esc)", self.action_cancel)


def error_line() -> Static:
    return FieldError("", id="error")


def title_line(text: str) -> Static:
    return Static(user_text(text), classes="dialog-title")


def hint_line(text: str) -> Static:
    return Static(user_text(text), classes="hint")
