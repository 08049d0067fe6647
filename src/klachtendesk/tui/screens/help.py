"""Every key of the screen the user came from (``?``)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GENERAL = [
    ("ctrl+p", "Palet: alle acties van dit scherm, en zaken zoeken op referentie of titel"),
    ("?", "Deze hulp"),
]
QUEUE_EXTRA = [
    ("j / ↓, k / ↑", "Volgende / vorige zaak"),
    ("g / G", "Eerste / laatste zaak"),
    ("PgDn / PgUp", "Pagina omlaag / omhoog"),
    ("Enter", "Zaak openen"),
    ("t", "Zaak markeren (voor een bulkactie)"),
    ("1 … 7, a", "Weergaven: open, mijn zaken, te laat, bijna te laat, niet bevestigd, afgesloten, alle; "
                 "a = alles wat aandacht nodig heeft"),
    ("!!  /  !", "In de lijst: te laat / binnen 3 werkdagen"),
]


def _key_name(key: str) -> str:
    names = {"question_mark": "?", "slash": "/", "semicolon": ";", "escape": "esc", "enter": "Enter",
             "left": "←", "right": "→", "left_square_bracket": "[", "right_square_bracket": "]"}
    return ", ".join(names.get(k, k) for k in key.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Sluiten")]

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
        rows: list[tuple[str, str]] = []
        from klachtendesk.tui.screens.queue import QueueScreen

        if isinstance(self.source, QueueScreen):
            rows.extend(QUEUE_EXTRA)
        seen = {key for key, _ in rows}
        for binding in self.source.BINDINGS:
            key, description = _key_name(binding.key), binding.description  # type: ignore[union-attr]
            if description and key not in seen:
                rows.append((key, description))
                seen.add(key)
        rows.extend(GENERAL)
        for key, description in rows:
            text.append(f"{key:<16}", style="bold")
            text.append(f"{description}\n")
        text.append("\nesc sluit deze hulp.", style="dim")
        with VerticalScroll():
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss()
