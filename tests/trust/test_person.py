"""An access request: everything stored about one complainant, found by name or e-mail,
exported as JSON, and the export recorded in the event log."""

from __future__ import annotations

import json
import stat
from datetime import date

import pytest
from engine_params import both_engines
from trust_helpers import assert_inert, db_arg, one_dutch_line, query, run_cli

from klachtendesk import clock
from klachtendesk.domain.errors import DomainError
from klachtendesk.register.person import export_person, matching_case_ids, to_json
from klachtendesk.store.cases import CaseFields, create_case

pytestmark = both_engines


def add_case(store, name: str, email: str = "", title: str = "Nieuwe klacht") -> int:
    klacht = store.taxonomy.find("types", "Klacht").id
    with store.sessions.write() as session:
        return create_case(session, CaseFields(received=date(2026, 11, 20), signal_type_id=klacht, title=title,
                                               complainant_name=name, complainant_email=email),
                           user="Els", settings=store.settings, taxonomy=store.taxonomy, now=clock.now()).id


def references(store, query_text: str) -> list[str]:
    ids = matching_case_ids(store, query_text)
    rows = dict(query(store, "SELECT id, reference FROM case_file"))
    return [rows[i] for i in ids]


def test_every_word_is_a_whole_word_of_the_name_ignoring_case_and_accents(demo):
    add_case(demo, "Élise  Dubois", "elise.dubois@example.be")
    add_case(demo, "Elisabeth Duboisson")
    assert references(demo, "luc maes") == ["2023-0005", "2026-0005"]
    assert references(demo, "LUC.MAES@example.be") == ["2023-0005", "2026-0005"]
    assert references(demo, "elise dubois") == ["2026-0008"]
    assert references(demo, "Dubois") == ["2026-0008"]  # not Duboisson: whole words
    assert references(demo, "maes luc") == ["2023-0005", "2026-0005"]
    assert references(demo, "aes") == []  # words are not searched inside
    assert references(demo, '"luc" (maes)* -') == ["2023-0005", "2026-0005"]  # no FTS syntax
    assert references(demo, "Jan Met Geen Zaken") == []
    with pytest.raises(DomainError, match="Geef een naam of e-mailadres op"):
        matching_case_ids(demo, " -- ")


def test_an_email_finds_that_address_only_and_a_name_only_whole_words(demo):
    add_case(demo, "Jan Peeters", "jan.peeters@x.be")
    add_case(demo, "Dirk Peeters", "peeters.dirk@x.be")
    add_case(demo, "Janssen Peetersen", "jp@x.be")
    add_case(demo, "Ｊａｎ　ＰＥＥＴＥＲＳ")  # fullwidth letters, as an East Asian input method writes them
    add_case(demo, "Peeters-Janssens An")
    assert references(demo, "jan.peeters@x.be") == ["2026-0008"]
    assert references(demo, "JAN.PEETERS@X.BE") == ["2026-0008"]
    assert references(demo, "Jan Peeters") == ["2026-0008", "2026-0011"]
    assert references(demo, "Ｐｅｅｔｅｒｓ Ｊａｎ") == ["2026-0008", "2026-0011"]
    assert references(demo, "peetersen") == ["2026-0010"]
    assert references(demo, "An Peeters-Janssens") == ["2026-0012"]


def test_the_export_holds_every_case_field_and_the_whole_timeline(demo, tmp_path):
    target = tmp_path / "inzage.json"
    record, body = export_person(demo, "Luc Maes", target, user="Els", now=clock.now())
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(body) == record
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert record["aantal_zaken"] == 2
    old, new = record["zaken"]
    assert (old["referentie"], old["melder"], old["melder_email"]) == ("2023-0005", "Luc Maes", "luc.maes@example.be")
    assert old["ontvangen"] == "2023-05-11" and old["kwalificatie"] == "Ongegrond"
    assert new["herhaling_van"] == "2023-0005"
    events = query(demo, "SELECT count(*) FROM event WHERE case_id IN "
                              "(SELECT id FROM case_file WHERE complainant_name = 'Luc Maes')")[0][0]
    assert len(old["tijdlijn"]) + len(new["tijdlijn"]) == events
    assert {"veld": "herhaling van", "oud": "", "nieuw": "2023-0005"}.items() <= new["tijdlijn"][-1].items()


def test_the_export_is_recorded_by_reference_not_by_name(demo):
    export_person(demo, "luc maes", None, user="Els", now=clock.now())
    notes = query(demo, "SELECT \"user\", note FROM event WHERE kind = 'person_export'")
    assert notes == [("Els", "Inzageverzoek: 2 zaken (2023-0005, 2026-0005) naar het scherm")]


def test_json_for_a_terminal_escapes_what_a_terminal_would_act_on():
    text = to_json({"titel": "a\u202eb\x85c\x1bd"})
    assert_inert(text.encode("utf-8"))
    assert json.loads(text) == {"titel": "a\u202eb\x85c\x1bd"}


def test_person_command(tmp_path, demo):
    db = db_arg(demo)
    demo.close()
    result = run_cli("person", "luc maes", "--db", db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [z["referentie"] for z in json.loads(result.stdout)["zaken"]] == ["2023-0005", "2026-0005"]
    assert result.stderr.decode().strip() == "klachtendesk: 2 zaken gevonden voor 'luc maes'."
    result = run_cli("person", "luc maes", "-o", "uit/inzage.json", "--db", db, cwd=tmp_path)
    assert "De map uit bestaat niet" in one_dutch_line(result)
