"""`reader links`: print links one per line in page order, for pipes.

    reader links --starred | xargs -n1 git clone
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from reader.commands.args import add_db_argument, add_files_argument
from reader.commands.common import Entry
from reader.commands.selected import selected_entries
from reader.query import parse
from reader.query.select import add_query_arguments
from reader.safe_text import safe_url

NAME = "links"
HELP = "print the papers' code links (or project or all links), one per line"

KINDS = ("code", "project", "all")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_files_argument(parser)
    parser.add_argument("--starred", action="store_true", help="only starred papers")
    parser.add_argument("--kind", choices=KINDS, default="code",
                        help="which links: code (default), project, or all")
    add_db_argument(parser)
    add_query_arguments(parser)


def select_links(entries: Iterable[Entry], kind: str = "code", starred: bool = False) -> list[str]:
    """The URLs of `kind` ("all" for every link) in page order, each once."""
    urls: dict[str, None] = {}
    for entry in entries:
        if starred and not entry.state.starred:
            continue
        for link in entry.paper.links:
            if kind == "all" or link.kind == kind:
                urls.setdefault(link.url, None)
    return list(urls)


def _none_found(kind: str, starred: bool, papers: int) -> str:
    what = "links" if kind == "all" else f"{kind} links"
    among = f"{papers} starred paper{'s' if papers != 1 else ''}" if starred else \
        f"{papers} paper{'s' if papers != 1 else ''}"
    return f"reader: no {what} among the {among}."


def run(args: argparse.Namespace) -> int:
    query = parse(args.query)  # a bad query is refused before anything is read
    entries = selected_entries(args, query)
    urls = select_links(entries, args.kind, args.starred)
    if not urls:
        papers = sum(1 for e in entries if e.state.starred) if args.starred else len(entries)
        # A note for the person at the keyboard; the pipe stays empty.
        print(_none_found(args.kind, args.starred, papers), file=sys.stderr)
        return 0
    # Only http(s) links, each with any control or hiding character percent-encoded.
    safe = [url for url in map(safe_url, urls) if url is not None]
    sys.stdout.write("".join(url + "\n" for url in safe))
    return 0
