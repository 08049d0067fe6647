"""Cases: references, due dates, events for every change, optimistic locking, search."""

from __future__ import annotations

from datetime import date

import pytest
from engine_params import both_engines
from sqlalchemy import text

from klachtendesk import clock
from klachtendesk.domain.errors import DomainError
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case, events_for, update_case
from klachtendesk.store.errors import ConflictError
from klachtendesk.store.search import find_cases

pytestmark = both_engines


def new_case(store, received=date(2026, 11, 2), title="Sirene te luid", **kw):
    klacht = store.taxonomy.find("types", "Klacht")
    with store.sessions.write() as session:
        return create_case(session, CaseFields(received=received, signal_type_id=klacht.id, title=title, **kw),
                           user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy,
                           now=clock.now())


def test_references_are_a_sequence_per_year(brandweer):
    refs = [new_case(brandweer, received=d).reference
            for d in (date(2023, 6, 6), date(2023, 6, 7), date(2024, 1, 2), date(2023, 12, 1))]
    assert refs == ["2023-0001", "2023-0002", "2024-0001", "2023-0003"]


def test_due_date_follows_the_signal_type(brandweer):
    case = new_case(brandweer, received=date(2026, 11, 2))
    assert case.due == date(2026, 12, 17)  # 45 calendar days


def test_every_change_is_an_event_with_who_old_and_new(brandweer):
    case = new_case(brandweer)
    dienst = brandweer.taxonomy.find_category("Dienstverlening")
    with brandweer.sessions.write() as session:
        update_case(session, case.id, case.version, {"category_id": dienst.id, "title": "Sirene 's nachts"},
                    user="Tom Jacobs", settings=brandweer.settings, taxonomy=brandweer.taxonomy,
                    now=clock.now())
    with brandweer.sessions.read() as session:
        events = events_for(session, case.id)
    changed = {(e.field, e.old, e.new, e.user) for e in events if e.kind == "changed"}
    assert ("category_id", "", "Dienstverlening", "Tom Jacobs") in changed
    assert ("title", "Sirene te luid", "Sirene 's nachts", "Tom Jacobs") in changed
    assert events[-1].kind == "created" and events[-1].user == "Els Peeters"


def test_second_save_of_the_same_version_is_refused_naming_who(brandweer):
    case = new_case(brandweer)
    loaded_version = case.version
    actions.save_fields(brandweer, case.id, loaded_version, "Tom Jacobs", {"title": "Versie van Tom"})
    with pytest.raises(ConflictError) as err:
        actions.save_fields(brandweer, case.id, loaded_version, "Els Peeters", {"title": "Versie van Els"})
    assert "Tom Jacobs" in err.value.message and "titel" in err.value.message
    with brandweer.sessions.read() as session:
        title = session.execute(text("SELECT title FROM case_file WHERE id = :i"), {"i": case.id}).scalar()
    assert title == "Versie van Tom"


