"""The desk as a real process on a pseudo-terminal, read the way a user reads the screen.

Every wait is for something to appear, with a generous limit that only ends a stuck run:
no assertion depends on how fast the machine is.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

#: Longest wait for the screen to show something (a loaded machine is slow, never this slow).
PATIENCE = 120.0

_SEQUENCES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-~]|\x1b[ -~]")

START_PASTE, END_PASTE = b"\x1b[200~", b"\x1b[201~"


class Desk:
    """``klachtendesk --db PATH --user USER`` on a 120x36 pseudo-terminal."""

    def __init__(self, db: Path, user: str = "Els Peeters") -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="36")
        self.process = subprocess.Popen([sys.executable, "-m", "klachtendesk", "--db", str(db), "--user", user],
                                        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                                        start_new_session=True)
        os.close(slave)
        self.output = bytearray()  # every byte the desk wrote to the terminal

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        os.close(self.master)

    def text(self) -> str:
        """What was written, without the escape sequences that draw it: text drawn on one line
        of the screen is one run of characters here."""
        return _SEQUENCES.sub(b"", bytes(self.output)).decode("utf-8", "replace")

    def _read(self, seconds: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], seconds)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the desk closed the terminal
            return False
        self.output.extend(chunk)
        return bool(chunk)

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + PATIENCE
        while text not in self.text():
            if time.monotonic() > deadline or not self._read(0.2):
                raise AssertionError(f"the screen never showed {text!r}; it showed:\n{self.text()[-3000:]}")

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def paste(self, data: bytes) -> None:
        """A bracketed paste, as a terminal sends it (the desk asked for bracketed pastes)."""
        self.write(START_PASTE + data + END_PASTE)

    def wait_for_exit(self) -> int:
        deadline = time.monotonic() + PATIENCE
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError("the desk did not quit")
            self._read(0.2)
        while self._read(0):
            pass
        return self.process.returncode
