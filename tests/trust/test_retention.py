"""Retention: cases closed longer ago than the retention period are anonymised; every
figure of the year reports stays the same, and the removed names leave the file's bytes
(the store, its WAL and shared memory, the full-text index and free pages).

Backups are out of scope here: copies made before the run keep the data until rotation
removes them (README, "Your data").
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event
from trust_helpers import query, run_cli, snapshot

from klachtendesk import clock
from klachtendesk.store import actions
from klachtendesk.store.retention import COMPLAINANT, REMOVED, anonymise, due_cases

LATER = date(2029, 6, 1)  # the demo's 2023 cases were closed more than five years before


def figures(path: Path) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """What the year reports count, per year of receipt (report/ is written elsewhere, so
    the figures are counted here straight from the table)."""
    year = "substr(c.received, 1, 4)"
    groups = {
        "category x qualification": "c.category_id, c.qualification_id",
        "channel": "c.channel_id",
        "signal type": "c.signal_type_id",
        "month": "substr(c.received, 1, 7)",
        "entity and handler": "c.entity_id, c.handler_id",
        "admissible and status": "c.admissible, c.status",
        "repeats": "c.repeat_of_id IS NOT NULL",
        "on time": "c.answered <= c.due",
    }
    out = {name: query(path, f"SELECT {year}, {cols}, count(*) FROM case_file c GROUP BY 1, {cols} ORDER BY 1, {cols}")
           for name, cols in groups.items()}
    out["lead time and extensions"] = query(path, f"""
        SELECT {year}, sum(julianday(c.answered) - julianday(c.received)), sum(c.extension_days),
               count(c.acknowledged), count(c.extra_actions_done), sum(c.extra_actions <> '')
        FROM case_file c GROUP BY 1 ORDER BY 1""")
    return out


def file_bytes(path: Path) -> bytes:
    return b"".join(Path(f"{path}{s}").read_bytes() for s in ("", "-wal", "-shm") if Path(f"{path}{s}").exists())


@pytest.fixture
def aged(demo):
    """The demo store with the personal data that hides in other places: phone and
    address, a note naming the complainant, an earlier spelling of a name, the surname in
    a title, a long letter quoting the name that was later shortened. Then it is mid-2029.

    These edits run with secure_delete off, as in most SQLite builds (Debian's turns it
    on): rows that grow or move leave their old bytes in the pages' free space, where
    only a VACUUM reaches them."""
    event.listen(demo.sessions.engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA secure_delete = OFF"))
    demo.sessions.engine.dispose()
    rows = query(demo.path, "SELECT id, version, complainant_name FROM case_file WHERE reference LIKE '2023-%'")
    case_id, version, name = rows[7]
    case = actions.save_fields(demo, case_id, version, "Els", {"draft_answer": f"Geachte {name}, ... " * 400})
    actions.save_fields(demo, case_id, case.version, "Els", {"draft_answer": "Kort antwoord."})
    # Earlier work left copies on free pages: Alembic's batch mode rewrites a table on
    # SQLite by copying it and dropping the old one.
    connection = sqlite3.connect(demo.path)
    connection.execute("PRAGMA secure_delete = OFF")
    connection.execute("CREATE TABLE _alembic_tmp_case_file AS SELECT c.* FROM case_file AS c, "
                       "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30) SELECT i FROM n)")
    connection.execute("DROP TABLE _alembic_tmp_case_file")
    connection.commit()
    connection.close()
    assert query(demo.path, "PRAGMA freelist_count")[0][0] > 50  # more than a run reuses
    for case_id, version, name in rows[:4]:
        surname = name.split()[-1]
        actions.save_fields(demo, case_id, version, "Els",
                            {"complainant_phone": "+32 470 12 34 56", "complainant_address": "Kerkstraat 1",
                             "title": f"Klacht {surname}: " + "opvolging"},
                            note=f"Teruggebeld met {name} over het dossier.")
    case_id, version, name = rows[6]
    actions.save_fields(demo, case_id, version, "Els", {"complainant_name": name + "-Vermeulen"})
    # A case reopened and closed again (same answer) passed through the open cases' index.
    case_id, version, name = rows[5]
    ((answered, channel),) = query(demo.path, f"SELECT answered, answer_channel FROM case_file WHERE id = {case_id}")
    case = actions.reopen(demo, case_id, version, "Els", "Klager belde terug")
    actions.close(demo, case_id, case.version, "Els", date.fromisoformat(answered), channel)
    clock.freeze(LATER)
    return demo


def test_anonymising_keeps_every_report_figure_and_removes_the_names_from_the_file(aged):
    path = aged.path
    before = figures(path)
    kept_before = query(path, "SELECT * FROM case_file WHERE reference NOT LIKE '2023-%' ORDER BY id")
    people = query(path, "SELECT complainant_name, complainant_email FROM case_file WHERE reference LIKE '2023-%'")
    earlier = query(path, "SELECT old FROM event WHERE field = 'complainant_name' AND old <> ''")
    cutoff, due = due_cases(aged, LATER)
    assert cutoff == date(2024, 6, 1) and len(due) == 13
    run = anonymise(aged, due, user="Els", now=clock.now(), cutoff=cutoff)
    assert run.anonymised == 13 and run.wal_cleared

    assert figures(path) == before  # every year report gives the same figures
    assert query(path, "SELECT * FROM case_file WHERE reference NOT LIKE '2023-%' ORDER BY id") == kept_before

    # Names that still belong to a kept case (a repeat complainant) legitimately stay.
    still = {v for row in query(path, "SELECT complainant_name, complainant_email FROM case_file "
                                      "WHERE anonymised_at IS NULL") for v in row if v}
    removed = {v for row in people + earlier for v in row if v} - still
    assert len(removed) >= 20
    data = file_bytes(path)
    for value in removed | {"+32 470 12 34 56", "Kerkstraat 1", "Teruggebeld met"}:
        for form in {value, value.lower()}:
            assert form.encode("utf-8") not in data, value
    kept_words = {w.lower() for v in still for w in re.split(r"[\s.@-]+", v)}
    surnames = {w.lower() for v in removed if "@" not in v for w in re.split(r"[\s-]+", v) if len(w) > 2}
    surnames -= kept_words
    assert len(surnames) >= 10
    connection = sqlite3.connect(path)
    connection.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, case_fts, 'row')")
    vocabulary = {row[0] for row in connection.execute("SELECT term FROM temp.vocab")}
    connection.close()
    assert not surnames & vocabulary  # the search index forgot them too ...
    copy = path.with_name("rebuilt.db")  # ... and both indexes hold no deleted remains of
    copy.write_bytes(path.read_bytes())  # them: each is what a fresh index of the kept text is
    connection = sqlite3.connect(copy, isolation_level=None)  # FTS5 writes the index at commit
    for name in ("case_fts", "case_open_fts"):
        index = connection.execute(f"SELECT id, block FROM {name}_data ORDER BY id").fetchall()
        connection.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")
        assert connection.execute(f"SELECT id, block FROM {name}_data ORDER BY id").fetchall() == index, name
    connection.close()


def test_what_an_anonymised_case_still_says(aged):
    actions_before = query(aged.path, "SELECT extra_actions FROM case_file WHERE reference LIKE '2023-%' "
                                      "ORDER BY reference")
    cutoff, due = due_cases(aged, LATER)
    anonymise(aged, due, user="Els", now=clock.now(), cutoff=cutoff)
    rows = query(aged.path, """
        SELECT reference, title, description, motivation, complainant_name, complainant_email,
               complainant_phone, complainant_address, extra_actions, anonymised_at IS NOT NULL, version
        FROM case_file WHERE reference LIKE '2023-%' ORDER BY reference""")
    for _ref, _title, description, motivation, *complainant, _extra, anonymised, version in rows:
        assert description == REMOVED and motivation == REMOVED
        assert complainant == ["", "", "", ""]
        assert anonymised and version >= 2
    assert rows[0][1] == f"Klacht {COMPLAINANT}: opvolging"  # the title stays, without the name
    assert [(r[8],) for r in rows] == actions_before  # improvement actions are kept
    events = query(aged.path, """
        SELECT e.kind, e.field, e.old, e.new, e.note FROM event e JOIN case_file c ON c.id = e.case_id
        WHERE c.reference = '2023-0001' ORDER BY e.id""")
    assert ("note", "", "", "", REMOVED) in events
    assert ("changed", "complainant_phone", "", REMOVED, "") in events
    assert ("changed", "title", "RIB vaart te snel in de stadshaven", f"Klacht {COMPLAINANT}: opvolging", "") in events
    assert events[-1][0] == "anonymised"
    assert query(aged.path, "SELECT note FROM event WHERE kind = 'retention'") == [
        ("13 zaken geanonimiseerd (afgesloten vóór 1/6/2024; bewaartermijn 5 jaar)",)]
    assert due_cases(aged, LATER)[1] == []  # a second run finds nothing left


def test_a_stale_screen_cannot_write_the_old_text_back(aged):
    case_id, version = query(aged.path, "SELECT id, version FROM case_file WHERE reference = '2023-0002'")[0]
    cutoff, due = due_cases(aged, LATER)
    anonymise(aged, due, user="Els", now=clock.now(), cutoff=cutoff)
    from klachtendesk.store.errors import ConflictError

    with pytest.raises(ConflictError):
        actions.save_fields(aged, case_id, version, "Tom", {"complainant_name": "Marie Claes"})


def test_nothing_is_due_before_the_retention_period_has_passed(demo):
    # 2023-0001 was answered on 2/2/2023: due once that is more than five years ago.
    assert due_cases(demo, date(2028, 2, 2))[1] == []
    assert [d.reference for d in due_cases(demo, date(2028, 2, 3))[1]] == ["2023-0001"]


def test_retention_command_lists_then_applies(tmp_path, demo):
    demo.close()
    later = ("--today", "2029-06-01")
    before = snapshot(tmp_path / "demo.db")
    listing = run_cli("retention", "--db", "demo.db", *later, cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.decode().splitlines()
    assert lines[0].startswith("2023-0001    afgesloten 2/2/2023")
    assert lines[-1] == ("13 zaken afgesloten vóór 1/6/2024, bewaartermijn 5 jaar. Anonimiseer ze met "
                         "'klachtendesk retention --apply'.")
    assert snapshot(tmp_path / "demo.db")[0] == before[0]  # listing changes nothing
    applied = run_cli("retention", "--apply", "--db", "demo.db", *later, cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert applied.stdout.decode().splitlines()[-1] == (
        "13 zaken geanonimiseerd (afgesloten vóór 1/6/2024, bewaartermijn 5 jaar).")
    assert query(tmp_path / "demo.db", "SELECT count(*) FROM case_file WHERE anonymised_at IS NOT NULL") == [(13,)]
