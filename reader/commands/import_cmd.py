"""`reader import FILE...`: add papers from files to the user's library."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.catalog import files as catalog
from reader.library import ImportResult, Library
from reader.library_update import add_papers, summary
from reader.model import Paper
from reader.safe_text import for_terminal

NAME = "import"
HELP = "add papers from files (Daily Papers page or API JSON, arXiv Atom or RSS) to your library"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", type=Path, metavar="FILE",
        help="files to import; the format is recognised from the content",
    )


def run(args: argparse.Namespace) -> int:
    # Read and check every file before touching the library: one bad file imports nothing.
    papers: list[Paper] = []
    for path in args.files:
        papers.extend(catalog.parse_file(path))
    library = Library()
    result = add_papers(library, papers)
    origin = f"from {args.files[0]}" if len(args.files) == 1 else f"from {len(args.files)} files"
    print(for_terminal(summary("Imported", origin, result, library)))  # a file name is data too
    refresh_cache(result, library)
    return 0


def refresh_cache(result: ImportResult, library: Library | None = None) -> None:
    """Rebuild the catalog cache after the library changed, so the next start is fast
    (its progress shown on stderr when that is a terminal)."""
    if result.added or result.updated:
        from reader.catalog.cache import CatalogCache
        from reader.catalog.progress import TerminalBar

        bar = TerminalBar()
        try:
            CatalogCache.ensure_built(report=bar, library=library)
        finally:
            bar.close()
