"""Importing a register: every row checked first, then all cases written in one transaction.

If any row is wrong nothing is written, and every wrong row is reported with its line
number, column and a Dutch reason. Labels match ignoring case, spacing and the kind of
dash; unknown labels are errors unless ``add_missing_labels`` adds them to the taxonomy.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from klachtendesk import clock
from klachtendesk.domain import facts
from klachtendesk.domain.case_rules import (
    check_acknowledged,
    check_date_order,
    check_email,
    check_extra_actions_done,
    check_received,
)
from klachtendesk.domain.dates import coerce_date
from klachtendesk.domain.deadlines import check_extension
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.reference import DEFAULT_PATTERN, reference_number
from klachtendesk.domain.repeats import Link, link_problems
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.domain.text import clean_line, clean_text, quote
from klachtendesk.domain.workflow import ANSWER_CHANNELS, initial_status
from klachtendesk.register.columns import BY_NAME, FACT_COLUMNS, INFORMATIONAL, header_key
from klachtendesk.register.files import read_sheet
from klachtendesk.register.sheet import Sheet, SheetProblems
from klachtendesk.store.bulk import (
    NewCase,
    add_label,
    add_subcategory,
    ensure_users,
    existing_references,
    insert_cases,
    received_by_reference,
    references_by_number,
)
from klachtendesk.store.cases import CaseFields
from klachtendesk.store.database import Store
from klachtendesk.store.taxonomy import Taxonomy, load_taxonomy

_YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
_NO = {"nee", "n", "no", "0", "false", "onwaar"}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"regel {self.line}" + (f", kolom {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    added_labels: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__(f"{len(result.errors)} fouten")
        self.result = result


_LABEL_TABLES = {
    "types": "type",
    "channels": "kanaal",
    "entities": "entiteit",
    "categories": "categorie",
    "qualifications": "kwalificatie",
}


@dataclass
class _Row:
    line: int
    fields: CaseFields
    repeat_of: str = ""
    handler: str = ""


class _Mapper:
    """Turns one sheet row into CaseFields, collecting errors instead of stopping."""

    def __init__(self, taxonomy: Taxonomy, today: date, add_missing: bool,
                 settings: Settings | None = None) -> None:
        self.taxonomy = taxonomy
        self.settings = settings or Settings(organisation="")
        self.today = today
        self.add_missing = add_missing
        self.missing: dict[str, dict[str, str]] = {}  # kind -> key -> label
        # A register repeats a few dozen labels and a few thousand dates over and over:
        # each distinct cell is looked up or parsed once (errors are not kept: each
        # wrong row must still be reported).
        self._labels: dict[tuple[str, str, int | None, int | None], int | None] = {}
        self._dates: dict[str, date] = {}

    def label(self, kind: str, value: str, *, type_id: int | None = None,
              parent_id: int | None = None) -> int | None:
        key = (kind, value, type_id, parent_id)
        if key in self._labels:
            return self._labels[key]
        found = self._label(kind, value, type_id=type_id, parent_id=parent_id)
        self._labels[key] = found
        return found

    def date(self, value: Any) -> date:
        if not isinstance(value, str):
            return coerce_date(value, today=self.today)
        parsed = self._dates.get(value)
        if parsed is None:
            parsed = self._dates[value] = coerce_date(value, today=self.today)
        return parsed

    def _label(self, kind: str, value: str, *, type_id: int | None = None,
               parent_id: int | None = None) -> int | None:
        if not value:
            return None
        if kind == "categories":
            row = self.taxonomy.find_category(value, type_id, parent_id)
        else:
            row = self.taxonomy.find(kind, value)
        if row is not None:
            found: int = row.id
            return found
        if self.add_missing:
            self.missing.setdefault(kind, {})[label_key(value)] = value
            return -1  # resolved after the labels are added
        known = [r.label for r in getattr(self.taxonomy, kind) if getattr(r, "parent_id", None) == parent_id]
        hint = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        raise DomainError(f"onbekende waarde '{quote(value)}'. Bekend: {hint}. "
                          "(Of importeer met --add-missing-labels.)")


def _bool(value: str) -> bool | None:
    key = value.strip().lower()
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise DomainError(f"'{quote(value)}' moet ja of nee zijn.")


def _int(value: Any) -> int:
    if value in ("", None):
        return 0
    try:
        number = int(str(value).strip())
    except ValueError:
        raise DomainError(f"'{quote(value)}' is geen geheel getal.") from None
    return number


def map_rows(sheet: Sheet, taxonomy: Taxonomy, today: date, add_missing: bool,
             result: ImportResult, settings: Settings | None = None) -> tuple[list[_Row], _Mapper]:
    columns: dict[int, str] = {}
    seen: set[str] = set()
    used_facts = settings.facts if settings is not None else ()
    for index, raw in enumerate(sheet.header):
        key = header_key(raw)
        if key in FACT_COLUMNS and FACT_COLUMNS[key] not in used_facts:
            result.warnings.append(f"Kolom '{quote(raw)}' is een gegeven dat deze organisatie niet bijhoudt "
                                   "en wordt genegeerd.")
        elif key in BY_NAME or key in FACT_COLUMNS:
            if key in seen:
                result.errors.append(RowError(1, key, "deze kolom staat er twee keer in."))
            seen.add(key)
            columns[index] = key
        elif key in INFORMATIONAL or not key:
            continue
        else:
            result.warnings.append(f"Kolom '{quote(raw)}' is onbekend en wordt genegeerd.")
    for name, column in BY_NAME.items():
        if column.required and name not in seen:
            result.errors.append(RowError(1, name, "deze verplichte kolom ontbreekt."))
    if result.errors:
        return [], _Mapper(taxonomy, today, add_missing, settings)

    mapper = _Mapper(taxonomy, today, add_missing, settings)
    rows: list[_Row] = []
    pattern = settings.reference_pattern if settings is not None else DEFAULT_PATTERN
    references: dict[str | tuple[int, int], tuple[str, int]] = {}  # by number where in the pattern
    for line, cells in sheet.rows:
        result.rows += 1
        values = {name: cells[i] if i < len(cells) else "" for i, name in columns.items()}
        row = _map_row(line, values, mapper, result)
        if row is None:
            continue
        ref = row.fields.reference
        if ref:
            number = reference_number(pattern, ref) or ref
            if number in references:
                other, other_line = references[number]
                reason = (f"{ref} staat ook op regel {other_line}." if other == ref else
                          f"{ref} is hetzelfde nummer als {other} op regel {other_line}: "
                          "een referentie kan maar één keer voorkomen.")
                result.errors.append(RowError(line, "referentie", reason))
            references[number] = (ref, line)
        rows.append(row)
    return rows, mapper


#: Free-text columns: (column, CaseFields attribute, multiline, name in messages).
_TEXT_COLUMNS = tuple((column, attr, multiline, f"De kolom {column}") for column, attr, multiline in (
    ("omschrijving", "description", True), ("melder", "complainant_name", False),
    ("melder_email", "complainant_email", False), ("melder_telefoon", "complainant_phone", False),
    ("melder_adres", "complainant_address", False), ("lijn", "line", False),
    ("reden_niet_ontvankelijk", "inadmissible_reason", False), ("argumentatie", "motivation", True),
    ("ontwerpantwoord", "draft_answer", True), ("extra_acties", "extra_actions", True),
    ("verlenging_reden", "extension_reason", False),
))


def _map_row(line: int, values: dict[str, Any], mapper: _Mapper,
             result: ImportResult) -> _Row | None:
    errors_before = len(result.errors)
    out: dict[str, Any] = {}

    def run(column: str, fn: Any) -> Any:
        try:
            return fn()
        except DomainError as err:
            result.errors.append(RowError(line, column, err.message))
            return None

    def txt(column: str) -> str:
        value = values.get(column, "")
        return "" if value is None else (value if isinstance(value, str) else str(value))

    def date_of(column: str, required: bool = False) -> date | None:
        value = values.get(column, "")
        if value in ("", None) or (isinstance(value, str) and not value.strip()):
            if required:
                result.errors.append(RowError(line, column, "verplicht: vul een datum in."))
            return None
        parsed: date | None = run(column, lambda: mapper.date(value))
        return parsed

    received = date_of("ontvangen", required=True)
    if received is not None:
        run("ontvangen", lambda: check_received(received, mapper.today))
    type_label = clean_line(txt("type"))
    if not type_label:
        result.errors.append(RowError(line, "type", "verplicht: vul het type in."))
        type_id = None
    else:
        type_id = run("type", lambda: mapper.label("types", type_label))
    title = run("titel", lambda: clean_line(txt("titel"), label="De titel"))
    if title is not None and not title:
        result.errors.append(RowError(line, "titel", "verplicht: vul een titel in."))
    out["title"] = title or ""
    for column, attr, multiline, label in _TEXT_COLUMNS:
        value = txt(column)
        if value:
            try:
                value = clean_text(value, multiline=multiline, label=label)
            except DomainError as err:
                result.errors.append(RowError(line, column, err.message))
                value = ""
        out[attr] = value
    run("melder_email", lambda: check_email(out["complainant_email"]))
    out["anonymous"] = bool(run("anoniem", lambda: _bool(txt("anoniem"))))
    out["admissible"] = run("ontvankelijk", lambda: _bool(txt("ontvankelijk")))
    known_type = type_id if type_id and type_id > 0 else None
    out["channel_id"] = run("kanaal", lambda: mapper.label("channels", clean_line(txt("kanaal"))))
    out["entity_id"] = run("entiteit", lambda: mapper.label("entities", clean_line(txt("entiteit"))))
    out["category_id"] = run("categorie", lambda: mapper.label(
        "categories", clean_line(txt("categorie")), type_id=known_type))
    sub = clean_line(txt("subcategorie"))
    if sub:
        if out["category_id"] is None:
            result.errors.append(RowError(line, "subcategorie", "een subcategorie vraagt ook een categorie."))
        elif out["category_id"] > 0:
            parent = out["category_id"]
            out["subcategory_id"] = run("subcategorie", lambda: mapper.label(
                "categories", sub, type_id=known_type, parent_id=parent))
        else:
            mapper.missing.setdefault("subcategories", {})[label_key(sub)] = sub
    out["qualification_id"] = run("kwalificatie", lambda: mapper.label(
        "qualifications", clean_line(txt("kwalificatie"))))
    out["handler"] = clean_line(txt("behandelaar"))
    out["extra_actions_done"] = date_of("extra_acties_uitgevoerd")
    out["acknowledged"] = date_of("ontvangstmelding")
    if received is not None:
        run("ontvangstmelding", lambda: check_acknowledged(received, out["acknowledged"], mapper.today))
        run("extra_acties_uitgevoerd", lambda: check_extra_actions_done(
            received, out["extra_actions_done"], mapper.today))
    out["answered"] = date_of("afgesloten")
    channel = txt("antwoordkanaal").strip().lower().replace("email", "e-mail")
    if channel and channel not in ANSWER_CHANNELS:
        result.errors.append(RowError(line, "antwoordkanaal", f"'{quote(channel)}' moet e-mail of brief zijn."))
    out["answer_channel"] = channel
    out["extension_days"] = run("verlenging_dagen", lambda: _int(values.get("verlenging_dagen"))) or 0
    reference = clean_line(txt("referentie"))
    repeat_of = clean_line(txt("herhaling_van"))

    if received is not None:
        for column, attr, what in (("afgesloten", "answered", "het antwoord"),):
            run(column, lambda a=attr, w=what, c=column: check_date_order(received, out[a], w, c))
        if out["answered"] is not None and out["answered"] > mapper.today:
            result.errors.append(RowError(line, "afgesloten", "de antwoorddatum ligt in de toekomst."))
    if type_id and type_id > 0 and out["extension_days"]:
        term = mapper.taxonomy.type(type_id).term
        run("verlenging_dagen", lambda: check_extension(term, out["extension_days"], out["extension_reason"]))
    elif out["extension_days"] < 0:
        result.errors.append(RowError(line, "verlenging_dagen", "een verlenging kan niet negatief zijn."))
    qualification = mapper.taxonomy.get("qualifications", out["qualification_id"])
    if out["qualification_id"] is None or (qualification is not None):
        run("kwalificatie", lambda: initial_status(
            admissible=out["admissible"],
            qualification=qualification.info if qualification else None,
            answered=out["answered"], answer_channel=out["answer_channel"],
            draft_answer=out["draft_answer"], qualification_required=_needs_qualification(mapper.taxonomy, type_id)))
    _map_facts(values, out, mapper, run)
    if len(result.errors) > errors_before or received is None or not type_id:
        return None
    handler = out.pop("handler")
    fields_ = CaseFields(received=received, signal_type_id=type_id, reference=reference,
                         **{k: v for k, v in out.items() if k in _CASE_FIELD_NAMES})
    return _Row(line=line, fields=fields_, repeat_of=repeat_of, handler=handler)


_CASE_FIELD_NAMES = {f.name for f in fields(CaseFields)}


def _map_facts(values: dict[str, Any], out: dict[str, Any], mapper: _Mapper, run: Any) -> None:
    """The organisation's case facts (only their columns are in ``values``)."""
    settings = mapper.settings

    def cell(fact: str) -> str:
        value = values.get(facts.COLUMNS[fact], "")
        return "" if value is None else str(value)

    for fact in settings.facts:
        column = facts.COLUMNS[fact]
        if fact in (facts.SCHOOL, facts.STAFF_MEMBER):
            out[fact] = run(column, lambda f=fact: clean_line(cell(f), label=f"De kolom {facts.COLUMNS[f]}")) or ""
        elif fact == facts.SOLVED:
            out[fact] = run(column, lambda: facts.parse_solved(cell(facts.SOLVED))) or ""
        elif fact == facts.MEDIATION_RESULT:
            out[fact] = run(column, lambda: facts.choose(
                cell(facts.MEDIATION_RESULT), settings.mediation_results, "resultaat van een bemiddeling")) or ""
        elif fact == facts.OMBUDSNORMS:
            norms = run(column, lambda: facts.parse_norms(cell(facts.OMBUDSNORMS), settings.ombudsnorms)) or ()
            qualification_id = out.get("qualification_id")
            if norms and (qualification_id is None or qualification_id > 0):
                qualification = mapper.taxonomy.get("qualifications", qualification_id)
                run(column, lambda q=qualification, n=norms: facts.check_norms_fit(n, q.founded if q else None))
            out[fact] = facts.store_norms(norms)


