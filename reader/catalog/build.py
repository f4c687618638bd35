"""Build the catalog cache file: the library merged with the built-in catalog and tagged
(exactly `files.load()`'s papers), as compact record chunks, abstracts and search index.

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
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reader.catalog import files as catalog
from reader.catalog.plan import CatalogPlan, plan_catalog
from reader.catalog.progress import Progress, Report, Stage
from reader.catalog.records import encode_chunk, encode_extras
from reader.catalog.section_file import MARSHAL_VERSION, CacheDamaged, SectionFile, SectionWriter
from reader.model import Paper
from reader.query.build import build_parts
from reader.query.fold import fold_fast
from reader.query.store import unpack_strings
from reader.tags import TagRule, paper_tags

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


def _plan(papers: Sequence[Paper], known: dict[str, tuple[bytes, tuple[str, ...]]]
          ) -> tuple[bytes, list[tuple[str, ...] | None], list[int]]:
    """Each paper's tag key, its tags when `known` has them for that key (else None), and
    the positions of the papers left to tag."""
    keys = [tag_key(paper) for paper in papers]
    tags: list[tuple[str, ...] | None] = []
    todo = []
    for position, (paper, key) in enumerate(zip(papers, keys, strict=True)):
        old = known.get(paper.id)
        tags.append(old[1] if old is not None and old[0] == key else None)
        if tags[-1] is None:
            todo.append(position)
    return b"".join(keys), tags, todo


def _with_tags(papers: Sequence[Paper], tags: list[tuple[str, ...] | None], todo: list[int],
               found: list[tuple[str, ...]]) -> list[Paper]:
    for position, found_tags in zip(todo, found, strict=True):
        tags[position] = found_tags
    return [paper.with_changes(tags=given) for paper, given in zip(papers, tags, strict=True)]


def tag_part(papers: Sequence[Paper]) -> tuple[list[list], bytes]:
    """The index's "tags" part and its table (meta["tags"]), exactly as `build_parts` makes
    them: each folded tag's positions, tags in order of first use."""
    found: dict[str, array] = {}
    for position, paper in enumerate(papers):
        for tag in dict.fromkeys(fold_fast(tag) for tag in paper.tags):
            found.setdefault(tag, array("I")).append(position)
    table, offset, data = [], 0, []
    for tag, positions in found.items():
        table.append([tag, offset, len(positions)])
        data.append(positions.tobytes())
        offset += len(positions)
    return table, b"".join(data)


_JOB: tuple[Sequence[Paper], Sequence[TagRule]] | None = None


def _tag_range(bounds: tuple[int, int]) -> list[tuple[str, ...]]:
    papers, rules = _JOB
    return [paper_tags(papers[n], rules) for n in range(*bounds)]


def _quiet_worker() -> None:
    """Ctrl-C is the parent's to handle: a worker stops with the pool, without a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _tag_here(papers: Sequence[Paper], rules: Sequence[TagRule],
              stage: Stage) -> list[tuple[str, ...]]:
    return [paper_tags(paper, rules) for paper in stage.counting(papers, 200)]


def _tag_in_background(papers: Sequence[Paper], rules: Sequence[TagRule], stage: Stage
                       ) -> Callable[[], list[tuple[str, ...]]] | None:
    """Start tagging `papers` in forked processes, one per core, and return what waits for
    their tags; None when there are few papers or forking is unsafe (not POSIX, another
    thread in this process): then tag them here. Meanwhile this process may index."""
    global _JOB
    workers = min(os.cpu_count() or 1, 8)
    if (len(papers) < PARALLEL_MIN or workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return None
    step = min(2000, -(-len(papers) // (workers * 4)))  # small parts: progress moves
    ranges = [(start, min(start + step, len(papers))) for start in range(0, len(papers), step)]
    _JOB = (papers, rules)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, _quiet_worker)
    finally:
        _JOB = None  # the workers have their copy

    def advance(part: list) -> None:
        stage.advance(len(part))

    pending = [pool.apply_async(_tag_range, (bounds,), callback=advance) for bounds in ranges]
    pool.close()

    def wait() -> list[tuple[str, ...]]:
        try:
            return [tags for result in pending for tags in result.get()]
        finally:
            pool.terminate()
            pool.join()

    return wait


def _serialised(report: Report) -> Report:
    lock = threading.Lock()

    def locked(progress: Progress) -> None:
        with lock:
            report(progress)

    return locked


def write_plan(writer: SectionWriter, plan: CatalogPlan) -> None:
    """The sections `reader.catalog.update` needs to change the cache paper by paper."""
    writer.add("lib.map", plan.library_map.tobytes())
    writer.add("lib.keys", marshal.dumps(plan.library_keys, MARSHAL_VERSION))
    writer.add("cat.guard", marshal.dumps(plan.guard, MARSHAL_VERSION))


def write_cache(path: Path, header: dict, rules: Sequence[TagRule] | None,
                report: Report | None = None, imported: Sequence[Paper] | None = None) -> None:
    """Build the cache of the current library into `path` (atomically), reporting each
    stage's progress to `report`. `imported`: the library file's papers, when the caller
    has just read or written them (not read again: ~2 s at 100,000 papers)."""
    if rules is None:
        rules = catalog.tag_rules()
    if report is not None:  # tagging reports from a pool thread while indexing reports here
        report = _serialised(report)
    Stage(report, "reading", 0)
    plan = plan_catalog(imported)
    papers = plan.papers
    keys, tags, todo = _plan(papers, previous_tags(path.parent, header))
    tagging = Stage(report, "tagging", len(todo))
    later = _tag_in_background([papers[p] for p in todo], rules, tagging)
    if later is None:
        papers = _with_tags(papers, tags, todo,
                            _tag_here([papers[p] for p in todo], rules, tagging))
    writer = SectionWriter(path)
    try:
        bounds = chunk_bounds(len(papers))
        indexing = Stage(report, "indexing", len(papers))
        # While other processes tag, this one indexes everything else: only the index's
        # "tags" part depends on the tags, and it is made again once they are known.
        meta, parts = build_parts(indexing.counting(papers))
        if later is not None:
            papers = _with_tags(papers, tags, todo, later())
            meta["tags"], parts["tags"] = tag_part(papers)
        writing = Stage(report, "writing", len(papers))
        for start, length in bounds:
            writer.add(f"rec.{start}", encode_chunk(papers[start: start + length]))
            writer.add(f"extra.{start}", encode_extras(papers[start: start + length]))
            writing.advance(length)
        writer.add("rec.tagkeys", keys)
        writer.add("rec.tags", marshal.dumps([p.tags for p in papers], MARSHAL_VERSION))
        writer.add("rec.own", marshal.dumps([p.tags for p in plan.papers], MARSHAL_VERSION))
        write_plan(writer, plan)
        del papers, plan
        for name in list(parts):
            writer.add(name, parts.pop(name))
        writer.commit({**header, "count": meta["size"], "chunks": bounds, "index": meta,
                       "pid": os.getpid()})
    except BaseException:
        writer.abandon()
        raise
