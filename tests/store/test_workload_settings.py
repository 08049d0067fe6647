"""The workload per handler, counted as the queue's views count; the settings the settings
screen changes (users, closures, backup keeping), each in the event log and in effect."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from engine_params import both_engines
from sqlalchemy import text

from klachtendesk import clock
from klachtendesk.domain.deadlines import due_soon_limit
from klachtendesk.domain.errors import DomainError
from klachtendesk.store import actions, queue, users
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.queue import UNASSIGNED, QueueQuery
from klachtendesk.store.settings import change_closure, recent_changes, stored_closures
from klachtendesk.store.taxonomy import ensure_user
from klachtendesk.store.workload import workload

pytestmark = both_engines

TODAY = date(2026, 11, 27)
VIEWS = ("open", "overdue", "due_soon", "unacknowledged")


@pytest.fixture
def register(brandweer):
    """Cases for three handlers and nobody: received over 80 days, some acknowledged, some
    closed, so every count has cases in and out of it."""
    store = brandweer
    klacht = store.taxonomy.find("types", "Klacht").id
    with store.sessions.write() as session:
        handlers = [ensure_user(session, name) for name in ("Els Peeters", "Tom Jacobs", "An Smet")] + [None]
        for i in range(60):
            received = TODAY - timedelta(days=(i * 7) % 80)
            create_case(session, CaseFields(
                received=received, signal_type_id=klacht, title=f"Zaak {i}", handler_id=handlers[i % 4],
                acknowledged=received + timedelta(days=2) if i % 3 == 0 else None),
                user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    store.refresh()
    with store.sessions.read() as session:
        to_close = session.execute(text("SELECT id, version FROM case_file WHERE ref_seq % 5 = 0")).all()
    for case_id, version in to_close:
        case = actions.set_admissibility(store, case_id, version, "Els Peeters", False, "Anoniem")
        actions.close(store, case_id, case.version, "Els Peeters", TODAY, "brief")  # type: ignore[arg-type]
    return store


def expected(store):
    """The counts computed in Python from every case, by the rules the queue states."""
    soon = due_soon_limit(TODAY, store.settings.calendar)
    cutoff = TODAY - timedelta(days=store.settings.acknowledgement_days)
    with store.sessions.read() as session:
        rows = session.execute(text("SELECT handler_id, due, received, acknowledged FROM case_file "
                                    "WHERE status <> 'closed'")).all()
    counts: dict[int | None, list[int]] = {}
    for handler, due, received, acknowledged in rows:
        due, received = date.fromisoformat(str(due)), date.fromisoformat(str(received))
        c = counts.setdefault(handler, [0, 0, 0, 0])
        c[0] += 1
        c[1] += due < TODAY
        c[2] += TODAY <= due <= soon
        c[3] += acknowledged is None and received < cutoff
    return counts


def test_the_workload_counts_each_handler_as_the_queue_views_do(register):
    with register.sessions.read() as session:
        loads = {load.handler_id: load for load in workload(session, TODAY, register.settings)}
        want = expected(register)
        assert {h: [load.open, load.overdue, load.due_soon, load.unacknowledged] for h, load in loads.items()} == want
        assert all(sum(c[i] for c in want.values()) > 0 for i in range(4))  # every column is tried
        # The list behind each number: the queue's view filtered to that handler.
        for handler, load in loads.items():
            for view in VIEWS:
                query = QueueQuery(view=view, handler_id=UNASSIGNED if handler is None else handler)
                assert queue.count(session, query, TODAY, register.settings) == getattr(load, view), (handler, view)
                shown = queue.page(session, query, TODAY, register.settings, 0, 100)
                assert len(shown) == getattr(load, view)
                assert {row.handler_id for row in shown} <= {handler}


def test_adding_a_user_offers_it_and_is_logged_and_a_second_with_the_same_name_is_refused(brandweer):
    with brandweer.sessions.write() as session:
        user_id = users.add_user(session, "  An Smet ", user="Els Peeters", now=clock.now())
    brandweer.refresh()
    assert brandweer.taxonomy.find("users", "An Smet").id == user_id
    with brandweer.sessions.write() as session, pytest.raises(DomainError, match="al een gebruiker 'An Smet'"):
        users.add_user(session, "an smet", user="Els Peeters", now=clock.now())
    with brandweer.sessions.write() as session:
        assert users.set_user_active(session, user_id, False, user="Els Peeters", now=clock.now())
        assert not users.set_user_active(session, user_id, False, user="Els Peeters", now=clock.now())
    brandweer.refresh()
    assert not brandweer.taxonomy.find("users", "An Smet").active
    with brandweer.sessions.read() as session:
        notes = [c.note for c in recent_changes(session)]
    assert notes[:2] == ["An Smet niet meer actief", "Gebruiker toegevoegd: An Smet"]


def test_a_closure_added_in_the_store_moves_new_deadlines_and_is_logged(brandweer):
    klacht = brandweer.taxonomy.find("types", "Klacht").id

    def due_of_new_case() -> date:
        with brandweer.sessions.write() as session:
            case = create_case(session, CaseFields(received=date(2026, 12, 1), signal_type_id=klacht, title="x"),
                               user="Els Peeters", settings=brandweer.settings, taxonomy=brandweer.taxonomy,
                               now=clock.now())
        return case.due

    before = due_of_new_case()
    closure = (date(2026, 12, 24), date(2027, 1, 1))
    with brandweer.sessions.write() as session:
        assert change_closure(session, None, closure, user="Els Peeters", now=clock.now())
    brandweer.refresh()
    assert brandweer.settings.closures == (closure,)
    assert due_of_new_case() == before + timedelta(days=9)  # the nine closed days are not counted
    with brandweer.sessions.write() as session:
        with pytest.raises(DomainError, match="overlapt met de sluiting 24/12/2026 – 1/1/2027"):
            change_closure(session, None, (date(2026, 12, 31), date(2027, 1, 3)), user="Els", now=clock.now())
        with pytest.raises(DomainError, match="eindigt vóór ze begint"):
            change_closure(session, None, (date(2027, 5, 2), date(2027, 5, 1)), user="Els", now=clock.now())
        assert change_closure(session, closure, None, user="Tom Jacobs", now=clock.now())
        assert stored_closures(session) == ()
        events = session.execute(text(
            """SELECT "user", old, new FROM event WHERE field = 'closures' ORDER BY id""")).all()
    assert [tuple(e) for e in events] == [("Els Peeters", "", "24/12/2026 – 1/1/2027"),
                                          ("Tom Jacobs", "24/12/2026 – 1/1/2027", "")]
