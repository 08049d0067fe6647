"""The Textual application: opens the store, then the queue; routes to the other screens."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from klachtendesk import clock
from klachtendesk.store.alerts import AlertCounts
from klachtendesk.store.database import Store
from klachtendesk.tui.commands import CaseProvider, ScreenActionsProvider
from klachtendesk.tui.desk import Desk
from klachtendesk.tui.safe import notify_plain
from klachtendesk.tui.widgets.bars import StatusBar


class KlachtendeskApp(App[int]):
    TITLE = "Klachtendesk"
    CSS_PATH = "styles.tcss"
    COMMANDS = App.COMMANDS | {CaseProvider, ScreenActionsProvider}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"
    NOTIFICATION_TIMEOUT = 6
    BINDINGS = [Binding("ctrl+p", "command_palette", "Palet", show=True, priority=True)]

    def __init__(self, path: Path, *, user: str | None = None, login: str = "", store: Store | None = None,
                 alerts_on_start: bool = True, start_tasks: bool = True) -> None:
        super().__init__()
        self.path = Path(path)
        self.requested_user = user
        self.login = login
        self.desk: Desk | None = None
        self.counts: AlertCounts | None = None
        self._store = store
        self.alerts_on_start = alerts_on_start
        self.start_tasks = start_tasks

    # -- start -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self._store is None and (not self.path.exists() or self.path.stat().st_size == 0):
            from klachtendesk.tui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(self.path, self.login), self._first_run_done)
        else:
            self._open_store(self._store)

    @work(thread=True, exclusive=True, group="open-store")
    def _open_store(self, store: Store | None) -> None:
        """Open (and migrate) the store, and read what the first screen needs, off the UI thread."""
        try:
            store = store or Store.open(self.path)
            store.settings, store.taxonomy  # noqa: B018 - cached for the screens
            remembered = _remembered_name(store, self.login)
        except Exception as err:  # noqa: BLE001 - shown to the user, then quit
            self.call_from_thread(self._fail, getattr(err, "message", str(err)))
            return
        self.call_from_thread(self._opened, store, remembered)

    def _fail(self, message: str) -> None:
        self.exit(return_code=1, message=f"klachtendesk: {message}")

    def _first_run_done(self, result: tuple[Store, str] | None) -> None:
        if result is None:
            self.exit(0)
            return
        store, name = result
        self.requested_user = name
        self._open_store(store)

    def _opened(self, store: Store, remembered: str) -> None:
        name = self.requested_user or remembered
        if not name:
            from klachtendesk.tui.dialogs.text_input import TextDialog

            def chosen(value: str | None) -> None:
                if not value:
                    self.exit(0)
                    return
                self.requested_user = value
                self._opened(store, value)

            self.push_screen(TextDialog("Wie ben je?", "Je naam wordt bewaard bij elke wijziging die je maakt.",
                                        label="Naam", required=True), chosen)
            return
        self.desk = Desk(store, name)
        if name != remembered or store.taxonomy.find("users", name) is None:
            self._remember(name)
        from klachtendesk.tui.screens.queue import QueueScreen

        self.push_screen(QueueScreen())
        if self.alerts_on_start:
            self._start_alerts()
        if self.start_tasks:
            self._start_tasks(store)

    @work(thread=True, group="start-tasks")
    def _start_tasks(self, store: Store) -> None:
        """The day's first backup and the network-share warning, after the queue is shown."""
        from klachtendesk.store.startup import start_notices

        for notice in start_notices(store, clock.today()):
            self.call_from_thread(notify_plain, self, notice, severity="warning", timeout=15)

    @work(thread=True, group="remember-user")
    def _remember(self, name: str) -> None:
        self.desk.remember_login(self.login, name)  # type: ignore[union-attr]

    @work(thread=True, group="start-alerts")
    def _start_alerts(self) -> None:
        counts = self.desk.counts()  # type: ignore[union-attr]
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
        self.call_from_thread(notify_plain, self, message, title="Aandacht nodig", severity="warning",
                              timeout=12)

    # -- the counts every screen's status bar shows ---------------------------------------

    @work(thread=True, exclusive=True, group="counts")
    def refresh_counts(self) -> None:
        """Count open, overdue and due-soon cases again and show them on every screen."""
        try:
            counts = self.desk.counts()  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 - the bars keep their last figures
            return
        self.call_from_thread(self._show_counts, counts)

    def _show_counts(self, counts: AlertCounts) -> None:
        self.counts = counts
        for screen in self.screen_stack:
            for bar in screen.query(StatusBar):
                bar.show(counts, clock.today())

    # -- navigation ------------------------------------------------------------------------

    def open_case(self, case_id: int) -> None:
        from klachtendesk.tui.screens.case import CaseScreen

        self.push_screen(CaseScreen(case_id))

    def new_case(self) -> None:
        from klachtendesk.tui.screens.intake import IntakeScreen

        self.push_screen(IntakeScreen())

    def open_summary(self) -> None:
        from klachtendesk.tui.screens.summary import SummaryScreen

        self.push_screen(SummaryScreen())

    def show_help(self) -> None:
        from klachtendesk.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Thema", "Kies een ander kleurenthema (licht of donker)", self.action_change_theme)
        yield SystemCommand("Toetsen", "Toon alle toetsen van dit scherm", self.show_help)
        yield SystemCommand("Afsluiten", "Sluit klachtendesk af", self.action_quit)

    def today(self):  # type: ignore[no-untyped-def]
        return clock.today()


def _remembered_name(store: Store, login: str) -> str:
    from klachtendesk.store import settings as settings_table

    with store.sessions.read() as session:
        return str(settings_table.get(session, f"login.{login}", "") or "")


def run_app(path: Path, *, user: str | None, login_user: str) -> int:
    app = KlachtendeskApp(path, user=user, login=login_user)
    result = app.run()
    if app.desk is not None:
        app.desk.store.close()
    return int(result or 0)
