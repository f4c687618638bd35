"""The real arXiv page comes out right: title, authors, sections, math, figures, tables,
citations and references."""

from __future__ import annotations

import pytest

from reader.fulltext.export import to_markdown, to_text
from reader.fulltext.layout import layout
from reader.fulltext.parse import NoHtml, NotLatexml, parse_document


def test_title_authors_and_abstract(document):
    assert document.title.startswith("Audio-Visual Speech Enhancement: Architectural Design")
    assert document.authors == ("Anis Hamadouche", "Haifeng Luo", "Mathini Sellathurai",
                                "Amir Hussain", "Tharm Ratnarajah")
    assert document.abstract[0].text.startswith("Real-time audio-visual speech enhancement")


def test_numbered_sections_in_order(document):
    headings = [(b.label, b.text, b.anchor) for b in document.blocks if b.kind == "heading"]
    numbered = [(label, text) for label, text, _ in headings if label]
    assert numbered[:6] == [("I", "Introduction"), ("II", "Related Work"),
                            ("III", "Problem Formulation: Audio–Visual Speech Enhancement"),
                            ("IV", "Proposed Solution"),
                            ("IV-A", "Model Architecture and Feature Fusion"),
                            ("IV-B", "Implementation")]
    assert ("", "References", "bib") in headings
    assert [b.level for b in document.blocks if b.label == "IV-A" and b.kind == "heading"] == [2]


def test_display_math_is_unicode_with_number_and_source(document):
    equation = next(b for b in document.blocks if b.kind == "math" and b.label == "(3)")
    assert equation.text == "min_θ ℒ=∑ₜ₌₁ᵀ‖𝐱̂ₜ-𝐱ₜ‖₂²,"
    assert equation.latex.startswith(r"\min_{\theta}\;\mathcal{L}=\sum_{t=1}^{T}")


def test_inline_math_keeps_grouping_and_latex(document):
    para = next(b for b in document.blocks if b.text.startswith("Let 𝐚ₜ∈ℝ^(Fₐ) denote"))
    math = next(s for s in para.spans if s.style == "math")
    assert math.target == r"\mathbf{a}_{t}\in\mathbb{R}^{F_{a}}"


def test_citations_point_at_references(document):
    cites = [s for b in document.blocks for s in b.spans if s.style == "cite"]
    assert ("4", "bib.bib7") in [(s.text, s.target) for s in cites]
    reference = document.blocks[document.anchors["bib.bib7"]]
    assert reference.kind == "reference" and reference.label == "[4]"
    assert "Multi-access edge computing" in reference.text
    assert len([b for b in document.blocks if b.kind == "reference"]) == 13


def test_figures_tables_and_lists(document):
    figure = document.blocks[document.anchors["S4.F1"]]
    assert figure.kind == "figure"
    assert figure.text == "Figure 1: Audio-Visual Speech Enhancement AI model architecture."
    assert figure.images == ("https://arxiv.org/html/2508.08468v6/fig1.png",)
    table = document.blocks[document.anchors["S5.T1"]]
    assert table.kind == "table" and table.text.startswith("TABLE I: AVSE Multimedia Profile")
    assert table.rows[0][:3] == ("Profile", "Category", "Video FPS")
    assert table.rows[1][:4] == ("1A", "Low-bandwidth", "3", "160×120")
    bullets = [b for b in document.blocks if b.label == "•"]
    assert len(bullets) == 4 and bullets[0].indent == 1


def test_text_output_wraps_and_numbers(document):
    text = to_text(document, width=72)
    assert all(len(line) <= 72 for line in text.splitlines() if line.isascii())
    assert "\nI Introduction\n" in text
    assert "    𝐡ₜ=LSTM(𝐳ₜ,𝐡ₜ₋₁)," in text and text.count("(7)") >= 1
    assert "image: https://arxiv.org/html/2508.08468v6/fig1.png" in text
    assert "Profile │ Category" in text.replace("  ", " ").replace("  ", " ") or \
        "Profile" in text


def test_markdown_keeps_latex(document):
    markdown = to_markdown(document)
    assert r"$$\mathbf{h}_{t}=\mathrm{LSTM}(\mathbf{z}_{t},\mathbf{h}_{t-1}),$$ (7)" in markdown
    assert "## I Introduction" in markdown
    assert "[4](#bib.bib7)" in markdown


def test_layout_finds_and_maps_back_to_blocks(document):
    laid = layout(document, 80)
    hits = laid.find("vodafone 5g network")
    assert hits
    first_line = laid.line_of_block(document.anchors["S4.F1"])
    assert laid.plain(first_line).startswith("▣ Figure 1:")
    assert laid.blocks[first_line] == document.anchors["S4.F1"]


def test_a_page_that_is_not_latexml():
    with pytest.raises(NotLatexml, match="is not an arXiv HTML"):
        parse_document("<html><body><h1>Welcome to the portal</h1></body></html>", "http://x/")


def test_arxiv_no_html_page():
    with pytest.raises(NoHtml, match="no HTML version"):
        parse_document("<html><body>No HTML for 'hep-th/9901001'.</body></html>")


def test_a_footnote_becomes_a_note_with_its_mark(page_html):
    page = page_html.replace(
        "Our contributions are as follows:",
        'Our contributions<span id="footnote1" class="ltx_note ltx_role_footnote">'
        '<sup class="ltx_note_mark">1</sup><span class="ltx_note_outer"><span '
        'class="ltx_note_content"><sup class="ltx_note_mark">1</sup>See the appendix.'
        '</span></span></span> are as follows:', 1)
    document = parse_document(page)
    para = next(b for b in document.blocks if b.text.startswith("Our contributions"))
    assert [s for s in para.spans if s.style == "note"][0].target == "footnote1"
    assert para.text == "Our contributions1 are as follows:"
    note = document.blocks[document.anchors["footnote1"]]
    assert note.kind == "footnote" and note.label == "1" and note.text == "See the appendix."


def test_html_parser_fallback_reads_the_same(page_html, document, monkeypatch):
    """Without lxml (or when it gives up on a page) the standard library's parser builds the
    tree: the same document comes out."""
    from reader.fulltext import tree

    monkeypatch.setattr(tree, "_parse_with_lxml", lambda html: None)
    fallback = parse_document(page_html, "https://arxiv.org/html/2508.08468v6")
    assert fallback.title == document.title and fallback.authors == document.authors
    assert fallback.blocks == document.blocks


def test_layout_in_steps_equals_layout_whole(document):
    whole = layout(document, 90)
    steps = layout(document, 90, until_lines=30)
    assert not steps.complete and 30 <= len(steps.lines) < len(whole.lines)
    line = steps.line_of_block(document.anchors["bib.bib7"])  # a jump lays out up to there
    assert steps.plain(line).strip().startswith("[4] European")
    while not steps.complete:
        steps.extend(until_lines=len(steps.lines) + 50)
    assert (steps.lines, steps.blocks, steps.starts) == (whole.lines, whole.blocks, whole.starts)
