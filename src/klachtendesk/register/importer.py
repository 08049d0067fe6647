"""Importing a register: read, checked and written in one pass, in one transaction.

The file is read row by row (a register of any size is never in memory whole); each row is
checked as it comes and the checked rows are written in batches inside one write
transaction. If any row is wrong the writing stops, the checking goes on to the end, and
the transaction is rolled back: nothing is written, and every wrong row is reported with
its line number, column and a Dutch reason. Labels match ignoring case, spacing and the
kind of dash; unknown labels are errors unless ``add_missing_labels`` adds them to the
taxonomy (in the same transaction, when the first row that uses them is read).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from operator import itemgetter
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
from klachtendesk.domain.reference import reference_number
from klachtendesk.domain.repeats import Link, link_problems
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.domain.text import clean_line, clean_text, quote
from klachtendesk.domain.workflow import ANSWER_CHANNELS, initial_status
from klachtendesk.progress import Progress, no_progress
from klachtendesk.register.columns import BY_NAME, FACT_COLUMNS, INFORMATIONAL, header_key
from klachtendesk.register.files import read_sheet
from klachtendesk.register.sheet import SheetProblems
from klachtendesk.store.bulk import (
    CaseWriter,
    NewCase,
    add_label,
    add_subcategory,
    ensure_users,
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


#: An adder puts a missing label in the store and returns the taxonomy that has it:
#: (kind, label, parent id of a subcategory) -> Taxonomy.
Adder = Callable[[str, str, "int | None"], Taxonomy]


class _Mapper:
    """Turns one sheet row into CaseFields, collecting errors instead of stopping."""

    def __init__(self, taxonomy: Taxonomy, today: date, add_missing: Adder | None,
                 settings: Settings | None = None) -> None:
        self.taxonomy = taxonomy
        self.settings = settings or Settings(organisation="")
        self.today = today
        self.add_missing = add_missing
        # A register repeats a few dozen labels and a few thousand dates over and over:
        # each distinct cell is looked up or parsed once (errors are not kept: each
        # wrong row must still be reported).
        self._labels: dict[tuple[str, str, int | None, int | None], int | None] = {}
        self._cells: dict[tuple[str, str, int | None, int | None], int | None] = {}  # by the cell as read
        self._dates: dict[str, date] = {}
        self._status: dict[tuple[Any, ...], str] = {}

    def status_problem(self, admissible: bool | None, qualification_id: int | None, answered: bool,
                       channel: str, drafted: bool, type_id: int | None) -> str:
        """What contradicts in a row's admissibility, qualification and answer ("" if nothing):
        the workflow's rule, checked once per combination."""
        key = (admissible, qualification_id, answered, channel, drafted, type_id)
        problem = self._status.get(key)
        if problem is None:
            qualification = self.taxonomy.get("qualifications", qualification_id)
            try:
                initial_status(admissible=admissible, qualification=qualification.info if qualification else None,
                               answered=date.min if answered else None, answer_channel=channel,
                               draft_answer="x" if drafted else "",
                               qualification_required=_needs_qualification(self.taxonomy, type_id))
                problem = ""
            except DomainError as err:
                problem = err.message
            self._status[key] = problem
        return problem

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

    def _find(self, kind: str, value: str, type_id: int | None, parent_id: int | None) -> int | None:
        if kind == "categories":
            row = self.taxonomy.find_category(value, type_id, parent_id)
        else:
            row = self.taxonomy.find(kind, value)
        return None if row is None else int(row.id)

    def _label(self, kind: str, value: str, *, type_id: int | None = None,
               parent_id: int | None = None) -> int | None:
        if not value:
            return None
        found = self._find(kind, value, type_id, parent_id)
        if found is None and self.add_missing is not None:
            self.taxonomy = self.add_missing(kind, value, parent_id)
            self._status.clear()
            found = self._find(kind, value, type_id, parent_id)
        if found is not None:
            return found
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


def _columns(header: list[str], result: ImportResult, settings: Settings | None) -> dict[int, str]:
    """Which register column each header cell is; unknown ones are warned about."""
    columns: dict[int, str] = {}
    seen: set[str] = set()
    used_facts = settings.facts if settings is not None else ()
    for index, raw in enumerate(header):
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
    return columns


#: Free-text columns: (column, CaseFields attribute, multiline, name in messages).
_TEXT_COLUMNS = tuple((column, attr, multiline, f"De kolom {column}") for column, attr, multiline in (
    ("omschrijving", "description", True), ("melder", "complainant_name", False),
    ("melder_email", "complainant_email", False), ("melder_telefoon", "complainant_phone", False),
    ("melder_adres", "complainant_address", False), ("lijn", "line", False),
    ("reden_niet_ontvankelijk", "inadmissible_reason", False), ("argumentatie", "motivation", True),
    ("ontwerpantwoord", "draft_answer", True), ("extra_acties", "extra_actions", True),
    ("verlenging_reden", "extension_reason", False),
))


