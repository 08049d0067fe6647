"""Commands on the register: import, export, alerts."""

from __future__ import annotations

import argparse
from pathlib import Path

from klachtendesk.cli.common import CliError, add_common, add_force, open_store, say, user_name
from klachtendesk.cli.progress import progress_bar
from klachtendesk.domain.wording import cases


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("import", help="importeer een register (.csv of .xlsx)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--add-missing-labels", action="store_true",
                   help="voeg onbekende types, kanalen, categorieën ... toe in plaats van te weigeren")
    p.add_argument("--dry-run", action="store_true", help="controleer alleen; schrijf niets")
    p.add_argument("--sheet", metavar="NAAM",
                   help="het blad van een .xlsx-bestand (standaard: het actieve, zichtbare blad)")
    add_common(p)
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("export", help="exporteer de zaken als register (.csv of .xlsx)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--year", type=int, metavar="JAAR",
                   help="alleen zaken ontvangen in dit rapportjaar van de organisatie")
    p.add_argument("--include-staff-member", action="store_true",
                   help="neem de betrokken medewerker mee (gevoelig: standaard weggelaten)")
    add_force(p)
    add_common(p)
    p.set_defaults(handler=cmd_export)

    p = commands.add_parser("alerts", help="toon wat te laat is, bijna vervalt of niet bevestigd is")
    add_common(p)
    p.set_defaults(handler=cmd_alerts)


def cmd_import(args: argparse.Namespace) -> int:
    from klachtendesk.register.importer import ImportFailed, import_register

    store = open_store(args)
    try:
        with progress_bar(args, "Controleren" if args.dry_run else "Importeren", "rijen") as bar:
            result = import_register(store, Path(args.file), user=user_name(args, store),
                                     add_missing_labels=args.add_missing_labels, dry_run=args.dry_run,
                                     sheet_name=args.sheet, progress=bar)
    except ImportFailed as failed:
        result = failed.result
        for warning in result.warnings:
            say(f"let op: {warning}")
        for error in result.errors:
            say(f"{Path(args.file).name}, {error}")
        raise CliError(
            f"{len(result.errors)} fout(en) in {len({e.line for e in result.errors})} regel(s); "
            "er is niets geïmporteerd. Verbeter het bestand en probeer opnieuw."
        ) from None
    finally:
        store.close()
    for warning in result.warnings:
        say(f"let op: {warning}")
    for label in result.added_labels:
        say(f"toegevoegd: {label}")
    if result.dry_run:
        print(f"Controle geslaagd: {cases(result.rows)} "
              f"{'kan' if result.rows == 1 else 'kunnen'} geïmporteerd worden (niets geschreven).")
    else:
        print(f"{cases(result.created)} geïmporteerd.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from klachtendesk.outfile import check_target
    from klachtendesk.register.exporter import export_register

    path = check_target(Path(args.file), force=args.force)
    store = open_store(args, need="report staff" if args.include_staff_member else "report")
    try:
        with progress_bar(args, "Exporteren", "zaken") as bar:
            count = export_register(store, path, user=user_name(args, store), year=args.year,
                                    include_staff_member=args.include_staff_member, force=args.force, progress=bar)
    finally:
        store.close()
    print(f"{cases(count)} geëxporteerd naar {path}.")
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.domain.dates import format_date
    from klachtendesk.store.alerts import alerts

    store = open_store(args)
    today = clock.today()
    try:
        with store.sessions.read() as session:
            found = alerts(session, today, store.settings)
    finally:
        store.close()
    overdue = due_soon = unack = 0
    for alert in found:
        left = (alert.due - today).days
        if alert.overdue:
            overdue += 1
            state = f"TE LAAT ({-left} d)"
        elif alert.due_soon:
            due_soon += 1
            state = "VANDAAG" if left == 0 else f"BIJNA ({left} d)"
        else:
            state = "BEVESTIGEN"
        if alert.unacknowledged:
            unack += 1
            if alert.overdue or alert.due_soon:
                state += " +bevestigen"
        title = alert.title.replace("\n", " ")
        if len(title) > 60:
            title = title[:59] + "…"
        say(f"{alert.reference:<12} {state:<24} termijn {format_date(alert.due):<10}  {title}")
    print(f"{overdue} te laat, {due_soon} binnen 3 werkdagen, {unack} zonder ontvangstmelding "
          f"op tijd ({cases(len(found))}).")
    return 0


__all__ = ["register", "CliError"]
