"""`update_parts` gives exactly the index `build_parts` makes of the whole new list of papers:
random small libraries and random changes (texts, authors, tags, links, numbers, appended
papers), sizes crossing byte boundaries and dense thresholds, tiny gram budgets so that
dense bit sets and dear substrings occur."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from reader.model import Link, Paper
from reader.query.build import build_parts
from reader.query.index import SearchIndex
from reader.query.parser import parse
from reader.query.store import MemoryStore
from reader.query.update import NeedsRebuild, update_parts

WORDS = ("model", "models,", "cache", "kv", "e", "ex", "serving", "the", "of", "a", "Mélange",
         "zeta", "llm", "LLMs", "agent", "data", "train", "æther", "x", "naïve", "gpu", "ééé")
NAMES = ("Tri Dao", "José García", "Ion Stoica", "Zoë Müller", "Wei Chen", "Ana  Souza",
         "Bo Li", "Kim Park")
LATE_NAMES = ("Maria Mid", "Aaron Aardvark", "Zed Zulu", "Li Na", "Müller Zoë", "  ")  # new later
TAGS = ("llm", "serving", "rl", "moe", "survey", "Vision", "vision", "has-code")
KINDS = ("code", "project", "other")


def _word(rng: random.Random) -> str:
    """A common word, or one of many rare ones (sparse postings in a larger library)."""
    return rng.choice(WORDS) if rng.random() < 0.7 else f"w{rng.randrange(400)}"


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(_word(rng) for _ in range(rng.randint(low, high)))


def _number(rng: random.Random, top: int) -> int | None:
    return None if rng.random() < 0.3 else rng.randrange(top)


def random_paper(rng: random.Random, n: int, names: tuple[str, ...] = NAMES) -> Paper:
    return Paper(
        id=f"p{n}" if rng.random() < 0.97 else f"p{n}\nodd",
        title=_text(rng, 0, 5), abstract=_text(rng, 0, 12),
        date=None if rng.random() < 0.2 else dt.date(2025, 1, 1) + dt.timedelta(rng.randrange(9)),
        authors=tuple(rng.choice(names) for _ in range(rng.randint(0, 3))),
        links=tuple(Link(f"https://x/{n}/{k}", rng.choice(KINDS))
                    for k in range(rng.choice((0, 0, 1, 2)))),
        tags=tuple(rng.sample(TAGS, rng.randint(0, 3))),
        upvotes=_number(rng, 5), github_stars=_number(rng, 3), comments=_number(rng, 4))


def changed_paper(rng: random.Random, paper: Paper, n: int) -> Paper:
    """`paper` with one to three of its facts drawn again (names may be new ones)."""
    fresh = random_paper(rng, n, NAMES + LATE_NAMES)
    fields = ("title", "abstract", "authors", "tags", "links", "upvotes", "github_stars",
              "comments", "date", "id")
    changes = {field: getattr(fresh, field) for field in rng.sample(fields, rng.randint(1, 3))}
    if rng.random() < 0.15:
        changes["abstract"] = ""  # may take the last paper of a word away
    if rng.random() < 0.15:
        changes["tags"] = ()  # may take a tag's first use away
    return paper.with_changes(**changes)


def assert_same(got: tuple[dict, dict], want: tuple[dict, dict]) -> None:
    (got_meta, got_parts), (want_meta, want_parts) = got, want
    assert sorted(got_parts) == sorted(want_parts)
    for name in want_parts:
        assert bytes(got_parts[name]) == bytes(want_parts[name]), name
    assert got_meta == want_meta


def apply_change(papers: list[Paper], new: dict[int, Paper]) -> list[Paper]:
    result = list(papers)
    for position in sorted(new):
        if position < len(papers):
            result[position] = new[position]
        else:
            result.append(new[position])
    return result


def random_change(rng: random.Random, papers: list[Paper]) -> dict[int, Paper]:
    size = len(papers)
    changed = rng.sample(range(size), min(size, rng.choice((0, 1, 2, 5, 9))))
    if rng.random() < 0.3 and size:
        changed.append(rng.randrange(min(size, 3)))  # the first papers: first uses of tags
    new = {p: changed_paper(rng, papers[p], p) for p in changed}
    for position in range(size, size + rng.choice((0, 1, 3, 8, 17, 40))):
        new[position] = random_paper(rng, position, NAMES + LATE_NAMES)
    return new


def update(parts: tuple[dict, dict], papers: list[Paper], new: dict[int, Paper],
           **options: float) -> tuple[dict, dict]:
    after = apply_change(papers, new)
    meta, stored = parts
    return update_parts(MemoryStore(stored), meta,
                        {p: papers[p] for p in new if p < len(papers)}, new,
                        tags_at=lambda p: after[p].tags, **options)


OPTIONS = ({"gram_max": 3, "gram_budget": 4000.0}, {"gram_max": 3, "gram_budget": 8.0},
           {"gram_max": 2, "gram_budget": 0.0}, {"gram_max": 1, "gram_budget": 30.0},
           {"gram_max": 0, "gram_budget": 8.0})


@pytest.mark.parametrize("seed", range(60))
def test_an_update_gives_what_a_build_gives(seed):
    rng = random.Random(seed)
    options = OPTIONS[seed % len(OPTIONS)]
    papers = [random_paper(rng, n) for n in range(rng.choice((0, 1, 7, 8, 9, 15, 16, 30, 63, 120, 260)))]
    built = build_parts(papers, **options)
    new = random_change(rng, papers)
    assert_same(update(built, papers, new, **options), build_parts(apply_change(papers, new),
                                                                   **options))


@pytest.mark.parametrize("seed", range(20))
def test_two_updates_in_a_row_give_what_a_build_gives(seed):
    rng = random.Random(1000 + seed)
    options = OPTIONS[seed % len(OPTIONS)]
    papers = [random_paper(rng, n) for n in range(rng.randint(0, 40))]
    parts = build_parts(papers, **options)
    for _ in range(2):
        new = random_change(rng, papers)
        parts = update(parts, papers, new, **options)
        papers = apply_change(papers, new)
    assert_same(parts, build_parts(papers, **options))


def test_appending_to_an_empty_index():
    rng = random.Random(5)
    new = {n: random_paper(rng, n) for n in range(12)}
    got = update(build_parts([], gram_budget=8.0), [], new, gram_budget=8.0)
    assert_same(got, build_parts(list(new.values()), gram_budget=8.0))


def _paper(n: int, abstract: str = "kv cache", tags: tuple[str, ...] = (),
           authors: tuple[str, ...] = ()) -> Paper:
    return Paper(id=f"p{n}", title=f"title {n}", abstract=abstract, tags=tags, authors=authors)


def test_the_last_paper_of_a_word_tag_and_name_can_go():
    papers = [_paper(0, "rare words here", ("only",), ("Solo Author",)), _paper(1), _paper(2)]
    new = {0: _paper(0)}
    assert_same(update(build_parts(papers), papers, new), build_parts(apply_change(papers, new)))


def test_a_new_name_in_the_middle_renumbers_the_later_ones():
    papers = [_paper(n, authors=("Ann A", "Zed Z")) for n in range(5)]
    new = {2: _paper(2, authors=("Mia M", "Zed Z")), 5: _paper(5, authors=("Bob B",))}
    assert_same(update(build_parts(papers), papers, new), build_parts(apply_change(papers, new)))


def test_the_first_use_of_tags_moves_to_an_unchanged_paper():
    """Tags "b" and "a" were first used by papers 0 and 1; once paper 0 drops "b", paper 1
    (unchanged) is the first user of both: their order is that of paper 1's tags, which only
    `tags_at` knows."""
    papers = [_paper(0, tags=("b",)), _paper(1, tags=("b", "a")), _paper(2, tags=("c",))]
    new = {0: _paper(0, tags=("c",))}
    meta, parts = build_parts(papers)
    old = {0: papers[0]}
    with pytest.raises(NeedsRebuild):
        update_parts(MemoryStore(parts), meta, old, new)
    assert_same(update_parts(MemoryStore(parts), meta, old, new, tags_at=lambda p: papers[p].tags),
                build_parts(apply_change(papers, new)))


def test_the_first_use_of_tags_moves_without_asking_when_the_order_is_known():
    papers = [_paper(0, tags=("b", "a")), _paper(1, tags=("c",)), _paper(2, tags=("c", "b"))]
    new = {1: _paper(1, tags=("a",)), 3: _paper(3, tags=("d", "c"))}
    meta, parts = build_parts(papers)
    got = update_parts(MemoryStore(parts), meta, {1: papers[1]}, new)
    assert_same(got, build_parts(apply_change(papers, new)))


def test_terms_turn_dense_and_back_as_the_library_grows():
    """dense_min grows with the size: a word in 2 of 8 papers is dense, in 2 of 80 it is not;
    a word in every paper stays dense and its bit set grows."""
    papers = [_paper(n, "common rare" if n < 2 else "common") for n in range(8)]
    new = {n: _paper(n, "common") for n in range(8, 80)}
    options = {"gram_budget": 5.0}
    got = update(build_parts(papers, **options), papers, new, **options)
    want = build_parts(apply_change(papers, new), **options)
    assert want[0]["abstract"]["dense_min"] > build_parts(papers)[0]["abstract"]["dense_min"]
    assert_same(got, want)


def test_an_update_with_another_gram_budget_gives_what_a_build_with_it_gives():
    rng = random.Random(4)
    papers = [random_paper(rng, n) for n in range(40)]
    new = random_change(rng, papers)
    got = update(build_parts(papers, gram_budget=8.0), papers, new, gram_budget=30.0)
    assert_same(got, build_parts(apply_change(papers, new), gram_budget=30.0))


def test_an_index_without_gram_stats_is_updated_all_the_same():
    rng = random.Random(3)
    papers = [random_paper(rng, n) for n in range(20)]
    meta, parts = build_parts(papers, gram_budget=8.0)
    for name in ("title", "abstract", "names"):
        del parts[f"{name}.gramstats"]
    new = random_change(rng, papers)
    got = update((meta, parts), papers, new, gram_budget=8.0)
    assert_same(got, build_parts(apply_change(papers, new), gram_budget=8.0))


def test_the_updated_index_answers_queries():
    rng = random.Random(9)
    papers = [random_paper(rng, n) for n in range(30)]
    new = random_change(rng, papers)
    meta, parts = update(build_parts(papers, gram_budget=8.0), papers, new, gram_budget=8.0)
    index = SearchIndex.from_store(MemoryStore(parts), meta)
    expected = SearchIndex(apply_change(papers, new))
    for text in ("e", "ex", "cache", "zz", "tag:llm", "author:dao", "has:code", "upvotes:>2"):
        assert index.match(parse(text)) == expected.match(parse(text)), text


def test_an_index_of_another_format_is_built_again():
    meta, parts = build_parts([_paper(0)])
    with pytest.raises(NeedsRebuild):
        update_parts(MemoryStore(parts), {**meta, "format": 0}, {}, {1: _paper(1)})


def test_a_change_must_say_what_it_replaces_and_append_without_gaps():
    papers = [_paper(n) for n in range(3)]
    meta, parts = build_parts(papers)
    with pytest.raises(ValueError):
        update_parts(MemoryStore(parts), meta, {}, {1: _paper(1, "new")})
    with pytest.raises(ValueError):
        update_parts(MemoryStore(parts), meta, {}, {4: _paper(4)})
