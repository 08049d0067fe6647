"""Filtering the queue by type, category, channel, entity, handler and year."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select

from klachtendesk.domain.dates import format_date
from klachtendesk.store.queue import UNASSIGNED, QueueQuery
from klachtendesk.tui.desk import Desk
from klachtendesk.tui.dialogs.base import Dialog, error_line, hint_line, title_line
from klachtendesk.tui.safe import plain
from klachtendesk.tui.widgets.clean_input import CleanInput

_FIELDS = (
    ("signal_type_id", "Type", "types"),
    ("category_id", "Categorie", "categories"),
    ("channel_id", "Kanaal", "channels"),
    ("entity_id", "Entiteit", "entities"),
    ("handler_id", "Behandelaar", "users"),
)


class FilterDialog(Dialog[QueueQuery]):
    DEFAULT_CSS = """
    FilterDialog Grid { grid-size: 2; grid-columns: 14 1fr; grid-rows: auto; height: auto; grid-gutter: 1 1; }
    """

    def __init__(self, desk: Desk, query: QueueQuery) -> None:
        super().__init__()
        self.desk, self.query_state = desk, query

    def compose(self) -> ComposeResult:
        tax = self.desk.taxonomy
        with Vertical(classes="dialog"):
            yield title_line("Filters")
            with Grid():
                for attr, label, kind in _FIELDS:
                    rows = getattr(tax, kind)
                    if kind == "entities" and not rows:
                        continue
                    options = [(Text(("  " if getattr(r, "parent_id", None) else "")
                                     + plain(r.label, single_line=True)), r.id) for r in rows]
                    if kind == "users":  # the cases nobody has yet (the workload's "(niemand)")
                        options.append((Text("(niemand)"), UNASSIGNED))
                    current = getattr(self.query_state, attr)
                    yield Label(label)
                    yield Select(options, value=current if current is not None else Select.NULL,
                                 prompt="(alle)", allow_blank=True, id=attr)
                yield Label("Rapportjaar")
                yield CleanInput(str(self.query_state.year or ""), placeholder=self._year_hint(), id="year")
            yield hint_line("Tab: volgende · ctrl+s past toe · esc annuleert · F in de lijst wist alle filters")
            yield error_line()

    def _year_hint(self) -> str:
        """The report year as the organisation counts it (the police's 2023: 19/1/2023-18/1/2024)."""
        start, end = self.desk.settings.period_for_year(2023)
        if (start.day, start.month) == (1, 1):
            return "bv. 2023"
        return f"bv. 2023: {format_date(start)}–{format_date(end)}"

    def action_confirm(self) -> None:
        changes: dict[str, object] = {}
        for attr, _, _ in _FIELDS:
            widgets = self.query(f"#{attr}")
            if widgets:
                value = widgets.first(Select).value
                changes[attr] = None if value is Select.NULL else value
        raw = self.query_one("#year", Input).value.strip()
        if raw:
            if not raw.isdigit() or not 1900 <= int(raw) <= 2199:
                self.show_error(f"'{raw}' is geen jaartal.")
                return
            changes["year"] = int(raw)
        else:
            changes["year"] = None
        self.dismiss(self.query_state.with_(**changes))

    def on_input_submitted(self) -> None:
        self.action_confirm()
