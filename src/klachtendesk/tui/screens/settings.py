"""The settings: the organisation's answer footer, its users (handlers and approvers), its
closures, how many backups are kept and, on a team server, its logins (a beheerder adds
them, gives or takes an entity, removes them); below them, the latest changes from the log.

Every change is saved in a worker, written to the store's event log (who, when, old and
new) and in effect at once: the footer in the next draft, a user in the handler pickers,
a closure in the next term, the keep counts in the next daily backup.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from klachtendesk.domain.calendar import closure_text
from klachtendesk.domain.errors import DomainError
from klachtendesk.store.errors import StoreError
from klachtendesk.tui import keys, settings_desk
from klachtendesk.tui.dialogs.closure import ClosureDialog
from klachtendesk.tui.dialogs.confirm import ConfirmDialog
from klachtendesk.tui.dialogs.login import LoginDialog, NewLogin
from klachtendesk.tui.dialogs.picker import Choice, PickerDialog
from klachtendesk.tui.dialogs.text_input import TextDialog
from klachtendesk.tui.safe import notify_plain
from klachtendesk.tui.settings_desk import SettingsView
from klachtendesk.tui.widgets.bars import StatusBar
from klachtendesk.tui.widgets.key_bar import KeyBar
from klachtendesk.tui.widgets.settings_list import Item, settings_lines


class SettingsScreen(Screen[None]):
    BINDINGS = keys.SETTINGS.bindings()
    KEYS = ((keys.SETTINGS, None),)

    DEFAULT_CSS = """
    SettingsScreen #title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    SettingsScreen OptionList { height: 1fr; border: none; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.view: SettingsView | None = None
        self.items: list[Item | None] = []  # per option; None: a heading or a note
        self._arrived: Callable[[], None] = lambda: None

    @property
    def desk(self):  # type: ignore[no-untyped-def]
        return self.app.desk  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield StatusBar(self.desk.settings.organisation, self.desk.user)
        yield Static("Instellingen van de organisatie", id="title")
        yield OptionList(Option(Text("Laden…", style="dim"), disabled=True), id="settings")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        # Keys typed right after `i` (j, Enter) wait for the list they are meant for.
        self._arrived = self.app.type_ahead.expect()  # type: ignore[attr-defined]
        self.load()

    # -- reading -------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="settings-load")
    def load(self) -> None:
        try:
            view = settings_desk.read_settings(self.desk)
        except StoreError as err:
            self.app.call_from_thread(notify_plain, self.app, err.message, severity="error")
            self.app.call_from_thread(self._arrived)
            return
        self.app.call_from_thread(self._show, view)

    def _show(self, view: SettingsView) -> None:
        self.call_after_refresh(self._arrived)
        options = self.query_one(OptionList)
        current, before = self.current, options.highlighted
        self.view, self.items = view, []
        options.clear_options()
        for line, item in settings_lines(view):
            self.items.append(item)
            options.add_option(Option(line, disabled=item is None))
        ids = [i.id if i else None for i in self.items]
        first = next(n for n, i in enumerate(self.items) if i is not None)
        if current is not None and current.id in ids:
            options.highlighted = ids.index(current.id)
        else:  # gone (removed): the line that took its place, else the next one below
            options.highlighted = next((n for n, i in enumerate(self.items) if i is not None and n >= (before or 0)),
                                       first)

    @property
    def current(self) -> Item | None:
        index = self.query_one(OptionList).highlighted if self.is_mounted else None
        if index is None or index >= len(self.items):
            return None
        return self.items[index]

    # -- moving --------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss()

    # -- changing ------------------------------------------------------------------------

    @work(exclusive=True, group="settings-change")
    async def action_change(self) -> None:
        item = self.current
        if item is None or self.view is None:
            return
        if item.kind == "footer":
            await self._footer()
        elif item.kind in ("add_user", "add_closure", "add_login"):
            await self._add(item.section)
        elif item.kind == "login":
            await self._login_entity(item.value)
        elif item.kind == "user":
            await self._user_active(item, not item.active)
        elif item.kind == "closure":
            await self._ask(lambda v, n: ClosureDialog("Sluiting wijzigen", v or item.value, notice=n),
                            lambda v: settings_desk.change_closure(self.desk, item.value, v), "Sluiting bewaard.")
        elif item.kind in ("keep_daily", "keep_monthly"):
            await self._keep(item.kind)

    @work(exclusive=True, group="settings-change")
    async def action_add(self) -> None:
        item = self.current
        if item is None or item.section not in ("users", "closures", "logins"):
            notify_plain(self.app, "Toevoegen kan bij de behandelaars, de sluitingsdagen en de gebruikers.",
                         severity="warning")
            return
        await self._add(item.section)

    @work(exclusive=True, group="settings-change")
    async def action_remove(self) -> None:
        item = self.current
        if item is not None and item.kind == "closure":
            sure = await self.app.push_screen_wait(ConfirmDialog(
                "Sluiting verwijderen", f"De sluiting {closure_text(item.value)} verwijderen? Termijnen die vanaf "
                "nu berekend worden, tellen die dagen dan weer mee."))
            if sure:
                await self._save(lambda: settings_desk.change_closure(self.desk, item.value, None),
                                 "Sluiting verwijderd.")
        elif item is not None and item.kind == "user" and item.active:
            await self._user_active(item, False)
        elif item is not None and item.kind == "login":
            name = str(item.value)
            sure = await self.app.push_screen_wait(ConfirmDialog(
                "Gebruiker verwijderen", f"{name} de toegang tot deze databank afnemen (de rol en de entiteiten)? "
                "Het logboek houdt de naam bij wat er gebeurde."))
            if sure:
                await self._save(lambda: settings_desk.remove_login(self.desk, name), f"{name} is verwijderd.")
        else:
            notify_plain(self.app, "Verwijderen kan bij een sluiting, een actieve behandelaar of een gebruiker.",
                         severity="warning")

    async def _add(self, section: str) -> None:
        if section == "logins":
            view = self.view
            if view is None or not view.logins.may_manage:
                notify_plain(self.app, "Alleen een beheerder kan gebruikers toevoegen.", severity="warning")
                return

            def add(new: NewLogin) -> None:
                settings_desk.add_login(self.desk, new.name, new.role, new.entities, new.password)

            await self._ask(lambda v, n: LoginDialog(view.logins.entities, v, n), add, "Gebruiker bewaard.")
        elif section == "users":
            await self._ask(lambda v, n: TextDialog("Behandelaar toevoegen", "Wordt aangeboden als behandelaar en "
                                                    "als goedkeurder.", label="Naam", value=v or "", required=True,
                                                    notice=n),
                            lambda v: settings_desk.add_user(self.desk, v), "Behandelaar toegevoegd.")
        else:
            await self._ask(lambda v, n: ClosureDialog("Sluiting toevoegen", v, notice=n),
                            lambda v: settings_desk.change_closure(self.desk, None, v), "Sluiting toegevoegd.")

    async def _login_entity(self, name: str) -> None:
        """Give or take one entity: a pick among all, each saying whether the login sees it."""
        view = self.view
        login = next((x for x in view.logins.all or () if x.name == name), None) if view else None
        if view is None or login is None:
            return
        if login.sees_everything:
            notify_plain(self.app, f"{name} is {login.role} en ziet alle entiteiten: er is niets te geven of af "
                         "te nemen.", severity="warning")
            return
        if not view.logins.entities:
            notify_plain(self.app, "Deze organisatie heeft geen entiteiten.", severity="warning")
            return
        choices = [Choice(e, f"{e}  (ziet de zaken)" if e in login.entities else e,
                          f"Kiezen neemt {e} af bij {name}." if e in login.entities else
                          f"Kiezen geeft {name} de zaken van {e}.") for e in view.logins.entities]
        entity = await self.app.push_screen_wait(PickerDialog(f"Entiteit geven of afnemen: {name}", choices))
        if entity is None:
            return
        grant = entity not in login.entities
        await self._save(lambda: settings_desk.change_entity(self.desk, name, entity, grant),
                         f"{name} ziet nu de zaken van {entity}." if grant else
                         f"{name} ziet de zaken van {entity} niet meer.")

    async def _footer(self) -> None:
        view = self.view
        assert view is not None
        await self._ask(lambda v, n: TextDialog(
            "Slottekst van elk antwoord", "Komt onder elk nieuw ontwerpantwoord (bv. de contactgegevens van de "
            "ombudsdienst); een eindantwoord zonder wordt geweigerd.", value=view.answer_footer if v is None else v,
            multiline=True, required=view.answer_footer_required, notice=n),
            lambda v: self.desk.set_answer_footer(v), "Slottekst bewaard.")

    async def _user_active(self, item: Item, active: bool) -> None:
        name = next((u.label for u in self.view.users if u.id == item.value), "") if self.view else ""
        question = (f"{name} weer aanbieden als behandelaar en goedkeurder?" if active else
                    f"{name} niet meer aanbieden als behandelaar en goedkeurder? Zaken die al aan {name} "
                    "toegewezen zijn, blijven dat; de tijdlijn blijft de naam tonen.")
        if await self.app.push_screen_wait(ConfirmDialog("Behandelaar", question)):
            await self._save(lambda: settings_desk.set_user_active(self.desk, item.value, active),
                             f"{name} is {'weer actief' if active else 'niet meer actief'}.")

    async def _keep(self, kind: str) -> None:
        view = self.view
        assert view is not None
        daily = kind == "keep_daily"
        current = view.keep_daily if daily else view.keep_monthly

        def save(value: str) -> bool:
            if not value.strip().isdigit():
                raise DomainError("Typ een aantal: een getal zoals 14.")
            number = int(value)
            return settings_desk.set_backup_keep(self.desk, daily=number if daily else None,
                                                 monthly=None if daily else number)

        await self._ask(lambda v, n: TextDialog(
            "Dagelijkse kopieën" if daily else "Maandelijkse kopieën",
            "Hoeveel dagelijkse kopieën (de nieuwste dagen) blijven bewaard?" if daily else
            "Van hoeveel maanden blijft de eerste kopie bewaard (0: geen)?", label="Aantal",
            value=str(current) if v is None else v, required=True, notice=n), save, "Reservekopieën bewaard.")

    async def _ask(self, dialog: Callable[[Any, str], ModalScreen[Any]], save: Callable[[Any], Any],
                   done: str) -> None:
        """Ask, save in a thread; a refusal asks again with what was typed and the reason."""
        value: Any = None
        notice = ""
        while True:
            result = await self.app.push_screen_wait(dialog(value, notice))
            if result is None:
                return
            try:
                await self._save(partial(save, result), done, raise_errors=True)
            except (DomainError, StoreError) as err:
                value, notice = result, err.message
                continue
            return

    async def _save(self, save: Callable[[], Any], done: str, *, raise_errors: bool = False) -> None:
        try:
            changed = await asyncio.to_thread(save)
        except (DomainError, StoreError) as err:
            if raise_errors:
                raise
            notify_plain(self.app, err.message, severity="error")
            return
        notify_plain(self.app, "Niets gewijzigd: dat was al zo." if changed is False else done)
        self.load()

