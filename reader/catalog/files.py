"""Load papers from files: read, detect the format, parse, tag."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from reader import paths
from reader.errors import SourceError
from reader.model import Paper
from reader.sources import daily_page, detect
from reader.tags import TagRule, load_rules, tag_paper

MAX_FILE_BYTES = 256 * 1024 * 1024


def read_text(path: Path) -> str:
    """The text of `path`, or a `SourceError` saying in one sentence why not."""
    try:
        if path.is_dir():
            raise SourceError(f"{path} is a directory, not a file of papers.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SourceError(f"{path} is too large to be a file of papers.")
        with path.open("rb") as file:  # at most the cap: /dev/zero and pipes have no size
            data = file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise SourceError(f"{path} is too large to be a file of papers.")
    except FileNotFoundError:
        raise SourceError(f"{path} does not exist.") from None
    except PermissionError:
        raise SourceError(f"{path} cannot be read (permission denied).") from None
    except OSError as error:
        raise SourceError(f"{path} cannot be read ({error.strerror or error}).") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16's byte order mark: text
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SourceError(f"{path} is not valid UTF-16 text.") from None
    if b"\x00" in data[:8192]:
        raise SourceError(f"{path} is a binary file, not a file of papers.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"{path} is not UTF-8 text (bad byte at offset {error.start})."
        ) from None


def parse_file(path: Path) -> list[Paper]:
    """Untagged papers from one file of any known format."""
    text = read_text(path)
    module = detect(text)
    if module is None:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        number = next((n for n, line in enumerate(text.splitlines(), 1) if line.strip()), 1)
        if not first:
            raise SourceError(f"{path} is empty, not a file of papers.")
        shown = first if len(first) <= 40 else first[:39] + "…"
        raise SourceError(
            f"{path} is not a file of papers the reader knows: line {number} ({shown!r}) "
            "starts no known format."
        )
    return module.parse(text, source=str(path))


def tag_rules() -> tuple[TagRule, ...]:
    """The built-in tag rules extended by the user's `tags.toml` in the config dir."""
    return load_rules(paths.bundled_data_dir() / "tags.toml", paths.config_dir() / "tags.toml")


def tag_all(papers: Iterable[Paper], rules: Sequence[TagRule]) -> list[Paper]:
    return [tag_paper(paper, rules) for paper in papers]


def dedupe(papers: Iterable[Paper]) -> list[Paper]:
    """Papers in first-seen order, one per id."""
    seen: set[str] = set()
    unique: list[Paper] = []
    for paper in papers:
        if paper.id not in seen:
            seen.add(paper.id)
            unique.append(paper)
    return unique


def builtin_papers() -> list[Paper]:
    """The built-in Daily Papers catalog (untagged), with the arXiv ids established for it
    offline (`reader.seed_ids`)."""
    from reader.seed_ids import with_seed_ids

    path = paths.builtin_catalog_path()
    return with_seed_ids(daily_page.parse(read_text(path), source=str(path)))


def library_papers(imported: Sequence[Paper] | None = None) -> list[Paper]:
    """The user's library: the built-in catalog with every imported paper merged in
    (`imported`: the library file's papers when the caller has them already).

    Imports that repeat a built-in paper (same arXiv id or title) refresh it in place, so
    it keeps its id and with it its reading state.
    """
    from reader.library import load_library, merge_papers

    if imported is None:
        imported = load_library()
    if not imported:
        return builtin_papers()
    merged, _ = merge_papers(builtin_papers(), imported)
    return merged


def load(files: Sequence[Path] = (), rules: Sequence[TagRule] | None = None) -> list[Paper]:
    """Papers from `files`, or the library when none are given; tagged, deduped."""
    if rules is None:
        rules = tag_rules()
    papers: list[Paper] = []
    if files:
        for path in files:
            papers.extend(parse_file(path))
    else:
        papers = library_papers()
    return tag_all(dedupe(papers), rules)
