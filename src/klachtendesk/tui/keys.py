"""Every key of the desk, declared once: one table per screen (and per widget with keys).

A screen's bindings, its key bar, the help screen (`?`), the command palette and the
README's key table all come from these tables, so they cannot disagree. Each key has an
id (``queue.search``): a keymap file names ids to give them other keys (tui/keymap.py).

Keys are Textual key names, comma-separated (``slash,z``). Flemish users type on Belgian
AZERTY keyboards, where the unshifted top row gives ``& é " ' ( § è ! ç à``: every digit key
also answers to the character in its place, and the keys that need shift there (`/`, `;`,
`?`) have an unshifted second key that the key bar shows.

This module is data only: the screens import their table from it, and the README and the
keymap check read every table without loading the screens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Key:
    id: str  # what a keymap file names: "queue.search"
    keys: str  # Textual key names, comma-separated: "slash,z"
    action: str  # the action the key runs on its screen or widget: "search", "view('open')"
    label: str  # in the key bar and as the palette's command name (Dutch)
    help: str = ""  # in the help screen and under the palette's command (Dutch)
    doc: str = ""  # in the README's key table (English)
    bar: bool = False  # shown in the key bar
    palette: bool = True  # offered in the command palette
    priority: bool = False  # before any widget sees the key (Textual's priority binding)

    @property
    def key_list(self) -> list[str]:
        return [key.strip() for key in self.keys.split(",") if key.strip()]


@dataclass(frozen=True)
class Table:
    """The keys of one screen or widget. ``where`` names it in the README and the help."""

    name: str  # the id prefix: "queue"
    where: str  # "queue", "case", ...: as the README names the screen
    keys: tuple[Key, ...]

    def bindings(self) -> list[BindingType]:
        return [Binding(k.keys, k.action, k.label, show=k.bar, priority=k.priority, id=k.id) for k in self.keys]

    def get(self, key_id: str) -> Key:
        return next(k for k in self.keys if k.id == key_id)


#: The key in each digit's place on a Belgian AZERTY keyboard, unshifted.
AZERTY_DIGITS = {"1": "ampersand", "2": "é", "3": "quotation_mark", "4": "apostrophe", "5": "left_parenthesis",
                 "6": "section_sign", "7": "è", "8": "exclamation_mark", "9": "ç", "0": "à"}


def digit(n: int) -> str:
    """The digit key and its AZERTY neighbour: "1,ampersand"."""
    return f"{n},{AZERTY_DIGITS[str(n)]}"


def _table(name: str, where: str, *keys: Key) -> Table:
    assert all(k.id.startswith(name + ".") for k in keys), name
    return Table(name, where, keys)


def _help(name: str, keys: str = "question_mark,f1") -> Key:
    return Key(f"{name}.help", keys, "app.show_help", "Toetsen", "Alle toetsen van dit scherm", "this list of keys",
               bar=True)


# -- everywhere -----------------------------------------------------------------------------

APP = _table(
    "app", "everywhere",
    Key("app.palette", "ctrl+p", "command_palette", "Palet",
        "Palet: alle acties van dit scherm, en zaken zoeken op referentie of titel",
        "command palette: every action of the screen, cases by reference or title, the theme",
        bar=True, palette=False, priority=True),
    # Focus moves before the next key is handed on (a plain screen binding would run only
    # after the focused field saw the key). No widget here uses tab itself.
    Key("app.next_field", "tab", "focus_next", "Volgende veld", "Naar het volgende veld", "next field",
        palette=False, priority=True),
    Key("app.previous_field", "shift+tab", "focus_previous", "Vorige veld", "Naar het vorige veld", "previous field",
        palette=False, priority=True),
    Key("app.quit", "ctrl+q", "quit", "Afsluiten", "Sluit klachtendesk af", "quit", priority=True),
)

# -- the queue ------------------------------------------------------------------------------

QUEUE_VIEWS = ("open", "mine", "overdue", "due_soon", "unacknowledged", "closed", "all")
_VIEW_NAMES = {"open": ("Open", "open cases"), "mine": ("Mijn zaken", "mine"), "overdue": ("Te laat", "overdue"),
               "due_soon": ("Bijna te laat", "due soon"), "unacknowledged": ("Niet bevestigd", "not acknowledged"),
               "closed": ("Afgesloten", "closed"), "all": ("Alle", "all"),
               "attention": ("Aandacht nodig", "everything that needs attention")}


def _view(view: str, keys: str) -> Key:
    label, doc = _VIEW_NAMES[view]
    return Key(f"queue.view_{view}", keys, f"view('{view}')", f"Weergave: {label}", f"Toon {label.lower()}",
               f"view: {doc}")


QUEUE = _table(
    "queue", "queue",
    # In key bar order: an 80-column bar still shows the first five (with the list's Enter).
    Key("queue.new_case", "n", "new_case", "Nieuw", "Registreer een nieuwe zaak", "new case", bar=True),
    Key("queue.search", "slash,z", "search", "Zoeken", "Zoek in titel, omschrijving, melder of referentie",
        "search as you type", bar=True),
    Key("queue.clear_search", "escape", "clear_search", "Zoeken wissen", "Wis de zoekopdracht", "clear the search",
        palette=False),
    _help("queue"),
    Key("queue.quit", "q", "app.quit", "Afsluiten", "Sluit klachtendesk af", "quit", bar=True),
    Key("queue.filters", "f", "filters", "Filters", "Filter op type, categorie, kanaal, entiteit, behandelaar, jaar",
        "filters", bar=True),
    Key("queue.clear_filters", "F", "clear_filters", "Filters wissen", "Toon alles van deze weergave",
        "clear filters"),
    Key("queue.bulk", "semicolon,b", "bulk", "Bulkactie", "Behandelaar of categorie voor alle gemarkeerde zaken",
        "bulk action on the tagged cases", bar=True),
    Key("queue.summary", "s", "summary", "Jaaroverzicht",
        "Alle tabellen van het jaarrapport, per rapportjaar of eigen periode", "year summary", bar=True),
    Key("queue.refresh", "r", "refresh", "Vernieuwen", "Lees de lijst opnieuw", "refresh"),
    Key("queue.inbox", "m", "inbox", "Postvak",
        "De e-mails in de inboxmap: als zaak registreren of bij hun zaak zetten", "mail inbox"),
    Key("queue.workload", "w", "workload", "Werklast",
        "Werklast per behandelaar, met de lijst achter elk getal",
        "workload per handler"),
    Key("queue.settings", "i", "settings", "Instellingen",
        "Slottekst, behandelaars, sluitingen en reservekopieën", "settings"),
    *[_view(view, digit(n)) for n, view in enumerate(QUEUE_VIEWS, 1)],
    _view("attention", "a"),
)

CASE_LIST = _table(
    "list", "queue",
    Key("list.down", "j,down", "cursor_down", "Volgende zaak", "Volgende zaak", "next case", palette=False),
    Key("list.up", "k,up", "cursor_up", "Vorige zaak", "Vorige zaak", "previous case", palette=False),
    Key("list.first", "g,home", "first", "Eerste zaak", "Eerste zaak", "first case", palette=False),
    Key("list.last", "G,end", "last", "Laatste zaak", "Laatste zaak", "last case", palette=False),
    Key("list.page_down", "pagedown,space", "page_down", "Pagina omlaag", "Pagina omlaag", "page down",
        palette=False),
    Key("list.page_up", "pageup", "page_up", "Pagina omhoog", "Pagina omhoog", "page up", palette=False),
    Key("list.open", "enter", "open", "Openen", "Open de zaak onder de cursor", "open the case", bar=True),
    Key("list.tag", "t", "tag", "Markeren", "Markeer de zaak (voor een bulkactie)", "tag for a bulk action"),
)

# -- intake and editing ---------------------------------------------------------------------

INTAKE = _table(
    "intake", "intake",
    Key("intake.save", "ctrl+s", "save", "Bewaren", "Bewaar de zaak en ga terug naar de lijst", "save", bar=True),
    Key("intake.save_next", "ctrl+n", "save_next", "Bewaren + volgende", "Bewaar en start meteen een nieuwe zaak",
        "save and start the next one", bar=True),
    Key("intake.back", "escape", "leave", "Terug", "Terug naar de lijst", "back", bar=True),
    _help("intake", "f1"),  # `?` is typed into the fields
)

EDIT = _table(
    "edit", "edit",
    Key("edit.save", "ctrl+s", "save", "Bewaren", "Bewaar je wijzigingen", "save", bar=True),
    Key("edit.back", "escape", "leave", "Terug", "Terug naar de zaak", "back", bar=True),
    _help("edit", "f1"),
)

# -- the case -------------------------------------------------------------------------------

CASE = _table(
    "case", "case",
    Key("case.back", "escape,q", "back", "Terug", "Terug naar de lijst", "back", bar=True),
    Key("case.edit", "e", "edit", "Bewerken", "Wijzig de gegevens van de zaak en de melder", "edit", bar=True),
    Key("case.category", "c", "category", "Categorie", "Kies de categorie (met uitleg per categorie)", "category",
        bar=True),
    Key("case.assign", "w", "assign", "Toewijzen", "Wijs een behandelaar toe", "assign"),
    Key("case.admissibility", "o", "admissibility", "Ontvankelijk", "Beslis over de ontvankelijkheid",
        "admissibility", bar=True),
    Key("case.acknowledge", "b", "acknowledge", "Ontvangstmelding", "Noteer dat de ontvangstmelding verstuurd is",
        "acknowledgement sent"),
    Key("case.note", "n", "note", "Notitie", "Voeg een notitie toe aan de tijdlijn", "note", bar=True),
    Key("case.motivation", "i", "motivation", "Onderzoek", "Schrijf wat het onderzoek opleverde (argumentatie)",
        "investigation"),
    Key("case.extend", "v", "extend", "Verlengen", "Verleng de termijn, met reden", "extend"),
    Key("case.draft", "d", "draft", "Ontwerpantwoord", "Schrijf het ontwerpantwoord", "draft answer"),
    Key("case.approve", "g", "approve", "Goedkeuren", "Registreer een goedkeuring van het antwoord", "approval"),
    Key("case.qualify", "k", "qualify", "Kwalificatie", "Kies de eindkwalificatie (met definitie)",
        "final qualification", bar=True),
    Key("case.extra_actions", "x", "extra_actions", "Extra acties", "Verbeteracties en of ze uitgevoerd zijn",
        "extra actions"),
    Key("case.answer", "a", "answer", "Beantwoord", "Antwoord verstuurd: sluit de zaak af", "answered (closes)",
        bar=True),
    Key("case.reopen", "h", "reopen", "Heropenen", "Heropen een afgesloten zaak, met reden", "reopen"),
    Key("case.link", "l", "link", "Herhaling", "Koppel als herhaling van een eerdere zaak", "link as repeat"),
    Key("case.files", "f", "files", "Bijlagen", "Voeg een bestand toe, of open of bewaar een bijlage",
        "attachments"),
    Key("case.letter", "m", "letter", "Brief", "Maak een ontvangstmelding, antwoord of afsluiting (Word of e-mail)",
        "letter or e-mail draft"),
    Key("case.reload", "r", "reload", "Herladen", "Lees de zaak opnieuw", "reload"),
    _help("case"),
)

# -- the year summary -----------------------------------------------------------------------

SUMMARY = _table(
    "summary", "year summary (`s`)",
    Key("summary.back", "escape,q", "back", "Terug", "Terug naar de lijst", "back", bar=True),
    Key("summary.previous_year", "left,left_square_bracket", "year(-1)", "Vorig jaar",
        "Het overzicht van het rapportjaar ervoor", "previous year", bar=True, priority=True),
    Key("summary.next_year", "right,right_square_bracket", "year(1)", "Volgend jaar",
        "Het overzicht van het rapportjaar erna", "next year", bar=True, priority=True),
    Key("summary.period", "p", "period", "Eigen periode", "Kies zelf een begin- en einddatum", "own period",
        bar=True),
    Key("summary.export", "e", "export", "Exporteren", "Schrijf het rapport als html, md, xlsx, csv of json",
        "export", bar=True),
    Key("summary.next_tab", "tab", "tab(1)", "Volgende tab", "Naar de volgende tab", "next section",
        palette=False, priority=True),
    Key("summary.previous_tab", "shift+tab", "tab(-1)", "Vorige tab", "Naar de vorige tab", "previous section",
        palette=False, priority=True),
    # By number, as the tabs are labelled: which sections there are is the summary's own business.
    *[Key(f"summary.tab_{n}", digit(n), f"show_tab_number({n})", f"Tab {n}", f"Toon tab {n}", f"section {n}")
      for n in range(1, 10)],
    Key("summary.wide_table", "enter", "focus_table", "Brede tabel",
        "Kies een tabel die breder is dan het scherm: ← en → schuiven hem dan, esc geeft ze terug aan de jaren",
        "pick a table wider than the screen (← and → then scroll it, esc gives them back)"),
    Key("summary.down", "j", "scroll(1)", "Omlaag", "Een regel omlaag", "scroll down", palette=False),
    Key("summary.up", "k", "scroll(-1)", "Omhoog", "Een regel omhoog", "scroll up", palette=False),
    Key("summary.top", "g", "scroll_edge(False)", "Begin", "Naar het begin", "top", palette=False),
    Key("summary.bottom", "G", "scroll_edge(True)", "Einde", "Naar het einde", "bottom", palette=False),
    Key("summary.recompute", "r", "recompute", "Opnieuw berekenen", "Tel alles opnieuw, met wat intussen veranderde",
        "compute again"),
    _help("summary"),
)

#: A chapter table wider than the screen, once it has focus (tui/widgets/wide_table.py).
WIDE_TABLE = _table(
    "wide_table", "a wide table in the year summary (`enter`)",
    Key("wide_table.release", "escape", "release", "Terug naar de pagina",
        "Geef ← en → terug aan de jaren", "give ← and → back to the years", bar=True),
    Key("wide_table.left", "left", "sideways(-1)", "Naar links", "Schuif de cijfers naar links", "scroll left",
        palette=False),
    Key("wide_table.right", "right", "sideways(1)", "Naar rechts", "Schuif de cijfers naar rechts",
        "scroll right", palette=False),
    Key("wide_table.start", "home", "edge(False)", "Begin", "Naar de eerste kolommen", "first columns",
        palette=False),
    Key("wide_table.end", "end", "edge(True)", "Einde", "Naar de laatste kolommen", "last columns",
        palette=False),
)

# -- the inbox ------------------------------------------------------------------------------

INBOX = _table(
    "inbox", "inbox (`m` in the queue)",
    Key("inbox.back", "escape,q", "back", "Terug", "Terug naar de lijst", "back", bar=True),
    Key("inbox.take", "enter", "take", "Verwerken", "Registreer de mail als zaak, of voeg ze toe aan haar zaak",
        "register the mail (intake prefilled) or add it to the case it answers", bar=True),
    Key("inbox.folder", "p", "folder", "Map kiezen", "Kies de map met de e-mails", "set the inbox folder",
        bar=True),
    Key("inbox.reload", "r", "reload", "Vernieuwen", "Lees de map opnieuw", "read it again", bar=True),
    Key("inbox.down", "j", "cursor_down", "Volgende mail", "Volgende mail", "next mail", palette=False),
    Key("inbox.up", "k", "cursor_up", "Vorige mail", "Vorige mail", "previous mail", palette=False),
    _help("inbox"),
)

# -- settings and workload ------------------------------------------------------------------

SETTINGS = _table(
    "settings", "settings (`i` in the queue)",
    Key("settings.back", "escape,q", "back", "Terug", "Terug naar de lijst", "back", bar=True),
    Key("settings.change", "enter", "change", "Wijzigen",
        "Wijzig de instelling onder de cursor (op een regel met + : voeg toe; bij een gebruiker: geef of neem "
        "een entiteit)", "change the setting (a login: grant or revoke an entity)", bar=True,
        priority=True),
    Key("settings.add", "n", "add", "Toevoegen",
        "Voeg een behandelaar, een sluiting of een gebruiker toe, in het deel onder de cursor",
        "add a user, closure or login", bar=True),
    Key("settings.remove", "delete,x", "remove", "Verwijderen",
        "Verwijder de sluiting of de gebruiker onder de cursor, of zet de behandelaar op niet actief",
        "remove the closure or login, or set the user inactive", bar=True),
    Key("settings.down", "j", "cursor_down", "Omlaag", "Volgende instelling", "next setting", palette=False),
    Key("settings.up", "k", "cursor_up", "Omhoog", "Vorige instelling", "previous setting", palette=False),
    Key("settings.reload", "r", "reload", "Vernieuwen", "Lees de instellingen opnieuw", "read them again"),
    _help("settings"),
)

WORKLOAD = _table(
    "workload", "workload (`w` in the queue)",
    Key("workload.back", "escape,q", "back", "Terug", "Terug naar de lijst", "back", bar=True),
    Key("workload.open", "enter", "open", "Lijst openen",
        "Open de zaken achter het getal: de lijst van die behandelaar in die weergave",
        "open the cases behind the number (the queue, filtered)", bar=True, priority=True),
    Key("workload.down", "j", "cursor('down')", "Omlaag", "Volgende behandelaar", "next handler", palette=False),
    Key("workload.up", "k", "cursor('up')", "Omhoog", "Vorige behandelaar", "previous handler", palette=False),
    Key("workload.left", "h", "cursor('left')", "Naar links", "Vorige kolom", "previous column", palette=False),
    Key("workload.right", "l", "cursor('right')", "Naar rechts", "Volgende kolom", "next column", palette=False),
    Key("workload.reload", "r", "reload", "Vernieuwen", "Tel opnieuw", "count again", bar=True),
    _help("workload"),
)

# -- dialogs and the rest -------------------------------------------------------------------

DIALOG = _table(
    "dialog", "dialogs",
    Key("dialog.cancel", "escape", "cancel", "Annuleren", "Sluit dit venster zonder iets te bewaren", "cancel",
        bar=True),
    Key("dialog.confirm", "ctrl+s", "confirm", "Bewaren", "Bevestig dit venster", "confirm", bar=True),
)

CONFIRM = _table(
    "confirm", "dialogs",
    Key("confirm.yes", "j,y", "yes", "Ja", "Ja", "yes (in a yes/no question)", bar=True),
    Key("confirm.no", "n", "no", "Nee", "Nee", "no", bar=True),
)

PICKER = _table(
    "picker", "dialogs",
    Key("picker.down", "down", "cursor_down", "Volgende", "Volgend item in de lijst",
        "next item (while typing a filter)", palette=False),
    Key("picker.up", "up", "cursor_up", "Vorige", "Vorig item in de lijst", "previous item", palette=False),
)

HELP = _table(
    "help", "help (`?`)",
    Key("help.close", "escape,q,question_mark,f1", "close", "Sluiten", "Sluit deze hulp", "close the help",
        bar=True, palette=False),
)

FIRST_RUN = _table(
    "first_run", "first start",
    Key("first_run.create", "ctrl+s", "create", "Aanmaken", "Maak de databank aan", "create the store", bar=True),
    Key("first_run.quit", "escape", "quit", "Afsluiten", "Sluit af zonder databank", "quit", bar=True),
)

#: Every table, in the order the README lists them.
TABLES: tuple[Table, ...] = (QUEUE, CASE_LIST, INTAKE, EDIT, CASE, SUMMARY, WIDE_TABLE, INBOX, SETTINGS, WORKLOAD,
                             DIALOG, CONFIRM, PICKER, HELP, FIRST_RUN, APP)

#: Tables that are active together (a key may not be used twice within one group): a
#: screen, the widgets on it, and the app's own keys.
GROUPS: tuple[tuple[Table, ...], ...] = (
    (QUEUE, CASE_LIST, APP), (INTAKE, APP), (EDIT, APP), (CASE, APP), (SUMMARY, APP), (WIDE_TABLE, APP),
    (INBOX, APP), (SETTINGS, APP), (WORKLOAD, APP),
    (DIALOG, CONFIRM, APP), (DIALOG, PICKER, APP), (HELP, APP), (FIRST_RUN, APP),
)


def all_keys() -> Iterable[Key]:
    for table in TABLES:
        yield from table.keys


def find(key_id: str) -> Key | None:
    return next((k for k in all_keys() if k.id == key_id), None)


# -- how keys are written on screen -----------------------------------------------------------

_NAMES = {
    "question_mark": "?", "slash": "/", "semicolon": ";", "escape": "esc", "enter": "Enter", "space": "spatie",
    "left": "←", "right": "→", "up": "↑", "down": "↓", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home",
    "end": "End", "left_square_bracket": "[", "right_square_bracket": "]", "ampersand": "&",
    "quotation_mark": '"', "apostrophe": "'", "left_parenthesis": "(", "section_sign": "§",
    "exclamation_mark": "!", "tab": "tab", "shift+tab": "shift+tab", "insert": "Insert", "delete": "Delete",
    "backspace": "Backspace",
}


def key_name(key: str) -> str:
    """One Textual key name as the user reads it: "slash" -> "/", "f1" -> "F1"."""
    if key in _NAMES:
        return _NAMES[key]
    if "+" in key:
        *mods, last = key.split("+")
        return "+".join([*mods, key_name(last)])
    if len(key) > 1 and key[0] == "f" and key[1:].isdigit():
        return key.upper()
    return key


_SHORT = {"enter": "⏎", "escape": "esc", "space": "␣"}


def keys_text(keys: Sequence[str], separator: str = " ", *, short: bool = False) -> str:
    """Keys as the user reads them; ``short``: as the key bar writes them (⏎ for Enter)."""
    return separator.join(_short(key) if short else key_name(key) for key in keys)


def _short(key: str) -> str:
    if key in _SHORT:
        return _SHORT[key]
    if key.startswith("ctrl+"):
        return "^" + key_name(key.removeprefix("ctrl+"))
    return key_name(key)


# -- the README's key tables ------------------------------------------------------------------

README_BEGIN = "<!-- keys: generated from src/klachtendesk/tui/keys.py; python -m klachtendesk.tui.keys README.md -->"
README_END = "<!-- keys: end -->"


def _readme_keys(keys: Sequence[str]) -> str:
    return " or ".join(f"`{'space' if key == 'space' else key_name(key)}`" for key in keys)


def readme_text() -> str:
    """The README's key tables: where each key works, then every id (for a keymap file)."""
    by_where: dict[str, list[Key]] = {}
    for table in TABLES:
        by_where.setdefault(table.where, []).extend(table.keys)
    lines = [README_BEGIN, "", "| where | keys |", "|---|---|"]
    for where, found in by_where.items():
        lines.append(f"| {where} | " + ", ".join(f"{_readme_keys(k.key_list)} {k.doc}" for k in found) + " |")
    lines += ["", "<details><summary>Every key id, for a keymap file</summary>", "", "| id | keys | what |",
              "|---|---|---|"]
    for key in all_keys():
        lines.append(f"| `{key.id}` | {_readme_keys(key.key_list)} | {key.doc} |")
    lines += ["", "</details>", "", README_END]
    return "\n".join(lines)


def update_readme(path: str) -> bool:
    """Write the key tables into the README between their markers; True when it changed."""
    from pathlib import Path

    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(README_BEGIN), text.index(README_END) + len(README_END)
    new = text[:start] + readme_text() + text[end:]
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # python -m klachtendesk.tui.keys README.md
    import sys

    print("README bijgewerkt." if update_readme(sys.argv[1]) else "README was al bij.")
