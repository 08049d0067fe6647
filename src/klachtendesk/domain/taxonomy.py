"""An organisation's taxonomy and settings, as read from a preset (TOML) file.

The preset format is public (README, "Preset format"); ``parse_preset`` checks a parsed
TOML document and raises DomainError with a Dutch message naming the faulty entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from klachtendesk.domain.calendar import WorkCalendar, check_school_holidays
from klachtendesk.domain.chapter import SUB_SEPARATOR, TableDef, Vocabulary, parse_chapter
from klachtendesk.domain.deadlines import UNITS, Term
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.facts import FLEMISH_OMBUDSNORMS, MEDIATION_RESULTS, check_fact_names
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.reference import DEFAULT_PATTERN, check_pattern
from klachtendesk.domain.text import MAX_LINE, MAX_TEXT, clean_text

FOUNDED_VALUES = ("ja", "deels", "nee", "")

#: Fields a preset may add to the intake form (``organisation.intake_fields``), beside the
#: ones every intake has (date, type, channel, complainant, title, description, category).
INTAKE_FIELD_CHOICES = ("address", "entity", "school", "line", "handler")


@dataclass(frozen=True)
class SignalTypeDef:
    label: str
    complaint: bool
    term: Term
    needs_qualification: bool = True  # False: closes without a final qualification (spam)


@dataclass(frozen=True)
class CategoryDef:
    label: str
    description: str = ""
    types: tuple[str, ...] = ()
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class QualificationDef:
    label: str
    description: str = ""
    admissible: bool = True
    founded: str = ""


@dataclass(frozen=True)
class ChannelDef:
    label: str
    via_ombudsperson: bool = False


@dataclass(frozen=True)
class Settings:
    """Organisation-wide settings (stored in the store's settings table)."""

    organisation: str
    period_start: tuple[int, int] = (1, 1)  # (day, month)
    acknowledgement_days: int = 10
    reference_pattern: str = DEFAULT_PATTERN
    approvals: tuple[str, ...] = ()
    lead_time_thresholds: tuple[int, ...] = (14, 20)
    answer_footer: str = ""
    answer_footer_required: bool = False  # every final answer needs a footer the store must set
    retention_years: int = 5
    lines: tuple[str, ...] = ()
    attachment_max_mb: int = 25  # the largest file kept with a case
    #: The case facts the organisation records (domain/facts.py): shown, imported, exported.
    facts: tuple[str, ...] = ()
    ombudsnorms: tuple[str, ...] = FLEMISH_OMBUDSNORMS
    mediation_results: tuple[str, ...] = MEDIATION_RESULTS
    country: str = "BE"
    closures: tuple[tuple[date, date], ...] = ()
    # Extra intake fields (INTAKE_FIELD_CHOICES); None: not declared (a store made before
    # the setting existed), which keeps the entity on intake wherever there are entities.
    intake_fields: tuple[str, ...] | None = None
    school_holidays: str = ""  # the community whose school holidays are closed days ("Flemish")

    def uses(self, fact: str) -> bool:
        return fact in self.facts

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.country, self.closures, self.school_holidays)

    def period_for_year(self, year: int) -> tuple[date, date]:
        """The report period that starts in ``year`` (the police's 2023 runs to 18/1/2024)."""
        day, month = self.period_start
        start = date(year, month, day)
        try:
            end_next = date(year + 1, month, day)
        except ValueError:  # 29 February
            end_next = date(year + 1, 3, 1)
        return start, end_next - timedelta(days=1)

    def report_year_of(self, day: date) -> int:
        start, _ = self.period_for_year(day.year)
        return day.year if day >= start else day.year - 1


