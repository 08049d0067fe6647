"""PostgreSQL: the store of a team on several workstations. What differs from SQLite lives here.

Connections go through psycopg 3. A write transaction first takes a transaction-level
advisory lock, the same one for every writer of the database: writers follow each other
as SQLite's ``BEGIN IMMEDIATE`` makes them do, so a read-check-write (the version check of
a save, the next reference number) never interleaves with another workstation's, and a
writer that cannot have the lock within the busy timeout gets a clear "bezet" instead of a
deadlock. Reads take no lock. The pool checks a connection before lending it, so after a
server restart the next unit of work connects again instead of failing.

Full-text search is a GIN index over a ``tsvector`` of the case's title, description and
complainant, in the text search configuration ``klachtendesk`` (the simple parser with
``unaccent``: case- and accent-insensitive as SQLite's tokenizer), with a partial twin over
the open cases (migrations 0001 and 0003). Punctuation is turned into spaces first, so an
e-mail address, a hyphenated word or a reference splits into words as it does in SQLite.
Dates are real DATE columns: a month is ``to_char``, a day count a subtraction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy import text as sql

from klachtendesk.store.errors import StoreError
from klachtendesk.store.location import Location, redact

NAME = "postgresql"

#: The one advisory lock every writer of a klachtendesk database takes (b"klachten").
WRITE_LOCK_KEY = 0x6B6C61636874656E

TS_CONFIG = "klachtendesk"
#: Characters the PostgreSQL parser would glue words with (e-mail, host, path, hyphenated
#: word, number with a sign or a decimal point, XML tag, entity): spaces instead.
SEPARATORS = "@.:/\\_-+&;<>=#?!,'\"()[]{}|~*^%$`"
_INDEXED_COLUMNS = ("title", "description", "complainant_name", "complainant_email")

#: Seconds to wait for a server that does not answer.
CONNECT_TIMEOUT = 8


def document(prefix: str = "") -> str:
    """The indexed text of a case as the GIN indexes hold it. Queries must repeat it exactly
    for the server to use the index (migrations 0001 and 0003 hold a frozen copy)."""
    text = " || ' ' || ".join(f"{prefix}{column}" for column in _INDEXED_COLUMNS)
    separators = SEPARATORS.replace("'", "''")
    spaces = " " * len(SEPARATORS)
    return f"to_tsvector('{TS_CONFIG}'::regconfig, translate({text}, '{separators}', '{spaces}'))"


def _configurer(timeout_ms: int) -> Callable[[Any, object], None]:
    def configure(dbapi_connection: Any, _record: object) -> None:
        with dbapi_connection.cursor() as cursor:
            # A writer waits this long for another's write lock, then gets "bezet" (at least
            # 1 ms: PostgreSQL reads 0 as "wait for ever").
            cursor.execute(f"SET lock_timeout = {max(1, int(timeout_ms))}")
            cursor.execute("SET TIME ZONE 'UTC'")
        dbapi_connection.commit()

    return configure


def _begin(conn: Connection) -> None:
    if conn.get_execution_options().get("klachtendesk_write", False):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


#: The channel a write transaction announces its commit on (see ``ChangeWatch``).
CHANGES_CHANNEL = "klachtendesk_changes"


def _announce(conn: Connection) -> None:
    """Just before a commit: tell the other desks, if this transaction wrote anything.

    ``NOTIFY`` is delivered only when the transaction commits (a rollback drops it), and a
    transaction that only read has no transaction id, so a read-only one announces nothing.
    """
    with conn.connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(f"SELECT pg_notify('{CHANGES_CHANNEL}', '') WHERE txid_current_if_assigned() IS NOT NULL")


class ChangeWatch:
    """Did another workstation commit to the store since the last look? A connection of its
    own that LISTENs on the channel every committing write transaction notifies (``_announce``,
    from the engine, so every writer of klachtendesk does it without a trigger or a
    migration). Looking costs no round trip: the notifications wait in the connection's
    socket, which is only checked for readability. After a lost connection the watch
    connects again and reports a change, as it may have missed some.
    """

    def __init__(self, location: Location, timeout_ms: int) -> None:
        self._url = location.url
        self._connection: Any = None
        self._lost = False

    def _connect(self) -> Any:
        import psycopg

        connection = psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                                     application_name="klachtendesk-watch")
        connection.execute(f"LISTEN {CHANGES_CHANNEL}")
        return connection

    def start(self) -> None:
        """Listen from now on (before the desk's first read)."""
        self._connection = self._connect()

    def changed(self) -> bool:
        import psycopg

        try:
            if self._connection is None:
                self._connection = self._connect()
                lost, self._lost = self._lost, False
                return lost
            return bool(list(self._connection.notifies(timeout=0)))  # all of them: none left for later
        except psycopg.Error:
            self.close()
            self._lost = True
            return False

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:  # noqa: BLE001 - a dead connection is closed already
                pass
            self._connection = None


def make_engine(location: Location, timeout_ms: int) -> Engine:
    from klachtendesk.store.models import add_postgresql_conditions

    add_postgresql_conditions()
    engine = create_engine(
        location.sqlalchemy_url,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": "klachtendesk"},
        # After a server restart the pooled connections are dead: test each before use.
        pool_pre_ping=True,
        hide_parameters=True,
    )
    event.listen(engine, "connect", _configurer(timeout_ms))
    event.listen(engine, "begin", _begin)
    event.listen(engine, "commit", _announce)
    return engine


def needs_password(location: Location) -> bool:
    """Would the server ask for a password that neither the URL, PGPASSWORD nor ~/.pgpass
    gives? (One connection attempt, as libpq makes it; any other failure says False and
    is reported when the store is opened.)"""
    from psycopg import pq

    conninfo = location.url + ("&" if "?" in location.url else "?") + f"connect_timeout={CONNECT_TIMEOUT}"
    connection = pq.PGconn.connect(conninfo.encode())
    try:
        return connection.status == pq.ConnStatus.BAD and bool(connection.needs_password)
    finally:
        connection.finish()


def _sqlstate(err: BaseException) -> str:
    orig = getattr(err, "orig", err)
    return str(getattr(orig, "sqlstate", "") or "")


def translate(err: Exception, where: str, password: str | None = None) -> StoreError:
    """A Dutch message for what the server or the driver reports (never with a password)."""
    orig = getattr(err, "orig", err)
    text = redact(str(orig), password)
    low = text.lower()
    state = _sqlstate(err)
    if state == "28P01" or "password authentication failed" in low or "no password supplied" in low:
        return StoreError(f"Aanmelden op {where} mislukt: de gebruiker of het wachtwoord klopt niet. "
                          "Controleer de URL (of ~/.pgpass) en probeer opnieuw.")
    if state == "28000" or "role" in low and "does not exist" in low:
        return StoreError(f"Aanmelden op {where} mislukt: deze gebruiker mag zich niet aanmelden op de server.")
    if state == "3D000" or ("database" in low and "does not exist" in low):
        return StoreError(f"De databank {where} bestaat niet op de server. Laat ze aanmaken door de "
                          "beheerder van de server (zie README, 'Team server').")
    if state in ("55P03", "40P01") or "lock timeout" in low:
        return StoreError(f"De databank {where} is bezet door een andere werkpost. Probeer het zo dadelijk "
                          "opnieuw.")
    if state.startswith("57P") or "terminating connection" in low or "server closed the connection" in low \
            or "consuming input failed" in low or "connection is lost" in low or "connection is closed" in low:
        return StoreError(f"De verbinding met de server van {where} is verbroken (herstart de server?). Wat je "
                          "typte staat er nog: probeer opnieuw zodra de server weer werkt.")
    if "not currently accepting connections" in low:
        return StoreError(f"De server van {where} laat nu geen verbindingen toe (onderhoud?). Wat je typte staat er "
                          "nog: probeer opnieuw zodra de server weer werkt.")
    if "connection refused" in low or "could not connect" in low or "timeout expired" in low \
            or "could not translate host name" in low or "no route to host" in low \
            or ("connection to server" in low and "failed" in low):
        return StoreError(f"De server van {where} is niet bereikbaar. Controleer de netwerkverbinding en "
                          "het adres, en probeer opnieuw.")
    if state.startswith("KD"):  # the store's own functions refuse in Dutch (store/team_roles.py)
        primary = getattr(getattr(orig, "diag", None), "message_primary", None) or text
        return StoreError(redact(str(primary), password).strip().splitlines()[0])
    if state == "42501":
        return _no_access(low, where)
    if state == "53100":
        return StoreError("De schijf van de server is vol: de wijziging is niet bewaard.")
    if state == "25006":
        return StoreError(f"De databank {where} is alleen-lezen.")
    if state.startswith("XX"):
        return StoreError(f"De databank {where} is beschadigd (de server meldt: {text.splitlines()[0]}).")
    first = text.strip().splitlines()[0] if text.strip() else type(orig).__name__
    return StoreError(f"Databankfout: {first}")


def _no_access(low: str, where: str) -> StoreError:
    """Insufficient privilege (42501): what the login's role or grants do not allow."""
    if "row-level security" in low:
        return StoreError("Geen toegang: je mag geen zaken registreren of wijzigen voor die entiteit. Vraag een "
                          "beheerder om toegang; je wijziging is niet bewaard.")
    if "event log only takes new rows" in low:
        return StoreError("Het logboek kan niet gewijzigd of gewist worden: het neemt alleen nieuwe regels.")
    if "kd_login" in low or "create role" in low:
        return StoreError("Geen toegang: alleen een beheerder mag gebruikers beheren.")
    if "alembic_version" in low:  # the first table a store reads when it opens
        return StoreError(f"Geen toegang: je aanmelding heeft geen rol in {where}. Vraag een beheerder om je toe "
                          "te voegen (klachtendesk users add).")
    return StoreError(f"Geen toegang: je rol mag dit niet doen in {where} (vraag een beheerder). "
                      "Er is niets gewijzigd.")


def is_driver_error(err: BaseException) -> bool:
    import psycopg

    return isinstance(err, psycopg.Error)


def is_disconnect(err: BaseException) -> bool:
    return bool(getattr(err, "connection_invalidated", False)) or _sqlstate(err).startswith(("08", "57P"))


# -- SQL that differs -----------------------------------------------------------------------


def hint(index: str) -> str:
    """PostgreSQL plans from its statistics; it takes no index hints."""
    return ""


def month(expr: str) -> str:
    return f"to_char({expr}, 'YYYY-MM')"


def days_between(start: str, end: str) -> str:
    return f"(({end})::date - ({start})::date)"


def next_day(expr: str) -> str:
    return f"(({expr})::date + 1)"


def greatest(*exprs: str) -> str:
    return f"GREATEST({', '.join(exprs)})"


def least(*exprs: str) -> str:
    return f"LEAST({', '.join(exprs)})"


# -- reference numbers ----------------------------------------------------------------------
# Through functions of the store's owner (migration 0007, store/team_roles.py): a login that
# sees some entities only must still number after every case and never take a used reference.


def last_sequence(session: Any, year: int) -> int | None:
    """The highest sequence number of ``year``'s references, over every case."""
    return session.connection().exec_driver_sql(  # type: ignore[no-any-return]
        "SELECT kd_last_sequence(%s)", (year,)).scalar()


def lowest_sequence(session: Any) -> int | None:
    return session.connection().exec_driver_sql("SELECT kd_lowest_sequence()").scalar()  # type: ignore[no-any-return]


def reference_taken(session: Any, reference: str) -> bool:
    return session.connection().exec_driver_sql("SELECT kd_reference_taken(%s)", (reference,)).scalar() is True


def sequence_taken(session: Any, year: int, seq: int) -> bool:
    return session.connection().exec_driver_sql("SELECT kd_sequence_taken(%s, %s)", (year, seq)).scalar() is True


# -- full-text search -----------------------------------------------------------------------


def text_query(words: list[str]) -> str:
    """The words as a tsquery: each one must match, as a prefix. Words are letters and
    digits only (store/search.py), so nothing the user types is tsquery syntax."""
    return " & ".join(f"'{word}':*" for word in words)


def words_condition(words: list[str], params: dict[str, Any], column: str, *, open_only: bool) -> str:
    """Cases whose title, description or complainant contain every word (as a prefix).
    ``column`` is the case id column of the caller's case table, ``c.id``: the condition
    reads that table's text (with ``open_only`` the server takes the open cases' index)."""
    params["tsq"] = text_query(words)
    prefix = column.rsplit(".", 1)[0] + "." if "." in column else ""
    return f"{document(prefix)} @@ to_tsquery('{TS_CONFIG}'::regconfig, :tsq)"


def open_matches_count(words: list[str], params: dict[str, Any]) -> str | None:
    """None: the server counts a search of the open cases from their partial GIN index in
    the general query (store/queue.py) already."""
    return None


def reference_prefix(prefix: str, params: dict[str, Any]) -> str:
    """References that begin with ``prefix``: LIKE on the pattern index ix_case_reference_prefix
    (a range on the unique index would follow the database's collation, which need not sort
    "2023-0007" as text does)."""
    params["ref_like"] = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return "c.reference LIKE :ref_like"


def newest_matches(words: list[str], params: dict[str, Any]) -> tuple[str, str, tuple[str, str]]:
    params["tsq"] = text_query(words)
    return ("case_file AS c", f"{document('c.')} @@ to_tsquery('{TS_CONFIG}'::regconfig, :tsq)",
            ("c.id DESC", "c.id ASC"))


def person_candidates(alternatives: list[list[str]], params: dict[str, Any]) -> tuple[str, str]:
    """(FROM, WHERE) for the cases with, for every group of ``alternatives``, one of its
    words as a prefix in their text index: wide enough for an access request, which checks
    every candidate's whole words itself (store/search.py)."""
    params["person_tsq"] = " & ".join("(" + " | ".join(f"'{w}':*" for w in group) + ")" for group in alternatives)
    return "case_file AS c", f"{document('c.')} @@ to_tsquery('{TS_CONFIG}'::regconfig, :person_tsq)"


def complainant_candidates(name_words: list[str], email_words: list[str], params: dict[str, Any]) -> str:
    """A subquery of the case ids whose complainant may be the one typed (store/complainants.py
    checks each): every name word as a prefix or as the initial a name may be stored with, or
    every word of the e-mail address, found by the cases' text index (unaccent folds ı to i)."""
    parts = []
    if name_words:
        parts.append(" & ".join(f"('{w}':*" + (f" | '{w[0]}'" if len(w) > 1 else "") + ")" for w in name_words))
    if email_words:
        parts.append(" & ".join(f"'{w}'" for w in email_words))
    params["complainant_tsq"] = " | ".join(f"({p})" for p in parts)
    return (f"SELECT c2.id FROM case_file AS c2 WHERE {document('c2.')} @@ "
            f"to_tsquery('{TS_CONFIG}'::regconfig, :complainant_tsq)")


def pause_search_index(connection: Connection) -> list[tuple[str, str]]:
    """The GIN indexes follow every insert: nothing to set aside."""
    return []


def index_cases(connection: Connection, saved: list[tuple[str, str]], *, after_id: int) -> None:
    """The GIN indexes have them already."""


def resume_search_index(connection: Connection, saved: list[tuple[str, str]]) -> None:
    """Nothing was set aside (``pause_search_index``)."""


def rebuild_search_index(connection: Connection) -> None:
    """The GIN indexes follow every change; removed words leave them with the dead rows,
    which ``compact`` (VACUUM FULL) clears."""


#: The tables retention changes: their old row versions hold what it removed.
RETENTION_TABLES = ("case_file", "event", "mail_message", "attachment", "letter")


def compact(engine: Engine) -> None:
    """Rewrite the tables retention changed, with their indexes (VACUUM FULL), so old row
    versions with removed values are gone. It locks those tables while it runs."""
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        present = [name for name in RETENTION_TABLES
                   if connection.exec_driver_sql(f"SELECT to_regclass('{name}')").scalar() is not None]
        connection.exec_driver_sql(f"VACUUM (FULL, ANALYZE) {', '.join(present)}")


# -- checks ---------------------------------------------------------------------------------

_OUR_TABLES = """SELECT c.oid FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND c.relkind = 'r'"""


def integrity_problems(connection: Connection) -> list[str]:
    """Every table read through the server (a damaged page fails the read), and the
    indexes the server marked invalid (a failed concurrent build, a broken REINDEX)."""
    problems = []
    tables = connection.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename").scalars().all()
    for table in tables:
        if not connection.exec_driver_sql(f"SELECT has_table_privilege('\"{table}\"', 'SELECT')").scalar():
            continue  # a team server login with a column privilege only: the owner checks these
        try:
            with connection.begin_nested():
                connection.exec_driver_sql(f'SELECT count(*) FROM (SELECT * FROM "{table}") AS t')
        except Exception as err:  # noqa: BLE001 - a damaged table is a finding
            problems.append(f"tabel {table} kan niet gelezen worden ({str(getattr(err, 'orig', err)).splitlines()[0]})")
    for (name,) in connection.exec_driver_sql(
            f"SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid AND indrelid IN ({_OUR_TABLES})"):
        problems.append(f"index {name} is ongeldig (herstel: REINDEX INDEX {name})")
    return problems


def foreign_key_problems(connection: Connection) -> list[str]:
    """References the server does not guarantee: constraints added NOT VALID and never
    validated may have rows pointing nowhere."""
    return [f"verwijzing {name} van tabel {table} is niet gecontroleerd (herstel: ALTER TABLE {table} "
            f"VALIDATE CONSTRAINT {name})"
            for name, table in connection.exec_driver_sql(
                f"SELECT conname, conrelid::regclass::text FROM pg_constraint "
                f"WHERE contype = 'f' AND NOT convalidated AND conrelid IN ({_OUR_TABLES}) ORDER BY 1")]


SEARCH_INDEXES = ("ix_case_fts", "ix_case_open_fts")
#: Indexes the migrations add on PostgreSQL only, beyond the models (comparisons skip them).
ENGINE_ONLY_INDEXES = (*SEARCH_INDEXES, "ix_case_reference_prefix")


def search_index_problems(connection: Connection) -> list[str]:
    problems = []
    if connection.exec_driver_sql(f"SELECT 1 FROM pg_ts_config WHERE cfgname = '{TS_CONFIG}'").first() is None:
        problems.append(f"de zoekconfiguratie {TS_CONFIG} ontbreekt")
    found = {name: valid for name, valid in connection.exec_driver_sql(
        "SELECT c.relname, i.indisvalid FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid "
        f"WHERE i.indrelid IN ({_OUR_TABLES})")}
    for name in SEARCH_INDEXES:
        if name not in found:
            problems.append(f"de zoekindex ({name}) ontbreekt")
        elif not found[name]:
            problems.append(f"de zoekindex ({name}) is ongeldig (herstel: REINDEX INDEX {name})")
    return problems


# -- the schema as it is ----------------------------------------------------------------------

_RELATION_KINDS = {"r": "table", "p": "table", "f": "table", "v": "view", "m": "view", "S": "sequence"}
_NOT_AN_EXTENSION = """NOT EXISTS (SELECT 1 FROM pg_depend AS d WHERE d.classid = '{catalog}'::regclass
                       AND d.objid = {oid} AND d.deptype = 'e')"""


def schema_objects(connection: Connection, schema: str | None = None) -> set[tuple[str, str, str, str]]:
    """Every table, column, index, sequence, trigger, view, function, rule and row-level
    security policy in ``schema`` (the store's: current_schema()) as (kind, name, table,
    detail), leaving out what belongs to an extension (unaccent's functions). Details are
    what the server prints the same way in any schema: a column's type and NOT NULL, a
    table's row-level security switches, a trigger's function, a policy's command."""
    where = "n.nspname = current_schema()" if schema is None else "n.nspname = :schema"
    params = {} if schema is None else {"schema": schema}
    found: set[tuple[str, str, str, str]] = set()
    relations = connection.execute(sql(
        "SELECT c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity FROM pg_class AS c "
        f"JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE {where} AND c.relkind IN ('r','p','f','v','m','S') "
        f"AND {_NOT_AN_EXTENSION.format(catalog='pg_class', oid='c.oid')}"), params).all()
    for name, relkind, rls, force in relations:
        kind = _RELATION_KINDS[relkind]
        found.add((kind, name, "", f"rls={rls} force={force}" if kind == "table" else ""))
    for table, column, ctype, notnull in connection.execute(sql(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute AS a "
            "JOIN pg_class AS c ON c.oid = a.attrelid JOIN pg_namespace AS n ON n.oid = c.relnamespace "
            f"WHERE {where} AND c.relkind IN ('r','p','f','v','m') AND a.attnum > 0 AND NOT a.attisdropped "
            f"AND {_NOT_AN_EXTENSION.format(catalog='pg_class', oid='c.oid')}"), params):
        found.add(("column", f"{table}.{column}", table, f"{ctype} {notnull}"))
    for name, table, unique in connection.execute(sql(
            "SELECT i.relname, t.relname, x.indisunique FROM pg_index AS x JOIN pg_class AS i ON i.oid = x.indexrelid "
            "JOIN pg_class AS t ON t.oid = x.indrelid JOIN pg_namespace AS n ON n.oid = i.relnamespace "
            f"WHERE {where}"), params):
        found.add(("index", name, table, f"unique={unique}"))
    for name, table, function in connection.execute(sql(
            "SELECT g.tgname, c.relname, p.proname FROM pg_trigger AS g JOIN pg_class AS c ON c.oid = g.tgrelid "
            "JOIN pg_namespace AS n ON n.oid = c.relnamespace JOIN pg_proc AS p ON p.oid = g.tgfoid "
            f"WHERE {where} AND NOT g.tgisinternal"), params):
        found.add(("trigger", name, table, function))
    for name, arguments in connection.execute(sql(
            # The argument types as pg_dump lists a function (no argument names).
            "SELECT p.proname, oidvectortypes(p.proargtypes) FROM pg_proc AS p "
            f"JOIN pg_namespace AS n ON n.oid = p.pronamespace WHERE {where} "
            f"AND {_NOT_AN_EXTENSION.format(catalog='pg_proc', oid='p.oid')}"), params):
        found.add(("function", f"{name}({arguments})", "", ""))
    for name, table in connection.execute(sql(
            "SELECT r.rulename, c.relname FROM pg_rewrite AS r JOIN pg_class AS c ON c.oid = r.ev_class "
            f"JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE {where} AND r.rulename <> '_RETURN'"), params):
        found.add(("rule", name, table, ""))
    for name, table, command, permissive in connection.execute(sql(
            "SELECT p.polname, c.relname, p.polcmd, p.polpermissive FROM pg_policy AS p "
            "JOIN pg_class AS c ON c.oid = p.polrelid JOIN pg_namespace AS n ON n.oid = c.relnamespace "
            f"WHERE {where}"), params):
        found.add(("policy", name, table, f"{command} permissive={permissive}"))
    return found


def _read_only_session(dbapi_connection: Any, _record: object) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    dbapi_connection.commit()


def make_read_only(engine: Engine) -> None:
    """Every connection of ``engine`` from now on refuses to write (read-only transactions)."""
    event.listen(engine, "connect", _read_only_session)
    engine.dispose()
