"""The benchmark generator: deterministic, shaped like a register, and a sound store."""

from __future__ import annotations

import re
import sqlite3
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from klachtendesk.domain.deadlines import due_date
from klachtendesk.presets import load_preset
from klachtendesk.register.exporter import export_register
from klachtendesk.register.importer import import_register
from klachtendesk.store.database import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import generate  # noqa: E402

CASES = 2_000
SEED = 7
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("generated")
    first, second = folder / "first.db", folder / "second.db"
    generate.generate(first, CASES, seed=SEED, today=TODAY)
    generate.generate(second, CASES, seed=SEED, today=TODAY)
    return first, second


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_same_seed_gives_the_same_content(stores, tmp_path):
    first, second = stores
    assert generate.content_digest(first) == generate.content_digest(second)
    other = tmp_path / "other.db"
    generate.generate(other, CASES, seed=SEED + 1, today=TODAY)
    assert generate.content_digest(other) != generate.content_digest(first)


def test_about_five_percent_open_and_few_of_them_overdue(stores):
    first, _ = stores
    [(total, open_, overdue)] = rows(first, f"""
        SELECT count(*), sum(status <> 'closed'), sum(status <> 'closed' AND due < '{TODAY}')
        FROM case_file""")
    assert total == CASES
    assert 0.045 <= open_ / total <= 0.055
    assert 0 < overdue <= 0.1 * open_
    # The open cases are the most recent ones.
    [(oldest_open,)] = rows(first, f"SELECT min(received) FROM case_file WHERE status <> 'closed' AND due >= '{TODAY}'")
    assert oldest_open >= "2026-10-01"


def test_statuses_and_fields_are_consistent(stores):
    first, _ = stores
    closed = rows(first, """
        SELECT c.received, c.answered, c.answer_channel, c.admissible, q.admissible, c.complainant_email,
               c.inadmissible_reason
        FROM case_file c LEFT JOIN qualification q ON q.id = c.qualification_id WHERE c.status = 'closed'""")
    assert closed
    for received, answered, channel, admissible, q_admissible, email, reason in closed:
        assert q_admissible is not None and answered is not None
        assert received <= answered <= TODAY.isoformat()
        assert admissible == q_admissible
        assert channel == ("e-mail" if email else "brief")
        assert bool(reason) == (not admissible)
    assert rows(first, """SELECT count(*) FROM case_file WHERE status <> 'closed' AND
                          (qualification_id IS NOT NULL OR answered IS NOT NULL OR answer_channel <> '')""") == [(0,)]
    assert rows(first, "SELECT count(*) FROM case_file WHERE status = 'registered' AND admissible IS NOT NULL") \
        == [(0,)]
    # Mostly admissible; every status the stad workflow can reach occurs.
    [(admissible_share,)] = rows(first, "SELECT avg(admissible) FROM case_file WHERE status = 'closed'")
    assert 0.8 < admissible_share < 0.95
    statuses = {s for (s,) in rows(first, "SELECT DISTINCT status FROM case_file")}
    assert statuses == {"registered", "investigating", "drafted", "closed"}


def test_frequencies_are_skewed(stores):
    first, _ = stores
    for column in ("signal_type_id", "channel_id", "category_id", "entity_id", "handler_id"):
        counts = [n for (n,) in rows(first, f"SELECT count(*) FROM case_file WHERE {column} IS NOT NULL "
                                             f"GROUP BY {column} ORDER BY 1 DESC")]
        assert counts[0] > 3 * counts[-1], column
    emails = rows(first, "SELECT complainant_email FROM case_file WHERE complainant_email <> ''")
    per_person = Counter(email for (email,) in emails)
    assert max(per_person.values()) >= 5  # some people come back often
    assert sum(1 for n in per_person.values() if n == 1) > len(per_person) / 2  # most write once


def test_references_due_dates_repeats_and_events(stores):
    first, _ = stores
    store = Store.open(first)
    try:
        settings, taxonomy = store.settings, store.taxonomy
    finally:
        store.close()
    cases = rows(first, "SELECT id, reference, ref_year, ref_seq, received, signal_type_id, due, extension_days "
                        "FROM case_file ORDER BY id")
    per_year: dict[int, list[int]] = {}
    for _, reference, year, seq, received, type_id, due, extension in cases:
        assert re.fullmatch(rf"{year}-\d{{6}}", reference) and int(reference[5:]) == seq
        assert received.startswith(str(year))
        per_year.setdefault(year, []).append(seq)
        expected = due_date(date.fromisoformat(received), taxonomy.type(type_id).term, settings.calendar, extension)
        assert due == expected.isoformat()
    assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in per_year.values())
    assert len(per_year) == 11  # ten years ending today
    repeats = rows(first, """SELECT c.id, o.id, c.complainant_email, o.complainant_email, c.complainant_name,
                                    o.complainant_name
                             FROM case_file c JOIN case_file o ON o.id = c.repeat_of_id""")
    assert 0.01 * CASES < len(repeats) < 0.1 * CASES
    assert all(o < c and (ce, cn) == (oe, on) for c, o, ce, oe, cn, on in repeats)
    assert rows(first, "SELECT count(*), count(DISTINCT case_id) FROM event WHERE kind = 'created'") == [(CASES, CASES)]
    assert rows(first, "SELECT count(*) FROM event WHERE kind = 'changed'")[0][0] > 0


def test_the_store_is_sound_and_searchable(stores):
    first, _ = stores
    generate.verify(first)  # integrity, the migrations' exact schema, FTS, Store.open
    [(hits,)] = rows(first, "SELECT count(*) FROM case_fts WHERE case_fts MATCH 'melder'")
    assert hits == CASES  # every description tells what the complainant (melder) says
    store = Store.open(first)
    store.close()


def test_the_importer_accepts_every_generated_case(stores, tmp_path):
    """The register import checks every domain rule: a generated store survives a round trip."""
    first, _ = stores
    store = Store.open(first)
    fresh = Store.create(tmp_path / "fresh.db", load_preset("stad"))
    try:
        export_register(store, tmp_path / "register.csv", user="bench")
        assert import_register(fresh, tmp_path / "register.csv", user="bench").created == CASES
    finally:
        store.close()
        fresh.close()