def _needs_qualification(taxonomy: Taxonomy, type_id: int | None) -> bool:
    """Whether the row's type needs a final qualification to be closed (unknown: yes)."""
    row = taxonomy.get("types", type_id) if type_id and type_id > 0 else None
    return row.needs_qualification if row is not None else True


def _add_missing_labels(session: Any, mapper: _Mapper, result: ImportResult) -> None:
    for kind, labels in mapper.missing.items():
        if kind == "subcategories":
            continue
        for label in labels.values():
            add_label(session, kind, label)
            result.added_labels.append(f"{_LABEL_TABLES[kind]}: {label}")


def import_register(store: Store, path: Path, *, user: str, add_missing_labels: bool = False,
                    dry_run: bool = False, sheet_name: str | None = None) -> ImportResult:
    """Check and import a register file (``sheet_name``: the xlsx sheet, else the one
    register/xlsx_read.py chooses). Raises ImportFailed (nothing written) on any error."""
    result = ImportResult(dry_run=dry_run)
    try:
        sheet = read_sheet(path, sheet_name)
        result.warnings.extend(sheet.warnings)
        rows, mapper = map_rows(sheet, store.taxonomy, clock.today(), add_missing_labels, result, store.settings)
    except SheetProblems as err:  # the file itself, not a row's content: nothing of it is imported
        result.errors.extend(RowError(p.line, p.column, p.reason) for p in err.problems)
        raise ImportFailed(result) from None
    if result.errors:
        raise ImportFailed(result)
    now = clock.now()
    settings = store.settings
    with store.sessions.write() as session:
        existing_refs = existing_references(session, [r.fields.reference for r in rows if r.fields.reference])
        _check_stored_numbers(session, rows, settings.reference_pattern, existing_refs, result)
        for row in rows:
            if row.fields.reference in existing_refs:
                result.errors.append(RowError(row.line, "referentie",
                                              f"{row.fields.reference} bestaat al in de databank."))
        if result.errors:
            raise ImportFailed(result)
        if mapper.missing:
            _add_missing_labels(session, mapper, result)
            session.flush()
            taxonomy = load_taxonomy(session)
            _add_missing_subcategories(session, mapper, rows, sheet, taxonomy, result)
            taxonomy = load_taxonomy(session)
            _resolve_labels(rows, sheet, taxonomy, result)
            if result.errors:
                raise ImportFailed(result)
        else:
            taxonomy = store.taxonomy
        users = ensure_users(session, {r.handler for r in rows if r.handler})
        _check_repeats(session, rows, result)
        if result.errors:
            raise ImportFailed(result)
        batch = [NewCase(row.fields, users.get(row.handler) or None if row.handler else None, row.repeat_of or "")
                 for row in rows]
        created = insert_cases(session, batch, settings=settings, taxonomy=taxonomy, user=user, now=now,
                               note=f"Geïmporteerd uit {path.name}")
        result.created = created
        if dry_run:
            session.rollback()
            result.created = 0
            return result
    store.refresh()
    return result


