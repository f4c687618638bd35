"""The user's library: every paper imported or fetched, in one JSON file in the data dir.

Papers are matched by arXiv id, then by normalised title, then by id; a matched paper keeps
its id (state is keyed by it), its first collection and date, adds the new collection to
`also_in`, and shows the better source's text, keeping the other (`reader.paper_merge`). The file is rewritten atomically on each change.

On disk: {"format": "paper-reader-library", "version": 1, "papers": [record, ...]}, one record
a line. Only this module knows that; callers use `Library` and `load_library`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reader import paths
from reader.atomic import remove_stale_temps, write_text_atomic
from reader.bounded_parse import json_loads
from reader.errors import ReaderError
from reader.model import Link, Paper, normalise_title

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent adds may race
    fcntl = None  # type: ignore[assignment]

FORMAT = "paper-reader-library"
VERSION = 1
_DAY_SUFFIX = re.compile(r"(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Distinct papers of one import: new ones, known ones changed, known ones unchanged."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


def paper_to_record(paper: Paper) -> dict[str, object]:
    """The compact on-disk dict of `paper` (empty fields left out)."""
    record: dict[str, object] = {"id": paper.id, "title": paper.title}
    optional = {
        "abstract": paper.abstract,
        "date": paper.date.isoformat() if paper.date else None,
        "collection": paper.collection,
        "authors": list(paper.authors),
        "links": [[link.url, link.kind] for link in paper.links],
        "tags": list(paper.tags),
        "arxiv_id": paper.arxiv_id,
        "upvotes": paper.upvotes,
        "github_stars": paper.github_stars,
        "comments": paper.comments,
        "extra": dict(paper.extra),
        "also_in": list(paper.also_in),
    }
    record.update((key, value) for key, value in optional.items() if value not in (None, "", [], {}))
    return record


def paper_from_record(record: dict) -> Paper:
    """The paper of an on-disk record; raises KeyError, TypeError or ValueError if malformed."""
    date = record.get("date")
    return Paper(
        id=_text(record["id"]),
        title=_text(record["title"]),
        abstract=_text(record.get("abstract", "")),
        date=dt.date.fromisoformat(date) if date else None,
        collection=_text(record.get("collection", "")),
        authors=tuple(_text(a) for a in record.get("authors", ())),
        links=tuple(Link(_text(url), _text(kind)) for url, kind in record.get("links", ())),
        tags=tuple(_text(t) for t in record.get("tags", ())),
        arxiv_id=_optional(record.get("arxiv_id"), str),
        upvotes=_optional(record.get("upvotes"), int),
        github_stars=_optional(record.get("github_stars"), int),
        comments=_optional(record.get("comments"), int),
        extra=tuple((_text(k), _text(v)) for k, v in dict(record.get("extra", {})).items()),
        also_in=tuple(_text(name) for name in record.get("also_in", ())),
    )


def _optional(value: object, kind: type):
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def merge_paper(old: Paper, new: Paper) -> Paper:
    """`old` seen again as `new` (the rule: `reader.paper_merge`)."""
    from reader.paper_merge import merge_paper as merge

    return merge(old, new)


class _Index:
    """Where each known paper sits, by arXiv id, normalised title and id."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.by_arxiv: dict[str, int] = {}
        self.by_title: dict[str, int] = {}
        self.by_id: dict[str, int] = {}
        for position, paper in enumerate(papers):
            self.put(position, paper)

    def put(self, position: int, paper: Paper) -> None:
        if paper.arxiv_id:
            self.by_arxiv.setdefault(paper.arxiv_id, position)
        self.by_title.setdefault(normalise_title(paper.title), position)
        self.by_id.setdefault(paper.id, position)

    def find(self, paper: Paper, papers: Sequence[Paper]) -> int | None:
        if paper.arxiv_id and paper.arxiv_id in self.by_arxiv:
            return self.by_arxiv[paper.arxiv_id]
        for position in (self.by_title.get(normalise_title(paper.title)), self.by_id.get(paper.id)):
            if position is None:
                continue
            known = papers[position].arxiv_id
            if not (known and paper.arxiv_id and known != paper.arxiv_id):
                return position
        return None


