"""The case screen: everything about one case, its timeline, and every action on it.

Each action opens a dialog, saves in a thread, and reloads. A save refused because
someone else changed the case (or because a rule says no) reopens the same dialog with
what the user typed still in it and the reason above it: nothing is lost, nothing is
silently overwritten.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from klachtendesk.domain import approvals
from klachtendesk.domain.answer_footer import new_draft
from klachtendesk.domain.approvals import Approval
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.workflow import INADMISSIBLE_REASONS, Status
from klachtendesk.store.errors import ConflictError, StoreError, quoted
from klachtendesk.store.models import Case
from klachtendesk.tui import keys
from klachtendesk.tui.desk import CaseBundle
from klachtendesk.tui.dialogs.forms import AnswerDialog, DateDialog, ExtensionDialog, ExtraActionsDialog
from klachtendesk.tui.dialogs.link import LinkChoice, LinkDialog
from klachtendesk.tui.dialogs.picker import NONE, Choice, PickerDialog, category_choices
from klachtendesk.tui.dialogs.text_input import TextDialog
from klachtendesk.tui.live import StoreChanged
from klachtendesk.tui.safe import notify_plain, user_text
from klachtendesk.tui.widgets.bars import StatusBar
from klachtendesk.tui.widgets.case_view import case_details, timeline
from klachtendesk.tui.widgets.key_bar import KeyBar


class CaseScreen(Screen[None]):
    BINDINGS = keys.CASE.bindings()
    KEYS = ((keys.CASE, None),)

    DEFAULT_CSS = """
    CaseScreen #title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    CaseScreen #body { height: 1fr; }
    CaseScreen #details { width: 3fr; padding: 0 1; }
    CaseScreen #timeline-box { width: 2fr; padding: 0 1; border-left: vkey $panel-lighten-2; }
    CaseScreen .pane-title { text-style: bold; color: $accent; }
    """

    class Loaded(Message):
        def __init__(self, bundle: CaseBundle) -> None:
            super().__init__()
            self.bundle = bundle

    def __init__(self, case_id: int, bundle: CaseBundle | None = None) -> None:
        super().__init__()
        self.case_id = case_id
        self.bundle: CaseBundle | None = None
        self._read = bundle  # the case as the app read it before showing this screen
        self._drawn: tuple[object, ...] | None = None  # what the screen shows (_looks)

    @property
    def desk(self):  # type: ignore[no-untyped-def]
        return self.app.desk  # type: ignore[attr-defined]

    @property
    def case(self) -> Case:
        assert self.bundle is not None
        return self.bundle.case

    def compose(self) -> ComposeResult:
        yield StatusBar(self.desk.settings.organisation, self.desk.user)
        yield Static("Laden…", id="title")
        with Horizontal(id="body"):
            with VerticalScroll(id="details"):
                yield Static(id="details-text")
            with VerticalScroll(id="timeline-box"):
                yield Static("Tijdlijn", classes="pane-title")
                yield Static(id="timeline")
        yield KeyBar()

    def on_mount(self) -> None:
        if self._read is not None:
            self._show(self.Loaded(self._read))
        else:
            self.load()

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="case-load")
    def load(self) -> None:
        try:
            bundle = self.desk.load_case(self.case_id)
        except StoreError as err:
            self.app.call_from_thread(notify_plain, self.app, err.message, severity="error")
            return
        self.post_message(self.Loaded(bundle))

    @on(StoreChanged)
    def _on_store_changed(self) -> None:
        if self.bundle is not None:  # still loading: that read sees the change
            self._read_again()

    @work(thread=True, exclusive=True, group="case-live")
    def _read_again(self) -> None:
        try:
            bundle = self.desk.load_case(self.case_id)
        except StoreError:
            return  # shown as it was; the next change or r tries again
        self.post_message(self.Loaded(bundle))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        looks = _looks(message.bundle)
        if self.bundle is not None and (message.bundle.case.version or 0) < (self.bundle.case.version or 0):
            return  # a read that started before the one already shown
        if looks == self._drawn:
            return  # the same case (this desk's own save, seen again): nothing to draw
        self.bundle, self._drawn = message.bundle, looks
        case = self.case
        title = user_text(f"Zaak {case.reference} · {self.desk.taxonomy.label('types', case.signal_type_id)} · "
                          f"{Status(case.status).label}", single_line=True)
        self.query_one("#title", Static).update(title)
        self.query_one("#details-text", Static).update(case_details(self.bundle, self.desk))
        self.query_one("#timeline", Static).update(timeline(self.bundle))

    async def _fresh(self) -> CaseBundle:
        bundle: CaseBundle = await asyncio.to_thread(self.desk.load_case, self.case_id)
        self.post_message(self.Loaded(bundle))
        self.bundle = bundle
        return bundle

    # -- the edit loop -------------------------------------------------------------------

    async def _edit(self, dialog: Callable[[Any, str], ModalScreen[Any] | Awaitable[Any]],
                    save: Callable[[Any, int], Any], done: str | Callable[[Any], str]) -> None:
        """Ask, save, and on refusal ask again with the same input and the reason shown.

        ``dialog`` gives the dialog to ask with, or asks itself (a coroutine: several dialogs
        in a row). ``done`` is the message after the save, or a function of what ``save``
        returned."""
        if self.bundle is None:
            return
        value: Any = None
        notice = ""
        while True:
            # The version the user decides on: what a colleague saves while the dialog is open
            # merges with this save, or is shown beside it when both changed the same field.
            version = self.case.version or 0
            asked = dialog(value, notice)
            result = await (asked if inspect.isawaitable(asked) else self.app.push_screen_wait(asked))
            if result is None:
                return
            try:
                saved = await asyncio.to_thread(save, result, version)
            except ConflictError as err:
                await self._fresh()
                value, notice = result, _refusal(err)
                continue
            except (DomainError, StoreError) as err:
                value, notice = result, err.message
                continue
            await self._fresh()
            if isinstance(saved, Case) and saved.version == version:  # the case had that value already
                notify_plain(self.app, "Niets gewijzigd: de zaak had die waarde al.")
                return
            self.app.refresh_counts()  # type: ignore[attr-defined]
            notify_plain(self.app, done if isinstance(done, str) else done(saved))
            return

    def _can_edit(self) -> bool:
        return self.bundle is not None

    # -- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.load()

    @work(exclusive=True, group="case-action")
    async def action_edit(self) -> None:
        if self.bundle is None:
            return
        from klachtendesk.tui.screens.edit import EditScreen

        saved = await self.app.push_screen_wait(EditScreen(self.bundle.case))
        if saved:
            await self._fresh()

    @work(exclusive=True, group="case-action")
    async def action_category(self) -> None:
        tax = self.desk.taxonomy
        current = self.case.subcategory_id or self.case.category_id if self.bundle else None

        def dialog(value: Any, notice: str) -> PickerDialog:
            return PickerDialog("Categorie", category_choices(tax, self.case.signal_type_id, with_none=True),
                                current=value or current, notice=notice)

        await self._edit(dialog, lambda v, ver: self.desk.act("save_fields", self.case_id, ver,
                                                              self.desk.category_changes(v)), "Categorie bewaard.")

    @work(exclusive=True, group="case-action")
    async def action_assign(self) -> None:
        users = [Choice(NONE, "(niemand)")] + [Choice(u.id, u.label) for u in self.desk.taxonomy.users if u.active]

        def dialog(value: Any, notice: str) -> PickerDialog:
            return PickerDialog("Behandelaar", users, current=value or self.case.handler_id, notice=notice)

        await self._edit(dialog, lambda v, ver: self.desk.act(
            "save_fields", self.case_id, ver, {"handler_id": None if v is NONE else v}), "Behandelaar bewaard.")

    @work(exclusive=True, group="case-action")
    async def action_admissibility(self) -> None:
        choices = [Choice("yes", "Ontvankelijk", "De zaak wordt onderzocht.")] + [
            Choice(reason, f"Niet ontvankelijk: {reason.lower()}", _REASON_HELP[reason])
            for reason in INADMISSIBLE_REASONS]
        case = self.case if self.bundle else None
        current = None
        if case is not None and case.admissible is not None:
            current = "yes" if case.admissible else case.inadmissible_reason

        def dialog(value: Any, notice: str) -> PickerDialog:
            return PickerDialog("Ontvankelijkheid", choices, current=value or current, notice=notice)

        def save(value: Any, version: int) -> Any:
            if value == "yes":
                return self.desk.act("set_admissibility", self.case_id, version, True)
            return self.desk.act("set_admissibility", self.case_id, version, False, value)

        def done(case: Case) -> str:
            if case.admissible:
                return "Ontvankelijkheid bewaard."
            qualification = self.desk.taxonomy.label("qualifications", case.qualification_id)
            if qualification:
                return f"Niet ontvankelijk: eindkwalificatie '{qualification}' gezet. Verstuur het antwoord (a)."
            return "Niet ontvankelijk bewaard. Kies de eindkwalificatie (k)."

        await self._edit(dialog, save, done)

    @work(exclusive=True, group="case-action")
    async def action_acknowledge(self) -> None:
        await self._edit(
            lambda v, n: DateDialog("Ontvangstmelding verstuurd", "Verstuurd op", v, notice=n),
            lambda v, ver: self.desk.act("acknowledge", self.case_id, ver, v), "Ontvangstmelding genoteerd.")

    @work(exclusive=True, group="case-action")
    async def action_note(self) -> None:
        def save(value: str, _version: int) -> None:
            self.desk.add_note(self.case_id, value)

        await self._edit(lambda v, n: TextDialog("Notitie", "Komt in de tijdlijn, met je naam en het uur.",
                                                 value=v or "", multiline=True, required=True, notice=n),
                         save, "Notitie toegevoegd.")

    @work(exclusive=True, group="case-action")
    async def action_motivation(self) -> None:
        await self._edit(
            lambda v, n: TextDialog("Onderzoek en argumentatie", "Wat het onderzoek opleverde en waarom.",
                                    value=v if v is not None else self.case.motivation, multiline=True, notice=n),
            lambda v, ver: self.desk.act("save_fields", self.case_id, ver, {"motivation": v}),
            "Argumentatie bewaard.")

    @work(exclusive=True, group="case-action")
    async def action_extend(self) -> None:
        term = self.desk.taxonomy.type(self.case.signal_type_id).term
        if term.max_extension == 0:
            notify_plain(self.app, "Dit type laat geen verlenging van de termijn toe.", severity="warning")
            return
        await self._edit(
            lambda v, n: ExtensionDialog(term.unit, term.max_extension,
                                         v.days if v else self.case.extension_days,
                                         v.reason if v else self.case.extension_reason, notice=n),
            lambda v, ver: self.desk.act("extend", self.case_id, ver, v.days, v.reason), "Termijn verlengd.")

    async def _ensure_footer(self) -> bool:
        """Before the first answer: an organisation that requires an answer footer (the city:
        the ombudsperson's contact details) but has none yet is asked for it. False when the
        user cancels."""
        settings = self.desk.settings
        if settings.answer_footer or not settings.answer_footer_required or \
                not self.desk.taxonomy.type(self.case.signal_type_id).needs_qualification:
            return True
        value, notice = "", ""
        while True:
            footer = await self.app.push_screen_wait(TextDialog(
                "Slottekst van elk antwoord",
                "Deze organisatie zet in elk eindantwoord een vaste slottekst, zoals de contactgegevens van de "
                "ombudsvrouw. Ze is nog niet ingesteld: typ ze hier. Ze komt in elk nieuw ontwerpantwoord en "
                "blijft voor iedereen bewaard.",
                value=value, multiline=True, required=True, notice=notice))
            if footer is None:
                return False
            try:
                await asyncio.to_thread(self.desk.set_answer_footer, footer)
            except (DomainError, StoreError) as err:
                value, notice = footer, err.message
                continue
            notify_plain(self.app, "Slottekst bewaard.")
            return True

    @work(exclusive=True, group="case-action")
    async def action_draft(self) -> None:
        if self.bundle is None or not await self._ensure_footer():
            return
        footer = self.desk.settings.answer_footer
        hint = "Beantwoord elk element van de klacht." + (" De slottekst staat er al onder." if footer else "")
        await self._edit(
            lambda v, n: TextDialog("Ontwerpantwoord", hint,
                                    value=v if v is not None else (self.case.draft_answer or new_draft(footer)),
                                    multiline=True, notice=n),
            lambda v, ver: self.desk.act("write_draft", self.case_id, ver, v), "Ontwerpantwoord bewaard.")

    @work(exclusive=True, group="case-action")
    async def action_approve(self) -> None:
        steps = self.desk.settings.approvals
        if not steps:
            notify_plain(self.app, "Deze organisatie vraagt geen goedkeuringen.", severity="warning")
            return
        given = {a.step: a.by for a in approvals.parse(self.case.approvals)}
        choices = [Choice(step, step, (f"al gegeven door {given[step]}" if given[step] else "al gegeven")
                          if step in given else "nog niet gegeven") for step in steps]
        users = [Choice(u.label, u.label) for u in self.desk.taxonomy.users if u.active]

        async def ask(value: Approval | None, notice: str) -> Approval | None:
            """Which approval, then who gave it (the desk's user, unless another is picked)."""
            step = await self.app.push_screen_wait(PickerDialog(
                "Goedkeuring registreren", choices, current=value.step if value else None, notice=notice))
            if step is None:
                return None
            by = await self.app.push_screen_wait(PickerDialog(
                f"Wie keurde '{step}' goed?", users, current=value.by if value else self.desk.user))
            return None if by is None else Approval(step, by)

        await self._edit(ask, lambda v, ver: self.desk.act("approve", self.case_id, ver, v.step, v.by),
                         lambda case: f"Goedkeuring geregistreerd: {approvals.parse(case.approvals)[-1].text}.")

    @work(exclusive=True, group="case-action")
    async def action_qualify(self) -> None:
        case = self.case
        choices = [Choice(q.id, q.label, q.description) for q in self.desk.taxonomy.qualifications
                   if q.active and (case.admissible is None or q.admissible == case.admissible)]
        await self._edit(
            lambda v, n: PickerDialog("Eindkwalificatie", choices, current=v or case.qualification_id, notice=n),
            lambda v, ver: self.desk.act("set_qualification", self.case_id, ver, v), "Eindkwalificatie bewaard.")

    @work(exclusive=True, group="case-action")
    async def action_extra_actions(self) -> None:
        case = self.case

        def save(value: Any, version: int) -> Any:
            return self.desk.act("save_fields", self.case_id, version,
                                 {"extra_actions": value.text, "extra_actions_done": value.done})

        await self._edit(
            lambda v, n: ExtraActionsDialog(v.text if v else case.extra_actions,
                                            v.done if v else case.extra_actions_done, notice=n),
            save, "Extra acties bewaard.")

    @work(exclusive=True, group="case-action")
    async def action_answer(self) -> None:
        if self.bundle is None or not await self._ensure_footer():
            return
        case = self.case
        default = "e-mail" if case.complainant_email else "brief"
        # Only a final answer (not spam, not an appointment) must hold the footer.
        footer = self.desk.settings.answer_footer if self.desk.taxonomy.type(case.signal_type_id).needs_qualification \
            else ""
        await self._edit(
            lambda v, n: AnswerDialog(v.channel if v else default, footer, notice=n),
            lambda v, ver: self.desk.act("close", self.case_id, ver, v.answered, v.channel),
            "Beantwoord: de zaak is afgesloten.")

    @work(exclusive=True, group="case-action")
    async def action_reopen(self) -> None:
        await self._edit(
            lambda v, n: TextDialog("Heropenen", "Waarom wordt de zaak heropend?", label="Reden",
                                    value=v or "", required=True, notice=n),
            lambda v, ver: self.desk.act("reopen", self.case_id, ver, v), "De zaak is heropend.")

    @work(exclusive=True, group="case-action")
    async def action_link(self) -> None:
        case = self.case
        earlier = await asyncio.to_thread(
            self.desk.earlier_cases_of, case.complainant_name, case.complainant_email, case.complainant_phone,
            exclude_id=self.case_id)

        def save(value: LinkChoice, version: int) -> Any:
            target = value.case_id
            if target is None and value.reference:
                found = self.desk.find_reference(value.reference)
                if found is None:
                    raise DomainError(f"Er is geen zaak met referentie {value.reference}.")
                target = found[0]
            return self.desk.act("link_repeat", self.case_id, version, target)

        current = self.bundle.repeat_of[1] if self.bundle and self.bundle.repeat_of else ""
        await self._edit(lambda v, n: LinkDialog(earlier, current, value=v, notice=n), save, "Koppeling bewaard.")

    @work(exclusive=True, group="case-action")
    async def action_files(self) -> None:
        from klachtendesk.tui.screens.case_files import files_flow

        if self.bundle is not None:
            await files_flow(self)

    @work(exclusive=True, group="case-action")
    async def action_letter(self) -> None:
        from klachtendesk.tui.screens.case_files import letter_flow

        if self.bundle is not None:
            await letter_flow(self)


def _refusal(err: ConflictError) -> str:
    """A dialog's notice after a refused save: who, their new value, and that the input stays."""
    theirs = "".join(f" {clash.label[:1].upper()}{clash.label[1:]} is nu {quoted(clash.theirs)}."
                     for clash in err.clashes)
    return (f"Je wijziging is niet bewaard: {err.who} wijzigde deze zaak intussen.{theirs} Je invoer staat "
            "hieronder: bewaar opnieuw om ze te behouden, of annuleer.")


def _looks(bundle: CaseBundle) -> tuple[object, ...]:
    """What the screen draws from, to tell whether a new read changes anything."""
    return (bundle.case.version, bundle.case.status, [e.id for e in bundle.events], bundle.repeat_of,
            bundle.repeated_by, [getattr(f, "id", f) for f in bundle.files])


_REASON_HELP = {
    "Onbevoegd": "De zaak hoort bij een andere instantie: een andere zone, de federale overheid, "
                 "een andere stadsdienst.",
    "Onvoldoende gegevens": "Te weinig concrete feiten, of de melder antwoordt niet op vragen om informatie.",
    "Anoniem": "De klacht is anoniem: er kan geen onderzoek gebeuren.",
    "Feiten ouder dan een jaar": "De feiten zijn te oud om nog te onderzoeken.",
    "Beslist beleid": "De klacht gaat over beslist beleid, niet over de uitvoering ervan.",
}
