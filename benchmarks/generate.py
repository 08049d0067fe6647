"""Generate a klachtendesk store with N realistic cases, fast and deterministically.

    python benchmarks/generate.py --cases 1000000 --db benchmarks/stores/stad-1000000.db

The store is made by ``Store.create`` (so it has the migrations' schema and the preset's
taxonomy), then filled over a plain sqlite3 connection: executemany in large batches in one
transaction, journal off, the case and event secondary indexes and the FTS triggers dropped
during the load and recreated from their own stored DDL afterwards, and the full-text index
rebuilt in one pass. ``verify`` then checks the result against a fresh ``Store.create``.

The shape follows real registers (DOMAIN.md): signal types, categories, channels, entities,
qualifications and handlers with Zipf-like frequencies; intake growing over ten years ending
today; a pool of complainants with a heavy tail, some of whom come back (repeats); closed
cases with consistent admissibility, qualification, answer date and answer channel; about
5% open. The same seed gives the same database content, byte for byte in every table.

One deliberate deviation from a real register: 5% of ten years' intake is far more than a
desk that keeps up has open, so to keep only a few percent of the open cases overdue, the
open cases are drawn from the last term's span (the weeks before today). The last weeks thus
carry a larger intake than the steady growth before them: a backlog, visible in a per-month
chart of the generated data.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import math
import random
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import phrases as ph

from klachtendesk import clock
from klachtendesk.domain.deadlines import due_date
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.domain.workflow import INADMISSIBLE_REASONS, STATUS_LABELS, Status
from klachtendesk.presets import load_preset
from klachtendesk.store.database import Store
from klachtendesk.store.taxonomy import Taxonomy, TypeRow

# -- the shape --------------------------------------------------------------------------

#: Bump when a change makes the same seed give other data: run.py then regenerates its stores.
SHAPE_VERSION = 1

YEARS = 10
GROWTH_PER_YEAR = 1.3  # the city's digital intake grows; the last year holds about a quarter
OPEN_SHARE = 0.05
OVERDUE_SHARE_OF_OPEN = 0.03
INADMISSIBLE_SHARE = 0.10
ANONYMOUS_SHARE = 0.015
ONE_OFF_COMPLAINANT_SHARE = 0.70  # the rest come from a pool of people who come back
REPEAT_CHANCE = 0.12  # of a returning complainant's case: "the same problem again"
EXTENSION_SHARE = 0.06  # of the cases whose type allows an extension
EXTRA_ACTION_SHARE = 0.08  # of the founded (or partly founded) closed cases
CHANGE_EVENT_SHARE = 0.10  # cases with change events beyond 'created'
WEEKEND_KEEP = 0.35  # a weekend day gets about a third of a weekday's intake

BATCH = 50_000

CASE_COLUMNS = (
    "id", "reference", "ref_year", "ref_seq", "received", "signal_type_id", "channel_id",
    "entity_id", "title", "description", "complainant_name", "complainant_email",
    "complainant_phone", "complainant_address", "anonymous", "category_id", "subcategory_id",
    "handler_id", "status", "admissible", "inadmissible_reason", "qualification_id",
    "motivation", "draft_answer", "approvals", "extra_actions", "extra_actions_done",
    "acknowledged", "due", "extension_days", "extension_reason", "answered", "answer_channel",
    "repeat_of_id", "line", "version", "created_at", "updated_at", "created_by", "anonymised_at",
)
EVENT_COLUMNS = ("case_id", "at", "user", "kind", "field", "old", "new", "note", "version")

INSERT_CASE = f"INSERT INTO case_file ({', '.join(CASE_COLUMNS)}) VALUES ({', '.join('?' * len(CASE_COLUMNS))})"
INSERT_EVENT = f"INSERT INTO event ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"

CLOSED, OPEN, OVERDUE = 0, 1, 2


class GenerationError(Exception):
    pass


# -- weighted picking -------------------------------------------------------------------


def zipf_weights(n: int, s: float = 1.1, offset: float = 1.0) -> list[float]:
    """Weights 1/(rank+offset)^s: the first item is the most frequent, with a long tail."""
    return [1.0 / (rank + offset) ** s for rank in range(n)]


class Picker:
    """Draws items with fixed weights; bisect on cumulative weights (as random.choices)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        if not items:
            raise ValueError("nothing to pick from")
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    @classmethod
    def zipf(cls, items: Sequence[Any], s: float = 1.1, offset: float = 1.0) -> Picker:
        return cls(items, zipf_weights(len(items), s, offset))

    def index(self, rng: random.Random) -> int:
        return bisect.bisect(self.cumulative, rng.random() * self.total, 0, len(self.cumulative) - 1)

    def pick(self, rng: random.Random) -> Any:
        return self.items[self.index(rng)]


