"""Rule-based topic tags from `data/tags.toml`, extended by the user's own tags.toml."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.bounded_parse import toml_loads
from reader.errors import ReaderError
from reader.model import Paper, fold

HAS_CODE = "has-code"


@dataclass(frozen=True, slots=True)
class TagRule:
    """One tag and the compiled expression that decides it.

    `heads` (None for a rule with `patterns`) lets a `Tagger` skip the expression for a text
    in which it cannot match: words one of which must start a match exactly, and word starts.
    """

    name: str
    pattern: re.Pattern[str]
    title_only: bool = False
    abstract_min: int = 1
    heads: tuple[frozenset[str], tuple[str, ...]] | None = field(default=None, compare=False)

    def _hits(self, text: str, enough: int) -> bool:
        if enough <= 1:
            return self.pattern.search(text) is not None
        hits = 0
        for _ in self.pattern.finditer(text):
            hits += 1
            if hits >= enough:
                return True
        return False

    def matches(self, title: str, abstract: str) -> bool:
        """Title mentions it, or the abstract does at least `abstract_min` times.

        `title` and `abstract` must already be folded (`reader.model.fold`).
        """
        if self.pattern.search(title):
            return True
        return not self.title_only and self._hits(abstract, self.abstract_min)


def _keyword_body(keyword: str) -> str:
    word = fold(keyword.strip())
    stem = word.endswith("*")
    body = re.escape(word.rstrip("*")).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
    return body + (r"\w*" if stem else "")


def _keywords_regex(keywords: list[str]) -> str:
    """All keywords as one alternation, whole words only: the word-boundary checks run once
    per position instead of once per keyword, which makes tagging ~10x faster."""
    bodies = sorted({_keyword_body(k) for k in keywords}, key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(bodies) + r")(?!\w)"


_HEAD = re.compile(r"\w+")
# Where a keyword can start a match: a run of word characters not after a word character or
# a hyphen (the `(?<![\w-])` of `_keywords_regex`).
_STARTS = re.compile(r"(?<![\w-])\w+")


def _keyword_heads(keywords: list[str]) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """For each keyword, what the word at a match's start must be: exactly its first word
    (followed by a space or the keyword's end), or a word starting with it (a hyphen may
    join it to the next, or a stem). None when a keyword does not start with a word."""
    exact, prefixes = set(), set()
    for keyword in keywords:
        word = fold(keyword.strip())
        stem = word.endswith("*")
        word = word.rstrip("*")
        head = _HEAD.match(word)
        if head is None:
            return None
        rest = word[head.end():]
        if not stem and (rest == "" or rest[0] == " "):
            exact.add(head.group())
        else:
            prefixes.add(head.group())
    # A head found by a shorter one adds no place.
    prefixes = {p for p in prefixes if not any(p.startswith(q) and p != q for q in prefixes)}
    exact = {word for word in exact if not any(word.startswith(q) for q in prefixes)}
    return frozenset(exact), tuple(sorted(prefixes))


def compile_rule(name: str, spec: Mapping[str, object], *, origin: str = "tags.toml") -> TagRule:
    keywords = spec.get("keywords", [])
    patterns = spec.get("patterns", [])
    if not isinstance(keywords, list) or not isinstance(patterns, list):
        raise ReaderError(f"{origin}: tag '{name}' needs lists for keywords and patterns.")
    parts = ([_keywords_regex([str(k) for k in keywords])] if keywords else []) + [
        f"(?i:{p})" for p in map(str, patterns)]
    if not parts:
        raise ReaderError(f"{origin}: tag '{name}' has no keywords or patterns.")
    try:
        pattern = re.compile("|".join(f"(?:{p})" for p in parts))
    except re.error as error:
        raise ReaderError(f"{origin}: tag '{name}' has a bad pattern ({error}).") from None
    abstract_min = spec.get("abstract_min", 1)
    if not isinstance(abstract_min, int) or abstract_min < 1:
        raise ReaderError(f"{origin}: tag '{name}' needs a positive whole abstract_min.")
    heads = _keyword_heads([str(k) for k in keywords]) if keywords and not patterns else None
    return TagRule(name, pattern, bool(spec.get("title_only", False)), abstract_min, heads)


def parse_rules(text: str, *, origin: str = "tags.toml") -> dict[str, Mapping[str, object]]:
    try:
        document = toml_loads(text)  # a nested file is a TOMLDecodeError too
    except tomllib.TOMLDecodeError as error:
        raise ReaderError(f"{origin} is not valid TOML ({error}).") from None
    tags = document.get("tags", {})
    if not isinstance(tags, dict) or not all(isinstance(v, dict) for v in tags.values()):
        raise ReaderError(f"{origin} must hold [tags.NAME] tables.")
    return tags


def load_rules(builtin: Path, user: Path | None = None) -> tuple[TagRule, ...]:
    """The built-in rules, then the user's file: same name replaces, `disabled` removes."""
    origin = str(builtin)
    specs = {
        name: (spec, origin)
        for name, spec in parse_rules(builtin.read_text(encoding="utf-8"), origin=origin).items()
    }
    text = _read_user_file(user) if user is not None else None
    if text is not None:
        for name, spec in parse_rules(text, origin=str(user)).items():
            if spec.get("disabled"):
                specs.pop(name, None)
            else:
                specs[name] = (spec, str(user))
    return tuple(compile_rule(name, spec, origin=where) for name, (spec, where) in specs.items())