def _check_stored_numbers(session: Any, rows: list[_Row], pattern: str, existing: set[str],
                          result: ImportResult) -> None:
    """A reference whose number the store holds under another spelling ("2023-001" beside
    a stored "2023-0001") is a row error, not a database's refusal."""
    numbered = [(row, number) for row in rows if row.fields.reference and row.fields.reference not in existing
                and (number := reference_number(pattern, row.fields.reference)) is not None]
    stored = references_by_number(session, [number for _, number in numbered])
    for row, number in numbered:
        if number in stored:
            result.errors.append(RowError(row.line, "referentie", (
                f"{row.fields.reference} is hetzelfde nummer als {stored[number]}, dat al in de databank staat.")))


def _check_repeats(session: Any, rows: list[_Row], result: ImportResult) -> None:
    """The desk's rules for a repeat: an existing, earlier case, not itself, no circle."""
    in_file = {row.fields.reference for row in rows if row.fields.reference}
    stored = received_by_reference(session, [row.repeat_of for row in rows
                                             if row.repeat_of and row.repeat_of not in in_file])
    links = [Link(row.fields.reference, row.fields.received, row.repeat_of) for row in rows]
    for index, reason in link_problems(links, stored):
        result.errors.append(RowError(rows[index].line, "herhaling_van", reason))


