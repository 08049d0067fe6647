"""What the settings and workload screens ask of the store.

Blocking calls for worker threads, like ``Desk``'s: each opens its own session, and a
change refreshes the store's cached settings and users, so it is in effect at once (the
handler pickers, new terms, the next daily backup).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from klachtendesk import clock
from klachtendesk.domain.calendar import DateRange
from klachtendesk.domain.errors import DomainError
from klachtendesk.store import logins, users
from klachtendesk.store import settings as settings_table
from klachtendesk.store.backup import keep_counts, set_keep_counts
from klachtendesk.store.settings import SettingsChange
from klachtendesk.store.taxonomy import LabelRow
from klachtendesk.store.workload import HandlerLoad, workload
from klachtendesk.tui.desk import Desk


@dataclass(frozen=True)
class LoginsView:
    """The logins of the store: ``engine`` is "sqlite" (none: the file is the boundary),
    "server" (a team server without roles) or "roles". ``me`` is the open login; ``all``
    every login, for a beheerder only (the server lets no one else list them)."""

    engine: str
    me: logins.Login | None = None
    all: tuple[logins.Login, ...] | None = None
    entities: tuple[str, ...] = ()

    @property
    def may_manage(self) -> bool:
        return self.me is not None and self.me.may_manage and self.all is not None


@dataclass(frozen=True)
class SettingsView:
    """Everything the settings screen shows, read at once."""

    answer_footer: str
    answer_footer_required: bool
    users: tuple[LabelRow, ...]
    closures: tuple[DateRange, ...]
    keep_daily: int
    keep_monthly: int
    backups_here: bool  # False for a store on a server: the server keeps the backups
    changes: list[SettingsChange] = field(default_factory=list)
    logins: LoginsView = LoginsView("sqlite")


def read_settings(desk: Desk) -> SettingsView:
    store = desk.store
    store.refresh()  # another desk may have changed them
    daily, monthly = keep_counts(store)
    with store.sessions.read() as session:
        changes = settings_table.recent_changes(session)
    settings = store.settings
    return SettingsView(settings.answer_footer, settings.answer_footer_required, store.taxonomy.users,
                        settings.closures, daily, monthly, store.path is not None, changes, read_logins(desk))


def read_logins(desk: Desk) -> LoginsView:
    store = desk.store
    if not store.location.is_postgresql:
        return LoginsView("sqlite")
    me = logins.current_login(store)  # read again: a grant may have changed meanwhile
    if me is None:
        return LoginsView("server")
    found = tuple(logins.list_logins(store)) if me.may_manage else None
    return LoginsView("roles", me, found, tuple(e.label for e in store.taxonomy.entities))


def add_login(desk: Desk, name: str, role: str, entities: tuple[str, ...], password: str | None) -> logins.Login:
    """A new login (a password is needed unless the server knows the name already)."""
    if not name.strip():
        raise DomainError("Vul de aanmeldnaam in.")
    if password is None and not logins.server_has_login(desk.store, name):
        raise DomainError(f"Geef een wachtwoord voor {name.strip()}: die login bestaat nog niet op de server.")
    return logins.add_login(desk.store, name, role, entities, password=password)


def change_entity(desk: Desk, name: str, entity: str, grant: bool) -> bool:
    return (logins.grant_entity if grant else logins.revoke_entity)(desk.store, name, entity)


def remove_login(desk: Desk, name: str) -> None:
    logins.remove_login(desk.store, name)


def add_user(desk: Desk, name: str) -> None:
    with desk.store.sessions.write() as session:
        users.add_user(session, name, user=desk.user, now=clock.now())
    desk.store.refresh()


def set_user_active(desk: Desk, user_id: int, active: bool) -> bool:
    with desk.store.sessions.write() as session:
        changed = users.set_user_active(session, user_id, active, user=desk.user, now=clock.now())
    desk.store.refresh()
    return changed


def change_closure(desk: Desk, old: DateRange | None, new: DateRange | None) -> bool:
    with desk.store.sessions.write() as session:
        changed = settings_table.change_closure(session, old, new, user=desk.user, now=clock.now())
    desk.store.refresh()
    return changed


def set_backup_keep(desk: Desk, daily: int | None = None, monthly: int | None = None) -> bool:
    """False when the rotation kept that many already."""
    before = keep_counts(desk.store)
    return set_keep_counts(desk.store, daily=daily, monthly=monthly, user=desk.user, now=clock.now()) != before


def read_workload(desk: Desk) -> list[HandlerLoad]:
    desk.prepare_urgency()  # the due-soon limit needs the holidays
    with desk.store.sessions.read() as session:
        return workload(session, desk.today(), desk.settings)
