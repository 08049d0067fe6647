"""An Input that drops control characters before the text is drawn (its multi-line twin is
clean_text_area.py, apart so that a screen with inputs only never loads Textual's TextArea).

A paste holding escape sequences (``ESC c`` resets the terminal) must never reach a
widget's render: what the widget holds, shows and hands on is the text without them,
in order (``domain.text.clean_text``'s scrubbing, without trimming or length checks).
"""

from __future__ import annotations

from textual.widgets import Input

from klachtendesk.domain.text import strip_controls


class CleanInput(Input):
    """A one-line input that never holds a control character."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(strip_controls(text, multiline=False), start, end)

    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(strip_controls(text, multiline=False))
