"""The Textual application: opens the store, then the queue; routes to the other screens."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.driver import Driver
from textual.screen import Screen
from textual.worker import get_current_worker

from klachtendesk import clock
from klachtendesk.domain.text import clean_line
from klachtendesk.store.alerts import AlertCounts
from klachtendesk.store.database import Store, store_exists
from klachtendesk.store.errors import MissingStore, StoreError
from klachtendesk.store.location import Location, parse_location
from klachtendesk.tui import keys
from klachtendesk.tui.commands import CaseProvider, ScreenActionsProvider
from klachtendesk.tui.desk import CaseBundle, Desk
from klachtendesk.tui.keymap import Keymap
from klachtendesk.tui.live import COUNTS_AFTER, LIVE_INTERVAL, Poll, StoreChanged
from klachtendesk.tui.paste_input import clean_paste_driver
from klachtendesk.tui.safe import notify_plain
from klachtendesk.tui.type_ahead import TypeAhead
from klachtendesk.tui.widgets.bars import StatusBar


class KlachtendeskApp(App[int]):
    TITLE = "Klachtendesk"
    CSS_PATH = "styles.tcss"
    COMMANDS = App.COMMANDS | {CaseProvider, ScreenActionsProvider}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"
    NOTIFICATION_TIMEOUT = 6
    # tui/keys.py: the palette, tab and shift+tab between fields, ctrl+q. (Textual's own
    # ctrl+c shows an English hint: action_help_quit says it in Dutch.)
    BINDINGS = keys.APP.bindings()

    def __init__(self, path: Path | str | Location, *, user: str | None = None, login: str = "",
                 store: Store | None = None, alerts_on_start: bool = True, start_tasks: bool = True,
                 keymap: Keymap | None = None, live_interval: float | None = LIVE_INTERVAL) -> None:
        super().__init__()
        #: Seconds between looks for other desks' changes (tui/live.py); None: only when asked.
        self.live_interval = live_interval
        self.poll_store: Poll | None = None
        self.keymap = keymap or Keymap()
        self.key_overrides: dict[str, str] = dict(self.keymap.keys)  # what tui/keyboard.py shows
        self.location = parse_location(path)
        self.path = self.location.path
        self.requested_user = clean_line(user) if user else None  # as the command line cleans --user
        self.login = login
        self.desk: Desk | None = None
        self.counts: AlertCounts | None = None
        self._store = store
        self.alerts_on_start = alerts_on_start
        self.start_tasks = start_tasks
        self._queue_shown = False  # counting and the start tasks wait for the queue's first page
        self._alert_pending = alerts_on_start  # the first counts are also announced
        self.progress_line: str | None = None  # long work under way, in every status bar
        self.type_ahead = TypeAhead(self)

    def get_driver_class(self) -> type[Driver]:
        # A paste arrives whole, without escape sequences (tui/paste_input.py).
        return clean_paste_driver(super().get_driver_class())

    async def _process_messages(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.type_ahead.install()  # in the app's own task: every widget's task inherits it
        return await super()._process_messages(*args, **kwargs)

    async def on_event(self, event: events.Event) -> None:
        # Keys one at a time, each acting on what the keys before it left (tui/type_ahead.py).
        if self.type_ahead.take(event):
            return
        await super().on_event(event)
        self.type_ahead.handled(event)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """Every screen and dialog: keys typed while it is built go to it."""
        self.type_ahead.screen_requested()
        return super().push_screen(*args, **kwargs)

    # -- start -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.key_overrides:
            self.set_keymap(self.key_overrides)
        if self.keymap.problem:
            notify_plain(self, self.keymap.problem, title="Toetsenbestand", severity="warning", timeout=20)
        if self._store is None and self.location.is_sqlite and not store_exists(self.location):
            self._first_run()
        else:
            self._open_store(self._store)

    def _first_run(self) -> None:
        from klachtendesk.tui.screens.first_run import FirstRunScreen

        self.push_screen(FirstRunScreen(self.location, self.login), self._first_run_done)

    @work(thread=True, exclusive=True, group="open-store")
    def _open_store(self, store: Store | None) -> None:
        """Open (and migrate) the store, and read what the first screen needs, off the UI thread.
        (An empty database on a server gets the first-run screen, as a missing file does.)"""
        try:
            store = store or Store.open(self.location)
            if store.read_only is not None:  # foreign SQL: the desk records who did what, so it does not open
                store.close()
                self.call_from_thread(self._fail, store.read_only)
                return
            store.settings, store.taxonomy  # noqa: B018 - cached for the screens
            if store.login is not None:  # a team server with logins: the login is the name in every event
                if self.requested_user:
                    from klachtendesk.store.logins import USER_REFUSED

                    self.call_from_thread(self._fail, USER_REFUSED)
                    return
                remembered = store.login.name
            else:
                remembered = _remembered_name(store, self.login)
        except MissingStore:  # an empty database on a server: as a missing file
            self.call_from_thread(self._first_run)
            return
        except Exception as err:  # noqa: BLE001 - shown to the user, then quit
            self.call_from_thread(self._fail, getattr(err, "message", str(err)))
            return
        desk = Desk(store, self.requested_user or remembered)
        try:
            store.watch_changes()  # before the first read: nothing committed after it is missed
        except StoreError:
            pass  # no live refresh; r still reads the queue again
        if desk.user:
            desk.read_first_page()
        self.call_from_thread(self._opened, store, remembered, desk)

    def _fail(self, message: str) -> None:
        self.exit(return_code=1, message=f"klachtendesk: {message}")

    def _first_run_done(self, result: tuple[Store, str] | None) -> None:
        if result is None:
            self.exit(0)
            return
        store, name = result
        self.requested_user = name
        self._open_store(store)

    def _opened(self, store: Store, remembered: str, desk: Desk | None = None) -> None:
        name = self.requested_user or remembered
        if not name:
            from klachtendesk.tui.dialogs.text_input import TextDialog

            def chosen(value: str | None) -> None:
                name = clean_line(value or "")
                if not name:
                    self.exit(0)
                    return
                self.requested_user = name
                self._opened(store, name)

            self.push_screen(TextDialog("Wie ben je?", "Je naam wordt bewaard bij elke wijziging die je maakt.",
                                        label="Naam", required=True), chosen)
            return
        self.desk = desk if desk is not None and desk.user == name else Desk(store, name)
        if name != remembered or store.taxonomy.find("users", name) is None:
            self._remember(name)
        from klachtendesk.tui.screens.queue import QueueScreen

        self.push_screen(QueueScreen())
        self.poll_store = Poll(self.desk.store_changed, lambda: self.call_from_thread(self._store_changed))
        if self.live_interval is not None:
            self._watch_store(self.poll_store, self.live_interval)

    # -- other desks' changes (tui/live.py) ---------------------------------------------------

    @work(thread=True, exclusive=True, group="live")
    def _watch_store(self, poll: Poll, interval: float) -> None:
        poll.run(interval, get_current_worker().cancelled_event)

    def _store_changed(self) -> None:
        for screen in self.screen_stack:
            screen.post_message(StoreChanged())
        self.refresh_counts(after=COUNTS_AFTER)  # once the screens have read their rows

    @work(thread=True, group="start-tasks")
    def _start_tasks(self, store: Store) -> None:
        """The day's first backup and the network-share warning, after the queue is shown.
        The backup's progress shows in the status bar."""
        from klachtendesk.store.startup import start_notices
        from klachtendesk.tui.progress import StatusProgress

        progress = StatusProgress(self, "Reservekopie van vandaag")
        try:
            notices = start_notices(store, progress=progress)
        finally:
            progress.done()
        for notice in notices:
            self.call_from_thread(notify_plain, self, notice, severity="warning", timeout=15)

    def show_progress(self, line: str | None) -> None:
        """Long work under way (``None``: done), in the status bar of every screen."""
        self.progress_line = line
        for screen in self.screen_stack:
            for bar in screen.query(StatusBar):
                bar.show_progress(line)

    @work(thread=True, group="remember-user")
    def _remember(self, name: str) -> None:
        self.desk.remember_login(self.login, name)  # type: ignore[union-attr]

    # -- the counts every screen's status bar shows ---------------------------------------

    def on_case_list_counted(self) -> None:
        # The queue's first page is in: count what needs attention, and make the day's
        # backup, once it is drawn. The count needs the holidays package (150 ms to load)
        # and a pass over the open cases, the backup copies the store; started with the
        # queue, they would hold its first page back.
        if not self._queue_shown:
            self._queue_shown = True
            self.call_after_refresh(self.refresh_counts)
            if self.start_tasks and self.desk is not None:
                self.call_after_refresh(self._start_tasks, self.desk.store)
            # What start-up built (modules, styles, the queue) lives as long as the desk: out
            # of the collector's sight, a full collection no longer walks it (45-90 ms, often
            # enough to hold up a key press).
            gc.freeze()

    def refresh_counts(self, after: float = 0.0) -> None:
        """Count open, overdue and due-soon cases again and show them on every screen
        (``after`` seconds from now: a pass over the open cases, 160 ms at a million, that
        should not hold up rows on their way)."""
        if self._queue_shown:
            self._count(after)

    @work(thread=True, exclusive=True, group="counts")
    def _count(self, after: float = 0.0) -> None:
        if after and get_current_worker().cancelled_event.wait(after):
            return  # a newer count was asked for
        try:
            counts = self.desk.counts()  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 - the bars keep their last figures
            return
        self.call_from_thread(self._show_counts, counts)

    def _show_counts(self, counts: AlertCounts) -> None:
        from klachtendesk.tui.widgets.case_list import CaseList

        self.counts = counts
        for screen in self.screen_stack:
            for bar in screen.query(StatusBar):
                bar.show(counts, clock.today())
            for rows in screen.query(CaseList):
                rows.refresh()  # due-soon marks: the count made the day's limit known
        if self._alert_pending:
            self._alert_pending = False
            self._alert(counts)

    def _alert(self, counts: AlertCounts) -> None:
        """On start: what needs attention, and the key that shows it."""
        if not counts.any:
            return
        parts = []
        if counts.overdue:
            parts.append(f"{counts.overdue} te laat")
        if counts.due_soon:
            parts.append(f"{counts.due_soon} binnen 3 werkdagen")
        if counts.unacknowledged:
            parts.append(f"{counts.unacknowledged} zonder ontvangstmelding op tijd")
        message = ", ".join(parts) + ". Druk op a om ze te bekijken."
        notify_plain(self, message, title="Aandacht nodig", severity="warning", timeout=12)

    # -- navigation ------------------------------------------------------------------------

    def open_case(self, case_id: int) -> None:
        self._open_case(case_id, self.type_ahead.expect())

    @work(thread=True, exclusive=True, group="open-case")
    def _open_case(self, case_id: int, arrived: Callable[[], None]) -> None:
        """Read the case, then show it: the screen's first frame has the case and its timeline
        (a screen that reads it itself shows "Laden…" first, and the case a frame or two later)."""
        import klachtendesk.tui.screens.case  # noqa: F401 - loaded here, off the UI thread, the first time

        try:
            bundle = self.desk.load_case(case_id)  # type: ignore[union-attr]
        except StoreError:
            bundle = None  # the screen reads it again, and says what is wrong
        if get_current_worker().is_cancelled:
            self.call_from_thread(arrived)  # another case was asked for: its keys wait for it
        else:
            self.call_from_thread(self._show_case, case_id, bundle, arrived)

    def _show_case(self, case_id: int, bundle: CaseBundle | None, arrived: Callable[[], None]) -> None:
        from klachtendesk.tui.screens.case import CaseScreen

        self.push_screen(CaseScreen(case_id, bundle))
        arrived()

    def new_case(self) -> None:
        from klachtendesk.tui.screens.intake import IntakeScreen

        self.push_screen(IntakeScreen())

    def open_summary(self) -> None:
        from klachtendesk.tui.screens.summary import SummaryScreen

        login = self.desk.store.login if self.desk is not None else None
        if login is not None and not login.may_report:
            notify_plain(self, f"Je rol ({login.role}) geeft geen toegang tot het jaarverslag en de export.",
                         severity="warning")
            return

        self.push_screen(SummaryScreen())

    def show_help(self) -> None:
        from klachtendesk.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_show_help(self) -> None:
        self.show_help()

    # -- Textual's own words, in Dutch -----------------------------------------------------

    def action_command_palette(self) -> None:
        from klachtendesk.tui.palette import Palette

        if self.use_command_palette and not Palette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        from klachtendesk.tui.palette import THEMES, Palette

        self.push_screen(Palette(providers=[ThemeProvider], placeholder=THEMES))

    def action_help_quit(self) -> None:
        """ctrl+c: Textual says, in English, which key quits."""
        notify_plain(self, "Afsluiten doe je met ctrl+q (of q in de lijst).", title="Wil je afsluiten?")

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # The screen's own keys (help, quit) come from its key table (tui/keyboard.py).
        yield SystemCommand("Thema", "Kies een ander kleurenthema (licht of donker)", self.action_change_theme)

    def today(self):  # type: ignore[no-untyped-def]
        return clock.today()


def _remembered_name(store: Store, login: str) -> str:
    from klachtendesk.store import settings as settings_table

    with store.sessions.read() as session:
        return str(settings_table.get(session, f"login.{login}", "") or "")


def run_app(path: Path | Location, *, user: str | None, login_user: str, keymap_path: Path | None = None) -> int:
    from klachtendesk.tui.keymap import load

    app = KlachtendeskApp(path, user=user, login=login_user, keymap=load(keymap_path))
    result = app.run()
    if app.desk is not None:
        app.desk.store.close()
    return int(app.return_code or result or 0)  # a start that failed (_fail) exits non-zero