class Slots(dict):  # type: ignore[type-arg]
    """Template fields filled on first use, so one case names one street throughout."""

    FILL: dict[str, Callable[[random.Random], str]] = {
        "street": lambda r: r.choice(ph.STREETS),
        "district": lambda r: r.choice(ph.DISTRICTS),
        "square": lambda r: r.choice(ph.SQUARES),
        "thing": lambda r: r.choice(ph.THINGS),
        "service": lambda r: r.choice(ph.SERVICES),
        "document": lambda r: r.choice(ph.DOCUMENTS),
        "period": lambda r: r.choice(ph.PERIODS),
        "weekday": lambda r: r.choice(ph.WEEKDAYS),
        "part_of_day": lambda r: r.choice(ph.PARTS_OF_DAY),
        "team": lambda r: r.choice(ph.TEAMS),
        "weeks": lambda r: str(r.randint(2, 12)),
        "number": lambda r: str(r.randint(1, 180)),
        "number2": lambda r: str(r.randint(181, 260)),
        "amount": lambda r: str(r.choice((58, 65, 90, 120, 250, 350))),
    }

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        value = self.FILL[key](self.rng)
        self[key] = value
        return value


# -- dates ------------------------------------------------------------------------------

_ISO: dict[int, str] = {}


def iso(ordinal: int) -> str:
    text = _ISO.get(ordinal)
    if text is None:
        text = _ISO[ordinal] = date.fromordinal(ordinal).isoformat()
    return text


def belgian(ordinal: int) -> str:
    d = date.fromordinal(ordinal)
    return f"{d.day}/{d.month}/{d.year}"


def moment(ordinal: int, minute_of_day: int) -> str:
    """A stored timestamp (UTC, naive, as the store writes them) on a day at a minute."""
    return f"{iso(ordinal)} {minute_of_day // 60:02d}:{minute_of_day % 60:02d}:00.000000"


def ten_years_before(today: date) -> date:
    try:
        return today.replace(year=today.year - YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - YEARS, day=28)


def next_weekday(ordinal: int) -> int:
    weekday = (ordinal - 1) % 7  # date.fromordinal(1) is a Monday
    return ordinal + (7 - weekday if weekday >= 5 else 0)


# -- the plan: when each case arrived, its type, and whether it is still open ----------


@dataclass(frozen=True)
class PlannedCase:
    received: int  # date ordinal
    type_index: int
    state: int  # CLOSED, OPEN (within its term) or OVERDUE (open, past its term)


def _weekday_damped(rng: random.Random, draw: Callable[[], int]) -> int:
    while True:
        ordinal = draw()
        if (ordinal - 1) % 7 < 5 or rng.random() < WEEKEND_KEEP:
            return ordinal


def plan_cases(rng: random.Random, count: int, today: date, types: Sequence[TypeRow],
               type_picker: Picker, settings: Settings) -> list[PlannedCase]:
    """Received dates in arrival order, with their type and open/closed state."""
    start = ten_years_before(today).toordinal()
    end = today.toordinal()
    span = end - start
    log_growth = math.log(GROWTH_PER_YEAR)
    scale = GROWTH_PER_YEAR ** YEARS - 1

    # The first received date whose due date is not yet past, per type.
    calendar = settings.calendar
    not_overdue_from = []
    for row in types:
        first = end
        while due_date(date.fromordinal(first - 1), row.term, calendar) >= today:
            first -= 1
        not_overdue_from.append(first)

    def growing() -> int:  # exponential intake over the ten years
        years = math.log1p(rng.random() * scale) / log_growth
        return start + min(span, int(years / YEARS * (span + 1)))

    open_count = round(count * OPEN_SHARE)
    overdue_count = round(open_count * OVERDUE_SHARE_OF_OPEN)
    planned = []
    for n in range(count):
        type_index = type_picker.index(rng)
        if n < count - open_count:
            state, ordinal = CLOSED, _weekday_damped(rng, growing)
        elif n < count - overdue_count:
            first = not_overdue_from[type_index]
            state, ordinal = OPEN, _weekday_damped(rng, lambda f=first: rng.randint(f, end))
        else:
            first = not_overdue_from[type_index]
            state = OVERDUE
            ordinal = max(start, first - 1 - min(300, int(rng.expovariate(1 / 25))))
        planned.append(PlannedCase(ordinal, type_index, state))
    # Python's sort is stable: ties keep their (seeded) draw order.
    planned.sort(key=lambda p: p.received)
    return planned


