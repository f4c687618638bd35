"""JSON for `reader list --format json`: the bytes of `json.dump(value, ensure_ascii=False,
indent=2)`, ~4x faster. With an indent, the json module encodes in pure Python, one
generator step per token (75% of listing 100,000 papers); here each string is escaped by
the json module's C function and each record joined at once."""

from __future__ import annotations

import json
from json.encoder import encode_basestring

_FLOAT = json.JSONEncoder(ensure_ascii=False, indent=2).encode


def _boolean(value: bool) -> str:
    return "true" if value else "false"


def _null(_value: None) -> str:
    return "null"


# Leaves encoded by type in one lookup (the exact type: a subclass of int or str, or a bool
# posing as an int, takes the general path); a record of 24 fields is mostly leaves.
_LEAVES = {str: encode_basestring, int: int.__repr__, bool: _boolean, type(None): _null}


def dumps(value: object, level: int = 0) -> str:
    """`value` (dicts with str keys, lists, str, int, float, bool, None) as indented JSON."""
    leaf = _LEAVES.get(type(value))
    if leaf is not None:
        return leaf(value)
    if isinstance(value, str):  # a subclass (the exact types were looked up above)
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    get = _LEAVES.get
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        items = [inner + encode_basestring(key) + ": "
                 + (leaf(item) if (leaf := get(type(item))) else dumps(item, level + 1))
                 for key, item in value.items()]
        return "{" + ",".join(items) + "\n" + "  " * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        items = [inner + (leaf(item) if (leaf := get(type(item))) else dumps(item, level + 1))
                 for item in value]
        return "[" + ",".join(items) + "\n" + "  " * level + "]"
    return _FLOAT(value)  # floats (nan, inf) and anything else exactly as json does


def dump_list(values: list, stream) -> None:  # noqa: ANN001 - any text stream
    """`dumps(values)` written to `stream` an item at a time (a 100,000-paper listing is
    never one string in memory)."""
    if not values:
        stream.write("[]")
        return
    for n, value in enumerate(values):
        stream.write(("[\n  " if n == 0 else ",\n  ") + dumps(value, 1))
    stream.write("\n]")