@dataclass(frozen=True)
class Preset:
    name: str
    settings: Settings
    types: tuple[SignalTypeDef, ...]
    categories: tuple[CategoryDef, ...]
    qualifications: tuple[QualificationDef, ...]
    channels: tuple[ChannelDef, ...] = ()
    entities: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    #: The year report's chapter: the organisation's published tables (domain/chapter.py),
    #: and the ``[[tables]]`` they were read from, kept in the store as they were written.
    tables: tuple[TableDef, ...] = ()
    tables_source: tuple[dict[str, Any], ...] = ()


def _fail(source: str, where: str, message: str) -> DomainError:
    return DomainError(f"{source}: {where}: {message}")


def _str(value: Any, source: str, where: str, *, required: bool = True, multiline: bool = False) -> str:
    """A text of the preset, cleaned as typed text is (``domain.text.clean_text``): the
    organisation's name and every label reach screens, reports and the terminal."""
    if value is None:
        if required:
            raise _fail(source, where, "ontbreekt")
        return ""
    if not isinstance(value, str):
        raise _fail(source, where, "moet tekst zijn")
    limit = MAX_TEXT if multiline else MAX_LINE
    try:
        text = clean_text(value, multiline=multiline, max_length=limit)
    except DomainError:
        raise _fail(source, where, f"is te lang (hoogstens {limit:,} tekens)".replace(",", ".")) from None
    if required and not text:
        raise _fail(source, where, "mag niet leeg zijn")
    return text


#: The largest number of days a term, an extension or a reminder may count (ten years):
#: dates further out than the calendar can hold would make every deadline fail.
MAX_DAYS = 3650
#: The longest retention a preset may ask for: older cutoffs fall before the year 1.
MAX_RETENTION_YEARS = 100


def _int(value: Any, source: str, where: str, default: int, *, high: int = MAX_DAYS) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise _fail(source, where, f"moet een geheel getal van 0 tot en met {high} zijn")
    return value


def _bool(value: Any, source: str, where: str, default: bool = False) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _fail(source, where, "moet true of false zijn")
    return value


def _day_month(value: Any, source: str) -> tuple[int, int]:
    text = _str(value or "01-01", source, "organisation.period_start")
    try:
        day_s, month_s = text.split("-")
        day, month = int(day_s), int(month_s)
        date(2001, month, day)  # validates, non-leap year
    except ValueError:
        raise _fail(source, "organisation.period_start", f"'{text}' is geen dag-maand zoals '19-01'") from None
    return day, month


