"""A check for the one-sentence messages users see (shared by the issue-7 test dirs)."""

from __future__ import annotations

import re

_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def one_sentence(message: str, *must_contain: str) -> None:
    """`message` is one line and one sentence ending in '.', naming each of `must_contain`."""
    text = message.strip()
    assert text and "\n" not in text, f"not one line: {message!r}"
    assert "Traceback" not in text
    assert text.endswith("."), f"not a sentence: {message!r}"
    assert not _BREAK.search(_QUOTED.sub("''", text)), f"more than one sentence: {message!r}"
    for part in must_contain:
        assert part in text, f"{part!r} not in {message!r}"
