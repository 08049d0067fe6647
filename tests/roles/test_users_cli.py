"""``klachtendesk users`` and what each role's login may do with the other commands."""

from __future__ import annotations

import pytest
from team_support import ANTWERPEN, BRASSCHAAT, PASSWORD, Team

from klachtendesk.cli import main
from klachtendesk.presets import load_preset
from klachtendesk.store.cases import get_case
from klachtendesk.store.database import Store


@pytest.fixture
def team(store_locations, engine_name):
    team = Team(store_locations())
    yield team
    team.close()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def reference(team: Team, case_id: int) -> str:
    with team.owner.sessions.read() as session:
        return get_case(session, case_id).reference


@pytest.mark.postgresql_only
def test_users_add_list_grant_revoke_remove(team, capsys):
    anna = team.login("anna")
    code, out, err = run(capsys, "users", "add", anna, "--role", "onthaal", "--entity", ANTWERPEN,
                         "--password", PASSWORD, "--db", team.url)
    assert (code, err) == (0, "") and out == f"Gebruiker {anna} is onthaal: {ANTWERPEN}.\n"
    assert run(capsys, "users", "grant", anna, "--entity", BRASSCHAAT, "--db", team.url)[1] == \
        f"{anna} ziet nu de zaken van {BRASSCHAAT}.\n"
    code, out, _ = run(capsys, "users", "list", "--db", team.url)
    assert out == f"{anna}  onthaal      {ANTWERPEN}, {BRASSCHAAT}\n"
    assert run(capsys, "users", "revoke", anna, "--entity", ANTWERPEN, "--db", team.url)[1] == \
        f"{anna} ziet de zaken van {ANTWERPEN} niet meer.\n"
    assert run(capsys, "users", "remove", anna, "--db", team.url)[0] == 0
    assert run(capsys, "users", "list", "--db", team.url)[1].startswith("Er zijn nog geen gebruikers.")


@pytest.mark.postgresql_only
def test_users_add_without_a_password_outside_a_terminal_says_how_to_give_one(team, capsys):
    code, out, err = run(capsys, "users", "add", team.login("anna"), "--role", "lezer", "--db", team.url)
    assert code == 1 and out == ""
    assert err.startswith("klachtendesk: Geef het wachtwoord van") and err.count("\n") == 1


@pytest.mark.postgresql_only
def test_users_refuses_a_login_that_is_no_beheerder_and_bad_input_in_one_line(team, capsys):
    bart = team.add("bart", "behandelaar", ANTWERPEN)
    for args in (("users", "add", team.login("x"), "--role", "lezer", "--password", "x", "--db", team.url_of(bart)),
                 ("users", "add", team.login("x"), "--role", "baas", "--db", team.url),
                 ("users", "grant", bart, "--entity", "Gent", "--db", team.url)):
        code, out, err = run(capsys, *args)
        assert code != 0 and out == "" and err.count("\n") == 1 and err.startswith("klachtendesk: ")
        assert PASSWORD not in err


def test_users_on_a_file_says_logins_exist_on_a_team_server_only(tmp_path, capsys):
    Store.create(tmp_path / "s.db", load_preset("brandweer"), user="Els").close()
    code, out, err = run(capsys, "users", "list", "--db", str(tmp_path / "s.db"))
    assert code == 1 and out == ""
    assert err.startswith("klachtendesk: Gebruikers en rollen bestaan alleen op een teamserver") and "0600" in err


@pytest.mark.postgresql_only
def test_user_is_refused_on_a_team_server_and_the_event_names_the_login(team, capsys):
    bea = team.add("bea", "beheerder")
    code, out, err = run(capsys, "footer", "Met vriendelijke groet", "--db", team.url_of(bea), "--user", "Els")
    assert code == 1 and err.startswith("klachtendesk: --user kan niet op een teamserver")
    assert run(capsys, "footer", "Met vriendelijke groet", "--db", team.url_of(bea))[0] == 0
    with team.owner.sessions.read() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT \"user\" FROM event WHERE case_id IS NULL ORDER BY id DESC LIMIT 1").scalars().all()
    assert rows == [bea]


