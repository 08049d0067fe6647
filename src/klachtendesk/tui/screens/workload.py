"""The workload: per handler, how many open cases, overdue, due soon and not acknowledged.

The numbers are the queue's own views counted per handler (store/workload.py), so Enter on
a number opens exactly that list: the queue in that view, filtered to that handler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from klachtendesk.store.errors import StoreError
from klachtendesk.store.queue import UNASSIGNED
from klachtendesk.store.workload import HandlerLoad
from klachtendesk.tui import keys
from klachtendesk.tui.safe import notify_plain, user_text
from klachtendesk.tui.settings_desk import read_workload
from klachtendesk.tui.widgets.bars import StatusBar
from klachtendesk.tui.widgets.key_bar import KeyBar

#: The columns after the name: (queue view, header, style of a number above zero).
COLUMNS = (("open", "Open", ""), ("overdue", "Te laat", "bold red"), ("due_soon", "Bijna te laat", "yellow"),
           ("unacknowledged", "Niet bevestigd", "yellow"))
NOBODY = "(niemand)"
TOTAL = "Totaal"


@dataclass(frozen=True)
class Row:
    label: str
    handler_id: int | None  # a user's id, UNASSIGNED, or None: every handler (the total)
    counts: tuple[int, int, int, int]  # in COLUMNS order


def rows_of(loads: list[HandlerLoad], users: tuple) -> list[Row]:  # type: ignore[type-arg]
    """Every active user (no open cases: zeros), inactive ones that still have cases, then
    the cases nobody has yet, then the total."""
    by_handler = {load.handler_id: (load.open, load.overdue, load.due_soon, load.unacknowledged)
                  for load in loads}
    rows = [Row(u.label, u.id, by_handler.get(u.id, (0, 0, 0, 0))) for u in users
            if u.active or u.id in by_handler]
    known = {u.id for u in users}
    # A handler missing from the cached users (added by another desk a moment ago).
    rows += [Row(f"#{h}", h, c) for h, c in by_handler.items() if h is not None and h not in known]
    rows.append(Row(NOBODY, UNASSIGNED, by_handler.get(None, (0, 0, 0, 0))))
    total = tuple(sum(c[i] for c in by_handler.values()) for i in range(4))
    rows.append(Row(TOTAL, None, total))  # type: ignore[arg-type]
    return rows


class WorkloadScreen(Screen[None]):
    BINDINGS = keys.WORKLOAD.bindings()
    KEYS = ((keys.WORKLOAD, None),)

    DEFAULT_CSS = """
    WorkloadScreen #title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    WorkloadScreen #explain { height: auto; padding: 0 1; color: $text-muted; }
    WorkloadScreen DataTable { height: 1fr; margin: 1 1 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self._arrived: Callable[[], None] = lambda: None

    @property
    def desk(self):  # type: ignore[no-untyped-def]
        return self.app.desk  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield StatusBar(self.desk.settings.organisation, self.desk.user)
        yield Static("Werklast per behandelaar", id="title")
        yield Static("Open zaken per behandelaar. Enter op een getal opent de lijst erachter.", id="explain")
        table: DataTable[Text] = DataTable(cursor_type="cell", zebra_stripes=True, id="workload")
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text("Behandelaar"), key="name", width=28)
        for view, header, _ in COLUMNS:
            table.add_column(Text(header, justify="right"), key=view, width=max(len(header), 6))
        table.add_row(Text("Tellen…", style="dim"))
        table.focus()
        # Keys typed right after `w` (j, l, Enter) wait for the numbers they are meant for.
        self._arrived = self.app.type_ahead.expect()  # type: ignore[attr-defined]
        self.reload()

    # -- counting ------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="workload")
    def reload(self) -> None:
        try:
            loads = read_workload(self.desk)
        except StoreError as err:
            self.app.call_from_thread(notify_plain, self.app, err.message, severity="error")
            self.app.call_from_thread(self._arrived)
            return
        self.app.call_from_thread(self._show, rows_of(loads, self.desk.taxonomy.users))

    def _show(self, rows: list[Row]) -> None:
        self.call_after_refresh(self._arrived)
        self.rows = rows
        table = self.query_one(DataTable)
        where = table.cursor_coordinate
        table.clear()
        for row in rows:
            name = user_text(row.label, style="bold" if row.handler_id is None else
                             ("dim" if row.handler_id == UNASSIGNED else ""), single_line=True)
            cells = [Text(str(n), justify="right", style=style if n else "dim")
                     for n, (_, _, style) in zip(row.counts, COLUMNS, strict=True)]
            table.add_row(name, *cells)
        # Back on the same cell after a recount; at first on the first handler's open cases.
        table.cursor_coordinate = where if where.row < len(rows) and where.column else where._replace(column=1)

    # -- moving and opening --------------------------------------------------------------

    def action_cursor(self, direction: str) -> None:
        getattr(self.query_one(DataTable), f"action_cursor_{direction}")()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return
        row = self.rows[table.cursor_row]
        column = max(table.cursor_column, 1)  # the name: its open cases
        view = COLUMNS[column - 1][0]
        self._open_list(view, row.handler_id)

    def _open_list(self, view: str, handler_id: int | None) -> None:
        from klachtendesk.tui.screens.queue import QueueScreen

        self.dismiss()
        queue = next((s for s in self.app.screen_stack if isinstance(s, QueueScreen)), None)
        if queue is not None:
            queue.show_list(view, handler_id)

    def action_back(self) -> None:
        self.dismiss()
