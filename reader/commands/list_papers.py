"""`reader list`: print papers for scripts, as a table, JSON or JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys

from reader.commands.args import add_db_argument, add_files_argument
from reader.commands.common import Entry
from reader.commands.json_out import dump_list
from reader.commands.selected import selected_entries
from reader.query import parse
from reader.query.select import add_query_arguments
from reader.safe_text import for_terminal

NAME = "list"
HELP = "print papers (table or JSON) for scripts"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_files_argument(parser)
    parser.add_argument("--format", choices=("table", "json", "jsonl"), default="table",
                        help="output format: table (default), json (one indented array), "
                             "jsonl (JSON Lines: one paper a line, compact; ~3x faster for "
                             "large libraries)")
    add_query_arguments(parser)
    add_db_argument(parser)


def format_table(entries: list[Entry], width: int = 100) -> str:
    id_width = max((len(e.paper.id) for e in entries), default=2)
    id_width = min(id_width, 32)
    lines = []
    for entry in entries:
        flags = ("*" if entry.state.starred else " ") + (" " if entry.state.read else "N")
        code = "code" if entry.paper.primary_code_link else "    "
        paper_id = entry.paper.id[:id_width].ljust(id_width)
        tags = ",".join(t for t in entry.paper.tags if t != "has-code")[:30]
        room = max(20, width - id_width - len(flags) - len(code) - len(tags) - 4)
        title = entry.paper.title
        title = title if len(title) <= room else title[: room - 1] + "…"
        lines.append(f"{paper_id} {flags} {title.ljust(room)} {code} {tags}".rstrip())
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    query = parse(args.query)  # a malformed query stops here, before anything is read
    entries = selected_entries(args, query)
    # for_terminal: data stored before it was made inert on entry is made inert on the way out.
    if args.format == "json":
        dump_list([e.to_dict() for e in entries], _Inert(sys.stdout))
        sys.stdout.write("\n")
    elif args.format == "jsonl":  # the json module's C encoder: it has no indented form
        out = _Inert(sys.stdout)
        for entry in entries:
            out.write(json.dumps(entry.to_dict(), ensure_ascii=False) + "\n")
    else:
        if entries:
            sys.stdout.write(for_terminal(format_table(entries)) + "\n")
    return 0


class _Inert:
    """A stream that makes what is written to it inert for a terminal (`for_terminal`)."""

    def __init__(self, stream) -> None:  # noqa: ANN001 - any text stream
        self.stream = stream

    def write(self, text: str) -> None:
        self.stream.write(for_terminal(text))