@pytest.mark.postgresql_only
def test_onthaal_gets_no_report_export_or_person_and_no_case_of_another_entity(team, capsys, tmp_path):
    anna = team.add("anna", "onthaal", ANTWERPEN)
    url = team.url_of(anna)
    for args in (("report", "--format", "json", "--db", url), ("export", str(tmp_path / "r.csv"), "--db", url),
                 ("person", "Jan", "--db", url)):
        code, out, err = run(capsys, *args)
        assert code == 1 and out == "", args
        assert err == ("klachtendesk: Je rol (onthaal) geeft geen toegang tot het jaarverslag, de export of een "
                       "inzageverzoek: vraag het een behandelaar of een beheerder.\n")
    code, out, err = run(capsys, "dossier", reference(team, team.b), "-o", str(tmp_path / "b.html"), "--db", url)
    assert code == 1 and err == f"klachtendesk: Er is geen zaak met referentie {reference(team, team.b)}.\n"
    assert run(capsys, "dossier", reference(team, team.a), "-o", str(tmp_path / "a.html"), "--db", url)[0] == 0


@pytest.mark.postgresql_only
def test_retention_is_for_the_owner_on_a_team_server(team, capsys):
    bea = team.add("bea", "beheerder")
    code, out, err = run(capsys, "retention", "--apply", "--db", team.url_of(bea))
    assert code == 1 and err.startswith("klachtendesk: Bewaartermijnen toepassen kan op een teamserver alleen")


@pytest.mark.postgresql_only
def test_a_wrong_password_on_the_command_line_is_one_dutch_line_without_the_password(team, capsys):
    anna = team.add("anna", "onthaal", ANTWERPEN)
    code, out, err = run(capsys, "alerts", "--db", team.url_of(anna, "Fout-Wachtwoord-9"))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("klachtendesk: Aanmelden op ") and "Fout-Wachtwoord-9" not in err


@pytest.mark.postgresql_only
def test_a_whole_copy_of_a_team_server_is_for_the_owner_or_a_beheerder(team, capsys, tmp_path):
    url = team.url_of(team.add("bart", "behandelaar", ANTWERPEN))
    for args in (("backup", str(tmp_path / "kopie.db"), "--db", url),
                 ("copy-store", "--from", url, "--db", str(tmp_path / "kopie.db"))):
        code, out, err = run(capsys, *args)
        assert code == 1 and err.startswith("klachtendesk: Je rol (behandelaar) ziet niet alle zaken"), args
    assert not (tmp_path / "kopie.db").exists()


@pytest.mark.postgresql_only
def test_check_as_a_lezer_reports_no_damage_it_cannot_see(team, capsys):
    code, out, err = run(capsys, "check", "--db", team.url_of(team.add("lena", "lezer", ANTWERPEN)))
    assert code == 0 and "Rechten:      in orde" in out


@pytest.mark.postgresql_only
def test_an_owner_who_may_not_create_roles_gets_a_store_without_roles_until_users_setup(store_locations, capsys):
    import psycopg
    from engine_params import login_prefix

    from klachtendesk.store.location import parse_location

    url = store_locations()
    database = parse_location(url).database
    owner = login_prefix(database) + "owner"
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE ROLE \"{owner}\" LOGIN PASSWORD '{PASSWORD}'")
        admin.execute(f'ALTER DATABASE "{database}" OWNER TO "{owner}"')
    owner_url = f"postgresql://{owner}:{PASSWORD}@{url.split('@', 1)[1]}"
    assert run(capsys, "init", "--preset", "zorgbedrijf", "--db", owner_url)[0] == 0
    # No roles: the store works as before, everyone as the owner, named by --user.
    assert run(capsys, "footer", "Groet", "--db", owner_url, "--user", "Els")[0] == 0
    code, out, err = run(capsys, "users", "list", "--db", owner_url)
    assert code == 1 and err.startswith("klachtendesk: Op deze databank zijn nog geen rollen ingesteld") \
        and f"ALTER ROLE {owner} CREATEROLE" in err
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'ALTER ROLE "{owner}" CREATEROLE')
    assert run(capsys, "users", "setup", "--db", owner_url)[1] == "De rollen zijn ingesteld.\n"
    anna = login_prefix(database) + "anna"
    assert run(capsys, "users", "add", anna, "--role", "onthaal", "--entity", ANTWERPEN, "--password", PASSWORD,
               "--db", owner_url)[0] == 0
    anna_url = f"postgresql://{anna}:{PASSWORD}@{url.split('@', 1)[1]}"
    code, out, err = run(capsys, "alerts", "--db", anna_url)
    assert code == 0, err
    code, out, err = run(capsys, "footer", "Groet", "--db", owner_url, "--user", "Els")
    assert code == 1 and err.startswith("klachtendesk: --user kan niet op een teamserver")
