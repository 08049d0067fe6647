"""SQLite: the embedded store of one workstation. What differs from PostgreSQL lives here.

Every connection runs in WAL mode with foreign keys on and a busy timeout, so a second
terminal waits for a write instead of failing. Reads use a deferred BEGIN; writes use
``BEGIN IMMEDIATE``: a deferred transaction that later writes can fail or lose its update
when another process wrote in between.

Full-text search is FTS5 (case_fts over every case, case_open_fts over the open ones, kept
in step by triggers: migrations 0001 and 0003), with diacritics removed by the tokenizer.
Dates are ISO text, so a month is ``substr(received, 1, 7)`` and a day count goes through
``julianday``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from klachtendesk.store.errors import StoreError
from klachtendesk.store.location import Location

NAME = "sqlite"


def _configurer(timeout_ms: int) -> Callable[[sqlite3.Connection, object], None]:
    def configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # The driver must not open transactions itself: the "begin" hook below does.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode and str(mode[0]).lower() != "wal" and not _is_memory(dbapi_connection):
            cursor.close()
            raise StoreError("De databank kan niet in WAL-modus werken (alleen-lezen of netwerkmap?).")
        # FULL, not NORMAL: in WAL mode NORMAL can lose the last commits on a power cut.
        # A register is a legal record and a desk commits a few times a minute, so the
        # extra fsync per commit costs nothing a user notices.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    return configure


def _is_memory(connection: sqlite3.Connection) -> bool:
    row = connection.execute("PRAGMA database_list").fetchone()
    return not row or not row[2]


def _begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("klachtendesk_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class ChangeWatch:
    """Did another connection commit to the store since the last look? SQLite's
    ``PRAGMA data_version`` on a connection of its own: its value moves only when another
    connection (another desk, or this desk's own sessions) commits, and reading it looks at
    the WAL index in shared memory, not at a table. This connection never writes and never
    holds a transaction open, so it keeps no reader on an old snapshot.
    """

    def __init__(self, location: Location, timeout_ms: int) -> None:
        assert location.path is not None
        self._path = location.path
        self._timeout = timeout_ms / 1000
        self._connection: sqlite3.Connection | None = None
        self._seen: int | None = None

    def _version(self) -> int:
        if self._connection is None:
            self._connection = sqlite3.connect(self._path, timeout=self._timeout, isolation_level=None,
                                               check_same_thread=False)
        row = self._connection.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def start(self) -> None:
        """Take the store's state now as seen (before the desk's first read)."""
        self._seen = self._version()

    def changed(self) -> bool:
        try:
            version = self._version()
        except sqlite3.Error:
            self.close()  # a fresh connection next time; until then, nothing to report
            return False
        if version == self._seen:
            return False
        self._seen = version
        return True

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
            self._seen = None


def make_engine(location: Location, timeout_ms: int) -> Engine:
    engine = create_engine(
        location.sqlalchemy_url,
        connect_args={"check_same_thread": False, "timeout": timeout_ms / 1000},
    )
    event.listen(engine, "connect", _configurer(timeout_ms))
    event.listen(engine, "begin", _begin)
    return engine


def translate(err: Exception, where: str) -> StoreError:
    """A Dutch message for what SQLite reports."""
    text = str(getattr(err, "orig", err)).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"De databank {where} is bezet door een ander programma. Probeer het zo dadelijk opnieuw."
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(f"De databank {where} is alleen-lezen.")
    if "full" in text:
        return StoreError("De schijf is vol: de wijziging is niet bewaard. Maak ruimte vrij en probeer opnieuw.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreError(
            f"De databank {where} is beschadigd. Zet een reservekopie terug met 'klachtendesk restore'."
        )
    if "disk i/o" in text:
        return StoreError(
            f"De schijf gaf een fout bij het lezen of schrijven van {where}; de wijziging is niet "
            "bewaard. Controleer de schijf (of de netwerkverbinding) en probeer opnieuw."
        )
    if "unable to open" in text:
        return StoreError(f"De databank {where} kan niet geopend worden.")
    return StoreError(f"Databankfout: {getattr(err, 'orig', err)}")


def is_driver_error(err: BaseException) -> bool:
    return isinstance(err, sqlite3.Error)


def is_disconnect(err: BaseException) -> bool:
    return False


# -- SQL that differs -----------------------------------------------------------------------


def hint(index: str) -> str:
    """Pin a query to an index: without it SQLite may prefer scanning a larger covering
    index when the store was never ANALYZEd (at a million cases, 1 ms against 100 ms)."""
    return f"INDEXED BY {index}"


def month(expr: str) -> str:
    """"2023-06" of a date."""
    return f"substr({expr}, 1, 7)"


def days_between(start: str, end: str) -> str:
    """Whole days from ``start`` to ``end`` (dates)."""
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


def next_day(expr: str) -> str:
    return f"date({expr}, '+1 day')"


def greatest(*exprs: str) -> str:
    return f"MAX({', '.join(exprs)})"


def least(*exprs: str) -> str:
    return f"MIN({', '.join(exprs)})"


# -- reference numbers ----------------------------------------------------------------------


def last_sequence(session: Any, year: int) -> int | None:
    """The highest sequence number of ``year``'s references."""
    return session.connection().exec_driver_sql(  # type: ignore[no-any-return]
        "SELECT max(ref_seq) FROM case_file WHERE ref_year = ?", (year,)).scalar()


