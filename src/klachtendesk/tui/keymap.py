"""The user's keymap file: other keys for the desk's key ids (README, "Keys").

``keymap.toml`` in the platform's config directory (``~/.config/klachtendesk/`` on Linux),
or the file ``--keymap FILE`` names. Each entry gives an id of tui/keys.py one key or
several::

    [queue]
    search = "z"                 # queue.search: z only
    new_case = ["n", "insert"]   # queue.new_case: n or Insert

A wrong entry never stops the desk: the whole file is set aside, the desk starts with its
own keys, and the user reads one Dutch line naming the entry and what is wrong with it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.keys import REPLACED_KEYS, Keys, _character_to_key, _get_unicode_name_from_key

from klachtendesk.tui import keys as declared

FILE_NAME = "keymap.toml"
_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super")
_NAMED = {key.value for key in Keys if not key.value.startswith("<")}


@dataclass(frozen=True)
class Keymap:
    """The ids the user gave other keys (Textual key names, comma-separated), and why a
    file was set aside (empty when it was read, or when there is none)."""

    keys: dict[str, str] = field(default_factory=dict)
    problem: str = ""
    source: Path | None = None


def default_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("klachtendesk", appauthor=False) / FILE_NAME


def load(path: Path | None = None) -> Keymap:
    """The keymap in ``path`` (given with --keymap: it must exist), else in the default place."""
    explicit = path is not None
    path = Path(path).expanduser() if path is not None else default_path()
    if not path.is_file():
        if explicit:
            return Keymap(problem=f"Toetsenbestand {path} niet gevonden; de desk gebruikt zijn eigen toetsen.",
                          source=path)
        return Keymap()
    import tomllib  # only when there is a keymap to read: most desks start without one

    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        return _refused(path, f"geen geldig TOML-bestand ({err})")
    try:
        return Keymap(parse(data), source=path)
    except KeymapError as err:
        return _refused(path, str(err))


def _refused(path: Path, reason: str) -> Keymap:
    return Keymap(problem=f"{path}: {reason}. De desk gebruikt zijn eigen toetsen.", source=path)


class KeymapError(ValueError):
    """A wrong entry, in Dutch, naming it."""


def parse(data: dict[str, Any]) -> dict[str, str]:
    """Check a parsed keymap file: every id known, every key a key, no key twice on a screen."""
    entries: dict[str, str] = {}
    for key_id, value in _flatten(data):
        if declared.find(key_id) is None:
            raise KeymapError(f"'{key_id}' is geen toets-id van klachtendesk (de README somt ze op)")
        entries[key_id] = ",".join(_key_names(key_id, value))
    _check_clashes(entries)
    return entries


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for name, value in data.items():
        key_id = f"{prefix}{name}"
        if isinstance(value, dict):
            out.extend(_flatten(value, key_id + "."))
        else:
            out.append((key_id, value))
    return out


def _key_names(key_id: str, value: Any) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise KeymapError(f"{key_id}: geef een toets als tekst (\"z\") of een lijst toetsen ([\"z\", \"f2\"])")
    names: list[str] = []
    for raw in values:
        for part in raw.split(","):
            name = key_name(part)
            if name is None:
                raise KeymapError(f"{key_id}: '{part.strip()}' is geen toets (voorbeelden: \"z\", \"Z\", \"f2\", "
                                  f"\"ctrl+k\", \"slash\")")
            if name not in names:
                names.append(name)
    return names


def key_name(text: str) -> str | None:
    """A key as written in a keymap file ("z", "/", "ctrl+k", "F2") as Textual names it, or None."""
    text = text.strip()
    if not text:
        return None
    if len(text) == 1:
        return _character_to_key(text) if text.isprintable() and text != " " else None
    parts = text.split("+") if "+" in text[1:] else [text]
    mods, last = [m.strip().lower() for m in parts[:-1]], parts[-1]
    if any(m not in _MODIFIERS for m in mods):
        return None
    last = last.strip()
    if len(last) == 1:
        base: str | None = _character_to_key(last) if last.isprintable() else None
    else:
        lowered = last.lower()
        base = lowered if lowered in _NAMED else _named_character(lowered)
    if base is None:
        return None
    return "+".join([*mods, base])


def _named_character(name: str) -> str | None:
    """A character named as Textual or Unicode names it ("question_mark", "slash",
    "section_sign"), as the key Textual reports for it."""
    try:
        character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(name, name)).replace("_", " "))
    except KeyError:
        return None
    return _character_to_key(character) if character.isprintable() else None


def _check_clashes(entries: dict[str, str]) -> None:
    """Within the keys that are active together (a screen, its widgets, the app), a key the
    user gives does one thing. (The desk's own keys may overlap on purpose: the year
    summary's tab moves between its sections, not between fields.)"""
    for group in declared.GROUPS:
        owner: dict[str, str] = {}
        for table in group:
            for key in table.keys:
                for name in entries.get(key.id, key.keys).split(","):
                    other = owner.get(name)
                    if other is not None and other != key.id and (key.id in entries or other in entries):
                        changed = key.id if key.id in entries else other
                        rest = other if changed == key.id else key.id
                        raise KeymapError(f"{changed}: '{declared.key_name(name)}' is al de toets van {rest}")
                    owner[name] = key.id
