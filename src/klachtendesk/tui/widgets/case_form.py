"""The form with a case's own fields, shared by intake (new case) and editing.

It reads its widgets into values, checks them with the domain rules and shows each error
next to its field, in Dutch. It never touches the store: the screens save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Label, Select, SelectionList, TextArea

from klachtendesk import clock
from klachtendesk.domain import facts
from klachtendesk.domain.case_rules import check_email, check_received, check_title
from klachtendesk.domain.dates import format_date, parse_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.domain.text import clean_line, clean_text
from klachtendesk.store.taxonomy import Taxonomy
from klachtendesk.tui.safe import plain, user_text
from klachtendesk.tui.widgets.clean_input import CleanInput
from klachtendesk.tui.widgets.clean_text_area import CleanTextArea
from klachtendesk.tui.widgets.field_error import FieldError
from klachtendesk.tui.widgets.tick_box import TickBox


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the case attribute
    label: str
    kind: str  # date, select, multi (several from a list), line, text, bool
    options: str = ""  # taxonomy kind for selects (or lines, solved, mediation, ombudsnorms)
    required: bool = False
    empty: Any = None  # the value of a select left blank: None for an id, "" for a text column
    fact: str = ""  # a case fact (domain/facts.py): shown only when the preset uses it


_RECEIVED = FieldSpec("received", "Ontvangen", "date", required=True)
_TYPE = FieldSpec("signal_type_id", "Type", "select", "types", required=True)
_CHANNEL = FieldSpec("channel_id", "Kanaal", "select", "channels")
_ENTITY = FieldSpec("entity_id", "Entiteit", "select", "entities")
_NAME = FieldSpec("complainant_name", "Melder", "line")
_EMAIL = FieldSpec("complainant_email", "E-mail", "line")
_PHONE = FieldSpec("complainant_phone", "Telefoon", "line")
_ADDRESS = FieldSpec("complainant_address", "Adres", "line")
_ANONYMOUS = FieldSpec("anonymous", "Anoniem", "bool")
_TITLE = FieldSpec("title", "Titel", "line", required=True)
_DESCRIPTION = FieldSpec("description", "Omschrijving", "text")
_CATEGORY = FieldSpec("category_id", "Categorie", "select", "categories")

_SCHOOL = FieldSpec(facts.SCHOOL, facts.LABELS[facts.SCHOOL], "line", fact=facts.SCHOOL)
_HANDLER = FieldSpec("handler_id", "Behandelaar", "select", "users")
_LINE = FieldSpec("line", "Lijn", "select", "lines", empty="")

#: The fields a preset may add to the intake (``organisation.intake_fields``), by their name there.
INTAKE_OPTIONAL: dict[str, FieldSpec] = {
    "address": _ADDRESS, "entity": _ENTITY, "school": _SCHOOL, "line": _LINE, "handler": _HANDLER,
}
# In the order a receptionist fills them in on the phone: date and type are usually right
# already (today, the complaint type), so intake starts its cursor at the channel and the
# first tab reaches the complainant, on every preset. Then what it is about, then where it
# belongs (entity, school, category, line, handler).
_INTAKE_ORDER: tuple[FieldSpec, ...] = (
    _RECEIVED, _TYPE, _CHANNEL, _NAME, _EMAIL, _PHONE, _ADDRESS, _ANONYMOUS, _TITLE, _DESCRIPTION,
    _ENTITY, _SCHOOL, _CATEGORY, _LINE, _HANDLER,
)


def intake_fields(settings: Settings) -> tuple[FieldSpec, ...]:
    """The intake form of an organisation: every intake's fields and the preset's extra ones."""
    chosen = settings.intake_fields if settings.intake_fields is not None else ("entity",)
    extra = {INTAKE_OPTIONAL[name] for name in chosen if name in INTAKE_OPTIONAL}
    optional = set(INTAKE_OPTIONAL.values())
    return tuple(spec for spec in _INTAKE_ORDER if spec not in optional or spec in extra)


#: The case facts, for the forms of the presets that use them.
FACT_FIELDS: tuple[FieldSpec, ...] = (
    _SCHOOL,
    FieldSpec(facts.SOLVED, facts.LABELS[facts.SOLVED], "select", "solved", empty="", fact=facts.SOLVED),
    FieldSpec(facts.OMBUDSNORMS, facts.LABELS[facts.OMBUDSNORMS], "multi", "ombudsnorms", fact=facts.OMBUDSNORMS),
    FieldSpec(facts.MEDIATION_RESULT, "Bemiddeling", "select", "mediation", empty="",
              fact=facts.MEDIATION_RESULT),
    FieldSpec(facts.STAFF_MEMBER, facts.LABELS[facts.STAFF_MEMBER], "line", fact=facts.STAFF_MEMBER),
)

EDIT_FIELDS: tuple[FieldSpec, ...] = (
    _RECEIVED, _TYPE, _CHANNEL, _ENTITY, _NAME, _EMAIL, _PHONE, _ADDRESS, _ANONYMOUS, _TITLE, _DESCRIPTION,
    _CATEGORY, _HANDLER, _LINE, *FACT_FIELDS,
)


def _options(taxonomy: Taxonomy, kind: str, lines: tuple[str, ...], type_id: int | None,
             settings: Settings | None = None) -> list[tuple[Text, Any]]:
    if kind == "lines":
        return [(Text(line), line) for line in lines]
    if kind == "solved":
        return [(Text(value.capitalize()), value) for value in facts.SOLVED_VALUES]
    if kind in ("mediation", "ombudsnorms"):
        choices = () if settings is None else (
            settings.mediation_results if kind == "mediation" else settings.ombudsnorms)
        return [(Text(plain(c[:1].upper() + c[1:], single_line=True)), c) for c in choices]
    if kind == "categories":
        out = []
        for top in taxonomy.top_categories(type_id):
            out.append((Text(plain(top.label, single_line=True)), top.id))
            for child in taxonomy.children(top.id):
                out.append((Text("  " + plain(child.label, single_line=True)), child.id))
        return out
    return [(Text(plain(row.label, single_line=True)), row.id) for row in getattr(taxonomy, kind) if row.active]


class CaseForm(VerticalScroll):
    """The fields, each with its label above and its error below."""

    DEFAULT_CSS = """
    CaseForm { height: 1fr; padding: 0 1; }
    CaseForm .field { height: auto; margin-bottom: 1; }
    CaseForm .row { height: auto; }
    CaseForm .row > Label { width: 16; padding: 0 1 0 0; color: $text-muted; }
    CaseForm .field FieldError { padding-left: 17; }
    CaseForm Input, CaseForm Select, CaseForm TextArea { width: 1fr; }
    CaseForm SelectionList { width: 1fr; height: auto; max-height: 16; background: $boost; border: none; }
    """

    def __init__(self, taxonomy: Taxonomy, lines: tuple[str, ...], fields: tuple[FieldSpec, ...],
                 values: dict[str, Any], *, settings: Settings | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.taxonomy, self.lines, self.settings = taxonomy, lines, settings
        self.fields = tuple(f for f in fields if self._applies(f))
        self.initial = values

    def _applies(self, spec: FieldSpec) -> bool:
        if spec.fact:
            return self.settings is not None and self.settings.uses(spec.fact)
        if spec.options == "entities":
            return bool(self.taxonomy.entities)
        if spec.options == "lines":
            return bool(self.lines)
        return True

    def compose(self) -> ComposeResult:
        for spec in self.fields:
            with Vertical(classes="field", id=f"field-{spec.name}"):
                with Horizontal(classes="row"):
                    yield Label(spec.label + (" *" if spec.required else ""))
                    yield self._widget(spec)
                yield FieldError("", id=f"error-{spec.name}")

    def _widget(self, spec: FieldSpec) -> Any:
        value = self.initial.get(spec.name)
        wid = f"input-{spec.name}"
        if spec.kind == "date":
            return CleanInput(format_date(value) if isinstance(value, date) else (value or ""), id=wid,
                         placeholder="dd/mm/jjjj, vandaag, gisteren")
        if spec.kind == "multi":
            chosen = set(value or ())
            return SelectionList[str](*[(label, choice, choice in chosen) for label, choice in _options(
                self.taxonomy, spec.options, self.lines, None, self.settings)], id=wid, compact=True)
        if spec.kind == "select":
            type_id = self.initial.get("signal_type_id")
            options = _options(self.taxonomy, spec.options, self.lines, type_id, self.settings)
            values = {v for _, v in options}
            return Select(options, value=value if value in values else Select.NULL,
                          allow_blank=not spec.required or value not in values, prompt="(geen)", id=wid)
        if spec.kind == "text":
            area = CleanTextArea(value or "", id=wid, soft_wrap=True, tab_behavior="focus")
            area.styles.height = 5
            return area
        if spec.kind == "bool":
            return TickBox("de melder blijft anoniem", bool(value), id=wid)
        # Focus lands in the field without selecting what is in it: typing adds to the
        # title, it does not replace it.
        return CleanInput(value or "", id=wid, select_on_focus=False)

    # -- reading -------------------------------------------------------------------------

    def raw(self, name: str) -> Any:
        widget = self.query_one(f"#input-{name}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, SelectionList):
            chosen = set(widget.selected)
            return tuple(value for _, value in _options(self.taxonomy, "ombudsnorms", self.lines, None, self.settings)
                         if value in chosen)
        return widget.value  # type: ignore[attr-defined]

    def set_value(self, name: str, value: Any) -> None:
        widgets = self.query(f"#input-{name}")
        if not widgets:
            return
        widget = widgets.first()
        spec = next(f for f in self.fields if f.name == name)
        if isinstance(widget, TextArea):
            widget.text = value or ""
        elif isinstance(widget, Select):
            widget.value = value if value is not None else Select.NULL
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for choice in value or ():
                widget.select(choice)
        else:
            widget.value = format_date(value) if spec.kind == "date" and isinstance(value, date) else (value or "")  # type: ignore[attr-defined]

    def clear_errors(self) -> None:
        for spec in self.fields:
            self.query_one(f"#error-{spec.name}", FieldError).update("")

    def show_error(self, name: str, message: str) -> None:
        target = self.query(f"#error-{name}")
        if target:
            target.first(FieldError).update(user_text(message))

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The cleaned values and the errors per field (empty when all is well)."""
        today = clock.today()
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self.fields:
            raw = self.raw(spec.name)
            try:
                if spec.kind == "date":
                    values[spec.name] = parse_date(raw, today=today, field=spec.name)
                elif spec.kind == "line":
                    values[spec.name] = clean_line(raw, label=f"Het veld {spec.label.lower()}", field=spec.name)
                elif spec.kind == "text":
                    values[spec.name] = clean_text(raw, label=f"Het veld {spec.label.lower()}", field=spec.name)
                elif spec.kind == "select":
                    if spec.required and raw is None:
                        raise DomainError(f"Kies een {spec.label.lower()}.")
                    values[spec.name] = spec.empty if raw is None else raw
                else:
                    values[spec.name] = raw
            except DomainError as err:
                errors[spec.name] = err.message
        checks: tuple[tuple[str, Callable[[], object]], ...] = (
            ("received", lambda: check_received(values["received"], today)),
            ("title", lambda: check_title(values["title"])),
            ("complainant_email", lambda: check_email(values.get("complainant_email", ""))),
        )
        for name, check in checks:
            if name in values and name not in errors:
                try:
                    check()
                except DomainError as err:
                    errors[name] = err.message
        if values.get("anonymous") and (values.get("complainant_name") or values.get("complainant_email")):
            errors.setdefault("anonymous", "Een anonieme melding heeft geen naam of e-mail: maak die velden leeg.")
        self.clear_errors()
        for name, message in errors.items():
            self.show_error(name, message)
        if errors:
            first = next(f.name for f in self.fields if f.name in errors)
            self.query_one(f"#input-{first}").focus()
        return values, errors

    def refresh_categories(self, type_id: int | None) -> None:
        """Categories may be scoped per signal type (the police): offer only those that apply."""
        widgets = self.query("#input-category_id")
        if not widgets:
            return
        select = widgets.first(Select)
        current = select.value
        options = _options(self.taxonomy, "categories", self.lines, type_id)
        select.set_options(options)
        if current in {v for _, v in options}:
            select.value = current