def merge_papers(base: Sequence[Paper], new: Iterable[Paper]) -> tuple[list[Paper], ImportResult]:
    """`base` with `new` merged in (matched papers refreshed, others appended), and the counts."""
    papers = list(base)
    index = _Index(papers)
    added: set[int] = set()
    before: dict[int, dict[str, object]] = {}
    for paper in new:
        position = index.find(paper, papers)
        if position is None:
            position = len(papers)
            papers.append(paper)
            added.add(position)
        else:
            if position not in added and position not in before:
                before[position] = paper_to_record(papers[position])
            papers[position] = merge_paper(papers[position], paper)
        index.put(position, papers[position])
    updated = sum(1 for pos, record in before.items() if paper_to_record(papers[pos]) != record)
    return papers, ImportResult(len(added), updated, len(before) - updated)


class Library:
    """The library file at `path` (default: `paths.default_library_path()`), read lazily."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.default_library_path()
        self._papers: list[Paper] | None = None

    def papers(self) -> list[Paper]:
        """Every paper, in the order first added (page order within an import)."""
        if self._papers is None:
            self._papers = self._read()
        return list(self._papers)

    def __len__(self) -> int:
        return len(self.papers())

    def add(self, papers: Iterable[Paper]) -> ImportResult:
        """Merge `papers` into the library (re-read from disk first); write if anything changed.

        Another process adding at the same time waits for this one (a lock file, POSIX).
        """
        papers = list(papers)
        with self._locked():
            merged, result = merge_papers(self._read(), papers)
            if result.added or result.updated:
                self._write(merged)
                # Which version of the file `merged` is (the catalog cache uses them as is).
                self.written_stat = self.path.stat()
        self._papers = merged
        return result

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path.with_name(f".{self.path.name}.lock"), "a")
        except OSError as error:
            raise ReaderError(f"Cannot write the library {self.path} ({error.strerror}).") from None
        with handle:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _write(self, papers: Sequence[Paper]) -> None:
        lines = ",\n".join(json.dumps(paper_to_record(p), ensure_ascii=False) for p in papers)
        header = json.dumps({"format": FORMAT, "version": VERSION})[:-1]
        remove_stale_temps(self.path)  # we hold the library lock: no other writer is busy
        write_text_atomic(self.path, f'{header}, "papers": [\n{lines}\n]}}\n')

    def _read(self) -> list[Paper]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except UnicodeDecodeError:
            self._quarantine("is not UTF-8 text")
        except OSError as error:
            raise ReaderError(f"Cannot read the library {self.path} ({error.strerror}).") from None
        try:
            document = json_loads(text)
        except json.JSONDecodeError:
            self._quarantine("is not valid JSON")
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            self._quarantine("is not a library file")
        if not isinstance(document.get("version"), int):
            self._quarantine("is not a library file")
        if document["version"] > VERSION:
            raise ReaderError(
                f"The library {self.path} was written by a newer version of the reader; "
                "upgrade the reader to use it."
            )
        try:
            return [paper_from_record(record) for record in document["papers"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            self._quarantine("has a damaged paper record")

    def _quarantine(self, why: str):
        """Move the corrupt file aside and raise a one-sentence `ReaderError`."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        moved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        number = 1
        while moved.exists():
            number += 1
            moved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{number}")
        try:
            self.path.replace(moved)
        except OSError as error:
            raise ReaderError(
                f"The library {self.path} {why} and could not be moved aside ({error.strerror})."
            ) from None
        raise ReaderError(
            f"The library {self.path} {why}, so it was moved to {moved} and a new one will be "
            "started; import your files again."
        )


def load_library(path: Path | None = None) -> list[Paper]:
    """The library's papers, untagged; an empty list when there is no library file yet."""
    return Library(path).papers()


def collections(papers: Iterable[Paper]) -> list[tuple[str, int]]:
    """Each collection with its number of papers: newest day first, then by name."""
    counts = Counter(name for paper in papers for name in paper.collections)

    def order(item: tuple[str, int]) -> tuple[str, str]:
        match = _DAY_SUFFIX.search(item[0])
        return (match.group(1) if match else "", item[0])

    by_name = sorted(counts.items(), key=lambda item: item[0])
    return sorted(by_name, key=lambda item: order(item)[0], reverse=True)
