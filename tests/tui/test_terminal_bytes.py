"""No escape sequence from the data reaches the terminal.

The desk runs as a real process on a pseudo-terminal, over a store into which hostile text
was written directly (as an old register or another tool might have): titles, names and
descriptions holding OSC 52 clipboard writes, OSC 0 window titles, OSC 8 links, CSI
sequences, C1 controls and BEL. The bytes the application writes must not contain them.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time

import pytest
from sqlalchemy import text

HOSTILE = {
    "title": "Titel\x1b]52;c;SEFDSw==\x07 \x1b]0;PWNED\x07 AAA\x1b[5mBBB",
    "description": "Klik \x1b]8;;http://evil.example\x1b\\hier\x1b]8;;\x1b\\ \x9b31m rood \x07bel",
    "complainant_name": "Jan\x1b[2J\x1b[HPeeters \x1bPq#0;2;0;0;0\x1b\\",
}
FORBIDDEN = [
    b"\x1b]52;c;SEFDSw==", b"\x1b]0;PWNED", b"AAA\x1b[5mBBB", b"\x1b]8;;http://evil", b"\xc2\x9b31m",
    b"\x07bel", b"Jan\x1b[2J", b"\x1bPq#0",
]


def _run_on_pty(args: list[str], env: dict[str, str], steps: list[tuple[bytes, bytes]], limit: float = 90) -> bytes:
    """Run ``args`` on a pseudo-terminal and return every byte it wrote.

    Each step is (what the screen must show first, key to send): a key goes out only once
    the bytes it waits for have been written since the previous key, so a slow machine only
    makes the test take longer, never changes what it sees. ``limit`` is a safety net for a
    program that hangs, not a verdict.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                               start_new_session=True)
    os.close(slave)
    output = bytearray()
    since = 0  # where the output after the last key sent starts
    start = time.monotonic()
    pending = list(steps)
    try:
        while time.monotonic() - start < limit:
            if pending and pending[0][0] in output[since:]:
                time.sleep(0.3)  # let the screen settle before the next key, as a person would
                since = len(output)
                os.write(master, pending.pop(0)[1])
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output.extend(chunk)
            if process.poll() is not None and not ready:
                break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        os.close(master)
    return bytes(output)


@pytest.mark.skipif(sys.platform != "linux", reason="pseudo-terminal test for Linux")
def test_hostile_data_never_reaches_the_terminal_as_escape_sequences(demo_store, tmp_path):
    with demo_store.sessions.write() as session:
        session.execute(text("UPDATE case_file SET title = :title, description = :description, "
                             "complainant_name = :complainant_name WHERE reference = '2026-0001'"), HOSTILE)
    demo_store.close()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="36")
    # Queue, then open the first case (the hostile one: it is the most overdue), back, quit.
    steps = [(b"Titel", b"\r"), (b"Klik", b"\x1b"), (b"Titel", b"q")]
    output = _run_on_pty([sys.executable, "-m", "klachtendesk", "--db", str(demo_store.path),
                          "--user", "Els Peeters"], env, steps)
    assert b"Brandweerwagen" not in output  # the hostile title replaced it
    assert b"AAA[5mBBB" in output  # the text is shown, its escape character removed
    assert b"Peeters" in output
    for sequence in FORBIDDEN:
        assert sequence not in output, sequence
