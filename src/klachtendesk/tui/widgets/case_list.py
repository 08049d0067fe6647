"""The queue: a virtual list that draws only the visible rows, read from SQL a page at a time.

Like toolong's log view, it is a ScrollView with ``render_line``: the list's height is the
view's row count, and each line is drawn from a small cache of pages. A missing page is
drawn as a placeholder while a worker thread reads it; when it arrives the lines are
refreshed. Nothing is queried on the UI thread, and a million cases cost the same as ten.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual import on, work
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from klachtendesk.domain.dates import format_date
from klachtendesk.domain.deadlines import Urgency
from klachtendesk.domain.workflow import Status
from klachtendesk.store.queue import QueueQuery, QueueRow, shown
from klachtendesk.tui import keys
from klachtendesk.tui.safe import plain
from klachtendesk.tui.widgets.columns import fit, layout

if TYPE_CHECKING:
    from klachtendesk.tui.desk import Desk

PAGE = 100
MAX_PAGES = 40  # cached pages: memory stays flat however long the list is

MARK_OVERDUE = "!!"
MARK_DUE_SOON = "! "


class CaseList(ScrollView, can_focus=True):
    """The rows of one queue view. Posts ``Opened`` on enter and ``Counted`` per load."""

    COMPONENT_CLASSES = {
        "case-list--cursor",
        "case-list--overdue",
        "case-list--due-soon",
        "case-list--tagged",
        "case-list--muted",
    }

    DEFAULT_CSS = """
    CaseList { height: 1fr; scrollbar-gutter: stable; overflow-x: hidden; scrollbar-size-vertical: 1; }
    CaseList > .case-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    CaseList:blur > .case-list--cursor { background: $block-cursor-blurred-background; text-style: none; }
    CaseList > .case-list--overdue { color: $error; text-style: bold; }
    CaseList > .case-list--due-soon { color: $warning; }
    CaseList > .case-list--tagged { color: $accent; text-style: bold; }
    CaseList > .case-list--muted { color: $text-muted; }
    """

    BINDINGS = keys.CASE_LIST.bindings()

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        def __init__(self, case_id: int) -> None:
            super().__init__()
            self.case_id = case_id

    class Counted(Message):
        """The view was (re)counted: the screen shows the total."""

        def __init__(self, total: int) -> None:
            super().__init__()
            self.total = total

    class _PageLoaded(Message):
        def __init__(self, generation: int, page: int, rows: list[QueueRow]) -> None:
            super().__init__()
            self.generation, self.page, self.rows = generation, page, rows

    class _CountLoaded(Message):
        def __init__(self, generation: int, total: int, first: list[QueueRow], cursor_to: int | None) -> None:
            super().__init__()
            self.generation, self.total, self.first, self.cursor_to = generation, total, first, cursor_to

    class _Refreshed(Message):
        def __init__(self, generation: int, total: int, pages: dict[int, list[QueueRow]], case_id: int | None,
                     position: int | None) -> None:
            super().__init__()
            self.generation, self.total, self.pages = generation, total, pages
            self.case_id, self.position = case_id, position

    class _LoadFailed(Message):
        def __init__(self, generation: int, error: str) -> None:
            super().__init__()
            self.generation, self.error = generation, error

    def __init__(self, desk: Desk, query: QueueQuery, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.desk = desk
        self.queue_query = query
        self.total: int | None = None
        self.more = False  # True when a capped search has more matches than it shows
        self.tagged: set[int] = set()
        self._generation = 0
        self._pages: OrderedDict[int, list[QueueRow]] = OrderedDict()
        self._pending: set[int] = set()
        self._error = ""
        self._style: Style | None = None  # the list's own style, for every row of a frame
        # Keys pressed while another view's rows are on their way act on those rows, in
        # order, once they are in (`7` then `j`: the second case of view 7, not of the old one).
        self._loading = False
        self._deferred: list[Callable[[], None]] = []

    # -- loading -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        read = self.desk.take_first_page(self.queue_query)
        if read is None:
            self.reload()
            return
        # Read while the desk started: drawn in the list's first frame, without "Laden…".
        self._generation += 1
        total, rows = read
        self._show_count(total, rows, 0)
        rows_shown, more = shown(self.queue_query, total)
        if not more:
            self._request((rows_shown - 1) // PAGE)  # the last page, for G

    def reload(self, query: QueueQuery | None = None, *, keep_cursor: bool = False) -> None:
        """Count the view again and read its first page; cached rows are dropped."""
        searched = query is not None and query.with_(search="") == self.queue_query.with_(search="")
        if query is not None:
            self.queue_query = query
        self._generation += 1
        self._pending.clear()
        self._error = ""
        cursor_to = self.cursor if keep_cursor else 0
        self._loading = self._loading or not keep_cursor
        self._count(self._generation, self.queue_query, cursor_to)
        if not keep_cursor and not searched:
            # A new view: show "Laden…" rather than the old view's rows. A refresh of the
            # same view, or a search typed in it, keeps drawing the old rows until the new
            # ones arrive: no flicker, and the new rows are drawn as soon as they arrive
            # (after a "Laden…" frame, Textual draws the next one up to 33 ms later).
            self._pages.clear()
            self.total = None
            self.refresh()

    def refresh_rows(self) -> None:
        """Read the rows on screen again (another desk changed the store). The old rows stay
        drawn until the new ones are in, and the cursor stays on its case: where that case
        moved to, or, when it left the view, on the row that took its place."""
        if self.total is None or self._loading:
            return  # a load is on its way: it reads the store as it is now
        self._generation += 1
        self._pending.clear()
        top = int(self.scroll_y)
        height = self.scrollable_content_region.height or self.size.height or 1
        wanted = sorted({*range(top // PAGE, (top + height) // PAGE + 1), self.cursor // PAGE})
        current = self.current
        self._read_again(self._generation, self.queue_query, wanted, current.id if current else None)

    @work(thread=True, exclusive=True, group="case-list-count")
    def _read_again(self, generation: int, query: QueueQuery, wanted: list[int], case_id: int | None) -> None:
        try:
            pages: dict[int, list[QueueRow]] = {}
            if wanted[0] == 0:  # counted with the first page, as a load does (one pass for a search)
                total, pages[0] = self.desk.queue_first_page(query, PAGE)
            else:
                total = self.desk.queue_count(query)
            rows_shown, _ = shown(query, total)
            for page in wanted:
                if page not in pages and page * PAGE < rows_shown:
                    pages[page] = self.desk.queue_page(query, page * PAGE, PAGE, total)
            position = _index_of(pages, case_id)
            if position is None and case_id is not None:
                position = self.desk.queue_position(query, case_id)
                if position is not None and position < rows_shown and position // PAGE not in pages:
                    page = position // PAGE
                    pages[page] = self.desk.queue_page(query, page * PAGE, PAGE, total)
        except Exception as err:  # noqa: BLE001 - shown in the list, not a crash
            self.post_message(self._LoadFailed(generation, getattr(err, "message", str(err))))
            return
        self.post_message(self._Refreshed(generation, total, pages, case_id, position))

    @on(_Refreshed)
    def _on_refreshed(self, message: _Refreshed) -> None:
        if message.generation != self._generation:
            return
        # Keys moved the cursor while the rows were read: it stays on the case it is on now.
        now = self.current
        target = message.position if now is not None and now.id == message.case_id else \
            _index_of(message.pages, now.id if now else None)
        self.total, self.more = shown(self.queue_query, message.total)
        self._pages.clear()
        for page, rows in message.pages.items():
            self._store_page(page, rows)
        self.virtual_size = Size(self.size.width, self.total)
        self.cursor = max(0, min(self.cursor if target is None else target, self.total - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Counted(self.total))

    @work(thread=True, exclusive=True, group="case-list-count")
    def _count(self, generation: int, query: QueueQuery, cursor_to: int) -> None:
        try:
            if cursor_to < PAGE:  # the first page, whatever the count
                first_page = 0
                total, rows = self.desk.queue_first_page(query, PAGE)
            else:
                total = self.desk.queue_count(query)
                first_page = max(0, min(cursor_to, max(total - 1, 0))) // PAGE
                rows = self.desk.queue_page(query, first_page * PAGE, PAGE, total)
        except Exception as err:  # noqa: BLE001 - shown in the list, not a crash
            self.post_message(self._LoadFailed(generation, getattr(err, "message", str(err))))
            return
        self.post_message(self._CountLoaded(generation, total, rows if first_page == 0 else [], cursor_to))
        if first_page:
            self.post_message(self._PageLoaded(generation, first_page, rows))
        rows_shown, more = shown(query, total)
        last_page = (rows_shown - 1) // PAGE
        if last_page > first_page and not more:
            # The last page too (read backwards, as cheap as the first): `G` needs no wait.
            self._fetch(generation, last_page, query, total)

    def _fetch(self, generation: int, page: int, query: QueueQuery, total: int) -> None:
        try:
            rows = self.desk.queue_page(query, page * PAGE, PAGE, total)
        except Exception as err:  # noqa: BLE001
            self.post_message(self._LoadFailed(generation, getattr(err, "message", str(err))))
            return
        self.post_message(self._PageLoaded(generation, page, rows))

    def _request(self, page: int) -> None:
        if page in self._pages or page in self._pending or self.total is None:
            return
        if page < 0 or page * PAGE >= self.total:
            return
        self._pending.add(page)
        generation, query, total = self._generation, self.queue_query, self.total
        self.run_worker(lambda: self._fetch(generation, page, query, total), thread=True,
                        group="case-list-page", exit_on_error=False)

    @on(_CountLoaded)
    def _on_count(self, message: _CountLoaded) -> None:
        if message.generation == self._generation:
            self._show_count(message.total, message.first, message.cursor_to)

    def _show_count(self, counted: int, first: list[QueueRow], cursor_to: int | None) -> None:
        # A search in a large view stops counting past SEARCH_CAP: it shows that many rows.
        self.total, self.more = shown(self.queue_query, counted)
        self._pages.clear()
        if first:
            self._store_page(0, first)
        self.virtual_size = Size(self.size.width, self.total)
        self.cursor = max(0, min(cursor_to or 0, self.total - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Counted(self.total))
        self._run_deferred()

    def _run_deferred(self) -> None:
        self._loading = False
        deferred, self._deferred = self._deferred, []
        for action in deferred:
            action()

    def _when_loaded(self, action: Callable[[], None]) -> bool:
        """True when ``action`` must wait for the rows on their way (and will run then)."""
        if self._loading:
            self._deferred.append(action)
        return self._loading

    @on(_PageLoaded)
    def _on_page(self, message: _PageLoaded) -> None:
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        self._store_page(message.page, message.rows)
        self.refresh()

    @on(_LoadFailed)
    def _on_failed(self, message: _LoadFailed) -> None:
        if message.generation == self._generation:
            self._error = message.error
            self._pending.clear()
            self.refresh()
            self._run_deferred()

    def _store_page(self, page: int, rows: list[QueueRow]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def row_at(self, index: int) -> QueueRow | None:
        rows = self._pages.get(index // PAGE)
        if rows is None or index % PAGE >= len(rows):
            return None
        return rows[index % PAGE]

    @property
    def current(self) -> QueueRow | None:
        return self.row_at(self.cursor)

    # -- drawing -----------------------------------------------------------------------------

    def on_resize(self) -> None:
        if self.total is not None:
            self.virtual_size = Size(self.size.width, self.total)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        index = self.scroll_offset.y + y
        muted = self.get_component_rich_style("case-list--muted")
        if self.total is None or self.total == 0 or self._error:
            if y != 0:
                return Strip.blank(width)
            if self._error:
                message = f"De zaken konden niet gelezen worden: {self._error}"
            elif self.total is None:
                message = "Laden…"
            else:
                message = "Geen zaken in deze weergave."
            return Strip([Segment(fit(plain(message, single_line=True), width), muted)], width)
        if index >= self.total:
            return Strip.blank(width)
        row = self.row_at(index)
        if row is None:
            self._request(index // PAGE)
            return Strip([Segment(fit("  …", width), muted)], width)
        # Read ahead so scrolling down rarely meets a placeholder.
        if index % PAGE > PAGE - 20:
            self._request(index // PAGE + 1)
        return self._render_row(row, width, index == self.cursor)

    def _render_row(self, row: QueueRow, width: int, is_cursor: bool) -> Strip:
        closed = row.status == Status.CLOSED
        urgency = self.desk.urgency(row.due, closed)
        tagged = row.id in self.tagged
        tax = self.desk.taxonomy
        days = (row.due - self.desk.today()).days
        mark = ("*" if tagged else " ") + (
            MARK_OVERDUE if urgency is Urgency.OVERDUE else MARK_DUE_SOON if urgency is Urgency.DUE_SOON else "  ")
        values = {
            "mark": mark,
            "reference": row.reference,
            "received": format_date(row.received),
            "type": tax.label("types", row.signal_type_id),
            "title": row.title,
            "category": tax.label("categories", row.category_id),
            "status": Status(row.status).label if row.status in Status._value2member_map_ else row.status,
            "handler": tax.label("users", row.handler_id),
            "due": format_date(row.answered if closed and row.answered else row.due),
            "days": "" if closed else str(days),
        }
        urgent_style = Style()
        if urgency is Urgency.OVERDUE:
            urgent_style = self.get_component_rich_style("case-list--overdue")
        elif urgency is Urgency.DUE_SOON:
            urgent_style = self.get_component_rich_style("case-list--due-soon")
        if self._style is None:
            self._style = self.rich_style  # walks every ancestor: once, not once a row
        base = self._style
        if is_cursor:
            base = base + self.get_component_rich_style("case-list--cursor")
        segments: list[Segment] = []
        for position, (column, col_width) in enumerate(layout(width)):
            if position:
                segments.append(Segment(" ", base))
            style = base
            if column.key in ("mark", "due", "days"):
                style = base + urgent_style if not is_cursor else base + Style(bold=True)
            if column.key == "mark" and tagged:
                style = style + self.get_component_rich_style("case-list--tagged")
            text = plain(values[column.key], single_line=True)
            segments.append(Segment(fit(text, col_width, column.align), style))
        strip = Strip(segments)
        if strip.cell_length < width:
            strip = strip.extend_cell_length(width, base)
        return strip.crop(0, width)

    # -- moving ------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height or self.size.height or 1
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        if not self.total:
            return
        self.cursor = max(0, min(index, self.total - 1))
        self._scroll_to_cursor()
        # Ask for the rows on screen now, and for those a screen away, rather than when a
        # frame draws them: Textual draws the frame after a placeholder frame up to two
        # frames (33 ms) later, so rows that miss the first frame show late.
        top = int(self.scroll_y)
        height = self.scrollable_content_region.height or self.size.height or 1
        for page in range(max(0, top - height) // PAGE, (top + 2 * height) // PAGE + 1):
            self._request(page)

    def action_cursor_down(self) -> None:
        if not self._when_loaded(self.action_cursor_down):
            self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        if not self._when_loaded(self.action_cursor_up):
            self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        if not self._when_loaded(self.action_first):
            self.move_to(0)

    def action_last(self) -> None:
        if not self._when_loaded(self.action_last):
            self.move_to((self.total or 1) - 1)

    def action_page_down(self) -> None:
        if self._when_loaded(self.action_page_down):
            return
        step = max(1, (self.scrollable_content_region.height or 10) - 1)
        self.move_to(self.cursor + step)

    def action_page_up(self) -> None:
        if self._when_loaded(self.action_page_up):
            return
        step = max(1, (self.scrollable_content_region.height or 10) - 1)
        self.move_to(self.cursor - step)

    def action_open(self) -> None:
        if self._when_loaded(self.action_open):
            return
        row = self.current
        if row is not None:
            self.post_message(self.Opened(row.id))

    def action_tag(self) -> None:
        if self._when_loaded(self.action_tag):
            return
        row = self.current
        if row is None:
            return
        self.tagged.symmetric_difference_update({row.id})
        self.refresh_line(self.cursor)
        self.post_message(self.Counted(self.total or 0))
        self.move_to(self.cursor + 1)

    def on_click(self, event) -> None:  # type: ignore[no-untyped-def]
        index = self.scroll_offset.y + event.y
        if self.total and index < self.total:
            if index == self.cursor:
                self.action_open()
            self.move_to(index)

    def today(self) -> date:
        return self.desk.today()


def _index_of(pages: dict[int, list[QueueRow]], case_id: int | None) -> int | None:
    if case_id is None:
        return None
    for page, rows in pages.items():
        for offset, row in enumerate(rows):
            if row.id == case_id:
                return page * PAGE + offset
    return None
