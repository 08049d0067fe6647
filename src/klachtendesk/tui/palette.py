"""Textual's command palette, in Dutch: its search box, its "nothing found", the theme list."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

PLACEHOLDER = "Zoek een actie van dit scherm, of een zaak op referentie of titel…"
THEMES = "Zoek een kleurenthema…"
NOTHING = "Niets gevonden"


class Palette(CommandPalette):
    def __init__(self, *args, placeholder: str = PLACEHOLDER, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, placeholder=placeholder, **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's own (Textual 8.2.8, pinned), with the words in Dutch."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NOTHING, style="not bold")), disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
