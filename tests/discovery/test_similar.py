"""More like this, on the real seed (the Daily Papers page of 2025-09-25)."""

from __future__ import annotations

import pytest

from reader.query.index import SearchIndex
from reader.query.similar import similar, similar_to_id
from reader.query.vocab import key_of, stem, stems


@pytest.fixture(scope="module")
def seed_index(seed_papers):
    return SearchIndex(seed_papers)


def titles(papers, found):
    return [papers[s.position].title for s in found]


def position_of(papers, prefix):
    return next(n for n, p in enumerate(papers) if p.title.startswith(prefix))


def test_stems_fold_plurals_and_punctuation_and_drop_function_words():
    assert stem(b"models") == stem(b"model") == b"model"
    assert stem(b"policies") == b"policy" and stem(b"process") == b"process"
    assert key_of(b"(llms),") == b"llm"
    assert key_of(b"the") is None and key_of(b"10~30%") is None and key_of(b"of") is None
    counts, shown = stems(b"Transformers beat transformer models; the model wins.".lower())
    assert counts[b"transformer"] == 2 and counts[b"model"] == 2
    assert shown[b"transformer"] == b"transformers"


def test_scaling_law_paper_finds_the_other_scaling_law_papers(seed_papers, seed_index):
    asked = position_of(seed_papers, "Parallel Scaling Law for Language Models")
    found = similar(seed_index, asked, 5)
    top = titles(seed_papers, found)
    assert sum("Scaling Law" in title for title in top) >= 3, top
    assert all(s.position != asked for s in found)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    scaling = [s for s in found if "Scaling Law" in seed_papers[s.position].title]
    assert all({"scaling", "law"} <= set(s.shared) for s in scaling)


def test_vision_transformer_paper_finds_transformer_papers(seed_papers, seed_index):
    asked = position_of(seed_papers, "Sliced Recursive Transformer")
    found = similar(seed_index, asked, 3)
    assert all("transformer" in s.shared for s in found)
    assert "Vision Transformer" in titles(seed_papers, found)[0]


def test_every_shared_word_is_in_both_papers(seed_papers, seed_index):
    asked = position_of(seed_papers, "AgentSwift")
    for item in similar(seed_index, asked, 10):
        other = (seed_papers[item.position].title + " " +
                 seed_papers[item.position].abstract).lower()
        mine = (seed_papers[asked].title + " " + seed_papers[asked].abstract).lower()
        for word in item.shared:
            root = stem(word.encode()).decode()
            assert root in other and root in mine, word


def test_a_copy_of_the_paper_is_never_its_own_neighbour(seed_papers):
    papers = list(seed_papers[:20]) + [seed_papers[3]]
    index = SearchIndex(papers)
    found = similar(index, 3, 30)
    assert all(papers[s.position].id != papers[3].id for s in found)


def test_unknown_id_and_a_paper_sharing_nothing(seed_papers):
    index = SearchIndex(seed_papers[:5])
    assert similar_to_id(index, "no-such-paper") is None
    lonely = seed_papers[0].with_changes(id="x", title="Zzyzx", abstract="qwv xyzzy.")
    index = SearchIndex([*seed_papers[:5], lonely])
    assert similar(index, 5) == []


def test_the_limit_is_kept(seed_papers, seed_index):
    assert len(similar(seed_index, 0, 1)) == 1
    assert len(similar(seed_index, 0, 7)) == 7
