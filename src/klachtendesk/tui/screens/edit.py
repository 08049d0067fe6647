"""Editing a case's own fields, saving only what the user changed.

If someone else saved the case in the meantime, their changes to other fields merge with
this save (store/merge.py). When both changed the same field, the save is refused: that
field shows the colleague's value beside the user's, the fields this user did not touch
take the new values, the ones they changed keep what they typed, and saving again applies
just their changes to the new version.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.facts import split_norms
from klachtendesk.store.errors import ConflictError, StoreError
from klachtendesk.store.models import Case
from klachtendesk.tui import keys
from klachtendesk.tui.dialogs.confirm import ConfirmDialog
from klachtendesk.tui.live import StoreChanged
from klachtendesk.tui.safe import notify_plain, user_text
from klachtendesk.tui.widgets.bars import StatusBar
from klachtendesk.tui.widgets.case_form import EDIT_FIELDS, CaseForm
from klachtendesk.tui.widgets.field_error import FieldError
from klachtendesk.tui.widgets.key_bar import KeyBar


def form_values(case: Case) -> dict[str, Any]:
    values = {spec.name: getattr(case, spec.name) for spec in EDIT_FIELDS}
    values["category_id"] = case.subcategory_id or case.category_id
    values["ombudsnorms"] = split_norms(case.ombudsnorms)
    return values


class EditScreen(Screen[bool]):
    BINDINGS = keys.EDIT.bindings()
    KEYS = ((keys.EDIT, None),)

    DEFAULT_CSS = """
    EditScreen #title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    EditScreen #notice { height: auto; color: $error; padding: 0 1; }
    EditScreen #notice.-meanwhile { color: $warning; }
    """

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.original = form_values(case)
        self.version: int = case.version  # type: ignore[assignment]
        self._refused = False  # a save's refusal is shown above the form

    @property
    def desk(self):  # type: ignore[no-untyped-def]
        return self.app.desk  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield StatusBar(self.desk.settings.organisation, self.desk.user)
        yield Static(user_text(f"Zaak {self.case.reference} bewerken", single_line=True), id="title")
        yield FieldError("", id="notice")
        yield CaseForm(self.desk.taxonomy, self.desk.settings.lines, EDIT_FIELDS, self.original,
                       settings=self.desk.settings, id="form")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#input-title").focus()

    # -- a colleague's save while this form is open ------------------------------------------

    @on(StoreChanged)
    def _on_store_changed(self) -> None:
        self._read_meanwhile(self.version)

    @work(thread=True, exclusive=True, group="edit-live")
    def _read_meanwhile(self, version: int) -> None:
        try:
            changes = self.desk.changes_since(self.case.id, version)
        except StoreError:
            return
        if changes:
            self.app.call_from_thread(self._show_meanwhile, ConflictError(self.case.reference, changes).who, version)

    def _show_meanwhile(self, who: str, version: int) -> None:
        """What is typed stays; a line above the form says a save will merge with it."""
        notice = self.query_one("#notice", FieldError)
        if version != self.version or self._refused:
            return  # the form moved on, or a save's refusal is on screen: that says more
        notice.add_class("-meanwhile")
        notice.update(user_text(
            f"Intussen gewijzigd door {who}. Wat je typte blijft staan. Bewaar je, dan blijven die wijzigingen "
            "behouden; een veld dat jullie allebei wijzigden, toont dan beide waarden."))

    def _changes(self, values: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in values.items() if value != self.original.get(name)}

    @work(exclusive=True, group="edit-save")
    async def action_save(self) -> None:
        form = self.query_one(CaseForm)
        values, errors = form.values()
        if errors:
            notify_plain(self.app, "Niet bewaard: verbeter de velden in het rood.", severity="error")
            return
        changes = self._changes(values)
        if not changes:
            self.dismiss(False)
            return
        if "category_id" in changes:
            changes.update(self.desk.category_changes(changes.pop("category_id")))
        try:
            saved = await asyncio.to_thread(self.desk.act, "save_fields", self.case.id, self.version, changes)
        except ConflictError as err:
            await self._merge_latest(set(self._changes(values)))
            self._show_clashes(err)
            return
        except (DomainError, StoreError) as err:
            field = getattr(err, "field", None)
            if field:
                form.show_error(field, err.message)
            notify_plain(self.app, f"Niet bewaard: {err.message}", severity="error")
            return
        merged = (saved.version or 0) > self.version + 1
        notify_plain(self.app, "Wijzigingen bewaard." + (
            " Wat een collega intussen aan andere velden wijzigde, blijft staan." if merged else ""))
        self.dismiss(True)

    def _show_clashes(self, err: ConflictError) -> None:
        """Beside each field both changed: the colleague's value and this user's, which the
        field keeps. Above the form: who changed what, and how to go on."""
        form = self.query_one(CaseForm)
        for clash in err.clashes:
            name = "category_id" if clash.field == "subcategory_id" else clash.field
            who = clash.user or "Iemand anders"
            form.show_error(name, f"{who} wijzigde dit intussen in: {clash.theirs or '(leeg)'}\n"
                                  f"Jouw waarde (staat in het veld): {clash.mine or '(leeg)'}")
        if err.clashes:
            labels = _and([clash.label for clash in err.clashes])
            notice = (f"Niet bewaard: {err.who} wijzigde deze zaak intussen. Jullie wijzigden allebei {labels}: "
                      "de nieuwe waarde staat onder het veld, jouw waarde in het veld. Velden die jij niet wijzigde "
                      "tonen nu de nieuwe waarde. Druk opnieuw ctrl+s om jouw waarden te bewaren.")
        else:
            notice = (f"Niet bewaard: {err.who} wijzigde deze zaak intussen. Velden die jij niet wijzigde tonen nu "
                      "de nieuwe waarde; jouw wijzigingen staan er nog. Druk opnieuw ctrl+s om ze te bewaren.")
        self._refused = True
        self.query_one("#notice", FieldError).remove_class("-meanwhile")
        self.query_one("#notice", FieldError).update(user_text(notice))

    async def _merge_latest(self, mine: set[str]) -> None:
        bundle = await asyncio.to_thread(self.desk.load_case, self.case.id)
        latest = form_values(bundle.case)
        form = self.query_one(CaseForm)
        for name, value in latest.items():
            if name not in mine:
                form.set_value(name, value)
        self.original = latest
        self.version = bundle.case.version

    @work(exclusive=True, group="edit-leave")
    async def action_leave(self) -> None:
        values, _ = self.query_one(CaseForm).values()
        if self._changes(values):
            sure = await self.app.push_screen_wait(ConfirmDialog(
                "Niet bewaard", "Je wijzigingen zijn nog niet bewaard. Toch teruggaan?"))
            if not sure:
                return
        self.dismiss(False)


def _and(items: list[str]) -> str:
    """"titel", "titel en behandelaar", "titel, school en behandelaar"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]
