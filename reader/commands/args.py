"""Arguments shared by the top-level parser and the subcommands (no heavy imports here)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader import paths

if TYPE_CHECKING:
    import argparse


def add_files_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE",
        help="files of papers (default: your library: the built-in catalog plus what you imported)",
    )


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, metavar="PATH",
        help=f"state file to use (default: {paths.default_state_path()})",
    )


def state_path(args: argparse.Namespace) -> Path:
    return args.db if getattr(args, "db", None) else paths.default_state_path()
