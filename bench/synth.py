"""Deterministic synthetic libraries for the scale benchmark (issue 6).

    from bench.synth import library_home
    home = library_home(10_000)     # an XDG_DATA_HOME whose library holds 10,000 papers

Papers are made from the built-in catalog's own words (a word-bigram chain over its abstracts),
so a search for "serving" or "cache" hits about as often as it would in real papers:
~90-character titles led by a made-up model name, ~1,500-character abstracts, arXiv-like ids
(YYMM.NNNNN), one daily collection per day over a year, 1-4 tags from data/tags.toml, 0-3
links (code, project, other), authors and upvotes. The library of SIZE papers is the built-in
catalog (95) plus SIZE - 95 synthetic ones, written through `reader.library.Library.add`, so
the benchmark never depends on the library's on-disk format. Generated once and kept under
bench/out/ (git-ignored), keyed by size, generator version and the library module's source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GENERATOR_VERSION = 2
SEED = 6
LAST_DAY = dt.date(2025, 9, 24)  # the day before the built-in catalog's
DAYS = 365
SENTENCE_POOL = 40_000
_SYLLABLES = ["zor", "bla", "ti", "qua", "nex", "mo", "ra", "vin", "tek", "lu", "phi", "dra",
              "ka", "sel", "om", "vy", "ge", "tri", "no", "pax"]
_FIRST = ["Wei", "Anna", "Rahul", "Yuki", "Lena", "Omar", "Chen", "Sofia", "Ivan", "Mei",
          "Jonas", "Priya", "Diego", "Hana", "Tomas", "Aisha", "Lucas", "Zhang", "Elif", "Noah"]
_LAST = ["Li", "Wang", "Kumar", "Tanaka", "Schmidt", "Haddad", "Garcia", "Novak", "Kim",
         "Rossi", "Ivanova", "Silva", "Chen", "Sato", "Müller", "Okafor", "Dubois", "Zhao"]
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the",
          "to", "via", "with"}


@contextmanager
def data_home(home: Path) -> Iterator[None]:
    """XDG_DATA_HOME set to `home` for the duration (reader.paths looks at each call)."""
    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(home)
    try:
        yield
    finally:
        if before is None:
            del os.environ["XDG_DATA_HOME"]
        else:
            os.environ["XDG_DATA_HOME"] = before


class Chain:
    """A word-bigram chain over the seed abstracts; generates sentences of real words."""

    def __init__(self, abstracts: list[str]) -> None:
        self.next: dict[str, list[str]] = {}
        self.starts: list[str] = []
        for abstract in abstracts:
            words = abstract.split()
            for position, word in enumerate(words):
                if position == 0 or words[position - 1].endswith("."):
                    self.starts.append(word)
                if position + 1 < len(words):
                    self.next.setdefault(word, []).append(words[position + 1])

    def sentence(self, rng: random.Random, max_words: int = 45) -> str:
        word = self.starts[int(rng.random() * len(self.starts))]
        words = [word]
        while not word.endswith(".") and len(words) < max_words:
            options = self.next.get(word)
            if not options:
                break
            word = options[int(rng.random() * len(options))]
            words.append(word)
        text = " ".join(words)
        return text if text.endswith(".") else text.rstrip(",;:") + "."


def _title_case(words: list[str]) -> str:
    shown = [w if (w.lower() in _SMALL and n) or not w[:1].isalpha() else w[:1].upper() + w[1:]
             for n, w in enumerate(words)]
    return " ".join(shown)


def _phrase(chain: Chain, rng: random.Random, target: int) -> str:
    words: list[str] = []
    length = -1
    while length < target:
        sentence = re.sub(r"[^\w\s-]", "", chain.sentence(rng, 18)).split()
        cut = [w for w in sentence if len(w) > 1][: rng.randint(4, 12)]
        if words and cut:
            cut.insert(0, rng.choice(["for", "with", "via", "and", "in"]))
        for word in cut:
            if length >= target:
                break
            words.append(word)
            length += len(word) + 1
    while words and words[-1].lower() in _SMALL:
        words.pop()
    return _title_case(words)


def synthetic_papers(count: int, seed: int = SEED) -> list:
    """`count` synthetic papers, the same ones on every call with the same seed."""
    from reader import paths
    from reader.catalog import files as catalog
    from reader.model import Link, Paper, normalise_title
    from reader.tags import load_rules

    rng = random.Random(seed)
    builtin = catalog.builtin_papers()
    chain = Chain([p.abstract for p in builtin])
    pool = [chain.sentence(rng) for _ in range(SENTENCE_POOL)]
    tag_names = [rule.name for rule in load_rules(paths.bundled_data_dir() / "tags.toml")]
    tag_names = [name for name in tag_names if name != "has-code"]
    authors = [f"{f} {ln}" for f in _FIRST for ln in _LAST]
    seen = {normalise_title(p.title) for p in builtin}
    first_day = LAST_DAY - dt.timedelta(days=DAYS - 1)
    per_month: dict[str, int] = {}
    papers = []
    for n in range(count):
        day = first_day + dt.timedelta(days=n * DAYS // max(count, 1))
        name = "".join(rng.choices(_SYLLABLES, k=rng.randint(2, 3))).capitalize()
        name += rng.choice(["", f"-{rng.randint(1, 70)}B", f"-{rng.randint(1, 9)}", "++"])
        title = f"{name}: {_phrase(chain, rng, max(30, int(rng.gauss(84, 12))) - len(name))}"
        while normalise_title(title) in seen:
            title += f" {rng.choice(_SYLLABLES).capitalize()}"
        seen.add(normalise_title(title))
        target = max(600, int(rng.gauss(1500, 300)))
        parts = [f"We present {name}."]
        length = len(parts[0])
        while length < target:
            sentence = pool[int(rng.random() * len(pool))]
            parts.append(sentence)
            length += len(sentence) + 1
        month = day.strftime("%y%m")
        per_month[month] = per_month.get(month, 0) + 1
        # 9xxxx: arXiv has not reached these numbers in a month, so no synthetic paper takes
        # the id of a real one (most built-in papers carry their real arXiv id).
        arxiv_id = f"{month}.{90000 + per_month[month]:05d}"
        slug = name.lower().replace("+", "p")
        owner = rng.choice(authors).split()[-1].lower()
        links = []
        for _ in range(rng.choices([0, 1, 2, 3], [35, 35, 20, 10])[0]):
            kind = ["code", "project", "other"][len(links)] if rng.random() < 0.8 else "other"
            url = {"code": f"https://github.com/{owner}/{slug}",
                   "project": f"https://{owner}.github.io/{slug}/",
                   "other": f"https://huggingface.co/{owner}/{slug}-{len(links)}"}[kind]
            links.append(Link(url, kind))
        has_code = any(link.kind == "code" for link in links)
        papers.append(Paper(
            id=arxiv_id, title=title, abstract=" ".join(parts), date=day,
            collection=f"daily-{day.isoformat()}",
            authors=tuple(rng.sample(authors, rng.randint(1, 8))), links=tuple(links),
            tags=tuple(rng.sample(tag_names, rng.randint(1, 4))), arxiv_id=arxiv_id,
            upvotes=int(rng.paretovariate(1.2)) - 1,
            github_stars=int(rng.paretovariate(0.8) * 10) if has_code else None,
            comments=rng.randint(0, 5)))
    return papers


def _key(size: int) -> str:
    source = (ROOT / "reader" / "library.py").read_bytes()
    return f"lib-{size}-g{GENERATOR_VERSION}-{hashlib.sha1(source).hexdigest()[:8]}"


def library_home(size: int, out: Path = OUT) -> Path | None:
    """An XDG_DATA_HOME whose library (with the built-in catalog) holds `size` papers.

    None for sizes up to the built-in catalog's: those runs use an empty data home.
    """
    from reader.catalog import files as catalog

    extra = size - len(catalog.builtin_papers())
    if extra <= 0:
        return None
    home = out / _key(size)
    if (home / "complete").exists():
        return home
    for old in out.glob(f"lib-{size}-*"):  # other generator or library versions
        shutil.rmtree(old, ignore_errors=True)
    home.mkdir(parents=True)
    from reader import paths
    from reader.library import Library

    papers = synthetic_papers(extra)
    with data_home(home):
        Library(paths.default_library_path()).add(papers)
    (home / "titles.txt").write_text("".join(f"{p.title}\n" for p in papers), encoding="utf-8")
    (home / "complete").write_text(f"{size} papers\n")
    return home


def known_titles(size: int, out: Path = OUT) -> list[str]:
    """Every title in the library of `size` papers (built-in first), for spotting a paint."""
    from reader.catalog import files as catalog

    titles = [p.title for p in catalog.builtin_papers()]
    home = library_home(size, out)
    if home is not None:
        titles += (home / "titles.txt").read_text(encoding="utf-8").splitlines()
    return titles
