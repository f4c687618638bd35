"""The Hugging Face Daily Papers page parser, on the built-in seed and on hand-made pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.errors import SourceError
from reader.sources import daily_page, detect
from tests.conftest import FIXTURES, SEED
from tests.core.messages import assert_one_sentence

OCT3 = FIXTURES / "daily-papers-2025-10-03.txt"

HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "byAK and the research community\n\n"
)


def seed_pairs() -> list[tuple[str, str]]:
    """The seed's papers read independently of the parser: non-blank lines after the six
    header and date lines, taken two at a time."""
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[:6] == [
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        "Sep 25",
    ]
    body = lines[6:]
    return list(zip(body[::2], body[1::2], strict=True))


@pytest.fixture(scope="module")
def seed():
    return daily_page.parse(SEED.read_text(encoding="utf-8"), source=str(SEED))


def test_seed_yields_exactly_95_papers_with_exact_titles_and_abstracts(seed):
    assert len(seed) == 95
    assert [(p.title, p.abstract) for p in seed] == seed_pairs()


def test_seed_first_last_and_accented_titles(seed):
    assert seed[0].title == "Sliced Recursive Transformer"
    assert seed[0].abstract.startswith("We present a neat yet effective recursive operation")
    assert seed[-1].title == "Evaluating Language-Model Agents on Realistic Autonomous Tasks"
    melange = [p for p in seed if p.title.startswith("M\u00e9lange")]
    assert [p.title for p in melange] == [
        "M\u00e9lange: Cost Efficient Large Language Model Serving by Exploiting GPU Heterogeneity"
    ]
    assert melange[0].id == "melange-cost-efficient-large-language-model-serving-by-exploiting-gpu"


def test_header_lines_are_not_papers(seed):
    titles = {p.title for p in seed}
    for header in daily_page.HEADER_LINES + ("Sep 25",):
        assert header not in titles


def test_seed_is_dated_from_its_file_name(seed):
    assert {p.date for p in seed} == {dt.date(2025, 9, 25)}
    assert {p.collection for p in seed} == {"daily-2025-09-25"}


def test_seed_papers_have_model_defaults(seed):
    paper = seed[0]
    assert paper.authors == ()
    assert paper.upvotes is None and paper.github_stars is None
    assert paper.tags == ()  # the parser does not tag; the catalog does


def test_detect_recognises_the_page():
    assert detect(SEED.read_text(encoding="utf-8")) is daily_page
    assert daily_page.looks_like(OCT3.read_text(encoding="utf-8"))
    assert not daily_page.looks_like("Title\n\nAbstract of a paper.\n")


def test_another_day_dated_from_its_file_name():
    papers = daily_page.parse(OCT3.read_text(encoding="utf-8"), source=str(OCT3))
    assert [p.title for p in papers] == [
        "Caching Caf\u00e9 Menus with Tiny Language Models",
        "A Hand-Made Second Paper About Nothing in Particular",
        "Retrieval for Recipes with Balanced Parentheses",
    ]
    assert {p.date for p in papers} == {dt.date(2025, 10, 3)}
    assert {p.collection for p in papers} == {"daily-2025-10-03"}


def test_another_day_dated_by_year_argument():
    text = OCT3.read_text(encoding="utf-8")
    papers = daily_page.parse(text, source="<clipboard>", year=2024)
    assert {p.date for p in papers} == {dt.date(2024, 10, 3)}
    assert {p.collection for p in papers} == {"daily-2024-10-03"}
    # The argument wins over a year in the file name.
    named = daily_page.parse(text, source="daily-papers-2025-10-03.txt", year=2023)
    assert {p.date for p in named} == {dt.date(2023, 10, 3)}


@pytest.mark.parametrize("line, expected", [
    ("Sep 25", dt.date(2025, 9, 25)),
    ("Sept 5", dt.date(2025, 9, 5)),
    ("January 31", dt.date(2025, 1, 31)),
])
def test_date_line_forms(line, expected):
    papers = daily_page.parse(HEADER + f"{line}\n\nA Title\n\nAn abstract long enough.\n",
                              source="page.txt", year=2025)
    assert papers[0].date == expected


def test_crlf_and_surrounding_whitespace_parse_the_same():
    text = OCT3.read_text(encoding="utf-8")
    crlf = "\r\n".join("  " + line + " " for line in text.splitlines())
    assert daily_page.parse(crlf, source=str(OCT3)) == daily_page.parse(text, source=str(OCT3))


def test_year_from_name():
    assert daily_page.year_from_name("daily-papers-2025-10-03.txt") == 2025
    assert daily_page.year_from_name("papers 1999.txt") == 1999
    assert daily_page.year_from_name("page.txt") is None
    assert daily_page.year_from_name("12025.txt") is None


# Refusals: one sentence naming the file and the line.

def refusal(text: str, source: str = "/tmp/pages/daily-papers-2025-10-03.txt", **kw) -> str:
    with pytest.raises(SourceError) as caught:
        daily_page.parse(text, source=source, **kw)
    return str(caught.value)


def test_refuses_text_that_is_not_a_page():
    message = refusal("Some notes\n\nabout papers I liked.\n")
    assert_one_sentence(message, "/tmp/pages/daily-papers-2025-10-03.txt", "line 1",
                        "'Some notes'")


def test_refuses_empty_text():
    assert_one_sentence(refusal("\n\n  \n"), "daily-papers-2025-10-03.txt", "empty")


def test_refuses_a_bad_date_line():
    message = refusal(HEADER + "Tuesday\n\nA Title\n\nAn abstract.\n")
    assert_one_sentence(message, "daily-papers-2025-10-03.txt", "line 11", "'Tuesday'")


def test_refuses_an_impossible_date():
    message = refusal(HEADER + "Feb 30\n\nA Title\n\nAn abstract long enough.\n")
    assert_one_sentence(message, "daily-papers-2025-10-03.txt", "line 11", "'Feb 30'")


def test_refuses_a_page_without_a_year():
    message = refusal(HEADER + "Oct 3\n\nA Title\n\nAn abstract.\n", source="page.txt")
    assert_one_sentence(message, "page.txt", "line 11", "'Oct 3'")


def test_refuses_a_header_without_date_line():
    message = refusal(HEADER)
    assert_one_sentence(message, "daily-papers-2025-10-03.txt", "line 9")


def test_refuses_a_header_without_papers():
    message = refusal(HEADER + "Oct 3\n")
    assert_one_sentence(message, "daily-papers-2025-10-03.txt", "11")


def test_refuses_a_title_without_abstract():
    message = refusal(HEADER + "Oct 3\n\nA Title\n\nAn abstract long enough.\n\nLonely title\n")
    assert_one_sentence(message, "daily-papers-2025-10-03.txt", "line 17", "'Lonely title'")


def test_refuses_shifted_title_and_abstract():
    abstract = "A long abstract line. " * 10
    text = HEADER + f"Oct 3\n\n{abstract}\n\nT\n"
    message = refusal(text)
    assert_one_sentence(message, "daily-papers-2025-10-03.txt", "line 13")


def test_seed_file_name_is_what_dates_it(tmp_path: Path):
    copy = tmp_path / "copied-page.txt"
    copy.write_bytes(SEED.read_bytes())
    with pytest.raises(SourceError):
        daily_page.parse(copy.read_text(encoding="utf-8"), source=str(copy))
    papers = daily_page.parse(copy.read_text(encoding="utf-8"), source=str(copy), year=2025)
    assert len(papers) == 95
