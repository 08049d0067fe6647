"""The team server's roles and the database rules that enforce them (PostgreSQL only).

Four group roles per database, named after it so two stores on one server never share one
(``kd_<database>_beheerder``, ``_behandelaar``, ``_onthaal``, ``_lezer``); each person logs in
as their own role, a member of one of them. What a group may do is what it is granted:

- ``beheerder``: every case; reads and writes every table (the taxonomy, settings, grants);
- ``behandelaar``: reads and changes the cases of its entities (intake, handling, answers);
- ``onthaal``: reads and registers the cases of its entities, changes none;
- ``lezer``: reads the cases of its entities, writes nothing.

Which cases a login sees is decided by row-level security: a case whose entity is granted
to the login in ``entity_access`` (or that has no entity), every case for a beheerder; the
events, mail, attachments and letters of a case follow their case. A case moved to another
entity leaves the view of those who may not see it at the next query. ``onthaal`` and
``lezer`` may not read the involved staff member (a column privilege on case_file).

The event log is append-only for every desk role: none is granted UPDATE, DELETE or
TRUNCATE on ``event``, and a trigger refuses those to anyone but the store's owner (retention
rewrites events as the owner). Another trigger writes the login (``session_user``) as the
author of every row a desk login adds, whatever the program says.

Creating logins and giving them a group needs CREATEROLE, which PostgreSQL does not pass on
through group membership. Rather than giving every beheerder login CREATEROLE (on
PostgreSQL 15 that lets it create and change any role of the whole server, other stores'
logins included), user management goes through a few SECURITY DEFINER functions owned by the
store's owner, which may only touch this store's groups and logins (``kd_login_add``,
``kd_login_remove``), callable by the beheerder group. The owner itself must therefore be
able to create roles; when it cannot, the store works as before, without roles, and
``installed`` says so.

``install`` grants the tables the store has at its revision. A later migration that adds a
table (named in the lists below) or a case_file column runs ``install`` again when
``installed``, so the roles get their grants and onthaal and lezer their column privileges.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import Connection, text

KINDS = ("beheerder", "behandelaar", "onthaal", "lezer")
WRITERS = ("beheerder", "behandelaar", "onthaal")
#: The roles that may not read the involved staff member.
WITHOUT_STAFF_MEMBER = ("onthaal", "lezer")

#: The organisation's tables (taxonomy and settings): read by every role, written by a beheerder.
ORGANISATION_TABLES = ("signal_type", "category", "category_scope", "qualification", "channel", "entity",
                       "app_user", "setting", "entity_access")
#: The tables hanging off a case (case_id NOT NULL): visible with their case.
CASE_CHILD_TABLES = ("mail_message", "attachment", "letter")
#: Who wrote a row, per table: set to the login by a trigger.
AUTHOR_COLUMNS = {"event": "user", "case_file": "created_by", "mail_message": "created_by",
                  "attachment": "added_by", "letter": "created_by"}
STAFF_COLUMN = "staff_member"

_PLAIN = re.compile(r"[a-z0-9_]{1,36}")


def prefix_for(database: str) -> str:
    """``kd_<database>``; a name that is not plain lower-case letters, digits and _ or is
    long gets a short hash, so every role name stays within PostgreSQL's 63 characters."""
    if _PLAIN.fullmatch(database):
        return f"kd_{database}"
    plain = re.sub(r"[^a-z0-9_]", "_", database.lower())[:24]
    return f"kd_{plain}_{hashlib.sha256(database.encode()).hexdigest()[:8]}"


def group(prefix: str, kind: str) -> str:
    return f"{prefix}_{kind}"


def installed(connection: Connection) -> bool:
    """Are the roles set up on this (PostgreSQL) store?"""
    return connection.execute(text("SELECT to_regprocedure('kd_role_prefix()') IS NOT NULL")).scalar_one() is True


def stored_prefix(connection: Connection) -> str:
    return str(connection.execute(text("SELECT kd_role_prefix()")).scalar_one())


def roles_exist(connection: Connection) -> bool:
    """Are this database's group roles on the server (made by its first install)?"""
    database = connection.execute(text("SELECT current_database()")).scalar_one()
    return int(connection.execute(text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)"),
                              {"names": [group(prefix_for(database), k) for k in KINDS]}).scalar_one()) == len(KINDS)


