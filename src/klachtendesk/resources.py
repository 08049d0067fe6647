"""Where the migration scripts and fixtures are, installed or in a source checkout.

They live at the top of the repository and are copied into the wheel as
``klachtendesk/_migrations`` and ``klachtendesk/_fixtures`` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(installed: str, top: str) -> Path:
    inside = _PACKAGE / installed
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / top  # src/klachtendesk -> repository root
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"{top}/ not found beside {_PACKAGE}")


def migrations_dir() -> Path:
    return _find("_migrations", "migrations")


def fixtures_dir() -> Path:
    return _find("_fixtures", "fixtures")
