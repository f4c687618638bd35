"""Parsed papers kept compressed in the XDG cache dir, so a paper read once opens offline.

One file per paper, `<key>.json.gz`: the document model as compact JSON (opening it is a
decompress and a `json.loads`, no HTML parse). A file that is damaged or of another format is
ignored (and fetched again), never an error.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

from platformdirs import user_cache_dir

from reader.atomic import write_atomic
from reader.errors import ReaderError
from reader.fulltext.model import Document

FORMAT = 1
APP_NAME = "paper-reader"


def cache_dir() -> Path:
    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "fulltext"


def _path(key: str, folder: Path | None) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", key)[:150]
    return (folder or cache_dir()) / f"{safe}.json.gz"


def load(key: str, folder: Path | None = None) -> Document | None:
    path = _path(key, folder)
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
        if data.get("format") != FORMAT:
            return None
        return Document.from_json(data["document"])
    except (OSError, EOFError, ValueError, KeyError, TypeError, gzip.BadGzipFile):
        return None


def has(key: str, folder: Path | None = None) -> bool:
    return _path(key, folder).is_file()


def save(key: str, document: Document, folder: Path | None = None) -> None:
    """Write atomically (a reader never sees half a file); a full disk is not an error."""
    path = _path(key, folder)
    payload = {"format": FORMAT, "saved": time.time(), "document": document.to_json()}
    data = gzip.compress(json.dumps(payload, ensure_ascii=False,
                                    separators=(",", ":")).encode("utf-8"), compresslevel=6)
    try:
        write_atomic(path, data, make_folder=True)
    except (OSError, ReaderError):
        pass  # the paper is shown all the same; it is fetched again next time
