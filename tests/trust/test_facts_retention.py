"""Retention and the case facts: the facts the year tables count stay, the involved staff
member (another person's data) goes, from the case, its timeline and the file's bytes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.register.importer import import_register
from klachtendesk.store import actions
from klachtendesk.store.database import Store
from klachtendesk.store.retention import REMOVED, STAFF, anonymise, due_cases

LATER = date(2029, 6, 1)


def _one(store, sql):
    with store.sessions.read() as session:
        return session.execute(text(sql)).one()


def test_retention_removes_the_staff_member_and_keeps_the_mediation_result(tmp_path: Path):
    store = Store.create(tmp_path / "politie.db", load_preset("politie"), user="Els")
    try:
        register = tmp_path / "r.csv"
        register.write_text(
            "ontvangen;type;titel;melder;kwalificatie;afgesloten;antwoordkanaal;"
            "betrokken_medewerker;bemiddeling_resultaat\n"
            "6/6/2023;Klacht politieoptreden;Agent Wouters was onbeleefd;Jan Peeters;"
            "Afhandeling bemiddeling;20/6/2023;brief;INP Kris Wouters;geslaagd\n", encoding="utf-8")
        import_register(store, register, user="Els")
        case_id, version = _one(store, "SELECT id, version FROM case_file")
        case = actions.reopen(store, case_id, version, "Els", "Nog een vraag")
        case = actions.save_fields(store, case_id, case.version, "Els", {"staff_member": "HINP Sofie Claes"})
        actions.close(store, case_id, case.version, "Els", date(2023, 7, 1), "brief")

        clock.freeze(LATER)
        cutoff, due = due_cases(store, LATER)
        assert [d.id for d in due] == [case_id]
        anonymise(store, due, user="Els", now=clock.now(), cutoff=cutoff)

        assert _one(store, "SELECT staff_member, mediation_result, title FROM case_file") == (
            "", "geslaagd", f"Agent {STAFF} was onbeleefd")
        with store.sessions.read() as session:
            trail = session.execute(text("SELECT old, new FROM event WHERE field = 'staff_member'")).all()
        assert [tuple(t) for t in trail] == [(REMOVED, REMOVED)]
        files = [Path(f"{store.path}{suffix}") for suffix in ("", "-wal")]
        data = b"".join(f.read_bytes() for f in files if f.exists())
        for name in (b"Wouters", b"Claes", b"Sofie"):
            assert name not in data, name
    finally:
        store.close()


def test_retention_keeps_solved_school_and_the_ombudsnorms(tmp_path: Path):
    store = Store.create(tmp_path / "woonhaven.db", load_preset("woonhaven"), user="Els")
    try:
        register = tmp_path / "r.csv"
        register.write_text(
            "ontvangen;type;titel;melder;kwalificatie;afgesloten;antwoordkanaal;opgelost;ombudsnormen\n"
            "6/6/2023;Klacht;Lift stuk;Jan Peeters;Gegrond;20/6/2023;brief;ja;Redelijke behandeltermijn\n",
            encoding="utf-8")
        import_register(store, register, user="Els")
        clock.freeze(LATER)
        cutoff, due = due_cases(store, LATER)
        anonymise(store, due, user="Els", now=clock.now(), cutoff=cutoff)
        assert _one(store, "SELECT complainant_name, solved, ombudsnorms FROM case_file") == (
            "", "ja", "Redelijke behandeltermijn")
    finally:
        store.close()
