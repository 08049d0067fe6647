"""The command line: ``klachtendesk [COMMAND] [--db PATH] [--today D] [--user NAME]``.

Without a command it opens the desk (the Textual application). Every failure a user can
cause ends in one Dutch line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from klachtendesk import __version__
from klachtendesk.cli import (
    argparse_nl,
    commands_copy,
    commands_mail,
    commands_register,
    commands_report,
    commands_store,
    commands_trust,
    commands_users,
)
from klachtendesk.cli.common import CliError, add_common, run_guarded

MODULES = (commands_store, commands_register, commands_report, commands_trust, commands_mail, commands_copy,
           commands_users)


def build_parser() -> argparse.ArgumentParser:
    argparse_nl.install()
    parser = argparse.ArgumentParser(
        prog="klachtendesk",
        description="Klachtendesk: registreer, behandel en rapporteer klachten.",
    )
    parser.add_argument("--version", action="version", version=f"klachtendesk {__version__}",
                        help="toon het versienummer en stop")
    add_common(parser, top=True)
    parser.add_argument("--keymap", metavar="BESTAND",
                        help="de desk met andere toetsen uit dit TOML-bestand (anders keymap.toml in de "
                             "configuratiemap, zie de README)")
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    for module in MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from klachtendesk.cli.commands_store import open_desk

        handler = open_desk
    return run_guarded(handler, args)


__all__ = ["CliError", "main", "build_parser"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
