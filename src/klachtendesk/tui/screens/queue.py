"""The main screen: the queue of cases, its views, filters, search and bulk actions."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from klachtendesk.domain.wording import cases as count_cases
from klachtendesk.store.queue import UNASSIGNED, VIEWS, QueueQuery
from klachtendesk.tui import keys
from klachtendesk.tui.keyboard import current_keys
from klachtendesk.tui.live import StoreChanged
from klachtendesk.tui.safe import notify_plain, user_text
from klachtendesk.tui.widgets.bars import ColumnHeader, StatusBar
from klachtendesk.tui.widgets.case_list import MARK_DUE_SOON, MARK_OVERDUE, CaseList
from klachtendesk.tui.widgets.clean_input import CleanInput
from klachtendesk.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from klachtendesk.tui.app import KlachtendeskApp
    from klachtendesk.tui.desk import Desk

VIEW_ORDER = (*keys.QUEUE_VIEWS, "attention")
SHORT_VIEWS = {"open": "Open", "mine": "Mijn", "overdue": "Te laat", "due_soon": "Bijna", "unacknowledged":
               "Niet bevestigd", "closed": "Afgesloten", "all": "Alle", "attention": "Aandacht"}
# A typed key searches at once, unless more typed keys wait behind it: keys that arrive
# together (a fast burst, a text expander) are handed out one at a time (tui/type_ahead.py),
# and only the last of them searches. Should a waiting key not reach the search field, the
# search still runs this many seconds later. Typed at a person's pace, every key searches
# and the last search wins.
SEARCH_DELAY = 0.03


class QueueScreen(Screen[None]):
    BINDINGS = keys.QUEUE.bindings()
    KEYS = ((keys.CASE_LIST, "#cases"), (keys.QUEUE, None))
    HELP_NOTES = (("!!  /  !", "In de lijst: te laat / binnen 3 werkdagen"),)

    DEFAULT_CSS = """
    QueueScreen #search { display: none; height: 3; margin: 0 0; }
    QueueScreen #search.-visible { display: block; }
    QueueScreen #views { height: 1; padding: 0 1; background: $boost; }
    QueueScreen ColumnHeader { padding: 0 0 0 1; }  /* over the list's focus bar (styles.tcss) */
    """

    def __init__(self, initial_view: str = "open") -> None:
        super().__init__()
        self.query_state = QueueQuery(view=initial_view)
        self._search_timer: Timer | None = None
        self._total = 0
        self._resumed = False

    @property
    def kd(self) -> KlachtendeskApp:
        return self.app  # type: ignore[return-value]

    @property
    def desk(self) -> Desk:
        desk = self.kd.desk
        assert desk is not None, "the queue opens after the store"
        return desk

    def compose(self) -> ComposeResult:
        desk = self.desk
        self.query_state = self.query_state.with_(user_id=desk.user_id)
        yield StatusBar(desk.settings.organisation, desk.user, id="status")
        yield CleanInput(placeholder="Zoek in titel, omschrijving, melder of referentie…  "
                                "(Enter: naar de lijst, Esc: wissen)",
                    id="search")
        yield Static(id="views")
        yield ColumnHeader(id="columns")
        yield CaseList(desk, self.query_state, id="cases")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(CaseList).focus()
        self._show_views()
        self.refresh_counts()
        self.set_interval(30, self.refresh_counts)

    def on_screen_resume(self) -> None:
        # Back from a case or intake: what was changed there shows at once. (The first
        # resume is the screen's start: the list loads itself when mounted.)
        if self._resumed:
            self.query_one(CaseList).reload(keep_cursor=True)
            self.refresh_counts()
        self._resumed = True

    @on(StoreChanged)
    def _on_store_changed(self) -> None:
        # Under another screen the queue reads itself again when it comes back (resume).
        if self.is_current:
            self.query_one(CaseList).refresh_rows()

    # -- counts in the status bar ---------------------------------------------------------

    def refresh_counts(self) -> None:
        self.kd.refresh_counts()

    # -- views, filters, search -----------------------------------------------------------

    def _show_views(self) -> None:
        line = Text(end="")
        for view in VIEW_ORDER:
            active = view == self.query_state.view
            first = current_keys(self.app, keys.QUEUE.get(f"queue.view_{view}"))[:1]
            line.append(keys.keys_text(first), style="bold")
            line.append(f" {SHORT_VIEWS[view]}", style="reverse bold" if active else "")
            line.append("  ")
        line.append("│ ", style="dim")
        more = self.is_mounted and self.query_one(CaseList).more
        line.append(f"meer dan {self._total:,} zaken: verfijn de zoekopdracht".replace(",", ".") if more
                    else count_cases(self._total), style="bold")
        tagged = len(self.query_one(CaseList).tagged) if self.is_mounted else 0
        if tagged:
            line.append(f" · {tagged} gemarkeerd", style="bold")
        filters = self.describe_filters()
        if filters:
            line.append(" · filter: ")
            line.append_text(user_text(filters, single_line=True))
        if self.query_state.search:
            line.append(" · zoekt: ")
            line.append_text(user_text(self.query_state.search, single_line=True))
        line.append(f"   {MARK_OVERDUE.strip()} te laat  {MARK_DUE_SOON.strip()} bijna", style="dim")
        self.query_one("#views", Static).update(line)

    def describe_filters(self) -> str:
        q, tax = self.query_state, self.desk.taxonomy
        parts = []
        for label, kind, value in (("type", "types", q.signal_type_id), ("categorie", "categories", q.category_id),
                                   ("kanaal", "channels", q.channel_id), ("entiteit", "entities", q.entity_id),
                                   ("behandelaar", "users", q.handler_id)):
            if kind == "users" and value == UNASSIGNED:
                parts.append(f"{label}=(niemand)")
            elif value is not None:
                parts.append(f"{label}={tax.label(kind, value)}")
        if q.year is not None:
            parts.append(f"jaar={q.year}")
        return ", ".join(parts)

    def set_query(self, query: QueueQuery) -> None:
        self.query_state = query
        self.query_one(CaseList).reload(query)
        self._show_views()

    @on(CaseList.Counted)
    def _on_counted(self, message: CaseList.Counted) -> None:
        self._total = message.total
        self._show_views()

    def action_view(self, view: str) -> None:
        self.set_query(self.query_state.with_(view=view))
        self.query_one(CaseList).focus()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("-visible")
        search.focus()

    @on(Input.Changed, "#search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        value = event.value
        type_ahead = getattr(self.app, "type_ahead", None)
        if type_ahead is not None and type_ahead.holding:
            self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._run_search(value))
        else:
            self._run_search(value)

    def _run_search(self, value: str) -> None:
        if value != self.query_state.search:
            self.set_query(self.query_state.with_(search=value))

    @on(Input.Submitted, "#search")
    def _on_search_submitted(self, event: Input.Submitted) -> None:
        self._run_search(event.value)
        self.query_one(CaseList).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus or self.query_state.search:
            search.value = ""
            search.remove_class("-visible")
            self._run_search("")
            self.query_one(CaseList).focus()

    def action_filters(self) -> None:
        from klachtendesk.tui.dialogs.filters import FilterDialog

        def apply(query: QueueQuery | None) -> None:
            if query is not None:
                self.set_query(query)

        self.app.push_screen(FilterDialog(self.desk, self.query_state), apply)

    def action_clear_filters(self) -> None:
        self.set_query(QueueQuery(view=self.query_state.view, user_id=self.query_state.user_id,
                                  search=self.query_state.search))

    def action_refresh(self) -> None:
        self._refresh_taxonomy()

    @work(thread=True, exclusive=True, group="queue-refresh")
    def _refresh_taxonomy(self) -> None:
        self.desk.store.refresh()  # another terminal may have added users or labels
        self.app.call_from_thread(self._refreshed)

    def _refreshed(self) -> None:
        self.query_one(CaseList).reload(keep_cursor=True)
        self.refresh_counts()

    # -- opening, creating ----------------------------------------------------------------

    @on(CaseList.Opened)
    def _on_opened(self, message: CaseList.Opened) -> None:
        self.kd.open_case(message.case_id)

    def action_new_case(self) -> None:
        self.kd.new_case()

    def action_summary(self) -> None:
        self.kd.open_summary()

    def action_inbox(self) -> None:
        from klachtendesk.tui.screens.inbox import InboxScreen

        self.app.push_screen(InboxScreen())

    def action_workload(self) -> None:
        from klachtendesk.tui.screens.workload import WorkloadScreen

        self.app.push_screen(WorkloadScreen())

    def action_settings(self) -> None:
        from klachtendesk.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def show_list(self, view: str, handler_id: int | None) -> None:
        """One view of one handler's cases (``None``: everyone's), the search and other
        filters cleared: the list behind a number of the workload."""
        search = self.query_one("#search", Input)
        search.value = ""
        search.remove_class("-visible")
        self.set_query(QueueQuery(view=view, user_id=self.query_state.user_id, handler_id=handler_id))
        self.query_one(CaseList).focus()
        # Said once as well: a narrow views line cuts off its filter.
        whose = ("van iedereen" if handler_id is None else "zonder behandelaar" if handler_id == UNASSIGNED
                 else f"van {self.desk.taxonomy.label('users', handler_id)}")
        hint = " F wist de filter." if handler_id is not None else ""
        notify_plain(self.app, f"{VIEWS[view]}: de zaken {whose}.{hint}")

    # -- bulk ------------------------------------------------------------------------------

    @work(exclusive=True, group="bulk")
    async def action_bulk(self) -> None:
        """Apply one change to every tagged case (or the current one): handler or category."""
        # The dialogs are loaded when first used, not while the desk starts.
        from klachtendesk.tui.dialogs.confirm import ConfirmDialog
        from klachtendesk.tui.dialogs.picker import Choice, PickerDialog, category_choices

        cases = self.query_one(CaseList)
        ids = sorted(cases.tagged) or ([cases.current.id] if cases.current else [])
        if not ids:
            notify_plain(self.app, "Markeer eerst zaken met t.", severity="warning")
            return
        desk = self.desk
        what = await self.app.push_screen_wait(PickerDialog(f"Bulkactie op {count_cases(len(ids))}", [
            Choice("handler", "Behandelaar toewijzen", "Wijs alle gemarkeerde zaken toe aan één behandelaar."),
            Choice("category", "Categorie zetten", "Geef alle gemarkeerde zaken dezelfde categorie."),
        ]))
        if what is None:
            return
        if what == "handler":
            value = await self.app.push_screen_wait(PickerDialog(
                "Behandelaar", [Choice(u.id, u.label) for u in desk.taxonomy.users if u.active]))
            kind, label = "users", "behandelaar"
        else:
            value = await self.app.push_screen_wait(PickerDialog("Categorie", category_choices(desk.taxonomy)))
            kind, label = "categories", "categorie"
        if value is None:
            return
        changes = desk.category_changes(value) if kind == "categories" else {"handler_id": value}
        # What will change, case by case, before anything is written.
        preview = await asyncio.to_thread(desk.bulk_preview, ids, changes)
        sure = await self.app.push_screen_wait(ConfirmDialog(
            "Bulkactie bevestigen", _bulk_question(label, desk.taxonomy.label(kind, value), preview)))
        if not sure:
            return
        done, refused = await asyncio.to_thread(desk.bulk, ids, changes)
        cases.tagged.clear()
        cases.reload(keep_cursor=True)
        self.refresh_counts()
        same = sum(1 for _, _, has in preview if has)
        if done:
            notify_plain(self.app, f"{count_cases(done)} aangepast." + (
                f" {count_cases(same)} {'had' if same == 1 else 'hadden'} die {label} al." if same else ""))
        elif not refused:
            notify_plain(self.app, f"Niets gewijzigd: {'elke zaak' if len(ids) > 1 else 'de zaak'} had die "
                                   f"{label} al.")
        if refused:
            notify_plain(self.app, "Niet aangepast: " + "; ".join(refused), severity="error", timeout=12)


BULK_LISTED = 12  # cases named in the confirmation; the rest are counted


def _bulk_question(label: str, value: str, preview: list[tuple[str, str, bool]]) -> str:
    lines = [f"Nieuwe {label}: {value}", f"voor {count_cases(len(preview))}:", ""]
    for reference, title, has in preview[:BULK_LISTED]:
        lines.append(f"  {reference}  {title[:50]}" + ("  (heeft die al)" if has else ""))
    if len(preview) > BULK_LISTED:
        lines.append(f"  … en nog {count_cases(len(preview) - BULK_LISTED)}")
    lines += ["", "Zo bewaren?"]
    return "\n".join(lines)
