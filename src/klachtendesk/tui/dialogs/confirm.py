"""Yes or no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from klachtendesk.tui import keys
from klachtendesk.tui.dialogs.base import Dialog, title_line
from klachtendesk.tui.safe import user_text


class ConfirmDialog(Dialog[bool]):
    BINDINGS = keys.CONFIRM.bindings()
    KEYS = ((keys.CONFIRM, None), (keys.DIALOG, None))

    def __init__(self, title: str, message: str, yes: str = "Ja (j)", no: str = "Nee (n)") -> None:
        super().__init__()
        self.title_text, self.message, self.yes, self.no = title, message, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title_line(self.title_text)
            yield Static(user_text(self.message))
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="primary")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)

    def action_confirm(self) -> None:
        self.dismiss(True)
