"""`reader read ID|URL`: print a paper's full text (arXiv HTML), from the cache when it is
there, so a paper read once reads again with the network gone."""

from __future__ import annotations

import argparse
import shutil
import sys

from reader.commands.fetch_cmd import EXIT_NETWORK, _positive
from reader.errors import ReaderError

NAME = "read"
HELP = "print a paper's full text (arXiv HTML; cached for reading offline)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paper", metavar="ID|URL",
                        help="an arXiv id (2508.08468, arXiv:2508.08468v6) or the URL of an "
                             "arXiv HTML, ar5iv or abstract page")
    parser.add_argument("--format", choices=("text", "md"), default="text",
                        help="text (wrapped to --width) or md (Markdown, math as LaTeX)")
    parser.add_argument("--width", type=int, metavar="N",
                        help="wrap text at N columns (default: the terminal's, at most 100)")
    parser.add_argument("--refresh", action="store_true",
                        help="fetch again even when the paper is cached")
    parser.add_argument("--timeout", type=_positive, metavar="SECONDS",
                        help="give up after this long (default: fetch.toml's, or 30)")


def run(args: argparse.Namespace) -> int:
    from reader.fulltext import source
    from reader.fulltext.export import to_markdown, to_text

    what = source.target(args.paper)
    settings = source.load_settings()
    if args.timeout:
        settings = source.FullTextSettings(settings.html_url, settings.ar5iv_url, args.timeout)
    try:
        document, _ = source.open_paper(what, settings, refresh=args.refresh)
    except ReaderError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_NETWORK
    if args.format == "md":
        sys.stdout.write(to_markdown(document))
    else:
        width = args.width or min(shutil.get_terminal_size((80, 24)).columns, 100)
        if width < 20:
            raise ReaderError("--width must be at least 20 columns.")
        sys.stdout.write(to_text(document, width))
    return 0
