"""A bracketed paste holding escape sequences arrives as one clean Paste (tui/paste_input.py).

Textual's parser turns the characters after a pasted ESC into key presses and keeps the
ESC in the paste; the desk's parser hands it the paste without escape sequences.
"""

from __future__ import annotations

import pytest
import textual
from hostile import hostile_params
from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers.headless_driver import HeadlessDriver
from textual.drivers.linux_driver import LinuxDriver

from klachtendesk.tui.app import KlachtendeskApp
from klachtendesk.tui.paste_input import TEXTUAL_VERSION, CleanPasteParser, clean_paste_driver

START, END = "\x1b[200~", "\x1b[201~"
LETTERS = "abcdefghij" * 6
#: The long form from issue 11: a terminal reset with some 60 letters after it.
LONG_FORM = "x\x1bc" + LETTERS


def _events(parser: XTermParser, *chunks: str) -> list[object]:
    found: list[object] = []
    for chunk in chunks:
        found.extend(parser.feed(chunk))
    return found


def _pastes(found: list[object]) -> list[str]:
    return [event.text for event in found if isinstance(event, events.Paste)]


def test_textual_own_parser_still_breaks_such_a_paste() -> None:
    """Why the desk has its own: if this starts failing, Textual fixed it upstream."""
    found = _events(XTermParser(), START + LONG_FORM + END)
    assert any(isinstance(event, events.Key) for event in found)
    assert _pastes(found) != ["x" + LETTERS]


def test_the_long_form_arrives_as_one_paste_without_the_reset() -> None:
    found = _events(CleanPasteParser(), START + LONG_FORM + END)
    assert _pastes(found) == ["x" + LETTERS]
    assert not [event for event in found if isinstance(event, events.Key)]


def test_a_paste_read_one_character_at_a_time_is_the_same_paste() -> None:
    text = START + LONG_FORM + END
    found = _events(CleanPasteParser(), *text)
    assert _pastes(found) == ["x" + LETTERS]
    assert not [event for event in found if isinstance(event, events.Key)]


def test_what_stripping_a_sequence_means() -> None:
    """A complete sequence goes as a whole (CSI up to its final byte, OSC up to BEL or ST,
    ESC and one character); a lone control character goes alone; the rest stays in order."""
    cases = {
        "Jan \x1b[31mPeeters": "Jan Peeters",
        "Jan \x1bcPeeters\x1b[31m rood": "Jan Peeters rood",
        "a\x1b]0;PWNED\x07b": "ab",
        "a\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\b": "alinkb",
        "a\x9b31mb\x07c\x00d": "abcd",
        "regel 1\rregel 2\ttab": "regel 1\nregel 2\ttab",
        "[b]vet[/b] blijft": "[b]vet[/b] blijft",
        "nested " + START + "start": "nested start",
    }
    for pasted, expected in cases.items():
        assert _pastes(_events(CleanPasteParser(), START + pasted + END)) == [expected], pasted


@pytest.mark.parametrize("hostile", hostile_params("paste"))
def test_the_hostile_corpus_pasted(hostile) -> None:
    found = _events(CleanPasteParser(), START + hostile.text + END)
    assert _pastes(found) == [hostile.accepts]
    assert not [event for event in found if isinstance(event, events.Key)]


def test_keys_around_a_paste_are_still_keys() -> None:
    found = _events(CleanPasteParser(), "a" + START + "x\x1bcy" + END + "b", "\x1b[A")
    keys = [event.key for event in found if isinstance(event, events.Key)]
    assert keys == ["a", "b", "up"]
    assert _pastes(found) == ["xy"]


def test_markers_split_over_reads() -> None:
    text = "q" + START + "Jan \x1b[31mPeeters" + END + "w"
    for cut in range(1, len(text)):
        for second in range(cut + 1, len(text)):
            found = _events(CleanPasteParser(), text[:cut], text[cut:second], text[second:])
            assert _pastes(found) == ["Jan Peeters"], (cut, second)
            assert [event.key for event in found if isinstance(event, events.Key)] == ["q", "w"]


def test_the_desk_reads_the_terminal_with_this_parser(tmp_path) -> None:
    driver = clean_paste_driver(LinuxDriver)
    assert issubclass(driver, LinuxDriver)
    assert driver.run_input_thread.__globals__["XTermParser"] is CleanPasteParser
    # Textual's input loop still builds its parser from that name.
    assert "XTermParser" in LinuxDriver.run_input_thread.__code__.co_names
    assert clean_paste_driver(HeadlessDriver) is HeadlessDriver
    assert issubclass(KlachtendeskApp(tmp_path / "x.db").get_driver_class(), LinuxDriver)


def test_textual_is_the_release_the_parser_was_checked_against() -> None:
    """Upgrading Textual? Check textual/_xterm_parser.py's bracketed paste and
    LinuxDriver.run_input_thread, run tests/tui/test_paste_pty.py, then change TEXTUAL_VERSION."""
    assert textual.__version__ == TEXTUAL_VERSION
