"""Build the search index's parts from papers, once: the catalog cache stores them, so a
start-up reads them ready to use and folds nothing.

Parts (named byte strings; arrays are machine-order uint32/uint64/int64/int32):
  ids                    paper ids (`pack_strings`)
  titles, titles.starts  folded titles joined by newlines, and where each starts
  abs.raw, abs.starts    abstracts as given (UTF-8), for display and verification
  abs.fold, abs.fold_starts, abs.folded   folded abstracts where they differ from
                         `raw.lower()` (flag byte 1), else empty
  title.*, abstract.*    `Terms` of the words of folded titles, and of folded abstracts
  names.*                `Terms` of folded author names; names.paper / names.paper_starts
                         are each paper's name ids
  tags                   each topic tag's positions (uint32), located by meta["tags"]
  links                  bit sets: any link, code, project
  numbers, dates         upvotes, stars, comments (int64, MISSING when unknown); date ordinals
                         (int32, 0 when unknown)
  order.F, sorted.F      positions sorted by field F (upvotes, stars, comments, date), and
                         the values in that order (for ranges by bisection)
  NAME.gramstats         for each short substring of NAME's terms: how many terms hold it,
                         how many of those are dense, the sum of the others' df (see
                         `pack_gram_stats`); kept so that `reader.query.update` can tell
                         which substrings are dear without a pass over the vocabulary
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Iterable

from reader.model import Paper
from reader.query import bits
from reader.query.fold import fold_fast
from reader.query.store import pack_strings
from reader.query.terms import GRAM_BUDGET, GRAM_MAX, union_cost

INDEX_FORMAT = 1
MISSING = -(2**63)
NUMBER_FIELDS = ("upvotes", "stars", "comments")
LINK_KINDS = ("link", "code", "project")
_LIMIT = 2**63 - 1


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _number(value: int | None) -> int:
    return MISSING if value is None else max(-_LIMIT, min(_LIMIT, value))


# What the index keeps of one paper, shared by `build_parts` and `reader.query.update`.
def folded_names(paper: Paper) -> list[str]:
    """The paper's folded author names, each once, in order."""
    return list(dict.fromkeys(fold_fast(author) for author in paper.authors))


def folded_tags(paper: Paper) -> list[str]:
    """The paper's folded tags, each once, in order."""
    return list(dict.fromkeys(fold_fast(tag) for tag in paper.tags))


def link_flags(paper: Paper) -> tuple[bool, bool, bool]:
    """Whether the paper has a link, a code link, a project link (`LINK_KINDS`)."""
    kinds = {link.kind for link in paper.links}
    return bool(paper.links), "code" in kinds, "project" in kinds


def numbers_of(paper: Paper) -> tuple[int, int, int]:
    """The paper's `NUMBER_FIELDS` as stored (MISSING when unknown)."""
    return _number(paper.upvotes), _number(paper.github_stars), _number(paper.comments)


def date_of(paper: Paper) -> int:
    return paper.date.toordinal() if paper.date else 0


