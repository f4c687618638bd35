"""Where the search index's parts live: named byte strings, read whole or in slices.

`MemoryStore` holds them in a dict (an index built from papers in memory); the catalog cache
serves the same names from its file, so large parts (postings, abstracts) stay on disk and
are read a slice at a time. Both are safe to read from several threads at once.
"""

from __future__ import annotations

from typing import Protocol

from reader.errors import ReaderError


class StoreDamaged(ReaderError):
    """A part read from the store does not make sense (a damaged cache file)."""


class Store(Protocol):
    def whole(self, name: str) -> bytes:
        """The whole part `name` (KeyError when there is none)."""

    def read(self, name: str, offset: int, length: int) -> bytes:
        """`length` bytes of part `name` from `offset`."""


class MemoryStore:
    def __init__(self, parts: dict[str, bytes]) -> None:
        self.parts = parts

    def whole(self, name: str) -> bytes:
        return self.parts[name]

    def read(self, name: str, offset: int, length: int) -> bytes:
        return self.parts[name][offset: offset + length]


def pack_strings(strings: list[str]) -> bytes:
    """Strings as one byte string: each followed by a newline, or JSON if one has a newline."""
    if any("\n" in s for s in strings):
        import json

        return b"J" + json.dumps(strings, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return b"L" + "".join(s + "\n" for s in strings).encode("utf-8", "surrogatepass")


def unpack_strings(data: bytes) -> list[str]:
    """The strings of `pack_strings` (ValueError when `data` is not such a string)."""
    kind, body = data[:1], data[1:].decode("utf-8", "surrogatepass")
    if kind == b"L":
        strings = body.split("\n")
        strings.pop()
        return strings
    if kind == b"J":
        import json

        strings = json.loads(body)
        if isinstance(strings, list) and all(isinstance(s, str) for s in strings):
            return strings
    raise ValueError("not a packed list of strings")