def _iso(value: Any, source: str, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(source, where, f"'{value}' is geen datum jjjj-mm-dd") from None


def _unique(labels: list[str], source: str, table: str) -> None:
    seen: dict[str, str] = {}
    for label in labels:
        key = label_key(label)
        if key in seen:
            raise _fail(source, table, f"'{label}' staat er twee keer in (ook als '{seen[key]}')")
        seen[key] = label


def _intake_fields(value: Any, source: str, settings: Settings, entities: tuple[str, ...]) -> tuple[str, ...]:
    where = "organisation.intake_fields"
    if value is None:
        return ("entity",) if entities else ()
    if not isinstance(value, list):
        raise _fail(source, where, "moet een lijst zijn, bv. [\"address\", \"entity\"]")
    chosen: list[str] = []
    for item in value:
        if item not in INTAKE_FIELD_CHOICES:
            raise _fail(source, where, f"'{item}' is geen veld dat de intake kan tonen; kies uit "
                                       + ", ".join(INTAKE_FIELD_CHOICES))
        if item in chosen:
            raise _fail(source, where, f"'{item}' staat er twee keer in")
        if item == "entity" and not entities:
            raise _fail(source, where, "'entity' vraagt een lijst [[entities]] in de preset")
        if item == "line" and not settings.lines:
            raise _fail(source, where, "'line' vraagt de lijnen in organisation.lines")
        if item == "school" and not settings.uses("school"):
            raise _fail(source, where, "'school' vraagt \"school\" in organisation.facts")
        chosen.append(item)
    return tuple(chosen)
def _labels(org: dict[str, Any], key: str, default: tuple[str, ...], source: str) -> tuple[str, ...]:
    """An optional list of labels under [organisation], or the default."""
    raw = org.get(key)
    if raw is None:
        return default
    where = f"organisation.{key}"
    if not isinstance(raw, list) or not raw:
        raise _fail(source, where, "moet een lijst met minstens één naam zijn")
    labels = [_str(x, source, where) for x in raw]
    _unique(labels, source, where)
    return tuple(labels)


def parse_preset(data: dict[str, Any], *, name: str, source: str) -> Preset:
    org = data.get("organisation") or {}
    cal = data.get("calendar") or {}
    closures = []
    for i, pair in enumerate(cal.get("closures") or []):
        where = f"calendar.closures[{i + 1}]"
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise _fail(source, where, "moet een paar [begin, einde] zijn")
        start, end = _iso(pair[0], source, where), _iso(pair[1], source, where)
        if end < start:
            raise _fail(source, where, "het einde ligt vóór het begin")
        closures.append((start, end))
    country = _str(cal.get("country", "BE"), source, "calendar.country", required=False)
    school_holidays = _str(cal.get("school_holidays"), source, "calendar.school_holidays", required=False)
    if school_holidays:
        try:
            check_school_holidays(country, school_holidays)
        except DomainError as err:
            raise _fail(source, "calendar.school_holidays", err.message) from None
    pattern = _str(org.get("reference_pattern") or DEFAULT_PATTERN, source, "organisation.reference_pattern")
    try:
        check_pattern(pattern)
    except DomainError as err:
        raise _fail(source, "organisation.reference_pattern", err.message) from None
    thresholds = org.get("lead_time_thresholds") or [14, 20]
    if not isinstance(thresholds, list | tuple) or not all(
            isinstance(t, int) and not isinstance(t, bool) and 0 < t <= MAX_DAYS for t in thresholds):
        raise _fail(source, "organisation.lead_time_thresholds", f"moeten getallen van 1 tot en met {MAX_DAYS} zijn")
    try:
        facts = check_fact_names(org.get("facts") or [])
    except DomainError as err:
        raise _fail(source, "organisation.facts", err.message) from None
    norms = _labels(org, "ombudsnorms", FLEMISH_OMBUDSNORMS, source)
    mediation_results = _labels(org, "mediation_results", MEDIATION_RESULTS, source)
    settings = Settings(
        organisation=_str(org.get("name"), source, "organisation.name"),
        period_start=_day_month(org.get("period_start"), source),
        acknowledgement_days=_int(org.get("acknowledgement_days"), source, "organisation.acknowledgement_days", 10),
        reference_pattern=pattern,
        approvals=tuple(_str(a, source, "organisation.approvals") for a in org.get("approvals") or []),
        lead_time_thresholds=tuple(thresholds),
        answer_footer=_str(org.get("answer_footer"), source, "organisation.answer_footer", required=False,
                           multiline=True),
        answer_footer_required=_bool(org.get("answer_footer_required"), source,
                                     "organisation.answer_footer_required"),
        retention_years=_int(org.get("retention_years"), source, "organisation.retention_years", 5,
                             high=MAX_RETENTION_YEARS),
        lines=tuple(_str(x, source, "organisation.lines") for x in org.get("lines") or []),
        attachment_max_mb=_int(org.get("attachment_max_mb"), source, "organisation.attachment_max_mb", 25,
                               high=10_000) or 25,
        facts=facts,
        ombudsnorms=norms,
        mediation_results=mediation_results,
        country=country,
        closures=tuple(closures),
        school_holidays=school_holidays,
    )

    types = []
    for i, raw in enumerate(data.get("types") or []):
        where = f"types[{i + 1}]"
        label = _str(raw.get("label"), source, f"{where}.label")
        unit = raw.get("unit", "kalenderdagen")
        if unit not in UNITS:
            raise _fail(source, f"{where}.unit", f"'{unit}' moet kalenderdagen of werkdagen zijn")
        term = Term(
            days=_int(raw.get("term"), source, f"{where}.term", 45),
            unit=unit,
            max_extension=_int(raw.get("max_extension"), source, f"{where}.max_extension", 0),
        )
        needs = raw.get("needs_qualification", True)
        if not isinstance(needs, bool):
            raise _fail(source, f"{where}.needs_qualification", "moet true of false zijn")
        types.append(SignalTypeDef(label=label, complaint=bool(raw.get("complaint", False)), term=term,
                                   needs_qualification=needs))
    if not types:
        raise _fail(source, "types", "er is minstens één type nodig")
    _unique([t.label for t in types], source, "types")
    type_keys = {label_key(t.label) for t in types}

    categories = []
    for i, raw in enumerate(data.get("categories") or []):
        where = f"categories[{i + 1}]"
        label = _str(raw.get("label"), source, f"{where}.label")
        scope = tuple(_str(t, source, f"{where}.types") for t in raw.get("types") or [])
        for t in scope:
            if label_key(t) not in type_keys:
                raise _fail(source, f"{where}.types", f"onbekend type '{t}'")
        children = tuple(_str(c, source, f"{where}.children") for c in raw.get("children") or [])
        _unique(list(children), source, f"{where}.children")
        categories.append(
            CategoryDef(label=label,
                        description=_str(raw.get("description"), source, f"{where}.description",
                                         required=False, multiline=True),
                        types=scope, children=children)
        )
    # Labels may repeat across type scopes (the police's "Algemeen" for reports and questions).
    _unique([f"{c.label}|{','.join(sorted(map(label_key, c.types)))}" for c in categories], source, "categories")

    qualifications = []
    for i, raw in enumerate(data.get("qualifications") or []):
        where = f"qualifications[{i + 1}]"
        founded = raw.get("founded", "")
        if founded not in FOUNDED_VALUES:
            raise _fail(source, f"{where}.founded", "moet 'ja', 'deels', 'nee' of '' zijn")
        qualifications.append(
            QualificationDef(
                label=_str(raw.get("label"), source, f"{where}.label"),
                description=_str(raw.get("description"), source, f"{where}.description", required=False,
                                 multiline=True),
                admissible=bool(raw.get("admissible", True)),
                founded=founded,
            )
        )
    if not qualifications:
        raise _fail(source, "qualifications", "er is minstens één kwalificatie nodig")
    _unique([q.label for q in qualifications], source, "qualifications")

    channels = tuple(
        ChannelDef(label=_str(raw.get("label"), source, f"channels[{i + 1}].label"),
                   via_ombudsperson=bool(raw.get("via_ombudsperson", False)))
        for i, raw in enumerate(data.get("channels") or [])
    )
    _unique([c.label for c in channels], source, "channels")
    entities = tuple(
        _str(raw.get("label"), source, f"entities[{i + 1}].label")
        for i, raw in enumerate(data.get("entities") or [])
    )
    _unique(list(entities), source, "entities")
    settings = replace(settings, intake_fields=_intake_fields(org.get("intake_fields"), source, settings, entities))
    vocabulary = Vocabulary(
        types=tuple(t.label for t in types), complaint_types=tuple(t.label for t in types if t.complaint),
        categories=tuple(c.label for c in categories),
        subcategories=tuple(f"{c.label}{SUB_SEPARATOR}{child}" for c in categories for child in c.children),
        qualifications=tuple(q.label for q in qualifications), channels=tuple(c.label for c in channels),
        entities=entities, lines=settings.lines,
    )
    tables_raw = data.get("tables")
    tables = parse_chapter(tables_raw, source=source, vocabulary=vocabulary)
    return Preset(
        name=name,
        settings=settings,
        types=tuple(types),
        categories=tuple(categories),
        qualifications=tuple(qualifications),
        channels=channels,
        entities=entities,
        tables=tables,
        tables_source=tuple(tables_raw or ()),
    )
