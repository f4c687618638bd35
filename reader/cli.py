"""The `reader` command: no arguments opens the TUI; subcommands serve scripts."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__, commands, paths
from reader.commands.args import add_db_argument, add_files_argument, state_path
from reader.errors import ReaderError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def format_help(self) -> str:
        if self.epilog is None and self.prog == "reader":
            self.epilog = _epilog()  # imports every command: only when help is asked for
        return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see '{self.prog} --help').\n")


def _epilog() -> str:
    listed = "\n".join(f"  {m.NAME:<10} {m.HELP}" for m in commands.all_commands())
    return (
        f"commands (reader COMMAND --help for more):\n{listed}\n\n"
        f"where things live:\n"
        f"  state     {paths.default_state_path()}  (--db PATH overrides)\n"
        f"  library   {paths.default_library_path()}\n"
        f"  config    {paths.config_dir()}\n"
        f"            (tags.toml, keymap.toml, settings.json, searches.toml, fetch.toml)\n"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="A keyboard-driven terminal reader for research papers.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    add_files_argument(parser)
    add_db_argument(parser)
    return parser


def build_command_parser(name: str) -> argparse.ArgumentParser:
    module = commands.load(name)
    parser = _Parser(prog=f"reader {name}", description=module.HELP)
    module.add_arguments(parser)
    return parser


FIRST_SCREENFUL = 120


def _open_tui(args: argparse.Namespace) -> int:
    from reader.gc_pause import first_frame_painted, pause_until_first_frame

    pause_until_first_frame()  # the app ends the pause after its first frame
    try:
        return _run_tui(args)
    finally:
        first_frame_painted()  # if the app stopped before it painted


def _run_tui(args: argparse.Namespace) -> int:
    if args.files:
        from reader import catalog

        papers, cache = catalog.load(args.files), None
    else:
        # The library comes from the catalog cache: a small one whole; a large one's first
        # screenful now, the rest in a worker after the first paint. The search index is
        # read when first needed, after the first frame.
        from reader.catalog_cache import CatalogCache

        cache = CatalogCache.open(build=False)
        if cache is None:  # first start, or the library or tags changed: build it once
            print("reader: preparing your library (once after it changes)…", file=sys.stderr,
                  flush=True)
            CatalogCache.build_in_subprocess()
            cache = CatalogCache.open()
        if cache.count <= FIRST_SCREENFUL:
            papers = cache.papers()
        else:
            papers = cache.head(FIRST_SCREENFUL)
    from reader.ui.app import ReaderApp

    app = ReaderApp(papers, state_path=state_path(args), cache=cache)
    app.run()
    if app.summary:
        print(app.summary)
    return app.return_code or 0


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] in commands.MODULES:
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
