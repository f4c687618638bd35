"""`reader export`: write the reading list as Markdown, BibTeX, JSON or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.commands.args import add_db_argument, add_files_argument
from reader.commands.selected import selected_entries
from reader.export import RENDERERS, format_for, render, write_export
from reader.query import parse
from reader.query.select import add_query_arguments
from reader.safe_text import for_terminal

NAME = "export"
HELP = "export papers (all, or --starred) as Markdown, BibTeX, JSON or CSV"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_files_argument(parser)
    parser.add_argument("--starred", action="store_true", help="only the starred papers")
    parser.add_argument(
        "--format", choices=tuple(RENDERERS),
        help="md, bib, json or csv (default: from the -o file's suffix, else md)",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write to FILE (atomically) instead of standard output")
    add_query_arguments(parser)
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    query = parse(args.query)  # a bad query is refused before anything is read
    entries = selected_entries(args, query)
    if args.starred:
        entries = [entry for entry in entries if entry.state.starred]
    fmt = args.format or (format_for(args.output) if args.output else None) or "md"
    if args.output is None:
        sys.stdout.write(for_terminal(render(entries, fmt)))  # stdout is often a terminal
        return 0
    write_export(entries, fmt, args.output)
    count = len(entries)
    print(for_terminal(f"Exported {count} paper{'' if count == 1 else 's'} to {args.output} ({fmt})."))
    return 0
