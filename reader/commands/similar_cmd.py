"""`reader similar ID`: the papers of the library most like one paper, with the words they share.

    reader similar 2509.12345 --limit 5
    reader similar 2509.12345 --format json | jq -r '.[].id'
"""

from __future__ import annotations

import argparse
import json
import sys

from reader.commands.args import add_files_argument
from reader.errors import ReaderError
from reader.model import Paper
from reader.query.index import SearchIndex
from reader.query.similar import Similar, similar

NAME = "similar"
HELP = "print the papers most like one paper (more like this), with the words they share"


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{value} is not between 1 and 1000")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the paper's id (the id of `reader list --format json`)")
    add_files_argument(parser)
    parser.add_argument("--limit", type=_limit, default=10, metavar="N",
                        help="how many papers (default 10)")
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="output format (default: table)")


def _library(files: list) -> tuple[list[Paper], SearchIndex, object]:
    """The papers and their search index: of `files`, or of the library's catalog cache
    (its index is read from the cache file, not built again)."""
    if files:
        from reader.catalog import files as catalog

        papers = catalog.load(files)
        return papers, SearchIndex(papers, substrings=False), None
    from reader.catalog.cache import CatalogCache

    cache = CatalogCache.open()
    return cache.papers(), cache.search_index(), cache


def format_table(paper: Paper, papers: list[Paper], found: list[Similar],
                 width: int = 100) -> str:
    lines = [f"Similar to {paper.id}: {paper.title}"]
    id_width = min(64, max((len(papers[s.position].id) for s in found), default=2))
    for item in found:
        other = papers[item.position]
        room = max(20, width - id_width - 8)
        title = other.title if len(other.title) <= room else other.title[: room - 1] + "…"
        lines.append(f"{other.id[:id_width].ljust(id_width)} {item.score:6.1f} {title}")
        if item.shared:
            lines.append(f"{'':{id_width}}        shares: {', '.join(item.shared[:8])}")
    return "\n".join(lines)


def _by_start(ids: list[str], start: str) -> list[int]:
    """The position of the one paper whose id starts with `start` (`reader list`'s table
    cuts long ids to 32 characters); [] for none. Several: one sentence asking for more."""
    found = [n for n, paper_id in enumerate(ids) if start and paper_id.startswith(start)]
    if len({ids[n] for n in found}) > 1:
        raise ReaderError(f"'{start}' starts the ids of {len(found)} papers; give more of it.")
    return found[:1]


def run(args: argparse.Namespace) -> int:
    papers, index, cache = _library(args.files)
    try:
        positions = index.positions(args.id) or _by_start(index.ids, args.id)
        if not positions:
            raise ReaderError(f"No paper with id '{args.id}' in "
                              f"{'those files' if args.files else 'your library'}.")
        found = similar(index, positions[0], args.limit)
    finally:
        if cache is not None:
            cache.close()
    paper = papers[positions[0]]
    if args.format == "json":
        records = [{"id": papers[s.position].id, "title": papers[s.position].title,
                    "score": s.score, "shared": list(s.shared)} for s in found]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_table(paper, papers, found) + "\n")
        if not found:
            print("reader: no other paper shares its words.", file=sys.stderr)
    return 0
