"""The key bar: the main keys of the screen on one line, from its key tables (tui/keys.py).

Textual's Footer builds a widget per key and restyles them all whenever focus moves; with
the case screen's keys that cost over 100 ms each time a screen opened. This bar draws the
same keys as one line of text, and a click on a key runs its action like the key would.
Only the desk's own declared keys appear: never a widget's built-in binding in English.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.dom import DOMNode
from textual.widget import Widget

from klachtendesk.tui.keyboard import bar


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._spans: list[tuple[int, int, str, DOMNode]] = []  # (start, end, action, node) for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, _screen: object) -> None:
        self.refresh()

    def render(self) -> Text:
        text = Text(end="", no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, str, DOMNode]] = []
        key_style = "bold " + str(self.app.get_css_variables().get("footer-key-foreground", "")).strip()
        for entry in bar(self.screen):
            start = len(text)
            text.append(f" {entry.short_text} ", style=key_style.strip())
            text.append(f"{entry.label} ")
            spans.append((start, len(text), entry.key.action, entry.node))
        self._spans = spans
        return text

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, node)
                return