# -- the cases --------------------------------------------------------------------------


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


@dataclass
class Complainant:
    key: int  # 0 for anonymous and one-off complainants
    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    anonymous: bool = False


@dataclass
class Tally:
    by_status: Counter[str] = field(default_factory=Counter)
    overdue: int = 0
    repeats: int = 0
    extensions: int = 0
    events: int = 0
    late_answers: int = 0


class CaseMaker:
    """Builds case rows (tuples in CASE_COLUMNS order) and their events, one at a time."""

    def __init__(self, rng: random.Random, taxonomy: Taxonomy, settings: Settings,
                 handlers: list[tuple[int, str]], today: date, pool_size: int) -> None:
        self.rng = rng
        self.taxonomy = taxonomy
        self.settings = settings
        self.handlers = handlers
        self.handler_picker = Picker.zipf(handlers, s=0.8, offset=2)
        self.today = today.toordinal()
        self.calendar = settings.calendar
        self.types = list(taxonomy.types)
        self.complaint_types = [i for i, t in enumerate(self.types) if t.complaint]
        self.channels = Picker.zipf(taxonomy.channels, s=1.2) if taxonomy.channels else None
        self.entities = Picker.zipf(taxonomy.entities, s=1.0) if taxonomy.entities else None
        self.categories = {i: self._category_picker(t.id) for i, t in enumerate(self.types)}
        self.children = {c.id: taxonomy.children(c.id) for c in taxonomy.categories if c.parent_id is None}
        admissible = sorted((q for q in taxonomy.qualifications if q.admissible),
                            key=lambda q: {"nee": 0, "ja": 1, "deels": 2}.get(q.founded, 3))
        inadmissible = [q for q in taxonomy.qualifications if not q.admissible]
        self.admissible_qualifications = Picker.zipf(admissible, s=1.2) if admissible else None
        self.inadmissible_qualifications = Picker.zipf(inadmissible, s=1.0) if inadmissible else None
        self.reasons = Picker.zipf(INADMISSIBLE_REASONS, s=1.0)
        self.pool = Picker(range(1, pool_size + 1), zipf_weights(pool_size, s=1.1, offset=50))
        self.people: dict[int, Complainant] = {}
        self.one_off = itertools.count(pool_size + 1)
        self.last_case_of: dict[int, int] = {}
        self.next_seq: Counter[int] = Counter()
        self.due_cache: dict[tuple[int, int, int], str] = {}
        self.tally = Tally()

    def _category_picker(self, type_id: int) -> Picker | None:
        tops = self.taxonomy.top_categories(type_id)
        return Picker.zipf(tops, s=1.0) if tops else None

    # -- people ---------------------------------------------------------------------------

    def _person(self, key: int) -> Complainant:
        r = self.rng
        first, last = r.choice(ph.FIRST_NAMES), r.choice(ph.SURNAMES)
        person = Complainant(key, name=f"{first} {last}")
        if r.random() < 0.75:
            person.email = f"{_ascii(first)}.{_ascii(last)}{key}@{r.choice(ph.MAIL_DOMAINS)}"
        if r.random() < 0.4:
            person.phone = f"04{r.randint(70, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"
        if not person.email or r.random() < 0.3:
            person.address = (f"{r.choice(ph.STREETS)} {r.randint(1, 250)}, "
                              f"{r.choice(ph.POSTCODES)} {r.choice(ph.DISTRICTS)}")
        return person

    def complainant(self) -> Complainant:
        r = self.rng
        if r.random() < ANONYMOUS_SHARE:
            return Complainant(0, anonymous=True)
        if r.random() < ONE_OFF_COMPLAINANT_SHARE:
            person = self._person(next(self.one_off))
            person.key = 0
            return person
        key = self.pool.pick(r)
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = self._person(key)
        return person

    # -- one case -------------------------------------------------------------------------

    def due(self, received: int, type_index: int, extension: int) -> str:
        key = (received, type_index, extension)
        value = self.due_cache.get(key)
        if value is None:
            term = self.types[type_index].term
            value = self.due_cache[key] = due_date(date.fromordinal(received), term, self.calendar,
                                                   extension).isoformat()
        return value

    def description(self, slots: Slots) -> str:
        r = self.rng
        parts = [r.choice(ph.SITUATION)]
        parts.extend(r.sample(ph.DETAIL, r.randint(1, 3)))
        if r.random() < 0.5:
            parts.append(r.choice(ph.IMPACT))
        parts.append(r.choice(ph.REQUEST))
        text = " ".join(parts).format_map(slots)
        if r.random() < 0.1:  # a second paragraph, as in a forwarded e-mail
            text += "\n\n" + r.choice(ph.DETAIL).format_map(slots)
        return text

    def make(self, case_id: int, plan: PlannedCase) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
        r = self.rng
        tally = self.tally
        received, type_index, state = plan.received, plan.type_index, plan.state
        person = self.complainant()
        repeat_of = None
        if person.key and person.key in self.last_case_of and r.random() < REPEAT_CHANCE:
            repeat_of = self.last_case_of[person.key]
            tally.repeats += 1
            # A repeated report about the same unsolved problem becomes a complaint (DOMAIN §2).
            if state == CLOSED and self.complaint_types and r.random() < 0.5:
                type_index = r.choice(self.complaint_types)
        if person.key:
            self.last_case_of[person.key] = case_id
        signal_type = self.types[type_index]

        slots = Slots(r)
        title = r.choice(ph.TITLES).format_map(slots)
        description = self.description(slots)
        channel = self.channels.pick(r).id if self.channels else None
        entity = self.entities.pick(r).id if self.entities else None
        category = subcategory = None
        picker = self.categories[type_index]
        if picker is not None and r.random() < 0.97:
            top = picker.pick(r)
            category = top.id
            children = self.children.get(top.id)
            if children and r.random() < 0.7:
                subcategory = r.choice(children).id
        handler_id, handler_name = self.handler_picker.pick(r)
        registrar = self.handler_picker.pick(r)[1]
        line = ""
        if self.settings.lines:
            line = self.settings.lines[0 if r.random() < 0.8 else -1]

        status = Status.CLOSED if state == CLOSED else Status.INVESTIGATING
        admissible: int | None = None
        reason = motivation = draft = approvals = extra = ""
        extra_done = answered = answer_channel = None
        qualification_id = None
        extension, extension_reason = 0, ""
        age = self.today - received
        if signal_type.term.max_extension and r.random() < EXTENSION_SHARE:
            extension = r.randint(1, signal_type.term.max_extension)
            extension_reason = r.choice(ph.EXTENSION_REASONS)
            tally.extensions += 1

        if state != CLOSED and age <= 2 and r.random() < 0.7:
            status = Status.REGISTERED
            if r.random() < 0.5:
                handler_id, handler_name = None, ""
        else:
            inadmissible = r.random() < (0.7 if person.anonymous else INADMISSIBLE_SHARE)
            admissible = 0 if inadmissible else 1
            if inadmissible:
                reason = "Anoniem" if person.anonymous else self.reasons.pick(r)

        if state == CLOSED:
            quals = self.inadmissible_qualifications if admissible == 0 else self.admissible_qualifications
            if quals is None:  # a preset without this kind of qualification
                admissible = 1 - admissible  # type: ignore[operator]
                reason = ""
                quals = self.admissible_qualifications or self.inadmissible_qualifications
            q = quals.pick(r)  # type: ignore[union-attr]
            qualification_id = q.id
            if not q.admissible:
                reason = reason or _reason_for(q.label) or self.reasons.pick(r)
            finding = self.finding(q.admissible, q.founded, slots)
            motivation = finding
            if signal_type.complaint and r.random() < 0.5:
                motivation += " " + r.choice(ph.DETAIL).format_map(slots)
            median = 15 if signal_type.complaint else 4
            lead = max(0, int(r.lognormvariate(math.log(median), 0.9)))
            answered = min(self.today, next_weekday(received + lead))
            answer_channel = "e-mail" if person.email else "brief"
            if q.founded in ("ja", "deels") and r.random() < EXTRA_ACTION_SHARE:
                extra = r.choice(ph.EXTRA_ACTIONS).format_map(slots)
                if r.random() < 0.7:
                    extra_done = min(self.today, answered + r.randint(7, 120))
            if self.settings.approvals and q.admissible:
                approvals = "\n".join(self.settings.approvals)
            if approvals or signal_type.complaint or r.random() < 0.1:
                draft = self.answer(received, handler_name or registrar, finding, slots)
        elif status is not Status.REGISTERED and r.random() < 0.3:
            draft = self.answer(received, handler_name or registrar, r.choice(ph.ANSWER_INTERIM), slots)
            status = Status.DRAFTED
            steps = self.settings.approvals
            if steps:
                given = steps[: r.randint(0, len(steps))]
                approvals = "\n".join(given)
                if len(given) == len(steps):
                    status = Status.APPROVED

        acknowledged = None
        if status is not Status.REGISTERED or r.random() < 0.3:
            if r.random() < 0.9:
                delay = min(age, int(r.expovariate(1 / 2)) if r.random() < 0.93 else
                            self.settings.acknowledgement_days + r.randint(1, 10))
                acknowledged = iso(received + delay)

        due = self.due(received, type_index, extension)
        if answered is not None and iso(answered) > due:
            tally.late_answers += 1
        if state == OVERDUE and due < iso(self.today):
            tally.overdue += 1
        tally.by_status[status.value] += 1

        year = date.fromordinal(received).year
        seq = self.next_seq[year] = self.next_seq[year] + 1
        reference = self.settings.reference_pattern.format(year=year, seq=seq)

        created_minute = r.randint(7 * 60 + 30, 17 * 60 + 30)
        created_at = moment(received, created_minute)
        events = [(case_id, created_at, registrar, "created", "", "", "", "Zaak geregistreerd", 1)]
        version = 1
        if r.random() < CHANGE_EVENT_SHARE:
            version = self.change_events(events, case_id, received, created_minute, version,
                                         handler_name, answered, extension, slots)
        tally.events += len(events)
        updated_at = events[-1][1] if len(events) > 1 else created_at

        row = (
            case_id, reference, year, seq, iso(received), signal_type.id, channel, entity, title,
            description, person.name, person.email, person.phone, person.address,
            int(person.anonymous), category, subcategory, handler_id, status.value, admissible,
            reason, qualification_id, motivation, draft, approvals, extra,
            iso(extra_done) if extra_done else None, acknowledged, due, extension, extension_reason,
            iso(answered) if answered else None, answer_channel or "", repeat_of, line, version,
            created_at, updated_at, registrar, None,
        )
        return row, events

    def finding(self, admissible: bool, founded: str, slots: Slots) -> str:
        """What the investigation found, in the words of the qualification's kind."""
        if not admissible:
            bank = ph.MOTIVATION_INADMISSIBLE
        elif founded == "ja":
            bank = ph.MOTIVATION_FOUNDED
        elif founded == "deels":
            bank = ph.MOTIVATION_PARTLY
        elif founded == "nee":
            bank = ph.MOTIVATION_UNFOUNDED
        else:
            bank = ph.MOTIVATION_DISPUTED
        return self.rng.choice(bank).format_map(slots)

    def answer(self, received: int, handler: str, body: str, slots: Slots) -> str:
        r = self.rng
        slots["salutation"] = r.choice(("mevrouw", "meneer", "mevrouw, meneer"))
        slots["received"] = belgian(received)
        slots["handler"] = handler or "Team Klantenmanagement"
        text = "\n\n".join((r.choice(ph.ANSWER_OPENING), body, r.choice(ph.ANSWER_CLOSING))).format_map(slots)
        if self.settings.answer_footer:
            text += "\n\n" + self.settings.answer_footer
        return text

    def change_events(self, events: list[tuple[Any, ...]], case_id: int, received: int, minute: int,
                      version: int, handler: str, answered: int | None, extension: int,
                      slots: Slots) -> int:
        """A few realistic changes: reassignment, a note, an extension, the closing."""
        r = self.rng
        day = min(self.today, received + r.randint(0, 3))
        if handler and r.random() < 0.5:
            previous = self.handler_picker.pick(r)[1]
            if previous != handler:
                version += 1
                events.append((case_id, moment(day, minute + 5), previous, "changed", "handler_id",
                               previous, handler, "", version))
        if r.random() < 0.5:
            events.append((case_id, moment(day, minute + 20), handler or events[0][2], "note", "", "", "",
                           r.choice(ph.NOTES).format_map(slots), version))
        if extension:
            version += 1
            events.append((case_id, moment(day, minute + 30), handler or events[0][2], "changed",
                           "extension_days", "0", str(extension), "", version))
        if answered is not None:
            version += 1
            events.append((case_id, moment(answered, 15 * 60), handler or events[0][2], "changed", "status",
                           STATUS_LABELS[Status.INVESTIGATING], STATUS_LABELS[Status.CLOSED], "", version))
        return version


