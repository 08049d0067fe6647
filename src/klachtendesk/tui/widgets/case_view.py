"""The case as text: its fields, deadlines and links (left), and its timeline (right).

Pure functions from a CaseBundle to ``rich.text.Text``; every user string goes through
``safe.user_text``.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from klachtendesk.clock import local
from klachtendesk.domain import approvals, facts
from klachtendesk.domain.dates import format_date, format_datetime
from klachtendesk.domain.deadlines import Urgency, answered_verdict
from klachtendesk.domain.fields import field_label
from klachtendesk.domain.workflow import Status
from klachtendesk.store.attachments import SOURCE_LABELS
from klachtendesk.tui.desk import CaseBundle, Desk
from klachtendesk.tui.safe import user_text

LABEL_WIDTH = 18


def _days(n: int) -> str:
    return "1 dag" if abs(n) == 1 else f"{abs(n)} dagen"


def deadline_phrase(due: date, today: date) -> str:
    left = (due - today).days
    if left < 0:
        return f"{_days(left)} te laat"
    if left == 0:
        return "vandaag"
    return f"nog {_days(left)}"


class _Builder:
    def __init__(self) -> None:
        self.text = Text(end="")

    def heading(self, title: str) -> None:
        if self.text:
            self.text.append("\n")
        self.text.append(f"{title}\n", style="bold underline")

    def row(self, label: str, value: Text | str, style: str = "") -> None:
        self.text.append(f"{label:<{LABEL_WIDTH}}", style="dim")
        value_text = value if isinstance(value, Text) else user_text(value)
        if not value_text.plain:
            value_text = Text("—", style="dim")
        if style:
            value_text.stylize(style)
        # Continuation lines of a long value are indented under the value column.
        lines = value_text.split("\n")
        for index, line in enumerate(lines):
            if index:
                self.text.append(" " * LABEL_WIDTH)
            self.text.append_text(line)
            self.text.append("\n")

    def block(self, value: str) -> None:
        self.text.append_text(user_text(value) if value else Text("—", style="dim"))
        self.text.append("\n")


def case_details(bundle: CaseBundle, desk: Desk) -> Text:
    case, tax, settings = bundle.case, desk.taxonomy, desk.settings
    today = desk.today()
    closed = case.status == Status.CLOSED
    b = _Builder()

    b.heading("Zaak")
    b.row("Titel", user_text(case.title, style="bold"))
    b.row("Ontvangen", format_date(case.received))
    b.row("Type", tax.label("types", case.signal_type_id))
    b.row("Kanaal", tax.label("channels", case.channel_id))
    if tax.entities:
        b.row("Entiteit", tax.label("entities", case.entity_id))
    category = tax.label("categories", case.category_id)
    if case.subcategory_id:
        category = f"{category} › {tax.label('categories', case.subcategory_id)}"
    b.row("Categorie", category)
    b.row("Behandelaar", tax.label("users", case.handler_id))
    if settings.lines:
        b.row("Lijn", case.line)
    if settings.uses(facts.SCHOOL):
        b.row(facts.LABELS[facts.SCHOOL], case.school)
    b.row("Status", Status(case.status).label)

    b.heading("Termijn")
    term = tax.type(case.signal_type_id).term
    urgency = desk.urgency(case.due, closed)
    due_text = Text(format_date(case.due))
    if not closed:
        style = {"overdue": "bold red", "due_soon": "bold yellow"}.get(urgency.value if urgency else "", "")
        mark = "!! " if urgency is Urgency.OVERDUE else "! " if urgency is Urgency.DUE_SOON else ""
        due_text.append(f"  {mark}{deadline_phrase(case.due, today)}", style=style)
    b.row("Antwoord tegen", due_text)
    b.row("Regel", term.describe())
    if case.extension_days:
        b.row("Verlengd", f"{case.extension_days} {term.unit}: {case.extension_reason}")
    ack_due = desk.acknowledgement_due(case.received)
    if case.acknowledged:
        b.row("Ontvangstmelding", f"verstuurd op {format_date(case.acknowledged)}")
    elif closed:
        b.row("Ontvangstmelding", Text("niet geregistreerd", style="dim"))
    else:
        ack = Text(f"te versturen tegen {format_date(ack_due)}")
        if ack_due < today:
            ack.append(f"  !! {_days((ack_due - today).days)} te laat", style="bold red")
        b.row("Ontvangstmelding", ack)
    if case.answered:
        verdict = answered_verdict(case.received, case.answered, case.due, settings.calendar)
        b.row("Beantwoord", f"{format_date(case.answered)} per {case.answer_channel or '?'} "
                            f"(na {_days(verdict.lead_days)}, {'op tijd' if verdict.on_time else 'te laat'})")

    b.heading("Melder")
    if case.anonymous:
        b.row("Anoniem", "ja")
    b.row("Naam", case.complainant_name)
    b.row("E-mail", case.complainant_email)
    b.row("Telefoon", case.complainant_phone)
    b.row("Adres", case.complainant_address)

    b.heading("Omschrijving")
    b.block(case.description)

    b.heading("Behandeling")
    if case.admissible is None:
        b.row("Ontvankelijk", Text("nog niet beslist", style="yellow"))
    elif case.admissible:
        b.row("Ontvankelijk", "ja")
    else:
        b.row("Ontvankelijk", f"nee: {case.inadmissible_reason}")
    if case.qualification_id is None and not tax.type(case.signal_type_id).needs_qualification:
        b.row("Eindkwalificatie", Text("niet nodig voor dit type", style="dim"))
    else:
        b.row("Eindkwalificatie", tax.label("qualifications", case.qualification_id))
    if settings.uses(facts.SOLVED):
        b.row(facts.LABELS[facts.SOLVED], case.solved)
    if settings.uses(facts.OMBUDSNORMS):
        b.row(facts.LABELS[facts.OMBUDSNORMS], "\n".join(facts.split_norms(case.ombudsnorms)))
    if settings.uses(facts.MEDIATION_RESULT):
        b.row("Bemiddeling", case.mediation_result)
    if settings.uses(facts.STAFF_MEMBER):
        # Sensitive: shown to the complaints team here, left out of exports unless asked for.
        b.row("Medewerker", case.staff_member)
    if settings.approvals:
        # One line per step, in the organisation's order: the step, and who approved it.
        given = {a.step: a.by for a in approvals.parse(case.approvals)}
        lines = Text(end="")
        for index, step in enumerate(settings.approvals):
            if index:
                lines.append("\n")
            lines.append_text(user_text(f"{step}: "))
            if step not in given:
                lines.append("nog niet", style="yellow")
            else:
                lines.append("✓ gegeven", style="green")
                if given[step]:
                    lines.append(" door ")
                    lines.append_text(user_text(given[step], style="bold", single_line=True))
        b.row("Goedkeuringen", lines)
    b.text.append("Argumentatie\n", style="dim")
    b.block(case.motivation)
    b.text.append("Ontwerpantwoord\n", style="dim")
    b.block(case.draft_answer)
    b.text.append("Extra acties\n", style="dim")
    b.block(case.extra_actions)
    if case.extra_actions:
        b.row("Uitgevoerd", format_date(case.extra_actions_done) if case.extra_actions_done else "nog niet")

    b.heading("Bijlagen")
    if not bundle.files:
        b.text.append("Geen bijlagen. ", style="dim")
        b.text.append("f voegt een bestand toe.\n", style="dim")
    for file in bundle.files:
        line = user_text(file.name, style="bold", single_line=True)
        added = local(file.added_at)
        line.append(f"  {file.size_text} · {format_date(added.date()) if added else ''}", style="dim")
        source = SOURCE_LABELS.get(file.source, "")
        if source:
            line.append(f" · {source}", style="dim")
        b.text.append_text(line)
        b.text.append("\n")

    if bundle.repeat_of or bundle.repeated_by:
        b.heading("Herhaling")
        if bundle.repeat_of:
            b.row("Herhaling van", user_text(f"{bundle.repeat_of[1]}  {bundle.repeat_of[2]}"))
        for _, reference, title in bundle.repeated_by:
            b.row("Herhaald in", user_text(f"{reference}  {title}"))
    return b.text


_KIND_LABELS = {
    "note": "notitie",
    "exported": "exporteerde",
    "retention": "anonimiseerde",
    "anonymised": "geanonimiseerd (bewaartermijn verstreken)",
    "mail_in": "binnengekomen",
    "mail_out": "verstuurd",
    "attachment": "bijlage toegevoegd",
    "letter": "document",
}


def timeline(bundle: CaseBundle) -> Text:
    """Events newest first: when, who, what changed (old → new) or the note."""
    text = Text(end="")
    previous_key = None
    for event in bundle.events:
        key = (event.at, event.user)
        if key != previous_key:
            if previous_key is not None:
                text.append("\n")
            text.append(format_datetime(local(event.at)), style="bold")
            text.append("  ")
            text.append_text(user_text(event.user, style="bold", single_line=True))
            text.append("\n")
            previous_key = key
        if event.kind == "changed":
            text.append("  ")
            text.append(field_label(event.field), style="italic")
            text.append(": ")
            old = event.old.replace("\n", " ⏎ ")
            new = event.new.replace("\n", " ⏎ ")
            if len(old) > 60:
                old = old[:59] + "…"
            if len(new) > 200:
                new = new[:199] + "…"
            text.append_text(user_text(old or "(leeg)", style="dim"))
            text.append(" → ")
            text.append_text(user_text(new or "(leeg)"))
            text.append("\n")
        else:
            text.append("  ")
            if event.kind == "created":
                text.append_text(user_text(event.note or "Zaak geregistreerd", style="italic"))
            else:
                label = _KIND_LABELS.get(event.kind, event.kind)
                text.append(label + (": " if event.note else ""), style="italic")
                text.append_text(user_text(event.note))
            text.append("\n")
    return text
