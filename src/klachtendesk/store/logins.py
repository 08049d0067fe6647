"""The logins of a team server and what each may see: list, add, grant, revoke, remove.

The functions a command or a settings screen calls (each opens its own session; bad input
raises StoreError with one Dutch line). They only exist on PostgreSQL: on SQLite every one
of them says so (``NotOnTeamServer``), the file's permissions being the boundary there.
The rules themselves live in the database (store/team_roles.py); a login that may not do
something is refused by the server, whatever calls it.

- ``current_login(store)``: who is logged in, with their role (``OWNER`` for the store's
  owner or the server's administrator) and entities; None on SQLite and on a server store
  without roles. ``Store.login`` holds it from the moment the store is open.
- ``list_logins(store)``: every login with a role in this store, by name.
- ``server_has_login(store, name)``: whether the server knows the name (ask a password or not).
- ``add_login(store, name, role, entities, password)``: a new login, or a new role for an
  existing one; the password goes to the server as a SCRAM verifier, never in plain text.
- ``grant_entity`` / ``revoke_entity(store, name, entity)``: effective at the next query.
- ``remove_login(store, name)``: takes the role and grants away (and the login, when
  klachtendesk made it and nothing else uses it).

Every change is written to the event log as a settings change (who, when, old and new), in
the same transaction; a password never is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text
from sqlmodel import Session

from klachtendesk import clock
from klachtendesk.store import team_roles
from klachtendesk.store.errors import StoreError
from klachtendesk.store.models import Event

if TYPE_CHECKING:
    from klachtendesk.store.database import Store

OWNER = "eigenaar"
KINDS = team_roles.KINDS

#: Why ``--user`` is refused on a team server with logins.
USER_REFUSED = ("--user kan niet op een teamserver: daar staat in het logboek wie zich aanmeldde (de gebruiker "
                "in de URL, of PGUSER), zodat niemand onder een andere naam werkt. Laat --user weg.")


class NotOnTeamServer(StoreError):
    """Logins and roles exist only on a PostgreSQL store."""

    def __init__(self) -> None:
        super().__init__("Gebruikers en rollen bestaan alleen op een teamserver (PostgreSQL). Op een bestand op "
                         "één werkpost zijn de rechten van het bestand (0600) de grens: wie het bestand mag "
                         "openen, ziet alles.")


@dataclass(frozen=True)
class Login:
    name: str
    role: str  # one of KINDS, or OWNER
    entities: tuple[str, ...] = ()

    @property
    def sees_everything(self) -> bool:
        return self.role in (OWNER, "beheerder")

    @property
    def may_write(self) -> bool:
        return self.role != "lezer"

    @property
    def may_handle(self) -> bool:
        """Change cases (handling, answers), not only register them."""
        return self.role in (OWNER, "beheerder", "behandelaar")

    @property
    def may_report(self) -> bool:
        """The year report, exports and a person's record."""
        return self.role != "onthaal"

    @property
    def may_manage(self) -> bool:
        """Users, settings and retention."""
        return self.role in (OWNER, "beheerder")

    @property
    def sees_staff_member(self) -> bool:
        return self.role not in team_roles.WITHOUT_STAFF_MEMBER


def _require_server(store: Store) -> None:
    if not store.location.is_postgresql:
        raise NotOnTeamServer()


def _require_roles(connection: Connection) -> str:
    if not team_roles.installed(connection):
        owner = connection.execute(text(
            "SELECT relowner::regrole::text FROM pg_class WHERE oid = 'case_file'::regclass")).scalar_one()
        raise StoreError(f"Op deze databank zijn nog geen rollen ingesteld. Laat de beheerder van de server de "
                         f"eigenaar rollen laten maken (ALTER ROLE {owner} CREATEROLE) en voer dan als eigenaar "
                         "'klachtendesk users setup' uit.")
    return team_roles.stored_prefix(connection)


def _role_of(connection: Connection, prefix: str, name: str) -> str | None:
    row = connection.execute(text("""
        SELECT substr(g.rolname, length(:prefix) + 2) FROM pg_auth_members AS m
        JOIN pg_roles AS g ON g.oid = m.roleid JOIN pg_roles AS r ON r.oid = m.member
        WHERE r.rolname = :name AND g.rolname = ANY(:groups) ORDER BY 1 LIMIT 1"""),
        {"prefix": prefix, "name": name, "groups": [team_roles.group(prefix, k) for k in KINDS]}).first()
    return str(row[0]) if row else None


