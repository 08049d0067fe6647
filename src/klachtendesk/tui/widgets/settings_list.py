"""What the settings screen lists: one section per kind of setting, each line a setting the
screen's keys act on (tui/screens/settings.py), or a heading or a note (no item).

The sections, in order, are ``SECTIONS``: a section is a function of the ``SettingsView``
that adds its lines. The logins section is a placeholder a later change fills in (PostgreSQL
roles), kept apart from the users so the two are not mistaken for each other.
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
from klachtendesk.tui.safe import user_text
from klachtendesk.tui.settings_desk import SettingsView

LABEL_WIDTH = 32


@dataclass(frozen=True)
class Item:
    """One line of the list: what Enter, n and x act on."""

    kind: str  # footer, user, add_user, closure, add_closure, keep_daily, keep_monthly
    section: str  # users, closures, ... : where n adds
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


def logins(view: SettingsView, lines: list[Line]) -> None:
    """The logins (PostgreSQL roles): not built yet. A later change lists them here, with
    their own items (kind "login", section "logins") for the screen's keys to act on."""
    _heading(lines, "Gebruikers (aanmelden)")
    _note(lines, "Nog niet in te stellen: aanmelden met een eigen login op de server komt in een volgende versie.")


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
