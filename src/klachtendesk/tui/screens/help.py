"""Every key of the screen the user came from (``?`` or F1), from its key tables."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from klachtendesk.tui import keys
from klachtendesk.tui.keyboard import current_keys, help_rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = keys.HELP.bindings()
    KEYS = ((keys.HELP, None),)

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen VerticalScroll { width: 90; max-width: 95%; height: auto; max-height: 90%;
                                border: thick $primary; background: $surface; padding: 1 2; }
    """

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.source = screen

    def compose(self) -> ComposeResult:
        text = Text(end="")
        text.append("Toetsen\n\n", style="bold")
        rows = help_rows(self.source) + list(getattr(self.source, "HELP_NOTES", ()))
        width = max((len(k) for k, _ in rows), default=10) + 2
        for key_text, description in rows:
            text.append(f"{key_text:<{width}}", style="bold")
            text.append(f"{description}\n")
        close = keys.keys_text(current_keys(self.app, keys.HELP.get("help.close"))[:1])
        text.append(f"\n{close} sluit deze hulp.", style="dim")
        with VerticalScroll():
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss()