class _Builder:
    def __init__(self) -> None:
        self.words: dict[str, dict[str, array]] = {"title": {}, "abstract": {}}
        self.names: dict[str, array] = {}
        self.name_ids: dict[str, int] = {}
        self.tags: dict[str, array] = {}
        self.ids: list[str] = []
        self.titles: list[bytes] = []
        self.title_starts = array("I", [0])
        self.raw = bytearray()  # grown in place: no list of 100k pieces joined at the end
        self.raw_starts = array("Q", [0])
        self.fold: list[bytes] = []
        self.fold_starts = array("Q", [0])
        self.folded = bytearray()
        self.paper_names = array("I")
        self.paper_name_starts = array("I", [0])
        self.links: dict[str, list[int]] = {kind: [] for kind in LINK_KINDS}
        self.numbers = {name: array("q") for name in NUMBER_FIELDS}
        self.dates = array("i")

    def add(self, position: int, paper: Paper) -> None:
        self.ids.append(paper.id)
        title, abstract = fold_fast(paper.title), fold_fast(paper.abstract)
        encoded = _encode(title)
        self.titles.append(encoded)
        self.title_starts.append(self.title_starts[-1] + len(encoded) + 1)
        for field, text in (("title", title), ("abstract", abstract)):
            words = self.words[field]
            for word in set(text.split(" ")):
                papers = words.get(word)
                if papers is None:
                    if word:
                        words[word] = array("I", (position,))
                else:
                    papers.append(position)
        self._abstract(paper.abstract, abstract)
        self._authors(position, paper)
        for tag in folded_tags(paper):
            self.tags.setdefault(tag, array("I")).append(position)
        if paper.links:
            for kind, flag in zip(LINK_KINDS, link_flags(paper), strict=True):
                if flag:
                    self.links[kind].append(position)
        for name, value in zip(NUMBER_FIELDS, numbers_of(paper), strict=True):
            self.numbers[name].append(value)
        self.dates.append(date_of(paper))

    def _abstract(self, raw: str, folded: str) -> None:
        raw_bytes, fold_bytes = _encode(raw), _encode(folded)
        self.raw += raw_bytes
        self.raw_starts.append(len(self.raw))
        differs = fold_bytes != raw_bytes.lower()
        self.folded.append(differs)
        if differs:
            self.fold.append(fold_bytes)
        self.fold_starts.append(self.fold_starts[-1] + (len(fold_bytes) if differs else 0))

    def _authors(self, position: int, paper: Paper) -> None:
        for name in folded_names(paper):
            number = self.name_ids.get(name)
            if number is None:
                number = self.name_ids[name] = len(self.name_ids)
                self.names[name] = array("I")
            self.names[name].append(position)
            self.paper_names.append(number)
        self.paper_name_starts.append(len(self.paper_names))


def build_parts(papers: Iterable[Paper], *, gram_max: int = GRAM_MAX,
                gram_budget: float = GRAM_BUDGET) -> tuple[dict, dict[str, bytes]]:
    """(meta, parts) of the index of `papers`, in their order (positions 0, 1, ...).

    Substrings of up to `gram_max` characters whose union would cost more than
    `gram_budget` (see `terms.union_cost`) get a stored bit set."""
    builder = _Builder()
    for position, paper in enumerate(papers):
        builder.add(position, paper)
    size = len(builder.ids)
    parts: dict[str, bytes] = {
        "ids": pack_strings(builder.ids),
        "titles": b"".join(t + b"\n" for t in builder.titles),
        "titles.starts": builder.title_starts.tobytes(),
        "abs.raw": builder.raw,
        "abs.starts": builder.raw_starts.tobytes(),
        "abs.fold": b"".join(builder.fold),
        "abs.fold_starts": builder.fold_starts.tobytes(),
        "abs.folded": bytes(builder.folded),
        "numbers": b"".join(builder.numbers[name].tobytes() for name in NUMBER_FIELDS),
        "dates": builder.dates.tobytes(),
    }
    for name, values in (*builder.numbers.items(), ("date", builder.dates)):
        order = array("I", sorted(range(size), key=values.__getitem__))
        parts[f"order.{name}"] = order.tobytes()
        parts[f"sorted.{name}"] = array(values.typecode, (values[p] for p in order)).tobytes()
    nbytes = (size + 7) // 8
    parts["links"] = b"".join(
        bits.from_positions(builder.links[kind], size).to_bytes(nbytes, "little")
        for kind in LINK_KINDS)
    tag_table, offset, tag_data = [], 0, []
    for tag, positions in builder.tags.items():
        tag_table.append([tag, offset, len(positions)])
        tag_data.append(positions.tobytes())
        offset += len(positions)
    parts["tags"] = b"".join(tag_data)
    meta = {"format": INDEX_FORMAT, "size": size, "tags": tag_table}
    options = {"gram_max": gram_max, "budget": gram_budget}
    for name, postings in (*builder.words.items(), ("names", builder.names)):
        meta[name], terms = terms_parts(name, postings, size, **options)
        parts.update(terms)
    order = {name: n for n, name in enumerate(sorted(builder.names, key=_encode))}
    renumber = array("I", bytes(4 * len(order)))
    for name, number in builder.name_ids.items():
        renumber[number] = order[name]
    parts["names.paper"] = array("I", (renumber[n] for n in builder.paper_names)).tobytes()
    parts["names.paper_starts"] = builder.paper_name_starts.tobytes()
    return meta, parts


