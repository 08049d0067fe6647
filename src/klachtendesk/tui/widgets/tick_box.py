"""A checkbox that says plainly whether it is ticked: ``[x]`` or ``[ ]`` before its label.

Textual's checkbox always draws an X and shows "ticked" only by its colour, which a
16-colour terminal (or a colour-blind user) may not tell apart, and on focus it paints its
label in the cursor colours. This one keeps its label as it is; focus shows the same
marker as every other field (styles.tcss).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    DEFAULT_CSS = """
    TickBox, TickBox.-textual-compact, TickBox:focus { border: none; padding: 0; height: 1; background: transparent; }
    TickBox > .toggle--button, TickBox.-on > .toggle--button { background: transparent; color: $foreground; }
    TickBox.-on > .toggle--button { text-style: bold; }
    TickBox:focus > .toggle--label, TickBox.-textual-compact:focus > .toggle--label {
        color: $foreground; background: transparent; text-style: none;
    }
    """

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.styled("[x]" if self.value else "[ ]", style)

    def render(self) -> Content:
        label = self.label.stylize_before(self.get_visual_style("toggle--label"))
        return Content.assemble(self._button, " ", label)

    def get_content_width(self, container, viewport) -> int:  # type: ignore[no-untyped-def]
        return 4 + self.label.cell_length
