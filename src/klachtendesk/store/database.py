"""The Store: one open klachtendesk database, its settings and taxonomy.

A store is a SQLite file or a database on a PostgreSQL server (store/location.py).
``Store.open`` checks it, applies migrations and loads the organisation's settings and
taxonomy. Sessions come from ``store.sessions``: ``read()`` for queries, ``write()`` for
changes (which take the write lock at their start).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from klachtendesk.domain.chapter import TableDef, parse_chapter
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.taxonomy import Preset, Settings
from klachtendesk.store import settings as settings_table
from klachtendesk.store.engine import Sessions, check_file, create_file, guarded, make_engine
from klachtendesk.store.errors import MissingStore, StoreError
from klachtendesk.store.location import Location, parse_location
from klachtendesk.store.logins import Login
from klachtendesk.store.migrate import stored_revision_of, upgrade, upgrade_connection
from klachtendesk.store.taxonomy import Taxonomy, ensure_user, install_preset, load_taxonomy
from klachtendesk.store.watch import ChangeWatch, watch

DB_ENV = "KLACHTENDESK_DB"
#: The settings key of the year report's chapter: the preset's [[tables]] as written.
CHAPTER_KEY = "chapter"


def default_path() -> Path:
    """klachtendesk.db in the user data directory."""
    from platformdirs import user_data_path

    return user_data_path("klachtendesk", appauthor=False) / "klachtendesk.db"


def default_location() -> Location:
    """``$KLACHTENDESK_DB`` (a path or a PostgreSQL URL), else the default store file."""
    env = os.environ.get(DB_ENV, "").strip()
    return parse_location(env) if env else parse_location(default_path())


def store_exists(where: Path | str | Location) -> bool:
    """Is there a klachtendesk store at ``where``? (A file with content; a database with
    the schema.) A server that cannot be reached raises StoreError."""
    location = parse_location(where)
    if location.is_sqlite:
        path = location.path
        return path is not None and path.exists() and path.stat().st_size > 0
    engine = make_engine(location)
    try:
        with guarded(location):
            return stored_revision_of(engine) is not None
    finally:
        engine.dispose()


class Store:
    def __init__(self, location: Location | Path, sessions: Sessions) -> None:
        self.location = location if isinstance(location, Location) else parse_location(location)
        #: The store's file (SQLite); None for a database on a server.
        self.path: Path | None = self.location.path
        self.sessions = sessions
        self._settings: Settings | None = None
        self._taxonomy: Taxonomy | None = None
        self._chapter: tuple[TableDef, ...] | None = None
        #: Who the store is open as on a team server (store/logins.py); None on SQLite.
        self.login: Login | None = None
        self._watch: ChangeWatch | None = None
        #: Why nothing may be written (foreign SQL in the store), or None.
        self.read_only: str | None = None

    @property
    def name(self) -> str:
        """The store as messages name it: the file, or the URL without its password."""
        return str(self.location)

    @property
    def engine_name(self) -> str:
        return self.location.kind

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, where: Path | str | Location) -> Store:
        """Open an existing store, migrating it when the program is newer."""
        location = parse_location(where)
        if location.is_sqlite:
            path = location.path
            assert path is not None
            check_file(path)
            if not path.exists() or path.stat().st_size == 0:
                raise MissingStore(
                    f"Er is nog geen databank op {path}. Maak er een met "
                    "'klachtendesk init --preset NAAM' of start 'klachtendesk' zonder opdracht."
                )
        store = cls(location, Sessions(make_engine(location), location))
        try:
            with guarded(location):
                store._refuse_foreign_writes()
                missing = None
                if location.is_postgresql:  # an empty database is not made a store by opening it
                    missing = (f"Er is nog geen klachtendesk-databank in {location}. Maak er een met "
                               "'klachtendesk init --preset NAAM --db URL' of start 'klachtendesk' zonder opdracht.")
                if store.read_only is None:
                    upgrade(store.sessions.write_engine, missing=missing)
            store._check_initialised()
            store._know_login()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def create(cls, where: Path | str | Location, preset: Preset, *, user: str | None = None) -> Store:
        """Create a new store for an organisation. Refuses to overwrite an existing one.

        The schema and the organisation are written in one transaction: a failure leaves
        no half-made store (on SQLite the new file is removed again).
        """
        location = parse_location(where)
        path = location.path
        made = False  # only what this call created is removed again on failure
        if path is not None:
            check_file(path)
            if path.exists() and path.stat().st_size > 0:
                raise StoreError(f"Er bestaat al een databank op {path}; kies een ander pad.")
            if not path.exists():
                create_file(path)
                made = True
        store = cls(location, Sessions(make_engine(location), location))
        try:
            with guarded(location):
                if path is None and stored_revision_of(store.sessions.engine) is not None:
                    raise StoreError(f"Er bestaat al een klachtendesk-databank in {location}; kies een andere.")
                with store.sessions.write_engine.begin() as connection:
                    upgrade_connection(connection)
                    with Session(bind=connection) as session:
                        install_preset(session, preset)
                        settings_table.save_settings(session, preset.settings)
                        settings_table.put(session, "preset", preset.name)
                        settings_table.put(session, CHAPTER_KEY, list(preset.tables_source))
                        if user:
                            ensure_user(session, user)
                        session.flush()
        except BaseException:
            store.close()
            if path is not None:
                for suffix in ("", "-wal", "-shm") if made else ("-wal", "-shm"):
                    leftover = Path(f"{path}{suffix}")
                    if leftover.is_file() and not leftover.is_symlink():
                        leftover.unlink(missing_ok=True)
            raise
        return store

    def _know_login(self) -> None:
        """On a team server: who is logged in, and what that login may not read."""
        if not self.location.is_postgresql:
            return
        from klachtendesk.store import logins, team_roles

        with guarded(self.location):
            self.login = logins.current_login(self)
        if self.login is not None and not self.login.sees_staff_member:
            self.sessions.hidden_case_columns = (team_roles.STAFF_COLUMN,)

    def _refuse_foreign_writes(self) -> None:
        """SQL the migrations did not create (a trigger, a table, a view, a policy) makes
        the store read-only (``read_only`` says why): nothing is written, so a foreign
        trigger never runs; the desk and the commands refuse such a store with that line.
        One that is not at the program's schema is not opened at all: migrating it would
        run those triggers."""
        from klachtendesk.store import schema
        from klachtendesk.store.migrate import HEAD_REVISION, refuse_newer, stored_revision

        with self.sessions.engine.connect() as connection:
            revision = stored_revision(connection)
            if revision is None:
                connection.rollback()
                return
            refuse_newer(revision)
            try:
                lines = schema.foreign_objects(connection, revision)
            except schema.SchemaUnknown:
                # A desk user without CREATE rights on the server cannot derive the expected
                # schema; 'klachtendesk check' by the store's owner still compares it.
                lines = []
            connection.rollback()
        if not lines:
            return
        if revision != HEAD_REVISION:
            raise StoreError(f"De databank {self.name} bevat SQL die klachtendesk niet heeft gemaakt "
                             f"({schema.summary(lines)}) en moet nog bijgewerkt worden; ze wordt niet geopend. Zet "
                             "een goede reservekopie terug met 'klachtendesk restore'.")
        self.read_only = schema.foreign_message(self.name, lines)
        self.sessions.refuse_writes(self.read_only)

    def _check_initialised(self) -> None:
        with self.sessions.read() as session:
            name = settings_table.get(session, "org.organisation")
        if not name:
            raise StoreError(f"{self.name} is niet volledig aangemaakt; maak ze opnieuw met 'klachtendesk init'.")

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self.sessions.engine.dispose()

    # -- other desks' changes -------------------------------------------------------------

    def watch_changes(self) -> None:
        """Start noticing other connections' commits (store/watch.py), from now on."""
        if self._watch is None:
            self._watch = watch(self.location)

    def changed(self) -> bool:
        """Did another connection commit since the last call? Costs no read of the store.
        (This store's own writes count too: they are another connection to the watch.)"""
        return self._watch is not None and self._watch.changed()

    # -- cached organisation data ---------------------------------------------------------

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            with self.sessions.read() as session:
                self._settings = settings_table.load_settings(session)
        return self._settings

    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            with self.sessions.read() as session:
                self._taxonomy = load_taxonomy(session)
        return self._taxonomy

    @property
    def chapter(self) -> tuple[TableDef, ...]:
        """The organisation's published tables, as its preset defined them at ``init``.

        A store made before chapters existed takes them from the shipped preset it was made
        with, when there is one.
        """
        if self._chapter is None:
            with self.sessions.read() as session:
                raw = settings_table.get(session, CHAPTER_KEY)
                preset_name = settings_table.get(session, "preset")
            self._chapter = _chapter_from(raw, preset_name, self.name)
        return self._chapter

    def refresh(self) -> None:
        """Read settings and taxonomy again (after a change, or another terminal's).

        Both are replaced at once, so a screen drawing from them never finds them missing
        and never has to query the store itself.
        """
        with self.sessions.read() as session:
            settings = settings_table.load_settings(session)
            taxonomy = load_taxonomy(session)
        self._settings, self._taxonomy = settings, taxonomy
        self._chapter = None

    def ensure_user(self, name: str) -> int:
        name = name.strip()
        if not name:
            raise DomainError("Geef je naam op (--user NAAM).")
        with self.sessions.write() as session:
            user_id = ensure_user(session, name)
        if self._taxonomy is not None and self._taxonomy.get("users", user_id) is None:
            self.refresh()
        return user_id

    def schema_revision(self) -> str | None:
        with self.sessions.engine.connect() as connection:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
            return row[0] if row else None


def _chapter_from(raw: object, preset_name: object, source: str) -> tuple[TableDef, ...]:
    if raw is None:
        from klachtendesk.presets import preset_names

        if not isinstance(preset_name, str) or preset_name not in preset_names():
            return ()
        from klachtendesk.presets import load_preset

        return load_preset(preset_name).tables
    # Checked when the store was made; a chapter spoilt since says what is wrong (DomainError).
    return parse_chapter(raw, source=source)
