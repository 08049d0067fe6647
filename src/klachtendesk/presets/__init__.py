"""Organisation presets shipped with klachtendesk (TOML files in this package).

``load_preset`` takes a preset name (``brandweer``) or a path to a user's own file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.taxonomy import Preset, parse_preset


@dataclass(frozen=True)
class PresetInfo:
    name: str
    organisation: str


def _files() -> dict[str, resources.abc.Traversable]:
    root = resources.files(__package__)
    return {
        entry.name.removesuffix(".toml"): entry
        for entry in root.iterdir()
        if entry.name.endswith(".toml")
    }


def preset_names() -> list[str]:
    return sorted(_files())


def list_presets() -> list[PresetInfo]:
    return [PresetInfo(name, load_preset(name).settings.organisation) for name in preset_names()]


def load_preset(name_or_path: str) -> Preset:
    files = _files()
    if name_or_path in files:
        data = files[name_or_path].read_bytes()
        name, source = name_or_path, f"preset {name_or_path}"
    else:
        path = Path(name_or_path).expanduser()
        if not path.is_file():
            known = ", ".join(sorted(files))
            raise DomainError(
                f"Onbekende preset '{name_or_path}'. Kies uit: {known}, of geef het pad "
                "naar een eigen .toml-bestand."
            )
        data = path.read_bytes()
        name, source = path.stem, str(path)
    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise DomainError(f"{source}: geen geldig TOML-bestand ({err}).") from None
    return parse_preset(parsed, name=name, source=source)
