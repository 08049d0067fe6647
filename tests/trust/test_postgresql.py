"""The team server: what only PostgreSQL has, held to the same promises as the SQLite file.

Writers wait for each other (the advisory lock) instead of failing or losing an update;
reference numbers never collide between workstations; every fault is one Dutch line with
a non-zero exit and nothing half-written, and no message, log or event shows the password;
a connection the server dropped is made again; check, backup, restore, copy-store and
retention work on the server as they do on a file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import psycopg
import pytest
from engine_params import postgresql_only
from trust_helpers import one_dutch_line, query, run_cli

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
from klachtendesk.store.engines.postgresql import WRITE_LOCK_KEY
from klachtendesk.store.errors import StoreError
from klachtendesk.store.location import parse_location

pytestmark = postgresql_only


@pytest.fixture
def server(store_locations):
    """New databases on the test server."""
    return store_locations


def new_case(store, title: str = "Sirene te luid") -> int:
    klacht = store.taxonomy.find("types", "Klacht").id
    with store.sessions.write() as session:
        return create_case(session, CaseFields(received=date(2026, 11, 2), signal_type_id=klacht, title=title),
                           user="Els", settings=store.settings, taxonomy=store.taxonomy, now=clock.now()).id


@pytest.fixture
def team(server):
    url = server()
    store = Store.create(url, load_preset("brandweer"), user="Els")
    yield store, url
    store.close()


def password_of(url: str) -> str:
    password = parse_location(url).password
    assert password, "the test server's URL has a password: the tests check that it is never shown"
    return password


# -- the write lock ---------------------------------------------------------------------------


def test_a_save_waits_for_another_workstations_write_instead_of_failing(team):
    store, url = team
    case_id = new_case(store)
    held = threading.Event()

    def other_workstation() -> None:
        with psycopg.connect(url) as connection:
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            held.set()
            time.sleep(1.5)

    thread = threading.Thread(target=other_workstation)
    thread.start()
    assert held.wait(10)
    started = time.monotonic()
    saved = actions.save_fields(store, case_id, 1, "Els", {"title": "Na het wachten"})
    waited = time.monotonic() - started
    thread.join()
    assert waited > 1.0 and saved.version == 2
    assert query(url, "SELECT title FROM case_file WHERE id = ?", (case_id,)) == [("Na het wachten",)]


def test_a_writer_that_waits_too_long_is_told_the_store_is_busy(team, monkeypatch):
    store, url = team
    case_id = new_case(store)
    monkeypatch.setenv("KLACHTENDESK_BUSY_TIMEOUT_MS", "300")
    impatient = Store.open(url)
    try:
        with psycopg.connect(url) as connection:
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            with pytest.raises(StoreError, match="bezet door een andere werkpost"):
                actions.save_fields(impatient, case_id, 1, "Els", {"title": "Te vroeg"})
    finally:
        impatient.close()
    assert query(url, "SELECT title, version FROM case_file WHERE id = ?", (case_id,)) == [("Sirene te luid", 1)]


_REGISTER = """
import sys, time
from datetime import date
from pathlib import Path
from klachtendesk import clock
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
store = Store.open(sys.argv[1])
Path(sys.argv[2]).touch()
while not Path(sys.argv[3]).exists():
    time.sleep(0.001)
