"""URLs in abstracts: extraction, cleaning, kinds, and the seed's links."""

from __future__ import annotations

import pytest

from reader.links import clean_url, extract_links, extract_urls, link_kind, merge_links
from reader.model import Link


def links_of(by_title, prefix: str) -> list[tuple[str, str]]:
    return [(link.url, link.kind) for link in by_title(prefix).links]


# The seed


def test_seed_link_counts(seed_papers):
    assert sum(1 for p in seed_papers if p.links) == 33
    with_github = [p for p in seed_papers if any("://github.com/" in x.url for x in p.links)]
    assert len(with_github) == 27


def test_longcat_has_three_links_in_order(by_title):
    assert links_of(by_title, "LongCat-Flash") == [
        ("https://longcat.ai", "other"),
        ("https://huggingface.co/meituan-longcat", "code"),
        ("https://github.com/meituan-longcat", "code"),
    ]
    paper = by_title("LongCat-Flash")
    assert paper.primary_code_link == Link("https://huggingface.co/meituan-longcat", "code")
    assert len(paper.code_links) == 2


@pytest.mark.parametrize("prefix, expected", [
    ("VARGPT-v1.1", [("https://github.com/VARGPT-family/VARGPT-v1.1", "code")]),
    ("OSWorld", [("https://os-world.github.io", "project")]),
    ("A Survey on Inference Optimization",
     [("https://github.com/MoE-Inf/awesome-moe-inference/", "code")]),
    ("Alita", [("https://github.com/CharlesQ9/Alita", "code")]),
    ("Stacking Your Transformers", [("https://llm-stacking.github.io/", "project")]),
    ("LiveMCPBench", [("https://icip-cas.github.io/LiveMCPBench", "project")]),
    ("CodeMonkeys", [("https://scalingintelligence.stanford.edu/pubs/codemonkeys", "other")]),
    ("On-Device Language Models", [
        ("https://github.com/NexaAI/Awesome-LLMs-on-device", "code"),
        ("https://www.nexaai.com/models", "other"),
    ]),
    ("Sliced Recursive Transformer", [("https://github.com/szq0214/SReT", "code")]),
    ("FiTv2", [("https://github.com/whlzy/FiT", "code")]),
])
def test_seed_links_are_clean_and_whole(by_title, prefix, expected):
    assert links_of(by_title, prefix) == expected


def test_every_seed_link_stays_whole_and_ends_clean(seed_papers):
    for paper in seed_papers:
        for link in paper.links:
            assert link.url in paper.abstract, link.url
            assert link.url[-1] not in ".,;:!?)]}'\"", link.url
            assert link.kind in ("code", "project", "other")


def test_primary_code_link_is_the_first_code_link(seed_papers):
    for paper in seed_papers:
        codes = [link for link in paper.links if link.kind == "code"]
        assert paper.primary_code_link == (codes[0] if codes else None)
    assert sum(1 for p in seed_papers if p.primary_code_link) == 27


def test_project_link_alone_is_not_a_code_link(by_title):
    paper = by_title("OSWorld")
    assert paper.links and paper.primary_code_link is None


# Extraction


def test_duplicates_drop_and_order_is_kept():
    text = ("Code: https://github.com/a/b. Demo at https://a.github.io/b/, "
            "and again https://github.com/a/b and https://GitHub.com/a/b/ too. "
            "Paper https://arxiv.org/abs/2509.00001.")
    assert extract_urls(text) == [
        "https://github.com/a/b",
        "https://a.github.io/b/",
        "https://arxiv.org/abs/2509.00001",
    ]


def test_latex_leftover_gives_one_link():
    text = r"See \href{https://github.com/x/y}{https://github.com/x/y}. Also \url{https://z.org/p}."
    assert extract_urls(text) == ["https://github.com/x/y", "https://z.org/p"]


def test_urls_in_parentheses_and_brackets():
    text = ("Models (https://huggingface.co/org/model), data [https://example.org/data]; "
            "wiki (see https://en.wikipedia.org/wiki/Mole_(sauce)).")
    assert extract_urls(text) == [
        "https://huggingface.co/org/model",
        "https://example.org/data",
        "https://en.wikipedia.org/wiki/Mole_(sauce)",
    ]


