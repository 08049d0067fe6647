"""Two people save the same case from the version they both loaded: different fields merge,
the same field changed to different values refuses the second save, naming both values."""

from __future__ import annotations

from datetime import date

import pytest
from engine_params import both_engines
from sqlalchemy import text

from klachtendesk import clock
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case, events_for
from klachtendesk.store.errors import ConflictError

pytestmark = both_engines


def new_case(store, title="Sirene te luid"):
    klacht = store.taxonomy.find("types", "Klacht")
    with store.sessions.write() as session:
        return create_case(session, CaseFields(received=date(2026, 11, 2), signal_type_id=klacht.id, title=title),
                           user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())


def row(store, case_id, *columns):
    with store.sessions.read() as session:
        return tuple(session.execute(text(f"SELECT {', '.join(columns)} FROM case_file WHERE id = :i"),
                                     {"i": case_id}).one())


def changed_events(store, case_id):
    with store.sessions.read() as session:
        return [(e.user, e.field, e.old, e.new) for e in reversed(events_for(session, case_id)) if e.kind == "changed"]


def test_changes_to_different_fields_merge_each_by_its_author(brandweer):
    case = new_case(brandweer)
    loaded = case.version
    actions.save_fields(brandweer, case.id, loaded, "Tom Jacobs", {"title": "Sirene 's nachts"})
    saved = actions.save_fields(brandweer, case.id, loaded, "Els Peeters", {"complainant_phone": "03 123 45 67"})
    assert row(brandweer, case.id, "title", "complainant_phone") == ("Sirene 's nachts", "03 123 45 67")
    assert saved.version == loaded + 2
    assert changed_events(brandweer, case.id) == [
        ("Tom Jacobs", "title", "Sirene te luid", "Sirene 's nachts"),
        ("Els Peeters", "complainant_phone", "", "03 123 45 67"),
    ]


def test_the_same_field_changed_by_both_refuses_the_whole_save_with_both_values(brandweer):
    case = new_case(brandweer)
    loaded = case.version
    actions.save_fields(brandweer, case.id, loaded, "Tom Jacobs", {"title": "Versie van Tom"})
    with pytest.raises(ConflictError) as refused:
        actions.save_fields(brandweer, case.id, loaded, "Els Peeters",
                            {"title": "Versie van Els", "complainant_phone": "03 123 45 67"})
    [clash] = refused.value.clashes
    assert (clash.field, clash.theirs, clash.mine, clash.user) == ("title", "Versie van Tom", "Versie van Els",
                                                                    "Tom Jacobs")
    message = refused.value.message
    assert "Tom Jacobs" in message and "«Versie van Tom»" in message and "«Versie van Els»" in message
    # Nothing of Els's save was written, not even the field Tom did not touch.
    assert row(brandweer, case.id, "title", "complainant_phone") == ("Versie van Tom", "")
    # Saving again from the version she now sees applies her values deliberately.
    current = row(brandweer, case.id, "version")[0]
    actions.save_fields(brandweer, case.id, current, "Els Peeters", {"title": "Versie van Els"})
    assert row(brandweer, case.id, "title") == ("Versie van Els",)


def test_both_making_the_same_change_is_no_clash(brandweer):
    case = new_case(brandweer)
    loaded = case.version
    actions.save_fields(brandweer, case.id, loaded, "Tom Jacobs", {"title": "Zelfde"})
    actions.save_fields(brandweer, case.id, loaded, "Els Peeters", {"title": "Zelfde", "school": "De Linde"})
    assert row(brandweer, case.id, "title", "school") == ("Zelfde", "De Linde")
    assert [e[:2] for e in changed_events(brandweer, case.id)] == [("Tom Jacobs", "title"), ("Els Peeters", "school")]


def test_a_clash_names_a_handler_by_name(brandweer):
    tom, an = brandweer.ensure_user("Tom Jacobs"), brandweer.ensure_user("An Claes")
    brandweer.refresh()
    case = new_case(brandweer)
    loaded = case.version
    actions.save_fields(brandweer, case.id, loaded, "Tom Jacobs", {"handler_id": tom})
    with pytest.raises(ConflictError) as refused:
        actions.save_fields(brandweer, case.id, loaded, "Els Peeters", {"handler_id": an})
    [clash] = refused.value.clashes
    assert (clash.label, clash.theirs, clash.mine) == ("behandelaar", "Tom Jacobs", "An Claes")


def test_a_workflow_step_merges_with_an_edit_made_meanwhile(brandweer):
    case = new_case(brandweer)
    loaded = case.version
    actions.save_fields(brandweer, case.id, loaded, "Tom Jacobs", {"motivation": "Onderzocht"})
    actions.acknowledge(brandweer, case.id, loaded, "Els Peeters", date(2026, 11, 3))
    assert row(brandweer, case.id, "motivation", "acknowledged")[0] == "Onderzocht"
    assert str(row(brandweer, case.id, "acknowledged")[0]) == "2026-11-03"


def test_a_field_edit_after_several_saves_by_others_still_merges(brandweer):
    case = new_case(brandweer)
    loaded = case.version
    for title in ("Een", "Twee", "Drie"):
        current = row(brandweer, case.id, "version")[0]
        actions.save_fields(brandweer, case.id, current, "Tom Jacobs", {"title": title})
    actions.save_fields(brandweer, case.id, loaded, "Els Peeters", {"description": "Meer uitleg"})
    assert row(brandweer, case.id, "title", "description") == ("Drie", "Meer uitleg")
    with pytest.raises(ConflictError) as refused:
        actions.save_fields(brandweer, case.id, loaded, "Els Peeters", {"title": "Vier"})
    assert refused.value.clashes[0].theirs == "Drie"


def test_a_version_that_left_no_field_events_refuses_every_change(brandweer):
    """A change made without the desk's events (here: straight in the table) cannot be merged
    over: what it changed is not known."""
    case = new_case(brandweer)
    loaded = case.version
    with brandweer.sessions.write() as session:
        session.execute(text("UPDATE case_file SET version = version + 1, title = 'Buiten de desk' WHERE id = :i"),
                        {"i": case.id})
    with pytest.raises(ConflictError) as refused:
        actions.save_fields(brandweer, case.id, loaded, "Els Peeters", {"school": "De Linde"})
    assert [c.field for c in refused.value.clashes] == ["school"]
    assert row(brandweer, case.id, "school") == ("",)
