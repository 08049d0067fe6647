"""The case file (dossier): the whole case on paper for the ombudsperson or an oversight body.

One self-contained HTML file (inline style, no scripts, no outside links), printable on A4:
the facts, the handling, the timeline, the letters and the list of files. Every value
goes through ``html.escape``; control characters were removed when the text was stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from klachtendesk.clock import local
from klachtendesk.domain import approvals
from klachtendesk.domain.dates import format_date, format_datetime
from klachtendesk.domain.fields import field_label
from klachtendesk.domain.files import format_size
from klachtendesk.domain.workflow import Status
from klachtendesk.letters.fields import KIND_LABELS
from klachtendesk.store.attachments import SOURCE_LABELS, AttachmentInfo, list_attachments
from klachtendesk.store.cases import events_for, get_case
from klachtendesk.store.correspondence import LetterInfo, letters_for, messages_for
from klachtendesk.store.database import Store
from klachtendesk.store.models import Case, Event, MailMessage

STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Segoe UI", Calibri, Arial, sans-serif; font-size: 10.5pt; line-height: 1.45;
       color: #1a1a1a; max-width: 60em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 18pt; margin: 0 0 0.2em; }
.subtitle { color: #444; margin: 0 0 1.5em; }
h2 { font-size: 13pt; border-bottom: 2px solid #2b4c7e; color: #2b4c7e; margin-top: 1.6em;
     break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; }
th, td { border: 1px solid #b8c2d0; padding: 0.2em 0.5em; vertical-align: top; text-align: left; }
th { background: #e8edf5; width: 14em; font-weight: 600; }
table.list th { width: auto; }
tr { break-inside: avoid; page-break-inside: avoid; }
.text { white-space: pre-wrap; border-left: 3px solid #b8c2d0; padding: 0.2em 0.8em; margin: 0.3em 0 0.8em; }
.muted { color: #666; }
td.num { text-align: right; white-space: nowrap; }
@media print { body { margin: 0; max-width: none; } }
"""


@dataclass(frozen=True)
class CaseFile:
    case: Case
    events: list[Event]
    attachments: list[AttachmentInfo]
    letters: list[LetterInfo]
    messages: list[MailMessage]


def gather(store: Store, case_id: int) -> CaseFile:
    with store.sessions.read() as session:
        case = get_case(session, case_id)
        return CaseFile(case, list(reversed(events_for(session, case_id))), list_attachments(session, case_id),
                        letters_for(session, case_id), messages_for(session, case_id))


def _approval_text(step: str, given: dict[str, str]) -> str:
    if step not in given:
        return "nog niet"
    return f"gegeven door {given[step]}" if given[step] else "gegeven"


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _rows(pairs: list[tuple[str, str]]) -> list[str]:
    out = ["<table>"]
    empty = '<span class="muted">—</span>'
    out += [f"<tr><th>{_e(label)}</th><td>{_e(value) if value else empty}</td></tr>" for label, value in pairs]
    out.append("</table>")
    return out


def _text(title: str, value: str) -> list[str]:
    body = f'<div class="text">{_e(value)}</div>' if value else '<p class="muted">—</p>'
    return [f"<h3>{_e(title)}</h3>", body]


def _when(moment: datetime | None) -> str:
    return format_datetime(local(moment)) if moment else ""


