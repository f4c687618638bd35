"""json.loads and tomllib.loads that answer a too-deeply nested document with their own
decode error, not RecursionError.

Both parsers recurse once per level, so `'[' * 200000` in any file the reader reads (the
state, the library, settings, a keymap, an import, a server's reply) raised RecursionError,
which nothing expects: a traceback from the CLI, a TUI that crashed on every start. As a
decode error it takes the path every caller already has for a broken file.
"""

from __future__ import annotations

from typing import Any


def json_loads(data: str | bytes | bytearray) -> Any:
    """`json.loads(data)`; json.JSONDecodeError (a ValueError) when nested too deeply."""
    import json

    try:
        return json.loads(data)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", "", 0) from None


def toml_loads(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`; tomllib.TOMLDecodeError (a ValueError) when nested too deeply."""
    import tomllib

    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("nested too deeply") from None
