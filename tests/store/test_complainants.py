"""Earlier cases of the same complainant: by e-mail, phone or name (any order, in part,
accents and case ignored), closed ones included, newest first; short references."""

from __future__ import annotations

from datetime import date

import pytest
from engine_params import both_engines

from klachtendesk import clock
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.complainants import earlier_cases, find_reference

pytestmark = both_engines


def new_case(store, received, title, **kw):
    klacht = store.taxonomy.find("types", "Klacht")
    with store.sessions.write() as session:
        return create_case(session, CaseFields(received=received, signal_type_id=klacht.id, title=title, **kw),
                           user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())


@pytest.fixture
def register(brandweer):
    cases = {
        "old": new_case(brandweer, date(2024, 3, 1), "Lawaai kazerne", complainant_name="Fatma Yilmaz"),
        "mid": new_case(brandweer, date(2025, 5, 2), "Oprit geblokkeerd", complainant_name="Fatma Yılmaz",
                        complainant_phone="+32 470 11 22 33"),
        "new": new_case(brandweer, date(2026, 10, 3), "Geen antwoord", complainant_name="F. Yilmaz",
                        complainant_email="Fatma.Yilmaz@example.be"),
        "other": new_case(brandweer, date(2026, 10, 4), "Factuur", complainant_name="Mehmet Yilmazer",
                          complainant_email="mehmet@example.be"),
        "peeters": new_case(brandweer, date(2026, 10, 5), "Sirene", complainant_name="Jan Peeters"),
    }
    old = cases["old"]
    gegrond = brandweer.taxonomy.find("qualifications", "Gegrond")
    actions.set_admissibility(brandweer, old.id, old.version, "Els Peeters", True)
    with brandweer.sessions.read() as session:
        version = session.get(type(old), old.id).version
    actions.set_qualification(brandweer, old.id, version, "Els Peeters", gegrond.id)
    with brandweer.sessions.read() as session:
        version = session.get(type(old), old.id).version
    actions.close(brandweer, old.id, version, "Els Peeters", date(2024, 4, 1), "brief")
    return brandweer, cases


def refs(store, **kw):
    with store.sessions.read() as session:
        return [(c.reference, c.why) for c in earlier_cases(session, **kw)]


@pytest.mark.parametrize("typed", ["yilmaz", "Fatma Yilmaz", "Yılmaz F.", "YILMAZ", "fatma yılmaz"])
def test_a_name_in_any_order_in_part_without_accents_finds_every_case_newest_first(register, typed):
    store, _ = register
    found = refs(store, name=typed)
    assert [r for r, _ in found if r != "2026-0002"] == ["2026-0001", "2025-0001", "2024-0001"]
    assert all(why == "naam" for _, why in found)


def test_the_whole_name_does_not_find_a_longer_other_name(register):
    store, _ = register
    assert "2026-0002" not in [r for r, _ in refs(store, name="Fatma Yilmaz")]  # Mehmet Yilmazer
    assert "2026-0002" in [r for r, _ in refs(store, name="yilmaz")]  # a part of a name starts Yilmazer too


def test_e_mail_and_phone_find_the_case_whatever_the_name(register):
    store, _ = register
    assert refs(store, email=" fatma.yilmaz@EXAMPLE.be ") == [("2026-0001", "e-mail")]
    assert refs(store, phone="0470/11.22.33") == [("2025-0001", "telefoon")]
    assert refs(store, phone="0470 11 22 34") == []


def test_closed_cases_are_listed_and_the_case_itself_is_left_out(register):
    store, cases = register
    found = refs(store, name="Fatma Yilmaz", exclude_id=cases["new"].id)
    assert [r for r, _ in found] == ["2025-0001", "2024-0001"]
    with store.sessions.read() as session:
        statuses = {c.reference: c.status for c in earlier_cases(session, name="Fatma Yilmaz")}
    assert statuses["2024-0001"] == "closed"


def test_too_little_to_go_on_finds_nothing(register):
    store, _ = register
    assert refs(store, name="F.") == []
    assert refs(store, name="") == []
    assert refs(store, phone="12") == []


@pytest.mark.parametrize("typed", ['"yilmaz', "yilmaz*", "NEAR(yilmaz", "yilmaz AND OR", "{x} : yilmaz", "'; --"])
def test_full_text_syntax_in_a_name_is_just_text(register, typed):
    store, _ = register
    refs(store, name=typed)  # never an error


def test_a_short_reference_finds_the_padded_one(register):
    store, cases = register
    with store.sessions.read() as session:
        assert find_reference(session, "2026-1") == (cases["new"].id, "2026-0001", "Geen antwoord")
        assert find_reference(session, "2025-1")[1] == "2025-0001"
        assert find_reference(session, " 2024-0001 ")[1] == "2024-0001"
        assert find_reference(session, "2024/1")[1] == "2024-0001"
        assert find_reference(session, "2024-9") is None
        assert find_reference(session, "onzin") is None
