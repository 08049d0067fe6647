"""A desk notices another desk's commit, and only that: reads and idle time report nothing."""

from __future__ import annotations

import time
from datetime import date

from engine_params import both_engines

from klachtendesk import clock
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case, get_case
from klachtendesk.store.database import Store

pytestmark = both_engines


def seen(store, tries: int = 500) -> bool:
    """Whether the store's watch reports a change within a few seconds. (A server delivers its
    notifications a moment after the writer's commit returns; SQLite's value moves at once.)"""
    for _ in range(tries):
        if store.changed():
            return True
        time.sleep(0.01)
    return False


def quiet(store) -> bool:
    """Nothing reported, also after what a server might still deliver."""
    return not seen(store, tries=30)


def new_case(store):
    klacht = store.taxonomy.find("types", "Klacht")
    with store.sessions.write() as session:
        return create_case(session, CaseFields(received=date(2026, 11, 2), signal_type_id=klacht.id, title="x"),
                           user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())


def test_another_connections_commit_is_seen_once(brandweer):
    case = new_case(brandweer)
    other = Store.open(brandweer.location)
    try:
        brandweer.watch_changes()
        assert quiet(brandweer)
        # Reading, from either connection, is no change.
        with other.sessions.read() as session:
            get_case(session, case.id)
        assert quiet(brandweer)
        actions.save_fields(other, case.id, case.version, "Tom Jacobs", {"title": "Nieuwe titel"})
        assert seen(brandweer)
        assert quiet(brandweer)
    finally:
        other.close()


def test_a_write_transaction_that_writes_nothing_is_no_change(brandweer):
    other = Store.open(brandweer.location)
    try:
        brandweer.watch_changes()
        other.ensure_user("Els Peeters")  # she is there already: nothing written
        assert quiet(brandweer)
        other.ensure_user("Tom Jacobs")
        assert seen(brandweer)
    finally:
        other.close()


def test_a_store_without_a_watch_reports_nothing(brandweer):
    new_case(brandweer)
    assert brandweer.changed() is False