def _text(value: Any) -> str:
    return value if type(value) is str else ("" if value is None else str(value))


def _map_row(line: int, values: dict[str, Any], mapper: _Mapper,
             result: ImportResult) -> _Row | None:
    """One row's fields, or None when the row is wrong (its errors added to ``result``).

    A register repeats its labels and dates: each distinct cell is checked once (the
    mapper's caches); everything else is checked per row.
    """
    errors = result.errors
    errors_before = len(errors)
    out: dict[str, Any] = {}

    def fail(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    def date_of(column: str, required: bool = False) -> date | None:
        value = values.get(column, "")
        if type(value) is str:
            parsed = mapper._dates.get(value)
            if parsed is not None:
                return parsed
            if not value.strip():
                if required:
                    fail(column, "verplicht: vul een datum in.")
                return None
        elif value is None:
            if required:
                fail(column, "verplicht: vul een datum in.")
            return None
        try:
            return mapper.date(value)
        except DomainError as err:
            fail(column, err.message)
            return None

    def label(column: str, kind: str, type_id: int | None = None, parent_id: int | None = None) -> int | None:
        raw = _text(values.get(column, ""))
        if not raw:
            return None
        key = (kind, raw, type_id, parent_id)
        found = mapper._cells.get(key, _UNKNOWN)
        if found is not _UNKNOWN:
            return found  # type: ignore[return-value]
        try:
            found = mapper.label(kind, clean_line(raw), type_id=type_id, parent_id=parent_id)
        except DomainError as err:  # an unknown label, or a cell far too long for one
            fail(column, err.message)
            return None
        mapper._cells[key] = found
        return found

    def line_of(column: str) -> str:
        value = _text(values.get(column, ""))
        if not value:
            return value
        try:
            return clean_line(value)
        except DomainError as err:
            fail(column, err.message)
            return ""

    def text_of(column: str, multiline: bool, name: str) -> str:
        value = _text(values.get(column, ""))
        if not value:
            return value
        try:
            return clean_text(value, multiline=multiline, label=name)
        except DomainError as err:
            fail(column, err.message)
            return ""

    received = date_of("ontvangen", required=True)
    if received is not None:
        try:
            check_received(received, mapper.today)
        except DomainError as err:
            fail("ontvangen", err.message)
    before = len(errors)
    type_id = label("type", "types")
    if type_id is None and len(errors) == before:
        fail("type", "verplicht: vul het type in.")
    title = _text(values.get("titel", ""))
    try:
        title = clean_line(title, label="De titel")
        if not title:
            fail("titel", "verplicht: vul een titel in.")
    except DomainError as err:
        fail("titel", err.message)
        title = ""
    out["title"] = title
    for column, attr, multiline, name in _TEXT_COLUMNS:
        out[attr] = text_of(column, multiline, name) if values.get(column) else ""
    email = out["complainant_email"]
    if email:
        try:
            check_email(email)
        except DomainError as err:
            fail("melder_email", err.message)
    for column, attr in (("anoniem", "anonymous"), ("ontvankelijk", "admissible")):
        raw = _text(values.get(column, ""))
        answer = _BOOLS.get(raw.strip().lower()) if raw else None
        if answer is None and raw.strip():
            fail(column, f"'{quote(raw)}' moet ja of nee zijn.")
        out[attr] = answer
    out["anonymous"] = bool(out["anonymous"])
    known_type = type_id if type_id and type_id > 0 else None
    out["channel_id"] = label("kanaal", "channels")
    out["entity_id"] = label("entiteit", "entities")
    out["category_id"] = label("categorie", "categories", known_type)
    if _text(values.get("subcategorie", "")).strip():
        if out["category_id"] is None:
            fail("subcategorie", "een subcategorie vraagt ook een categorie.")
        else:
            out["subcategory_id"] = label("subcategorie", "categories", known_type, out["category_id"])
    out["qualification_id"] = qualification_id = label("kwalificatie", "qualifications")
    handler = line_of("behandelaar")
    out["extra_actions_done"] = date_of("extra_acties_uitgevoerd")
    out["acknowledged"] = acknowledged = date_of("ontvangstmelding")
    out["answered"] = answered = date_of("afgesloten")
    channel = _text(values.get("antwoordkanaal", ""))
    if channel:
        channel = channel.strip().lower().replace("email", "e-mail")
        if channel and channel not in ANSWER_CHANNELS:
            fail("antwoordkanaal", f"'{quote(channel)}' moet e-mail of brief zijn.")
    out["answer_channel"] = channel
    extension = values.get("verlenging_dagen", "")
    try:
        out["extension_days"] = days = _int(extension)
    except DomainError as err:
        fail("verlenging_dagen", err.message)
        out["extension_days"] = days = 0
    reference = line_of("referentie")
    repeat_of = line_of("herhaling_van")

    if received is not None:
        for column, check, later in (("ontvangstmelding", check_acknowledged, acknowledged),
                                     ("extra_acties_uitgevoerd", check_extra_actions_done, out["extra_actions_done"])):
            if later is not None:
                try:
                    check(received, later, mapper.today)
                except DomainError as err:
                    fail(column, err.message)
        if answered is not None and answered < received:
            try:
                check_date_order(received, answered, "het antwoord", "afgesloten")
            except DomainError as err:
                fail("afgesloten", err.message)
        if answered is not None and answered > mapper.today:
            fail("afgesloten", "de antwoorddatum ligt in de toekomst.")
    if type_id and type_id > 0 and days:
        try:
            check_extension(mapper.taxonomy.type(type_id).term, days, out["extension_reason"])
        except DomainError as err:
            fail("verlenging_dagen", err.message)
    elif days < 0:
        fail("verlenging_dagen", "een verlenging kan niet negatief zijn.")
    qualification = mapper.taxonomy.get("qualifications", qualification_id)
    if qualification_id is None or qualification is not None:
        problem = mapper.status_problem(out["admissible"], qualification_id, answered is not None, channel,
                                        bool(out["draft_answer"].strip()), type_id)
        if problem:
            fail("kwalificatie", problem)
    if mapper.settings.facts:
        _map_facts(values, out, mapper, line, result)
    if len(errors) > errors_before or received is None or not type_id:
        return None
    fields_ = CaseFields(received=received, signal_type_id=type_id, reference=reference, **out)
    return _Row(line=line, fields=fields_, repeat_of=repeat_of, handler=handler)


_UNKNOWN = object()
_BOOLS = {**dict.fromkeys(_YES, True), **dict.fromkeys(_NO, False)}


_CASE_FIELD_NAMES = {f.name for f in fields(CaseFields)}


def _map_facts(values: dict[str, Any], out: dict[str, Any], mapper: _Mapper, line: int,
               result: ImportResult) -> None:
    """The organisation's case facts (only their columns are in ``values``)."""
    settings = mapper.settings

    def run(column: str, fn: Any) -> Any:
        try:
            return fn()
        except DomainError as err:
            result.errors.append(RowError(line, column, err.message))
            return None

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


#: Rows written per executemany: large enough for the driver, small enough that a batch
#: of a register with long texts stays a few megabytes.
BATCH = 2_000
#: How often (in rows) the import reports its progress.
PROGRESS_EVERY = 1_000


def import_register(store: Store, path: Path, *, user: str, add_missing_labels: bool = False,
                    dry_run: bool = False, sheet_name: str | None = None,
                    progress: Progress = no_progress) -> ImportResult:
    """Check and import a register file (``sheet_name``: the xlsx sheet, else the one
    register/xlsx_read.py chooses). Raises ImportFailed (nothing written) on any error.

    ``progress(rows done, rows in all)`` is called as the rows are read; the whole is an
    estimate from the part of the file read so far (0, not known, for a worksheet).
    """
    result = ImportResult(dry_run=dry_run)
    today, now = clock.today(), clock.now()
    settings = store.settings
    try:
        sheet = read_sheet(path, sheet_name)
    except SheetProblems as err:  # the file itself, not a row's content: nothing of it is imported
        result.errors.extend(RowError(p.line, p.column, p.reason) for p in err.problems)
        raise ImportFailed(result) from None
    result.warnings.extend(sheet.warnings)
    position = getattr(sheet.rows, "position", None)
    size = path.stat().st_size if position is not None else 0
    columns = _columns(sheet.header, result, settings)
    if result.errors:
        raise ImportFailed(result)
    with store.sessions.write() as session:
        writer = CaseWriter(session, settings=settings, taxonomy=store.taxonomy, user=user, now=now,
                            note=f"Geïmporteerd uit {path.name}")

        def add(kind: str, label: str, parent_id: int | None) -> Taxonomy:
            writer.wait()
            if kind == "categories" and parent_id is not None:
                add_subcategory(session, parent_id, label)
                parent = writer.taxonomy.get("categories", parent_id)
                result.added_labels.append(f"subcategorie: {parent.label if parent else ''} > {label}")
            else:
                add_label(session, kind, label)
                result.added_labels.append(f"{_LABEL_TABLES[kind]}: {label}")
            session.flush()
            writer.taxonomy = load_taxonomy(session)
            return writer.taxonomy

        mapper = _Mapper(store.taxonomy, today, add if add_missing_labels else None, settings)
        with writer:
            try:
                _import_rows(sheet.rows, columns, mapper, writer, session, result, settings.reference_pattern,
                             lambda rows: progress(rows, _estimate(rows, position() if position else 0, size)))
            except SheetProblems as err:  # the file itself, not a row's content: nothing is imported
                result.errors.extend(RowError(p.line, p.column, p.reason) for p in err.problems)
            if result.errors:
                result.errors.sort(key=lambda e: e.line)
                raise ImportFailed(result)
            result.created = writer.finish()
        progress(result.rows, result.rows)
        if dry_run:
            session.rollback()
            result.created = 0
            return result
    store.refresh()
    return result


def _estimate(rows: int, position: int, size: int) -> int:
    """The rows of the whole file, from how far ``rows`` rows got into it."""
    if size <= 0 or position <= 0:
        return 0
    return max(rows, round(rows * size / position))


def _picker(indexes: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """The cells at ``indexes`` of a row, as a tuple (one C call per row)."""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda cells: (cells[index],)
    return itemgetter(*indexes)


def _import_rows(rows: Any, columns: dict[int, str], mapper: _Mapper, writer: CaseWriter, session: Any,
                 result: ImportResult, pattern: str, progress: Callable[[int], None]) -> None:
    """Check every row; write the checked ones in batches while no row was wrong."""
    # By number where in the pattern ("2023-001" and "2023-0001" are one): (reference, line).
    references: dict[str | tuple[int, int], tuple[str, int]] = {}
    received: dict[str, date] = {}  # every reference of the file: when, for the repeats' rules
    links: list[tuple[int, Link]] = []  # (line, link) of the rows that repeat a case
    users: dict[str, int] = {}
    batch: list[_Row] = []

    def flush() -> None:
        lines = {r.fields.reference: r.line for r in batch if r.fields.reference}
        existing = writer.existing(list(lines))
        for reference in sorted(existing, key=lines.__getitem__):
            result.errors.append(RowError(lines[reference], "referentie", f"{reference} bestaat al in de databank."))
        # A number the store holds under another spelling ("2023-001" beside "2023-0001").
        numbered = [(line, reference, number) for reference, line in lines.items() if reference not in existing
                    and (number := reference_number(pattern, reference)) is not None]
        if numbered and writer.max_id:
            writer.wait()
            stored = references_by_number(session, [number for _, _, number in numbered])
            for line, reference, number in numbered:
                if number in stored:
                    result.errors.append(RowError(line, "referentie", (
                        f"{reference} is hetzelfde nummer als {stored[number]}, dat al in de databank staat.")))
        if not result.errors:
            new_names = {r.handler for r in batch if r.handler and r.handler not in users}
            if new_names:
                writer.wait()
                users.update(ensure_users(session, new_names))
            writer.write([NewCase(r.fields, users[r.handler] if r.handler else None, r.repeat_of)
                          for r in batch])
        batch.clear()

    names, pick = list(columns.values()), _picker(list(columns))
    width = max(columns, default=-1) + 1
    for line, cells in rows:
        result.rows += 1
        if result.rows % PROGRESS_EVERY == 0:
            progress(result.rows)
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        row = _map_row(line, dict(zip(names, pick(cells), strict=True)), mapper, result)
        if row is None:
            continue
        reference = row.fields.reference
        if reference:
            number = reference_number(pattern, reference) or reference
            if number in references:
                other, other_line = references[number]
                reason = (f"{reference} staat ook op regel {other_line}." if other == reference else
                          f"{reference} is hetzelfde nummer als {other} op regel {other_line}: "
                          "een referentie kan maar één keer voorkomen.")
                result.errors.append(RowError(line, "referentie", reason))
            references[number] = (reference, line)
            received[reference] = row.fields.received
        if row.repeat_of:
            links.append((line, Link(reference, row.fields.received, row.repeat_of)))
        batch.append(row)
        if len(batch) >= BATCH:
            flush()
    flush()
    # The desk's rules for a repeat: an existing, earlier case, not itself, no circle.
    if links:
        outside = [link.repeat_of for _, link in links if link.repeat_of not in received]
        if outside and writer.max_id:
            writer.wait()
            received.update(received_by_reference(session, outside))
        for index, reason in link_problems([link for _, link in links], received):
            result.errors.append(RowError(links[index][0], "herhaling_van", reason))
