"""Saved searches: named queries kept in `searches.toml` in the config dir.

    [[search]]
    name = "serving with code"
    query = "tag:serving has:code"

Every change rewrites the file atomically (temp file, fsync, rename), in the order saved.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from reader import paths
from reader.atomic import write_text_atomic
from reader.bounded_parse import toml_loads
from reader.errors import ReaderError
from reader.query.parser import parse

FILE_NAME = "searches.toml"
_HEADER = "# Saved searches of paper-reader: a name and a query each, in sidebar order.\n"


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str


def saved_searches_path() -> Path:
    return paths.config_dir() / FILE_NAME


def _read(path: Path) -> list[SavedSearch]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except UnicodeDecodeError:
        raise ReaderError(f"{path} is not UTF-8 text.") from None
    except OSError as error:
        raise ReaderError(f"Cannot read {path} ({error.strerror or error}).") from None
    try:
        document = toml_loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReaderError(f"{path} is not valid TOML ({error}).") from None
    entries = document.get("search", [])
    if not isinstance(entries, list):
        raise ReaderError(f"{path} must hold [[search]] tables with a name and a query.")
    searches: list[SavedSearch] = []
    for number, entry in enumerate(entries, 1):
        name = entry.get("name") if isinstance(entry, dict) else None
        query = entry.get("query") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not isinstance(query, str) or not name.strip():
            raise ReaderError(f"{path}: saved search {number} needs a name and a query (text).")
        searches.append(SavedSearch(name.strip(), query))
    return searches


def load_saved(path: Path | None = None) -> list[SavedSearch]:
    """The saved searches in sidebar order; none when the file does not exist yet."""
    return _read(path or saved_searches_path())


def _toml_string(value: str) -> str:
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _write(path: Path, searches: list[SavedSearch]) -> None:
    blocks = [
        f"\n[[search]]\nname = {_toml_string(s.name)}\nquery = {_toml_string(s.query)}\n"
        for s in searches
    ]
    write_text_atomic(path, _HEADER + "".join(blocks), make_folder=True)


def save_search(name: str, query: str, path: Path | None = None) -> SavedSearch:
    """Save `query` under `name` (replacing a search of that name, keeping its place).

    Raises `QueryError` when the query does not parse, `ReaderError` for a bad name or file.
    """
    name = name.strip()
    if not name or "\n" in name or "\r" in name:
        raise ReaderError("A saved search needs a name of one line.")
    parse(query)
    path = path or saved_searches_path()
    searches = _read(path)
    saved = SavedSearch(name, query.strip())
    for number, search in enumerate(searches):
        if search.name == name:
            searches[number] = saved
            break
    else:
        searches.append(saved)
    _write(path, searches)
    return saved


def delete_search(name: str, path: Path | None = None) -> None:
    """Forget the saved search called `name`; `ReaderError` when there is none."""
    path = path or saved_searches_path()
    searches = _read(path)
    kept = [s for s in searches if s.name != name.strip()]
    if len(kept) == len(searches):
        raise ReaderError(f"There is no saved search named '{name}'.")
    _write(path, kept)
