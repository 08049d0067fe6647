"""Correspondence on the command line: mail in, files to a case, letters out, the case file."""

from __future__ import annotations

import argparse
from pathlib import Path

from klachtendesk.cli.common import CliError, add_common, open_store, say, user_name


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("mail", help="lees e-mails (.eml, mappen, Maildir, mbox) in als zaken")
    p.add_argument("paths", nargs="+", metavar="PAD")
    p.add_argument("--dry-run", action="store_true", help="toon wat er zou gebeuren; schrijf niets")
    add_common(p)
    p.set_defaults(handler=cmd_mail)

    p = commands.add_parser("attach", help="voeg bestanden toe aan een zaak")
    p.add_argument("reference", metavar="REF")
    p.add_argument("files", nargs="+", metavar="BESTAND")
    add_common(p)
    p.set_defaults(handler=cmd_attach)


def cmd_mail(args: argparse.Namespace) -> int:
    from klachtendesk.domain.wording import cases
    from klachtendesk.mail.intake import MailFailed, read_mail

    store = open_store(args)
    try:
        outcomes = read_mail(store, [Path(p).expanduser() for p in args.paths], user=user_name(args, store),
                             dry_run=args.dry_run)
    except MailFailed as failed:
        for outcome in failed.outcomes:
            say(outcome.line())
        raise CliError(f"{len(failed.outcomes)} bericht(en) onleesbaar; er is niets ingelezen. Verwijder of "
                       "vervang ze en probeer opnieuw.") from None
    finally:
        store.close()
    for outcome in outcomes:
        say(outcome.line())
        for warning in outcome.warnings:
            say(f"  let op: {warning}")
    new = sum(o.kind == "new" for o in outcomes)
    added = sum(o.kind == "added" for o in outcomes)
    skipped = sum(o.kind == "skipped" for o in outcomes)
    summary = f"{cases(new)} nieuw, {added} toegevoegd aan een zaak, {skipped} overgeslagen"
    say(summary + (" (proef: niets geschreven)." if args.dry_run else "."))
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.domain.files import format_size
    from klachtendesk.store.attachments import add_attachment
    from klachtendesk.store.cases import find_by_reference

    files = [Path(f).expanduser() for f in args.files]
    for path in files:
        if not path.is_file():
            raise CliError(f"{path} bestaat niet of is geen bestand.")
    store = open_store(args)
    try:
        user = user_name(args, store)
        limit = store.settings.attachment_max_mb
        for path in files:
            if path.stat().st_size > limit * 1_000_000:
                raise CliError(f"{path.name} is te groot ({format_size(path.stat().st_size)}; maximaal "
                               f"{limit} MB); er is niets toegevoegd.")
        with store.sessions.write() as session:
            case = find_by_reference(session, args.reference)
            if case is None:
                raise CliError(f"Er is geen zaak met referentie {args.reference}.")
            added = [add_attachment(session, case.id, path.name, path.read_bytes(), user=user,  # type: ignore[arg-type]
                                    now=clock.now(), limit_mb=limit, content_type=_guess_type(path))
                     for path in files]
            reference = case.reference
    finally:
        store.close()
    for info in added:
        say(f"{reference}: bijlage {info.name} ({info.size_text}) toegevoegd.")
    return 0


def _guess_type(path: Path) -> str:
    import mimetypes

    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"
