"""The sanitising rule of reader.safe_text, and the places it is applied."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import ReaderError
from reader.model import Link, Paper
from reader.safe_text import clean, for_terminal, safe_url

KEPT = ["Mélange — 数学 📚 ∑∫√ אבג مرحبا‌سلام 👩‍👩‍👧 ΑΒΓ", "plain ASCII [bold]markup[/bold]"]


@pytest.mark.parametrize("text", KEPT)
def test_printable_text_stays(text):
    assert clean(text) is text
    assert clean(text, multiline=True) is text


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\x1b[2Jb", "a␛[2Jb"),
    ("bell\x07", "bell␇"),
    ("x\x08y", "x␈y"),
    ("del\x7f", "del␡"),
    ("nul\x00", "nul␀"),
    ("c1\x9b31m", "c1\ufffd31m"),
    ("osc\x9d0;t\x9c", "osc\ufffd0;t\ufffd"),
    ("\u202eevil\u202c", "\ufffdevil\ufffd"),
    ("\u2066iso\u2069", "\ufffdiso\ufffd"),
    ("zero\u200bwidth\ufeff", "zero\ufffdwidth\ufffd"),
    ("tag\U000e0041", "tag\ufffd"),
    ("one\ttwo\nthree\rfour", "one two three four"),
])
def test_controls_become_visible_and_inert(raw, shown):
    assert clean(raw) == shown


def test_paragraphs_survive_in_multiline_fields():
    assert clean("one\r\n\r\ntwo\rthree\u2029four\x1b", multiline=True) == \
        "one\n\ntwo\nthree\nfour␛"
    assert clean("one\n\ntwo") == "one  two"


def test_terminal_output_keeps_its_layout():
    assert for_terminal("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert for_terminal("a\rb\x1b]52;c;x\x07") == "a b␛]52;c;x␇"


@pytest.mark.parametrize(("url", "safe"), [
    ("https://github.com/a/b", "https://github.com/a/b"),
    ("HTTP://Example.org/x", "HTTP://Example.org/x"),
    (" https://x.org/a ", "https://x.org/a"),
    ("https://x.org/a\x1b]52;c;eA==\x07", "https://x.org/a%1B]52;c;eA==%07"),
    ("https://x.org/\u202egpj.exe", "https://x.org/%E2%80%AEgpj.exe"),
    ("javascript:alert(1)", None),
    ("file:///etc/passwd", None),
    ("data:text/html,hi", None),
    ("ftp://x.org/", None),
    ("https://", None),
    ("https://[::1", None),
])
def test_links_are_http_or_https_and_inert(url, safe):
    assert safe_url(url) == safe


def test_a_paper_is_made_inert_where_it_is_made():
    paper = Paper(
        id="x", title="T\x1b]0;pwn\x07", abstract="p1\r\n\r\np2\x9b",
        authors=("Zoë\u202e",), tags=("t\x00",), collection="c\x1b",
        links=(Link("https://github.com/a/b\x1b[2J", "code"), Link("javascript:x", "code"),
               Link("https://x.org", "code\x1b")),
        extra=(("k\x1b", "v\x07"),),
    )
    assert paper.title == "T␛]0;pwn␇"
    assert paper.abstract == "p1\n\np2\ufffd"
    assert paper.authors == ("Zoë\ufffd",)
    assert paper.tags == ("t␀",)
    assert paper.collection == "c␛"
    assert paper.links == (Link("https://github.com/a/b%1B[2J", "code"),
                           Link("https://x.org", "other"))
    assert paper.extra == (("k␛", "v␇"),)
    # with_changes goes through the same door
    assert paper.with_changes(title="again\x1b").title == "again␛"


def test_an_error_message_quoting_data_is_inert():
    assert str(ReaderError("Bad title 'x\x1b[2J' in feed.")) == "Bad title 'x␛[2J' in feed."


def test_a_copied_link_is_cleaned():
    from reader.clipboard import copy_text

    sent = []
    result = copy_text("https://x.org/a\x1b]52;c;eA==\x07", terminal_writer=sent.append,
                       env={"PATH": ""})
    assert result.text == "https://x.org/a%1B]52;c;eA==%07"
    assert b"\x1b]52;c;eA==" not in "".join(sent).encode()


def test_a_state_file_note_and_tags_are_inert():
    from reader.state.docs import from_fields

    state = from_fields({"note": "line\r\nnext\x1b[2J", "tags": ["a\u202e"]})
    assert state.note == "line\nnext␛[2J"
    assert state.tags == ("a\ufffd",)


def test_huge_fields_are_cut_where_the_paper_is_made():
    """A 100 MB title took 84 s to import and froze the TUI at each visit."""
    from reader.safe_text import MAX_ITEMS, MAX_LINE, MAX_TEXT

    paper = Paper(id="x", title="t" * 10_000_000, abstract="a" * (MAX_TEXT + 5),
                  authors=("b" * (MAX_LINE + 1),) * (MAX_ITEMS + 3),
                  links=(Link("https://x.org/" + "y" * MAX_LINE, "code"),))
    assert len(paper.title) == MAX_LINE and paper.title.endswith("…")
    assert len(paper.abstract) == MAX_TEXT and paper.abstract.endswith("…")
    assert len(paper.authors) == MAX_ITEMS and len(paper.authors[0]) == MAX_LINE
    assert paper.links == ()  # no real link is that long


def test_real_papers_are_unchanged(seed_papers):
    from reader.safe_text import inert_fields

    assert all(inert_fields(paper) == {} for paper in seed_papers)

DANGEROUS = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]} | set(
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
    "\u2028\u2029")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60), st.booleans())
def test_any_text_comes_out_inert_and_cleaning_twice_changes_nothing(text, multiline):
    cleaned = clean(text, multiline=multiline)
    allowed = {"\n"} if multiline else set()
    assert not (set(cleaned) & (DANGEROUS - allowed))
    assert clean(cleaned, multiline=multiline) == cleaned
    assert not (set(for_terminal(text)) & (DANGEROUS - {"\n", "\t", "\r"}))
