"""The life of a case: which transitions are allowed and what they require."""

from __future__ import annotations

from datetime import date

import pytest

from klachtendesk.domain import workflow as wf
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.workflow import CaseState, QualificationInfo, Status

GEGROND = QualificationInfo("Gegrond", admissible=True, founded="ja")
ONBEVOEGD = QualificationInfo("Niet ontvankelijk – onbevoegd", admissible=False)
TODAY = date(2026, 11, 27)


def state(**kw) -> CaseState:
    base = dict(status=Status.REGISTERED, received=date(2026, 11, 2))
    base.update(kw)
    return CaseState(**base)


def test_admissible_case_goes_into_investigation():
    assert wf.set_admissibility(state(), True) == {
        "admissible": True, "inadmissible_reason": "", "status": Status.INVESTIGATING}


def test_not_admissible_needs_a_reason():
    with pytest.raises(DomainError, match="reden"):
        wf.set_admissibility(state(), False, " ")
    changes = wf.set_admissibility(state(), False, "Onbevoegd")
    assert changes["admissible"] is False and changes["inadmissible_reason"] == "Onbevoegd"


def test_qualification_must_match_admissibility():
    with pytest.raises(DomainError, match="ontvankelijkheid"):
        wf.set_qualification(state(), GEGROND)
    with pytest.raises(DomainError, match="niet-ontvankelijke"):
        wf.set_qualification(state(admissible=True, status=Status.INVESTIGATING), ONBEVOEGD)
    with pytest.raises(DomainError, match="Niet ontvankelijk"):
        wf.set_qualification(state(admissible=False, status=Status.INVESTIGATING), GEGROND)


def test_closing_requires_qualification_and_a_valid_answer_date():
    open_case = state(admissible=True, status=Status.DRAFTED)
    with pytest.raises(DomainError, match="eindkwalificatie"):
        wf.close(open_case, TODAY, "e-mail", TODAY)
    qualified = state(admissible=True, status=Status.DRAFTED, qualification=GEGROND)
    with pytest.raises(DomainError, match="vóór de ontvangstdatum"):
        wf.close(qualified, date(2026, 11, 1), "e-mail", TODAY)
    with pytest.raises(DomainError, match="toekomst"):
        wf.close(qualified, date(2026, 11, 28), "e-mail", TODAY)
    with pytest.raises(DomainError, match="e-mail of brief"):
        wf.close(qualified, TODAY, "fax", TODAY)
    assert wf.close(qualified, TODAY, "brief", TODAY)["status"] is Status.CLOSED


def test_non_admissible_case_closes_straight_away():
    case = state(admissible=False, status=Status.INVESTIGATING, qualification=ONBEVOEGD)
    assert wf.close(case, TODAY, "e-mail", TODAY)["status"] is Status.CLOSED


def test_approvals_in_order_before_sending():
    steps = ("Realiteitscheck leidinggevende", "Proefcheck directeur klantenbeleving")
    case = state(admissible=True, status=Status.DRAFTED, draft_answer="Geachte,",
                 approvals_required=steps, qualification=GEGROND)
    with pytest.raises(DomainError, match="niet goedgekeurd"):
        wf.close(case, TODAY, "e-mail", TODAY)
    with pytest.raises(DomainError, match="Eerst nodig: Realiteitscheck"):
        wf.approve(case, steps[1])
    first = wf.approve(case, steps[0])
    assert first["status"] is Status.DRAFTED
    case.approvals_given = first["approvals"]
    second = wf.approve(case, steps[1])
    assert second["status"] is Status.APPROVED
    case.approvals_given = second["approvals"]
    assert wf.close(case, TODAY, "e-mail", TODAY)["status"] is Status.CLOSED


def test_changing_the_draft_withdraws_approvals():
    case = state(admissible=True, status=Status.APPROVED, draft_answer="Versie 1",
                 approvals_required=("A",), approvals_given=("A",))
    changes = wf.write_draft(case, "Versie 2")
    assert changes["approvals"] == () and changes["status"] is Status.DRAFTED


def test_closed_case_is_reopened_only_with_a_reason():
    closed = state(status=Status.CLOSED, admissible=True, qualification=GEGROND, answered=TODAY)
    with pytest.raises(DomainError, match="heropen"):
        wf.set_qualification(closed, GEGROND)
    with pytest.raises(DomainError, match="reden"):
        wf.reopen(closed, "")
    assert wf.reopen(closed, "Nieuwe feiten")["status"] is Status.INVESTIGATING
    with pytest.raises(DomainError, match="Alleen een afgesloten"):
        wf.reopen(state(), "x")


