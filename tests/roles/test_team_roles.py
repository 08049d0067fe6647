"""Who may see what on a team server: each role logs in as its own login and meets the rules
the database enforces (row-level security, grants, the append-only event log), through the
store's functions and through plain SQL with its own login."""

from __future__ import annotations

import psycopg
import pytest
from engine_params import postgresql_only
from sqlmodel import select
from team_support import ANTWERPEN, BRASSCHAAT, PASSWORD, Team

from klachtendesk import clock
from klachtendesk.store import logins
from klachtendesk.store.cases import events_for, get_case, update_case
from klachtendesk.store.database import Store
from klachtendesk.store.errors import NotFound, StoreError
from klachtendesk.store.health import check_store
from klachtendesk.store.location import parse_location
from klachtendesk.store.models import User

pytestmark = postgresql_only

@pytest.fixture
def team(store_locations):
    team = Team(store_locations())
    yield team
    team.close()


def visible(store: Store, case_id: int) -> bool:
    try:
        with store.sessions.read() as session:
            get_case(session, case_id)
        return True
    except NotFound:
        return False


# -- seeing -------------------------------------------------------------------------------


def test_onthaal_of_one_entity_cannot_read_another_entitys_case_through_the_store(team):
    name = team.add("anna", "onthaal", ANTWERPEN)
    store = team.open_as(name)
    assert visible(store, team.a) and visible(store, team.none)
    assert not visible(store, team.b)
    with store.sessions.read() as session, pytest.raises(NotFound, match="geen toegang"):
        get_case(session, team.b)
    with store.sessions.read() as session:
        assert events_for(session, team.b) == []
        assert [e.kind for e in events_for(session, team.a)] == ["created"]


def test_onthaal_of_one_entity_cannot_read_another_entitys_case_with_plain_sql(team):
    name = team.add("anna", "onthaal", ANTWERPEN)
    with team.sql_as(name) as sql:
        titles = {t for (t,) in sql.execute("SELECT title FROM case_file")}
        assert titles == {"Wachttijd in Antwerpen", "Algemene vraag"}
        assert sql.execute("SELECT count(*) FROM event WHERE case_id = %s", (team.b,)).fetchone() == (0,)
        assert sql.execute("SELECT count(*) FROM entity_access").fetchone() == (1,)  # her own grant only
        # The involved staff member is for the complaints team and the beheerder only.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql.execute("SELECT staff_member FROM case_file")


def test_the_staff_member_is_hidden_from_onthaal_and_lezer_and_shown_to_a_behandelaar(team):
    lezer = team.open_as(team.add("lena", "lezer", ANTWERPEN))
    behandelaar = team.open_as(team.add("bart", "behandelaar", ANTWERPEN))
    with lezer.sessions.read() as session:
        assert get_case(session, team.a).staff_member == ""
    with behandelaar.sessions.read() as session:
        assert get_case(session, team.a).staff_member == "Dr. Janssens"


def test_a_beheerder_sees_every_case(team):
    store = team.open_as(team.add("bea", "beheerder"))
    assert all(visible(store, case_id) for case_id in (team.a, team.b, team.none))


def test_a_case_moved_to_another_entity_leaves_the_view_at_the_next_query(team):
    store = team.open_as(team.add("anna", "onthaal", ANTWERPEN))
    assert visible(store, team.a)
    with team.owner.sessions.write() as session:
        update_case(session, team.a, 1, {"entity_id": team.entity(BRASSCHAAT)}, user="Els",
                    settings=team.owner.settings, taxonomy=team.owner.taxonomy, now=clock.now())
    assert not visible(store, team.a)


# -- writing ------------------------------------------------------------------------------


