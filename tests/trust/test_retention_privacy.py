"""Retention and the personal data around the cases: whole names replaced and nothing else,
store-wide events that name no file (and old ones rewritten), and a compaction that fails
or is held up says exactly what is left and is finished by the next run."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from engine_params import both_engines, sqlite_only
from trust_helpers import query

from klachtendesk import clock
from klachtendesk.cli import main
from klachtendesk.register.exporter import export_register
from klachtendesk.register.person import export_person
from klachtendesk.store import actions, retention
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.retention import COMPLAINANT, DONE, FAILED, anonymise, due_cases

pytestmark = both_engines

LATER = date(2029, 6, 1)  # the demo's 2023 cases were closed more than five years before


def file_bytes(path: Path) -> bytes:
    return b"".join(Path(f"{path}{s}").read_bytes() for s in ("", "-wal") if Path(f"{path}{s}").exists())


def run_retention(store):
    cutoff, due = due_cases(store, clock.today())
    return anonymise(store, due, user="Els", now=clock.now(), cutoff=cutoff)


def test_whole_names_and_name_parts_are_replaced_not_words_containing_them_nor_the_town(demo):
    case_id, version = query(demo, "SELECT id, version FROM case_file WHERE reference = '2023-0002'")[0]
    actions.save_fields(demo, case_id, version, "Els", {
        "complainant_name": "Jan Bril", "complainant_address": "Kerkstraat 5, 2000 Antwerpen",
        "title": "Bril-leverancier in Antwerpen: Jan Bril, Kerkstraat 5, belde; Bril ook",
        "extra_actions": "Brief aan de Bril-leverancier; Brillen nagekeken"})
    clock.freeze(LATER)
    run_retention(demo)
    ((title, extra),) = query(demo, "SELECT title, extra_actions FROM case_file WHERE reference = '2023-0002'")
    assert title == f"Bril-leverancier in Antwerpen: {COMPLAINANT}, {COMPLAINANT}, belde; {COMPLAINANT} ook"
    assert extra == "Brief aan de Bril-leverancier; Brillen nagekeken"


def test_store_wide_events_name_no_file_and_old_ones_are_rewritten(demo, tmp_path):
    export_person(demo, "Luc Maes", tmp_path / "inzage-luc-maes.json", user="Els", now=clock.now())
    export_register(demo, tmp_path / "register-voor-luc-maes.csv", user="Els")
    with demo.sessions.write() as session:  # as a version before this rule wrote them
        log_store_event(session, "person_export", "Inzageverzoek: 1 zaak (2023-0001) naar inzage-pieter-janssens.json",
                        user="Els", now=clock.now())
        log_store_event(session, "exported", "Dossier 2023-0001 naar dossier-pieter-janssens.html",
                        user="Els", now=clock.now())
        log_store_event(session, "backup", "Reservekopie gemaakt: /home/els/kopie-pieter-janssens.db",
                        user="Els", now=clock.now())
        log_store_event(session, "restored", "Reservekopie kopie-pieter-janssens.db teruggezet; de vorige "
                        "databank staat in demo-voor-terugzetten.db", user="Els", now=clock.now())
    notes = [n for (n,) in query(demo, "SELECT note FROM event WHERE case_id IS NULL ORDER BY id")]
    assert "Inzageverzoek: 2 zaken (2023-0005, 2026-0005) naar een bestand" in notes
    assert not [n for n in notes[:-2] if "maes" in n.lower()]
    clock.freeze(LATER)
    run = run_retention(demo)
    assert run.events_rewritten == 4 and run.compaction is not None and run.compaction.state == DONE
    notes = [n for (n,) in query(demo, "SELECT note FROM event WHERE case_id IS NULL ORDER BY id")]
    assert "Inzageverzoek: 1 zaak (2023-0001) naar een bestand" in notes
    assert "Dossier 2023-0001 naar een bestand" in notes
    assert "Reservekopie gemaakt naar een bestand" in notes
    assert "Reservekopie teruggezet; de vorige inhoud is apart bewaard" in notes
    assert not [n for n in notes if "janssens" in n or "maes" in n.lower()]
    if demo.path is not None:
        assert b"pieter-janssens" not in file_bytes(demo.path)


@sqlite_only
def test_a_failed_vacuum_says_the_anonymisation_is_kept_and_the_next_run_finishes(demo, tmp_path, monkeypatch,
                                                                                    capsys):
    name = query(demo, "SELECT complainant_name FROM case_file WHERE reference = '2023-0003'")[0][0]
    demo.close()

    def full(_connection):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(retention, "_vacuum", full)
    assert main(["retention", "--apply", "--db", str(demo.path), "--today", "2029-06-01", "--user", "Els"]) == 1
    out = capsys.readouterr()
    assert "13 zaken geanonimiseerd" in out.out + out.err
    warning = out.err.strip().splitlines()[-1]
    assert "De anonimisering is bewaard, maar het opruimen van de oude gegevens is mislukt (de schijf is vol)" \
        in warning
    assert "niet bewaard" not in warning and "Maak ruimte vrij" in warning and "retention --apply" in warning
    assert query(demo.path, "SELECT count(*) FROM case_file WHERE anonymised_at IS NOT NULL") == [(13,)]
    monkeypatch.undo()
    assert main(["retention", "--db", str(demo.path), "--today", "2029-06-01"]) == 0
    assert "is nog niet af" in capsys.readouterr().out
    assert main(["retention", "--apply", "--db", str(demo.path), "--today", "2029-06-01", "--user", "Els"]) == 0
    assert "afgemaakt" in capsys.readouterr().out
    assert name.encode() not in file_bytes(demo.path)


@sqlite_only
def test_a_reader_holding_the_store_open_is_named_and_the_next_run_finishes(demo, monkeypatch, capsys):
    name = query(demo, "SELECT complainant_name FROM case_file WHERE reference = '2023-0003'")[0][0]
    path = demo.path
    demo.close()
    monkeypatch.setattr(retention, "READER_WAIT_SECONDS", 0.3)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM case_file").fetchone()  # a snapshot from before the run
    try:
        assert main(["retention", "--apply", "--db", str(path), "--today", "2029-06-01", "--user", "Els"]) == 1
        warning = capsys.readouterr().err.strip().splitlines()[-1]
        assert warning.startswith("klachtendesk: De anonimisering is bewaard, maar een ander programma leest de "
                                  "databank nog")
        assert f"de oude gegevens blijven in {path.name} en {path.name}-wal" in warning
        assert "retention --apply" in warning
        assert name.encode() in file_bytes(path)  # what the message says is left
    finally:
        reader.close()
    assert main(["retention", "--apply", "--db", str(path), "--today", "2029-06-01", "--user", "Els"]) == 0
    assert "afgemaakt" in capsys.readouterr().out
    assert name.encode() not in file_bytes(path)


def test_a_compaction_that_cannot_run_stays_due(demo, monkeypatch):
    """On either engine: the anonymisation is committed with the note that the compaction
    is due, so a failure after it leaves work the next run does."""
    monkeypatch.setattr(retention, "_vacuum", lambda _c: (_ for _ in ()).throw(sqlite3.OperationalError("disk full")))
    monkeypatch.setattr(retention.engines.postgresql, "compact", lambda _e: (_ for _ in ()).throw(
        __import__("sqlalchemy").exc.OperationalError("VACUUM", {}, Exception("could not extend file: No space left"))))
    clock.freeze(LATER)
    run = run_retention(demo)
    assert run.anonymised == 13 and run.compaction is not None
    assert (run.compaction.state, run.compaction.reason) == (FAILED, "de schijf is vol")
    assert retention.compaction_due(demo)
    monkeypatch.undo()
    run = run_retention(demo)
    assert run.anonymised == 0 and run.compaction is not None and run.compaction.state == DONE
    assert not retention.compaction_due(demo)
