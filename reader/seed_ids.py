"""arXiv ids of the built-in catalog's papers, established offline from public records.

`data/seed-arxiv-ids.tsv` (beside the catalog) holds, for each seed paper whose id a public
record quotes with the exact title, the id and where it was found (repository, path, commit,
line). Papers it does not list keep no id; `reader enrich` resolves them online. A seed
paper keeps its id (its reading state is keyed by it): only `arxiv_id` is filled in, and the
record is named in the paper's facts (`arxiv_id_from`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reader import paths
from reader.model import Paper, is_arxiv_id, normalise_title

FILE_NAME = "seed-arxiv-ids.tsv"


def ids_path() -> Path:
    return paths.bundled_data_dir() / FILE_NAME


def read_ids(path: Path | None = None) -> dict[str, tuple[str, str]]:
    """{normalised title: (arXiv id, where it was found)}; {} when the file is missing."""
    try:
        text = (path or ids_path()).read_text(encoding="utf-8")
    except OSError:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("title\t"):
            continue
        parts = line.split("\t")
        if len(parts) < 6 or not is_arxiv_id(parts[1]):
            continue  # a damaged row gives no id: a wrong id is worse than none
        title, arxiv_id, repo, file, commit, number = parts[:6]
        found[normalise_title(title)] = (arxiv_id, f"{repo} {file}@{commit[:12]} line {number}")
    return found


def with_seed_ids(papers: Iterable[Paper], path: Path | None = None) -> list[Paper]:
    """`papers` with the arXiv ids the seed file establishes (ids and other fields kept)."""
    ids = read_ids(path)
    result = []
    for paper in papers:
        known = ids.get(normalise_title(paper.title))
        if known and not paper.arxiv_id:
            arxiv_id, where = known
            paper = paper.with_changes(
                arxiv_id=arxiv_id, extra=(*paper.extra, ("arxiv_id_from", where)))
        result.append(paper)
    return result
