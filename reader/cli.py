"""The `reader` command: no arguments opens the TUI; subcommands serve scripts."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from reader.commands.args import state_path
from reader.errors import EXIT_USAGE, ReaderError

if TYPE_CHECKING:
    import argparse

FIRST_SCREENFUL = 120


def _open_tui(args: argparse.Namespace) -> int:
    if args.files:
        from reader.catalog import files as catalog

        papers, cache = catalog.load(args.files), None
    else:
        # The library comes from the catalog cache: a small one whole; a large one's first
        # screenful now, the rest in a worker after the first paint. The search index is
        # read when first needed, after the first frame.
        from reader.catalog.cache import CatalogCache

        cache = CatalogCache.open(build=False)
        stale = cache is None
        if stale:  # the library or tags changed: read the papers known so far meanwhile
            cache = CatalogCache.open_previous()
        if cache is None:  # first start: build it once
            print("reader: preparing your library (once after it changes)…", file=sys.stderr,
                  flush=True)
            from reader.catalog.progress import TerminalBar

            bar = TerminalBar()  # count, rate and time left, when stderr is a terminal
            try:
                CatalogCache.build_in_subprocess(bar)
            finally:
                bar.close()
            cache, stale = CatalogCache.open(), False
        if cache.count <= FIRST_SCREENFUL:
            papers = cache.papers()
        else:
            papers = cache.head(FIRST_SCREENFUL)
    from reader.ui.app import ReaderApp

    app = ReaderApp(papers, state_path=state_path(args), cache=cache,
                    rebuild=args.files == [] and stale and cache is not None)
    app.run()
    if app.summary:
        print(app.summary)
    return app.return_code or 0


def no_arguments() -> argparse.Namespace:
    """What the parser makes of a bare `reader`, without it (~1.5 ms of imports)."""
    return SimpleNamespace(files=[], db=None)  # type: ignore[return-value]


def _dispatch(argv: list[str]) -> int:
    if not argv:  # the everyday start: the TUI on the library
        return _open_tui(no_arguments())
    from reader import commands
    from reader.cli_parser import build_command_parser, build_parser

    if argv[0] in commands.MODULES:
        args = build_command_parser(argv[0]).parse_args(argv[1:])
        return commands.load(argv[0]).run(args)
    args = build_parser().parse_args(argv)
    for path in args.files:
        if not Path(path).exists():
            raise ReaderError(f"{path} does not exist.")
    return _open_tui(args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        try:
            code = _dispatch(argv)
        except SystemExit as done:  # argparse after --help, --version or a usage error
            if done.code is not None and not isinstance(done.code, int):
                raise
            code = done.code or 0
        # Flush here, not at interpreter exit, so a closed pipe is caught below.
        sys.stdout.flush()
        return code
    except ReaderError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`reader list | head`): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
