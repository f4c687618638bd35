"""What the catalog cache is derived from: the identity (size, mtime) of the library file
and of its journal, the built-in catalog's, the tag rules (the bundled and the user's tags.toml, or
rules given), and the code that builds the cache. A change to any of them is a new
fingerprint, hence a new cache file.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__, paths

if TYPE_CHECKING:
    from reader.tags import TagRule

FORMAT = "paper-reader-catalog-cache"
VERSION = 1
_TAGGING = ("model.py", "tags.py")  # the code that decides a paper's tags (paths in reader/)
_CODE = ("catalog/files.py", "library.py", "links.py", "sources/daily_page.py", "catalog/build.py",
         "catalog/section_file.py", "catalog/inputs.py", "catalog/records.py", "catalog/cache.py",
         "query/build.py", "query/fold.py", "query/terms.py", "paper_merge.py", "seed_ids.py",
         "safe_text.py", "catalog/plan.py", "catalog/update.py", "library_journal.py",
         "query/update.py")  # safe_text: the rule that cleans every field as a paper is made
_code_keys: tuple[str, str] | None = None


def _checksum(data: bytes) -> str:
    """64 bits from zlib's CRC-32 and Adler-32: plenty to tell one set of inputs from another
    (this is no defence against a forger, and needs none). zlib is loaded at start anyway;
    `hashlib` was not, and its import alone took ~1.5 ms of every start."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _digest(value: object) -> str:
    """Of lists, dicts, strings and numbers built the same way each time (so `repr` is)."""
    return _checksum(repr(value).encode())


def _stat(path: Path) -> list[int] | str:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return "absent"
    except OSError as error:
        return f"unreadable {error.errno}"
    return stat_key(status)


def stat_key(status: os.stat_result) -> list[int]:
    """What identifies a version of a file: size and modification time (not the inode: a
    data dir copied with its times, `cp -a` or `rsync -a` to another machine, keeps its
    cache)."""
    return [status.st_size, status.st_mtime_ns]


def library_identity(library: Path) -> list:
    """The stat keys of the library file and of its journal (an import changes one)."""
    return [_stat(library), _stat(paths.journal_of(library))]


def _content(path: Path) -> str:
    """A digest of the file's bytes ("absent" when there is no such file)."""
    try:
        if not path.is_file():
            return "absent"
        data = path.read_bytes()
        return f"{len(data)}:{_checksum(data)}"
    except OSError as error:
        return f"unreadable {error.errno}"


def _code() -> tuple[str, str]:
    """Digests of the code that decides the tags, and of all code that decides the cached
    data (computed once per process)."""
    global _code_keys
    if _code_keys is None:
        root = Path(__file__).resolve().parent.parent  # reader/, this file is in reader/catalog/
        tagging = _digest([sys.version, *(_content(root / name) for name in _TAGGING)])
        sources = [_content(root / name) for name in _CODE]
        _code_keys = (tagging, _digest([__version__, VERSION, tagging, *sources]))
    return _code_keys


def _rules_key(rules: Sequence[TagRule] | None) -> str:
    if rules is None:
        return _digest([_content(paths.bundled_data_dir() / "tags.toml"),
                        _content(paths.config_dir() / "tags.toml")])
    return _digest([[r.name, r.pattern.pattern, r.pattern.flags, r.title_only, r.abstract_min]
                    for r in rules])


def inputs(rules: Sequence[TagRule] | None = None) -> dict:
    """What the cache is derived from, and its `fingerprint` (which names the cache file).
    `tagging` and `rules` say whether an older cache's tags may be reused."""
    tagging, code = _code()
    builtin = paths.builtin_catalog_path()
    found = {"format": FORMAT, "version": VERSION, "code": code, "tagging": tagging,
             "rules": _rules_key(rules), "library": library_identity(paths.default_library_path()),
             "builtin": [str(builtin), _stat(builtin),
                         _stat(builtin.with_name("seed-arxiv-ids.tsv"))]}
    return {**found, "fingerprint": _digest(found)}
