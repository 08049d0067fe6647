"""The open cases' full-text index follows every change: registered, edited, closed, reopened, deleted."""

from __future__ import annotations

from datetime import date

from engine_params import both_engines, sqlite_only
from sqlalchemy import text

from klachtendesk import clock
from klachtendesk.store import queue
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.queue import QueueQuery

pytestmark = both_engines

TODAY = date(2026, 11, 27)


def found(store, word: str) -> tuple[list[str], list[str]]:
    """(open cases, all cases) whose text has ``word``, by the two indexes."""
    with store.sessions.read() as session:
        def titles(index: str) -> list[str]:
            return session.execute(text(
                f"SELECT c.title FROM {index} JOIN case_file c ON c.id = {index}.rowid "
                f"WHERE {index} MATCH :q ORDER BY c.id"), {"q": word}).scalars().all()
        return titles("case_open_fts"), titles("case_fts")


def consistent(store) -> bool:
    with store.sessions.engine.begin() as conn:
        for index in ("case_fts", "case_open_fts"):
            conn.exec_driver_sql(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
    return True


@sqlite_only  # SQLite's triggers; PostgreSQL keeps its partial index itself (tests/store/test_search.py)
def test_the_open_index_follows_status_and_text(brandweer):
    klacht = brandweer.taxonomy.find("types", "Klacht").id
    with brandweer.sessions.write() as session:
        for title in ("Sirene te luid", "Sirene kapot", "Factuur te hoog"):
            create_case(session, CaseFields(received=TODAY, signal_type_id=klacht, title=title),
                        user="Els", settings=brandweer.settings, taxonomy=brandweer.taxonomy, now=clock.now())
    assert found(brandweer, "sirene") == (["Sirene te luid", "Sirene kapot"], ["Sirene te luid", "Sirene kapot"])

    def run(sql: str) -> None:
        with brandweer.sessions.write() as session:
            session.execute(text(sql))

    run("UPDATE case_file SET status = 'closed' WHERE title = 'Sirene kapot'")
    assert found(brandweer, "sirene") == (["Sirene te luid"], ["Sirene te luid", "Sirene kapot"])
    run("UPDATE case_file SET title = 'Sirene stuk' WHERE title = 'Sirene kapot'")  # closed: not in the open index
    assert found(brandweer, "stuk") == ([], ["Sirene stuk"])
    run("UPDATE case_file SET status = 'investigating' WHERE title = 'Sirene stuk'")  # reopened
    assert found(brandweer, "stuk") == (["Sirene stuk"], ["Sirene stuk"])
    run("UPDATE case_file SET title = 'Sirene weer luid', description = 'Opnieuw' WHERE title = 'Sirene te luid'")
    assert found(brandweer, "te") == (["Factuur te hoog"], ["Factuur te hoog"])
    assert found(brandweer, "opnieuw") == (["Sirene weer luid"], ["Sirene weer luid"])
    run("DELETE FROM event WHERE case_id IN (SELECT id FROM case_file WHERE title = 'Factuur te hoog')")
    run("DELETE FROM case_file WHERE title = 'Factuur te hoog'")
    assert found(brandweer, "factuur") == ([], [])
    assert consistent(brandweer)


@sqlite_only  # written out with FTS5; tests/store/test_search.py compares both engines' hits
def test_a_search_in_an_open_view_finds_what_the_store_wide_index_finds(demo):
    with demo.sessions.read() as session:
        for view in ("open", "overdue", "attention", "mine"):
            for word in ("factuur", "sirene", "brand", "2026-000"):
                query = QueueQuery(view=view, user_id=2, search=word)
                total, rows = queue.count_and_first_page(session, query, TODAY, demo.settings, 100)
                # The same view filtered by the store-wide index, written out.
                where = "status <> 'closed' AND (id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH :q)" + (
                    " OR (reference >= :w AND reference < :w || 'z'))" if word[0].isdigit() else ")")
                ids = session.execute(text(f"SELECT id FROM case_file WHERE {where}"),
                                      {"q": f'"{word}"*', "w": word}).scalars().all()
                page = queue.page(session, query, TODAY, demo.settings, 0, 100, total)
                assert [r.id for r in rows] == [r.id for r in page], (view, word)  # the same order
                assert {r.id for r in rows} <= set(ids), (view, word)
                if view == "open":
                    assert total == len(ids), word
