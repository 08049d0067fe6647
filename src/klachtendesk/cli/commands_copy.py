"""``copy-store``: move a whole store to another engine (a SQLite file to a team server and
back), events included, and prove the copy: the same rows in every table and the same year
report for every year."""

from __future__ import annotations

import argparse
import json

from klachtendesk.cli.common import (
    CliError,
    add_common,
    db_location,
    refuse_user,
    require,
    say,
    user_name,
    warn,
)
from klachtendesk.cli.progress import Bar, progress_bar


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("copy-store", help="kopieer de hele databank naar (--to) of van (--from) een andere "
                                               "(bestand of postgresql://...)")
    direction = p.add_mutually_exclusive_group(required=True)
    direction.add_argument("--to", metavar="PAD|URL", help="een nieuw bestand of een lege databank op een server")
    direction.add_argument("--from", dest="source", metavar="PAD|URL",
                           help="kopieer deze databank naar --db (dat een nieuw bestand of een lege databank is)")
    add_common(p)
    p.set_defaults(handler=cmd_copy_store)


def _reports(store, bar: Bar) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """The JSON year report of every year the store has cases in."""
    from klachtendesk import clock
    from klachtendesk.report.compute import compute_summary
    from klachtendesk.report.export_json import summary_data
    from klachtendesk.report.period import year_period
    from klachtendesk.store.cases import received_years

    with store.sessions.read() as session:
        years = received_years(session)
    reports = {}
    bar(0, len(years))
    for year in years:
        period = year_period(store.settings, year)
        summary = compute_summary(store, period.start, period.end, clock.today(), full=True)
        reports[year] = json.dumps(summary_data(summary), sort_keys=True, ensure_ascii=False)
        bar(len(reports), len(years))
    return reports


def cmd_copy_store(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.store.cases import log_store_event
    from klachtendesk.store.copy import copy_store
    from klachtendesk.store.database import Store
    from klachtendesk.store.location import parse_location

    if args.to:
        source_location, target_location = db_location(args), parse_location(args.to)
    else:
        source_location, target_location = parse_location(args.source), db_location(args)
    source = Store.open(source_location)
    try:
        refuse_user(args, source)
        require(source, "manage")
        with progress_bar(args, "Kopiëren", "rijen") as bar:
            tables: list[str] = []

            def copied(table: str, rows: int) -> None:
                if not tables or tables[-1] != table:
                    tables.append(table)
                    bar.phase(f"Kopiëren: {table}", "rijen")
                bar(rows, 0)

            result = copy_store(source, target_location, progress=copied)
            target = Store.open(target_location)
            try:
                bar.phase("Jaarrapporten van het origineel", "jaar")
                before = _reports(source, bar)
                bar.phase("Jaarrapporten van de kopie", "jaar")
                after = _reports(target, bar)
            except BaseException:
                target.close()
                raise
        try:
            if before != after:
                differing = sorted(year for year in before if before[year] != after.get(year))
                raise CliError(f"De jaarrapporten van de kopie verschillen van die van {source.name} "
                               f"({', '.join(map(str, differing))}). Gebruik de kopie niet; meld dit als fout.")
            user = user_name(args, source)
            note = f"Databank gekopieerd van {source.name} naar {target.name}"
            with target.sessions.write() as session:
                log_store_event(session, "copied", note, user=user, now=clock.now())
            with source.sessions.write() as session:
                log_store_event(session, "copied", note, user=user, now=clock.now())
        finally:
            target.close()
    finally:
        source.close()
    cases = result.counts.get("case_file", 0)
    events = result.counts.get("event", 0)
    say(f"Gekopieerd naar {target_location}: {cases} zaken en {events} gebeurtenissen; elke tabel telt evenveel "
        f"rijen en de jaarrapporten van {len(before)} jaar zijn gelijk.")
    if target_location.is_postgresql:
        warn("Laat iedereen voortaan met --db (of KLACHTENDESK_DB) op de nieuwe databank werken; de oude blijft "
             "zoals ze was.")
    return 0