def _reason_for(qualification: str) -> str:
    key = label_key(qualification)
    if "onbevoegd" in key:
        return "Onbevoegd"
    if "onvoldoende" in key or "geen concrete" in key or "geen onderzoek" in key:
        return "Onvoldoende gegevens"
    if "identificatie" in key:
        return "Anoniem"
    return ""


# -- loading ----------------------------------------------------------------------------


@contextmanager
def bulk_load(conn: sqlite3.Connection) -> Iterator[dict[str, float]]:
    """Drop the case/event secondary indexes and the FTS triggers for the load; recreate
    them afterwards from their own stored DDL (so the schema stays the migrations'), and
    rebuild the full-text index in one pass. Yields a dict the phases' seconds go into."""
    deferred = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
        " (type = 'index' AND tbl_name IN ('case_file', 'event'))"
        " OR (type = 'trigger' AND tbl_name = 'case_file')) ORDER BY type, name"
    ).fetchall()
    for kind, name, _ in deferred:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    timings: dict[str, float] = {}
    yield timings
    started = time.perf_counter()
    for _, _, sql in deferred:  # indexes first ('index' < 'trigger')
        conn.execute(sql)
    timings["indexes"] = time.perf_counter() - started
    started = time.perf_counter()
    conn.execute("INSERT INTO case_fts(case_fts) VALUES('rebuild')")
    timings["full-text index"] = time.perf_counter() - started


