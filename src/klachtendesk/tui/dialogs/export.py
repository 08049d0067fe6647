"""Where to write the year report, and in which format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from klachtendesk.report.export import FORMATS
from klachtendesk.tui.dialogs.base import error_line, hint_line, title_line
from klachtendesk.tui.dialogs.forms import _FormDialog
from klachtendesk.tui.widgets.clean_input import CleanInput

FORMAT_HELP = {
    "html": "HTML: het hoofdstuk, klaar om af te drukken",
    "md": "Markdown: het hoofdstuk als tekst",
    "xlsx": "Excel: één blad per tabel",
    "csv": "CSV: de tabel categorie × eindkwalificatie",
    "json": "JSON: de cijfers, voor andere programma's",
}


@dataclass(frozen=True)
class ExportTarget:
    fmt: str
    path: Path


class ExportDialog(_FormDialog):
    """Returns an ``ExportTarget``: a format and a file whose folder exists."""

    def __init__(self, stem: str, fmt: str = "html", notice: str = "") -> None:
        super().__init__(notice)
        self.stem, self.fmt = stem, fmt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title_line("Rapport exporteren")
            yield from self.notice_line()
            yield Label("Formaat", classes="field-label")
            yield Select([(Text(FORMAT_HELP.get(f, f)), f) for f in FORMATS], value=self.fmt, allow_blank=False,
                         id="format")
            yield Label("Bestand", classes="field-label")
            yield CleanInput(f"{self.stem}.{self.fmt}", id="path")
            yield hint_line("Zonder map komt het bestand in de map waarin je klachtendesk startte. "
                            "Enter of ctrl+s schrijft · esc annuleert")
            yield error_line()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        """Keep the extension in step with the format, unless the user typed another name."""
        path = self.query_one("#path", Input)
        if path.value == f"{self.stem}.{self.fmt}":
            path.value = f"{self.stem}.{event.value}"
        self.fmt = str(event.value)

    def action_confirm(self) -> None:
        fmt = str(self.query_one("#format", Select).value)
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.show_error("Geef een bestandsnaam op.")
            return
        path = Path(raw).expanduser().absolute()
        if path.is_dir():
            self.show_error(f"{path} is een map: geef een bestandsnaam op.")
        elif not path.parent.is_dir():
            self.show_error(f"De map {path.parent} bestaat niet.")
        else:
            self.dismiss(ExportTarget(fmt, path))
