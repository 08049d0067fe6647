"""Input and TextArea that drop control characters before the text is drawn.

A paste holding escape sequences (``ESC c`` resets the terminal) must never reach a
widget's render: what the widget holds, shows and hands on is the text without them,
in order (``domain.text.clean_text``'s scrubbing, without trimming or length checks).
"""

from __future__ import annotations

from textual.widgets import Input, TextArea
from textual.widgets.text_area import EditResult, Location

from klachtendesk.domain.text import strip_controls


class CleanInput(Input):
    """A one-line input that never holds a control character."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(strip_controls(text, multiline=False), start, end)

    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(strip_controls(text, multiline=False))


class CleanTextArea(TextArea):
    """A multi-line text area that never holds a control character (newlines and tabs stay)."""

    def replace(self, insert: str, start: Location, end: Location, *,
                maintain_selection_offset: bool = True) -> EditResult:
        return super().replace(strip_controls(insert, multiline=True), start, end,
                               maintain_selection_offset=maintain_selection_offset)

    def insert(self, text: str, location: Location | None = None, *,
               maintain_selection_offset: bool = True) -> EditResult:
        return super().insert(strip_controls(text, multiline=True), location,
                              maintain_selection_offset=maintain_selection_offset)

    def _replace_via_keyboard(self, insert: str, start: Location, end: Location) -> EditResult | None:
        return super()._replace_via_keyboard(strip_controls(insert, multiline=True), start, end)