@dataclass
class Report:
    cases: int
    seconds: dict[str, float]
    tally: Tally
    per_year: dict[int, int]
    today: date
    size_bytes: int = 0

    def lines(self) -> list[str]:
        total = sum(self.seconds.values())
        out = [f"{self.cases:,} cases in {total:.1f} s"
               + (f" ({self.cases / total:,.0f} cases/s)" if total else "")]
        out += [f"  {name:<16} {secs:7.1f} s" for name, secs in self.seconds.items()]
        t = self.tally
        out.append("  statuses: " + ", ".join(f"{k} {v:,}" for k, v in sorted(t.by_status.items())))
        open_ = self.cases - t.by_status[Status.CLOSED.value]
        out.append(f"  open {open_:,} ({open_ / max(1, self.cases):.1%}), overdue {t.overdue:,} "
                   f"({t.overdue / max(1, open_):.1%} of open); answered late {t.late_answers:,}; "
                   f"repeats {t.repeats:,}; extensions {t.extensions:,}; events {t.events:,}")
        out.append("  per year: " + ", ".join(f"{y} {n:,}" for y, n in sorted(self.per_year.items())))
        if self.size_bytes:
            out.append(f"  file size {self.size_bytes / 1e6:,.1f} MB")
        return out


def _handlers(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(ph.FIRST_NAMES)} {rng.choice(ph.SURNAMES)}"
        if name not in names:
            names.append(name)
    return names


