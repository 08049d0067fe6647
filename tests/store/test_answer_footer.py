"""The answer footer: required by the city, never shipped as a placeholder, set once (desk
or CLI, in the event log), inserted into new drafts, and checked in every final answer."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from klachtendesk import clock
from klachtendesk.domain.answer_footer import check_answer, has_footer, new_draft
from klachtendesk.domain.errors import DomainError
from klachtendesk.presets import load_preset
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
from klachtendesk.store.settings import set_answer_footer

TODAY = date(2026, 11, 27)
FOOTER = "Niet tevreden? Neem contact op met de ombudsvrouw: ombudsvrouw@stad.example, 03 123 45 67."


def test_the_city_ships_no_footer_but_requires_one():
    settings = load_preset("stad").settings
    assert settings.answer_footer == "" and settings.answer_footer_required
    assert not any(load_preset(name).settings.answer_footer for name in ("brandweer", "politie", "zorgbedrijf"))


def test_a_footer_is_found_in_an_answer_whatever_its_line_breaks():
    assert new_draft(FOOTER) == "\n\n" + FOOTER and new_draft("") == ""
    assert has_footer("Beste,\n\nwe herstellen het.\n\n" + FOOTER.replace(": ", ":\n"), FOOTER)
    assert not has_footer("Beste, we herstellen het.", FOOTER)
    with pytest.raises(DomainError, match="nog niet ingesteld.*klachtendesk footer"):
        check_answer("Beste,", "", required=True)
    with pytest.raises(DomainError, match="mist de vaste slottekst 'Niet tevreden"):
        check_answer("Beste,", FOOTER, required=True)
    check_answer("Beste,", "", required=False)


@pytest.fixture
def stad(tmp_path):
    store = Store.create(tmp_path / "stad.db", load_preset("stad"), user="Els")
    yield store
    store.close()


def _case_ready_to_answer(store, type_label="Klacht"):
    signal_type = store.taxonomy.find("types", type_label)
    with store.sessions.write() as session:
        case = create_case(session, CaseFields(received=date(2026, 11, 20), signal_type_id=signal_type.id,
                                               title="Container niet geleegd"),
                           user="Els", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    case = actions.set_admissibility(store, case.id, case.version, "Els", True)
    gegrond = store.taxonomy.find("qualifications", "Gegrond")
    return actions.set_qualification(store, case.id, case.version, "Els", gegrond.id)


def test_an_answer_is_refused_until_the_footer_is_set_and_in_the_answer(stad):
    case = _case_ready_to_answer(stad)
    case = actions.write_draft(stad, case.id, case.version, "Els", "Beste, we legen de container morgen.")
    with pytest.raises(DomainError, match="nog niet ingesteld"):
        actions.close(stad, case.id, case.version, "Els", TODAY, "e-mail")

    with stad.sessions.write() as session:
        assert set_answer_footer(session, FOOTER, user="Tom", now=clock.now())
        assert not set_answer_footer(session, FOOTER, user="Tom", now=clock.now())  # unchanged: no event
    stad.refresh()
    assert stad.settings.answer_footer == FOOTER
    with stad.sessions.read() as session:
        logged = session.execute(text(
            "SELECT user, kind, field, old, new FROM event WHERE case_id IS NULL AND kind = 'settings'")).all()
    assert [tuple(row) for row in logged] == [("Tom", "settings", "answer_footer", "", FOOTER)]

    with pytest.raises(DomainError, match="mist de vaste slottekst"):
        actions.close(stad, case.id, case.version, "Els", TODAY, "e-mail")
    case = actions.write_draft(stad, case.id, case.version, "Els", "Beste, we legen de container morgen.\n\n"
                               + FOOTER)
    assert actions.close(stad, case.id, case.version, "Els", TODAY, "e-mail").status == "closed"


def test_spam_needs_no_footer(stad):
    spam = stad.taxonomy.find("types", "Spam")
    with stad.sessions.write() as session:
        case = create_case(session, CaseFields(received=date(2026, 11, 20), signal_type_id=spam.id, title="Reclame"),
                           user="Els", settings=stad.settings, taxonomy=stad.taxonomy, now=clock.now())
    assert actions.close(stad, case.id, case.version, "Els", TODAY, "e-mail").status == "closed"


def test_an_empty_footer_is_refused_where_one_is_required(stad):
    with stad.sessions.write() as session, pytest.raises(DomainError, match="nog niet ingesteld"):
        set_answer_footer(session, "   ", user="Tom", now=clock.now())

