"""``klachtendesk users``: the logins of a team server and the entities each may see.

The rules are the database's (store/team_roles.py); these commands call store/logins.py,
as the settings screen does. On a SQLite store they say that logins exist on a team server only.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from klachtendesk.cli.common import CliError, add_common, db_location, open_store, say

ROLES = ("beheerder", "behandelaar", "onthaal", "lezer")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("users", help="de gebruikers van een teamserver, hun rol en hun entiteiten")
    add_common(p)
    sub = p.add_subparsers(dest="users_command", metavar="ACTIE", required=True)

    q = sub.add_parser("list", help="toon elke gebruiker met rol en entiteiten")
    add_common(q)
    q.set_defaults(handler=cmd_list)

    q = sub.add_parser("add", help="maak een gebruiker (of geef een bestaande een andere rol)")
    q.add_argument("name", metavar="NAAM", help="de aanmeldnaam op de server")
    q.add_argument("--role", required=True, metavar="ROL", help="beheerder, behandelaar, onthaal of lezer")
    q.add_argument("--entity", action="append", default=[], metavar="ENTITEIT",
                   help="een entiteit (of team) wiens zaken de gebruiker ziet; mag vaker")
    q.add_argument("--password", metavar="WACHTWOORD",
                   help="het wachtwoord (anders vraagt klachtendesk het voor een nieuwe gebruiker)")
    add_common(q)
    q.set_defaults(handler=cmd_add)

    for name, what, handler in (("grant", "laat de gebruiker de zaken van een entiteit zien", cmd_grant),
                                ("revoke", "neem de zaken van een entiteit weg bij de gebruiker", cmd_revoke)):
        q = sub.add_parser(name, help=what)
        q.add_argument("name", metavar="NAAM")
        q.add_argument("--entity", action="append", required=True, metavar="ENTITEIT", help="mag vaker")
        add_common(q)
        q.set_defaults(handler=handler)

    q = sub.add_parser("remove", help="neem de gebruiker zijn rol en entiteiten in deze databank af")
    q.add_argument("name", metavar="NAAM")
    add_common(q)
    q.set_defaults(handler=cmd_remove)

    q = sub.add_parser("setup", help="stel de rollen in (eigenaar, als die bij het aanmaken geen rollen mocht maken)")
    add_common(q)
    q.set_defaults(handler=cmd_setup)


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from klachtendesk.store.logins import NotOnTeamServer

    if not db_location(args).is_postgresql:
        raise NotOnTeamServer()
    return open_store(args, backup=False)


def _entities(login) -> str:  # type: ignore[no-untyped-def]
    if login.sees_everything:
        return "alle entiteiten"
    return ", ".join(login.entities) or "geen entiteit (alleen zaken zonder entiteit)"


def cmd_list(args: argparse.Namespace) -> int:
    from klachtendesk.store.logins import list_logins

    store = _open(args)
    try:
        found = list_logins(store)
    finally:
        store.close()
    if not found:
        say("Er zijn nog geen gebruikers. Maak er een met 'klachtendesk users add NAAM --role ROL'.")
        return 0
    width = max(len(login.name) for login in found)
    for login in found:
        say(f"{login.name:<{width}}  {login.role:<11}  {_entities(login)}")
    return 0


def _ask_password(name: str) -> str:
    if not sys.stdin.isatty():
        raise CliError(f"Geef het wachtwoord van {name} met --password, of voer de opdracht uit in een terminal "
                       "zodat klachtendesk het kan vragen.")
    try:
        first = getpass.getpass(f"Nieuw wachtwoord voor {name}: ")
        second = getpass.getpass("Nog eens, ter controle: ")
    except EOFError:
        first = second = ""
    if not first:
        raise CliError("Zonder wachtwoord wordt er geen gebruiker gemaakt.")
    if first != second:
        raise CliError("De twee wachtwoorden verschillen; er is niets gewijzigd. Probeer opnieuw.")
    return first


def cmd_add(args: argparse.Namespace) -> int:
    from klachtendesk.store.logins import add_login, server_has_login

    if args.role.strip().lower() not in ROLES:
        raise CliError(f"Onbekende rol '{args.role}': kies beheerder, behandelaar, onthaal of lezer.")
    store = _open(args)
    try:
        password = args.password
        if password is None and not server_has_login(store, args.name):
            password = _ask_password(args.name.strip())
        login = add_login(store, args.name, args.role, args.entity, password=password)
    finally:
        store.close()
    say(f"Gebruiker {login.name} is {login.role}: {_entities(login)}.")
    return 0


def _change(args: argparse.Namespace, grant: bool) -> int:
    from klachtendesk.store.logins import grant_entity, revoke_entity

    store = _open(args)
    try:
        for entity in args.entity:
            changed = (grant_entity if grant else revoke_entity)(store, args.name, entity)
            if grant:
                say(f"{args.name} ziet nu de zaken van {entity}." if changed
                    else f"{args.name} zag de zaken van {entity} al.")
            else:
                say(f"{args.name} ziet de zaken van {entity} niet meer." if changed
                    else f"{args.name} zag de zaken van {entity} niet; er is niets gewijzigd.")
    finally:
        store.close()
    return 0


def cmd_grant(args: argparse.Namespace) -> int:
    return _change(args, grant=True)


def cmd_revoke(args: argparse.Namespace) -> int:
    return _change(args, grant=False)


def cmd_remove(args: argparse.Namespace) -> int:
    from klachtendesk.store.logins import remove_login

    store = _open(args)
    try:
        remove_login(store, args.name)
    finally:
        store.close()
    say(f"{args.name} heeft geen toegang meer tot deze databank; het logboek houdt de naam bij wat er gebeurde.")
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    from klachtendesk.store.logins import setup_roles

    store = _open(args)
    try:
        done = setup_roles(store)
    finally:
        store.close()
    say("De rollen zijn ingesteld." if done else "De rollen waren al ingesteld.")
    return 0
