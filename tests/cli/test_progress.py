"""Long commands show a progress bar on a terminal, and only their result line otherwise.

The bar (cli/progress.py) is drawn on stderr when stderr is a terminal: shown here on a
real pseudo-terminal and on a rich Console forced to be one. Piped, or with --quiet, the
command prints its result line and nothing else.
"""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys

import pytest
from process import run
from rich.console import Console

from klachtendesk.cli import main
from klachtendesk.cli import progress as cli_progress
from klachtendesk.presets import load_preset
from klachtendesk.store.database import Store

ROWS = 3_000
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


def register(path):
    lines = ["ontvangen;type;kanaal;titel;omschrijving;melder"]
    lines += [f"{1 + i % 28}/{1 + i % 11}/2025;Klacht;Algemeen e-mailadres;Zaak {i};Omschrijving {i};Melder {i}"
              for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def store_and_register(tmp_path):
    Store.create(tmp_path / "s.db", load_preset("brandweer")).close()
    return tmp_path / "s.db", register(tmp_path / "register.csv")


@pytest.fixture
def terminal(monkeypatch):
    """What a forced terminal on stderr receives."""
    screen = io.StringIO()
    monkeypatch.setattr(cli_progress, "console",
                        lambda: Console(file=screen, force_terminal=True, width=120, color_system=None))
    return screen


def test_import_on_a_terminal_shows_rows_done_rate_and_time_left(store_and_register, terminal, capsys):
    db, csv = store_and_register
    assert main(["import", str(csv), "--db", str(db), "--user", "Els", "--today", "2026-01-15"]) == 0
    drawn = ANSI.sub("", terminal.getvalue())
    assert "Importeren" in drawn
    assert f"3.000/{ROWS:,} rijen".replace(",", ".") in drawn  # the last frame: every row done
    assert "rijen/s" in drawn
    # Only the result line on stdout: the bar went to the terminal and was wiped.
    assert capsys.readouterr().out == f"{ROWS} zaken geïmporteerd.\n"


@pytest.mark.parametrize("command", [
    ["export", "{tmp}/uit.csv"],
    ["report", "--year", "2025", "--format", "json", "-o", "{tmp}/rapport.json"],
    ["backup", "{tmp}/kopie.db"],
    ["check"],
])
def test_other_long_commands_draw_a_bar_too(store_and_register, terminal, tmp_path, capsys, command):
    db, csv = store_and_register
    assert main(["import", str(csv), "--db", str(db), "--user", "Els", "--quiet"]) == 0
    assert terminal.getvalue() == ""  # --quiet: no bar
    capsys.readouterr()
    assert main([part.format(tmp=tmp_path) for part in command] + ["--db", str(db), "--user", "Els"]) == 0
    drawn = ANSI.sub("", terminal.getvalue())
    assert any(word in drawn for word in ("Exporteren", "Rapport", "Reservekopie", "Controleren")), drawn
    assert "━" in drawn
    assert len(capsys.readouterr().out.strip().splitlines()) >= 1


def test_quiet_on_a_terminal_prints_only_the_result(store_and_register, terminal, capsys):
    db, csv = store_and_register
    assert main(["import", str(csv), "--db", str(db), "--user", "Els", "-q"]) == 0
    assert terminal.getvalue() == ""
    assert capsys.readouterr().out == f"{ROWS} zaken geïmporteerd.\n"


def test_piped_the_command_prints_its_result_line_and_nothing_else(store_and_register, tmp_path):
    db, csv = store_and_register
    result = run("import", str(csv), "--db", str(db), "--user", "Els", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"{ROWS} zaken geïmporteerd.\n"
    assert result.stderr == ""


def test_on_a_real_terminal_the_bar_is_drawn_on_stderr(store_and_register, tmp_path):
    db, csv = store_and_register
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "klachtendesk", "import", str(csv), "--db", str(db),
                                "--user", "Els"], cwd=tmp_path, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=follower, env={**os.environ, "TERM": "xterm"})
    os.close(follower)
    received = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the process closed its end
            break
        if not chunk:
            break
        received += chunk
    out, _ = process.communicate(timeout=60)
    os.close(leader)
    assert process.returncode == 0
    assert out.decode() == f"{ROWS} zaken geïmporteerd.\n"
    drawn = ANSI.sub("", received.decode("utf-8", "replace"))
    assert "Importeren" in drawn and "rijen" in drawn
