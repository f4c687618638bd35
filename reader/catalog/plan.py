"""Where each library paper sits in the catalog: what lets `reader.catalog.update` change a
built catalog cache paper by paper instead of building it again.

The catalog is the built-in catalog with the library merged in (`files.library_papers`),
one paper per id. Most library papers are catalog papers as they are (before tagging); the
rest were merged into a built-in paper, or into another library paper, or dropped as a
repeated id. An update may only touch papers of the first kind, and must not bring a paper
whose arXiv id, title or id is one of the others' (`guard`): then the whole cache is built
again, which is always right.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from reader.catalog import files as catalog
from reader.library import MatchIndex, load_library, merge_changes
from reader.model import Paper, normalise_title


def match_keys(paper: Paper) -> list[str]:
    """The keys a paper is matched by (`MatchIndex`), as strings: arXiv id, title, id."""
    keys = [f"t:{normalise_title(paper.title)}", f"i:{paper.id}"]
    if paper.arxiv_id:
        keys.append(f"a:{paper.arxiv_id}")
    return keys


@dataclass(frozen=True, slots=True)
class CatalogPlan:
    papers: list[Paper]  # the catalog, untagged: dedupe(library_papers(library))
    library_map: array  # "i": each library paper's catalog position; -1 if not its own
    library_keys: tuple[dict, dict, dict]  # MatchIndex(library, titles).dicts()
    guard: frozenset[str]  # match_keys of every paper an update must not meet


def plan_catalog(library: Sequence[Paper] | None = None) -> CatalogPlan:
    """The catalog of `library` (default: the library on disk) and where its papers went."""
    if library is None:
        library = load_library()
    builtin = catalog.builtin_papers()
    titles: dict[str, str] = {}  # each title normalised once for both indexes
    merged = merge_changes(builtin, library, titles=titles)
    papers = catalog.dedupe(merged.papers)
    kept = {id(paper): position for position, paper in enumerate(papers)}
    own = array("i")
    guard: set[str] = set()
    for paper in builtin:
        guard.update(match_keys(paper))
    for paper, where in zip(library, merged.where, strict=True):
        # Its own catalog paper: appended there, nothing merged into it, not dropped.
        position = kept.get(id(paper), -1) if where >= len(builtin) and \
            merged.papers[where] is paper else -1
        own.append(position)
        if position < 0:
            guard.update(match_keys(paper))
            guard.update(match_keys(merged.papers[where]))
    guard.update(key for paper in papers[: len(builtin)] for key in match_keys(paper))
    return CatalogPlan(papers, own, MatchIndex(library).dicts(), frozenset(guard))

