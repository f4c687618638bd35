"""The paper model: immutable records with a stable id."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from reader.catalog import files as catalog
from reader.model import (
    Link,
    Paper,
    fold,
    is_arxiv_id,
    normalise_arxiv_id,
    normalise_title,
    paper_id,
    slugify,
)
from tests.conftest import ROOT


def make_paper(**changes) -> Paper:
    fields = {"id": "p", "title": "A Title", "abstract": "An abstract."}
    fields.update(changes)
    return Paper(**fields)


def test_paper_is_frozen():
    paper = make_paper()
    with pytest.raises(dataclasses.FrozenInstanceError):
        paper.title = "Another"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        paper.tags = ("x",)  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        paper.new_field = 1  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Link("https://x.org").url = "https://y.org"  # type: ignore[misc]


def test_collections_on_a_paper_are_tuples():
    paper = catalog.builtin_papers()[0]
    assert isinstance(paper.authors, tuple)
    assert isinstance(paper.links, tuple)
    assert isinstance(paper.tags, tuple)
    hash(paper)  # frozen and made of immutable parts, so hashable


def test_with_changes_returns_a_copy():
    paper = make_paper()
    changed = paper.with_changes(tags=("llm",), upvotes=3)
    assert paper.tags == () and paper.upvotes is None
    assert changed.tags == ("llm",) and changed.upvotes == 3
    assert changed.id == paper.id


def test_paper_fields_and_defaults():
    paper = Paper(
        id="2509.00001", title="T", abstract="A", date=dt.date(2025, 9, 25),
        collection="daily-2025-09-25", authors=("Ada", "Alan"),
        links=(Link("https://github.com/a/b", "code"),), tags=("llm",),
        arxiv_id="2509.00001", upvotes=12, github_stars=340,
    )
    assert paper.authors == ("Ada", "Alan")
    assert paper.upvotes == 12 and paper.github_stars == 340
    bare = make_paper()
    assert bare.authors == () and bare.links == () and bare.tags == ()
    assert bare.date is None and bare.upvotes is None and bare.github_stars is None


def test_to_dict_shape_is_json_ready():
    paper = make_paper(date=dt.date(2025, 10, 3), links=(Link("https://x.org/a", "other"),),
                       tags=("llm", "has-code"), authors=("Ada",))
    record = json.loads(json.dumps(paper.to_dict()))
    assert record["date"] == "2025-10-03"
    assert record["links"] == [{"url": "https://x.org/a", "kind": "other"}]
    assert record["tags"] == ["llm", "has-code"]
    assert record["authors"] == ["Ada"]
    assert make_paper().to_dict()["date"] is None


def test_page_url():
    assert make_paper(arxiv_id="2509.00001").page_url == "https://arxiv.org/abs/2509.00001"
    assert make_paper(title="Mélange & co").page_url.endswith("?q=M%C3%A9lange+%26+co")


# Ids


def test_fold_and_normalise_title():
    assert fold("Mélange") == "melange"
    assert fold("STRASSE Straße") == "strasse strasse"
    assert normalise_title("  Mélange:  Cost-Efficient LLM  Serving! ") == (
        "melange cost efficient llm serving"
    )


def test_slugify():
    assert slugify("Hogwild! Inference: Parallel LLM Generation") == (
        "hogwild-inference-parallel-llm-generation"
    )
    long = slugify("word " * 40)
    assert len(long) <= 80 and not long.endswith("-") and long.startswith("word-word")
    assert slugify("") == "untitled"
    assert slugify("   ") == "untitled"


def test_titles_without_latin_letters_get_distinct_stable_ids():
    a, b = slugify("大型语言模型的推理"), slugify("小型语言模型")
    assert a != b
    assert a.startswith("title-") and a == slugify("大型语言模型的推理")
    # Whitespace and case do not change it.
    assert slugify("  Ἀλφα   Βήτα ") != slugify("Γάμμα")


def test_paper_id_prefers_the_arxiv_id_without_version():
    assert paper_id("Any Title", "2509.12345") == "2509.12345"
    assert paper_id("Any Title", "2509.12345v3") == "2509.12345"
    assert paper_id("Any Title", "arXiv:2509.12345v1") == "2509.12345"
    assert paper_id("Any Title", "https://arxiv.org/abs/2509.12345v2") == "2509.12345"
    assert paper_id("Any Title", "http://arxiv.org/pdf/2509.12345v2.pdf") == "2509.12345"
    assert paper_id("Any Title", "http://arxiv.org/abs/cond-mat/0412498v1") == "cond-mat/0412498"
    assert paper_id("Any Title", None) == "any-title"
    assert paper_id("Any Title", "") == "any-title"
    assert paper_id("Any Title", "not an id") == "any-title"


@pytest.mark.parametrize("value, expected", [
    ("2509.12345", True), ("0704.0001", True), ("cond-mat/0412498", True),
    ("math.GT/0309136", True), ("2509.12345v2", False), ("2509", False), ("", False),
])
def test_is_arxiv_id(value, expected):
    assert is_arxiv_id(value) is expected


def test_normalise_arxiv_id_rejects_non_ids():
    assert normalise_arxiv_id(None) is None
    assert normalise_arxiv_id("10.1000/xyz123") is None
    assert normalise_arxiv_id("https://example.org/abs/2509.12345") is None


def test_seed_ids_are_unique_slugs_and_stable_across_reimports():
    first = [p.id for p in catalog.builtin_papers()]
    again = [p.id for p in catalog.builtin_papers()]
    assert first == again
    assert len(set(first)) == 95
    assert first[0] == "sliced-recursive-transformer"
    assert "llm-agent-operating-system" in first
    assert all(i == slugify(i.replace("-", " ")) for i in first)


def test_seed_ids_are_identical_in_another_process():
    """Ids must not depend on anything per-run, such as Python's string hash seed."""
    code = "import json; from reader.catalog import files as catalog; " \
           "print(json.dumps([p.id for p in catalog.builtin_papers()]))"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    assert json.loads(out) == [p.id for p in catalog.builtin_papers()]
    cjk = "import sys; from reader.model import slugify; print(slugify('大型语言模型'))"
    other = subprocess.run([sys.executable, "-c", cjk], cwd=ROOT, env=env, check=True,
                           capture_output=True, text=True).stdout.strip()
    assert other == slugify("大型语言模型")
