"""Retention removes the files and letters of the cases it anonymises, and a mail read
before is still skipped afterwards."""

from __future__ import annotations

import sqlite3
from datetime import date

from mail_corpus import OUTLOOK

from klachtendesk import clock
from klachtendesk.cli import main
from klachtendesk.store import actions
from klachtendesk.store.database import Store
from klachtendesk.store.retention import anonymise, due_cases


def test_retention_removes_attachments_and_letters(brandweer, store_path, tmp_path, capsys):
    brandweer.close()
    (tmp_path / "in.eml").write_bytes(OUTLOOK)
    assert main(["mail", str(tmp_path / "in.eml"), "--db", str(store_path), "--user", "Els"]) == 0
    assert main(["letter", "2026-0001", "--kind", "ontvangstmelding", "--format", "docx", "--db", str(store_path),
                 "--user", "Els"]) == 0
    store = Store.open(store_path)
    with store.sessions.read() as session:
        from klachtendesk.store.cases import find_by_reference

        case = find_by_reference(session, "2026-0001")
    qualification = store.taxonomy.find("qualifications", "Gegrond").id
    case = actions.set_admissibility(store, case.id, case.version, "Els", True)
    case = actions.set_qualification(store, case.id, case.version, "Els", qualification)
    actions.close(store, case.id, case.version, "Els", date(2026, 11, 27), "brief")
    clock.freeze(date(2032, 1, 10))
    cutoff, due = due_cases(store, clock.today())
    assert [d.reference for d in due] == ["2026-0001"]
    anonymise(store, due, user="Els", now=clock.now(), cutoff=cutoff)
    store.close()
    with sqlite3.connect(store_path) as db:
        assert db.execute("SELECT count(*) FROM attachment").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM letter").fetchone() == (0,)
        assert db.execute("SELECT sender, subject FROM mail_message").fetchall() == [("", "")]
        notes = " ".join(n for (n,) in db.execute("SELECT note FROM event"))
    assert "factuur 2026-311.pdf" not in notes and "rene.lemaire" not in notes
    content = store_path.read_bytes() + (tmp_path / "store.db-wal").read_bytes() \
        if (tmp_path / "store.db-wal").exists() else store_path.read_bytes()
    assert b"Hoogachtend" not in content and b"%PDF-1.4" not in content
    capsys.readouterr()
    assert main(["mail", str(tmp_path / "in.eml"), "--db", str(store_path), "--user", "Els"]) == 0
    assert "overgeslagen, al gelezen (zaak 2026-0001)" in capsys.readouterr().out
