"""Commands about the store itself: init, presets, demo, and opening the desk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from klachtendesk.cli.common import CliError, add_common, db_location, given_user, open_store, say, user_name, warn
from klachtendesk.store.location import Location, parse_location


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("init", help="maak een nieuwe databank voor een organisatie")
    p.add_argument("--preset", required=True, metavar="NAAM|PAD",
                   help="een preset (zie 'klachtendesk presets') of een eigen .toml-bestand")
    add_common(p)
    p.set_defaults(handler=cmd_init)

    p = commands.add_parser("presets", help="toon de presets met hun organisatie")
    add_common(p)
    p.set_defaults(handler=cmd_presets)

    p = commands.add_parser("footer", help="toon of wijzig de vaste slottekst van elk antwoord "
                                           "(bv. de contactgegevens van de ombudsvrouw)")
    p.add_argument("text", nargs="?", metavar="TEKST",
                   help="de nieuwe slottekst; '-' leest ze (ook over meer regels) van de standaardinvoer")
    add_common(p)
    p.set_defaults(handler=cmd_footer)

    p = commands.add_parser("demo", help="maak een demodatabank (brandweer 2023 + open zaken)")
    p.add_argument("--no-tui", action="store_true", help="maak alleen de databank, open de desk niet")
    add_common(p)
    p.set_defaults(handler=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    from klachtendesk.presets import load_preset
    from klachtendesk.store.database import Store

    preset = load_preset(args.preset)
    location = db_location(args)
    if location.path is not None and _is_default(args):
        location.path.parent.mkdir(parents=True, exist_ok=True)
    from klachtendesk.store.network import network_warning

    store = Store.create(location, preset, user=given_user(args))
    store.close()
    say(f"Databank voor {preset.settings.organisation} gemaakt: {location}")
    warning = network_warning(location.path) if location.path is not None else None
    if warning:
        warn(warning)
    return 0


def cmd_footer(args: argparse.Namespace) -> int:
    """Show the answer footer, or set it (recorded in the event log)."""
    from klachtendesk import clock
    from klachtendesk.store.settings import set_answer_footer

    store = open_store(args)
    try:
        settings = store.settings
        if args.text is None:
            if settings.answer_footer:
                say(settings.answer_footer)
            elif settings.answer_footer_required:
                say("Er is nog geen slottekst ingesteld, en deze organisatie vraagt er een in elk antwoord. "
                    "Geef ze met: klachtendesk footer \"TEKST\".")
            else:
                say("Er is geen slottekst ingesteld.")
            return 0
        text = sys.stdin.read() if args.text == "-" else args.text
        with store.sessions.write() as session:
            changed = set_answer_footer(session, text, user=user_name(args, store), now=clock.now())
    finally:
        store.close()
    print("Slottekst bewaard: elk nieuw ontwerpantwoord krijgt ze." if changed
          else "De slottekst was al zo; er is niets gewijzigd.")
    return 0


def _is_default(args: argparse.Namespace) -> bool:
    import os

    return not getattr(args, "db", None) and not os.environ.get("KLACHTENDESK_DB")


def cmd_presets(args: argparse.Namespace) -> int:
    from klachtendesk.presets import list_presets

    presets = list_presets()
    width = max(len(p.name) for p in presets)
    for info in presets:
        print(f"{info.name:<{width}}  {info.organisation}")
    return 0


def _demo_location(args: argparse.Namespace) -> Location:
    if getattr(args, "db", None):
        return parse_location(args.db)
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="klachtendesk-demo-"))
    return parse_location(folder / "demo.db")


def cmd_demo(args: argparse.Namespace) -> int:
    from klachtendesk.demo import DEMO_USER, build_demo
    from klachtendesk.store.database import store_exists

    location = _demo_location(args)
    if store_exists(location):
        raise CliError(f"{location} bestaat al. Kies een nieuw pad met --db, of verwijder het bestand.")
    store = build_demo(location)
    store.close()
    print(f"Demodatabank gemaakt: {location}", file=sys.stderr if not args.no_tui else sys.stdout)
    if args.no_tui:
        return 0
    args.db = location.url or str(location.path)
    if not getattr(args, "user", None) and location.is_sqlite:  # a server names its login
        args.user = DEMO_USER
    return open_desk(args)


def open_desk(args: argparse.Namespace) -> int:
    """Open the Textual application on the store (first-run screen when it does not exist)."""
    location = db_location(args)
    try:
        from klachtendesk.tui.app import run_app
    except ImportError:
        raise CliError(
            "De desk (schermtoepassing) is nog niet beschikbaar in deze versie; gebruik de "
            "opdrachten (klachtendesk --help)."
        ) from None
    keymap = getattr(args, "keymap", None)
    return run_app(location, user=given_user(args), login_user=user_name(args),
                   keymap_path=Path(keymap) if keymap else None)
