"""What is new since the last session: the papers the reader had not listed before.

When a session ends, the ids of every paper of the library are kept in `known-papers.txt`
in the data dir, one per line; a paper not among them when the next session starts is new
(fetched or imported meanwhile, or during this session). In a large library unread is not
the same as new: a thousand unread papers of last month are not news. The first session
has no record yet and takes every paper as known.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from reader import paths
from reader.atomic import write_text_atomic
from reader.model import Paper

KNOWN_FILE = "known-papers.txt"


def known_path() -> Path:
    return paths.data_dir() / KNOWN_FILE


def load_known(path: Path | None = None) -> set[str] | None:
    """The ids known at the end of the last session, or None when there is no record (or
    it cannot be read: then nothing is called new, which is the safe side)."""
    try:
        text = (path or known_path()).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return {line for line in text.splitlines() if line}


def save_known(ids: Iterable[str], path: Path | None = None) -> None:
    """Keep `ids` as the known papers (atomically: a killed reader leaves the old record)."""
    text = "".join(f"{i}\n" for i in ids if i and "\n" not in i)
    write_text_atomic(path or known_path(), text, make_folder=True)


def new_positions(papers: Sequence[Paper], known: set[str] | None) -> list[int]:
    """Positions of the papers not in `known` (none when there is no record yet)."""
    if known is None:
        return []
    return [n for n, paper in enumerate(papers) if paper.id not in known]
