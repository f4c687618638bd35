"""The catalog cache: `files.load()`'s papers (built-in catalog + library, tagged) prepared
once, so the reader starts fast with 100,000 papers and never holds every abstract.

    cache = CatalogCache.open()          # builds first when missing or stale (slow, once)
    first = cache.head(40)               # a few ms: the first screenful
    papers = cache.papers()              # every paper, abstract "" (worker thread: ~0.3 s/100k)
    cache.abstract(position)             # read on demand, LRU-cached
    index = cache.search_index(states)   # a SearchIndex over the stored search data

It is derived data: one file in `paths.data_dir()/cache`, named and stamped by a fingerprint
of its inputs (library file and journal: size and mtime; the built-in catalog; the tag rules,
including the user's tags.toml; the reader's code), rebuilt when any changes. A damaged or
unreadable file is rebuilt silently. Several processes may open it at once: builds take
turns (a lock file) and each writes a temp file that replaces the old one atomically.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import paths
from reader.catalog.inputs import inputs
from reader.catalog.progress import Progress, Report
from reader.catalog.records import decode_chunk, decode_extras, with_text
from reader.catalog.section_file import CacheDamaged, SectionFile
from reader.errors import ReaderError
from reader.gc_pause import gc_paused
from reader.model import Paper
from reader.query.terms import unpack_array

if TYPE_CHECKING:
    from reader.library import Library
    from reader.query.index import SearchIndex, States
    from reader.tags import TagRule

ABSTRACT_CACHE = 256
DECODED_CHUNKS = 4
# What reading a damaged cache file raises (it is built again, never trusted).
DAMAGE = (CacheDamaged, ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError)


def cache_dir() -> Path:
    return paths.data_dir() / "cache"


def _path(folder: Path, header: dict) -> Path:
    return folder / f"catalog-{header['fingerprint'][:20]}.bin"


def _open_file(path: Path, header: dict) -> SectionFile | None:
    """The cache file at `path` if it is whole and made from these inputs, else None."""
    try:
        file = SectionFile(path)
    except (OSError, CacheDamaged):
        return None
    if file.header.get("fingerprint") != header["fingerprint"] or \
            file.header.get("count") != file.header.get("index", {}).get("size"):
        file.close()
        return None
    return file


def _folders() -> list[Path]:
    """Where the cache may be: the data dir's cache folder, else (unwritable) a temp folder."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return [cache_dir(), Path(tempfile.gettempdir()) / f"paper-reader-cache-{uid}"]


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _fresh_file(header: dict, rules: Sequence[TagRule] | None, build: bool,
                report: Report | None = None, imported: Sequence[Paper] | None = None
                ) -> SectionFile | None:
    """The open cache file for these inputs; built first if there is none and `build`
    (reporting the build's progress to `report`)."""
    for folder in _folders():
        file = _open_file(_path(folder, header), header)
        if file is not None or not build:
            return file
        if _writable(folder):
            break
    path = _path(folder, header)
    # Building parses, tags and indexes everything: imported only when a build is due, so
    # a start on a fresh cache does not pay for the parsers and the tagger.
    from reader.catalog.build import build_lock, remove_leftovers, write_cache

    try:
        with build_lock(folder):
            file = _open_file(path, header)  # built meanwhile by another process?
            if file is None:
                remove_leftovers(folder, path, ".catalog-*.tmp")
                write_cache(path, header, rules, report, imported)
                remove_leftovers(folder, path, "catalog-*.bin")
    except OSError as error:
        raise ReaderError(
            f"Cannot write the catalog cache in {folder} ({error.strerror or error}).") from None
    file = file or _open_file(path, header)
    if file is None:
        raise ReaderError(f"The catalog cache {path} could not be read back after building it.")
    return file


_CHILDREN: set[subprocess.Popen] = set()  # builds in child processes now running
_STOPPING = threading.Event()


def stop_builds() -> None:
    """End the builds `build_in_subprocess` runs (for a program that is quitting: it
    never waits for a build; a killed build leaves the old cache, whole)."""
    _STOPPING.set()
    for child in list(_CHILDREN):
        try:
            child.kill()
        except OSError:
            pass


