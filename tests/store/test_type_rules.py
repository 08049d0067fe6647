"""Rules a signal type and the admissibility decision set for the rest of a case's life."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from klachtendesk import clock
from klachtendesk.domain.errors import DomainError
from klachtendesk.presets import load_preset
from klachtendesk.register.importer import ImportFailed, import_register
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store

TODAY = date(2026, 11, 27)


@pytest.fixture
def stad(tmp_path):
    store = Store.create(tmp_path / "stad.db", load_preset("stad"), user="Els Peeters")
    yield store
    store.close()


def new_case(store, type_label, received=date(2026, 11, 20)):
    signal_type = store.taxonomy.find("types", type_label)
    with store.sessions.write() as session:
        return create_case(session, CaseFields(received=received, signal_type_id=signal_type.id, title="Een vraag"),
                           user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())


@pytest.mark.parametrize("type_label", ["Wegwijsvraag", "Afspraak", "Spam"])
def test_the_citys_wegwijsvraag_afspraak_and_spam_close_without_a_qualification(stad, type_label):
    case = new_case(stad, type_label)
    closed = actions.close(stad, case.id, case.version, "Els Peeters", TODAY, "e-mail")
    assert closed.status == "closed" and closed.qualification_id is None


@pytest.mark.parametrize("type_label", ["Klacht", "Melding", "Hulpvraag"])
def test_other_types_still_need_one(stad, type_label):
    case = new_case(stad, type_label)
    with pytest.raises(DomainError, match="ontvankelijkheid"):
        actions.close(stad, case.id, case.version, "Els Peeters", TODAY, "e-mail")


def test_a_register_may_hold_closed_spam_without_a_qualification(stad, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("ontvangen;type;titel;afgesloten;antwoordkanaal\n"
                    "2/11/2026;Spam;Reclame;3/11/2026;e-mail\n"
                    "2/11/2026;Klacht;Geen antwoord;3/11/2026;e-mail\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_register(stad, path, user="Els")
    assert [(e.line, e.column) for e in failed.value.result.errors] == [(3, "kwalificatie")]
    path.write_text("ontvangen;type;titel;afgesloten;antwoordkanaal\n2/11/2026;Spam;Reclame;3/11/2026;e-mail\n",
                    encoding="utf-8")
    assert import_register(stad, path, user="Els").created == 1


def test_not_admissible_sets_the_qualification_so_the_answer_closes_the_case(brandweer):
    klacht = brandweer.taxonomy.find("types", "Klacht")
    with brandweer.sessions.write() as session:
        case = create_case(session, CaseFields(received=date(2026, 11, 20), signal_type_id=klacht.id,
                                               title="Brand bij de buren in Mortsel"),
                           user="Els Peeters", settings=brandweer.settings, taxonomy=brandweer.taxonomy,
                           now=clock.now())
    case = actions.set_admissibility(brandweer, case.id, case.version, "Els Peeters", False, "Onbevoegd")
    assert brandweer.taxonomy.label("qualifications", case.qualification_id) == "Niet ontvankelijk – onbevoegd"
    closed = actions.close(brandweer, case.id, case.version, "Els Peeters", TODAY, "brief")
    assert closed.status == "closed"
    with brandweer.sessions.read() as session:
        trail = session.execute(text("SELECT field, new FROM event WHERE case_id = :i AND kind = 'changed' "
                                     "ORDER BY id"), {"i": case.id}).all()
    assert ("qualification_id", "Niet ontvankelijk – onbevoegd") in trail


def test_a_qualification_that_is_not_founded_clears_the_ombudsnorms(tmp_path):
    store = Store.create(tmp_path / "woonhaven.db", load_preset("woonhaven"), user="Els Peeters")
    try:
        case = new_case(store, "Klacht")
        case = actions.set_admissibility(store, case.id, case.version, "Els Peeters", True)
        gegrond, ongegrond = (store.taxonomy.find("qualifications", q) for q in ("Gegrond", "Ongegrond"))
        case = actions.set_qualification(store, case.id, case.version, "Els Peeters", gegrond.id)
        case = actions.save_fields(store, case.id, case.version, "Els Peeters",
                                   {"ombudsnorms": ("Correcte bejegening",)})
        assert case.ombudsnorms == "Correcte bejegening"
        case = actions.set_qualification(store, case.id, case.version, "Tom Jacobs", ongegrond.id)
        assert case.ombudsnorms == ""
        with store.sessions.read() as session:
            old = session.execute(text("SELECT old FROM event WHERE case_id = :i AND field = 'ombudsnorms' "
                                       "ORDER BY id DESC"), {"i": case.id}).scalar()
        assert old == "Correcte bejegening"  # the event log keeps what they were
        with pytest.raises(DomainError, match="gegronde zaak"):
            actions.save_fields(store, case.id, case.version, "Tom Jacobs", {"ombudsnorms": ("Correcte bejegening",)})
    finally:
        store.close()
