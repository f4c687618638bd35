"""The user's keymap file: binding id -> keys, e.g. `"main.star" = "s,f"` in keymap.toml."""

from __future__ import annotations

from pathlib import Path

from reader.errors import ReaderError


def load_keymap(path: Path) -> dict[str, str]:
    """Binding ids mapped to comma-separated keys; {} when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise ReaderError(f"The keymap {path} is not UTF-8 text.") from None
    except OSError as error:
        raise ReaderError(f"Cannot read the keymap {path} ({error.strerror}).") from None
    import tomllib  # here, not at the top: most starts have no keymap file to parse

    from reader.bounded_parse import toml_loads

    try:
        document = toml_loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReaderError(f"The keymap {path} is not valid TOML ({error}).") from None
    table = document.get("keys", document)
    if not isinstance(table, dict):
        raise ReaderError(f"The keymap {path}: 'keys' must be a table of binding ids and keys.")
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        if isinstance(keys, list):
            keys = ",".join(str(k) for k in keys)
        if not isinstance(keys, str) or not keys.strip():
            raise ReaderError(f"The keymap {path}: '{binding_id}' needs a key string.")
        keymap[str(binding_id)] = keys.replace(" ", "")
    return keymap
