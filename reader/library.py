"""The user's library: every paper imported or fetched, in one JSON file in the data dir
and a journal beside it.

Papers are matched by arXiv id, then by normalised title, then by id; a matched paper keeps
its id (state is keyed by it), its first collection and date, adds the new collection to
`also_in`, and shows the better source's text, keeping the other (`reader.paper_merge`).
An import appends the papers it changed or added to the journal (`reader.library_journal`);
when the journal reaches a quarter of the file, the file is written whole (atomically) and
the journal starts again.

On disk: {"format": "paper-reader-library", "version": 1, "generation": TOKEN, "papers":
[record, ...]}, one record a line (the journal names the TOKEN it continues). Only this
module and the journal's know that; callers use `Library` and `load_library`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reader import paths
from reader.atomic import remove_stale_temps, write_text_atomic
from reader.bounded_parse import json_loads
from reader.errors import ReaderError
from reader.library_journal import LibraryJournal
from reader.model import Link, Paper, normalise_title

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent adds may race
    fcntl = None  # type: ignore[assignment]

FORMAT = "paper-reader-library"
VERSION = 1
COMPACT_AT = 0.25  # the journal is folded into the file when it reaches this share of it
_PAPERS_OPEN = ', "papers": ['
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


class MatchIndex:
    """Where each known paper sits, by arXiv id, normalised title and id (the first paper
    with each; `find` asks `papers`, any sequence, for a candidate's arXiv id)."""

    def __init__(self, papers: Sequence[Paper] = (), titles: dict[str, str] | None = None
                 ) -> None:
        """`titles`: normalised titles already made (shared by the indexes of one build,
        which match each title three times: ~1.5 s at 100,000 papers); filled as it goes."""
        self._titles = {} if titles is None else titles
        self.by_arxiv: dict[str, int] = {}
        self.by_title: dict[str, int] = {}
        self.by_id: dict[str, int] = {}
        for position, paper in enumerate(papers):
            self.put(position, paper)

    def dicts(self) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        return self.by_arxiv, self.by_title, self.by_id

    @classmethod
    def from_dicts(cls, dicts: tuple[dict, dict, dict]) -> MatchIndex:
        index = cls()
        index.by_arxiv, index.by_title, index.by_id = dicts
        return index

    def put(self, position: int, paper: Paper) -> None:
        if paper.arxiv_id:
            self.by_arxiv.setdefault(paper.arxiv_id, position)
        self.by_title.setdefault(self._title(paper.title), position)
        self.by_id.setdefault(paper.id, position)

    def _title(self, title: str) -> str:
        key = self._titles.get(title)
        if key is None:
            key = self._titles[title] = normalise_title(title)
        return key

    def find(self, paper: Paper, papers: Sequence[Paper]) -> int | None:
        if paper.arxiv_id and paper.arxiv_id in self.by_arxiv:
            return self.by_arxiv[paper.arxiv_id]
        for position in (self.by_title.get(self._title(paper.title)), self.by_id.get(paper.id)):
            if position is None:
                continue
            known = papers[position].arxiv_id
            if not (known and paper.arxiv_id and known != paper.arxiv_id):
                return position
        return None


def merge_papers(base: Sequence[Paper], new: Iterable[Paper]) -> tuple[list[Paper], ImportResult]:
    """`base` with `new` merged in (matched papers refreshed, others appended), and the counts."""
    merged = merge_changes(base, new)
    return merged.papers, merged.result


@dataclass(frozen=True, slots=True)
class Merged:
    """What `merge_changes` made: the papers, the counts, the positions changed or added
    (ascending), and where each new paper went (a position in `papers`, in input order)."""

    papers: list[Paper]
    result: ImportResult
    touched: list[int]
    where: list[int]


def merge_changes(base: Sequence[Paper], new: Iterable[Paper],
                  index: MatchIndex | None = None,
                  titles: dict[str, str] | None = None) -> Merged:
    """`merge_papers`, saying what changed where. With `index` (the `MatchIndex` of `base`),
    `base` is changed in place: any sequence with item assignment and `append`. `titles`:
    see `MatchIndex`."""
    if index is None:
        papers = list(base)
        index = MatchIndex(papers, titles)
    else:
        papers = base  # type: ignore[assignment]
    added: set[int] = set()
    before: dict[int, dict[str, object]] = {}
    where = []
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
        where.append(position)
    changed = [pos for pos, record in before.items() if paper_to_record(papers[pos]) != record]
    result = ImportResult(len(added), len(changed), len(before) - len(changed))
    return Merged(papers, result, sorted([*changed, *added]), where)


class Library:
    """The library file at `path` (default: `paths.default_library_path()`) and its journal,
    read lazily."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.default_library_path()
        self.journal = LibraryJournal(paths.journal_of(self.path))
        self._papers: list[Paper] | None = None

    def papers(self) -> list[Paper]:
        """Every paper, in the order first added (page order within an import)."""
        if self._papers is None:
            self._papers = self._read()[0]
        return list(self._papers)

    def __len__(self) -> int:
        return len(self.papers())

    def add(self, papers: Iterable[Paper]) -> ImportResult:
        """Merge `papers` into the library (re-read from disk first); on disk before this
        returns if anything changed (appended to the journal, or the file written whole when
        the journal has grown to a quarter of it).

        Another process adding at the same time waits for this one (a lock file, POSIX).
        """
        papers = list(papers)
        with self.locked():
            known, generation = self._read()
            done = merge_changes(known, papers)
            merged, result, touched = done.papers, done.result, done.touched
            if touched:
                if generation is None or self.journal_full():
                    self._write(merged)
                else:
                    self.journal.append(generation, [(p, paper_to_record(merged[p]))
                                                     for p in touched])
                # Which version of the files `merged` is (the catalog cache uses them as is).
                self.written_key = self.identity()
        self._papers = merged
        return result

    def append(self, generation: str, entries: Sequence[tuple[int, Paper]]) -> None:
        """Journal papers changed or added elsewhere (`reader.catalog.update`, which knows
        the library's papers from the catalog cache) to the file of `generation` (read by
        the caller, under `locked()`)."""
        self.journal.append(generation, [(at, paper_to_record(paper)) for at, paper in entries])
        self._papers = None
        self.written_key = self.identity()

    def identity(self) -> list:
        """What identifies this version of the library on disk: the stat keys of the file and
        the journal (see `reader.catalog.inputs`, which computes the same)."""
        from reader.catalog.inputs import library_identity

        return library_identity(self.path)

    def generation(self) -> str | None:
        """The token of the library file (its journal names it), from its first line only;
        None for a file written before journals (or none at all)."""
        try:
            with open(self.path, "rb") as handle:
                first = handle.readline(4096)
        except OSError:
            return None
        text = first.decode("utf-8", "replace").rstrip()
        if not text.endswith(_PAPERS_OPEN):
            return None
        try:
            header = json.loads(text[: -len(_PAPERS_OPEN)] + "}")
        except json.JSONDecodeError:
            return None
        token = header.get("generation") if isinstance(header, dict) else None
        return token if isinstance(token, str) else None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the library's lock: other processes' `add` and `locked` wait."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path.with_name(f".{self.path.name}.lock"), "a")
        except OSError as error:
            raise ReaderError(f"Cannot write the library {self.path} ({error.strerror}).") from None
        with handle:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def journal_full(self) -> bool:
        """The journal has grown to a quarter of the file: the next `add` writes it whole."""
        try:
            size = self.path.stat().st_size
        except OSError:
            size = 0
        return self.journal.size() > COMPACT_AT * size

    def _write(self, papers: Sequence[Paper]) -> None:
        """The whole library into the file (a new generation), then the journal removed."""
        lines = ",\n".join(json.dumps(paper_to_record(p), ensure_ascii=False) for p in papers)
        header = json.dumps({"format": FORMAT, "version": VERSION,
                             "generation": secrets.token_hex(8)})[:-1]
        remove_stale_temps(self.path)  # we hold the library lock: no other writer is busy
        write_text_atomic(self.path, f"{header}{_PAPERS_OPEN}\n{lines}\n]}}\n")
        self.journal.remove()  # stale now (another generation) if this fails or is killed

    def _read(self) -> tuple[list[Paper], str | None]:
        """The papers of the file with the journal's replayed, and the file's generation."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return [], None
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
            papers = [paper_from_record(record) for record in document["papers"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            self._quarantine("has a damaged paper record")
        generation = document.get("generation")
        if not isinstance(generation, str):
            return papers, None
        for at, record in self.journal.read(generation):
            try:
                paper = paper_from_record(record)
            except (KeyError, TypeError, ValueError, AttributeError):
                self.journal.quarantine()
            if at == len(papers):
                papers.append(paper)
            elif 0 <= at < len(papers):
                papers[at] = paper
            else:
                self.journal.quarantine()
        return papers, generation

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
