"""What every dialog shares: escape cancels, ctrl+s confirms, errors shown in place."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.screen import ModalScreen
from textual.widgets import Static

from klachtendesk.tui import keys
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.widgets.field_error import FieldError

T = TypeVar("T")


class Dialog(ModalScreen[T], Generic[T]):
    BINDINGS = keys.DIALOG.bindings()
    KEYS: tuple[tuple[keys.Table, str | None], ...] = ((keys.DIALOG, None),)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_confirm(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def show_error(self, message: str, target: str = "#error") -> None:
        self.query_one(target, FieldError).update(user_text(message))


def error_line() -> Static:
    return FieldError("", id="error")


def title_line(text: str) -> Static:
    return Static(user_text(text), classes="dialog-title")


def hint_line(text: str) -> Static:
    return Static(user_text(text), classes="hint")
