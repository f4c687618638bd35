"""The user's keymap file: binding id -> keys, e.g. `"main.star" = "s,f"` in keymap.toml."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def keymap_problems(
    keymap: Mapping[str, str], bindings: Iterable[tuple[str, str]], path: Path | str
) -> str | None:
    """One sentence naming what in `keymap` cannot work, or None when all of it can.

    `bindings` are every binding id the app has with its default keys ("main.star", "s"). An id
    the app does not have is unknown; a key the keymap gives to a binding that another binding
    of the same screen (the id's part before the dot) already has is taken twice, and only one
    of them can have it.
    """
    defaults = dict(bindings)
    unknown = [binding_id for binding_id in keymap if binding_id not in defaults]
    owners: dict[tuple[str, str], list[str]] = {}
    for binding_id, default_keys in defaults.items():
        keys = keymap.get(binding_id, default_keys)
        screen = binding_id.split(".", 1)[0]
        for key in dict.fromkeys(k.strip() for k in keys.split(",") if k.strip()):
            owners.setdefault((screen, key), []).append(binding_id)
    taken = [
        f"'{_shown(key)}' is both {' and '.join(ids)}"
        for (_, key), ids in owners.items()
        if len(ids) > 1 and any(binding_id in keymap for binding_id in ids)
    ]
    parts = []
    if unknown:
        names = ", ".join(f"'{_shown(name)}'" for name in unknown[:3])
        if len(unknown) > 3:
            names += f" and {len(unknown) - 3} more"
        parts.append(f"no binding is called {names} (ignored)")
    parts.extend(taken)
    if not parts:
        return None
    return f"The keymap {path}: {'; '.join(parts)}."


def _shown(text: str, limit: int = 40) -> str:
    """`text` from the user's file, safe to show: no control characters, not too long."""
    safe = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"