def lowest_sequence(session: Any) -> int | None:
    return session.connection().exec_driver_sql("SELECT min(ref_seq) FROM case_file").scalar()  # type: ignore[no-any-return]


def reference_taken(session: Any, reference: str) -> bool:
    return session.connection().exec_driver_sql(
        "SELECT 1 FROM case_file WHERE reference = ?", (reference,)).first() is not None


def sequence_taken(session: Any, year: int, seq: int) -> bool:
    return session.connection().exec_driver_sql(
        "SELECT 1 FROM case_file WHERE ref_year = ? AND ref_seq = ?", (year, seq)).first() is not None


# -- full-text search -----------------------------------------------------------------------


def text_query(words: list[str]) -> str:
    """The words as an FTS5 query: each one must match, as a prefix. Quotes make each word
    a literal string, so FTS5 syntax the user types (AND, NEAR, *, :) cannot break it."""
    return " ".join(f'"{word}"*' for word in words)


def words_condition(words: list[str], params: dict[str, Any], column: str, *, open_only: bool) -> str:
    """Cases whose title, description or complainant contain every word (as a prefix).
    ``open_only``: the caller selects open cases, so the index of the open cases is used."""
    params["fts"] = text_query(words)
    index = "case_open_fts" if open_only else "case_fts"
    return f"{column} IN (SELECT rowid FROM {index} WHERE {index} MATCH :fts)"


def open_matches_count(words: list[str], params: dict[str, Any]) -> str | None:
    """A query counting the open cases that contain every word, from the open cases' index
    alone: its rows are exactly the open cases (the triggers of migration 0003 keep it so),
    so no case row is read. At a million cases a word in a fifth of them is counted among
    the open ones in about a millisecond, where testing each open case against the
    matches takes tens."""
    params["fts"] = text_query(words)
    return "SELECT count(*) FROM case_open_fts WHERE case_open_fts MATCH :fts"


def reference_prefix(prefix: str, params: dict[str, Any]) -> str:
    """References that begin with ``prefix``: a range on the unique reference index."""
    params["ref_from"], params["ref_to"] = prefix, prefix + "\U0010ffff"
    return "(c.reference >= :ref_from AND c.reference < :ref_to)"


def newest_matches(words: list[str], params: dict[str, Any]) -> tuple[str, str, tuple[str, str]]:
    """A search read from the whole store's index in its own order, newest case first:
    (FROM clause with the case table as ``c``, condition, (ORDER BY forwards, backwards))."""
    params["fts"] = text_query(words)
    return ("case_fts JOIN case_file AS c ON c.id = case_fts.rowid", "case_fts MATCH :fts",
            ("case_fts.rowid DESC", "case_fts.rowid ASC"))


def person_candidates(alternatives: list[list[str]], params: dict[str, Any]) -> tuple[str, str]:
    """(FROM, WHERE) for the cases whose complainant name or e-mail has, for every group of
    ``alternatives``, one of its words as a prefix: wide enough for an access request,
    which checks every candidate's whole words itself (store/search.py)."""
    groups = ["(" + " OR ".join(f'"{w}"*' for w in group) + ")" for group in alternatives]
    params["fts"] = "{complainant_name complainant_email} : (" + " AND ".join(groups) + ")"
    return "case_fts JOIN case_file AS c ON c.id = case_fts.rowid", "case_fts MATCH :fts"


def complainant_candidates(name_words: list[str], email_words: list[str], params: dict[str, Any]) -> str:
    """A subquery of the case ids whose complainant may be the one typed (store/complainants.py
    checks each): every name word as a prefix, or as the initial a name may be stored with
    ("F. Yilmaz" for "fatma"), or with a dotless ı where an i was typed (the tokenizer folds
    accents but keeps ı apart); or every word of the e-mail address. Words are letters and
    digits only, quoted, so nothing typed is FTS syntax."""
    parts = []
    if name_words:
        parts.append("{complainant_name} : (" + " AND ".join(_name_terms(w) for w in name_words) + ")")
    if email_words:
        parts.append("{complainant_email} : (" + " AND ".join(f'"{w}"' for w in email_words) + ")")
    params["complainant_fts"] = " OR ".join(f"({p})" for p in parts)
    return "SELECT rowid FROM case_fts WHERE case_fts MATCH :complainant_fts"


