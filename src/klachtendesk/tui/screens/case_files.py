"""The case screen's files and letters: add a file by path, open or save one, make a letter.

Flows of dialogs run from the case screen's workers (``action_files``, ``action_letter``);
the store work runs in threads, and the file is handed to the system's program.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from klachtendesk.domain.dates import format_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.letters.fields import KIND_LABELS
from klachtendesk.store.errors import StoreError
from klachtendesk.tui import mail_desk
from klachtendesk.tui.dialogs.confirm import ConfirmDialog
from klachtendesk.tui.dialogs.picker import Choice, PickerDialog
from klachtendesk.tui.dialogs.text_input import TextDialog
from klachtendesk.tui.safe import notify_plain

if TYPE_CHECKING:
    from klachtendesk.tui.screens.case import CaseScreen

ADD = "add"
_KIND_HELP = {
    "ontvangstmelding": "Bevestig dat de klacht ontvangen is, met het kenmerk en de antwoordtermijn.",
    "antwoord": "Het gemotiveerde antwoord: het ontwerpantwoord, met wat de organisatie in elk antwoord vraagt.",
    "afsluiting": "Bevestig dat de zaak beantwoord en afgesloten is.",
}


async def files_flow(screen: CaseScreen) -> None:
    app, desk = screen.app, screen.desk
    bundle = screen.bundle
    assert bundle is not None
    choices = [Choice(ADD, "+ Bestand toevoegen…", "Voeg een bestand van deze computer toe aan de zaak.")]
    choices += [Choice(f.id, f.name, f"{f.size_text} · {format_date(f.added_at.date())} · {f.added_by}")
                for f in bundle.files]
    picked = await app.push_screen_wait(PickerDialog("Bijlagen", choices))
    if picked is None:
        return
    if picked == ADD:
        notice = ""
        value = ""
        while True:
            path = await app.push_screen_wait(TextDialog(
                "Bestand toevoegen", f"Het pad van het bestand (maximaal {desk.settings.attachment_max_mb} MB).",
                label="Bestand", value=value, required=True, notice=notice))
            if path is None:
                return
            try:
                info = await asyncio.to_thread(mail_desk.add_file, desk, screen.case_id, path)
            except (DomainError, StoreError) as err:
                value, notice = path, err.message
                continue
            break
        await screen._fresh()
        notify_plain(app, f"Bijlage {info.name} ({info.size_text}) toegevoegd.")
        return
    name = next(f.name for f in bundle.files if f.id == picked)
    what = await app.push_screen_wait(PickerDialog(name, [
        Choice("open", "Openen", "Open het bestand met het standaardprogramma van deze computer."),
        Choice("save", "Bewaren als…", "Bewaar een kopie op een plaats die je kiest."),
    ]))
    try:
        if what == "open":
            opened = await asyncio.to_thread(mail_desk.open_file, desk, picked)
            notify_plain(app, f"{name} geopend ({opened.parent}).")
        elif what == "save":
            target = await app.push_screen_wait(TextDialog(
                "Bewaren als", "Een map of een nieuwe bestandsnaam.", label="Waar", value=f"~/{name}", required=True))
            if target:
                saved = await asyncio.to_thread(mail_desk.save_file, desk, picked, target)
                notify_plain(app, f"Bewaard als {saved}.")
    except (DomainError, StoreError) as err:
        notify_plain(app, err.message, severity="error", timeout=10)


async def letter_flow(screen: CaseScreen) -> None:
    from klachtendesk.letters.make import context, default_format

    app, desk = screen.app, screen.desk
    kind = await app.push_screen_wait(PickerDialog("Brief maken", [
        Choice(k, KIND_LABELS[k].capitalize(), _KIND_HELP[k]) for k in _KIND_HELP]))
    if kind is None:
        return
    ctx = await asyncio.to_thread(context, desk.store, screen.case_id, desk.today())
    first = default_format(ctx.case, ctx.wrote_by_mail)
    formats = [Choice("eml", "E-mail (concept)", "Een concept dat je mailprogramma opent om te versturen."),
               Choice("docx", "Brief (Word)", "Een Word-document om af te drukken of als PDF te versturen.")]
    formats.sort(key=lambda c: c.value != first)
    fmt = await app.push_screen_wait(PickerDialog("Als", formats))
    if fmt is None:
        return
    try:
        made, _path, problem = await asyncio.to_thread(mail_desk.open_letter, desk, screen.case_id, kind, fmt)
    except (DomainError, StoreError) as err:
        notify_plain(app, f"Niet gemaakt: {err.message}", severity="error", timeout=10)
        return
    await screen._fresh()
    if problem:
        notify_plain(app, f"{made.name} gemaakt en bij de zaak bewaard. {problem}", severity="warning", timeout=12)
    else:
        notify_plain(app, f"{made.name} gemaakt, bij de zaak bewaard en geopend.")
    question = {"ontvangstmelding": "De ontvangstmelding vandaag als verstuurd noteren?",
                "antwoord": "Het antwoord vandaag als verstuurd noteren? Dat sluit de zaak af."}.get(kind)
    sent: bool | None = await app.push_screen_wait(ConfirmDialog("Verstuurd?", question)) if question else False
    if sent:
        try:
            line = await asyncio.to_thread(mail_desk.mark_sent, desk, screen.case_id, kind, fmt)
        except (DomainError, StoreError) as err:
            notify_plain(app, f"Niet genoteerd: {err.message}", severity="error", timeout=10)
            return
        await screen._fresh()
        app.refresh_counts()  # type: ignore[attr-defined]
        notify_plain(app, line)
