"""Asking for a new login of the team server: its name, role, entities and password.

The password is typed twice in masked inputs, never shown and never put in a notice; the
dialog hands it to the caller only (store/logins.py sends the server a SCRAM verifier).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, SelectionList

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import clean_line
from klachtendesk.tui.dialogs.base import Dialog, error_line, hint_line, title_line
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.widgets.clean_input import CleanInput
from klachtendesk.tui.widgets.field_error import FieldError

#: The roles a beheerder can give, with what each may do.
ROLES: tuple[tuple[str, str], ...] = (
    ("beheerder", "beheerder: alles, ook gebruikers en instellingen"),
    ("behandelaar", "behandelaar: zaken van de eigen entiteiten behandelen"),
    ("onthaal", "onthaal: zaken registreren, lijst van de eigen entiteiten"),
    ("lezer", "lezer: zaken van de eigen entiteiten lezen, niets wijzigen"),
)


@dataclass(frozen=True)
class NewLogin:
    name: str
    role: str
    entities: tuple[str, ...] = ()
    password: str | None = field(default=None, repr=False)  # None: the server knows the login already


class LoginDialog(Dialog[NewLogin]):
    """Returns a ``NewLogin``; after a refusal it opens again with all but the password.
    Enter in the name moves on; Enter in the second password, or ctrl+s anywhere, confirms."""

    DEFAULT_CSS = """
    LoginDialog SelectionList { height: auto; max-height: 8; background: $boost; border: none; }
    """

    def __init__(self, entities: Sequence[str], value: NewLogin | None = None, notice: str = "") -> None:
        super().__init__()
        self.entities, self.value, self.notice = tuple(entities), value, notice

    def compose(self) -> ComposeResult:
        value = self.value
        chosen = set(value.entities) if value else set()
        with Vertical(classes="dialog"):
            yield title_line("Gebruiker toevoegen")
            if self.notice:
                yield FieldError(user_text(self.notice))
            yield hint_line("Een login op de teamserver: wie zich zo aanmeldt, staat met die naam in het logboek.")
            yield Label("Aanmeldnaam", classes="field-label")
            yield CleanInput(value.name if value else "", id="name")
            yield Label("Rol", classes="field-label")
            yield Select([(Text(label), role) for role, label in ROLES], value=value.role if value else "behandelaar",
                         allow_blank=False, id="role")
            yield Label("Entiteiten (spatie kiest; een beheerder ziet alle)", classes="field-label")
            yield SelectionList[str](*[(Text(label), label, label in chosen) for label in self.entities],
                                     id="entities", compact=True)
            yield Label("Wachtwoord", classes="field-label")
            yield CleanInput(password=True, id="password")
            yield Label("Wachtwoord, nog eens", classes="field-label")
            yield CleanInput(password=True, id="again")
            yield hint_line("Leeg laten kan alleen voor een login die al op de server bestaat · ctrl+s of Enter "
                            "bewaart · esc annuleert")
            yield error_line()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "again":
            self.action_confirm()
        else:
            self.focus_next()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def action_confirm(self) -> None:
        try:
            name = clean_line(self.query_one("#name", Input).value, label="De aanmeldnaam").strip()
        except DomainError as err:
            self.show_error(err.message)
            return
        if not name:
            self.show_error("Vul de aanmeldnaam in, of druk op esc om te annuleren.")
            self.query_one("#name", Input).focus()
            return
        password, again = self.query_one("#password", Input), self.query_one("#again", Input)
        if password.value != again.value:
            password.value = again.value = ""
            password.focus()
            self.show_error("De twee wachtwoorden verschillen: typ het wachtwoord opnieuw, twee keer.")
            return
        role = self.query_one("#role", Select).value
        chosen = set(self.query_one("#entities", SelectionList).selected)
        self.dismiss(NewLogin(name, str(role), tuple(e for e in self.entities if e in chosen),
                              password.value or None))
