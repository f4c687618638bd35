"""Text from a page, made safe for a terminal: no C0/C1 controls (ESC among them), no bidi
overrides, whitespace collapsed. Everything the package outputs passes through here."""

from __future__ import annotations

import re

# C0 controls (tab and newline are whitespace, collapsed below), DEL, C1 controls, and the
# bidi embedding/override/isolate marks that can make text display other than it reads.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")  # Unicode whitespace: no-break and thin spaces too


def strip_controls(text: str) -> str:
    return _CONTROLS.sub("", text)


def clean(text: str) -> str:
    """`text` without control characters, every run of whitespace one space."""
    return _SPACE.sub(" ", _CONTROLS.sub("", text))
