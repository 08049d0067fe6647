"""The declared keys (tui/keys.py) while the desk runs: the keys each id has now (with the
user's keymap), and what the key bar, the help screen and the palette show of a screen.

A screen names its tables in ``KEYS``: ``((keys.QUEUE, None), (keys.CASE_LIST, "#cases"))``,
its own first (``None``: the screen runs them), then those of its widgets (a selector: the
widget that runs them). The app's table follows every screen's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.dom import DOMNode
from textual.screen import Screen

from klachtendesk.tui.keys import APP, Key, Table, keys_text


@dataclass(frozen=True)
class Entry:
    key: Key
    keys: tuple[str, ...]  # what the user presses now (the keymap applied)
    node: DOMNode  # where its action runs
    label: str  # the key's label, or what the screen calls it now (``key_label``)

    @property
    def text(self) -> str:
        return keys_text(self.keys)

    @property
    def short_text(self) -> str:
        return keys_text(self.keys, short=True)


def current_keys(app: Any, key: Key) -> tuple[str, ...]:
    overrides: dict[str, str] = getattr(app, "key_overrides", {}) or {}
    return tuple(part for part in overrides.get(key.id, key.keys).split(",") if part)


def tables(screen: Screen[Any]) -> Iterator[tuple[Table, DOMNode]]:
    """The screen's tables with the node each runs on, then the app's."""
    for table, selector in getattr(screen, "KEYS", ()):
        if selector is None:
            yield table, screen
        else:
            found = screen.query(selector)
            if found:
                yield table, found.first()
    yield APP, screen.app


def entries(screen: Screen[Any]) -> Iterator[Entry]:
    """Each key of the screen once. A screen may name a key after what it shows now
    (``key_label(key)``: the summary's "Tab 1" is "Tab: Overzicht")."""
    seen: set[str] = set()
    taken: set[str] = set()  # a key the screen uses shadows the app's use of it (the summary's tab)
    named = getattr(screen, "key_label", None)
    for table, node in tables(screen):
        for key in table.keys:
            if key.id in seen:
                continue
            seen.add(key.id)
            now = tuple(k for k in current_keys(screen.app, key) if k not in taken)
            if not now:
                continue
            taken.update(now)
            label = (named(key) if named is not None else None) or key.label
            yield Entry(key, now, node, label)


def bar(screen: Screen[Any]) -> list[Entry]:
    """What the key bar shows: the keys marked for it that work right now, each with the
    keys that reach it now (the search box takes `?` as a letter; F1 still opens the help)."""
    if not hasattr(screen, "KEYS"):
        return _undeclared_bar(screen)
    active = screen.active_bindings
    focused = screen.focused
    shown: list[Entry] = []
    for entry in entries(screen):
        if not entry.key.bar:
            continue
        working = tuple(k for k in entry.keys if (a := active.get(k)) is not None and a.binding.id == entry.key.id
                        and a.enabled and not (focused is not None and focused.check_consume_key(k, character(k))))
        if working:
            shown.append(Entry(entry.key, working, entry.node, entry.label))
    return shown


def character(key: str) -> str | None:
    """The character a key types, if any ("slash" -> "/"; Textual's own lookup misses some)."""
    import unicodedata

    from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key

    if len(key) == 1:
        return key
    try:
        found = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)).replace("_", " "))
    except KeyError:
        return None
    return found if found.isprintable() else None


def _undeclared_bar(screen: Screen[Any]) -> list[Entry]:
    """A screen without a KEYS table: its bindings that have an id (never Textual's own)."""
    shown: dict[str, Entry] = {}
    for key_name, active in screen.active_bindings.items():
        binding = active.binding
        if binding.show and binding.id and active.enabled:
            old = shown.get(binding.id)
            keys = (*old.keys, key_name) if old else (key_name,)
            shown[binding.id] = Entry(Key(binding.id, ",".join(keys), binding.action, binding.description),
                                      keys, active.node, binding.description)
    return list(shown.values())


def help_rows(screen: Screen[Any]) -> list[tuple[str, str]]:
    """Every key of the screen, once, with all the keys that reach it."""
    if not hasattr(screen, "KEYS"):
        rows = [(keys_text(b.key.split(",")), b.description) for b in _bindings(screen) if b.description]
        return rows + [(e.text, e.key.help or e.label) for e in entries(screen)]
    return [(entry.text, _described(entry)) for entry in entries(screen)]


def _described(entry: Entry) -> str:
    if entry.label != entry.key.label:  # named by the screen: say what it is now
        return entry.label
    return entry.key.help or entry.label


def _bindings(screen: Screen[Any]) -> list[Any]:
    from textual.binding import Binding

    return [b for b in getattr(screen, "BINDINGS", ()) if isinstance(b, Binding)]


def palette_commands(screen: Screen[Any]) -> list[tuple[str, str, Callable[[], Any]]]:
    """(name, help, callback) for every key of the screen the palette offers."""
    commands: list[tuple[str, str, Callable[[], Any]]] = []
    if not hasattr(screen, "KEYS"):
        own = getattr(screen, "palette_commands", None)
        if own is not None:
            commands.extend(own())
        else:
            commands.extend((b.description, f"({keys_text(b.key.split(','))})",
                             partial(screen.run_action, b.action)) for b in _bindings(screen) if b.description)
    for entry in entries(screen):
        key = entry.key
        if key.palette and (hasattr(screen, "KEYS") or key.id.startswith("app.")):
            commands.append((entry.label, f"{_described(entry)} ({keys_text(entry.keys, ' of ')})",
                             partial(_run, entry.node, key.action)))
    return commands


async def _run(node: DOMNode, action: str) -> None:
    await node.app.run_action(action, node)
