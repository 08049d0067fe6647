"""A paste holding escape sequences, into the real desk on a pseudo-terminal (issue 11).

The long form from the issue: ``x``, ``ESC c`` (a full terminal reset) and some 60 more
letters. With Textual's own parser the letters after the ESC arrived as key presses, and
the desk wrote ``ESC c`` to the terminal; now the paste arrives whole and clean.
"""

from __future__ import annotations

import sys

import pytest
from pty_desk import Desk
from sqlalchemy import text

from klachtendesk.presets import load_preset
from klachtendesk.store.database import Store

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="pseudo-terminal test for Linux")

LETTERS = "abcdefghij" * 6


@pytest.fixture
def empty_store(tmp_path):
    path = tmp_path / "brandweer.db"
    Store.create(path, load_preset("brandweer"), user="Els Peeters").close()
    return path


def test_a_pasted_terminal_reset_in_the_search_never_reaches_the_terminal(empty_store):
    with Desk(empty_store) as desk:
        desk.wait_for("Referentie")
        desk.write(b"/")
        desk.wait_for("Zoek in titel")
        desk.paste(b"x\x1bc" + LETTERS.encode())
        desk.wait_for(f" x{LETTERS}")  # the search field, drawn
        desk.wait_for("0 zaken · zoekt:")  # and searched for
        desk.write(b"\x11")  # ctrl+q
        assert desk.wait_for_exit() == 0
        assert b"\x1bc" not in desk.output
        # Nothing after the ESC arrived as a key press: Textual's parser typed "^cabc..." too.
        screen = desk.text()
        assert "^c" not in screen
        assert f"x{LETTERS}a" not in screen and f"x{LETTERS}^" not in screen


def test_a_name_pasted_in_intake_is_stored_without_the_escape_sequences(empty_store):
    with Desk(empty_store) as desk:
        desk.wait_for("Referentie")
        desk.write(b"n")
        desk.wait_for("Nieuwe zaak")
        desk.write(b"\t")  # from the channel to the complainant's name
        desk.paste(b"Jan \x1bcPeeters\x1b[31m rood")
        desk.wait_for("Jan Peeters rood")
        desk.write(b"\t\t\t\t")  # e-mail, phone, anonymous, title
        desk.write(b"Rook in de gang")
        desk.wait_for("Rook in de gang")
        desk.write(b"\x13")  # ctrl+s
        desk.wait_for("1 zaak")
        desk.write(b"q")
        assert desk.wait_for_exit() == 0
        assert b"\x1bc" not in desk.output
    store = Store.open(empty_store)
    with store.sessions.read() as session:
        rows = session.execute(text("SELECT complainant_name, title FROM case_file")).all()
    store.close()
    assert [tuple(row) for row in rows] == [("Jan Peeters rood", "Rook in de gang")]