def test_imported_fields_must_agree():
    assert wf.initial_status(admissible=None, qualification=ONBEVOEGD, answered=TODAY,
                             answer_channel="e-mail") == (Status.CLOSED, False)
    with pytest.raises(DomainError, match="kwalificatie nodig"):
        wf.initial_status(admissible=True, qualification=None, answered=TODAY, answer_channel="")
    with pytest.raises(DomainError, match="ontvankelijk maar"):
        wf.initial_status(admissible=True, qualification=ONBEVOEGD, answered=None, answer_channel="")


# -- a type without a final qualification; not admissible goes straight to its answer ------

def test_a_type_that_needs_no_qualification_closes_without_one():
    spam = state(status=Status.REGISTERED, qualification_required=False)
    assert wf.close(spam, TODAY, "e-mail", TODAY)["status"] is Status.CLOSED
    with pytest.raises(DomainError, match="ontvankelijkheid"):
        wf.close(state(status=Status.REGISTERED), TODAY, "e-mail", TODAY)
    assert wf.initial_status(admissible=None, qualification=None, answered=TODAY, answer_channel="e-mail",
                             qualification_required=False) == (Status.CLOSED, None)
    with pytest.raises(DomainError, match="kwalificatie nodig"):
        wf.initial_status(admissible=None, qualification=None, answered=TODAY, answer_channel="e-mail")


BRANDWEER = (GEGROND, QualificationInfo("Niet ontvankelijk – geen onderzoek/onvoldoende gegevens", False),
             ONBEVOEGD)
POLITIE = (GEGROND, QualificationInfo("Niet ontvankelijk – onbevoegd", False),
           QualificationInfo("Niet ontvankelijk – geen concrete gegevens", False),
           QualificationInfo("Niet ontvankelijk – identificatie onmogelijk", False))
ALGEMEEN = (GEGROND, QualificationInfo("Niet ontvankelijk – onvoldoende gegevens", False), ONBEVOEGD,
            QualificationInfo("Niet ontvankelijk – beslist beleid", False))
ONE = (GEGROND, QualificationInfo("Niet ontvankelijk", False))


@pytest.mark.parametrize(("choices", "reason", "expected"), [
    (BRANDWEER, "Onbevoegd", "Niet ontvankelijk – onbevoegd"),
    (BRANDWEER, "Anoniem", "Niet ontvankelijk – geen onderzoek/onvoldoende gegevens"),
    (BRANDWEER, "Feiten ouder dan een jaar", "Niet ontvankelijk – geen onderzoek/onvoldoende gegevens"),
    (BRANDWEER, "Beslist beleid", None),  # the fire zone has no such qualification: the user picks
    (POLITIE, "Onvoldoende gegevens", "Niet ontvankelijk – geen concrete gegevens"),
    (ALGEMEEN, "Beslist beleid", "Niet ontvankelijk – beslist beleid"),
    (ONE, "Anoniem", "Niet ontvankelijk"),
])
def test_not_admissible_sets_the_matching_qualification(choices, reason, expected):
    changes = wf.set_admissibility(state(), False, reason, choices)
    found = changes.get("qualification")
    assert (found.label if found else None) == expected
    assert changes["status"] is Status.INVESTIGATING


def test_not_admissible_case_can_be_answered_at_once():
    changes = wf.set_admissibility(state(), False, "Onbevoegd", BRANDWEER)
    case = state(admissible=False, status=changes["status"], qualification=changes["qualification"],
                 approvals_required=("Realiteitscheck",))
    assert wf.close(case, TODAY, "brief", TODAY)["status"] is Status.CLOSED


def test_a_qualification_that_no_longer_fits_the_admissibility_is_cleared():
    founded = state(status=Status.INVESTIGATING, admissible=True, qualification=GEGROND)
    assert wf.set_admissibility(founded, False, "Beslist beleid", BRANDWEER)["qualification"] is None
    refused = state(status=Status.INVESTIGATING, admissible=False, qualification=ONBEVOEGD)
    assert wf.set_admissibility(refused, True)["qualification"] is None
    assert "qualification" not in wf.set_admissibility(founded, True)
