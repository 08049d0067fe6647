"""Two people, one store: two processes edit the same cases at the same time.

Each edit appends a token unique to the attempt to the description through a
read-modify-write with the loaded version, so the final text proves which saves landed:
every accepted edit exactly once, no refused one, and one event per accepted change.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from engine_params import both_engines, sqlite_only
from trust_helpers import lock_held, query

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store

pytestmark = both_engines

WORKER = Path(__file__).with_name("edit_worker.py")
EDITS = 250
CASES = 3


def make_cases(store: Store, count: int) -> list[int]:
    klacht = store.taxonomy.find("types", "Klacht")
    with store.sessions.write() as session:
        return [create_case(session, CaseFields(received=date(2026, 11, 2), signal_type_id=klacht.id,
                                                title=f"Zaak {n}"),
                            user="Els", settings=store.settings, taxonomy=store.taxonomy, now=clock.now()).id
                for n in range(count)]


def test_two_processes_lose_no_update_and_report_every_refused_save(tmp_path, store_location):
    db = store_location
    store = Store.create(db, load_preset("brandweer"))
    ids = make_cases(store, CASES)
    store.close()
    go = tmp_path / "go"
    workers = {}
    for seed, name in enumerate(("A", "B")):
        args = [str(db), name, str(EDITS), ",".join(map(str, ids)), str(tmp_path / f"{name}.ready"), str(go),
                str(tmp_path / f"{name}.json"), str(seed)]
        workers[name] = subprocess.Popen([sys.executable, str(WORKER), *args])
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"{n}.ready").exists() for n in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    for process in workers.values():
        assert process.wait(timeout=180) == 0
    results = {name: json.loads((tmp_path / f"{name}.json").read_text()) for name in workers}

    # Writes waited for each other: no "database is locked", no other store error.
    assert results["A"]["errors"] == [] and results["B"]["errors"] == []
    assert sum(len(r["accepted"]) for r in results.values()) == 2 * EDITS

    accepted = [a for r in results.values() for a in r["accepted"]]
    refused_tokens = {r["token"] for res in results.values() for r in res["refused"]}
    for case_id in ids:
        description, version = query(db, "SELECT description, version FROM case_file WHERE id = ?", (case_id,))[0]
        tokens = [t + ";" for t in description.split(";") if t]
        mine = [a["token"] for a in accepted if a["case"] == case_id]
        assert Counter(tokens) == Counter(mine)  # every accepted edit, exactly once: none lost
        assert not refused_tokens & set(tokens)  # no refused save slipped through
        assert version == 1 + len(mine)
        events = query(db, "SELECT old, new, version, \"user\" FROM event WHERE case_id = ? AND kind = 'changed' "
                           "AND field = 'description' ORDER BY version", (case_id,))
        assert len(events) == len(mine)  # one event per accepted change
        previous = ""
        for old, new, _version, user in events:  # the log is an unbroken chain
            assert old == previous and new.startswith(old) and new[len(old):].startswith(user)
            previous = new
        assert previous == description
        assert [e[2] for e in events] == list(range(2, version + 1))
    # Both really competed, and every refusal named the other user.
    for name, other in (("A", "B"), ("B", "A")):
        refused = results[name]["refused"]
        assert refused, f"{name} never met a conflict: the test did not test anything"
        assert all(f"gewijzigd door {other}" in r["message"] for r in refused)


@sqlite_only  # the PostgreSQL form: tests/trust/test_postgresql.py
def test_a_save_waits_for_another_programs_write_instead_of_failing(brandweer, store_path):
    case_id = make_cases(brandweer, 1)[0]
    with lock_held(store_path, 1.5):
        started = time.monotonic()
        saved = actions.save_fields(brandweer, case_id, 1, "Els", {"title": "Na het wachten"})
        waited = time.monotonic() - started
    assert waited > 1.0  # it waited for the lock (busy timeout) ...
    assert saved.version == 2  # ... and then saved
    assert query(store_path, "SELECT title FROM case_file WHERE id = ?", (case_id,)) == [("Na het wachten",)]
