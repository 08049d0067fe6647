"""A TextArea that drops control characters before the text is drawn.

The multi-line twin of clean_input.py: what the area holds, shows and hands on is the text
without control characters, newlines and tabs kept (``domain.text.clean_text``'s scrubbing,
without trimming or length checks).
"""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import EditResult, Location

from klachtendesk.domain.text import strip_controls


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
