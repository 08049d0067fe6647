"""What every command shares: --db/--today/--user, opening the store, and error handling."""

from __future__ import annotations

import argparse
import gc
import getpass
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

from klachtendesk import clock
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import clean_line, printable
from klachtendesk.store.errors import StoreError
from klachtendesk.store.location import Location, parse_location, redact

#: Longest line the CLI prints from a message that may repeat a user's data.
LINE_LIMIT = 1000


class CliError(Exception):
    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def _today(value: str) -> date:
    try:
        parsed = clock.parse_frozen(value)
    except clock.FrozenDateError as err:
        raise argparse.ArgumentTypeError(printable(err.message, limit=200)) from None
    clock.freeze(parsed)
    return parsed


def add_common(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--db, --today and --user, accepted before or after the command name."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PAD|URL", default=default,
                        help="de databank: een bestand of postgresql://gebruiker@server/naam "
                             "(anders $KLACHTENDESK_DB of de standaardlocatie)")
    parser.add_argument("--today", metavar="JJJJ-MM-DD", type=_today, default=default,
                        help="doe alsof het vandaag deze datum is (ook: $KLACHTENDESK_TODAY)")
    parser.add_argument("--user", metavar="NAAM", type=_user, default=default,
                        help="wie er werkt: elke wijziging wordt onder deze naam bewaard")
    parser.add_argument("-q", "--quiet", action="store_true", default=default,
                        help="toon geen voortgangsbalk, alleen het resultaat")


def add_force(parser: argparse.ArgumentParser) -> None:
    """--force: replace an existing output file (or the symbolic link at its name)."""
    parser.add_argument("--force", action="store_true",
                        help="vervang een bestaand bestand (of een symbolische koppeling) met die naam")


def db_location(args: argparse.Namespace) -> Location:
    """--db (a path or a postgresql:// URL), else $KLACHTENDESK_DB, else the default file.
    On a team server whose password neither the URL, PGPASSWORD nor ~/.pgpass gives, the
    password is asked for once (in a terminal) and kept in memory only."""
    cached = getattr(args, "_klachtendesk_location", None)
    if isinstance(cached, Location):
        return cached
    from klachtendesk.store.database import default_location

    value = getattr(args, "db", None)
    location = parse_location(value) if value else default_location()
    if location.is_postgresql:
        location = _ask_password(location)
    args._klachtendesk_location = location
    return location


def _ask_password(location: Location) -> Location:
    from klachtendesk.store.engines.postgresql import needs_password
    from klachtendesk.store.location import with_password

    if location.password or not sys.stdin.isatty() or not needs_password(location):
        return location  # the server's own message says what is missing
    user = location.user or os.environ.get("PGUSER") or _login()
    try:
        password = getpass.getpass(f"Wachtwoord van {user} voor {location}: ")
    except EOFError:
        password = ""
    if not password:
        raise CliError("Zonder wachtwoord kan klachtendesk zich niet aanmelden op de server.")
    return with_password(location, password, user)


def refuse_user(args: argparse.Namespace, store) -> None:  # type: ignore[no-untyped-def]
    """``--user`` on a team server with logins: refused (the login is the name in every event)."""
    from klachtendesk.store.logins import USER_REFUSED

    if getattr(store, "login", None) is not None and getattr(args, "user", None):
        raise CliError(USER_REFUSED)


def require(store, what: str) -> None:  # type: ignore[no-untyped-def]
    """Refuse, in one Dutch line, what the team server login's role does not give:
    ``report`` (the year report, exports, a person's record), ``staff`` (the involved staff
    member), ``manage`` (a whole copy of the store) or ``owner`` (retention, which rewrites events)."""
    login = getattr(store, "login", None)
    if login is None:
        return
    if what == "report" and not login.may_report:
        raise CliError(f"Je rol ({login.role}) geeft geen toegang tot het jaarverslag, de export of een "
                       "inzageverzoek: vraag het een behandelaar of een beheerder.")
    if what == "staff" and not login.sees_staff_member:
        raise CliError(f"Je rol ({login.role}) mag de betrokken medewerker niet zien: laat --include-staff-member "
                       "weg.")
    if what == "manage" and not login.may_manage:
        raise CliError(f"Je rol ({login.role}) ziet niet alle zaken: een volledige kopie of reservekopie van een "
                       "teamserver maakt de eigenaar of een beheerder.")
    if what == "owner" and login.role != "eigenaar":
        raise CliError("Bewaartermijnen toepassen kan op een teamserver alleen de eigenaar van de databank: het "
                       "logboek mag door geen rol van de desk gewijzigd worden.")