def _entities_of(connection: Connection, name: str) -> tuple[str, ...]:
    return tuple(connection.execute(text(
        "SELECT e.label FROM entity_access AS a JOIN entity AS e ON e.id = a.entity_id "
        "WHERE a.login = :name ORDER BY e.position, e.label"), {"name": name}).scalars())


def _log(session: Session, note: str, old: str = "", new: str = "") -> None:
    """A settings change in the event log, under the login (the server's trigger writes
    ``session_user`` as the author whatever is passed)."""
    user = str(session.connection().execute(text("SELECT session_user")).scalar_one())
    session.add(Event(case_id=None, at=clock.now(), user=user, kind="settings", field="logins", old=old, new=new,
                      note=note))
    session.flush()


def _describe(role: str | None, entities: Iterable[str]) -> str:
    if role is None:
        return ""
    labels = ", ".join(entities)
    return f"{role} ({labels})" if labels else role


def roles_enabled(store: Store) -> bool:
    if not store.location.is_postgresql:
        return False
    with store.sessions.read() as session:
        return team_roles.installed(session.connection())


def current_login(store: Store) -> Login | None:
    """Who this store is open as; None on SQLite and on a server store without roles (its
    owner could not create them: everyone works as one login there, named by --user)."""
    if not store.location.is_postgresql:
        return None
    with store.sessions.read() as session:
        connection = session.connection()
        if not team_roles.installed(connection):
            return None
        name = str(connection.execute(text("SELECT session_user")).scalar_one())
        if connection.execute(text("SELECT kd_is_owner()")).scalar_one():
            return Login(name, OWNER)
        role = _role_of(connection, team_roles.stored_prefix(connection), name)
        return Login(name, role or "", _entities_of(connection, name))


def login_name(store: Store) -> str:
    """The server's name for the login (``session_user``)."""
    with store.sessions.read() as session:
        return str(session.connection().execute(text("SELECT session_user")).scalar_one())


def server_has_login(store: Store, name: str) -> bool:
    """Is there a role of that name on the server (of this store or another)?"""
    _require_server(store)
    with store.sessions.read() as session:
        return session.connection().execute(text("SELECT 1 FROM pg_roles WHERE rolname = :name"),
                                            {"name": name.strip()}).first() is not None


def list_logins(store: Store) -> list[Login]:
    _require_server(store)
    with store.sessions.read() as session:
        connection = session.connection()
        prefix = _require_roles(connection)
        if not connection.execute(text("SELECT kd_is_beheerder() OR kd_is_owner()")).scalar_one():
            raise StoreError("Geen toegang: alleen een beheerder mag de gebruikers en hun rollen zien.")
        rows = connection.execute(text("""
            SELECT r.rolname, substr(g.rolname, length(:prefix) + 2) FROM pg_auth_members AS m
            JOIN pg_roles AS g ON g.oid = m.roleid JOIN pg_roles AS r ON r.oid = m.member
            WHERE g.rolname = ANY(:groups) ORDER BY r.rolname"""),
            {"prefix": prefix, "groups": [team_roles.group(prefix, k) for k in KINDS]}).all()
        grants: dict[str, list[str]] = {}
        for login, label in connection.execute(text(
                "SELECT a.login, e.label FROM entity_access AS a JOIN entity AS e ON e.id = a.entity_id "
                "ORDER BY e.position, e.label")):
            grants.setdefault(login, []).append(label)
    seen: dict[str, Login] = {}
    for login, role in rows:
        seen.setdefault(login, Login(login, role, tuple(grants.get(login, ()))))
    return list(seen.values())


def _entity_ids(session: Session, labels: Iterable[str]) -> list[int]:
    rows = {str(label).casefold(): int(entity_id) for entity_id, label in
            session.connection().execute(text("SELECT id, label FROM entity"))}
    ids = []
    for label in labels:
        entity_id = rows.get(label.strip().casefold())
        if entity_id is None:
            known = ", ".join(sorted(session.connection().execute(text("SELECT label FROM entity")).scalars()))
            raise StoreError(f"Onbekende entiteit '{label.strip()}'. Kies uit: {known or '(geen entiteiten)'}.")
        ids.append(entity_id)
    return ids


def _verifier(session: Session, name: str, password: str) -> str:
    """The SCRAM verifier of the password, made by libpq here: the plain password never
    travels to the server, nor appears in its logs."""
    raw: Any = session.connection().connection.dbapi_connection
    verifier = raw.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
    return bytes(verifier).decode()


def _check_role(role: str) -> str:
    role = role.strip().lower()
    if role not in KINDS:
        raise StoreError(f"Onbekende rol '{role}': kies {', '.join(KINDS[:-1])} of {KINDS[-1]}.")
    return role


