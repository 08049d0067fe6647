"""Shared by the trust tests: running the CLI as a user does, and inspecting what it left."""

from __future__ import annotations

import ctypes
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# What would make a terminal act instead of print: ESC, BEL, C1 controls, bidi overrides.
_ACTIVE = {0x1B, 0x07, 0x00} | set(range(0x80, 0xA0)) | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120,
            preexec_fn=None) -> subprocess.CompletedProcess[bytes]:  # type: ignore[no-untyped-def]
    """``python -m klachtendesk ARGS`` in a separate process; stdout and stderr as bytes."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "klachtendesk", *args], cwd=cwd, env=full_env,
                          capture_output=True, timeout=timeout, preexec_fn=preexec_fn)


def assert_inert(output: bytes) -> None:
    """Nothing the CLI printed can move the cursor, set a title, write the clipboard or
    reorder text: data reaches the terminal only as visible characters."""
    text = output.decode("utf-8")
    active = sorted({f"U+{ord(ch):04X}" for ch in text if ord(ch) in _ACTIVE})
    assert not active, f"terminal-active characters in the output: {active}"


def one_dutch_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The failure contract: non-zero exit, exactly one line on stderr, no traceback."""
    err = result.stderr.decode("utf-8")
    assert result.returncode != 0, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("klachtendesk: ")
    return lines[0]


def snapshot(path: Path) -> tuple[bytes, int, int]:
    """The file's bytes, modification time and mode: "left untouched" compares these."""
    stat = path.stat()
    return path.read_bytes(), stat.st_mtime_ns, stat.st_mode


def query(where, sql: str, params: tuple = ()) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    """Rows of ``sql`` (``?`` placeholders) read straight from a store, past the program:
    a SQLite file, a PostgreSQL URL, or an open Store (its file or database). Values come
    as SQLite gives them (dates as ISO text, booleans as 0 and 1) whatever the engine."""
    from datetime import date, datetime

    from klachtendesk.store.location import parse_location

    def plain(value):  # type: ignore[no-untyped-def]
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, date) and not isinstance(value, datetime):
            return value.isoformat()
        return value

    location = parse_location(getattr(where, "location", where))
    if location.is_postgresql:
        import psycopg

        with psycopg.connect(location.url) as connection:
            rows = connection.execute(sql.replace("?", "%s"), params).fetchall()
            return [tuple(plain(v) for v in row) for row in rows]
    connection = sqlite3.connect(location.path)  # type: ignore[arg-type]
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def db_arg(store) -> str:  # type: ignore[no-untyped-def]
    """What to pass as --db for ``store``: its file, or its URL with the password."""
    return store.location.url or str(store.location.path)


_HOLD = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":  # like a database browser in exclusive mode: readers wait too
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")
else:
    connection.execute("BEGIN IMMEDIATE")
connection.execute("CREATE TEMP TABLE held (x)")
connection.execute("UPDATE setting SET value = value WHERE key = 'preset'")
print("locked", flush=True)
time.sleep(float(sys.argv[3]))
connection.execute("ROLLBACK")
"""


@contextmanager
def lock_held(path: Path, seconds: float, *, exclusive: bool = False) -> Iterator[subprocess.Popen[str]]:
    """Another program holds the store's write lock (or, exclusive, every lock) for
    ``seconds``, or until the block ends."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(path), "exclusive" if exclusive else "write",
                               str(seconds)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


_PR_CAPBSET_DROP = 24
# CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER: what lets root ignore file modes.
_PERMISSION_OVERRIDES = (1, 2, 3)


def _drop_permission_overrides() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in _PERMISSION_OVERRIDES:
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            os._exit(97)


def obeying_permissions():  # type: ignore[no-untyped-def]
    """A ``preexec_fn`` under which the child obeys file permissions like an ordinary user,
    also when the tests run as root (root keeps its uid, loses the override capabilities).
    None when not root. Skips the test when this system does not allow dropping them."""
    if os.geteuid() != 0:
        return None
    fd, name = tempfile.mkstemp()
    os.close(fd)
    os.chmod(name, 0o400)
    try:
        probe = subprocess.run([sys.executable, "-c", f"import os; print(os.access({name!r}, os.W_OK))"],
                               preexec_fn=_drop_permission_overrides, capture_output=True, text=True)
    finally:
        os.unlink(name)
    if probe.returncode != 0 or probe.stdout.strip() != "False":
        pytest.skip("running as root and the permission-override capabilities cannot be dropped here")
    return _drop_permission_overrides