def render_dossier(store: Store, data: CaseFile, *, now: datetime) -> str:
    case, tax, settings = data.case, store.taxonomy, store.settings
    category = tax.label("categories", case.category_id)
    if case.subcategory_id:
        category += f" › {tax.label('categories', case.subcategory_id)}"
    admissible = "nog niet beslist" if case.admissible is None else (
        "ja" if case.admissible else f"nee: {case.inadmissible_reason}")
    parts = [
        "<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
        f"<title>Dossier {_e(case.reference)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        f"<h1>Dossier {_e(case.reference)}: {_e(case.title)}</h1>",
        f'<p class="subtitle">{_e(settings.organisation)} · opgemaakt op {_e(format_datetime(local(now)))}</p>',
        "<h2>Feiten</h2>",
    ]
    parts += _rows([
        ("Referentie", case.reference), ("Ontvangen", format_date(case.received)),
        ("Type", tax.label("types", case.signal_type_id)), ("Kanaal", tax.label("channels", case.channel_id)),
        *([("Entiteit", tax.label("entities", case.entity_id))] if tax.entities else []),
        ("Categorie", category), ("Behandelaar", tax.label("users", case.handler_id)),
        ("Status", Status(case.status).label), ("Antwoordtermijn", format_date(case.due)),
        ("Ontvangstmelding", format_date(case.acknowledged) if case.acknowledged else "niet geregistreerd"),
        ("Beantwoord", f"{format_date(case.answered)} per {case.answer_channel}" if case.answered else ""),
    ])
    parts.append("<h2>Melder</h2>")
    parts += _rows([("Naam", "anoniem" if case.anonymous else case.complainant_name),
                    ("E-mail", case.complainant_email), ("Telefoon", case.complainant_phone),
                    ("Adres", case.complainant_address)])
    parts += ["<h2>Klacht</h2>", *_text("Omschrijving", case.description)]
    parts.append("<h2>Behandeling</h2>")
    given = {a.step: a.by for a in approvals.parse(case.approvals)}
    parts += _rows([("Ontvankelijk", admissible),
                    ("Eindkwalificatie", tax.label("qualifications", case.qualification_id)),
                    *[(step, _approval_text(step, given)) for step in settings.approvals],
                    ("Verlenging", f"{case.extension_days} dagen: {case.extension_reason}"
                     if case.extension_days else "")])
    parts += _text("Onderzoek en argumentatie", case.motivation)
    parts += _text("Antwoord", case.draft_answer)
    parts += _text("Extra acties", case.extra_actions)

    parts.append("<h2>Brieven en e-mails</h2>")
    if data.letters:
        parts.append('<table class="list"><tr><th>Gemaakt</th><th>Soort</th><th>Vorm</th><th>Bestand</th>'
                     "<th>Door</th></tr>")
        parts += [f"<tr><td>{_e(_when(letter.created_at))}</td><td>{_e(KIND_LABELS.get(letter.kind, letter.kind))}"
                  f"</td><td>{'e-mail' if letter.format == 'eml' else 'brief'}</td><td>{_e(letter.name)}</td>"
                  f"<td>{_e(letter.created_by)}</td></tr>" for letter in data.letters]
        parts.append("</table>")
    else:
        parts.append('<p class="muted">Geen brieven gemaakt met klachtendesk.</p>')
    incoming = [m for m in data.messages if m.direction == "in"]
    if incoming:
        parts.append('<table class="list"><tr><th>Ontvangen mail</th><th>Van</th><th>Onderwerp</th></tr>')
        parts += [f"<tr><td>{_e(_when(m.sent_at))}</td><td>{_e(m.sender)}"
                  f"{'<br>doorgestuurd door ' + _e(m.forwarded_by) if m.forwarded_by else ''}</td>"
                  f"<td>{_e(m.subject)}</td></tr>" for m in incoming]
        parts.append("</table>")

    parts.append("<h2>Bijlagen</h2>")
    if data.attachments:
        parts.append('<table class="list"><tr><th>Bestand</th><th>Grootte</th><th>Herkomst</th><th>Toegevoegd</th>'
                     "</tr>")
        parts += [f"<tr><td>{_e(a.name)}</td><td class=\"num\">{_e(format_size(a.size))}</td>"
                  f"<td>{_e(SOURCE_LABELS.get(a.source, a.source))}</td><td>{_e(_when(a.added_at))} "
                  f"{_e(a.added_by)}</td></tr>" for a in data.attachments]
        parts.append("</table>")
    else:
        parts.append('<p class="muted">Geen bijlagen.</p>')

    parts += ["<h2>Tijdlijn</h2>", '<table class="list"><tr><th>Wanneer</th><th>Wie</th><th>Wat</th></tr>']
    for event in data.events:
        if event.kind == "changed":
            what = f"{field_label(event.field)}: {event.old or '(leeg)'} → {event.new or '(leeg)'}"
        else:
            what = event.note or event.kind
        parts.append(f"<tr><td>{_e(_when(event.at))}</td><td>{_e(event.user)}</td>"
                     f'<td class="text" style="border:1px solid #b8c2d0">{_e(what)}</td></tr>')
    parts += ["</table>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