def _name_terms(word: str) -> str:
    terms = [f'"{word}"*']
    if "i" in word:
        terms.append(f'"{word.replace("i", "ı")}"*')
    if len(word) > 1:
        terms.append(f'"{word[0]}"')
    return "(" + " OR ".join(terms) + ")"


#: The full-text indexes, the insert triggers that keep them in step (migrations 0001 and
#: 0003) and which cases each holds.
_INDEX_TRIGGERS = {"case_fts": ("case_fts_insert", ""), "case_open_fts": ("case_open_fts_insert",
                                                                          " AND status <> 'closed'")}
_INDEXED = "title, description, complainant_name, complainant_email"


def pause_search_index(connection: Connection) -> list[tuple[str, str]]:
    """Set the full-text insert triggers aside for a batch of new cases (inside the write
    transaction that inserts them); returns (index, trigger definition) for
    ``resume_search_index``. Row by row through a trigger, FTS5 costs about three times
    what one INSERT ... SELECT of the same rows does."""
    saved = []
    for index, (trigger, _) in _INDEX_TRIGGERS.items():
        row = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)).first()
        if row is not None:
            saved.append((index, str(row[0])))
            connection.exec_driver_sql(f"DROP TRIGGER {trigger}")
    return saved


def index_cases(connection: Connection, saved: list[tuple[str, str]], *, after_id: int) -> None:
    """Put the cases with an id above ``after_id`` in the indexes whose trigger is set aside."""
    for index, _ in saved:
        condition = _INDEX_TRIGGERS[index][1]
        connection.exec_driver_sql(f"INSERT INTO {index}(rowid, {_INDEXED}) SELECT id, {_INDEXED} "
                                   f"FROM case_file WHERE id > ?{condition}", (after_id,))


def resume_search_index(connection: Connection, saved: list[tuple[str, str]]) -> None:
    """Put the insert triggers back (``index_cases`` indexed what was inserted meanwhile)."""
    for _, sql in saved:
        connection.exec_driver_sql(sql)


def rebuild_search_index(connection: Connection) -> None:
    """Rebuild both indexes from the cases (retention: removed words leave the index)."""
    for index in ("case_fts", "case_open_fts"):
        connection.exec_driver_sql(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


# -- the schema as it is ----------------------------------------------------------------------

#: What SQLite itself adds to a store (ANALYZE's statistics, AUTOINCREMENT's counters).
_ENGINE_TABLES = ("sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")


def _squeeze(sql: str | None) -> str:
    return " ".join((sql or "").split())


def schema_objects(connection: Connection) -> set[tuple[str, str, str, str]]:
    """Every table, column, index, trigger and view of the store as (kind, name, table,
    detail): what store/schema.py compares with the schema the migrations create. A
    trigger's or view's detail is its SQL (a trigger with our name and another body is not
    ours); a column's its type, NOT NULL and key; an index's its columns and uniqueness."""
    found: set[tuple[str, str, str, str]] = set()
    skip = set(_ENGINE_TABLES)
    # Four queries over sqlite_master and the pragma functions: this runs at every start.
    for kind, name, table, sql in connection.exec_driver_sql("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        if name in skip:
            continue
        if kind == "table":
            virtual = _squeeze(sql) if str(sql or "").upper().startswith("CREATE VIRTUAL") else ""
            found.add(("table", name, "", virtual))
        elif kind in ("trigger", "view"):
            found.add((kind, name, table if kind == "trigger" else "", _squeeze(sql)))
    for table, column, ctype, notnull, pk, hidden in connection.exec_driver_sql(
            "SELECT m.name, p.name, p.type, p.\"notnull\", p.pk, p.hidden FROM sqlite_master AS m "
            "JOIN pragma_table_xinfo(m.name) AS p WHERE m.type = 'table'"):
        if table not in skip:
            found.add(("column", f"{table}.{column}", table, f"{str(ctype).upper()} {notnull} {pk} {hidden}"))
    columns = {name: keys for name, keys in connection.exec_driver_sql(
        "SELECT m.name, (SELECT group_concat(c, ',') FROM (SELECT coalesce(x.name, '<expr>') AS c "
        "FROM pragma_index_xinfo(m.name) AS x WHERE x.key = 1 ORDER BY x.seqno)) "
        "FROM sqlite_master AS m WHERE m.type = 'index'")}
    for name, table, unique, partial in connection.exec_driver_sql(
            "SELECT m.name, m.tbl_name, l.\"unique\", l.partial FROM sqlite_master AS m "
            "JOIN pragma_index_list(m.tbl_name) AS l ON l.name = m.name WHERE m.type = 'index'"):
        found.add(("index", name, table, f"{(unique, partial)} {columns.get(name) or ''}"))
    return found


def _query_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.execute("PRAGMA query_only = ON")


def make_read_only(engine: Engine) -> None:
    """Every connection of ``engine`` from now on refuses to write (SQLite's query_only)."""
    event.listen(engine, "connect", _query_only)
    engine.dispose()