def add_login(store: Store, name: str, role: str, entities: Iterable[str] = (), *,
              password: str | None = None) -> Login:
    """A login with ``role`` and the given entities, in one transaction."""
    _require_server(store)
    role = _check_role(role)
    name = name.strip()
    if password is not None and not password:
        raise StoreError("Een leeg wachtwoord kan niet: geef er een, of laat --password weg.")
    with store.sessions.write() as session:
        connection = session.connection()
        prefix = _require_roles(connection)
        ids = _entity_ids(session, entities)
        before = _describe(_role_of(connection, prefix, name), _entities_of(connection, name))
        verifier = _verifier(session, name, password) if password is not None else None
        connection.execute(text("SELECT kd_login_add(:name, :role, :verifier)"),
                           {"name": name, "role": role, "verifier": verifier})
        for entity_id in ids:
            _grant(connection, name, entity_id)
        result = Login(name, role, _entities_of(connection, name))
        after = _describe(role, result.entities)
        if before != after:
            _log(session, f"Gebruiker {name} toegevoegd: {after}" if not before else
                 f"Gebruiker {name}: {before} wordt {after}", before, after)
    store.refresh()
    return result


def _grant(connection: Connection, name: str, entity_id: int) -> bool:
    return connection.execute(text(
        "INSERT INTO entity_access (login, entity_id) VALUES (:name, :entity) ON CONFLICT DO NOTHING"),
        {"name": name, "entity": entity_id}).rowcount == 1


def _existing(connection: Connection, name: str) -> None:
    prefix = _require_roles(connection)
    if _role_of(connection, prefix, name) is None:
        raise StoreError(f"Er is geen gebruiker '{name}' in deze databank (zie 'klachtendesk users list').")


def grant_entity(store: Store, name: str, entity: str) -> bool:
    """Let the login see the entity's cases; False when it could already."""
    _require_server(store)
    name = name.strip()
    with store.sessions.write() as session:
        connection = session.connection()
        _existing(connection, name)
        (entity_id,) = _entity_ids(session, [entity])
        label = _label(connection, entity_id)
        if not _grant(connection, name, entity_id):
            return False
        _log(session, f"Gebruiker {name} ziet nu de zaken van {label}", "", label)
        return True


def _label(connection: Connection, entity_id: int) -> str:
    return str(connection.execute(text("SELECT label FROM entity WHERE id = :id"), {"id": entity_id}).scalar_one())


def revoke_entity(store: Store, name: str, entity: str) -> bool:
    """The login no longer sees the entity's cases; False when it did not."""
    _require_server(store)
    name = name.strip()
    with store.sessions.write() as session:
        connection = session.connection()
        _existing(connection, name)
        (entity_id,) = _entity_ids(session, [entity])
        if connection.execute(text("DELETE FROM entity_access WHERE login = :name AND entity_id = :entity"),
                              {"name": name, "entity": entity_id}).rowcount != 1:
            return False
        label = _label(connection, entity_id)
        _log(session, f"Gebruiker {name} ziet de zaken van {label} niet meer", label, "")
        return True


def remove_login(store: Store, name: str) -> None:
    _require_server(store)
    with store.sessions.write() as session:
        connection = session.connection()
        prefix = _require_roles(connection)
        name = name.strip()
        before = _describe(_role_of(connection, prefix, name), _entities_of(connection, name))
        connection.execute(text("SELECT kd_login_remove(:name)"), {"name": name})
        # No longer offered as handler or approver; the name stays on the timeline.
        connection.execute(text("UPDATE app_user SET active = false WHERE name = :name"), {"name": name})
        _log(session, f"Gebruiker {name} verwijderd", before, "")


def setup_roles(store: Store) -> bool:
    """Set the roles up on a store whose owner could not create roles at its migration
    (now it can). False when they were there already."""
    _require_server(store)
    with store.sessions.write() as session:
        connection = session.connection()
        if team_roles.installed(connection):
            return False
        if not connection.execute(text(
                "SELECT pg_has_role(session_user, relowner, 'MEMBER') FROM pg_class "
                "WHERE oid = 'case_file'::regclass")).scalar_one():
            raise StoreError("Alleen de eigenaar van de databank kan de rollen instellen.")
        if not team_roles.may_create_roles(connection):
            raise StoreError("De eigenaar van de databank mag geen rollen maken. Laat de beheerder van de server "
                             "dat toestaan (ALTER ROLE ... CREATEROLE) en probeer opnieuw.")
        team_roles.install(connection)
    return True
