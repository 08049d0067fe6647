"""Correspondence on the command line: mail in, files to a case, letters out, the case file."""

from __future__ import annotations

import argparse
from pathlib import Path

from klachtendesk.cli.common import CliError, add_common, add_force, open_store, say, user_name
from klachtendesk.cli.progress import progress_bar


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

    p = commands.add_parser("letter", help="maak een ontvangstmelding, antwoord of afsluiting (Word of e-mail)")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--kind", required=True, metavar="SOORT", help="ontvangstmelding, antwoord of afsluiting")
    p.add_argument("--format", dest="fmt", metavar="FORMAAT",
                   help="docx (brief) of eml (e-mail); standaard e-mail als de melder mailde")
    p.add_argument("-o", "--output", metavar="BESTAND", help="schrijf ook naar dit bestand")
    add_force(p)
    p.add_argument("--sent", action="store_true",
                   help="noteer meteen als verstuurd (ontvangstmelding verstuurd, of beantwoord en afgesloten)")
    add_common(p)
    p.set_defaults(handler=cmd_letter)

    p = commands.add_parser("template", help="stel het eigen Word-sjabloon van een soort brief in (of exporteer het)")
    p.add_argument("kind", metavar="SOORT", help="ontvangstmelding, antwoord of afsluiting")
    p.add_argument("file", nargs="?", metavar="BESTAND.docx", help="het sjabloon in huisstijl")
    p.add_argument("--export", metavar="BESTAND", help="schrijf het sjabloon dat nu gebruikt wordt naar een bestand")
    p.add_argument("--reset", action="store_true", help="gebruik weer het standaardsjabloon")
    add_force(p)
    add_common(p)
    p.set_defaults(handler=cmd_template)

    p = commands.add_parser("dossier", help="het volledige dossier van een zaak als HTML (om af te drukken)")
    p.add_argument("reference", metavar="REF")
    p.add_argument("-o", "--output", required=True, metavar="BESTAND.html")
    add_force(p)
    add_common(p)
    p.set_defaults(handler=cmd_dossier)


def cmd_mail(args: argparse.Namespace) -> int:
    from klachtendesk.domain.wording import cases
    from klachtendesk.mail.intake import MailFailed, read_mail

    store = open_store(args)
    try:
        with progress_bar(args, "E-mails inlezen", "berichten") as bar:
            outcomes = read_mail(store, [Path(p).expanduser() for p in args.paths], user=user_name(args, store),
                                 dry_run=args.dry_run, progress=bar)
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


def _case_id(store, reference: str) -> int:  # type: ignore[no-untyped-def]
    from klachtendesk.store.cases import find_by_reference

    with store.sessions.read() as session:
        case = find_by_reference(session, reference)
    if case is None:
        raise CliError(f"Er is geen zaak met referentie {reference}.")
    assert case.id is not None
    return case.id


def _output(value: str | None) -> Path | None:
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.parent.is_dir():
        raise CliError(f"De map {path.parent} bestaat niet.")
    return path


def cmd_letter(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.letters.make import make_letter, mark_sent
    from klachtendesk.outfile import check_target, store_files, write_private

    output = _output(args.output)
    kind = (args.kind or "").strip().lower()
    fmt = (args.fmt or "").strip().lower() or None
    store = open_store(args)
    try:
        protect = store_files(store.path)
        if output is not None:  # refused before the letter is made and kept with the case
            check_target(output, force=args.force, protect=protect)
        user = user_name(args, store)
        case_id = _case_id(store, args.reference)
        made = make_letter(store, case_id, kind, fmt, user=user, now=clock.now(), today=clock.today())
        if output is not None:
            write_private(output, made.data, force=args.force, protect=protect)
        what = "e-mailconcept" if made.format == "eml" else "brief"
        say(f"{args.reference}: {what} '{made.name}' gemaakt en bij de zaak bewaard"
            + (f"; geschreven naar {output}." if output else "."))
        if args.sent:
            say(mark_sent(store, case_id, made.kind, made.format, user=user, today=clock.today()))
    finally:
        store.close()
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.letters.docx_letter import default_template
    from klachtendesk.letters.fields import FIELDS, KIND_LABELS, KINDS
    from klachtendesk.letters.templates import set_team_template, team_template, team_template_name
    from klachtendesk.outfile import check_target, store_files, write_private

    kind = args.kind.strip().lower()
    if kind not in KINDS:
        raise CliError(f"Onbekende soort brief '{args.kind}': kies {', '.join(KINDS)}.")
    export = _output(args.export)
    store = open_store(args)
    try:
        user = user_name(args, store)
        if export is not None:
            check_target(export, force=args.force, protect=store_files(store.path))
        if args.reset:
            set_team_template(store, kind, "", None, user=user, now=clock.now())
            say(f"De {KIND_LABELS[kind]} gebruikt weer het standaardsjabloon.")
        elif args.file:
            path = Path(args.file).expanduser()
            if not path.is_file():
                raise CliError(f"{path} bestaat niet of is geen bestand.")
            set_team_template(store, kind, path.name, path.read_bytes(), user=user, now=clock.now())
            say(f"Sjabloon voor de {KIND_LABELS[kind]} ingesteld: {path.name}.")
        if export is not None:
            write_private(export, team_template(store, kind) or default_template(kind), force=args.force,
                          protect=store_files(store.path))
            say(f"Sjabloon voor de {KIND_LABELS[kind]} geschreven naar {export}.")
        if not (args.reset or args.file or export):
            name = team_template_name(store, kind)
            say(f"De {KIND_LABELS[kind]} gebruikt " + (f"het sjabloon '{name}'." if name else "het standaardsjabloon."))
            say("Velden die een sjabloon kan gebruiken:")
            for field, meaning in FIELDS.items():
                say(f"  {{{{{field}}}}}  {meaning}")
    finally:
        store.close()
    return 0


def cmd_dossier(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.domain.store_events import destination
    from klachtendesk.letters.dossier import gather, render_dossier
    from klachtendesk.outfile import store_files, write_private
    from klachtendesk.store.cases import log_store_event

    output = _output(args.output)
    assert output is not None
    store = open_store(args)
    try:
        case_id = _case_id(store, args.reference)
        html = render_dossier(store, gather(store, case_id), now=clock.now())
        write_private(output, html.encode("utf-8"), force=args.force, protect=store_files(store.path))
        with store.sessions.write() as session:
            log_store_event(session, "exported", f"Dossier {args.reference} geëxporteerd {destination(True, 'html')}",
                            user=user_name(args, store), now=clock.now())
    finally:
        store.close()
    say(f"Dossier {args.reference} geschreven naar {output}.")
    return 0