def should_install(connection: Connection) -> bool:
    """Migration 0007's choice: the roles are there already (then the owner grants to them;
    the expected schema a check derives needs the same answer), or the owner may make them."""
    return roles_exist(connection) or may_create_roles(connection)


def may_create_roles(connection: Connection) -> bool:
    return connection.execute(text(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar_one() is True


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def install_numbering(connection: Connection) -> None:
    """The owner's functions that number cases over every case (any PostgreSQL store: a
    login that sees some entities only must not hand out a reference another entity has)."""
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    header = f"STABLE SECURITY DEFINER SET search_path = pg_catalog, {_q(schema)} AS $$"
    for statement in (
        f"""CREATE OR REPLACE FUNCTION kd_last_sequence(p_year integer) RETURNS integer LANGUAGE sql {header}
            SELECT max(ref_seq) FROM case_file WHERE ref_year = p_year $$""",
        f"""CREATE OR REPLACE FUNCTION kd_lowest_sequence() RETURNS integer LANGUAGE sql {header}
            SELECT min(ref_seq) FROM case_file $$""",
        f"""CREATE OR REPLACE FUNCTION kd_reference_taken(p_reference text) RETURNS boolean LANGUAGE sql {header}
            SELECT EXISTS (SELECT 1 FROM case_file WHERE reference = p_reference) $$""",
        f"""CREATE OR REPLACE FUNCTION kd_sequence_taken(p_year integer, p_seq integer) RETURNS boolean
            LANGUAGE sql {header}
            SELECT EXISTS (SELECT 1 FROM case_file WHERE ref_year = p_year AND ref_seq = p_seq) $$""",
    ):
        connection.execute(text(statement))


def install(connection: Connection) -> None:
    """Create the groups, grants, policies, triggers and functions (idempotent; the caller
    owns the tables and may create roles)."""
    database = connection.execute(text("SELECT current_database()")).scalar_one()
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    prefix = prefix_for(database)
    present = set(connection.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())
    for statement in _statements(prefix, schema, database, present):
        connection.execute(text(statement))


def _statements(prefix: str, schema: str, database: str, present: set[str]) -> list[str]:
    # The tables of the store's revision: migration 0007 runs this, and so does every later
    # migration that adds a table or a case_file column (after naming it in the lists above).
    organisation = [t for t in ORGANISATION_TABLES if t in present]
    children = [t for t in CASE_CHILD_TABLES if t in present]
    authors = {t: c for t, c in AUTHOR_COLUMNS.items() if t in present}
    groups = {kind: _q(group(prefix, kind)) for kind in KINDS}
    every = ", ".join(groups.values())
    writers = ", ".join(groups[k] for k in WRITERS)
    beheerder = _lit(group(prefix, "beheerder"))
    out: list[str] = []
    for kind in KINDS:
        name = group(prefix, kind)
        comment = _lit(f"klachtendesk: {kind} of database {database}").replace("'", "''")
        out.append(f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {_lit(name)}) THEN
                CREATE ROLE {_q(name)} NOLOGIN;
                EXECUTE 'COMMENT ON ROLE {_q(name)} IS ' || '{comment}';
            END IF; END $$""")
    out.append(f"CREATE OR REPLACE FUNCTION kd_role_prefix() RETURNS text LANGUAGE sql IMMUTABLE "
               f"AS $$ SELECT {_lit(prefix)}::text $$")
    out.append(f"CREATE OR REPLACE FUNCTION kd_is_beheerder() RETURNS boolean LANGUAGE sql STABLE "
               f"AS $$ SELECT pg_has_role(session_user, {beheerder}, 'MEMBER') $$")
    out.append("""CREATE OR REPLACE FUNCTION kd_is_owner() RETURNS boolean LANGUAGE sql STABLE
        AS $$ SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'case_file'::regclass),
                                 'MEMBER') $$""")

    # -- privileges -------------------------------------------------------------------
    out.append(f"GRANT USAGE ON SCHEMA {_q(schema)} TO {every}")
    out.append(f"GRANT EXECUTE ON FUNCTION kd_role_prefix(), kd_is_beheerder(), kd_is_owner() TO {every}")
    out.append(f"GRANT SELECT ON alembic_version, {', '.join(organisation)} TO {every}")
    out.append(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(organisation)} TO {groups['beheerder']}")
    cases = ", ".join(("case_file", *children))
    out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {cases} TO {groups['beheerder']}")
    out.append(f"GRANT SELECT, INSERT, UPDATE ON {cases} TO {groups['behandelaar']}")
    out.append(f"GRANT DELETE ON {', '.join(children)} TO {groups['behandelaar']}")
    out.append(f"GRANT INSERT ON {cases} TO {groups['onthaal']}")
    out.append(f"GRANT SELECT ON {', '.join(children)} TO {groups['onthaal']}, {groups['lezer']}")
    restricted = ", ".join(groups[k] for k in WITHOUT_STAFF_MEMBER)
    out.append(f"""DO $$ BEGIN EXECUTE 'GRANT SELECT (' || (
            SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'case_file' AND column_name <> '{STAFF_COLUMN}')
        || ') ON case_file TO ' || {_lit(restricted)}; END $$""")
    out.append(f"GRANT SELECT, INSERT ON event TO {writers}")
    out.append(f"GRANT SELECT ON event TO {groups['lezer']}")
    out.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON event FROM PUBLIC, {every}")
    out.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_q(schema)} TO {writers}")

    # -- row-level security -----------------------------------------------------------
    case_visible = ("(SELECT kd_is_beheerder()) OR entity_id IS NULL OR entity_id IN "
                    "(SELECT a.entity_id FROM entity_access AS a WHERE a.login = session_user)")
    policies = {
        "case_file": f"kd_case_file_access ON case_file USING ({case_visible})",
        "entity_access": ("kd_entity_access_access ON entity_access USING "
                          "(login = session_user OR (SELECT kd_is_beheerder()))"),
    }
    for table in children:
        policies[table] = (f"kd_{table}_access ON {table} USING "
                           f"(EXISTS (SELECT 1 FROM case_file AS c WHERE c.id = {table}.case_id))")
    event_visible = ('CASE WHEN case_id IS NULL THEN "user" = session_user::text OR (SELECT kd_is_beheerder()) '
                     "ELSE EXISTS (SELECT 1 FROM case_file AS c WHERE c.id = event.case_id) END")
    for table, policy in policies.items():
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"DROP POLICY IF EXISTS {policy.split(' ', 1)[0]} ON {table}")
        out.append(f"CREATE POLICY {policy}")
    out.append("ALTER TABLE event ENABLE ROW LEVEL SECURITY")
    for name, command, clause in (("kd_event_read", "SELECT", "USING"), ("kd_event_add", "INSERT", "WITH CHECK")):
        out.append(f"DROP POLICY IF EXISTS {name} ON event")
        out.append(f"CREATE POLICY {name} ON event FOR {command} {clause} ({event_visible})")

    # -- triggers: the author is the login; the event log is append-only --------------
    out.append("""CREATE OR REPLACE FUNCTION kd_author() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT kd_is_owner() THEN
                NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], session_user::text));
            END IF;
            RETURN NEW;
        END $$""")
    for table, column in authors.items():
        out.append(f"DROP TRIGGER IF EXISTS kd_author ON {table}")
        out.append(f"CREATE TRIGGER kd_author BEFORE INSERT ON {table} FOR EACH ROW "
                   f"EXECUTE FUNCTION kd_author({_lit(column)})")
    out.append("""CREATE OR REPLACE FUNCTION kd_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT kd_is_owner() THEN
                RAISE EXCEPTION 'the event log only takes new rows' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")
    out.append("DROP TRIGGER IF EXISTS kd_event_append_only ON event")
    out.append("CREATE TRIGGER kd_event_append_only BEFORE UPDATE OR DELETE ON event FOR EACH ROW "
               "EXECUTE FUNCTION kd_event_append_only()")
    out.append("DROP TRIGGER IF EXISTS kd_event_no_truncate ON event")
    out.append("CREATE TRIGGER kd_event_no_truncate BEFORE TRUNCATE ON event FOR EACH STATEMENT "
               "EXECUTE FUNCTION kd_event_append_only()")

    # -- user management, as the owner, for a beheerder -------------------------------
    out.extend(_management_functions(prefix, schema, groups))
    return out