def test_not_urls():
    assert extract_urls("no links here, just http:// and https://x and ftp://a.org") == []


def test_extract_links_gives_kinds():
    assert extract_links("at https://gitlab.com/a/b and https://a.gitlab.io/ and https://a.org") == (
        Link("https://gitlab.com/a/b", "code"),
        Link("https://a.gitlab.io/", "project"),
        Link("https://a.org", "other"),
    )


def test_merge_links_drops_later_duplicates():
    first = (Link("https://github.com/a/b", "code"),)
    second = (Link("https://github.com/a/b/", "code"), Link("https://a.org", "other"))
    assert merge_links(first, second) == (first[0], second[1])


# clean_url edge cases


@pytest.mark.parametrize("raw, clean", [
    ("https://github.com/VARGPT-family/VARGPT-v1.1.", "https://github.com/VARGPT-family/VARGPT-v1.1"),
    ("https://os-world.github.io.", "https://os-world.github.io"),
    ("https://github.com/MoE-Inf/awesome-moe-inference/.",
     "https://github.com/MoE-Inf/awesome-moe-inference/"),
    ("https://en.wikipedia.org/wiki/Mole_(sauce)", "https://en.wikipedia.org/wiki/Mole_(sauce)"),
    ("https://en.wikipedia.org/wiki/Mole_(sauce))", "https://en.wikipedia.org/wiki/Mole_(sauce)"),
    ("https://en.wikipedia.org/wiki/Mole_(sauce)).", "https://en.wikipedia.org/wiki/Mole_(sauce)"),
    ("https://example.org/a)", "https://example.org/a"),
    ("https://example.org/a).", "https://example.org/a"),
    ("https://example.org/a]", "https://example.org/a"),
    ("https://example.org/[a]", "https://example.org/[a]"),
    ("https://example.org/a,", "https://example.org/a"),
    ("https://example.org/a;", "https://example.org/a"),
    ("https://example.org/a:", "https://example.org/a"),
    ("https://example.org/a!?", "https://example.org/a"),
    ("https://example.org/a'", "https://example.org/a"),
    ('https://example.org/a"', "https://example.org/a"),
    ("https://example.org/a\u201d.", "https://example.org/a"),
    ("https://example.org/a\u2019", "https://example.org/a"),
    ("https://example.org/a\u2026", "https://example.org/a"),
    ("https://example.org/a\u3002", "https://example.org/a"),
    ("https://example.org/a\uff09", "https://example.org/a"),
    ("https://example.org/a.b.", "https://example.org/a.b"),
    ("https://example.org/search?q=a,b", "https://example.org/search?q=a,b"),
    ("https://example.org/a#frag", "https://example.org/a#frag"),
    ("https://example.org/", "https://example.org/"),
])
def test_clean_url(raw, clean):
    assert clean_url(raw) == clean


def test_clean_url_of_typographic_quotes_in_text():
    assert extract_urls("as \u201chttps://github.com/a/b\u201d shows") == ["https://github.com/a/b"]
    assert extract_urls("代码见https://github.com/c/d\u3002") == ["https://github.com/c/d"]


# Kinds


@pytest.mark.parametrize("url, kind", [
    ("https://github.com/a/b", "code"),
    ("https://www.github.com/a/b", "code"),
    ("https://gist.github.com/a/1", "code"),
    ("https://gitlab.com/a/b", "code"),
    ("https://huggingface.co/org/model", "code"),
    ("https://huggingface.co/datasets/org/d", "code"),
    ("https://bitbucket.org/a/b", "code"),
    ("https://codeberg.org/a/b", "code"),
    ("https://colab.research.google.com/drive/x", "code"),
    ("https://os-world.github.io", "project"),
    ("https://a.github.io/b/", "project"),
    ("https://a.gitlab.io/b", "project"),
    ("https://longcat.ai", "other"),
    ("https://arxiv.org/abs/2509.00001", "other"),
    ("https://notgithub.com/a/b", "other"),
    ("https://github.com.evil.org/a", "other"),
    ("https://github.io", "other"),
])
def test_link_kind(url, kind):
    assert link_kind(url) == kind
