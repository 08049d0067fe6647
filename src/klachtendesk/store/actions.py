"""Workflow transitions on stored cases: load, ask the domain rule, save with events.

Each function here is what a key in the case screen or a CLI command calls. The rule
itself lives in ``domain/workflow.py``; this module only turns it into a saved change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from klachtendesk import clock
from klachtendesk.domain import approvals, workflow
from klachtendesk.domain.case_rules import check_acknowledged
from klachtendesk.domain.deadlines import check_extension
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.facts import check_norms_fit, split_norms
from klachtendesk.domain.workflow import CaseState, Status
from klachtendesk.store.cases import get_case, update_case
from klachtendesk.store.database import Store
from klachtendesk.store.models import Case


def case_state(store: Store, case: Case) -> CaseState:
    qualification = store.taxonomy.get("qualifications", case.qualification_id)
    return CaseState(
        status=Status(case.status),
        received=case.received,
        admissible=case.admissible,
        qualification=qualification.info if qualification else None,
        draft_answer=case.draft_answer,
        approvals_required=store.settings.approvals,
        approvals_given=approvals.steps(case.approvals),
        approval_lines=tuple(a.line for a in approvals.parse(case.approvals)),
        answered=case.answered,
        qualification_required=store.taxonomy.type(case.signal_type_id).needs_qualification,
        ombudsnorms=split_norms(case.ombudsnorms),
        answer_footer=store.settings.answer_footer,
        answer_footer_required=store.settings.answer_footer_required,
    )


def _apply(
    store: Store,
    case_id: int,
    version: int,
    user: str,
    rule: Callable[[CaseState], dict[str, Any]],
    *,
    extra: dict[str, Any] | None = None,
    note: str = "",
) -> Case:
    with store.sessions.write() as session:
        case = get_case(session, case_id)
        # The rule asks the case as it is now, others' changes since ``version`` included;
        # update_case refuses the result only where it clashes with theirs.
        changes = rule(case_state(store, case))
        if "qualification" in changes:
            info = changes.pop("qualification")
            row = store.taxonomy.find("qualifications", info.label) if info is not None else None
            changes["qualification_id"] = row.id if row is not None else None
        changes.update(extra or {})
        return update_case(session, case_id, version, changes, user=user, settings=store.settings,
                           taxonomy=store.taxonomy, now=clock.now(), note=note)


def save_fields(store: Store, case_id: int, version: int, user: str, changes: dict[str, Any],
                note: str = "") -> Case:
    """Plain field edits (title, complainant, category, ...)."""
    with store.sessions.write() as session:
        case = get_case(session, case_id)
        if case.status == Status.CLOSED and set(changes) & {"qualification_id", "admissible"}:
            raise DomainError("De zaak is afgesloten: heropen ze eerst.")
        if changes.get("ombudsnorms"):
            qualification = store.taxonomy.get("qualifications", changes.get("qualification_id", case.qualification_id))
            check_norms_fit(changes["ombudsnorms"], qualification.founded if qualification else None)
        return update_case(session, case_id, version, changes, user=user, settings=store.settings,
                           taxonomy=store.taxonomy, now=clock.now(), note=note)


def set_admissibility(store: Store, case_id: int, version: int, user: str,
                      admissible: bool, reason: str = "") -> Case:
    choices = [q.info for q in store.taxonomy.qualifications if q.active]
    return _apply(store, case_id, version, user,
                  lambda s: workflow.set_admissibility(s, admissible, reason, choices))


def set_qualification(store: Store, case_id: int, version: int, user: str,
                      qualification_id: int) -> Case:
    row = store.taxonomy.get("qualifications", qualification_id)
    if row is None:
        raise DomainError("Onbekende kwalificatie.")
    return _apply(store, case_id, version, user, lambda s: workflow.set_qualification(s, row.info))


def write_draft(store: Store, case_id: int, version: int, user: str, text: str) -> Case:
    return _apply(store, case_id, version, user, lambda s: workflow.write_draft(s, text))


def approve(store: Store, case_id: int, version: int, user: str, step: str, approver: str = "") -> Case:
    """``approver`` approved ``step`` (``user``, who records it, when not given)."""
    return _apply(store, case_id, version, user, lambda s: workflow.approve(s, step, approver.strip() or user))


def close(store: Store, case_id: int, version: int, user: str, answered: date,
          channel: str) -> Case:
    today = clock.today()
    return _apply(store, case_id, version, user,
                  lambda s: workflow.close(s, answered, channel, today))


def reopen(store: Store, case_id: int, version: int, user: str, reason: str) -> Case:
    return _apply(store, case_id, version, user, lambda s: workflow.reopen(s, reason),
                  note=f"Heropend: {reason.strip()}")


def acknowledge(store: Store, case_id: int, version: int, user: str, sent: date) -> Case:
    def rule(state: CaseState) -> dict[str, Any]:
        check_acknowledged(state.received, sent, clock.today())
        return {"acknowledged": sent}

    return _apply(store, case_id, version, user, rule)


def extend(store: Store, case_id: int, version: int, user: str, days: int, reason: str) -> Case:
    def rule(state: CaseState) -> dict[str, Any]:
        if state.status is Status.CLOSED:
            raise DomainError("De zaak is afgesloten: een verlenging heeft geen zin meer.")
        return {}

    with store.sessions.read() as session:
        case = get_case(session, case_id)
    term = store.taxonomy.type(case.signal_type_id).term
    check_extension(term, days, reason)
    return _apply(store, case_id, version, user, rule,
                  extra={"extension_days": days, "extension_reason": reason.strip()})


def link_repeat(store: Store, case_id: int, version: int, user: str,
                repeat_of_id: int | None) -> Case:
    if repeat_of_id == case_id:
        raise DomainError("Een zaak kan geen herhaling van zichzelf zijn.")
    return save_fields(store, case_id, version, user, {"repeat_of_id": repeat_of_id})

