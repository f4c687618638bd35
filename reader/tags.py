"""Rule-based topic tags from `data/tags.toml`, extended by the user's own tags.toml."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reader.bounded_parse import toml_loads
from reader.errors import ReaderError
from reader.model import Paper, fold

HAS_CODE = "has-code"


@dataclass(frozen=True, slots=True)
class TagRule:
    """One tag and the compiled expression that decides it."""

    name: str
    pattern: re.Pattern[str]
    title_only: bool = False
    abstract_min: int = 1

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
    return TagRule(name, pattern, bool(spec.get("title_only", False)), abstract_min)


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


def topic_tags(title: str, abstract: str, rules: Iterable[TagRule]) -> tuple[str, ...]:
    folded_title, folded_abstract = fold(title), fold(abstract)
    return tuple(r.name for r in rules if r.matches(folded_title, folded_abstract))


def tag_paper(paper: Paper, rules: Iterable[TagRule]) -> Paper:
    """`paper` with its topic tags added (kept: tags it already had), plus `has-code`."""
    tags = list(paper.tags)
    for tag in topic_tags(paper.title, paper.abstract, rules):
        if tag not in tags:
            tags.append(tag)
    if paper.primary_code_link and HAS_CODE not in tags:
        tags.append(HAS_CODE)
    return paper.with_changes(tags=tuple(tags))