def _add_missing_subcategories(session: Any, mapper: _Mapper, rows: list[_Row], sheet: Sheet,
                               taxonomy: Taxonomy, result: ImportResult) -> None:
    wanted = mapper.missing.get("subcategories", {})
    if not wanted:
        return
    header = [header_key(h) for h in sheet.header]
    cat_i, sub_i = header.index("categorie"), header.index("subcategorie")
    cells = dict(sheet.rows)
    done: set[tuple[int, str]] = set()
    for row in rows:
        line_cells = cells[row.line]
        sub = clean_line(line_cells[sub_i] if sub_i < len(line_cells) else "")
        if not sub:
            continue
        parent = taxonomy.find_category(clean_line(line_cells[cat_i]), None)
        if parent is None:
            continue
        if taxonomy.find_category(sub, None, parent.id) is None and (parent.id, label_key(sub)) not in done:
            add_subcategory(session, parent.id, sub)
            done.add((parent.id, label_key(sub)))
            result.added_labels.append(f"subcategorie: {parent.label} > {sub}")


def _resolve_labels(rows: list[_Row], sheet: Sheet, taxonomy: Taxonomy, result: ImportResult) -> None:
    """After labels were added, turn the placeholders (-1) into ids."""
    header = [header_key(h) for h in sheet.header]
    cells = dict(sheet.rows)

    def cell(line: int, name: str) -> str:
        if name not in header:
            return ""
        values = cells[line]
        i = header.index(name)
        return clean_line(values[i] if i < len(values) else "")

    for row in rows:
        f = row.fields
        added_type = f.signal_type_id == -1
        if added_type:
            f.signal_type_id = taxonomy.find("types", cell(row.line, "type")).id
        for attr, kind, column in (("channel_id", "channels", "kanaal"), ("entity_id", "entities", "entiteit"),
                                   ("qualification_id", "qualifications", "kwalificatie")):
            if getattr(f, attr) == -1:
                setattr(f, attr, taxonomy.find(kind, cell(row.line, column)).id)
        if f.category_id == -1 or (f.category_id and cell(row.line, "subcategorie") and not f.subcategory_id):
            cat = taxonomy.find_category(cell(row.line, "categorie"), f.signal_type_id)
            f.category_id = cat.id if cat else None
            sub = cell(row.line, "subcategorie")
            if sub and cat:
                child = taxonomy.find_category(sub, f.signal_type_id, cat.id)
                f.subcategory_id = child.id if child else None
        if added_type and f.extension_days:
            try:  # a type added by this import: its term (no extension) holds too
                check_extension(taxonomy.type(f.signal_type_id).term, f.extension_days, f.extension_reason)
            except DomainError as err:
                result.errors.append(RowError(row.line, "verlenging_dagen", err.message))
        qualification = taxonomy.get("qualifications", f.qualification_id)
        try:
            initial_status(admissible=f.admissible, qualification=qualification.info if qualification else None,
                           answered=f.answered, answer_channel=f.answer_channel, draft_answer=f.draft_answer,
                           qualification_required=_needs_qualification(taxonomy, f.signal_type_id))
        except DomainError as err:
            result.errors.append(RowError(row.line, "kwalificatie", err.message))
