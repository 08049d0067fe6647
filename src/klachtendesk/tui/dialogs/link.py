"""Linking a case as a repeat of an earlier one: a reference typed (short: "2026-1" is
2026-0001), or one of the same complainant's earlier cases picked from the list."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from klachtendesk.store.complainants import EarlierCase
from klachtendesk.tui import keys
from klachtendesk.tui.dialogs.base import Dialog, error_line, hint_line, title_line
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.widgets.clean_input import CleanInput
from klachtendesk.tui.widgets.earlier_cases import NONE_FOUND, option
from klachtendesk.tui.widgets.field_error import FieldError


@dataclass(frozen=True)
class LinkChoice:
    case_id: int | None = None  # picked from the list
    reference: str = ""  # typed; with no case picked and nothing typed: no repeat


class LinkDialog(Dialog[LinkChoice]):
    BINDINGS = keys.PICKER.bindings()
    KEYS = ((keys.PICKER, None), (keys.DIALOG, None))

    DEFAULT_CSS = """
    LinkDialog OptionList { height: auto; max-height: 12; }
    """

    def __init__(self, earlier: list[EarlierCase], current: str = "", *, value: LinkChoice | None = None,
                 notice: str = "") -> None:
        super().__init__()
        self.earlier, self.current, self.value, self.notice = earlier, current, value, notice

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title_line("Herhaling van")
            if self.notice:
                yield FieldError(user_text(self.notice))
            yield hint_line("Typ de referentie van de eerdere zaak (2026-1 is 2026-0001), of kies met ↓ een "
                            "eerdere zaak van deze melder. Leeg: geen herhaling.")
            yield Label("Referentie", classes="field-label")
            typed = self.value.reference if self.value is not None else self.current
            yield CleanInput(typed, id="reference", select_on_focus=False)
            yield Label("Eerdere zaken van deze melder (nieuwste eerst)", classes="field-label")
            if self.earlier:
                yield OptionList(*[Option(option(case)) for case in self.earlier], id="earlier")
            else:
                yield Static(Text(NONE_FOUND, style="dim"))
            yield hint_line("Enter bewaart · esc annuleert")
            yield error_line()

    def on_mount(self) -> None:
        self.query_one("#reference", Input).focus()
        lists = self.query(OptionList)
        if lists:
            picked = self.value.case_id if self.value is not None else None
            index = next((i for i, c in enumerate(self.earlier) if c.id == picked), None)
            lists.first().highlighted = index

    def _list(self) -> OptionList | None:
        lists = self.query(OptionList)
        return lists.first() if lists else None

    def action_cursor_down(self) -> None:
        options = self._list()
        if options is not None:
            if options.highlighted is None:
                options.highlighted = 0
            else:
                options.action_cursor_down()

    def action_cursor_up(self) -> None:
        options = self._list()
        if options is not None and options.highlighted is not None:
            if options.highlighted == 0:
                options.highlighted = None  # back to the reference typed
            else:
                options.action_cursor_up()

    @on(Input.Changed, "#reference")
    def _typed(self) -> None:
        options = self._list()
        if options is not None:
            options.highlighted = None  # a typed reference is meant, not a row

    @on(Input.Submitted, "#reference")
    def _submitted(self) -> None:
        self.action_confirm()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(LinkChoice(self.earlier[event.option_index].id))

    def action_confirm(self) -> None:
        options = self._list()
        if options is not None and options.highlighted is not None:
            self.dismiss(LinkChoice(self.earlier[options.highlighted].id))
        else:
            self.dismiss(LinkChoice(reference=self.query_one("#reference", Input).value.strip()))