def test_changing_the_type_or_extension_moves_the_due_date(tmp_path):
    from klachtendesk.presets import load_preset
    from klachtendesk.store.database import Store

    store = Store.create(tmp_path / "z.db", load_preset("zorgbedrijf"))
    klacht = store.taxonomy.find("types", "Klacht")
    with store.sessions.write() as session:
        case = create_case(session, CaseFields(received=date(2026, 11, 2), signal_type_id=klacht.id, title="x"),
                           user="An", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    assert case.due == date(2026, 11, 16)
    with pytest.raises(DomainError, match="hoogstens 6"):
        actions.extend(store, case.id, case.version, "An", 10, "wacht op verslag")
    case = actions.extend(store, case.id, case.version, "An", 6, "wacht op verslag")
    assert case.due == date(2026, 11, 22)
    with store.sessions.read() as session:
        fields = {e.field: (e.old, e.new) for e in events_for(session, case.id)}
    assert fields["due"] == ("16/11/2026", "22/11/2026")
    assert fields["extension_reason"] == ("", "wacht op verslag")
    store.close()


def test_full_workflow_records_each_step(brandweer):
    case = new_case(brandweer)
    user = "Els Peeters"
    case = actions.set_admissibility(brandweer, case.id, case.version, user, True)
    case = actions.write_draft(brandweer, case.id, case.version, user, "Geachte,")
    gegrond = brandweer.taxonomy.find("qualifications", "Gegrond")
    case = actions.set_qualification(brandweer, case.id, case.version, user, gegrond.id)
    case = actions.close(brandweer, case.id, case.version, user, date(2026, 11, 20), "e-mail")
    assert case.status == "closed" and case.answered == date(2026, 11, 20)
    case = actions.reopen(brandweer, case.id, case.version, "Tom Jacobs", "Melder bracht nieuwe feiten")
    assert case.status == "investigating" and case.answered is None
    with brandweer.sessions.read() as session:
        events = events_for(session, case.id)
    statuses = [e.new for e in reversed(events) if e.field == "status"]
    assert statuses == ["In onderzoek", "Ontwerpantwoord", "Afgesloten", "In onderzoek"]
    assert any(e.kind == "note" and "nieuwe feiten" in e.note and e.user == "Tom Jacobs" for e in events)


def test_full_text_search_finds_title_description_and_complainant(brandweer):
    new_case(brandweer, title="Sirene te luid", description="Elke nacht", complainant_name="Jeanne Dupré")
    new_case(brandweer, title="Factuur", description="Te duur")
    with brandweer.sessions.read() as session:
        def search(q):
            return [title for _id, _ref, title in find_cases(session, q)]
        assert search("nacht") == ["Sirene te luid"]
        assert search("dupre") == ["Sirene te luid"]  # diacritics ignored
        assert search("duur") == ["Factuur"]


def test_an_optional_text_field_left_blank_is_saved_empty(brandweer):
    # A select left blank gives None; the column holds "" (a NOT NULL text column).
    case = new_case(brandweer, line="Eerste lijn")
    saved = actions.save_fields(brandweer, case.id, case.version, "Tom Jacobs",
                                {"line": None, "school": None, "solved": None})
    assert (saved.line, saved.school, saved.solved) == ("", "", "")


def _repeat_of(store, case_id):
    with store.sessions.read() as session:
        return session.execute(text("SELECT repeat_of_id FROM case_file WHERE id = :id"), {"id": case_id}).scalar()


def test_a_link_as_repeat_to_a_later_case_is_refused_and_nothing_changes(brandweer):
    early, late = new_case(brandweer, received=date(2026, 10, 1)), new_case(brandweer, received=date(2026, 10, 13))
    with pytest.raises(DomainError) as err:
        actions.link_repeat(brandweer, early.id, early.version, "Els Peeters", late.id)
    assert err.value.message == (f"De zaak {late.reference} is pas ontvangen op 13/10/2026, na deze zaak "
                                 "(1/10/2026): een herhaling verwijst naar een eerdere zaak.")
    assert _repeat_of(brandweer, early.id) is None
    actions.link_repeat(brandweer, late.id, late.version, "Els Peeters", early.id)  # the other way round is fine
    assert _repeat_of(brandweer, late.id) == early.id


def test_a_link_as_repeat_that_makes_a_circle_is_refused_naming_it(brandweer):
    a, b, c = (new_case(brandweer, received=date(2026, 11, 3), title=t) for t in ("Eerste", "Tweede", "Derde"))
    actions.link_repeat(brandweer, b.id, b.version, "Els Peeters", a.id)
    actions.link_repeat(brandweer, c.id, c.version, "Els Peeters", b.id)
    with pytest.raises(DomainError) as err:
        actions.link_repeat(brandweer, a.id, a.version, "Els Peeters", c.id)
    assert err.value.message == (f"De herhalingen lopen in een kring: {a.reference} → {c.reference} → "
                                 f"{b.reference} → {a.reference}.")
    assert _repeat_of(brandweer, a.id) is None
    with pytest.raises(DomainError, match="herhaling van zichzelf"):
        actions.link_repeat(brandweer, a.id, a.version, "Els Peeters", a.id)


def test_a_received_date_moved_before_the_repeated_case_is_refused(brandweer):
    early, late = new_case(brandweer, received=date(2026, 10, 1)), new_case(brandweer, received=date(2026, 10, 13))
    actions.link_repeat(brandweer, late.id, late.version, "Els Peeters", early.id)
    with brandweer.sessions.read() as session:
        version = session.execute(text("SELECT version FROM case_file WHERE id = :id"), {"id": late.id}).scalar()
    with pytest.raises(DomainError, match="pas ontvangen op 1/10/2026"):
        actions.save_fields(brandweer, late.id, version, "Els Peeters", {"received": date(2026, 9, 30)})
