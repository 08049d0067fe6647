"""The command palette (ctrl+p): every action of the screen, and cases by reference or title."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from klachtendesk.store.search import find_cases
from klachtendesk.tui.safe import plain

if TYPE_CHECKING:
    from klachtendesk.tui.app import KlachtendeskApp


class CaseProvider(Provider):
    """Find a case by its reference or words of its title, and open it."""

    async def search(self, query: str) -> Hits:
        app: KlachtendeskApp = self.app  # type: ignore[assignment]
        if app.desk is None or len(query.strip()) < 2:
            return
        rows = await asyncio.to_thread(_find_cases, app, query)
        matcher = self.matcher(query)
        for case_id, reference, title in rows:
            label = plain(f"Zaak {reference}: {title}", single_line=True)
            score = max(matcher.match(label), 0.5)
            # Not matcher.highlight(): it parses its input as markup, and a title is user text.
            yield Hit(score, Content(label), partial(app.open_case, case_id), text=label,
                      help="Open deze zaak")


def _find_cases(app: KlachtendeskApp, query: str) -> list[tuple[int, str, str]]:
    with app.desk.store.sessions.read() as session:  # type: ignore[union-attr]
        return find_cases(session, query, limit=20)


class ScreenActionsProvider(Provider):
    """What the current screen can do: the same actions its keys run."""

    def _commands(self) -> list[tuple[str, str, Any]]:
        from klachtendesk.tui.keyboard import palette_commands

        return palette_commands(self.screen)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
