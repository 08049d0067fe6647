"""Crashes: a child process is killed (SIGKILL) at a random moment during an import, during
case saves and during a migration, hundreds of times. Afterwards the store passes
``PRAGMA integrity_check``, an import is complete or absent, a migration is complete or
absent, and every save the child acknowledged (written to a file after its commit) is there.

The children are forked from the test process, so each kill costs milliseconds instead of
an interpreter start. ``KLACHTENDESK_LONG_TESTS=1`` kills ten times as often.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.register.importer import import_register
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case, get_case
from klachtendesk.store.database import Store
from klachtendesk.store.engine import create_file, make_engine
from klachtendesk.store.migrate import HEAD_REVISION, upgrade

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash tests fork their children (POSIX only)")

SCALE = 10 if os.environ.get("KLACHTENDESK_LONG_TESTS") == "1" else 1
IMPORT_KILLS = 40 * SCALE
SAVE_KILLS = 100 * SCALE
MIGRATION_KILLS = 70 * SCALE  # 210 kills in all per run of the suite
IMPORT_ROWS = 2000


def run_child(work: Callable[[int], None], acks: Path, kill_after: float | None, *,
              started: int = 1) -> float | None:
    """Fork a child that runs ``work(ack_fd)``; SIGKILL it ``kill_after`` seconds after it has
    acknowledged ``started`` more lines (the work is under way), or let it finish (None).

    Returns None when the kill interrupted the work, else how long the child lived (seconds).
    """
    before = len(acknowledged(acks))
    started_at = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 0
        try:
            fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            work(fd)
        except BaseException:
            traceback.print_exc()
            code = 3
        os._exit(code)
    deadline = None
    while True:
        done, status = os.waitpid(pid, os.WNOHANG if kill_after is not None else 0)
        if done:
            break
        if deadline is None and len(acknowledged(acks)) >= before + started:
            deadline = time.monotonic() + kill_after  # type: ignore[operator]
        if deadline is not None and time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(0.0005)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return None
    assert os.WEXITSTATUS(status) == 0, "the child failed by itself (see its traceback above)"
    return time.monotonic() - started_at


def ack(fd: int, line: str) -> None:
    os.write(fd, (line + "\n").encode("utf-8"))


def acknowledged(acks: Path) -> list[str]:
    return acks.read_text(encoding="utf-8").splitlines() if acks.exists() else []


def integrity(path: Path) -> sqlite3.Connection:
    """Open the store as the next start would (recovering its WAL) and check it."""
    connection = sqlite3.connect(path, isolation_level=None)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    return connection


def fts_ok(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO case_fts(case_fts) VALUES ('integrity-check')")
    connection.execute("ROLLBACK")


Round = Callable[[int, float | None], "float | None"]


def typical_duration(one_round: Round) -> float:
    """How long a child takes here, uninterrupted, from fork to exit: the median of three
    runs (the parent's checks after a round are not part of the work and not counted)."""
    lifetimes = [t for t in (one_round(n, None) for n in (-3, -2, -1)) if t is not None]
    assert len(lifetimes) == 3
    return sorted(lifetimes)[1]


def remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def kill_within_the_work(quota: int, one_round: Round) -> int:
    """Kill children at a moment drawn evenly over how long the work takes, until ``quota``
    kills hit the work. A child that finished before its kill does not count, and narrows
    the window for the next: the verdict counts kills, never how fast the machine is."""
    window = typical_duration(one_round)
    kills = rounds = 0
    while kills < quota:
        if one_round(rounds, random.uniform(0, window)) is None:
            kills += 1
        else:
            window *= 0.9
        rounds += 1
    return kills


def test_an_import_killed_at_random_is_complete_or_absent(tmp_path):
    base = tmp_path / "base.db"
    Store.create(base, load_preset("brandweer")).close()
    register = tmp_path / "register.csv"
    lines = ["ontvangen;type;kanaal;titel;omschrijving;melder;categorie;kwalificatie;afgesloten;antwoordkanaal"]
    lines += [f"{1 + i % 28}/{1 + i % 11}/2023;Klacht;Algemeen e-mailadres;Zaak {i};Omschrijving {i};"
              f"Melder {i};Overlast;Ongegrond;15/12/2023;e-mail" for i in range(IMPORT_ROWS)]
    register.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def one_round(n: int, kill_after: float | None) -> float | None:
        db, acks = tmp_path / f"import-{n}.db", tmp_path / f"import-{n}.acks"
        shutil.copyfile(base, db)

        def work(fd: int) -> None:
            ack(fd, "started")
            store = Store.open(db)
            result = import_register(store, register, user="crash")
            ack(fd, f"imported {result.created}")
            store.close()

        lifetime = run_child(work, acks, kill_after)
        connection = integrity(db)
        cases = connection.execute("SELECT count(*), count(DISTINCT title) FROM case_file").fetchone()
        events = connection.execute("SELECT count(*) FROM event WHERE kind = 'created'").fetchone()[0]
        assert cases in ((0, 0), (IMPORT_ROWS, IMPORT_ROWS)), cases  # all or nothing
        assert events == cases[0]
        if acknowledged(acks)[1:]:
            assert acknowledged(acks) == ["started", f"imported {IMPORT_ROWS}"] and cases[0] == IMPORT_ROWS
        fts_ok(connection)
        connection.close()
        remove_store(db)
        return lifetime

    assert kill_within_the_work(IMPORT_KILLS, one_round) == IMPORT_KILLS


def test_saves_killed_at_random_lose_no_acknowledged_case_or_change(tmp_path):
    db = tmp_path / "store.db"
    store = Store.create(db, load_preset("brandweer"))
    klacht = store.taxonomy.find("types", "Klacht").id
    with store.sessions.write() as session:
        for n in range(10):
            create_case(session, CaseFields(received=date(2026, 11, 2), signal_type_id=klacht, title=f"Basis {n}"),
                        user="Els", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    store.close()
    acks = tmp_path / "saves.acks"

    def one_round(n: int, kill_after: float | None) -> float | None:
        def work(fd: int) -> None:
            rng = random.Random(n)
            store = Store.open(db)
            with store.sessions.read() as session:
                ids = [row[0] for row in session.connection().exec_driver_sql("SELECT id FROM case_file")]
            for i in range(100_000):
                if rng.random() < 0.3:
                    title = f"Nieuw {n}-{i}"
                    with store.sessions.write() as session:
                        case = create_case(session, CaseFields(received=date(2026, 11, 20), signal_type_id=klacht,
                                                               title=title),
                                           user="crash", settings=store.settings, taxonomy=store.taxonomy,
                                           now=clock.now())
                    ids.append(case.id)
                    ack(fd, f"created {title}")
                else:
                    case_id = rng.choice(ids)
                    with store.sessions.read() as session:
                        case = get_case(session, case_id)
                    token = f"{n}.{i};"
                    actions.save_fields(store, case_id, case.version, "crash",
                                        {"description": case.description + token})
                    ack(fd, f"saved {case_id} {token}")

        lifetime = run_child(work, acks, kill_after, started=1 + n % 3)
        connection = integrity(db)
        titles = {row[0] for row in connection.execute("SELECT title FROM case_file")}
        descriptions = dict(connection.execute("SELECT id, description FROM case_file"))
        for line in acknowledged(acks):
            kind, rest = line.split(" ", 1)
            if kind == "created":
                assert rest in titles, line
            else:
                case_id, token = rest.split(" ")
                assert token.rstrip(";") in descriptions[int(case_id)].split(";"), line
        # A change and its event commit together: as many events as tokens, per case.
        events = dict(connection.execute(
            "SELECT case_id, count(*) FROM event WHERE kind = 'changed' AND field = 'description' GROUP BY case_id"))
        for case_id, description in descriptions.items():
            assert events.get(case_id, 0) == len(re.findall(";", description))
        connection.close()
        return lifetime

    # Each child is killed a moment after it acknowledged one to three saves of its own, so
    # every kill hits a child in the middle of its saves, however slow the machine is.
    kills = sum(one_round(n, random.uniform(0, 0.01)) is None for n in range(SAVE_KILLS))
    assert kills == SAVE_KILLS  # the work never ends by itself: 100,000 saves per child
    assert len(acknowledged(acks)) >= SAVE_KILLS  # and each killed child had really saved


def test_a_migration_killed_at_random_is_complete_or_absent(tmp_path):
    reference = tmp_path / "reference.db"
    create_file(reference)
    engine = make_engine(reference)
    upgrade(engine.execution_options(klachtendesk_write=True))
    engine.dispose()
    schema = set(sqlite3.connect(reference).execute("SELECT type, name FROM sqlite_master").fetchall())

    def one_round(n: int, kill_after: float | None) -> float | None:
        db, acks = tmp_path / f"migrate-{n}.db", tmp_path / f"migrate-{n}.acks"
        create_file(db)

        def work(fd: int) -> None:
            ack(fd, "started")
            engine = make_engine(db)
            upgrade(engine.execution_options(klachtendesk_write=True))
            ack(fd, "migrated")
            engine.dispose()

        lifetime = run_child(work, acks, kill_after)
        connection = integrity(db)
        found = set(connection.execute("SELECT type, name FROM sqlite_master").fetchall())
        assert found in (set(), schema), found ^ schema  # never half a schema
        if found:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
        if "migrated" in acknowledged(acks):
            assert found == schema
        connection.close()
        if not found and n % 5 == 0:  # the next start simply migrates again (a sample: it costs)
            engine = make_engine(db)
            assert upgrade(engine.execution_options(klachtendesk_write=True)) is None
            engine.dispose()
            assert set(sqlite3.connect(db).execute("SELECT type, name FROM sqlite_master").fetchall()) == schema
        remove_store(db)
        return lifetime

    assert kill_within_the_work(MIGRATION_KILLS, one_round) == MIGRATION_KILLS
