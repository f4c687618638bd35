"""Loading papers from files: reading, format detection, dedupe, tagging."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader import paths
from reader.catalog import files as catalog
from reader.errors import SourceError
from reader.tags import HAS_CODE
from tests.conftest import FIXTURES, SEED
from tests.core.messages import assert_one_sentence
from tests.state.helpers import run_unprivileged

OCT3 = FIXTURES / "daily-papers-2025-10-03.txt"


def test_builtin_catalog_is_the_seed():
    assert paths.builtin_catalog_path().read_bytes() == SEED.read_bytes()
    assert paths.styles_dir().is_dir()


def test_load_without_files_is_the_tagged_builtin_catalog():
    papers = catalog.load()
    assert len(papers) == 95
    assert all(p.tags for p in papers)
    assert papers[0].title == "Sliced Recursive Transformer"


def test_load_files_in_order_and_dedupe(tmp_path: Path):
    papers = catalog.load([OCT3, SEED, OCT3])
    assert len(papers) == 3 + 95
    assert papers[0].title.startswith("Caching Caf\u00e9")
    assert papers[3].title == "Sliced Recursive Transformer"


def test_same_page_under_two_names_keeps_the_first(tmp_path: Path):
    copy = tmp_path / "daily-papers-2024-10-03.txt"
    shutil.copy(OCT3, copy)
    papers = catalog.load([OCT3, copy])
    assert len(papers) == 3
    assert {p.collection for p in papers} == {"daily-2025-10-03"}


def test_another_day_is_tagged_and_linked():
    papers = {p.title.split()[0]: p for p in catalog.load([OCT3])}
    cafe = papers["Caching"]
    assert [(x.url, x.kind) for x in cafe.links] == [
        ("https://github.com/example-org/cafe-cache", "code"),
        ("https://example-org.github.io/cafe-demo/", "project"),
    ]
    assert HAS_CODE in cafe.tags
    recipes = papers["Retrieval"]
    assert [(x.url, x.kind) for x in recipes.links] == [
        ("https://en.wikipedia.org/wiki/Mole_(sauce)", "other"),
        ("https://huggingface.co/example-org/recipe-retriever", "code"),
        ("https://recipes.example.org/index.html", "other"),
    ]
    assert "retrieval" in recipes.tags
    assert papers["A"].links == () and HAS_CODE not in papers["A"].tags


def test_byte_order_mark_and_crlf(tmp_path: Path):
    page = tmp_path / "daily-papers-2025-10-03.txt"
    text = OCT3.read_text(encoding="utf-8").replace("\n", "\r\n")
    page.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert catalog.parse_file(page) == catalog.parse_file(OCT3)


# Refusals: one sentence naming the file (and the line where there is one)


def refused(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        catalog.load([path])
    return str(caught.value)


def test_missing_file(tmp_path: Path):
    missing = tmp_path / "nope.txt"
    assert_one_sentence(refused(missing), str(missing), "does not exist")


def test_directory(tmp_path: Path):
    assert_one_sentence(refused(tmp_path), str(tmp_path), "directory")


def test_binary_file(tmp_path: Path):
    binary = tmp_path / "papers.txt"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    assert_one_sentence(refused(binary), str(binary), "binary")


def test_not_utf8(tmp_path: Path):
    latin = tmp_path / "papers.txt"
    latin.write_bytes("Daily Papers\n\nSep 25\n\nM\u00e9lange\n".encode("latin-1"))
    assert_one_sentence(refused(latin), str(latin), "UTF-8")


def test_empty_file(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n \n", encoding="utf-8")
    assert_one_sentence(refused(empty), str(empty), "empty")


def test_wrong_format_names_file_and_line(tmp_path: Path):
    notes = tmp_path / "notes.md"
    notes.write_text("\n\n# My reading notes\n\nNothing here is a paper.\n", encoding="utf-8")
    assert_one_sentence(refused(notes), str(notes), "line 3", "'# My reading notes'")


def test_page_with_a_broken_body_names_file_and_line(tmp_path: Path):
    page = tmp_path / "daily-papers-2025-10-03.txt"
    page.write_text(OCT3.read_text(encoding="utf-8") + "\nA title with no abstract\n",
                    encoding="utf-8")
    assert_one_sentence(refused(page), str(page), "line 25")


def test_unreadable_file(monkeypatch):
    page = OCT3.read_bytes()

    def check(folder: Path) -> list[str]:  # as root, in a child that has dropped to nobody
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            monkeypatch.setenv(name, str(folder / name.lower()))  # dirs nobody can use
        locked = folder / "daily-papers-2025-10-03.txt"
        locked.write_bytes(page)
        locked.chmod(0)
        return [refused(locked), str(locked)]

    message, path = run_unprivileged(check)
    assert_one_sentence(message, path, "permission denied")
