"""The inbox: the mail files in the team's inbox folder, newest first.

Staff drop or save mails there (``.eml`` files, or a Maildir or mbox). Each line says what
the desk makes of the mail: new (enter opens the intake prefilled from it), an answer to a
case (enter adds it to that case), already read (enter opens its case) or unreadable (why).
The folder is a setting of the store (``mail.inbox``); ``p`` sets it here.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from klachtendesk.domain.dates import format_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.store.errors import StoreError
from klachtendesk.tui import keys, mail_desk
from klachtendesk.tui.dialogs.confirm import ConfirmDialog
from klachtendesk.tui.dialogs.text_input import TextDialog
from klachtendesk.tui.mail_desk import InboxItem
from klachtendesk.tui.safe import notify_plain, user_text
from klachtendesk.tui.widgets.bars import StatusBar
from klachtendesk.tui.widgets.key_bar import KeyBar

_STATE_STYLE = {"nieuw": "bold green", "onleesbaar": "bold red"}


class InboxScreen(Screen[None]):
    BINDINGS = keys.INBOX.bindings()
    KEYS = ((keys.INBOX, None),)

    DEFAULT_CSS = """
    InboxScreen #title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    InboxScreen #where { height: auto; padding: 0 1; color: $text-muted; }
    InboxScreen OptionList { height: 1fr; border: none; }
    InboxScreen #preview { height: 9; padding: 0 1; border-top: hkey $panel-lighten-2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: list[InboxItem] = []
        self.folder = ""

    @property
    def desk(self):  # type: ignore[no-untyped-def]
        return self.app.desk  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield StatusBar(self.desk.settings.organisation, self.desk.user)
        yield Static("Postvak: e-mails in de inboxmap", id="title")
        yield Static("Laden…", id="where")
        yield OptionList(id="mails")
        yield Static(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="inbox-load")
    def load(self) -> None:
        try:
            folder = mail_desk.inbox_folder(self.desk)
            items = mail_desk.read_inbox(self.desk, folder) if folder else []
        except (DomainError, StoreError, OSError) as err:
            self.app.call_from_thread(notify_plain, self.app, getattr(err, "message", str(err)), severity="error")
            return
        self.app.call_from_thread(self._show, folder, items)

    def _show(self, folder: str, items: list[InboxItem]) -> None:
        self.folder, self.items = folder, items
        where = self.query_one("#where", Static)
        if not folder:
            where.update(Text("Er is nog geen inboxmap ingesteld. Druk op p om de map te kiezen waarin je "
                              "mails bewaart (.eml, een Maildir of een mbox).", style="yellow"))
        else:
            counts = sum(i.state == "nieuw" for i in items)
            line = Text("Map: ")
            line.append_text(user_text(folder, single_line=True))
            line.append(f"  ·  {len(items)} e-mail{'s' if len(items) != 1 else ''}, {counts} nieuw", style="bold")
            where.update(line)
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for item in items:
            options.add_option(Option(self._line(item)))
        if items:
            options.highlighted = min(highlighted or 0, len(items) - 1)
        self._preview(options.highlighted)

    @staticmethod
    def _line(item: InboxItem) -> Text:
        line = Text(end="", no_wrap=True, overflow="ellipsis")
        state = item.state
        line.append(f"{state:<20} ", style=_STATE_STYLE.get(state, "dim"))
        if item.parsed is None:
            line.append_text(user_text(f"{item.label}: {item.error}", single_line=True))
            return line
        mail = item.parsed.mail
        line.append(f"{format_date(item.parsed.received):<11}")
        who = mail.complainant.name or mail.complainant.email
        line.append_text(user_text(f"{who[:28]:<30}", single_line=True))
        line.append_text(user_text(mail.subject or "(geen onderwerp)", single_line=True))
        return line

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(event.option_index)

    def _preview(self, index: int | None) -> None:
        preview = self.query_one("#preview", Static)
        if index is None or index >= len(self.items):
            preview.update("")
            return
        item = self.items[index]
        if item.parsed is None:
            preview.update(user_text(f"{item.label}: {item.error}"))
            return
        mail = item.parsed.mail
        text = Text(end="")
        text.append("Van: ", style="dim")
        text.append_text(user_text(str(mail.sender), single_line=True))
        if mail.forwarded_by is not None:
            text.append("  (doorgestuurd; melder: ", style="dim")
            text.append_text(user_text(str(mail.complainant), single_line=True))
            text.append(")", style="dim")
        if mail.files:
            text.append("\nBijlagen: ", style="dim")
            text.append_text(user_text(", ".join(f.name for f in mail.files), single_line=True))
        text.append("\n")
        text.append_text(user_text("\n".join(mail.description.split("\n")[:6])))
        preview.update(text)

    # -- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.load()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_take()

    @work(exclusive=True, group="inbox-folder")
    async def action_folder(self) -> None:
        notice, value = "", self.folder
        while True:
            folder = await self.app.push_screen_wait(TextDialog(
                "Inboxmap", "De map waarin je e-mails bewaart of laat binnenkomen (.eml-bestanden, een Maildir "
                "of mbox). Geldt voor iedereen die deze databank gebruikt.", label="Map", value=value,
                required=True, notice=notice))
            if folder is None:
                return
            try:
                await asyncio.to_thread(mail_desk.set_inbox_folder, self.desk, folder)
            except (DomainError, StoreError) as err:
                notice, value = err.message, folder
                continue
            break
        notify_plain(self.app, "Inboxmap bewaard.")
        self.load()

    @work(exclusive=True, group="inbox-take")
    async def action_take(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.items):
            return
        item = self.items[index]
        if item.parsed is None:
            notify_plain(self.app, f"{item.label}: {item.error}", severity="error", timeout=10)
            return
        if item.known_case is not None:
            self.app.open_case(item.known_case[0])  # type: ignore[attr-defined]
            return
        if item.answers is not None:
            case_id, reference = item.answers
            sure = await self.app.push_screen_wait(ConfirmDialog(
                "Toevoegen aan zaak", f"Deze mail antwoordt op zaak {reference}. Toevoegen aan die zaak, met de "
                "bijlagen?"))
            if not sure:
                return
            try:
                warnings = await asyncio.to_thread(mail_desk.add_mail_to_case, self.desk, case_id, item.parsed)
            except (DomainError, StoreError) as err:
                notify_plain(self.app, err.message, severity="error")
                return
            notify_plain(self.app, f"Toegevoegd aan zaak {reference}.")
            for warning in warnings:
                notify_plain(self.app, warning, severity="warning", timeout=10)
            self.load()
            return
        from klachtendesk.tui.screens.intake import IntakeScreen

        parsed = item.parsed
        values = await asyncio.to_thread(mail_desk.intake_values, self.desk, item)
        await self.app.push_screen_wait(IntakeScreen(
            values, register=lambda fields: mail_desk.register_mail(self.desk, fields, parsed),
            title=f"Nieuwe zaak uit e-mail: {parsed.mail.subject or '(geen onderwerp)'}"))
        self.load()