def say(text: str, *, file=None) -> None:  # type: ignore[no-untyped-def]
    """Print a line that may contain data from a register or a store: escape sequences and
    control characters are shown, never sent to the terminal."""
    print(printable(text, limit=LINE_LIMIT), file=file or sys.stdout)


def warn(text: str) -> None:
    say(f"klachtendesk: {redact(text)}", file=sys.stderr)


def open_store(args: argparse.Namespace, *, backup: bool = True, need: str | None = None):  # type: ignore[no-untyped-def]
    """Open the store, then the start-of-day work: network warning, daily backup. ``need``:
    what the command needs the team server login's role to give, words for ``require``."""
    from klachtendesk.cli.progress import progress_bar
    from klachtendesk.store.database import Store
    from klachtendesk.store.startup import start_notices

    store = Store.open(db_location(args))
    if store.read_only is not None:
        # Foreign SQL in the store: every command records what it did (an export too), and
        # nothing may be written, so none runs (the desk does not open it either).
        store.close()
        raise StoreError(store.read_only)
    try:
        refuse_user(args, store)
        for what in (need or "").split():
            require(store, what)
        with progress_bar(args, "Reservekopie van vandaag", "MB") as bar:
            notices = start_notices(store, backup=backup, stop_when_damaged=True, progress=bar)
    except (StoreError, CliError):
        store.close()
        raise
    for notice in notices:
        warn(notice)
    return store


def _user(value: str) -> str:
    """--user as every change will record it: cleaned as typed text is (no escape sequences
    or control characters, one line). A name that is empty once cleaned is refused: a
    change must say who made it."""
    try:
        name = clean_line(value, label="De naam")
    except DomainError as err:
        raise argparse.ArgumentTypeError(err.message) from None
    if not name:
        raise argparse.ArgumentTypeError("de naam is leeg (spaties en stuurtekens tellen niet mee); "
                                         "geef je naam, bv. --user \"Els Peeters\"")
    return name


def given_user(args: argparse.Namespace) -> str | None:
    """--user (already cleaned by the parser), or None when not given."""
    value = getattr(args, "user", None)
    return str(value) if value else None


def user_name(args: argparse.Namespace, store=None) -> str:  # type: ignore[no-untyped-def]
    """--user, else the name this login chose at the first run, else the login name. On a
    team server with logins: the login, always (``--user`` is refused there)."""
    login = getattr(store, "login", None)
    if login is not None:
        refuse_user(args, store)
        return str(login.name)
    given = given_user(args)
    if given:
        return given
    if store is not None:
        from klachtendesk.store import settings as settings_table

        with store.sessions.read() as session:
            remembered = clean_line(settings_table.get(session, f"login.{_login()}") or "")
        if remembered:
            return remembered
    return _login()


def _login() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = os.environ.get("USER", "")
    return clean_line(name) or "onbekend"


def _crash_log(exc: BaseException) -> Path | None:
    try:
        from platformdirs import user_log_path

        folder = user_log_path("klachtendesk", appauthor=False)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        if path.is_symlink() or (path.exists() and not path.is_file()):
            return None  # never write through a link or into something that is not a log
        # A traceback can quote case data: the log is readable by its owner only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(redact("".join(traceback.format_exception(exc))))
            handle.write("\n")
        return path
    except OSError:
        return None


def _log_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An error a library raises while its half-made objects are collected (openpyxl's sheet
    writers after a full disk repeat the error the user was already told about): for the
    crash log, not for the screen."""
    if unraisable.exc_value is not None:
        _crash_log(unraisable.exc_value)


def run_guarded(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    previous_hook, sys.unraisablehook = sys.unraisablehook, _log_unraisable
    try:
        return _run(handler, args)
    finally:
        gc.collect()  # what a failed command left half-made goes now, while the hook logs its errors
        sys.unraisablehook = previous_hook


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        if getattr(args, "today", None) is None:
            try:
                clock.check_environment()
            except clock.FrozenDateError as err:
                raise CliError(f"$KLACHTENDESK_TODAY: {err.message} (of verwijder de variabele).", 2) from None
        return handler(args) or 0
    except CliError as err:
        warn(err.message)
        return err.exit_code
    except StoreError as err:
        warn(err.message)
        return err.exit_code
    except DomainError as err:
        warn(err.message)
        return 1
    except KeyboardInterrupt:
        print("klachtendesk: onderbroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line for the user, the details in a log file
        where = _crash_log(exc)
        hint = f" Details staan in {where}." if where else ""
        warn(f"onverwachte fout ({type(exc).__name__}: {exc}).{hint}")
        return 70
