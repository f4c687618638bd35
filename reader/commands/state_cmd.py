"""`reader state export|import FILE.json`: carry read/starred/tags/notes between machines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.commands.args import add_db_argument, state_path
from reader.state import StateStore, read_state_file

NAME = "state"
HELP = "export or import your reading state (read, starred, tags, notes) as JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="write every paper's state to FILE (atomically)",
        description="Write every paper's state to FILE, atomically.")
    export.add_argument("file", type=Path, metavar="FILE.json")
    add_db_argument(export)
    imp = actions.add_parser(
        "import", help="merge FILE into your state: per field, the newer change wins",
        description="Merge the state in FILE (from `reader state export`, or another "
                    "machine's state file) into yours; for each field the newer change wins.")
    imp.add_argument("file", type=Path, metavar="FILE.json")
    add_db_argument(imp)


def _plural(count: int) -> str:
    return f"{count} paper{'' if count == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    if args.action == "import":
        incoming = read_state_file(args.file)  # before opening the store: bad file, no change
    with StateStore(state_path(args)) as store:
        if store.notice:
            print(f"reader: {store.notice}", file=sys.stderr)
        if args.action == "export":
            count = store.export(args.file)
            print(f"Exported the state of {_plural(count)} to {args.file}.")
        else:
            changed = store.merge(incoming)
            print(f"Imported {args.file}: {_plural(len(incoming))}, {len(changed)} changed.")
    return 0
