"""Random query texts, as a user might type them, for property tests."""

from __future__ import annotations

import random

WORDS = ("serving", "llm", "model", "cache", "kv", "scal", "survey", "gpu", "agent", "the",
         "of", "Mélange", "ex", "a", "e", "infer", "data", "train", "Language", "moe", "zzz")
PHRASES = ('"kv cache"', '"language model"', '"large language models"', '"of the"')
TAGS = ("serving", "llm", "survey", "has-code", "to-read", "moe", "rl", "nope")
SIMPLE = ("is:read", "is:unread", "is:starred", "is:unstarred", "has:code", "has:link",
          "has:project", "has:note", "has:stars", "has:upvotes", "upvotes:>50", "upvotes:<=20",
          "stars:100..500", "comments:2", "date:2025-09", "after:2025-09-20",
          "before:2025-10-05", "date:2025-09-10..2025-10-10", "author:dao", "author:garcia")


def term(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        text = rng.choice(WORDS)
    elif roll < 0.45:
        text = rng.choice(PHRASES)
    elif roll < 0.55:
        text = f"{rng.choice(('title', 'abstract'))}:{rng.choice(WORDS)}"
    elif roll < 0.75:
        text = f"tag:{rng.choice(TAGS)}"
    else:
        text = rng.choice(SIMPLE)
    negation = rng.random()
    if negation < 0.12:
        return "-" + text
    if negation < 0.18:
        return "NOT " + text
    return text


def query_text(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        if depth < 2 and rng.random() < 0.12:
            parts.append(f"({query_text(rng, depth + 1)})")
        else:
            parts.append(term(rng))
        if rng.random() < 0.2:
            parts.append("OR")
    if parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)