def test_onthaal_registers_cases_of_its_entity_numbered_after_every_case_and_not_of_another(team):
    store = team.open_as(team.add("anna", "onthaal", ANTWERPEN))
    new = team.new_case(store, "Nieuwe klacht", ANTWERPEN)
    with team.owner.sessions.read() as session:
        references = {get_case(session, i).reference for i in (team.a, team.b, team.none, new)}
    assert len(references) == 4  # numbered after Brasschaat's case, which she cannot see
    with pytest.raises(StoreError, match="^Geen toegang: je mag geen zaken registreren"):
        team.new_case(store, "Niet van mij", BRASSCHAAT)
    with pytest.raises(StoreError, match="^Geen toegang"):  # registering, not handling
        with store.sessions.write() as session:
            update_case(session, new, 1, {"title": "Anders"}, user="x", settings=store.settings,
                        taxonomy=store.taxonomy, now=clock.now())


def test_a_lezer_cannot_write(team):
    name = team.add("lena", "lezer", ANTWERPEN)
    store = team.open_as(name)
    assert visible(store, team.a)
    with pytest.raises(StoreError, match="^Geen toegang: je rol mag dit niet"):
        team.new_case(store, "Mag niet", ANTWERPEN)
    with pytest.raises(StoreError, match="^Geen toegang"):
        with store.sessions.write() as session:
            update_case(session, team.a, 1, {"title": "Anders"}, user="x", settings=store.settings,
                        taxonomy=store.taxonomy, now=clock.now())
    with team.sql_as(name) as sql:
        for statement in ("UPDATE case_file SET title = 'x'", "DELETE FROM case_file",
                          "INSERT INTO event (at, \"user\", kind, field, old, new, note) "
                          "VALUES (now(), 'x', 'note', '', '', '', 'x')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                sql.execute(statement)
    with team.owner.sessions.read() as session:
        assert get_case(session, team.a).title == "Wachttijd in Antwerpen"


def test_the_audit_names_the_login_whatever_the_program_says(team):
    name = team.add("bart", "behandelaar", ANTWERPEN)
    store = team.open_as(name)
    case_id = team.new_case(store, "Van Bart", ANTWERPEN, user="Iemand Anders")
    with store.sessions.write() as session:
        update_case(session, case_id, 1, {"title": "Van Bart, gewijzigd"}, user="Iemand Anders",
                    settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    with team.owner.sessions.read() as session:
        assert {e.user for e in events_for(session, case_id)} == {name}
        assert get_case(session, case_id).created_by == name
    with team.sql_as(name) as sql:  # with plain SQL too
        sql.execute("INSERT INTO event (case_id, at, \"user\", kind, field, old, new, note) "
                    "VALUES (%s, now(), 'Els', 'note', '', '', '', 'vals')", (case_id,))
        assert sql.execute("SELECT \"user\" FROM event WHERE note = 'vals'").fetchone() == (name,)


@pytest.mark.parametrize("role", ["beheerder", "behandelaar", "onthaal", "lezer"])
def test_no_role_can_change_or_delete_an_event(team, role):
    name = team.add("rik", role, ANTWERPEN)
    with team.sql_as(name) as sql:
        for statement in ("UPDATE event SET note = 'weg'", "DELETE FROM event", "TRUNCATE event"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                sql.execute(statement)
    with team.owner.sessions.read() as session:
        assert [e.note for e in events_for(session, team.a)] == ["Zaak geregistreerd"]


def test_check_verifies_that_the_event_log_is_append_only(team):
    team.add("bea", "beheerder")
    assert check_store(team.url).ok
    group = f"kd_{parse_location(team.url).database}_behandelaar"
    with team.owner.sessions.write() as session:
        session.connection().exec_driver_sql(f'GRANT UPDATE ON event TO "{group}"')
    problems = check_store(team.url).problems
    assert any(group in p and "logboek" in p for p in problems)


# -- managing logins ------------------------------------------------------------------------


def test_granting_and_revoking_takes_effect_at_the_next_query(team):
    name = team.add("anna", "onthaal", ANTWERPEN)
    store = team.open_as(name)
    assert not visible(store, team.b)
    assert logins.grant_entity(team.owner, name, BRASSCHAAT) is True
    assert visible(store, team.b)
    assert logins.revoke_entity(team.owner, name, ANTWERPEN) is True
    assert not visible(store, team.a)
    assert logins.revoke_entity(team.owner, name, ANTWERPEN) is False


def test_a_grant_revoked_while_the_desk_is_open_gives_one_line_and_loses_nothing(team):
    name = team.add("bart", "behandelaar", ANTWERPEN)
    store = team.open_as(name)
    with store.sessions.read() as session:
        version = get_case(session, team.a).version
    logins.revoke_entity(team.owner, name, ANTWERPEN)
    with pytest.raises(NotFound) as caught:
        with store.sessions.write() as session:
            update_case(session, team.a, version, {"title": "Te laat"}, user="x", settings=store.settings,
                        taxonomy=store.taxonomy, now=clock.now())
    assert len(caught.value.message.splitlines()) == 1 and "geen toegang" in caught.value.message
    with team.owner.sessions.read() as session:
        assert get_case(session, team.a).title == "Wachttijd in Antwerpen"


def test_users_list_add_and_remove(team):
    anna = team.add("anna", "onthaal", ANTWERPEN, BRASSCHAAT)
    bea = team.add("bea", "beheerder")
    assert logins.list_logins(team.owner) == [
        logins.Login(anna, "onthaal", (ANTWERPEN, BRASSCHAAT)), logins.Login(bea, "beheerder", ())]
    assert logins.current_login(team.open_as(anna)) == logins.Login(anna, "onthaal", (ANTWERPEN, BRASSCHAAT))
    # A beheerder (not the owner) manages logins too; a new role replaces the old one.
    beheerder = team.open_as(bea)
    logins.add_login(beheerder, anna, "lezer")
    assert [(x.name, x.role) for x in logins.list_logins(beheerder)] == [(anna, "lezer"), (bea, "beheerder")]
    logins.remove_login(beheerder, anna)
    assert [x.name for x in logins.list_logins(team.owner)] == [bea]
    # A removed login is no longer offered as handler or approver.
    with team.owner.sessions.read() as session:
        assert {u.name: u.active for u in session.exec(select(User)) if u.name in (anna, bea)} == {
            anna: False, bea: True}
    with pytest.raises(StoreError, match="^Aanmelden op .* mislukt"):
        team.open_as(anna)


def test_only_a_beheerder_manages_logins(team):
    store = team.open_as(team.add("bart", "behandelaar", ANTWERPEN))
    with pytest.raises(StoreError, match="^Geen toegang: alleen een beheerder"):
        logins.add_login(store, team.login("nieuw"), "lezer", password=PASSWORD)
    with pytest.raises(StoreError, match="^Geen toegang"):
        logins.grant_entity(store, team.login("bart"), BRASSCHAAT)


def test_bad_input_to_the_user_functions_is_one_dutch_line(team):
    with pytest.raises(StoreError, match="^Onbekende rol 'baas'"):
        logins.add_login(team.owner, team.login("x"), "baas")
    with pytest.raises(StoreError, match="^Onbekende entiteit 'Gent'. Kies uit: Zorgbedrijf"):
        logins.add_login(team.owner, team.login("x"), "lezer", ["Gent"])
    with pytest.raises(StoreError, match="^Er is geen gebruiker"):
        logins.grant_entity(team.owner, team.login("niemand"), ANTWERPEN)
    with pytest.raises(StoreError, match="^Een gebruikersnaam is"):
        logins.add_login(team.owner, "pg_monitor", "lezer")
    with pytest.raises(StoreError, match="beheert de server"):
        logins.add_login(team.owner, "postgres", "lezer")
    assert [x.name for x in logins.list_logins(team.owner)] == []


def test_the_password_never_reaches_the_server_in_plain_text(team):
    name = team.add("anna", "onthaal", ANTWERPEN)
    with psycopg.connect(team.url) as admin:
        stored = admin.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,)).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$") and PASSWORD not in stored


# -- logging in ---------------------------------------------------------------------------


def test_a_wrong_password_and_a_missing_login_give_one_dutch_line(team):
    name = team.add("anna", "onthaal", ANTWERPEN)
    for login, password in ((name, "fout"), (team.login("niemand"), PASSWORD)):
        with pytest.raises(StoreError) as caught:
            team.open_as(login, password)
        message = caught.value.message
        assert message.startswith("Aanmelden op ") and len(message.splitlines()) == 1
        assert password not in message and PASSWORD not in message


def test_an_expired_login_gives_one_dutch_line(team):
    name = team.add("anna", "onthaal", ANTWERPEN)
    with team.owner.sessions.write() as session:
        session.connection().exec_driver_sql(f"ALTER ROLE \"{name}\" VALID UNTIL '2000-01-01'")
    with pytest.raises(StoreError, match="^Aanmelden op .* mislukt") as caught:
        team.open_as(name)
    assert len(caught.value.message.splitlines()) == 1


def test_a_login_without_a_role_in_this_store_sees_nothing_and_may_do_nothing(team):
    name = team.add("anna", "onthaal", ANTWERPEN)
    with team.owner.sessions.write() as session:
        session.connection().exec_driver_sql(f"REVOKE \"kd_{parse_location(team.url).database}_onthaal\" "
                                             f"FROM \"{name}\"")
    with pytest.raises(StoreError, match="^Geen toegang") as caught:
        team.open_as(name)
    assert len(caught.value.message.splitlines()) == 1


def test_a_url_without_a_password_is_known_to_need_one_and_the_asked_password_opens_the_store(team, monkeypatch,
                                                                                              tmp_path):
    from klachtendesk.store.engines.postgresql import needs_password
    from klachtendesk.store.location import with_password

    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "geen-pgpass"))
    name = team.add("anna", "onthaal", ANTWERPEN)
    bare = parse_location(team.url_of(name).replace(f":{PASSWORD}@", "@"))
    assert bare.password is None and needs_password(bare)
    given = with_password(bare, PASSWORD, "onbekend")
    assert not needs_password(given) and PASSWORD not in str(given) and PASSWORD not in repr(given)
    store = Store.open(given)
    team.opened.append(store)
    assert logins.current_login(store).name == name
    (tmp_path / "pgpass").write_text(f"*:*:*:{name}:{PASSWORD}\n")
    (tmp_path / "pgpass").chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    assert not needs_password(bare)  # ~/.pgpass, as libpq reads it


