"""What the screens ask of the store, as blocking calls for worker threads.

Screens never query on the UI thread: they call these methods inside ``@work(thread=True)``
workers and post the result back as a message. Every method opens its own session (one
session per unit of work and thread, as SQLModel advises).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from klachtendesk import clock
from klachtendesk.domain.deadlines import Urgency, acknowledgement_due, cached_due_soon_limit, urgency_if_known
from klachtendesk.store import actions
from klachtendesk.store import queue as queue_queries
from klachtendesk.store import settings as settings_table
from klachtendesk.store.alerts import AlertCounts, alert_counts
from klachtendesk.store.attachments import list_attachments
from klachtendesk.store.cases import (
    CaseFields,
    case_ref,
    changes_since,
    create_case,
    events_for,
    get_case,
    repeats_of,
)
from klachtendesk.store.complainants import EarlierCase, earlier_cases, find_reference
from klachtendesk.store.database import Store
from klachtendesk.store.errors import ChangeBy
from klachtendesk.store.models import Case, Event
from klachtendesk.store.queue import QueueQuery, QueueRow
from klachtendesk.store.taxonomy import ensure_user


@dataclass(frozen=True)
class CaseBundle:
    """A case as the detail screen shows it: the case, its timeline and its links."""

    case: Case
    events: list[Event]
    repeat_of: tuple[int, str, str] | None = None  # (id, reference, title)
    repeated_by: list[tuple[int, str, str]] = field(default_factory=list)
    files: list[Any] = field(default_factory=list)  # store.attachments.AttachmentInfo, oldest first


class Desk:
    def __init__(self, store: Store, user: str) -> None:
        self.store = store
        self.user = user
        self._first_page: tuple[QueueQuery, int, list[QueueRow]] | None = None

    # -- the organisation -----------------------------------------------------------------

    @property
    def settings(self):  # type: ignore[no-untyped-def]
        return self.store.settings

    @property
    def taxonomy(self):  # type: ignore[no-untyped-def]
        return self.store.taxonomy

    @property
    def user_id(self) -> int | None:
        row = self.store.taxonomy.find("users", self.user)
        return row.id if row else None

    def today(self) -> date:
        return clock.today()

    # -- the queue -------------------------------------------------------------------------

    def counts(self) -> AlertCounts:
        self.prepare_urgency()  # the rows' due-soon marks, after the first frame
        with self.store.sessions.read() as session:
            return alert_counts(session, self.today(), self.settings)

    def queue_count(self, query: QueueQuery) -> int:
        with self.store.sessions.read() as session:
            return queue_queries.count(session, query, self.today(), self.settings)

    def read_first_page(self, limit: int = 100) -> None:
        """Read the queue's first page (the open view) while the desk starts, so the queue's
        first frame can show it. Any failure is left for the queue to meet and report."""
        query = QueueQuery(view="open", user_id=self.user_id)
        try:
            self._first_page = (query, *self.queue_first_page(query, limit, prepare=False))
        except Exception:  # noqa: BLE001 - the queue reads it again
            self._first_page = None

    def take_first_page(self, query: QueueQuery) -> tuple[int, list[QueueRow]] | None:
        """(count, rows) read by ``read_first_page``, once, when ``query`` is the one it read."""
        found, self._first_page = self._first_page, None
        if found is None or found[0] != query:
            return None
        return found[1], found[2]

    def queue_first_page(self, query: QueueQuery, limit: int, *,
                         prepare: bool = True) -> tuple[int, list[QueueRow]]:
        if prepare:  # not at start: the first frame does not wait for the holidays
            self.prepare_urgency()
        with self.store.sessions.read() as session:
            return queue_queries.count_and_first_page(session, query, self.today(), self.settings, limit)

    def queue_page(self, query: QueueQuery, offset: int, limit: int, total: int | None) -> list[QueueRow]:
        self.prepare_urgency()
        with self.store.sessions.read() as session:
            return queue_queries.page(session, query, self.today(), self.settings, offset, limit, total)

    def queue_position(self, query: QueueQuery, case_id: int) -> int | None:
        """The row of case ``case_id`` in the view, None when the view no longer holds it."""
        with self.store.sessions.read() as session:
            return queue_queries.position(session, query, self.today(), self.settings, case_id)

    # -- other desks -----------------------------------------------------------------------

    def store_changed(self) -> bool:
        """Did another desk (or this one) commit since the last call? Reads nothing when not:
        store/watch.py. When it did, the organisation's settings and lists are read again
        (a colleague may have added a handler)."""
        if not self.store.changed():
            return False
        self.store.refresh()
        return True

    def prepare_urgency(self) -> None:
        """Compute the day's "due soon" limit (the first time, the holidays load: 150 ms).
        Called in workers; until it has run, rows not overdue are drawn without a mark."""
        cached_due_soon_limit(self.today(), self.settings.calendar)

    def urgency(self, due: date, closed: bool) -> Urgency | None:
        if closed:
            return None
        return urgency_if_known(due, self.today(), self.settings.calendar)

    def acknowledgement_due(self, received: date) -> date:
        return acknowledgement_due(received, self.settings.acknowledgement_days)

    # -- one case --------------------------------------------------------------------------

    def load_case(self, case_id: int) -> CaseBundle:
        self.prepare_urgency()
        with self.store.sessions.read() as session:
            case = get_case(session, case_id)
            events = events_for(session, case_id)
            link = case_ref(session, case.repeat_of_id) if case.repeat_of_id else None
            repeat_of = (link.id, link.reference, link.title) if link else None
            repeated_by = [(r.id, r.reference, r.title) for r in repeats_of(session, case_id)]
            files = list_attachments(session, case_id)
            return CaseBundle(case, events, repeat_of, repeated_by, files)

    def changes_since(self, case_id: int, version: int) -> list[ChangeBy]:
        """Who changed which fields of the case after ``version`` (notes left out)."""
        with self.store.sessions.read() as session:
            return changes_since(session, case_id, version)

    def find_reference(self, reference: str) -> tuple[int, str, str] | None:
        """(id, reference, title) of the case a typed reference names ("2026-1" is 2026-0001)."""
        with self.store.sessions.read() as session:
            return find_reference(session, reference)

    def earlier_cases_of(self, name: str = "", email: str = "", phone: str = "", *,
                         exclude_id: int | None = None, limit: int = 10) -> list[EarlierCase]:
        """The same complainant's cases, newest first, closed ones too (store/complainants.py)."""
        with self.store.sessions.read() as session:
            return earlier_cases(session, name=name, email=email, phone=phone, exclude_id=exclude_id, limit=limit)

    # -- changes ---------------------------------------------------------------------------

    def register(self, fields: CaseFields) -> Case:
        with self.store.sessions.write() as session:
            return create_case(session, fields, user=self.user, settings=self.settings,
                               taxonomy=self.taxonomy, now=clock.now())

    def act(self, name: str, case_id: int, version: int, *args: Any, **kwargs: Any) -> Case:
        """Run a workflow action of store/actions.py as this user."""
        case: Case = getattr(actions, name)(self.store, case_id, version, self.user, *args, **kwargs)
        return case

    def category_changes(self, category_id: Any) -> dict[str, Any]:
        """A picked category or sub-category as the two case fields it sets."""
        from klachtendesk.tui.dialogs.picker import NONE

        if category_id is None or category_id is NONE:
            return {"category_id": None, "subcategory_id": None}
        row = self.taxonomy.get("categories", category_id)
        if row is not None and row.parent_id is not None:
            return {"category_id": row.parent_id, "subcategory_id": row.id}
        return {"category_id": category_id, "subcategory_id": None}

    def add_note(self, case_id: int, note: str) -> None:
        from klachtendesk.store.cases import add_note

        with self.store.sessions.write() as session:
            add_note(session, case_id, note, user=self.user, now=clock.now())

    def bulk_preview(self, case_ids: list[int], changes: dict[str, Any]) -> list[tuple[str, str, bool]]:
        """(reference, title, already has the new value) per case, for the confirmation."""
        with self.store.sessions.read() as session:
            cases = [get_case(session, case_id) for case_id in case_ids]
        return [(c.reference, c.title, all(getattr(c, k) == v for k, v in changes.items())) for c in cases]

    def bulk(self, case_ids: list[int], changes: dict[str, Any]) -> tuple[int, list[str]]:
        """Apply the same change to many cases; each is its own save (and its own events).
        Returns how many changed (a case that had the value already is not counted)."""
        done, refused = 0, []
        for case_id in case_ids:
            with self.store.sessions.read() as session:
                case = get_case(session, case_id)
            if all(getattr(case, name) == value for name, value in changes.items()):
                continue
            try:
                actions.save_fields(self.store, case_id, case.version, self.user, changes)  # type: ignore[arg-type]
                done += 1
            except Exception as err:  # noqa: BLE001 - reported per case to the user
                refused.append(f"{case.reference}: {getattr(err, 'message', err)}")
        return done, refused

    def set_answer_footer(self, footer: str) -> bool:
        """Change the organisation's answer footer (recorded in the event log). False when
        it was so already."""
        with self.store.sessions.write() as session:
            changed = settings_table.set_answer_footer(session, footer, user=self.user, now=clock.now())
        self.store.refresh()
        return changed

    def ensure_user(self, name: str) -> int:
        user_id = self.store.ensure_user(name)
        self.store.refresh()
        return user_id

    def remember_login(self, login: str, name: str) -> None:
        with self.store.sessions.write() as session:
            settings_table.put(session, f"login.{login}", name)
            ensure_user(session, name)
        self.store.refresh()
