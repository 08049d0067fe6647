"""Commands about the store itself: init, presets, demo, and opening the desk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from klachtendesk.cli.common import CliError, add_common, db_path, user_name, warn


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("init", help="maak een nieuwe databank voor een organisatie")
    p.add_argument("--preset", required=True, metavar="NAAM|PAD",
                   help="een preset (zie 'klachtendesk presets') of een eigen .toml-bestand")
    add_common(p)
    p.set_defaults(handler=cmd_init)

    p = commands.add_parser("presets", help="toon de presets met hun organisatie")
    add_common(p)
    p.set_defaults(handler=cmd_presets)

    p = commands.add_parser("demo", help="maak een demodatabank (brandweer 2023 + open zaken)")
    p.add_argument("--no-tui", action="store_true", help="maak alleen de databank, open de desk niet")
    add_common(p)
    p.set_defaults(handler=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    from klachtendesk.presets import load_preset
    from klachtendesk.store.database import Store

    preset = load_preset(args.preset)
    path = db_path(args)
    path.parent.mkdir(parents=True, exist_ok=True) if _is_default(args) else None
    from klachtendesk.store.network import network_warning

    store = Store.create(path, preset, user=getattr(args, "user", None))
    store.close()
    print(f"Databank voor {preset.settings.organisation} gemaakt: {path}")
    warning = network_warning(path)
    if warning:
        warn(warning)
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


def _demo_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db).expanduser()
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="klachtendesk-demo-"))
    return folder / "demo.db"


def cmd_demo(args: argparse.Namespace) -> int:
    from klachtendesk.demo import DEMO_USER, build_demo

    path = _demo_path(args)
    if path.exists() and path.stat().st_size > 0:
        raise CliError(f"{path} bestaat al. Kies een nieuw pad met --db, of verwijder het bestand.")
    store = build_demo(path)
    store.close()
    print(f"Demodatabank gemaakt: {path}", file=sys.stderr if not args.no_tui else sys.stdout)
    if args.no_tui:
        return 0
    args.db = str(path)
    if not getattr(args, "user", None):
        args.user = DEMO_USER
    return open_desk(args)


def open_desk(args: argparse.Namespace) -> int:
    """Open the Textual application on the store (first-run screen when it does not exist)."""
    path = db_path(args)
    try:
        from klachtendesk.tui.app import run_app
    except ImportError:
        raise CliError(
            "De desk (schermtoepassing) is nog niet beschikbaar in deze versie; gebruik de "
            "opdrachten (klachtendesk --help)."
        ) from None
    keymap = getattr(args, "keymap", None)
    return run_app(path, user=getattr(args, "user", None), login_user=user_name(args),
                   keymap_path=Path(keymap) if keymap else None)
