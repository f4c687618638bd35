"""Split query text into tokens: parentheses, OR/AND/NOT, '-', and terms (word, "phrase", field:value)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.errors import ReaderError

FIELDS = (
    "title", "abstract", "author", "note", "tag", "is", "has",
    "date", "after", "before", "upvotes", "stars", "comments",
)
KEYWORDS = ("OR", "AND", "NOT")
_FIELD = re.compile(r"[A-Za-z]+:")
_STOP = '()"'


class QueryError(ReaderError):
    """A malformed query; `position` is the 0-based offset in the text the message points at."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def column(position: int) -> str:
    return f"column {position + 1}"


@dataclass(frozen=True, slots=True)
class Token:
    """`kind` is '(', ')', 'OR', 'AND', 'NOT', '-' or 'TERM'; a TERM has field and value."""

    kind: str
    position: int
    field: str | None = None
    value: str = ""
    value_position: int = 0
    quoted: bool = False


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The text inside the quote opening at `start`, and the offset after its closing quote."""
    end = text.find('"', start + 1)
    if end < 0:
        raise QueryError(
            f"Unterminated quote: the '\"' at {column(start)} is never closed.", start
        )
    value = text[start + 1 : end]
    if not value.strip():
        raise QueryError(f"Empty quotes at {column(start)}.", start)
    return value, end + 1


def _chunk_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in _STOP:
        end += 1
    return end


def _term(text: str, start: int) -> tuple[Token, int]:
    """The term starting at `start` (not a quote, space or parenthesis) and the offset after it."""
    end = _chunk_end(text, start)
    chunk = text[start:end]
    if chunk in KEYWORDS:
        return Token(chunk, start), end
    match = _FIELD.match(chunk)
    if match is None or chunk[match.end():].startswith("//"):
        return Token("TERM", start, None, chunk, start), end
    field = match.group()[:-1].lower()
    value_start = start + match.end()
    known = field in FIELDS
    if value_start < len(text) and text[value_start] == '"' and known:
        value, after = _quoted(text, value_start)
        return Token("TERM", start, field, value, value_start + 1, True), after
    value = text[value_start:end]
    if not known:
        if not value:
            return Token("TERM", start, None, chunk, start), end  # "Lift:" pasted from a title
        raise QueryError(
            f"Unknown field '{field}:' at {column(start)} "
            f"(fields are {', '.join(FIELDS)}; quote text that has a colon).",
            start,
        )
    if not value:
        raise QueryError(f"'{field}:' at {column(start)} needs a value.", start)
    return Token("TERM", start, field, value, value_start), end


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(Token(char, i))
            i += 1
        elif char == "-":
            following = text[i + 1] if i + 1 < len(text) else ""
            if not following or following.isspace() or following == ")":
                raise QueryError(f"The '-' at {column(i)} has nothing to negate.", i)
            tokens.append(Token("-", i))
            i += 1
        elif char == '"':
            value, after = _quoted(text, i)
            tokens.append(Token("TERM", i, None, value, i + 1, True))
            i = after
        else:
            token, i = _term(text, i)
            tokens.append(token)
    return tokens
