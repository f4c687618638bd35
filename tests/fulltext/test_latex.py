"""LaTeX to Unicode only where faithful; the source where not."""

from __future__ import annotations

import pytest

from reader.fulltext.latex import to_unicode


@pytest.mark.parametrize(("source", "text"), [
    (r"\mathbf{a}_{t}\in\mathbb{R}^{F_{a}}", "𝐚ₜ∈ℝ^(Fₐ)"),
    (r"x_{ab}c", "x_(ab)c"),
    (r"x^2+y_{i,j}", "x²+y_(i,j)"),
    (r"\frac{a+b}{2}", "(a+b)/2"),
    (r"\sqrt{x^2+1}", "√(x²+1)"),
    (r"\mathbb{E}_{x\sim p}[\log p(x)]", "𝔼_(x∼p)[log p(x)]"),
    (r"\text{for all } x", "for all x"),
    (r"\left\|\hat{\mathbf{x}}\right\|_{2}^{2}", "‖𝐱̂‖₂²"),
    (r"\alpha\le\beta\neq\infty", "α≤β≠∞"),
])
def test_faithful(source, text):
    assert to_unicode(source) == text


@pytest.mark.parametrize("source", [
    r"\begin{cases}a & b\end{cases}",
    r"\hat{xy}",
    r"\mycustommacro{x}",
    r"\sqrt[3]{x}",
    r"\binom{n}{k}",
    "{" * 200 + "x" + "}" * 200,
    r"x^{",
    "a" * 5000,
])
def test_not_faithful_gives_none(source):
    assert to_unicode(source) is None
