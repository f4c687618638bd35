"""`reader import FILE...`: add papers from files to the user's library."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader import catalog
from reader.library import ImportResult, Library
from reader.model import Paper

NAME = "import"
HELP = "add papers from files (Daily Papers page or API JSON, arXiv Atom or RSS) to your library"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", type=Path, metavar="FILE",
        help="files to import; the format is recognised from the content",
    )


def summary(verb: str, count_what: str, result: ImportResult, library: Library) -> str:
    """'Imported 30 papers from x.json into LIB: 28 new, 2 updated, 0 unchanged.'"""
    papers = "paper" if result.total == 1 else "papers"
    return (
        f"{verb} {result.total} {papers} {count_what} into {library.path}: "
        f"{result.added} new, {result.updated} updated, {result.unchanged} unchanged."
    )


def run(args: argparse.Namespace) -> int:
    # Read and check every file before touching the library: one bad file imports nothing.
    papers: list[Paper] = []
    for path in args.files:
        papers.extend(catalog.parse_file(path))
    library = Library()
    result = library.add(papers)
    origin = f"from {args.files[0]}" if len(args.files) == 1 else f"from {len(args.files)} files"
    print(summary("Imported", origin, result, library))
    refresh_cache(result, library)
    return 0


def refresh_cache(result: ImportResult, library: Library | None = None) -> None:
    """Rebuild the catalog cache after the library changed, so the next start is fast
    (its progress shown on stderr when that is a terminal)."""
    if result.added or result.updated:
        from reader.cache_progress import TerminalBar
        from reader.catalog_cache import CatalogCache

        bar = TerminalBar()
        try:
            CatalogCache.ensure_built(report=bar, library=library)
        finally:
            bar.close()
