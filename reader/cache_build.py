"""Build the catalog cache file: the library merged with the built-in catalog and tagged
(exactly `catalog.load()`'s papers), as compact record chunks, abstracts and search index.

Tagging costs ~0.6 ms a paper, so a rebuild takes the tags of unchanged papers from the
previous cache file when it was made with the same rules and code: a paper is unchanged when
the digest of what tagging reads (title, abstract, own tags, whether it has a code link) is.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reader import catalog
from reader.cache_file import MARSHAL_VERSION, CacheDamaged, SectionFile, SectionWriter
from reader.cache_progress import Report, Stage
from reader.cache_records import encode_chunk, encode_extras
from reader.model import Paper
from reader.query.build import build_parts
from reader.query.store import unpack_strings
from reader.tags import TagRule, tag_paper

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: concurrent builds both write; last wins
    fcntl = None  # type: ignore[assignment]

FIRST_CHUNK = 256  # the first screenful reads only this many records
CHUNK = 4096
DIGEST = 16
PARALLEL_MIN = 4000  # tag in several processes from this many papers on


def chunk_bounds(count: int) -> list[list[int]]:
    """[start, length] of each record chunk."""
    bounds, start = [], 0
    while start < count:
        length = FIRST_CHUNK if start == 0 else CHUNK
        bounds.append([start, min(length, count - start)])
        start += length
    return bounds


def tag_key(paper: Paper) -> bytes:
    """A digest of everything `tag_paper` looks at."""
    text = "\x00".join((paper.title, paper.abstract, "\x1f".join(paper.tags),
                        "1" if paper.primary_code_link else "0"))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=DIGEST).digest()


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """One build at a time per cache folder (other processes wait, then find it built)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".build.lock", "a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def remove_leftovers(folder: Path, keep: Path, pattern: str) -> None:
    """Other cache files ("catalog-*.bin") or temp files of interrupted builds
    (".catalog-*.tmp"); call under `build_lock`."""
    for path in folder.glob(pattern):
        if path != keep:
            with contextlib.suppress(OSError):
                path.unlink()


def previous_tags(folder: Path, header: dict) -> dict[str, tuple[bytes, tuple[str, ...]]]:
    """{id: (tag key, tags)} from the newest other cache file tagged by the same rules and
    tagging code; empty when there is none (or it is damaged)."""
    candidates = []
    for path in folder.glob("catalog-*.bin"):
        with contextlib.suppress(OSError):
            candidates.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(candidates, reverse=True):
        try:
            file = SectionFile(path)
        except (OSError, CacheDamaged):
            continue
        try:
            old = file.header
            if old.get("rules") != header["rules"] or old.get("tagging") != header["tagging"]:
                continue
            ids, keys = unpack_strings(file.whole("ids")), file.whole("rec.tagkeys")
            tags = marshal.loads(file.whole("rec.tags"))
            if not (len(ids) == len(tags) == len(keys) // DIGEST):
                continue
            return {paper_id: (keys[n * DIGEST: (n + 1) * DIGEST], tuple(tags[n]))
                    for n, paper_id in enumerate(ids)}
        except (CacheDamaged, ValueError, TypeError, EOFError):
            continue
        finally:
            file.close()
    return {}


def tag_papers(papers: Sequence[Paper], rules: Sequence[TagRule],
               known: dict[str, tuple[bytes, tuple[str, ...]]],
               report: Report | None = None) -> tuple[list[Paper], bytes]:
    """The papers tagged (reusing `known` tags where the key matches), and their keys."""
    keys = [tag_key(paper) for paper in papers]
    tags: list[tuple[str, ...] | None] = []
    todo = []
    for position, (paper, key) in enumerate(zip(papers, keys, strict=True)):
        old = known.get(paper.id)
        tags.append(old[1] if old is not None and old[0] == key else None)
        if tags[-1] is None:
            todo.append(position)
    stage = Stage(report, "tagging", len(todo))
    for position, found in zip(todo, _tag_many([papers[p] for p in todo], rules, stage),
                               strict=True):
        tags[position] = found
    tagged = [paper.with_changes(tags=found) for paper, found in zip(papers, tags, strict=True)]
    return tagged, b"".join(keys)


_JOB: tuple[Sequence[Paper], Sequence[TagRule]] | None = None


def _tag_range(bounds: tuple[int, int]) -> list[tuple[str, ...]]:
    papers, rules = _JOB
    return [tag_paper(papers[n], rules).tags for n in range(*bounds)]


def _quiet_worker() -> None:
    """Ctrl-C is the parent's to handle: a worker stops with the pool, without a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _tag_many(papers: Sequence[Paper], rules: Sequence[TagRule],
              stage: Stage) -> list[tuple[str, ...]]:
    """Each paper's tags; on several cores in forked processes when there are many papers
    and forking is safe (POSIX, no other thread in this process)."""
    global _JOB
    workers = min(os.cpu_count() or 1, 8)
    if (len(papers) < PARALLEL_MIN or workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [tag_paper(paper, rules).tags for paper in stage.counting(papers, 200)]
    step = min(2000, -(-len(papers) // (workers * 4)))  # small parts: progress moves
    ranges = [(start, min(start + step, len(papers))) for start in range(0, len(papers), step)]
    _JOB = (papers, rules)
    found: list[tuple[str, ...]] = []
    try:
        with multiprocessing.get_context("fork").Pool(workers, _quiet_worker) as pool:
            for part in pool.imap(_tag_range, ranges):
                found.extend(part)
                stage.advance(len(part))
        return found
    finally:
        _JOB = None


def write_cache(path: Path, header: dict, rules: Sequence[TagRule] | None,
                report: Report | None = None, imported: Sequence[Paper] | None = None) -> None:
    """Build the cache of the current library into `path` (atomically), reporting each
    stage's progress to `report`. `imported`: the library file's papers, when the caller
    has just read or written them (not read again: ~2 s at 100,000 papers)."""
    if rules is None:
        rules = catalog.tag_rules()
    Stage(report, "reading", 0)
    papers = catalog.dedupe(catalog.library_papers(imported))
    papers, keys = tag_papers(papers, rules, previous_tags(path.parent, header), report)
    writer = SectionWriter(path)
    try:
        bounds = chunk_bounds(len(papers))
        indexing = Stage(report, "indexing", len(papers))
        meta, parts = build_parts(indexing.counting(papers))
        writing = Stage(report, "writing", len(papers))
        for start, length in bounds:
            writer.add(f"rec.{start}", encode_chunk(papers[start: start + length]))
            writer.add(f"extra.{start}", encode_extras(papers[start: start + length]))
            writing.advance(length)
        writer.add("rec.tagkeys", keys)
        writer.add("rec.tags", marshal.dumps([p.tags for p in papers], MARSHAL_VERSION))
        del papers
        for name in list(parts):
            writer.add(name, parts.pop(name))
        writer.commit({**header, "count": meta["size"], "chunks": bounds, "index": meta,
                       "pid": os.getpid()})
    except BaseException:
        writer.abandon()
        raise
