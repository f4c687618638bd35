"""The `reader` command's argument parsers (imported only when there are arguments: the
everyday `reader` opens the TUI without parsing anything, see `reader.cli`)."""

from __future__ import annotations

import argparse

from reader import __version__, commands, paths
from reader.commands.args import add_db_argument, add_files_argument
from reader.errors import EXIT_USAGE


class Parser(argparse.ArgumentParser):
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
    parser = Parser(
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
    parser = Parser(prog=f"reader {name}", description=module.HELP)
    module.add_arguments(parser)
    return parser