klacht = store.taxonomy.find("types", "Klacht").id
for n in range(40):
    with store.sessions.write() as session:
        create_case(session, CaseFields(received=date(2026, 11, 2), signal_type_id=klacht, title=f"{sys.argv[4]} {n}"),
                    user=sys.argv[4], settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
store.close()
"""


def test_reference_numbers_never_collide_between_workstations(team, tmp_path):
    store, url = team
    go = tmp_path / "go"
    workers = [subprocess.Popen([sys.executable, "-c", _REGISTER, url, str(tmp_path / name), str(go), name])
               for name in ("A", "B")]
    deadline = time.monotonic() + 60
    while not all((tmp_path / n).exists() for n in "AB") and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    references = [r for (r,) in query(url, "SELECT reference FROM case_file ORDER BY ref_seq")]
    assert references == [f"2026-{n:04d}" for n in range(1, 81)]
    assert {t.split()[0] for (t,) in query(url, "SELECT title FROM case_file")} == {"A", "B"}


def test_writes_take_the_write_lock_at_begin(team):
    store, url = team
    with store.sessions.write() as session:
        session.connection()  # the transaction has begun
        with psycopg.connect(url) as other:
            assert other.execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,)).fetchone() == (False,)
    with psycopg.connect(url) as other:
        assert other.execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,)).fetchone() == (True,)


# -- faults -----------------------------------------------------------------------------------


def _url_with(url: str, *, password: str | None = None, port: int | None = None, database: str | None = None) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    user = parts.username or ""
    host = parts.hostname or "127.0.0.1"
    netloc = f"{user}:{password if password is not None else parts.password}@{host}:{port or parts.port}"
    return urlunsplit((parts.scheme, netloc, "/" + (database or parts.path.lstrip("/")), "", ""))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_every_server_fault_is_one_dutch_line_without_the_password(team, tmp_path):
    store, url = team
    secret = password_of(url)
    faults = {
        "niet bereikbaar": _url_with(url, port=_free_port()),
        "wachtwoord klopt niet": _url_with(url, password="fout-wachtwoord-123"),
        "bestaat niet op de server": _url_with(url, database="kd_bestaat_niet"),
    }
    for expected, bad in faults.items():
        for command in (["alerts"], ["check"], ["report", "--year", "2026", "--format", "json"]):
            result = run_cli(*command, "--db", bad, cwd=tmp_path)
            line = one_dutch_line(result)
            assert expected in line, (command, line)
            output = result.stdout + result.stderr
            assert secret.encode() not in output and b"fout-wachtwoord-123" not in output


def test_an_empty_database_is_named_and_left_empty(server, tmp_path):
    url = server()
    line = one_dutch_line(run_cli("alerts", "--db", url, cwd=tmp_path))
    assert "Er is nog geen klachtendesk-databank" in line and "klachtendesk init" in line
    assert query(url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == [(0,)]


def test_a_schema_newer_than_the_program_is_refused_and_left_untouched(team, tmp_path):
    store, url = team
    new_case(store)
    store.close()
    with psycopg.connect(url) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    result = run_cli("alerts", "--db", url, cwd=tmp_path)
    assert result.returncode == 2 and "nieuwer schema" in one_dutch_line(result)
    assert query(url, "SELECT version_num FROM alembic_version") == [("9999",)]
    assert query(url, "SELECT count(*) FROM case_file") == [(1,)]


def test_a_failed_create_leaves_no_half_made_store(server, monkeypatch):
    url = server()
    from klachtendesk.store import taxonomy

    def broken(session, preset):  # the disk fills up halfway, say
        raise StoreError("De schijf van de server is vol: de wijziging is niet bewaard.")

    monkeypatch.setattr("klachtendesk.store.database.install_preset", broken)
    with pytest.raises(StoreError, match="vol"):
        Store.create(url, load_preset("brandweer"))
    assert taxonomy  # (the module stays importable)
    assert query(url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == [(0,)]


def test_the_crash_log_and_the_message_never_show_the_password(team, tmp_path, monkeypatch):
    store, url = team
    secret = password_of(url)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    from klachtendesk.cli.common import run_guarded

    def handler(_args):  # a bug whose message repeats the URL
        raise RuntimeError(f"kon {url} niet lezen (password={secret})")

    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert run_guarded(handler, None) == 70
    logs = list((tmp_path / "state").rglob("crash.log"))
    assert logs and "RuntimeError" in logs[0].read_text()
    assert secret not in logs[0].read_text() and secret not in err.getvalue()
    assert secret not in repr(parse_location(url)) and secret not in str(parse_location(url))


# -- the server restarting -------------------------------------------------------------------


def _drop_connections(url: str) -> int:
    database = parse_location(url).database
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres") as admin:
        rows = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                             (database,)).fetchall()
    return len(rows)


def test_after_the_server_dropped_every_connection_the_next_save_connects_again(team):
    store, url = team
    case_id = new_case(store)
    assert _drop_connections(url) >= 1  # the store's pooled connection, like a server restart
    saved = actions.save_fields(store, case_id, 1, "Els", {"title": "Na de herstart"})
    assert saved.version == 2


def test_a_save_cut_off_by_the_server_says_so_and_writes_nothing(team):
    store, url = team
    case_id = new_case(store)
    with pytest.raises(StoreError, match="verbinding met de server .* is verbroken") as err:
        with store.sessions.write() as session:
            session.connection()
            _drop_connections(url)
            actions.update_case(session, case_id, 1, {"title": "Half"}, user="Els", settings=store.settings,
                                taxonomy=store.taxonomy, now=clock.now())
    assert password_of(url) not in err.value.message
    assert query(url, "SELECT title, version FROM case_file WHERE id = ?", (case_id,)) == [("Sirene te luid", 1)]
    assert actions.save_fields(store, case_id, 1, "Els", {"title": "Opnieuw"}).version == 2  # and it works again


# -- check, backup, restore, copy-store, retention on the server -------------------------------


def test_check_reads_the_server_and_finds_a_missing_search_index(team, tmp_path):
    store, url = team
    new_case(store)
    result = run_cli("check", "--db", url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"Zoekindex:    in orde" in result.stdout and password_of(url).encode() not in result.stdout
    with psycopg.connect(url) as connection:
        connection.execute("DROP INDEX ix_case_open_fts")
    result = run_cli("check", "--db", url, cwd=tmp_path)
    assert "beschadigd" in one_dutch_line(result)
    assert b"de zoekindex (ix_case_open_fts) ontbreekt" in result.stdout


ALL_CASES = "SELECT reference, title, status, version FROM case_file ORDER BY reference"


def test_backup_and_restore_on_the_server(team, tmp_path):
    store, url = team
    for n in range(3):
        new_case(store, f"Zaak {n}")
    store.close()
    result = run_cli("backup", str(tmp_path), "--db", url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (archive,) = tmp_path.glob("*.dump")
    assert archive.stat().st_mode & 0o077 == 0
    at_backup = query(url, ALL_CASES)
    with psycopg.connect(url) as connection:
        connection.execute("UPDATE case_file SET title = 'Gewijzigd', version = version + 1")
    (tmp_path / "kapot.dump").write_bytes(b"PGDMP" + b"\0" * 100)
    assert "beschadigd of onleesbaar" in one_dutch_line(run_cli("restore", "kapot.dump", "--db", url, cwd=tmp_path))
    assert {t for _r, t, _s, _v in query(url, ALL_CASES)} == {"Gewijzigd"}  # a refused restore changed nothing
    with psycopg.connect(url):  # another workstation has the store open
        line = one_dutch_line(run_cli("restore", archive.name, "--db", url, cwd=tmp_path))
    assert "nog geopend op een andere werkpost" in line
    result = run_cli("restore", archive.name, "--db", url, cwd=tmp_path, env={"XDG_DATA_HOME": str(tmp_path / "d")})
    assert result.returncode == 0, result.stderr
    assert query(url, ALL_CASES) == at_backup
    (aside,) = (tmp_path / "d").rglob("*-voor-terugzetten.dump")  # what was there is kept
    # The copy holds the store as it was when it was made, before the backup was logged.
    assert query(url, "SELECT kind FROM event WHERE case_id IS NULL ORDER BY id") == [("restored",)]


def test_a_portable_copy_without_the_client_tools_restores_too(team, tmp_path, monkeypatch):
    from klachtendesk.store import server_backup
    from klachtendesk.store.backup import backup_to, restore

    store, url = team
    new_case(store, "Bewaard")
    monkeypatch.setattr(server_backup, "client_tool", lambda name: None)
    copy = backup_to(store, tmp_path, user="Els", now=clock.now())
    assert copy.suffix == ".db" and query(copy, "SELECT title FROM case_file") == [("Bewaard",)]
    with store.sessions.write() as session:
        from sqlalchemy import text

        session.execute(text("UPDATE case_file SET title = 'Weg'"))
    store.close()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    restore(parse_location(url), copy, user="Els", now=clock.now())
    assert query(url, "SELECT title FROM case_file") == [("Bewaard",)]


def test_copy_store_to_the_server_and_back_keeps_every_row_and_report(server, tmp_path):
    from klachtendesk.demo import build_demo

    url = server()
    source = tmp_path / "demo.db"
    build_demo(source).close()
    result = run_cli("copy-store", "--db", str(source), "--to", url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"jaarrapporten van 4 jaar zijn gelijk" in result.stdout
    assert password_of(url).encode() not in result.stdout + result.stderr
    back = tmp_path / "terug.db"
    result = run_cli("copy-store", "--from", url, "--db", str(back), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for table in ("case_file", "event", "category", "setting"):
        assert query(back, f"SELECT count(*) FROM {table}") == query(url, f"SELECT count(*) FROM {table}")
    assert query(back, ALL_CASES) == query(source, ALL_CASES)
    reports = [run_cli("report", "--year", "2023", "--format", "json", "--db", db, cwd=tmp_path).stdout
               for db in (str(source), url, str(back))]
    assert json.loads(reports[0]) == json.loads(reports[1]) == json.loads(reports[2])
    line = one_dutch_line(run_cli("copy-store", "--db", str(source), "--to", url, cwd=tmp_path))
    assert "bevat al een klachtendesk-databank" in line


def test_retention_on_the_server_leaves_no_trace_of_the_name(team):
    from klachtendesk.store.retention import anonymise, due_cases
    from klachtendesk.store.search import find_cases

    store, url = team
    klacht = store.taxonomy.find("types", "Klacht").id
    qualification = store.taxonomy.find("qualifications", "Ongegrond").id
    with store.sessions.write() as session:
        case = create_case(session, CaseFields(
            received=date(2019, 3, 1), signal_type_id=klacht, title="Klacht van Zwartkop over de oprit",
            complainant_name="Ghislaine Zwartkop", description="Mevrouw Zwartkop belde drie keer",
            qualification_id=qualification, admissible=True, answered=date(2019, 4, 1), answer_channel="brief"),
            user="Els", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    cutoff, due = due_cases(store, date(2026, 11, 27))
    assert [d.id for d in due] == [case.id]
    anonymise(store, due, user="Els", now=clock.now(), cutoff=cutoff)
    with store.sessions.read() as session:
        assert find_cases(session, "zwartkop") == [] and find_cases(session, "ghislaine") == []
    for table in ("case_file", "event"):
        rows = query(url, f"SELECT * FROM {table}")
        assert "zwartkop" not in repr(rows).lower(), table
    # No old row version or index entry keeps it in the database's files (VACUUM FULL).
    with psycopg.connect(url) as connection:
        folder = Path(connection.execute("SHOW data_directory").fetchone()[0])
        files = [folder / row[0] for row in connection.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class AS c WHERE c.oid IN ("
            "SELECT 'case_file'::regclass UNION SELECT 'event'::regclass UNION "
            "SELECT indexrelid FROM pg_index WHERE indrelid IN ('case_file'::regclass, 'event'::regclass))")]
    if not all(f.exists() for f in files):
        pytest.skip("the server's data directory is not readable here")
    assert files and not [f for f in files if b"zwartkop" in f.read_bytes().lower()]
