"""The first start on a store that does not exist yet: the organisation and the user's name."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import MAX_LINE, clean_line
from klachtendesk.presets import PresetInfo
from klachtendesk.store.database import Store
from klachtendesk.store.errors import StoreError
from klachtendesk.store.location import Location, parse_location
from klachtendesk.tui import keys
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.widgets.clean_input import CleanInput
from klachtendesk.tui.widgets.field_error import FieldError
from klachtendesk.tui.widgets.key_bar import KeyBar


def _create(location: Location, preset_name: str, user: str, login: str) -> Store:
    from klachtendesk.presets import load_preset
    from klachtendesk.store import settings as settings_table

    if location.path is not None:
        location.path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.create(location, load_preset(preset_name), user=user)
    with store.sessions.write() as session:
        settings_table.put(session, f"login.{login}", user)
    store.refresh()
    return store


class FirstRunScreen(Screen[tuple[Store, str] | None]):
    BINDINGS = keys.FIRST_RUN.bindings()
    KEYS = ((keys.FIRST_RUN, None),)

    DEFAULT_CSS = """
    FirstRunScreen { align: center middle; }
    FirstRunScreen #box { width: 76; height: auto; border: thick $primary; padding: 1 2; background: $surface; }
    FirstRunScreen OptionList { height: auto; max-height: 10; }
    """

    def __init__(self, location: Path | Location, login: str) -> None:
        super().__init__()
        self.location = parse_location(location)
        self.login = login
        self.presets: list[PresetInfo] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(Text("Welkom bij klachtendesk", style="bold"))
            if self.location.is_sqlite:
                where = f"Er is nog geen databank op {self.location}."
            else:
                where = f"De databank {self.location} op de server is nog leeg."
            yield Static(user_text(f"{where} Kies je organisatie; de databank wordt dan aangemaakt."))
            yield Label("Organisatie", classes="field-label")
            yield OptionList(id="presets")
            yield Label("Je naam (wordt bij elke wijziging bewaard)", classes="field-label")
            yield CleanInput(id="name")
            yield FieldError("", id="error")
            yield Static(Text("Tab: volgende · ctrl+s of Enter: aanmaken · esc: afsluiten", style="dim"))
        yield KeyBar()

    def on_mount(self) -> None:
        self._load_presets()

    @work(thread=True)
    def _load_presets(self) -> None:
        from klachtendesk.presets import list_presets

        # Real organisations first, by name; the generic preset last.
        presets = sorted(list_presets(), key=lambda p: (p.name == "algemeen", p.organisation))
        self.app.call_from_thread(self._show_presets, presets)

    def _show_presets(self, presets: list[PresetInfo]) -> None:
        self.presets = presets
        options = self.query_one(OptionList)
        for info in presets:
            options.add_option(Option(user_text(f"{info.organisation}  ({info.name})", single_line=True)))
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _submitted(self) -> None:
        self.action_create()

    @work(exclusive=True)
    async def action_create(self) -> None:
        index = self.query_one(OptionList).highlighted
        name = clean_line(self.query_one("#name", Input).value[:MAX_LINE])  # as --user is
        error = self.query_one("#error", FieldError)
        if index is None or not self.presets:
            error.update("Kies een organisatie.")
            return
        if not name:
            error.update("Vul je naam in.")
            self.query_one("#name", Input).focus()
            return
        try:
            store = await asyncio.to_thread(_create, self.location, self.presets[index].name, name, self.login)
        except (StoreError, DomainError, OSError) as err:
            error.update(user_text(getattr(err, "message", str(err))))
            return
        self.dismiss((store, name))

    def action_quit(self) -> None:
        self.dismiss(None)
