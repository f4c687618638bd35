"""CLI subcommands. Each module has NAME, HELP, `add_arguments(parser)` and `run(args) -> int`.

Modules are imported only when their command runs (or for --help), so opening the TUI does
not pay for importing every command (the export formats alone cost ~50 ms).
"""

from __future__ import annotations

import importlib
from types import ModuleType

# command name -> module, in the order --help lists them
MODULES: dict[str, str] = {
    "list": "reader.commands.list_papers",
    "links": "reader.commands.links_cmd",
    "import": "reader.commands.import_cmd",
    "fetch": "reader.commands.fetch_cmd",
    "enrich": "reader.commands.enrich_cmd",
    "export": "reader.commands.export_cmd",
    "state": "reader.commands.state_cmd",
    "similar": "reader.commands.similar_cmd",
    "read": "reader.commands.read_cmd",
    "prefetch": "reader.commands.prefetch_cmd",
    "sync": "reader.commands.sync_cmd",
}


def names() -> list[str]:
    return list(MODULES)


def load(name: str) -> ModuleType:
    return importlib.import_module(MODULES[name])


def all_commands() -> list[ModuleType]:
    return [load(name) for name in MODULES]
