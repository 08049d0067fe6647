"""Registers built from published figures, for the chapter tests.

A test plans its cases by label (``Register.add``) and writes them in one go, straight into
the store's case table (a city year has 223,864 contacts: creating them one by one through
the desk's case API would take minutes). Due dates come from the domain's deadline engine and
lead times are chosen with the domain's own lead-time rule, so the report's SQL is held to
the one rule (``domain/deadlines.py``). Nothing here knows what the report should say: the
tests compare its tables with the published figures.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from engine_params import POSTGRESQL, SKIP_REASON, SQLITE, Databases, server_problem, server_url

from klachtendesk.domain.deadlines import due_date, lead_time
from klachtendesk.store.database import Store

#: The engines a register test runs on (PostgreSQL when a test server is given).
ENGINES = (SQLITE, POSTGRESQL)


@contextmanager
def register_store(engine: str, folder: Path, preset: str) -> Iterator[Store]:
    """A new store of ``preset`` on ``engine``: a file in ``folder``, or a database of its own."""
    from klachtendesk.presets import load_preset

    databases = Databases()
    if engine == POSTGRESQL:
        if server_url() is None:
            pytest.skip(SKIP_REASON)
        problem = server_problem()
        if problem:
            pytest.fail(problem)
        location: str | Path = databases.new()
    else:
        location = folder / f"{preset}.db"
    store = Store.create(location, load_preset(preset), user="Test")
    try:
        yield store
    finally:
        store.close()
        databases.drop_all()

INSERT_COLUMNS = (
    "id", "reference", "ref_year", "ref_seq", "received", "signal_type_id", "channel_id", "entity_id", "title",
    "description", "complainant_name", "complainant_email", "complainant_phone", "complainant_address",
    "anonymous", "category_id", "subcategory_id", "handler_id", "status", "admissible", "inadmissible_reason",
    "qualification_id", "motivation", "draft_answer", "approvals", "extra_actions", "extra_actions_done",
    "acknowledged", "due", "extension_days", "extension_reason", "answered", "answer_channel", "repeat_of_id",
    "line", "version", "created_at", "updated_at", "created_by", "anonymised_at", "solved", "school",
    "ombudsnorms", "staff_member", "mediation_result",
)


@dataclass
class Planned:
    received: date
    type: str
    channel: str | None = None
    entity: str | None = None
    category: str | None = None
    subcategory: str | None = None
    qualification: str | None = None
    admissible: bool | None = None  # None: follows the qualification
    answered: date | None = None
    solved: str = ""
    repeat: bool = False
    mediation: str = ""
    school: str = ""
    line: str = ""
    reason: str = ""


def days_of(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def spread(rng: random.Random, n: int, start: date, end: date) -> list[date]:
    """``n`` receipt dates spread over start..end, both ends included when n > 1 (a period's
    first and last day are where a wrong period shows)."""
    days = days_of(start, end)
    picked = [rng.choice(days) for _ in range(n)]
    if n >= 2:
        picked[0], picked[1] = start, end
    rng.shuffle(picked)
    return picked


def repeat(items: Iterable[tuple[object, int]]) -> list[object]:
    """[(value, count), ...] -> each value ``count`` times."""
    return [value for value, count in items for _ in range(count)]


class Register:
    def __init__(self, store: Store, seed: int = 1) -> None:
        self.store = store
        self.rng = random.Random(seed)
        self.cases: list[Planned] = []
        self._due: dict[tuple[date, str], date] = {}

    def add(self, received: date, type: str, **fields: object) -> Planned:
        case = Planned(received, type, **fields)  # type: ignore[arg-type]
        self.cases.append(case)
        return case

    def answer_after(self, case: Planned, lead: int) -> None:
        """Answer ``case`` so that its lead time (the domain's rule, closure days left out) is ``lead``."""
        calendar = self.store.settings.calendar
        answered = case.received + timedelta(days=lead)
        while lead_time(case.received, answered, calendar) < lead:
            answered += timedelta(days=1)
        case.answered = answered

    def due(self, case: Planned) -> date:
        key = (case.received, case.type)
        if key not in self._due:
            signal_type = self.store.taxonomy.find("types", case.type)
            self._due[key] = due_date(case.received, signal_type.term, self.store.settings.calendar)
        return self._due[key]

    def _rows(self, first_id: int) -> Iterator[tuple[object, ...]]:
        tax = self.store.taxonomy
        ids: dict[tuple[str, str], int | None] = {}

        def find(kind: str, label: str | None, **kw: object) -> int | None:
            if label is None:
                return None
            key = (kind, label + repr(sorted(kw.items())))
            if key not in ids:
                row = tax.find_category(label, **kw) if kind == "categories" else tax.find(kind, label)
                assert row is not None, (kind, label)
                ids[key] = row.id
            return ids[key]

        seq: dict[int, int] = {}
        now = datetime(2026, 1, 1, 9, 0)
        for offset, case in enumerate(sorted(self.cases, key=lambda c: c.received)):
            case_id = first_id + offset
            type_id = find("types", case.type)
            category = find("categories", case.category, type_id=type_id)
            sub = find("categories", case.subcategory, parent_id=category) if case.subcategory else None
            qualification = find("qualifications", case.qualification)
            admissible = case.admissible
            if admissible is None and qualification is not None:
                admissible = tax.get("qualifications", qualification).admissible
            year = case.received.year
            seq[year] = seq.get(year, 0) + 1
            closed = case.answered is not None
            yield (
                case_id, f"{year}-{seq[year]:06d}", year, seq[year], case.received.isoformat(), type_id,
                find("channels", case.channel), find("entities", case.entity), "Zaak", "", "", "", "", "", False,
                category, sub, None, "closed" if closed else "investigating", admissible,
                case.reason if admissible is False else "", qualification, "", "", "", "", None, None,
                self.due(case).isoformat(), 0, "", case.answered.isoformat() if closed else None,
                "e-mail" if closed else "", first_id if case.repeat and case_id != first_id else None,
                case.line, 1, now, now, "Test", None, case.solved, case.school, "", "", case.mediation,
            )

    def write(self) -> None:
        """Insert every planned case in one transaction, oldest first (the indexes fill in order).

        As the benchmark generator does, the search index is filled in one pass afterwards
        rather than by its triggers row by row (a city year takes seconds instead of half a minute).
        """
        columns = ", ".join(INSERT_COLUMNS)
        marks = ", ".join("?" * len(INSERT_COLUMNS))
        with self.store.sessions.write() as session:
            conn = session.connection()
            first = (conn.exec_driver_sql("SELECT max(id) FROM case_file").scalar() or 0) + 1
            if conn.dialect.name != "sqlite":
                self._write_server(conn, first)
                return
            triggers = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'case_file' "
                "AND name LIKE '%fts_insert'").fetchall()
            for name, _ in triggers:
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
            conn.exec_driver_sql(f"INSERT INTO case_file ({columns}) VALUES ({marks})", list(self._rows(first)))
            for _, statement in triggers:
                conn.exec_driver_sql(statement)
            for index in ("case_fts", "case_open_fts"):
                conn.exec_driver_sql(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


    def _write_server(self, conn, first: int) -> None:  # type: ignore[no-untyped-def]
        """PostgreSQL: the same rows as dates and booleans, its search index an index of its own."""
        from sqlalchemy import insert

        from klachtendesk.store.models import Case

        dates = {"received", "due", "answered", "extra_actions_done", "acknowledged"}
        rows = []
        for row in self._rows(first):
            values = dict(zip(INSERT_COLUMNS, row, strict=True))
            for name in dates:
                if isinstance(values[name], str):
                    values[name] = date.fromisoformat(values[name])
            for name in ("created_at", "updated_at"):
                values[name] = values[name].replace(tzinfo=UTC)
            rows.append(values)
        conn.execute(insert(Case.__table__), rows)  # type: ignore[attr-defined]
        conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('case_file', 'id'), max(id)) FROM case_file")


def shuffled(rng: random.Random, values: Sequence[object]) -> list[object]:
    found = list(values)
    rng.shuffle(found)
    return found
