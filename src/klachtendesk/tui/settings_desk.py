"""What the settings and workload screens ask of the store.

Blocking calls for worker threads, like ``Desk``'s: each opens its own session, and a
change refreshes the store's cached settings and users, so it is in effect at once (the
handler pickers, new terms, the next daily backup).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from klachtendesk import clock
from klachtendesk.domain.calendar import DateRange
from klachtendesk.store import settings as settings_table
from klachtendesk.store import users
from klachtendesk.store.backup import keep_counts, set_keep_counts
from klachtendesk.store.settings import SettingsChange
from klachtendesk.store.taxonomy import LabelRow
from klachtendesk.store.workload import HandlerLoad, workload
from klachtendesk.tui.desk import Desk


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


def read_settings(desk: Desk) -> SettingsView:
    store = desk.store
    store.refresh()  # another desk may have changed them
    daily, monthly = keep_counts(store)
    with store.sessions.read() as session:
        changes = settings_table.recent_changes(session)
    settings = store.settings
    return SettingsView(settings.answer_footer, settings.answer_footer_required, store.taxonomy.users,
                        settings.closures, daily, monthly, store.path is not None, changes)


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
