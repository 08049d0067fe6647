"""Choosing one item from a list that shows what each item means (categories, qualifications)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from klachtendesk.domain.matching import rank
from klachtendesk.tui import keys
from klachtendesk.tui.dialogs.base import Dialog, error_line, hint_line, title_line
from klachtendesk.tui.safe import plain, user_text
from klachtendesk.tui.widgets.clean_input import CleanInput
from klachtendesk.tui.widgets.field_error import FieldError


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str
    description: str = ""
    indent: int = 0


NONE = object()  # the "no value" choice, distinct from cancelling (None)


class PickerDialog(Dialog[Any]):
    """Type to narrow the list, arrows to move, Enter to choose."""

    BINDINGS = keys.PICKER.bindings()
    KEYS = ((keys.PICKER, None), (keys.DIALOG, None))

    DEFAULT_CSS = """
    PickerDialog OptionList { height: auto; max-height: 18; margin-top: 1; }
    PickerDialog #description { height: auto; min-height: 2; margin-top: 1; color: $text-muted; }
    """

    def __init__(self, title: str, choices: Sequence[Choice], *, current: Any = None,
                 hint: str = "Typ om te filteren · ↑↓ kiezen · Enter bevestigt · esc annuleert",
                 notice: str = "") -> None:
        super().__init__()
        self.title_text, self.choices, self.current = title, list(choices), current
        self.hint, self.notice = hint, notice
        self._visible: list[Choice] = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title_line(self.title_text)
            if self.notice:
                yield FieldError(user_text(self.notice))
            yield CleanInput(placeholder="Filter…", id="filter")
            yield OptionList(id="options")
            yield Static(id="description")
            yield hint_line(self.hint)
            yield error_line()

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#filter", Input).focus()

    def _fill(self, needle: str) -> None:
        """The choices that match what was typed, best first: labels that start with it, then
        labels with a word that starts with it, then the rest that contain it. The best one is
        highlighted (with nothing typed: the current value), and Enter takes the highlighted."""
        typed = needle.strip()
        if typed:
            scored = [(score, i, c) for i, c in enumerate(self.choices)
                      if (score := rank(typed, c.label, c.description)) is not None
                      and (c.value is not NONE or score <= 1)]  # "(niemand)" only by its own name
            self._visible = [c for _, _, c in sorted(scored, key=lambda t: (t[0], t[1]))]
        else:
            self._visible = list(self.choices)
        options = self.query_one(OptionList)
        options.clear_options()
        for choice in self._visible:
            indent = 0 if typed else choice.indent  # ranked, a sub-category no longer sits under its parent
            prompt = Text("  " * indent + plain(choice.label, single_line=True), end="")
            if choice.value == self.current:
                prompt.append("  ✓ huidige", style="dim")
            options.add_option(Option(prompt))
        if self._visible:
            index = 0 if typed else next((i for i, c in enumerate(self._visible) if c.value == self.current), 0)
            options.highlighted = index
            self._describe(index)
        else:
            self.query_one("#description", Static).update("Niets gevonden.")

    def _describe(self, index: int | None) -> None:
        if index is None or index >= len(self._visible):
            return
        self.query_one("#description", Static).update(user_text(self._visible[index].description))

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(event.option_index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._visible[event.option_index].value)

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        self.action_confirm()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_confirm(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self._visible:
            self.show_error("Kies een item uit de lijst.")
            return
        self.dismiss(self._visible[index].value)


def category_choices(taxonomy, type_id: int | None = None, *, with_none: bool = False) -> list[Choice]:  # type: ignore[no-untyped-def]
    """Categories (and their sub-categories, indented) that apply to a signal type."""
    choices = [Choice(NONE, "(geen categorie)")] if with_none else []
    for top in taxonomy.top_categories(type_id):
        if not top.active:
            continue
        choices.append(Choice(top.id, top.label, top.description))
        for child in taxonomy.children(top.id):
            if child.active:
                choices.append(Choice(child.id, child.label, child.description or f"Onder {top.label}.", indent=1))
    return choices