class CatalogCache:
    """An open catalog cache. Safe to read from several threads at once."""

    def __init__(self, file: SectionFile, rules: Sequence[TagRule] | None = None) -> None:
        self._rules = rules
        self._use(file)

    def _use(self, file: SectionFile) -> None:
        self._file = file
        header = file.header
        self.fingerprint: str = header["fingerprint"]
        self.count: int = header["count"]
        self._chunks: list[list[int]] = header["chunks"]
        self._meta: dict = header["index"]
        self._papers: list[Paper] | None = None
        self._starts = None
        self._abstracts: OrderedDict[int, str] = OrderedDict()
        self._chunks_decoded: OrderedDict[int, tuple[list[Paper], dict]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._file.path

    @property
    def file(self) -> SectionFile:
        """The open cache file (`reader.catalog.update` reads its sections)."""
        return self._file

    @property
    def chunks(self) -> list[list[int]]:
        """[start, length] of each record chunk."""
        return self._chunks

    @property
    def index_meta(self) -> dict:
        return self._meta

    @classmethod
    def open(cls, *, rules: Sequence[TagRule] | None = None, build: bool = True,
             report: Report | None = None) -> CatalogCache | None:
        """The cache of the current library and rules; built first when missing or stale
        (None instead when `build` is False; the build's progress goes to `report`).
        Raises `ReaderError` for a broken library or tags.toml, in one sentence."""
        file = _fresh_file(inputs(rules), rules, build, report)
        return None if file is None else cls(file, rules)

    @classmethod
    def open_previous(cls) -> CatalogCache | None:
        """The newest whole cache file whatever its inputs (an older library or tags.toml):
        stale, but enough to read the papers already known while the current cache builds
        (`build_in_subprocess` in a worker, then `open()` and swap). None when there is none.
        It stays readable after the build removes its file (the open descriptor keeps it)."""
        found = []
        for folder in _folders():
            for path in folder.glob("catalog-*.bin"):
                try:
                    found.append((path.stat().st_mtime_ns, path))
                except OSError:
                    continue
        for _mtime, path in sorted(found, reverse=True):
            try:
                file = SectionFile(path)
            except (OSError, CacheDamaged):
                continue
            header = file.header
            if isinstance(header.get("fingerprint"), str) and \
                    header.get("count") == header.get("index", {}).get("size"):
                return cls(file)
            file.close()
        return None

    @staticmethod
    def ensure_built(*, rules: Sequence[TagRule] | None = None,
                     report: Report | None = None, library: Library | None = None) -> bool:
        """Build the cache now if it is missing or stale (after `reader import`/`fetch`);
        True when it was built. `library`: the `Library` that just wrote the library file
        (its papers are used as they are in memory, if the file is still the one it wrote)."""
        header = inputs(rules)
        file = _fresh_file(header, rules, build=False)
        if file is not None:
            file.close()
            return False
        written = getattr(library, "written_key", None)
        # Its papers only if the files are still the ones it wrote (no other process since).
        imported = library.papers() if written is not None and \
            written == header["library"] else None
        _fresh_file(header, rules, build=True, report=report, imported=imported).close()
        return True

    @staticmethod
    def build_in_subprocess(report: Report | None = None) -> bool:
        """`ensure_built` in a child process, so the caller's memory never holds the whole
        library (a UI process); the child's progress goes to `report` (called in this
        thread). Raises `ReaderError` with the child's message."""
        with subprocess.Popen([sys.executable, "-m", "reader.catalog.cache", "--progress"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              bufsize=1) as child:
            _CHILDREN.add(child)
            last = ""
            for line in child.stdout:
                progress = Progress.from_line(line)
                if progress is None:
                    last = line.strip() or last
                elif report is not None:
                    report(progress)
            errors = child.stderr.read()
            code = child.wait()
            _CHILDREN.discard(child)
        if code < 0 and _STOPPING.is_set():
            raise ReaderError("The catalog cache build was stopped.")
        if code != 0:
            lines = [line for line in errors.splitlines() if line.strip()]
            message = lines[-1].removeprefix("reader: ") if lines else "unknown error"
            raise ReaderError(message if code == 2 else
                              f"Building the catalog cache failed ({message}).")
        return last == "built"

    def close(self) -> None:
        self._file.close()

    def _recover(self) -> None:
        """The file proved damaged: rebuild it and read the new one from now on."""
        self._file.close()
        try:
            self._file.path.unlink()
        except OSError:
            pass
        self._use(_fresh_file(inputs(self._rules), self._rules, build=True))

    def _chunk(self, start: int, shared: dict | None = None) -> list[Paper]:
        with gc_paused():  # decoding makes many objects: no collection passes meanwhile
            return decode_chunk(self._file.whole(f"rec.{start}"), shared)

    def head(self, n: int) -> list[Paper]:
        """The first `n` papers in page order (abstract ""), reading only what they need."""
        for attempt in (1, 2):
            try:
                papers: list[Paper] = []
                for start, _length in self._chunks:
                    if len(papers) >= n:
                        break
                    papers.extend(self._chunk(start))
                return papers[:n]
            except DAMAGE:
                if attempt == 2:
                    raise
                self._recover()
        raise AssertionError  # pragma: no cover

    def papers(self, previous: CatalogCache | None = None) -> list[Paper]:
        """Every paper in page order, with abstract "" (`abstract(position)` reads it).
        `previous`: a cache whose papers were read (the one this one replaces): its papers
        are taken for each record chunk the two files hold byte for byte alike, so after
        an import, which changes a few chunks, 100,000 papers are not all decoded again."""
        if self._papers is None:
            known = previous._papers if previous is not None else None
            for attempt in (1, 2):
                try:
                    papers: list[Paper] = []
                    shared: dict = {}
                    for start, length in self._chunks:
                        if known is not None and self._same_chunk(previous, start, length):
                            papers.extend(known[start: start + length])
                        else:
                            papers.extend(self._chunk(start, shared))
                    if len(papers) != self.count:
                        raise self._file.damaged()
                    self._papers = papers
                    break
                except DAMAGE:
                    if attempt == 2:
                        raise
                    self._recover()
        return list(self._papers)

    def _same_chunk(self, other: CatalogCache, start: int, length: int) -> bool:
        """Whether `other` has the record chunk at `start` with the same bytes (its length
        and CRC-32 in both headers)."""
        name = f"rec.{start}"
        mine = self._file.header["sections"].get(name)
        theirs = other._file.header["sections"].get(name)
        return mine is not None and theirs is not None and mine[1:] == theirs[1:] and \
            [start, length] in other._chunks

    def abstract(self, position: int) -> str:
        """The abstract of the paper at `position` (page order)."""
        with self._lock:
            text = self._abstracts.get(position)
            if text is not None:
                self._abstracts.move_to_end(position)
                return text
        if self._starts is None:
            self._starts = unpack_array("Q", self._file.whole("abs.starts"))
        start, end = self._starts[position], self._starts[position + 1]
        text = self._file.read("abs.raw", start, end - start).decode("utf-8", "replace")
        with self._lock:
            self._abstracts[position] = text
            while len(self._abstracts) > ABSTRACT_CACHE:
                self._abstracts.popitem(last=False)
        return text

    def _chunk_of(self, position: int) -> tuple[int, int]:
        """[start, length] of the chunk holding `position`."""
        starts = [start for start, _length in self._chunks]
        return self._chunks[bisect_right(starts, position) - 1]

    def paper(self, position: int) -> Paper:
        """The whole paper at `position`: with its abstract and extra fields."""
        return next(self.full_papers([position]))

    def full_papers(self, positions: Iterable[int] | None = None) -> Iterator[Paper]:
        """The papers at `positions` (default: every paper, in page order) whole, with
        abstract and extra fields: for commands that print or export papers. Each chunk's
        records and extra fields are decoded once, and only chunks holding a position."""
        wanted = range(self.count) if positions is None else positions
        start, length = -1, 0
        records: list[Paper] = []
        extras: dict = {}
        for position in wanted:
            if not 0 <= position < self.count:
                raise IndexError(position)
            if not start <= position < start + length:
                start, length = self._chunk_of(position)
                records, extras = self._decoded(start, length)
            yield with_text(records[position - start], self.abstract(position),
                            extras.get(position - start, ()))

    def _decoded(self, start: int, length: int) -> tuple[list[Paper], dict]:
        """The records and extra fields of the chunk at `start`; the last few chunks asked
        are kept (an import reads papers here and there, often several in one chunk)."""
        with self._lock:
            found = self._chunks_decoded.get(start)
            if found is not None:
                self._chunks_decoded.move_to_end(start)
                return found
        papers = self._papers
        records = papers[start: start + length] if papers is not None else self._chunk(start)
        found = records, decode_extras(self._file.whole(f"extra.{start}"))
        with self._lock:
            self._chunks_decoded[start] = found
            while len(self._chunks_decoded) > DECODED_CHUNKS:
                self._chunks_decoded.popitem(last=False)
        return found

    def search_index(self, states: States = None) -> SearchIndex:
        """A `SearchIndex` over the cached papers (positions as in `papers()`)."""
        from reader.query.index import SearchIndex

        for attempt in (1, 2):
            try:
                ids = [p.id for p in self._papers] if self._papers is not None else None
                return SearchIndex.from_store(self._file, self._meta, states, ids)
            except DAMAGE:
                if attempt == 2:
                    raise
                self._recover()
        raise AssertionError  # pragma: no cover


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m reader.catalog.cache [--progress]`: build the cache if needed; prints
    "built" or "fresh" (after progress lines, with --progress)."""
    argv = sys.argv[1:] if argv is None else argv

    def report(progress: Progress) -> None:
        print(progress.to_line(), flush=True)

    try:
        built = CatalogCache.ensure_built(report=report if "--progress" in argv else None)
    except ReaderError as error:
        print(f"reader: {error}", file=sys.stderr)
        return 2
    print("built" if built else "fresh")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def allow_builds() -> None:
    """Undo `stop_builds` (a new program run in the same process may build again)."""
    _STOPPING.clear()
