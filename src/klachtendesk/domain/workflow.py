"""The life of a case (DOMAIN.md §3) as statuses and the transitions between them.

registered -> (admissibility checked) -> investigating -> draft answer -> approved ->
closed. A non-admissible case goes straight to its answer: the admissibility decision sets
its "niet ontvankelijk" qualification, so it can close without investigation or approvals.
A signal type may close without any final qualification (the city's wegwijsvraag, afspraak,
spam). A closed case can be reopened with a reason. Nothing is ever deleted.

Each transition is a pure function: it takes the case as it is (``CaseState``) and
returns the field changes to apply, or raises DomainError with a Dutch message. The TUI,
the CLI and the importer all go through these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from klachtendesk.domain.answer_footer import check_answer
from klachtendesk.domain.approvals import Approval
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.facts import FOUNDED


class Status(StrEnum):
    REGISTERED = "registered"
    INVESTIGATING = "investigating"
    DRAFTED = "drafted"
    APPROVED = "approved"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.REGISTERED: "Geregistreerd",
    Status.INVESTIGATING: "In onderzoek",
    Status.DRAFTED: "Ontwerpantwoord",
    Status.APPROVED: "Goedgekeurd",
    Status.CLOSED: "Afgesloten",
}

OPEN_STATUSES = tuple(s for s in Status if s is not Status.CLOSED)

#: Why a case is not admissible (DOMAIN.md §2); shown in the admissibility dialog.
INADMISSIBLE_REASONS = (
    "Onbevoegd",
    "Onvoldoende gegevens",
    "Anoniem",
    "Feiten ouder dan een jaar",
    "Beslist beleid",
)

ANSWER_CHANNELS = ("e-mail", "brief")

# Words in a "niet ontvankelijk" qualification's label that say it fits a reason: the
# presets name them differently ("– onbevoegd", "– geen onderzoek/onvoldoende gegevens").
_REASON_WORDS: dict[str, tuple[str, ...]] = {
    "onbevoegd": ("onbevoegd",),
    "onvoldoende gegevens": ("onvoldoende gegevens", "geen concrete gegevens", "geen onderzoek"),
    "anoniem": ("anoniem", "onvoldoende gegevens", "geen concrete gegevens", "geen onderzoek"),
    "feiten ouder dan een jaar": ("onvoldoende gegevens", "geen concrete gegevens", "geen onderzoek"),
    "beslist beleid": ("beslist beleid",),
}


@dataclass(frozen=True)
class QualificationInfo:
    label: str
    admissible: bool
    founded: str = ""


@dataclass
class CaseState:
    """What the workflow needs to know about a case."""

    status: Status
    received: date
    admissible: bool | None = None
    qualification: QualificationInfo | None = None
    draft_answer: str = ""
    approvals_required: tuple[str, ...] = ()
    approvals_given: tuple[str, ...] = ()
    #: The stored approvals (domain/approvals.py: the step and who approved it), as given.
    approval_lines: tuple[str, ...] = ()
    answered: date | None = None
    #: False for a signal type that closes without a final qualification (spam).
    qualification_required: bool = True
    ombudsnorms: tuple[str, ...] = ()  # the norms recorded as broken (domain/facts.py)
    answer_footer: str = ""  # the text every final answer must include (domain/answer_footer.py)
    answer_footer_required: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


Changes = dict[str, Any]


def _norms_follow(case: CaseState, changes: Changes) -> Changes:
    """Ombudsnormen belong to a (partly) founded case: a new qualification that is not one
    clears them (the event log keeps what they were)."""
    if "qualification" in changes and case.ombudsnorms:
        new = changes["qualification"]
        if new is None or new.founded not in FOUNDED:
            changes["ombudsnorms"] = ()
    return changes


def _require_open(case: CaseState, action: str) -> None:
    if case.status is Status.CLOSED:
        raise DomainError(f"De zaak is afgesloten: heropen ze eerst om {action}.")


def inadmissible_qualification(reason: str, choices: Sequence[QualificationInfo]) -> QualificationInfo | None:
    """The organisation's "niet ontvankelijk" qualification for ``reason``: its only one, or
    the one whose label names the reason; None when that is not clear."""
    candidates = [q for q in choices if not q.admissible]
    if len(candidates) == 1:
        return candidates[0]
    words = _REASON_WORDS.get(reason.strip().lower(), (reason.strip().lower(),))
    for word in words:
        found = [q for q in candidates if word in q.label.lower()]
        if len(found) == 1:
            return found[0]
    return None


def set_admissibility(case: CaseState, admissible: bool, reason: str = "",
                      qualifications: Sequence[QualificationInfo] = ()) -> Changes:
    """Record the admissibility check. Admissible cases go into investigation; a case found
    not admissible gets its "niet ontvankelijk" qualification (from ``qualifications``, the
    organisation's list) and waits for its answer.

    A qualification that no longer fits the decision is cleared (in the changes as
    ``"qualification": None``)."""
    _require_open(case, "de ontvankelijkheid te wijzigen")
    changes: Changes
    if admissible:
        status = case.status
        if status is Status.REGISTERED:
            status = Status.INVESTIGATING
        changes = {"admissible": True, "inadmissible_reason": "", "status": status}
        if case.qualification is not None and not case.qualification.admissible:
            changes["qualification"] = None
        return _norms_follow(case, changes)
    if not reason.strip():
        raise DomainError(
            "Geef de reden waarom de zaak niet ontvankelijk is.", field="inadmissible_reason"
        )
    # A non-admissible case has nothing to investigate: it waits for its answer.
    status = case.status if case.status is not Status.REGISTERED else Status.INVESTIGATING
    changes = {"admissible": False, "inadmissible_reason": reason.strip(), "status": status}
    matched = inadmissible_qualification(reason, qualifications)
    if matched is not None:
        if matched != case.qualification:
            changes["qualification"] = matched
    elif case.qualification is not None and case.qualification.admissible:
        changes["qualification"] = None
    return _norms_follow(case, changes)


def start_investigation(case: CaseState) -> Changes:
    _require_open(case, "het onderzoek te starten")
    if case.status is not Status.REGISTERED:
        raise DomainError(f"De zaak is al {case.status.label.lower()}.")
    return {"status": Status.INVESTIGATING}


def write_draft(case: CaseState, text: str) -> Changes:
    """Save the draft answer. Changing it withdraws approvals already given."""
    _require_open(case, "het ontwerpantwoord te wijzigen")
    if case.admissible is None:
        raise DomainError("Beslis eerst over de ontvankelijkheid.")
    changes: Changes = {"draft_answer": text}
    if text.strip():
        changes["status"] = Status.DRAFTED
        if case.approvals_given and text != case.draft_answer:
            changes["approvals"] = ()
    elif case.status in (Status.DRAFTED, Status.APPROVED):
        changes["status"] = Status.INVESTIGATING
        changes["approvals"] = ()
    return changes


def approve(case: CaseState, step: str, by: str = "") -> Changes:
    """Record that ``step`` was given, by ``by`` (a user's name)."""
    _require_open(case, "goed te keuren")
    if step not in case.approvals_required:
        raise DomainError(f"'{step}' is geen goedkeuring die deze organisatie vraagt.")
    if not case.draft_answer.strip():
        raise DomainError("Er is nog geen ontwerpantwoord om goed te keuren.")
    if step in case.approvals_given:
        raise DomainError(f"'{step}' is al gegeven.")
    # Approvals come in the order the organisation set.
    index = case.approvals_required.index(step)
    missing = [s for s in case.approvals_required[:index] if s not in case.approvals_given]
    if missing:
        raise DomainError(f"Eerst nodig: {', '.join(missing)}.")
    given = (*case.approvals_given, step)
    status = Status.APPROVED if set(given) >= set(case.approvals_required) else Status.DRAFTED
    lines = case.approval_lines or case.approvals_given
    return {"approvals": (*lines, Approval(step, by.strip()).line), "status": status}


def set_qualification(case: CaseState, qualification: QualificationInfo) -> Changes:
    _require_open(case, "de kwalificatie te wijzigen")
    if case.admissible is None:
        raise DomainError("Beslis eerst over de ontvankelijkheid.")
    if case.admissible and not qualification.admissible:
        raise DomainError(
            f"'{qualification.label}' is voor niet-ontvankelijke zaken, maar deze zaak is "
            "ontvankelijk. Wijzig eerst de ontvankelijkheid."
        )
    if not case.admissible and qualification.admissible:
        raise DomainError(
            "Deze zaak is niet ontvankelijk: kies een kwalificatie 'Niet ontvankelijk'."
        )
    return _norms_follow(case, {"qualification": qualification})


def close(case: CaseState, answered: date, channel: str, today: date) -> Changes:
    """Mark as answered: the answer reached the complainant, which closes the case."""
    _require_open(case, "ze af te sluiten")
    if case.qualification_required:
        if case.admissible is None:
            raise DomainError("Beslis eerst over de ontvankelijkheid.")
        if case.qualification is None:
            raise DomainError("Kies eerst een eindkwalificatie.")
    if channel not in ANSWER_CHANNELS:
        raise DomainError("Kies hoe het antwoord verstuurd werd: e-mail of brief.")
    if answered < case.received:
        raise DomainError("De antwoorddatum ligt vóór de ontvangstdatum.", field="answered")
    if answered > today:
        raise DomainError("De antwoorddatum ligt in de toekomst.", field="answered")
    if case.admissible and case.approvals_required:
        missing = [s for s in case.approvals_required if s not in case.approvals_given]
        if missing:
            raise DomainError(f"Het antwoord is nog niet goedgekeurd: {', '.join(missing)}.")
    if case.qualification_required:  # a final answer (spam or an appointment gets none)
        check_answer(case.draft_answer, case.answer_footer, case.answer_footer_required)
    return {"answered": answered, "answer_channel": channel, "status": Status.CLOSED}


def reopen(case: CaseState, reason: str) -> Changes:
    if case.status is not Status.CLOSED:
        raise DomainError("Alleen een afgesloten zaak kan heropend worden.")
    if not reason.strip():
        raise DomainError("Geef de reden om de zaak te heropenen.", field="reason")
    return {"status": Status.INVESTIGATING, "answered": None, "answer_channel": ""}


def initial_status(
    *,
    admissible: bool | None,
    qualification: QualificationInfo | None,
    answered: date | None,
    answer_channel: str,
    draft_answer: str = "",
    qualification_required: bool = True,
) -> tuple[Status, bool | None]:
    """Status (and admissibility) of a case registered with later fields already filled in,
    as when a register is imported. Raises DomainError when the fields contradict each other.
    """
    if qualification is not None:
        if admissible is None:
            admissible = qualification.admissible
        elif admissible != qualification.admissible:
            if admissible:
                raise DomainError(
                    f"De zaak is ontvankelijk maar de kwalificatie '{qualification.label}' "
                    "is voor niet-ontvankelijke zaken."
                )
            raise DomainError(
                f"De zaak is niet ontvankelijk maar de kwalificatie '{qualification.label}' "
                "is voor ontvankelijke zaken."
            )
    if answered is not None:
        if qualification is None and qualification_required:
            raise DomainError("Een afgesloten zaak heeft een kwalificatie nodig.")
        if answer_channel and answer_channel not in ANSWER_CHANNELS:
            raise DomainError("Het antwoordkanaal moet 'e-mail' of 'brief' zijn.")
        return Status.CLOSED, admissible
    if draft_answer.strip():
        return Status.DRAFTED, admissible
    if admissible is not None:
        return Status.INVESTIGATING, admissible
    return Status.REGISTERED, admissible
