"""The year report on the command line: ``klachtendesk report (--year Y | --from D --to D) --format F``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from klachtendesk.cli.common import CliError, add_common, add_force, open_store, user_name
from klachtendesk.cli.progress import progress_bar

FORMAT_NAMES = "json, md, html, csv of xlsx"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("report", help="het jaarrapport: alle tabellen en het verhaal per categorie")
    # Checked in cmd_report rather than by argparse, so every mistake gets one Dutch line.
    p.add_argument("--year", metavar="JAAR", help="het rapportjaar van de organisatie")
    p.add_argument("--from", dest="start", metavar="DATUM", help="begin van een eigen periode (bv. 1/3/2023)")
    p.add_argument("--to", dest="end", metavar="DATUM", help="einde van een eigen periode (inbegrepen)")
    p.add_argument("--format", dest="fmt", metavar="FORMAAT", help=f"{FORMAT_NAMES}")
    p.add_argument("-o", "--output", metavar="BESTAND", help="schrijf naar dit bestand (anders naar het scherm)")
    p.add_argument("--table", metavar="ID", help="alleen deze tabel van het hoofdstuk, als csv (bv. kanalen)")
    add_force(p)
    add_common(p)
    p.set_defaults(handler=cmd_report)


def _format(value: str | None) -> str:
    from klachtendesk.report.export import FORMATS

    fmt = (value or "").strip().lower()
    if fmt not in FORMATS:
        given = f"'{value}' kent klachtendesk niet" if value else "ontbreekt"
        raise CliError(f"Het formaat {given}: kies --format {FORMAT_NAMES}.")
    return fmt


def _period(args: argparse.Namespace, settings):  # type: ignore[no-untyped-def]
    from klachtendesk.domain.dates import MAX_YEAR, MIN_YEAR, parse_date
    from klachtendesk.report.period import period_between, year_period

    if args.year is not None:
        if args.start is not None or args.end is not None:
            raise CliError("Kies --year of --from en --to, niet allebei.")
        text = args.year.strip()
        if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
            raise CliError(f"'{args.year}' is geen jaar: geef bv. --year 2023.")
        return year_period(settings, int(text))
    if args.start is None and args.end is None:
        raise CliError("Kies een periode: --year JAAR, of --from DATUM --to DATUM.")
    if args.start is None or args.end is None:
        raise CliError("Een eigen periode heeft een begin en een einde: geef --from DATUM en --to DATUM.")
    start = parse_date(args.start, field="from")
    end = parse_date(args.end, field="to")
    return period_between(settings, start, end)


def _output(value: str | None, fmt: str, force: bool = False) -> Path | None:
    if not value:
        if fmt == "xlsx":
            raise CliError("Een xlsx-bestand kan niet op het scherm: geef een bestand op met -o BESTAND.xlsx.")
        return None
    from klachtendesk.outfile import check_target

    return check_target(Path(value), force=force)


def cmd_report(args: argparse.Namespace) -> int:
    from klachtendesk import clock
    from klachtendesk.report.compute import compute_summary
    from klachtendesk.report.export import export_report

    fmt = _format(args.fmt or ("csv" if args.table else None))
    if args.table and fmt != "csv":
        raise CliError("Eén tabel (--table) schrijft klachtendesk als csv: geef --format csv.")
    path = _output(args.output, fmt, args.force)
    store = open_store(args, need="report")
    try:
        period = _period(args, store.settings)
        # The JSON carries the figures only: the narrative and the detail tables are not computed.
        with progress_bar(args, "Rapport berekenen", "stappen") as bar:
            summary = compute_summary(store, period.start, period.end, clock.today(),
                                      full=fmt not in ("json", "csv"), progress=bar)
            if args.table and args.table not in {t.id for t in summary.chapter}:
                known = ", ".join(t.id for t in summary.chapter) or "geen (het preset beschrijft er geen)"
                raise CliError(f"Het hoofdstuk heeft geen tabel '{args.table}'. Kies uit: {known}.")
            bar.phase("Rapport schrijven", "stappen")
            try:
                content = export_report(store, summary, fmt, path, user=user_name(args, store), table=args.table,
                                        force=args.force, progress=bar)
            except OSError as err:
                raise CliError(f"Kan {path} niet schrijven: {err.strerror or err}.") from None
    finally:
        store.close()
    if path is None:
        text = content if isinstance(content, str) else content.decode("utf-8")
        if sys.stdout.isatty():
            # Labels are cleaned when a preset is read; a store made before that may still
            # hold an escape sequence, which a terminal would act on. (A pipe gets the bytes.)
            from klachtendesk.domain.text import strip_controls

            text = strip_controls(text, multiline=True)
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    else:
        print(f"Rapport {summary.period.label} ({fmt}) geschreven naar {path}.")
    return 0
