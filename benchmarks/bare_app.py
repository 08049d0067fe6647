"""The desk figures' baseline: a bare Textual app that imports SQLModel and shows a DataTable.

Started empty, it is what the issue compares the desk's start-up with: the same libraries
loaded and a table drawn, with no store, no query and no klachtendesk code. Filled with a
page of rows it is the floor under the desk's keys: Textual's own DataTable moving its
cursor (``j``, page down, ``G``), refilled (a view switch), filtered as a word is typed in
an Input (a search), and a detail screen filled from a worker thread (opening a case). No
SQL anywhere: what remains is what Textual itself costs for the same screen change.

The rows and columns are written out here rather than taken from klachtendesk: a baseline
must not move when the code it measures changes.
"""

from __future__ import annotations

import sqlmodel  # noqa: F401 - the baseline pays for the import the desk pays for
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

COLUMNS = ("", "Referentie", "Ontvangen", "Type", "Titel", "Categorie", "Status", "Behandelaar",
           "Termijn", "Dagen")
PAGE = 100
TITLES = ("Vuilniszakken niet opgehaald in de Lange Nieuwstraat", "Straatlamp defect in de Meir (Centrum)",
          "Lange wachttijd aan het districtshuis", "Hinder door werken in de Kammenstraat",
          "Geluidsoverlast café Oudaan", "Hondenpoep op speelplein de Groenplaats")


def rows(view: str, count: int = PAGE) -> list[tuple[str, ...]]:
    """A page of queue-like rows, different per view."""
    year = "2026" if view == "open" else "2025"
    return [("!! " if n % 7 == 0 else "   ", f"{year}-{n:05d}", "27-11-2026", "Klacht", TITLES[n % len(TITLES)],
             "Netheid", "In behandeling", "Els Peeters", "04-12-2026", str(n % 30)) for n in range(count)]


class Detail(Screen[None]):
    """A case-like screen: a title, details and a timeline, filled from a worker thread."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Terug")]

    class Loaded(Message):
        def __init__(self, row: tuple[str, ...]) -> None:
            super().__init__()
            self.row = row

    def __init__(self, row: tuple[str, ...]) -> None:
        super().__init__()
        self.row = row
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Laden…", id="title")
        with Horizontal():
            with VerticalScroll():
                yield Static(id="details")
            with VerticalScroll():
                yield Static("Tijdlijn")
                yield Static(id="timeline")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True)
    def load(self) -> None:
        self.post_message(self.Loaded(self.row))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        row = message.row
        self.query_one("#title", Static).update(f"Zaak {row[1]} · {row[3]} · {row[6]}")
        self.query_one("#details", Static).update("\n".join(f"{label}: {value}" for label, value
                                                            in zip(COLUMNS[1:], row[1:], strict=True)))
        self.query_one("#timeline", Static).update(f"{row[2]} 10:30  geregistreerd door {row[7]}")
        self.loaded = True


class BareApp(App[None]):
    """Empty (``rows=False``): the start-up baseline. With rows: the keys' floor."""

    CSS = """
    Input { display: none; }
    Input.-visible { display: block; }
    DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("j", "down"), Binding("G", "last"), Binding("slash", "search"),
        Binding("1", "view('open')"), Binding("7", "view('all')"), Binding("escape", "clear"),
    ]

    def __init__(self, *, with_rows: bool = False) -> None:
        super().__init__()
        self.with_rows = with_rows
        self.view = "open"
        self.shown_for = ""  # the search the table was last filtered for

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Zoek")
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        if self.with_rows:
            table.add_rows(rows(self.view))
        table.focus()

    @property
    def table(self) -> DataTable[str]:
        return self.query_one(DataTable)

    def action_down(self) -> None:
        self.table.action_cursor_down()

    def action_last(self) -> None:
        self.table.move_cursor(row=self.table.row_count - 1)

    def action_view(self, view: str) -> None:
        self.view = view
        self._fill(rows(view))

    def action_search(self) -> None:
        search = self.query_one(Input)
        search.add_class("-visible")
        search.focus()

    def action_clear(self) -> None:
        search = self.query_one(Input)
        search.value = ""
        search.remove_class("-visible")
        self.table.focus()

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        word = event.value.lower()
        self._fill([row for row in rows(self.view) if word in row[4].lower()])
        self.shown_for = event.value

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        self.push_screen(Detail(tuple(self.table.get_row(event.row_key))))

    def _fill(self, found: list[tuple[str, ...]]) -> None:
        table = self.table
        table.clear()
        table.add_rows(found)


if __name__ == "__main__":
    BareApp().run()
