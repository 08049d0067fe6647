"""Approvals name who gave them: picked when recorded, kept with the case, shown by name in
the timeline and the answer letter; approvals recorded before names were kept still name
the user who recorded them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from klachtendesk import clock
from klachtendesk.domain import approvals
from klachtendesk.presets import load_preset
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.correspondence import approvers
from klachtendesk.store.database import Store


def drafted(store):
    klacht = store.taxonomy.find("types", "Klacht").id
    with store.sessions.write() as session:
        case = create_case(session, CaseFields(received=date(2026, 11, 20), signal_type_id=klacht, title="Koud eten"),
                           user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    case = actions.set_admissibility(store, case.id, case.version, "Els Peeters", True)
    return actions.write_draft(store, case.id, case.version, "Els Peeters", "Beste, we verwarmen ze voortaan.")


def test_the_approver_is_kept_with_the_step_and_named_in_the_timeline(tmp_path):
    store = Store.create(tmp_path / "zorg.db", load_preset("zorgbedrijf"), user="Els Peeters")
    try:
        first, second = store.settings.approvals
        case = drafted(store)
        case = actions.approve(store, case.id, case.version, "Els Peeters", first, "Jan Leidinggevende")
        case = actions.approve(store, case.id, case.version, "Els Peeters", second)  # by the one who records it
        assert approvals.parse(case.approvals) == (approvals.Approval(first, "Jan Leidinggevende"),
                                                   approvals.Approval(second, "Els Peeters"))
        assert case.status == "approved"
        with store.sessions.read() as session:
            news = session.execute(text("SELECT new FROM event WHERE field = 'approvals' ORDER BY id")).scalars().all()
            assert news == [f"{first} (Jan Leidinggevende)",
                            f"{first} (Jan Leidinggevende), {second} (Els Peeters)"]
            assert approvers(session, case.id) == [(first, "Jan Leidinggevende"), (second, "Els Peeters")]
        # A new draft withdraws both, names and all.
        case = actions.write_draft(store, case.id, case.version, "Els Peeters", "Beste, anders.")
        assert case.approvals == ""
    finally:
        store.close()


def test_an_approval_stored_without_a_name_names_who_recorded_it(tmp_path):
    store = Store.create(tmp_path / "zorg.db", load_preset("zorgbedrijf"), user="Els Peeters")
    try:
        first, _ = store.settings.approvals
        case = drafted(store)
        # As a store made before approvers were kept holds it: the step alone, and the event.
        actions.save_fields(store, case.id, case.version, "Tom Jacobs", {"approvals": first})
        with store.sessions.read() as session:
            assert approvers(session, case.id) == [(first, "Tom Jacobs")]
    finally:
        store.close()
