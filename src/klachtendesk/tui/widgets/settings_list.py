"""What the settings screen lists: one section per kind of setting, each line a setting the
screen's keys act on (tui/screens/settings.py), or a heading or a note (no item).

The sections, in order, are ``SECTIONS``: a section is a function of the ``SettingsView``
that adds its lines. The logins section (who may sign in to a team server, with which role
and entities) is kept apart from the handlers so the two are not mistaken for each other;
on SQLite and on a server without roles it explains what the boundary is instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from klachtendesk.clock import local
from klachtendesk.domain.calendar import closure_text
from klachtendesk.domain.dates import format_datetime
from klachtendesk.domain.text import quote
from klachtendesk.store.logins import OWNER, Login
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.settings_desk import SettingsView

LABEL_WIDTH = 32


@dataclass(frozen=True)
class Item:
    """One line of the list: what Enter, n and x act on."""

    kind: str  # footer, user, add_user, closure, add_closure, keep_daily, keep_monthly, login, add_login
    section: str  # users, closures, logins, ... : where n adds
    value: Any = None
    active: bool = True

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.value}"


Line = tuple[Text, Item | None]


def _line(label: Text | str, value: Text | str = "", value_style: str = "") -> Text:
    line = Text(end="", no_wrap=True, overflow="ellipsis")
    line.append_text(label if isinstance(label, Text) else Text(label))
    line.pad_right(max(0, LABEL_WIDTH - line.cell_len))
    line.append_text(value if isinstance(value, Text) else Text(value, style=value_style))
    return line


def _heading(lines: list[Line], title: str, note: str = "") -> None:
    if lines:
        lines.append((Text(""), None))
    text = Text(title, style="bold underline", end="")
    if note:
        text.append(f"  {note}", style="dim not underline")
    lines.append((text, None))


def _note(lines: list[Line], text: str) -> None:
    lines.append((Text(text, style="dim", end=""), None))


def texts(view: SettingsView, lines: list[Line]) -> None:
    _heading(lines, "Teksten")
    footer = quote(view.answer_footer, limit=80) if view.answer_footer else ""
    if footer:
        value = user_text(footer, single_line=True)
    elif view.answer_footer_required:
        value = Text("verplicht, nog niet ingesteld", style="yellow")
    else:
        value = Text("geen", style="dim")
    lines.append((_line("Slottekst van elk antwoord", value), Item("footer", "texts")))


def users(view: SettingsView, lines: list[Line]) -> None:
    _heading(lines, "Behandelaars", "wie zaken toegewezen krijgt en antwoorden goedkeurt")
    for user in view.users:
        state = Text("actief", style="green") if user.active else Text("niet actief", style="dim")
        lines.append((_line(user_text(user.label, single_line=True), state),
                      Item("user", "users", user.id, user.active)))
    lines.append((_line(Text("+ Behandelaar toevoegen", style="bold")), Item("add_user", "users")))


def closures(view: SettingsView, lines: list[Line]) -> None:
    _heading(lines, "Sluitingsdagen", "termijnen tellen deze dagen niet mee")
    for closure in view.closures:
        days = (closure[1] - closure[0]).days + 1
        lines.append((_line(closure_text(closure), f"{days} dag{'en' if days != 1 else ''}", "dim"),
                      Item("closure", "closures", closure)))
    lines.append((_line(Text("+ Sluiting toevoegen", style="bold")), Item("add_closure", "closures")))
    _note(lines, "Een nieuwe sluiting geldt voor termijnen die vanaf nu berekend worden.")


def backups(view: SettingsView, lines: list[Line]) -> None:
    _heading(lines, "Reservekopieën", "de eerste start van elke dag maakt er een")
    if view.backups_here:
        lines.append((_line("Dagelijkse kopieën bewaard", str(view.keep_daily)), Item("keep_daily", "backup")))
        lines.append((_line("Maandelijkse kopieën bewaard", str(view.keep_monthly)), Item("keep_monthly", "backup")))
    else:
        _note(lines, "Deze databank staat op een server: de server maakt en bewaart de reservekopieën.")


def _rights(login: Login) -> Text:
    text = Text(f"{login.role if login.role != OWNER else 'eigenaar':<11}")
    where = ("alle entiteiten" if login.sees_everything else
             ", ".join(login.entities) or "geen entiteit (alleen zaken zonder entiteit)")
    text.append("  ")
    text.append_text(user_text(where, style="dim", single_line=True))
    return text


def logins(view: SettingsView, lines: list[Line]) -> None:
    """Who may sign in to the team server, with role and entities; a beheerder's lines are
    items (kind "login", section "logins") the screen's keys act on."""
    found = view.logins
    _heading(lines, "Gebruikers (aanmelden)", "wie zich op de teamserver aanmeldt, met welke rol")
    if found.engine == "sqlite":
        _note(lines, "Een bestand op één werkpost: de rechten van het bestand zijn de grens")
        _note(lines, "(alleen je eigen account mag het lezen; wie het kan openen, ziet alles).")
        _note(lines, "Een eigen login per persoon, met rol en entiteiten, bestaat op een")
        _note(lines, "teamserver (PostgreSQL).")
        return
    if found.engine == "server" or found.me is None:
        _note(lines, "Op deze teamserver zijn nog geen aanmeldingen ingesteld:")
        _note(lines, "iedereen werkt als één login. Instellen: de eigenaar van de databank voert")
        _note(lines, "'klachtendesk users setup' uit (zie de README, 'Who may see what');")
        _note(lines, "daarna maakt een beheerder hier de gebruikers.")
        return
    if not found.may_manage or found.all is None:
        lines.append((_line(user_text(found.me.name, style="bold", single_line=True), _rights(found.me)), None))
        _note(lines, "Alleen een beheerder kan de gebruikers zien en wijzigen.")
        return
    for login in found.all:
        lines.append((_line(user_text(login.name, single_line=True), _rights(login)),
                      Item("login", "logins", login.name)))
    lines.append((_line(Text("+ Gebruiker toevoegen", style="bold")), Item("add_login", "logins")))
    _note(lines, "Enter: een entiteit geven of afnemen · x: de gebruiker verwijderen.")


def changes(view: SettingsView, lines: list[Line]) -> None:
    _heading(lines, "Laatste wijzigingen", "uit het logboek")
    if not view.changes:
        _note(lines, "Nog geen wijzigingen.")
    for change in view.changes:
        line = Text(end="", no_wrap=True, overflow="ellipsis")
        line.append(f"{format_datetime(local(change.at))}  ", style="dim")
        line.append_text(user_text(change.user, style="bold", single_line=True))
        line.append("  ")
        line.append_text(user_text(change.note, single_line=True))
        lines.append((line, None))


SECTIONS: tuple[Callable[[SettingsView, list[Line]], None], ...] = (texts, users, closures, backups, logins, changes)


def settings_lines(view: SettingsView) -> list[Line]:
    lines: list[Line] = []
    for section in SECTIONS:
        section(view, lines)
    return lines
