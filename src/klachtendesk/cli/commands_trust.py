"""Commands that keep the register trustworthy: check, backup, restore, retention, person."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from klachtendesk.cli.common import (
    CliError,
    add_common,
    add_force,
    db_location,
    open_store,
    say,
    user_name,
    warn,
)
from klachtendesk.cli.progress import progress_bar
from klachtendesk.domain.wording import cases


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("check", help="controleer de databank (integriteit, verwijzingen, schema)")
    add_common(p)
    p.set_defaults(handler=cmd_check)

    p = commands.add_parser("backup", help="maak nu een reservekopie (standaard in backups/ naast de databank)")
    p.add_argument("dest", nargs="?", metavar="DOEL", help="een map of een nieuwe bestandsnaam")
    p.add_argument("--keep-daily", type=int, metavar="N", help="bewaar voortaan N dagelijkse kopieën (standaard 14)")
    p.add_argument("--keep-monthly", type=int, metavar="N",
                   help="bewaar voortaan N maandelijkse kopieën (standaard 12)")
    add_common(p)
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser("restore", help="zet een reservekopie terug (de huidige databank blijft bewaard)")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--other-organisation", action="store_true",
                   help="zet ook een reservekopie van een andere organisatie terug")
    add_common(p)
    p.set_defaults(handler=cmd_restore)

    p = commands.add_parser("retention", help="toon (of anonimiseer met --apply) zaken voorbij de bewaartermijn")
    p.add_argument("--apply", action="store_true", help="anonimiseer de getoonde zaken")
    add_common(p)
    p.set_defaults(handler=cmd_retention)

    p = commands.add_parser("person", help="exporteer alles over één melder (inzageverzoek, JSON)")
    p.add_argument("query", metavar="NAAM|E-MAIL")
    p.add_argument("-o", "--output", metavar="BESTAND", help="schrijf naar een bestand in plaats van naar het scherm")
    p.add_argument("--include-staff-member", action="store_true",
                   help="neem de betrokken medewerker mee (gevoelig: standaard weggelaten)")
    add_force(p)
    add_common(p)
    p.set_defaults(handler=cmd_person)


def cmd_check(args: argparse.Namespace) -> int:
    from klachtendesk.store.health import check_store
    from klachtendesk.store.network import network_warning

    location = db_location(args)
    warning = network_warning(location.path) if location.path is not None else None
    if warning:
        warn(warning)
    with progress_bar(args, "Controleren", "controles") as bar:
        health = check_store(location, progress=bar)
    say(f"Databank:     {location}")
    say(f"Schema:       {health.schema}")
    checks = [("Integriteit: ", health.integrity), ("Verwijzingen:", health.foreign_keys),
              ("Zoekindex:   ", health.search_index), ("Vreemde SQL: ", health.foreign_objects)]
    if health.access is not None:
        checks.append(("Rechten:     ", health.access))
    for title, problems in checks:
        if problems is None and title.startswith("Vreemde") and health.not_compared:
            say(f"{title} niet gecontroleerd ({health.not_compared})")
            continue
        if problems is None:
            say(f"{title} niet gecontroleerd (eerst moet de integriteit in orde zijn)")
            continue
        say(f"{title} {_problems(len(problems)) if problems else 'in orde'}")
        for problem in problems:
            say(f"  - {problem}")
    if health.foreign_objects and len(health.foreign_objects) == len(health.problems):
        raise CliError(f"De databank {location} bevat SQL die klachtendesk niet heeft gemaakt "
                       f"({_problems(len(health.problems))}, zie hierboven). Zet een goede reservekopie terug met "
                       "'klachtendesk restore'.")
    if health.access and len(health.access) == len(health.problems):
        raise CliError(f"De rechten op {location} zijn niet in orde ({_problems(len(health.access))}, zie "
                       "hierboven): herstel ze zoals aangegeven.")
    if not health.ok:
        raise CliError(f"De databank {location} is beschadigd ({_problems(len(health.problems))}, zie "
                       "hierboven). Zet een reservekopie terug met 'klachtendesk restore'.")
    return 0


def _problems(count: int) -> str:
    return "1 probleem" if count == 1 else f"{count} problemen"


def cmd_backup(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.store.backup import backup_to, set_keep_counts

    store = open_store(args, backup=False, need="manage")
    try:
        user = user_name(args, store)
        if args.keep_daily is not None or args.keep_monthly is not None:
            daily, monthly = set_keep_counts(store, daily=args.keep_daily, monthly=args.keep_monthly,
                                             user=user, now=clock.now())
            say(f"Voortaan worden {daily} dagelijkse en {monthly} maandelijkse kopieën bewaard.")
        with progress_bar(args, "Reservekopie", "MB") as bar:
            target = backup_to(store, Path(args.dest).expanduser() if args.dest else None, user=user,
                               now=clock.now(), progress=bar)
    finally:
        store.close()
    say(f"Reservekopie gemaakt: {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.store.backup import restore

    with progress_bar(args, "Terugzetten", "MB") as bar:
        result = restore(db_location(args), Path(args.file).expanduser(), user=user_name(args), now=clock.now(),
                         other_organisation=args.other_organisation, progress=bar)
    say(f"Reservekopie teruggezet in {result.path}.")
    if result.aside is not None:
        say(f"De vorige databank is bewaard als {result.aside}.")
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.domain.dates import format_date
    from klachtendesk.store.retention import anonymise, compaction_due, due_cases

    store = open_store(args, need="owner" if args.apply else None)
    try:
        years = store.settings.retention_years
        if years <= 0:
            raise CliError("Er is geen bewaartermijn ingesteld (retention_years); er wordt niets geanonimiseerd.")
        cutoff, due = due_cases(store, clock.today())
        for case in due:
            title = case.title.replace("\n", " ")
            say(f"{case.reference:<12} afgesloten {format_date(case.answered):<10}  {title[:70]}")
        scope = f"afgesloten vóór {format_date(cutoff)}, bewaartermijn {years} jaar"
        if not args.apply:
            say(f"{cases(len(due))} {scope}. Anonimiseer ze met 'klachtendesk retention --apply'.")
            if compaction_due(store):
                say("Het opruimen na een vorige anonimisering is nog niet af: "
                    "'klachtendesk retention --apply' maakt het af.")
            return 0
        with progress_bar(args, "Anonimiseren", "zaken") as bar:
            run = anonymise(store, due, user=user_name(args, store), now=clock.now(), cutoff=cutoff, progress=bar)
    finally:
        store.close()
    say(f"{cases(run.anonymised)} geanonimiseerd ({scope}).")
    if run.events_rewritten:
        say(f"{run.events_rewritten} {'melding' if run.events_rewritten == 1 else 'meldingen'} in het logboek van "
            "de databank noemde(n) een bestand: die naam is eruit gehaald.")
    return _compaction_outcome(run, store)


def _compaction_outcome(run: Any, store: Any) -> int:
    """What the compaction after the anonymisation did; 1 when old data is still in the store."""
    from klachtendesk.store.retention import DONE, FAILED, HELD_UP

    compaction = run.compaction
    if compaction is None:
        return 0
    if compaction.state == DONE:
        if not (run.anonymised or run.events_rewritten):
            say("Het opruimen na de vorige anonimisering is afgemaakt: de oude gegevens zijn uit de databank.")
        return 0
    again = "Voer daarna 'klachtendesk retention --apply' opnieuw uit: dat ruimt op zonder opnieuw te anonimiseren."
    kept = "De anonimisering is bewaard"
    if compaction.state == FAILED:
        fix = "Maak ruimte vrij (zoveel als de databank groot is)." if "vol" in compaction.reason \
            else "Verhelp dat."
        where = "op de server (oude versies van de rijen)" if store.path is None \
            else f"in de vrije ruimte van {store.path.name}"
        warn(f"{kept}, maar het opruimen van de oude gegevens is mislukt ({compaction.reason}): ze staan nog "
             f"{where}. {fix} {again}")
    elif compaction.state == HELD_UP and store.path is None:
        warn(f"{kept}, maar een andere werkpost gebruikt de databank nog: de oude versies van de gewijzigde rijen "
             f"blijven op de server tot het opruimen (VACUUM FULL) kan. Laat iedereen de desk sluiten. {again}")
    elif compaction.state == HELD_UP:
        warn(f"{kept}, maar een ander programma leest de databank nog (een open venster van klachtendesk of een "
             f"ander programma): de oude gegevens blijven in {store.path.name} en {store.path.name}-wal tot het "
             f"stopt. Sluit het. {again}")
    return 1


def cmd_person(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.outfile import check_target
    from klachtendesk.register.person import export_person

    output = check_target(Path(args.output), force=args.force) if args.output else None
    store = open_store(args, need="report staff" if args.include_staff_member else "report")
    try:
        record, body = export_person(store, args.query, output, user=user_name(args, store), now=clock.now(),
                                     include_staff_member=args.include_staff_member, force=args.force)
    finally:
        store.close()
    if output is None:
        sys.stdout.write(body)
    where = f"naar {output}" if output is not None else ""
    warn(f"{cases(record['aantal_zaken'])} gevonden voor '{record['zoekopdracht']}' {where}".rstrip() + ".")
    return 0
