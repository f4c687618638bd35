"""`reader prefetch --starred`: fetch the full text of every starred paper, for reading
offline (a train ride). One request at a time, a pause between two, cached papers skipped."""

from __future__ import annotations

import argparse
import sys

from reader.commands.args import add_db_argument, add_files_argument
from reader.commands.fetch_cmd import EXIT_NETWORK, _positive
from reader.fulltext.prefetch import DEFAULT_PAUSE

NAME = "prefetch"
HELP = "fetch starred papers' full text so they read offline"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_files_argument(parser)
    parser.add_argument("--starred", action="store_true", required=True,
                        help="every starred paper with an arXiv id")
    parser.add_argument("--refresh", action="store_true",
                        help="fetch again papers already cached")
    parser.add_argument("--pause", type=float, default=DEFAULT_PAUSE, metavar="SECONDS",
                        help=f"wait between two requests (default {DEFAULT_PAUSE:g})")
    parser.add_argument("--timeout", type=_positive, metavar="SECONDS",
                        help="give up on one paper after this long")
    add_db_argument(parser)


def starred_ids(args: argparse.Namespace) -> list[str]:
    from reader.commands.common import load_entries

    ids: list[str] = []
    for entry in load_entries(args):
        if entry.state.starred and entry.paper.arxiv_id and entry.paper.arxiv_id not in ids:
            ids.append(entry.paper.arxiv_id)
    return ids


class Bar:
    """A progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, stream=None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()

    def show(self, done: int, label: str) -> None:
        if not self.live:
            return
        width = 30
        filled = width * done // max(self.total, 1)
        self.stream.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{self.total} "
                          f"{label[:40]:<40}")
        self.stream.flush()

    def end(self) -> None:
        if self.live:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from reader.fulltext import source
    from reader.fulltext.prefetch import prefetch

    settings = source.load_settings()
    if args.timeout:
        settings = source.FullTextSettings(settings.html_url, settings.ar5iv_url, args.timeout)
    ids = starred_ids(args)
    if not ids:
        print("No starred paper has an arXiv id: nothing to fetch.")
        return 0
    bar = Bar(len(ids))
    result = prefetch(ids, settings, refresh=args.refresh, wait=args.pause, progress=bar.show)
    bar.end()
    for failure in result.failures:
        print(f"reader: {failure}", file=sys.stderr)
    print(result.summary())
    return EXIT_NETWORK if result.failures else 0
