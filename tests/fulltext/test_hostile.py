"""Hostile pages parse without a hang, and no control character reaches the output."""

from __future__ import annotations

import re

from reader.fulltext.export import to_markdown, to_text
from reader.fulltext.layout import layout
from reader.fulltext.parse import parse_document

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _page(body: str) -> str:
    return ('<html><body><article class="ltx_document"><h1 class="ltx_title '
            f'ltx_title_document">Hostile</h1>{body}</article></body></html>')


def _check_clean(document) -> None:
    for output in (to_text(document, 60), to_markdown(document)):
        assert not CONTROL.search(output), repr(CONTROL.search(output))
    laid = layout(document, 60)
    for line in laid.lines:
        for text, _, target in line:
            assert not CONTROL.search(text) and not CONTROL.search(target)


def test_deep_nesting_is_read_without_recursion_error():
    body = "<div>" * 50_000 + "deep text" + "</div>" * 50_000
    document = parse_document(_page('<section class="ltx_section"><h2 class="ltx_title">'
                                    f'<span class="ltx_tag">1</span>Deep</h2>{body}</section>'))
    assert "deep text" in to_text(document)
    _check_clean(document)


def test_deep_inline_nesting():
    body = "<p class='ltx_p'>" + "<span>" * 30_000 + "inner" + "</span>" * 30_000 + "</p>"
    document = parse_document(_page(body))
    assert "inner" in to_text(document)


def test_huge_attribute_and_unclosed_math():
    huge = "x" * 5_000_000
    body = (f'<p class="ltx_p" title="{huge}">Before <math alttext="{huge}"></math> after.</p>'
            '<p class="ltx_p">' + "<math alttext='a'>" * 20_000 + "</p>")
    document = parse_document(_page(body))
    text = to_text(document)
    assert "Before" in text and "after." in text


def test_escape_sequences_and_bidi_controls_are_stripped():
    evil = "\x1b]52;c;cGF3bmVk\x07\x1b[2J\x9b31m\u202eevil\u2066"
    body = (f'<p class="ltx_p">Text {evil} end <a href="https://x.org/\x1b[31m">link\x1b[0m</a>'
            f'<math alttext="\\text{{{evil}}}"></math></p>'
            f'<figure class="ltx_figure"><img src="a\x1b[2J.png"><figcaption>Cap{evil}'
            '</figcaption></figure>'
            f'<table class="ltx_tabular"><tr><td>cell{evil}</td></tr></table>'
            f'<ul class="ltx_biblist"><li class="ltx_bibitem" id="bib.bib1">'
            f'<span class="ltx_tag">[1]</span>Ref{evil}</li></ul>')
    document = parse_document(_page(body.replace("&", "&amp;")))
    assert document.title == "Hostile"
    _check_clean(document)
    assert "Text ]52;c;cGF3bmVk[2J31mevil end" in to_text(document)


def test_escape_as_character_reference():
    document = parse_document(_page('<p class="ltx_p">A &#27;[2J B &#x9b; C &#8238;D</p>'))
    _check_clean(document)
    # HTML maps &#x9b; to "›" (Windows-1252), as browsers do; ESC and RLO are gone.
    assert "A [2J B › C D" in to_text(document)