def test_only_a_beheerder_lists_the_logins(team):
    store = team.open_as(team.add("anna", "onthaal", ANTWERPEN))
    with pytest.raises(StoreError, match="^Geen toegang: alleen een beheerder mag de gebruikers"):
        logins.list_logins(store)


def test_a_lezer_reads_a_case_its_timeline_and_a_few_of_its_columns(team):
    from klachtendesk.store.models import Case, Event

    store = team.open_as(team.add("lena", "lezer", ANTWERPEN))
    with store.sessions.read() as session:
        assert session.exec(select(Case.reference, Case.title).where(Case.id == team.a)).one()[1] == \
            "Wachttijd in Antwerpen"
        rows = session.exec(select(Case.reference, Event).join(Case, Case.id == Event.case_id)).all()
        assert {event.case_id for _, event in rows} == {team.a, team.none}
        assert [c.staff_member for c in session.exec(select(Case))] == ["", ""]


def test_an_attachment_names_the_login_and_follows_its_case(team):
    from klachtendesk.store.attachments import add_attachment
    from klachtendesk.store.models import Attachment

    name = team.add("bart", "behandelaar", ANTWERPEN)
    store = team.open_as(name)
    with store.sessions.write() as session:
        add_attachment(session, team.a, "brief.txt", b"inhoud", user="Els", now=clock.now(), limit_mb=5)
    with team.owner.sessions.read() as session:
        (row,) = session.exec(select(Attachment)).all()
        assert row.added_by == name
    onthaal = team.open_as(team.add("otto", "onthaal", BRASSCHAAT))
    with onthaal.sessions.read() as session:
        assert session.exec(select(Attachment)).all() == []