def _management_functions(prefix: str, schema: str, groups: dict[str, str]) -> list[str]:
    names = ", ".join(_lit(group(prefix, k)) for k in KINDS)
    kinds = ", ".join(_lit(k) for k in KINDS)
    header = (f"LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {_q(schema)} AS $$")
    # Every refusal is one Dutch line (SQLSTATE KD001, shown as it is: store/engines/postgresql.py).
    check_caller = """
            IF NOT (kd_is_beheerder() OR kd_is_owner()) THEN
                RAISE EXCEPTION 'Alleen een beheerder mag gebruikers beheren.' USING ERRCODE = 'KD001';
            END IF;"""
    check_target = """
            IF p_login IS NULL OR p_login !~ '^[A-Za-z0-9_.@-]{1,63}$' OR left(p_login, 3) = 'pg_'
                    OR left(p_login, 3) = 'kd_' THEN
                RAISE EXCEPTION 'Een gebruikersnaam is 1 tot 63 letters, cijfers of . _ @ - en begint niet met pg_ '
                    'of kd_.' USING ERRCODE = 'KD001';
            END IF;
            SELECT oid, rolsuper INTO target, is_super FROM pg_roles WHERE rolname = p_login;
            IF target IS NOT NULL AND (is_super OR pg_has_role(p_login,
                    (SELECT relowner FROM pg_class WHERE oid = 'case_file'::regclass), 'MEMBER')) THEN
                RAISE EXCEPTION 'De gebruiker % beheert de server of de databank zelf; die krijgt hier geen rol.',
                    p_login USING ERRCODE = 'KD001';
            END IF;"""
    others = f"""EXISTS (SELECT 1 FROM pg_auth_members AS m JOIN pg_roles AS r ON r.oid = m.roleid
                         WHERE m.member = target AND r.rolname NOT IN ({names}))"""
    add = f"""CREATE OR REPLACE FUNCTION kd_login_add(p_login text, p_kind text, p_verifier text) RETURNS void
        {header}
        DECLARE target oid; is_super boolean; k text;
        BEGIN{check_caller}{check_target}
            IF p_kind IS NULL OR p_kind NOT IN ({kinds}) THEN
                RAISE EXCEPTION 'Onbekende rol %: kies beheerder, behandelaar, onthaal of lezer.', p_kind
                    USING ERRCODE = 'KD001';
            END IF;
            IF target IS NULL THEN
                EXECUTE 'CREATE ROLE ' || quote_ident(p_login) || ' LOGIN'
                    || CASE WHEN p_verifier IS NULL THEN '' ELSE ' PASSWORD ' || quote_literal(p_verifier) END;
                EXECUTE 'COMMENT ON ROLE ' || quote_ident(p_login) || ' IS ' || quote_literal('klachtendesk');
            ELSIF p_verifier IS NOT NULL THEN
                IF {others} THEN
                    RAISE EXCEPTION 'De gebruiker % werkt ook buiten deze databank; haar wachtwoord verandert alleen '
                        'de beheerder van de server.', p_login USING ERRCODE = 'KD001';
                END IF;
                EXECUTE 'ALTER ROLE ' || quote_ident(p_login) || ' PASSWORD ' || quote_literal(p_verifier);
            END IF;
            FOREACH k IN ARRAY ARRAY[{kinds}] LOOP
                IF k <> p_kind AND pg_has_role(p_login, {_lit(prefix)} || '_' || k, 'MEMBER') THEN
                    EXECUTE 'REVOKE ' || quote_ident({_lit(prefix)} || '_' || k) || ' FROM ' || quote_ident(p_login);
                END IF;
            END LOOP;
            EXECUTE 'GRANT ' || quote_ident({_lit(prefix)} || '_' || p_kind) || ' TO ' || quote_ident(p_login);
            INSERT INTO app_user (name, active) SELECT p_login, true
                WHERE NOT EXISTS (SELECT 1 FROM app_user WHERE name = p_login);
        END $$"""
    remove = f"""CREATE OR REPLACE FUNCTION kd_login_remove(p_login text) RETURNS void
        {header}
        DECLARE target oid; is_super boolean; k text; was_member boolean := false;
        BEGIN{check_caller}{check_target}
            IF p_login = session_user THEN
                RAISE EXCEPTION 'Je kunt jezelf niet verwijderen; laat dat een andere beheerder doen.'
                    USING ERRCODE = 'KD001';
            END IF;
            IF target IS NOT NULL THEN
                FOREACH k IN ARRAY ARRAY[{kinds}] LOOP
                    IF pg_has_role(p_login, {_lit(prefix)} || '_' || k, 'MEMBER') THEN
                        was_member := true;
                        EXECUTE 'REVOKE ' || quote_ident({_lit(prefix)} || '_' || k) || ' FROM '
                            || quote_ident(p_login);
                    END IF;
                END LOOP;
            END IF;
            IF NOT was_member THEN
                RAISE EXCEPTION 'Er is geen gebruiker % in deze databank.', p_login USING ERRCODE = 'KD001';
            END IF;
            DELETE FROM entity_access WHERE login = p_login;
            -- The login itself goes too when klachtendesk made it and nothing else uses it.
            IF shobj_description(target, 'pg_authid') = 'klachtendesk'
                    AND NOT EXISTS (SELECT 1 FROM pg_auth_members AS m WHERE m.member = target) THEN
                BEGIN
                    EXECUTE 'DROP ROLE ' || quote_ident(p_login);
                EXCEPTION WHEN dependent_objects_still_exist THEN
                    NULL;
                END;
            END IF;
        END $$"""
    out = [add, remove]
    for signature in ("kd_login_add(text, text, text)", "kd_login_remove(text)"):
        out.append(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        out.append(f"GRANT EXECUTE ON FUNCTION {signature} TO {groups['beheerder']}")
    return out


def uninstall(connection: Connection) -> None:
    """Undo ``install`` on this database (the group roles stay: logins may still be members)."""
    if not installed(connection):
        return
    for table in AUTHOR_COLUMNS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS kd_author ON {table}"))
    for name in ("kd_event_append_only", "kd_event_no_truncate"):
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name} ON event"))
    for table in ("case_file", "entity_access", *CASE_CHILD_TABLES):
        connection.execute(text(f"DROP POLICY IF EXISTS kd_{table}_access ON {table}"))
        connection.execute(text(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY"))
    for name in ("kd_event_read", "kd_event_add"):
        connection.execute(text(f"DROP POLICY IF EXISTS {name} ON event"))
    connection.execute(text("ALTER TABLE event DISABLE ROW LEVEL SECURITY"))
    for signature in ("kd_login_add(text, text, text)", "kd_login_remove(text)", "kd_author()",
                      "kd_event_append_only()", "kd_is_beheerder()", "kd_is_owner()", "kd_role_prefix()"):
        connection.execute(text(f"DROP FUNCTION IF EXISTS {signature}"))


# -- check ------------------------------------------------------------------------------


def problems(connection: Connection) -> list[str]:
    """What ``check`` reports about the roles: a desk role that may change or delete the
    event log, a table whose row-level security is off, a missing trigger."""
    if not installed(connection):
        return []
    prefix = stored_prefix(connection)
    found = []
    roles = connection.execute(text("""
        SELECT DISTINCT r.rolname FROM pg_roles AS r
        WHERE (r.rolname = ANY(:groups) OR EXISTS (
                SELECT 1 FROM pg_auth_members AS m JOIN pg_roles AS g ON g.oid = m.roleid
                WHERE m.member = r.oid AND g.rolname = ANY(:groups)))
          AND NOT r.rolsuper
          AND NOT pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = 'case_file'::regclass), 'MEMBER')
        ORDER BY 1"""), {"groups": [group(prefix, k) for k in KINDS]}).scalars().all()
    for role in ["public", *roles]:
        for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
            if connection.execute(text("SELECT has_table_privilege(:role, 'event', :privilege)"),
                                  {"role": role, "privilege": privilege}).scalar_one():
                found.append(f"de rol {role} mag het logboek wijzigen ({privilege} op event); "
                             f"herstel: REVOKE {privilege} ON event FROM {_q(role)}")
    tables = ("case_file", "event", "entity_access", *CASE_CHILD_TABLES)
    for table, on in connection.execute(text(
            "SELECT relname, relrowsecurity FROM pg_class WHERE oid = ANY(CAST(:tables AS regclass[]))"),
            {"tables": list(tables)}):
        if not on:
            found.append(f"de toegangsregels van tabel {table} staan uit; herstel: "
                         f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    triggers = set(connection.execute(text(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'event'::regclass AND tgenabled <> 'D'")).scalars())
    for name in ("kd_event_append_only", "kd_event_no_truncate", "kd_author"):
        if name not in triggers:
            found.append(f"de trigger {name} op het logboek ontbreekt of staat uit")
    return found
