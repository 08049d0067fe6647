"""The queue's SQL: every page in the right order whichever way it is read, searches capped."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from engine_params import both_engines

from klachtendesk import clock
from klachtendesk.store import queue
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.queue import QueueQuery

pytestmark = both_engines

TODAY = date(2026, 11, 27)


@pytest.fixture
def filled(brandweer):
    klacht = brandweer.taxonomy.find("types", "Klacht").id
    with brandweer.sessions.write() as session:
        for i in range(57):
            create_case(session, CaseFields(received=TODAY - timedelta(days=i % 50), signal_type_id=klacht,
                                            title=f"Sirene nummer {i}" if i % 3 else f"Factuur {i}"),
                        user="Els", settings=brandweer.settings, taxonomy=brandweer.taxonomy, now=clock.now())
    return brandweer


def read_all(store, query, page_size):
    with store.sessions.read() as session:
        total = queue.count(session, query, TODAY, store.settings)
        rows = []
        for offset in range(0, total, page_size):
            rows += queue.page(session, query, TODAY, store.settings, offset, page_size, total)
    return total, [r.reference for r in rows]


@pytest.mark.parametrize("view", ["open", "all", "closed", "overdue", "attention"])
def test_pages_read_backwards_give_the_same_rows(filled, view):
    query = QueueQuery(view=view)
    with filled.sessions.read() as session:
        total = queue.count(session, query, TODAY, filled.settings)
        forwards = queue.page(session, query, TODAY, filled.settings, 0, 1000, None)
    assert len(forwards) == total
    _, paged = read_all(filled, query, 7)  # pages past the middle are read from the end
    assert paged == [r.reference for r in forwards]


def test_open_view_is_ordered_by_due_date(filled):
    with filled.sessions.read() as session:
        rows = queue.page(session, QueueQuery(), TODAY, filled.settings, 0, 100, None)
    assert [r.due for r in rows] == sorted(r.due for r in rows)


def test_search_in_the_all_view_is_newest_first_and_capped(filled, monkeypatch):
    query = QueueQuery(view="all", search="sirene")
    total, refs = read_all(filled, query, 100)
    assert total == 38 and refs == sorted(refs, reverse=True)  # the index's order: newest registered first
    monkeypatch.setattr(queue, "SEARCH_CAP", 10)
    with filled.sessions.read() as session:
        assert queue.count(session, query, TODAY, filled.settings) == 11  # "more than 10"


def test_search_in_the_open_view_keeps_due_order_and_exact_count(filled, monkeypatch):
    monkeypatch.setattr(queue, "SEARCH_CAP", 10)
    total, refs = read_all(filled, QueueQuery(view="open", search="fact"), 100)
    assert total == 19


def test_short_words_are_not_searched_but_references_are(filled):
    with filled.sessions.read() as session:
        def count(text):
            return queue.count(session, QueueQuery(view="all", search=text), TODAY, filled.settings)
        assert count("si") == 57  # too short: no filter
        assert count("2026-001") == 10  # 2026-0010 .. 2026-0019
        assert count("2026-0001") == 1


def test_only_a_capped_search_shows_fewer_rows_than_counted():
    # At a million cases the open view holds 50,000 cases and the all view a million: all shown.
    assert queue.shown(QueueQuery(view="open"), 50_000) == (50_000, False)
    assert queue.shown(QueueQuery(view="all"), 1_000_000) == (1_000_000, False)
    assert queue.shown(QueueQuery(view="open", search="sirene"), 20_000) == (20_000, False)
    assert queue.shown(QueueQuery(view="all", search="sirene"), queue.SEARCH_CAP + 1) == (queue.SEARCH_CAP, True)
    assert queue.shown(QueueQuery(view="all", search="sirene"), 12) == (12, False)


def test_the_year_filter_is_the_organisations_report_year(tmp_path):
    from klachtendesk.presets import load_preset
    from klachtendesk.store.database import Store

    store = Store.create(tmp_path / "politie.db", load_preset("politie"), user="Els")
    try:
        vraag = store.taxonomy.find("types", "Vraag om informatie")
        with store.sessions.write() as session:
            for received in (date(2023, 1, 18), date(2023, 1, 19), date(2024, 1, 18), date(2024, 1, 19)):
                create_case(session, CaseFields(received=received, signal_type_id=vraag.id, title="Vraag"),
                            user="Els", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
        with store.sessions.read() as session:
            rows = queue.page(session, QueueQuery(view="all", year=2023), date(2026, 11, 27), store.settings,
                              0, 10, None)
        # The police's 2023 runs from 19/1/2023 to 18/1/2024.
        assert sorted(r.received for r in rows) == [date(2023, 1, 19), date(2024, 1, 18)]
    finally:
        store.close()


@pytest.mark.parametrize("query", [QueueQuery(view="open"), QueueQuery(view="all"), QueueQuery(view="overdue"),
                                   QueueQuery(view="all", search="sirene"), QueueQuery(view="open", search="factuur")])
def test_a_cases_position_is_its_row_in_the_view(filled, query):
    """The live refresh finds the case under the cursor again wherever it moved to."""
    with filled.sessions.read() as session:
        total = queue.count(session, query, TODAY, filled.settings)
        rows = queue.page(session, query, TODAY, filled.settings, 0, total + 1, total)
        assert [queue.position(session, query, TODAY, filled.settings, row.id) for row in rows] == list(range(total))
        outside = {r.id for r in queue.page(session, QueueQuery(view="all"), TODAY, filled.settings, 0, 100)}
        outside -= {row.id for row in rows}
        for case_id in list(outside)[:3]:
            assert queue.position(session, query, TODAY, filled.settings, case_id) is None