def generate(path: Path, cases: int, *, seed: int = 1, preset: str = "stad",
             today: date | None = None, batch: int = BATCH) -> Report:
    """Create the store at ``path`` (which must not exist) holding ``cases`` cases."""
    today = today or clock.today()
    rng = random.Random(seed)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    store = Store.create(path, load_preset(preset))
    settings, taxonomy = store.settings, store.taxonomy
    store.close()
    seconds["create store"] = time.perf_counter() - started

    started = time.perf_counter()
    handler_names = _handlers(rng, max(6, len(taxonomy.entities)))
    type_picker = Picker.zipf(range(len(taxonomy.types)), s=1.1)
    plan = plan_cases(rng, cases, today, taxonomy.types, type_picker, settings)
    seconds["plan"] = time.perf_counter() - started

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")  # 256 MB
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("BEGIN")
        conn.executemany('INSERT INTO app_user (name, active) VALUES (?, 1)', [(n,) for n in handler_names])
        handlers = [(row[0], row[1]) for row in conn.execute(
            "SELECT id, name FROM app_user ORDER BY id")]
        maker = CaseMaker(rng, taxonomy, settings, handlers, today, pool_size=max(200, cases // 50))
        later_events: list[tuple[Any, ...]] = []
        started = time.perf_counter()
        with bulk_load(conn) as load_seconds:
            for first in range(0, cases, batch):
                rows, created = [], []
                for offset, planned in enumerate(plan[first:first + batch]):
                    row, events = maker.make(first + offset + 1, planned)
                    rows.append(row)
                    created.append(events[0])
                    later_events.extend(events[1:])
                conn.executemany(INSERT_CASE, rows)
                conn.executemany(INSERT_EVENT, created)
            # Change events after all 'created' ones, in time order, as an audit log grows.
            later_events.sort(key=lambda e: (e[1], e[0]))
            conn.executemany(INSERT_EVENT, later_events)
            seconds["cases and events"] = time.perf_counter() - started
        seconds.update(load_seconds)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    except BaseException:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    conn.close()
    per_year = Counter(date.fromordinal(p.received).year for p in plan)
    return Report(cases, seconds, maker.tally, dict(per_year), today, path.stat().st_size)


# -- checking ---------------------------------------------------------------------------


def schema_of(path: Path) -> list[tuple[str, str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"))
    finally:
        conn.close()


def verify(path: Path, preset: str = "stad") -> dict[str, float]:
    """Raise GenerationError unless the store is sound and has exactly the migrations' schema."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "fresh.db"
        Store.create(fresh, load_preset(preset)).close()
        expected = schema_of(fresh)
    if schema_of(path) != expected:
        raise GenerationError(f"{path}: the schema differs from a fresh Store.create")
    seconds["schema"] = time.perf_counter() - started

    started = time.perf_counter()
    conn = sqlite3.connect(path)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise GenerationError(f"{path}: integrity_check: {result[:5]}")
        seconds["integrity check"] = time.perf_counter() - started
        started = time.perf_counter()
        problems = conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        if problems:
            raise GenerationError(f"{path}: foreign keys: {problems}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            raise GenerationError(f"{path}: not in WAL mode")
        row = conn.execute("SELECT id, title FROM case_file ORDER BY id DESC LIMIT 1").fetchone()
        if row is not None:
            word = max(row[1].replace("[", " ").replace("]", " ").split(), key=len)
            found = conn.execute("SELECT count(*) FROM case_fts WHERE case_fts MATCH ? AND rowid = ?",
                                 (f'"{word}"', row[0])).fetchone()[0]
            if found != 1:
                raise GenerationError(f"{path}: full-text search does not find '{word}' in case {row[0]}")
        seconds["foreign keys, fts"] = time.perf_counter() - started
    finally:
        conn.close()
    started = time.perf_counter()
    store = Store.open(path)
    try:
        if store.settings.organisation != load_preset(preset).settings.organisation:
            raise GenerationError(f"{path}: Store.open reads another organisation")
    finally:
        store.close()
    seconds["Store.open"] = time.perf_counter() - started
    return seconds


def content_digest(path: Path) -> str:
    """SHA-256 over every table's rows in storage order (FTS shadow tables included)."""
    digest = hashlib.sha256()
    conn = sqlite3.connect(path)
    try:
        tables = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").fetchall()
        for table, sql in tables:
            digest.update(table.encode())
            # A WITHOUT ROWID table (FTS5 keeps two) is read in its primary key's order.
            order = "" if "WITHOUT ROWID" in sql.upper() else " ORDER BY rowid"
            for row in conn.execute(f'SELECT * FROM "{table}"{order}'):
                digest.update(repr(row).encode())
    finally:
        conn.close()
    return digest.hexdigest()


# -- command line -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, required=True, help="number of cases")
    parser.add_argument("--db", type=Path, required=True, help="the store to create (must not exist)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--preset", default="stad")
    parser.add_argument("--today", type=date.fromisoformat, help="the last day of the ten years (YYYY-MM-DD)")
    parser.add_argument("--no-verify", action="store_true", help="skip the integrity and schema checks")
    args = parser.parse_args(argv)
    if args.cases < 0:
        parser.error("--cases must be 0 or more")
    if args.db.exists():
        parser.error(f"{args.db} exists already")
    args.db.parent.mkdir(parents=True, exist_ok=True)
    report = generate(args.db, args.cases, seed=args.seed, preset=args.preset, today=args.today)
    for line in report.lines():
        print(line)
    if not args.no_verify:
        checks = verify(args.db, args.preset)
        print("verified: " + ", ".join(f"{name} {secs:.1f} s" for name, secs in checks.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
