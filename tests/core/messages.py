"""Checks shared by core and CLI tests for the messages users see."""

from __future__ import annotations

import re

# A sentence ends at ". ", "! " or "? " followed by a capital letter (outside quotes).
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def assert_one_sentence(message: str, *must_contain: str) -> None:
    """`message` is one line, one sentence ending in '.', and names each of `must_contain`."""
    assert "\n" not in message.strip(), f"more than one line: {message!r}"
    assert "Traceback" not in message
    assert message.strip().endswith("."), f"not a sentence: {message!r}"
    unquoted = _QUOTED.sub("''", message)
    assert not _SENTENCE_BREAK.search(unquoted), f"more than one sentence: {message!r}"
    for part in must_contain:
        assert part in message, f"{part!r} not in {message!r}"
