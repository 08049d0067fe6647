"""Intake: a receptionist registers a complaint on the day it arrives, keyboard only.

The fewest fields, tab between them, ctrl+s saves (ctrl+n saves and starts the next
one). While the complainant's name or e-mail is typed, their open cases appear on the
right, and the new case can be marked as a repeat of one of them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Select, Static

from klachtendesk.domain.dates import format_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.store.cases import CaseFields
from klachtendesk.store.complainants import EarlierCase
from klachtendesk.store.errors import StoreError
from klachtendesk.tui import keys
from klachtendesk.tui.dialogs.confirm import ConfirmDialog
from klachtendesk.tui.keyboard import current_keys
from klachtendesk.tui.safe import notify_plain, plain, user_text
from klachtendesk.tui.widgets.bars import StatusBar
from klachtendesk.tui.widgets.case_form import CaseForm, intake_fields
from klachtendesk.tui.widgets.earlier_cases import NOTHING_TYPED, listing
from klachtendesk.tui.widgets.field_error import FieldError
from klachtendesk.tui.widgets.key_bar import KeyBar

LOOKUP_DELAY = 0.3
NARROW = 100  # columns below which the earlier cases go under the form, not beside it


class IntakeScreen(Screen[None]):
    BINDINGS = keys.INTAKE.bindings()
    KEYS = ((keys.INTAKE, None),)

    DEFAULT_CSS = """
    IntakeScreen #title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    IntakeScreen #saved { color: $success; padding: 0 1; }
    IntakeScreen #body { height: 1fr; }
    IntakeScreen #side { width: 44; padding: 0 1; border-left: vkey $panel-lighten-2; }
    IntakeScreen #matches { height: auto; margin-bottom: 1; }
    /* Narrow (80 columns): the form takes the whole width and the earlier cases go below it. */
    IntakeScreen.-narrow #body { layout: vertical; }
    IntakeScreen.-narrow #side { width: 1fr; height: auto; max-height: 7; border-left: none;
                                 border-top: hkey $panel-lighten-2; overflow-y: auto; }
    IntakeScreen.-narrow #side .hint { display: none; }
    """

    def __init__(self, prefill: dict[str, Any] | None = None,
                 register: Callable[[CaseFields], Any] | None = None, title: str = "Nieuwe zaak") -> None:
        """``prefill``: values to start from (a mail from the inbox); ``register``: how the
        case is saved (the inbox keeps the mail with it)."""
        super().__init__()
        self._lookup_timer: Timer | None = None
        self._saving = False
        self._prefill = prefill or {}
        self._register = register
        self._title = title

    @property
    def desk(self):  # type: ignore[no-untyped-def]
        return self.app.desk  # type: ignore[attr-defined]

    def _defaults(self) -> dict[str, Any]:
        types = [t for t in self.desk.taxonomy.types if t.active]
        complaint = next((t for t in types if t.complaint), types[0] if types else None)
        return {"received": self.desk.today(), "signal_type_id": complaint.id if complaint else None,
                **self._prefill}

    def compose(self) -> ComposeResult:
        yield StatusBar(self.desk.settings.organisation, self.desk.user)
        yield Static(user_text(self._title, single_line=True), id="title")
        yield FieldError("", id="saved")
        with Horizontal(id="body"):
            yield CaseForm(self.desk.taxonomy, self.desk.settings.lines, intake_fields(self.desk.settings),
                           self._defaults(), settings=self.desk.settings, id="form")
            with Vertical(id="side"):
                yield Label("Eerdere zaken van deze melder", classes="field-label")
                yield Static(Text(NOTHING_TYPED, style="dim"), id="matches")
                yield Label("Herhaling van", classes="field-label")
                yield Select([], prompt="(geen herhaling)", allow_blank=True, id="repeat")
                yield Static(Text(self._hint(), style="dim"), classes="hint")
        yield KeyBar()

    def _hint(self) -> str:
        def shown(key_id: str) -> str:
            return keys.keys_text(current_keys(self.app, keys.INTAKE.get(key_id)), " of ")

        return (f"{shown('intake.save')} bewaart · {shown('intake.save_next')} bewaart en start de volgende · "
                f"{shown('intake.back')} terug")

    def on_mount(self) -> None:
        self._focus_start()
        if self._prefill:
            self._lookup()  # the sender's other open cases, at once

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def _focus_start(self) -> None:
        self.query_one("#input-channel_id").focus()

    # -- the same person's open cases -----------------------------------------------------

    @on(Input.Changed, "#input-complainant_name, #input-complainant_email, #input-complainant_phone")
    def _person_changed(self) -> None:
        if self._lookup_timer is not None:
            self._lookup_timer.stop()
        self._lookup_timer = self.set_timer(LOOKUP_DELAY, self._lookup)

    def _lookup(self) -> None:
        form = self.query_one(CaseForm)
        self._find_person(form.raw("complainant_name") or "", form.raw("complainant_email") or "",
                          form.raw("complainant_phone") or "")

    @work(thread=True, exclusive=True, group="intake-person")
    def _find_person(self, name: str, email: str, phone: str) -> None:
        matches = self.desk.earlier_cases_of(name, email, phone)
        self.app.call_from_thread(self._show_matches, matches)

    def _show_matches(self, matches: list[EarlierCase]) -> None:
        text = listing(matches)
        if matches:
            text.append("Kies hieronder als dit een herhaling is.", style="dim")
        self.query_one("#matches", Static).update(text)
        select = self.query_one("#repeat", Select)
        current = select.value
        select.set_options([(Text(plain(f"{m.reference}  {m.title}", single_line=True)), m.id) for m in matches])
        if current in {m.id for m in matches}:
            select.value = current

    @on(Select.Changed, "#input-signal_type_id")
    def _type_changed(self, event: Select.Changed) -> None:
        value = event.value
        self.query_one(CaseForm).refresh_categories(value if isinstance(value, int) else None)

    # -- saving --------------------------------------------------------------------------

    def action_save(self) -> None:
        self._save(next_one=False)

    def action_save_next(self) -> None:
        self._save(next_one=True)

    @work(exclusive=True, group="intake-save")
    async def _save(self, next_one: bool) -> None:
        if self._saving:
            return
        form = self.query_one(CaseForm)
        values, errors = form.values()
        if errors:
            notify_plain(self.app, "Niet bewaard: verbeter de velden in het rood.", severity="error")
            return
        repeat = self.query_one("#repeat", Select).value
        values.update(self.desk.category_changes(values.pop("category_id", None)))
        values["anonymous"] = bool(values.get("anonymous"))
        values["line"] = values.get("line") or ""  # a line left empty is no line
        known = {f.name for f in dataclass_fields(CaseFields)}
        fields = CaseFields(**{name: value for name, value in values.items() if name in known},
                            repeat_of_id=repeat if isinstance(repeat, int) else None)
        self._saving = True
        try:
            case = await asyncio.to_thread(self._register or self.desk.register, fields)
        except (DomainError, StoreError) as err:
            field = getattr(err, "field", None)
            if field:
                form.show_error(field, err.message)
            notify_plain(self.app, f"Niet bewaard: {err.message}", severity="error")
            return
        finally:
            self._saving = False
        self.app.refresh_counts()  # type: ignore[attr-defined]
        message = f"Zaak {case.reference} geregistreerd · antwoord tegen {format_date(case.due)}"
        notify_plain(self.app, message, title="Bewaard")
        if next_one and self._register is None:  # a mail's intake ends with its case
            self._reset(message)
        else:
            self.dismiss()

    def _reset(self, message: str) -> None:
        form = self.query_one(CaseForm)
        defaults = self._defaults()
        for spec in form.fields:
            form.set_value(spec.name, defaults.get(spec.name))
        form.clear_errors()
        self.query_one("#repeat", Select).set_options([])
        self.query_one("#matches", Static).update(Text(NOTHING_TYPED, style="dim"))
        self.query_one("#saved", FieldError).update(Text(f"✓ {message}"))
        self._focus_start()

    # -- leaving -------------------------------------------------------------------------

    def _dirty(self) -> bool:
        form = self.query_one(CaseForm)
        return any(form.raw(spec.name) for spec in form.fields if spec.kind in ("line", "text"))

    @work(exclusive=True, group="intake-leave")
    async def action_leave(self) -> None:
        if self._dirty():
            sure = await self.app.push_screen_wait(ConfirmDialog(
                "Niet bewaard", "Deze zaak is nog niet bewaard. Toch teruggaan en de invoer weggooien?"))
            if not sure:
                return
        self.dismiss()
