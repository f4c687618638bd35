"""A phrase matches its hyphenated form and back: "state of the art" <-> "state-of-the-art"."""

from __future__ import annotations


def variants(value: str) -> tuple[str, ...]:
    """`value`, then its form with spaces made hyphens and its form with hyphens made spaces
    (each once, when they differ): every form a text term is searched in."""
    spaced = " ".join(value.replace("-", " ").split())  # "longcat-" typed so far: "longcat"
    return tuple(form for form in dict.fromkeys((value, value.replace(" ", "-"), spaced))
                 if form)
