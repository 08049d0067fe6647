"""Reading the terminal with pastes that arrive whole and clean.

Textual's input parser (``textual/_xterm_parser.py``, 8.2.8) treats an ESC inside a
bracketed paste as the start of a key sequence: the characters after it leave the paste
and arrive as key presses (after 32 of them), the paste itself holds a raw ESC, and a
pasted ``ESC c`` could reach a widget and so the terminal (a full reset). Pasted text that
holds escape sequences is what a citizen's e-mail or a web page copied with colours gives.

``CleanPasteParser`` stands in front of Textual's parser: it passes everything outside a
paste on unchanged, keeps a paste back until its closing ``ESC [201~``, and hands the
parser the paste with every escape sequence and control character removed
(``domain.text.strip_controls``: a complete CSI, OSC, DCS or short escape goes as a whole,
a lone control goes alone, the rest stays in order; newlines and tabs stay, a carriage
return becomes a newline). Textual's parser then sees a paste without an ESC in it and
makes one ``Paste`` event of it, as it does for any plain paste.

``clean_paste_driver`` gives the desk a driver that reads with that parser. Only Linux and
macOS's driver is replaced (the one the desk runs on); Windows and the web driver keep
Textual's. ``TEXTUAL_VERSION`` is the release this was written against: a test fails when
Textual is upgraded, so the next person checks the parser again instead of trusting this.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator
from typing import Any

from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.driver import Driver
from textual.message import Message

from klachtendesk.domain.text import strip_controls

#: The Textual release whose parser and Linux driver this module was checked against.
TEXTUAL_VERSION = "8.2.8"

_KEEP = len(BRACKETED_PASTE_START) - 1  # characters a marker split over two reads leaves behind


class CleanPasteParser(XTermParser):
    """Textual's parser, fed each bracketed paste only once it is complete and clean."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._tail = ""  # the last characters read outside a paste: a start marker may span reads
        self._paste: list[str] | None = None  # the paste so far, while inside one

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input: whatever a paste held so far is not pasted
            self._paste = None
            yield from super().feed(data)
            return
        for piece in self._pieces(data):
            yield from super().feed(piece)

    def _pieces(self, data: str) -> Iterator[str]:
        """What Textual's parser may see of ``data`` now, in order."""
        while data:
            if self._paste is None:
                window = self._tail + data
                found = window.find(BRACKETED_PASTE_START)
                if found < 0:
                    self._tail = window[-_KEEP:]
                    yield data
                    return
                # The marker ends inside ``data`` (the tail alone is too short to hold it).
                after_marker = found + len(BRACKETED_PASTE_START) - len(self._tail)
                yield data[:after_marker]
                data = data[after_marker:]
                self._paste, self._tail = [], ""
            else:
                # The end marker may begin in the previous read: search from its last few characters.
                previous = self._paste.pop() if self._paste else ""
                joined = previous + data
                found = joined.find(BRACKETED_PASTE_END)
                if found < 0:
                    cut = max(0, len(joined) - _KEEP)
                    self._paste += [joined[:cut], joined[cut:]]
                    return
                pasted = "".join(self._paste) + joined[:found]
                yield strip_controls(pasted, multiline=True) + BRACKETED_PASTE_END
                data = joined[found + len(BRACKETED_PASTE_END):]
                self._paste = None


def clean_paste_driver(driver_class: type[Driver]) -> type[Driver]:
    """``driver_class``, or for Textual's Linux driver one that reads with ``CleanPasteParser``."""
    from textual.drivers import linux_driver

    if driver_class is not linux_driver.LinuxDriver:
        return driver_class
    upstream = linux_driver.LinuxDriver.run_input_thread
    # Textual's own input loop, unchanged, with the name it builds its parser from bound to
    # ours (the method has no closure; module globals are all it looks up).
    names: dict[str, Any] = dict(upstream.__globals__, XTermParser=CleanPasteParser)
    run_input_thread = types.FunctionType(upstream.__code__, names, upstream.__name__,
                                          upstream.__defaults__, upstream.__closure__)
    return type("CleanPasteLinuxDriver", (linux_driver.LinuxDriver,),
                {"run_input_thread": run_input_thread, "__module__": __name__})
