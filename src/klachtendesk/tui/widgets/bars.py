"""The bars around the queue: the status bar (always the counts) and the column header."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from klachtendesk.domain.dates import format_date
from klachtendesk.store.alerts import AlertCounts
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.widgets.columns import fit, layout

WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


class StatusBar(Static):
    """Organisation, user, today, the open and overdue counts, and long work under way
    (the day's first backup, an export: tui/progress.py)."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def __init__(self, organisation: str, user: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.organisation = organisation
        self.user = user
        self.counts: AlertCounts | None = None
        self.today = None
        self.progress: str | None = None

    def on_mount(self) -> None:
        self.progress = getattr(self.app, "progress_line", None)
        counts = getattr(self.app, "counts", None)
        if counts is not None:
            self.show(counts, self.app.today())  # type: ignore[attr-defined]
        elif self.progress:
            self.update(self._content())

    def show_progress(self, line: str | None) -> None:
        """Long work under way (``None``: done)."""
        self.progress = line
        self.update(self._content())

    def show(self, counts: AlertCounts | None, today) -> None:  # type: ignore[no-untyped-def]
        self.counts = counts
        self.today = today
        self.update(self._content())

    def _content(self) -> Text:
        text = Text(end="")
        text.append("Klachtendesk", style="bold")
        text.append(" · ")
        if self.progress:  # in the place of the organisation's name, so that it always fits
            text.append(self.progress, style="bold cyan")
        else:
            text.append_text(user_text(self.organisation, single_line=True))
        text.append("   ")
        if self.counts is not None:
            text.append(f"{self.counts.open} open", style="bold")
            text.append(" · ")
            style = "bold red" if self.counts.overdue else ""
            text.append(f"{self.counts.overdue} te laat", style=style)
            if self.counts.due_soon:
                text.append(f" · {self.counts.due_soon} bijna", style="yellow")
        text.append("   ")
        text.append_text(user_text(self.user, single_line=True))
        if self.today is not None:
            text.append(f" · {WEEKDAYS[self.today.weekday()]} {format_date(self.today)}")
        return text


class ColumnHeader(Static):
    DEFAULT_CSS = """
    ColumnHeader { height: 1; color: $text-muted; text-style: bold; padding: 0 0; }
    """

    def on_resize(self) -> None:
        self.refresh_columns()

    def refresh_columns(self) -> None:
        width = self.size.width
        # The list below keeps a scrollbar gutter of 1 (CaseList's scrollbar-gutter: stable).
        cells = [fit(column.label, col_width, column.align) for column, col_width in layout(max(width - 1, 1))]
        self.update(Text(" ".join(cells), end=""))