def _read_user_file(user: Path) -> str | None:
    """The text of the user's tags.toml, None when there is none, else a `ReaderError`."""
    try:
        if not user.is_file():
            return None
        return user.read_text(encoding="utf-8")
    except OSError as error:
        raise ReaderError(f"Cannot read {user} ({error.strerror or error}).") from None
    except UnicodeDecodeError as error:
        raise ReaderError(
            f"{user} is not UTF-8 text (bad byte at offset {error.start})."
        ) from None


def _fold(text: str) -> str:
    """`fold`, fast for ASCII text (where NFKD changes nothing and casefold is lower)."""
    return text.lower() if text.isascii() else fold(text)


class _Words:
    """A folded text, and the words at which a keyword match can start in it."""

    __slots__ = ("_words", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: set[str] | None = None

    def starts(self, heads: tuple[frozenset[str], tuple[str, ...]]) -> list[int]:
        """Places, in order, that include every place where a match of a rule with these
        heads can start: where its words occur (found by `str.find`, fast in C)."""
        text, places = self.text, []
        exact, prefixes = heads
        if exact:
            if self._words is None:
                self._words = set(_STARTS.findall(text))
            exact = exact & self._words
        for head in (*exact, *prefixes):
            at = text.find(head)
            while at >= 0:
                places.append(at)
                at = text.find(head, at + 1)
        places.sort()
        return places

    def hits(self, rule: TagRule, enough: int) -> bool:
        """Whether `rule` matches at least `enough` times, counted as `finditer` would: the
        leftmost match, then the leftmost from its end on (a match starts at a word start)."""
        hits, after, match = 0, 0, rule.pattern.match
        for place in self.starts(rule.heads):
            if place < after:
                continue
            found = match(self.text, place)
            if found is not None:
                hits += 1
                if hits >= enough:
                    return True
                after = max(found.end(), place + 1)
        return False


def topic_tags(title: str, abstract: str, rules: Iterable[TagRule]) -> tuple[str, ...]:
    """The names of the rules that match. A keyword rule's expression is tried only where a
    word its keywords start with is, not at each of ~1,500 characters: same tags, faster."""
    folded_title, folded_abstract = _fold(title), _fold(abstract)
    title_words = abstract_words = None
    found = []
    for rule in rules:
        if rule.heads is None:
            if rule.matches(folded_title, folded_abstract):
                found.append(rule.name)
            continue
        if title_words is None:
            title_words = _Words(folded_title)
        if title_words.hits(rule, 1):
            found.append(rule.name)
            continue
        if rule.title_only:
            continue
        if abstract_words is None:
            abstract_words = _Words(folded_abstract)
        if abstract_words.hits(rule, rule.abstract_min):
            found.append(rule.name)
    return tuple(found)


def tag_paper(paper: Paper, rules: Iterable[TagRule]) -> Paper:
    """`paper` with its topic tags added (kept: tags it already had), plus `has-code`."""
    tags = list(paper.tags)
    for tag in topic_tags(paper.title, paper.abstract, rules):
        if tag not in tags:
            tags.append(tag)
    if paper.primary_code_link and HAS_CODE not in tags:
        tags.append(HAS_CODE)
    return paper.with_changes(tags=tuple(tags))
