"""Where a store lives: a SQLite file on this workstation, or a database on a PostgreSQL server.

``--db`` (and ``$KLACHTENDESK_DB``) takes either a path or a URL
``postgresql://user[:password]@host[:port]/name``. A password in the URL is used to connect
and never shown: ``str(location)`` and every message name the store without it, and
``redact`` removes a password from any text that may repeat a URL (a driver's error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
# user:password@ in any URL-like text; the password is what goes.
_PASSWORD_IN_URL = re.compile(r"(?P<head>[a-z][a-z0-9+.\-]*://[^:/@\s]*):(?P<password>[^@\s]*)@", re.IGNORECASE)
_PASSWORD_ASSIGNMENT = re.compile(r"(?P<head>password\s*=\s*)(?P<password>'[^']*'|\S+)", re.IGNORECASE)


#: Every password met in a URL while the program runs: ``redact`` removes each of them from
#: any text (a driver's message, a traceback written to the crash log).
_PASSWORDS: set[str] = set()


@dataclass(frozen=True)
class Location:
    kind: str  # SQLITE or POSTGRESQL
    path: Path | None = None  # SQLite
    url: str = field(default="", repr=False)  # PostgreSQL, as given (may hold a password: never show it)

    def __repr__(self) -> str:
        return f"Location({self.kind!r}, {self.without_password()!r})"

    @property
    def is_sqlite(self) -> bool:
        return self.kind == SQLITE

    @property
    def is_postgresql(self) -> bool:
        return self.kind == POSTGRESQL

    @property
    def sqlalchemy_url(self) -> str:
        if self.is_sqlite:
            return f"sqlite:///{self.path}"
        rest = self.url.split("://", 1)[1]
        return f"postgresql+psycopg://{rest}"

    @property
    def password(self) -> str | None:
        if not self.is_postgresql:
            return None
        value = urlsplit(self.url).password
        return unquote(value) if value else None

    @property
    def user(self) -> str | None:
        """The login named in the URL (None: libpq's default, PGUSER or the system login)."""
        if not self.is_postgresql:
            return None
        value = urlsplit(self.url).username
        return unquote(value) if value else None

    @property
    def database(self) -> str:
        """The database's name on the server (PostgreSQL) or the file's stem (SQLite)."""
        if self.is_sqlite:
            return self.path.stem  # type: ignore[union-attr]
        return unquote(urlsplit(self.url).path.lstrip("/")) or "postgres"

    def without_password(self) -> str:
        if self.is_sqlite:
            return str(self.path)
        return redact(self.url)

    def __str__(self) -> str:
        return self.without_password()


def with_password(location: Location, password: str, user: str) -> Location:
    """The same database with a password (asked for; kept in memory only, never shown)."""
    parts = urlsplit(location.url)
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = f"{quote(location.user or user, safe='')}:{quote(password, safe='')}@{host}"
    _PASSWORDS.add(password)
    _PASSWORDS.add(quote(password, safe=""))
    return parse_location(urlunsplit(parts._replace(netloc=netloc)))


def is_url(value: str | Path) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(_SCHEMES)


def parse_location(value: str | Path | Location) -> Location:
    """A path or a PostgreSQL URL as a Location (a path is expanded, ``~`` included)."""
    if isinstance(value, Location):
        return value
    if is_url(value):
        text = str(value).strip()
        rest = text.split("://", 1)[1]
        location = Location(POSTGRESQL, url=f"postgresql://{rest}")
        if location.password:
            _PASSWORDS.add(location.password)
            _PASSWORDS.add(urlsplit(location.url).password or "")
            _PASSWORDS.discard("")
        return location
    return Location(SQLITE, path=Path(value).expanduser())


def redact(text: str, password: str | None = None) -> str:
    """``text`` without any password: the one in ``user:password@`` of a URL, a
    ``password=...`` setting, and every password of a URL met so far wherever it appears."""
    text = _PASSWORD_IN_URL.sub(lambda m: f"{m['head']}@", text)
    text = _PASSWORD_ASSIGNMENT.sub(lambda m: f"{m['head']}***", text)
    secrets = {secret for secret in (password, *_PASSWORDS) if secret}
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
