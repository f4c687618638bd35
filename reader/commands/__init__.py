"""CLI subcommands. Each module has NAME, HELP, `add_arguments(parser)` and `run(args) -> int`."""

from __future__ import annotations

from types import ModuleType

from reader.commands import export_cmd, fetch_cmd, import_cmd, links_cmd, list_papers, state_cmd

COMMANDS: list[ModuleType] = [list_papers, links_cmd, import_cmd, fetch_cmd, export_cmd, state_cmd]


def by_name() -> dict[str, ModuleType]:
    return {module.NAME: module for module in COMMANDS}