def terms_parts(name: str, postings: dict[str, array], size: int, *, gram_max: int = GRAM_MAX,
                budget: float = GRAM_BUDGET) -> tuple[dict, dict[str, bytes]]:
    """The parts of `Terms` NAME for `postings` (term -> ascending positions)."""
    nbytes = (size + 7) // 8
    dense_min = max(1, -(-nbytes // 4))  # a bit set is no bigger than the positions
    terms = sorted(postings, key=_encode)
    vocab = [b"\n"]
    starts, df, offsets, data = array("I"), array("I"), array("Q", [0]), []
    dense_bits: dict[str, int] = {}
    at = 1
    for term in terms:
        encoded = _encode(term)
        starts.append(at)
        vocab.append(encoded + b"\n")
        at += len(encoded) + 1
        positions = postings[term]
        df.append(len(positions))
        if len(positions) >= dense_min:
            dense_bits[term] = bits.from_positions(positions, size)
            data.append(dense_bits[term].to_bytes(nbytes, "little"))
        else:
            data.append(positions.tobytes())
        offsets.append(offsets[-1] + len(data[-1]))
    starts.append(at)
    stats = gram_stats(((t, len(postings[t]), t in dense_bits) for t in terms), gram_max)
    grams, gram_data = _dear_grams(terms, postings, dense_bits, size, gram_max,
                                   dear_grams(stats, budget))
    meta = {"dense_min": dense_min, "grams": grams}
    return meta, {
        f"{name}.vocab": b"".join(vocab), f"{name}.starts": starts.tobytes(),
        f"{name}.df": df.tobytes(), f"{name}.offsets": offsets.tobytes(),
        f"{name}.postings": b"".join(data), f"{name}.grams": gram_data,
        f"{name}.gramstats": pack_gram_stats(stats, gram_max, budget),
    }


def grams_of(term: str, gram_max: int) -> set[str]:
    """The distinct substrings of `term` of 1 to `gram_max` characters."""
    return {term[i: i + n] for n in range(1, gram_max + 1) for i in range(len(term) - n + 1)}


def gram_stats(terms: Iterable[tuple[str, int, bool]], gram_max: int) -> dict[str, list[int]]:
    """For each substring of the (term, df, dense) given: [terms holding it, how many of them
    are dense, the sum of the sparse ones' df] (the inputs of `union_cost`)."""
    stats: dict[str, list[int]] = {}
    for term, df, is_dense in terms:
        dense, rare = (1, 0) if is_dense else (0, df)
        for gram in grams_of(term, gram_max):
            known = stats.get(gram)
            if known is None:
                stats[gram] = [1, dense, rare]
            else:
                known[0] += 1
                known[1] += dense
                known[2] += rare
    return stats


def is_dear(counts: list[int], budget: float) -> bool:
    terms, dense, rare = counts
    return union_cost(rare, terms, dense) > budget


def dear_grams(stats: dict[str, list[int]], budget: float) -> list[str]:
    """The substrings whose union would cost more than `budget`, in UTF-8 byte order."""
    return sorted((g for g, counts in stats.items() if is_dear(counts, budget)), key=_encode)


def pack_gram_stats(stats: dict[str, list[int]], gram_max: int, budget: float) -> bytes:
    """`stats` and the options they were made with, in one canonical form: marshal version 2
    (later versions mark objects referenced twice, so equal stats could differ in bytes) of
    a dict in sorted order."""
    ordered = {gram: stats[gram] for gram in sorted(stats)}
    return marshal.dumps({"gram_max": gram_max, "budget": budget, "stats": ordered}, 2)


def unpack_gram_stats(data: bytes) -> tuple[int, float, dict[str, list[int]]]:
    loaded = marshal.loads(data)
    return loaded["gram_max"], loaded["budget"], loaded["stats"]


def _dear_grams(terms: list[str], postings: dict[str, array], dense_bits: dict[str, int],
                size: int, gram_max: int, dear: list[str]) -> tuple[list[str], bytes]:
    """The bit sets of the `dear` substrings (the papers holding a term that contains one)."""
    if not dear:
        return [], b""
    wanted = set(dear)
    members: dict[str, list[str]] = {gram: [] for gram in dear}
    for term in terms:
        for gram in grams_of(term, gram_max) & wanted:
            members[gram].append(term)
    nbytes = (size + 7) // 8
    data = []
    for gram in dear:
        found, marks = 0, bytearray(size)
        for term in members[gram]:
            if term in dense_bits:
                found |= dense_bits[term]
            else:
                for position in postings[term]:
                    marks[position] = 1
        data.append((found | bits.from_flags(marks)).to_bytes(nbytes, "little"))
    return dear, b"".join(data)
