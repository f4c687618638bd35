"""Topic tags: the built-in rules on the seed, rule semantics, and the user's tags.toml."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reader import paths
from reader.catalog import files as catalog
from reader.errors import ReaderError
from reader.model import Link, Paper
from reader.tags import HAS_CODE, compile_rule, load_rules, tag_paper, topic_tags
from tests.core.messages import assert_one_sentence

BUILTIN = paths.bundled_data_dir() / "tags.toml"


def topics(paper: Paper) -> set[str]:
    return {t for t in paper.tags if t != HAS_CODE}


# The built-in rules on the seed


def test_every_seed_paper_has_a_topic_tag(seed_papers):
    untagged = [p.title for p in seed_papers if not topics(p)]
    assert untagged == []


def test_no_tag_is_on_more_than_60_percent_of_the_seed(seed_papers):
    counts = Counter(t for p in seed_papers for t in p.tags)
    too_common = {t: n for t, n in counts.items() if n > 0.6 * len(seed_papers)}
    assert too_common == {}


def test_every_builtin_tag_is_used_on_the_seed(seed_papers):
    used = {t for p in seed_papers for t in p.tags}
    assert {rule.name for rule in load_rules(BUILTIN)} <= used


def test_has_code_exactly_on_papers_with_a_code_link(seed_papers):
    for paper in seed_papers:
        assert (HAS_CODE in paper.tags) == (paper.primary_code_link is not None), paper.title
    assert sum(1 for p in seed_papers if HAS_CODE in p.tags) == 27


def test_tags_have_no_duplicates(seed_papers):
    for paper in seed_papers:
        assert len(set(paper.tags)) == len(paper.tags)


@pytest.mark.parametrize("prefix, expected", [
    ("FlexLLM", {"llm", "serving", "fine-tuning", HAS_CODE}),
    ("LIFL", {"federated"}),
    ("Parallel Scaling Law for Language Models", {"scaling-laws", "llm"}),
    ("Parameter-Efficient Fine-Tuning for Large Models: A Comprehensive Survey",
     {"survey", "fine-tuning"}),
    ("Tutel", {"moe"}),
    ("SambaNova SN40L", {"moe", "llm"}),
    ("FiTv2", {"diffusion", "vision", HAS_CODE}),
    ("Scaling up Masked Diffusion Models on Text", {"diffusion"}),
    ("Monolith", {"recsys"}),
    ("Actions Speak Louder than Words", {"recsys", "scaling-laws"}),
    ("S-LoRA", {"serving", "fine-tuning"}),
    ("DistServe", {"serving", "llm"}),
    ("MegaScale", {"training", "llm", "systems"}),
    ("SWE-bench Goes Live", {"code-gen", "benchmark", "agents"}),
    ("OSWorld", {"agents", "benchmark"}),
    ("Router-R1", {"rl", "llm"}),
    ("Scaling Retrieval-Based Language Models", {"retrieval", "scaling-laws"}),
    ("On-Device Language Models: A Comprehensive Review", {"survey", HAS_CODE}),
    ("Ferret", {"federated", "fine-tuning"}),
    ("CodeMonkeys", {"code-gen", "reasoning"}),
])
def test_seed_paper_has_expected_tags(by_title, prefix, expected):
    assert expected <= set(by_title(prefix).tags)


@pytest.mark.parametrize("prefix, not_expected", [
    # One passing mention is not the topic of a paper.
    ("Agentic Web", "recsys"),                   # "recommendation" once
    ("Tutel", "reasoning"),                      # "mathematical" once
    ("CO2", "reasoning"),
    ("Hogwild", "agents"),                       # "tool use" once
    ("ZeRO-Infinity", "serving"),                # a training system
    ("Optimizing Distributed Training on Frontier", "serving"),
    ("Reliable and Efficient In-Memory Fault Tolerance", "code-gen"),  # erasure "coding"
    ("Data-Centric and Heterogeneity-Adaptive", "code-gen"),          # "programming"
    ("Demystifying Platform Requirements", "moe"),                   # "human experts"
    ("Efficient Telecom Specific LLM", "moe"),                        # "Subject Matter Experts"
    ("Parallel Scaling Law for Language Models", "survey"),
    ("LongCat-Flash", "survey"),
])
def test_seed_paper_lacks_wrong_tag(by_title, prefix, not_expected):
    assert not_expected not in by_title(prefix).tags


# Rule semantics


def rule(**spec):
    return compile_rule("t", spec)


def test_keywords_are_whole_words_and_accent_insensitive():
    r = (rule(keywords=["llm", "café"]),)
    assert topic_tags("An LLM paper", "", r) == ("t",)
    assert topic_tags("LLMX and xllm", "", r) == ()
    assert topic_tags("Cafe", "", r) == ("t",)
    assert topic_tags("CAFÉ", "", r) == ("t",)


def test_stem_and_hyphen_variants():
    r = (rule(keywords=["quantiz*", "fine-tuning", "kv cache"]),)
    for text in ("Quantization", "quantized", "finetuning", "fine tuning", "KV-cache", "kv  cache"):
        assert topic_tags(text, "", r) == ("t",), text
    assert topic_tags("quant", "", r) == ()


def test_title_only_ignores_the_abstract():
    r = (rule(keywords=["survey"], title_only=True),)
    assert topic_tags("A Survey", "", r) == ("t",)
    assert topic_tags("A Method", "We survey the field.", r) == ()


def test_abstract_min_counts_abstract_mentions_not_title():
    r = (rule(keywords=["agent"], abstract_min=2),)
    assert topic_tags("A Method", "One agent.", r) == ()
    assert topic_tags("A Method", "One agent, another agent.", r) == ("t",)
    assert topic_tags("An Agent", "", r) == ("t",)


def test_patterns_are_regular_expressions():
    r = (rule(patterns=[r"\bgpt-\d\b"]),)
    assert topic_tags("GPT-4 study", "", r) == ("t",)
    assert topic_tags("GPT-x study", "", r) == ()


def test_tag_paper_keeps_existing_tags_and_adds_has_code():
    paper = Paper(id="p", title="An LLM system", abstract="",
                  tags=("mine",), links=(Link("https://github.com/a/b", "code"),))
    tagged = tag_paper(paper, (compile_rule("llm", {"keywords": ["llm"]}),))
    assert tagged.tags == ("mine", "llm", HAS_CODE)
    assert tag_paper(tagged, ()).tags == tagged.tags
    project_only = paper.with_changes(links=(Link("https://a.github.io", "project"),), tags=())
    assert HAS_CODE not in tag_paper(project_only, ()).tags


@pytest.mark.parametrize("spec, words", [
    ({}, "no keywords or patterns"),
    ({"keywords": "llm"}, "lists"),
    ({"patterns": ["("]}, "bad pattern"),
    ({"keywords": ["x"], "abstract_min": 0}, "abstract_min"),
])
def test_bad_rule_is_one_sentence(spec, words):
    with pytest.raises(ReaderError) as caught:
        compile_rule("broken", spec, origin="/cfg/tags.toml")
    assert_one_sentence(str(caught.value), "/cfg/tags.toml", "'broken'", words)


# The user's tags.toml in the config dir


@pytest.fixture
def user_tags(isolated_dirs) -> Path:
    path = paths.config_dir() / "tags.toml"
    assert str(path).startswith(str(isolated_dirs))
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def tagged_seed() -> dict[str, Paper]:
    papers = catalog.tag_all(catalog.builtin_papers(), catalog.tag_rules())
    return {p.title.split(":")[0]: p for p in papers}


def test_user_file_adds_a_tag(user_tags):
    user_tags.write_text('[tags.chefs]\nkeywords = ["monolith", "m\u00e9lange"]\n', encoding="utf-8")
    papers = tagged_seed()
    assert "chefs" in papers["Monolith"].tags
    assert "chefs" in papers["M\u00e9lange"].tags
    assert sum("chefs" in p.tags for p in papers.values()) == 2
    assert "recsys" in papers["Monolith"].tags  # built-in tags stay


def test_user_file_replaces_a_tag_of_the_same_name(user_tags):
    user_tags.write_text('[tags.recsys]\nkeywords = ["collisionless"]\n', encoding="utf-8")
    papers = tagged_seed()
    assert "recsys" in papers["Monolith"].tags
    assert "recsys" not in papers["Actions Speak Louder than Words"].tags


def test_user_file_disables_a_tag(user_tags):
    user_tags.write_text("[tags.llm]\ndisabled = true\n", encoding="utf-8")
    papers = tagged_seed()
    assert not any("llm" in p.tags for p in papers.values())
    assert "serving" in papers["FlexLLM"].tags


def test_no_user_file_means_builtin_rules(user_tags):
    assert not user_tags.exists()
    assert [r.name for r in catalog.tag_rules()] == [r.name for r in load_rules(BUILTIN)]


@pytest.mark.parametrize("content, words", [
    (b"[tags.x\nkeywords = 1\n", "not valid TOML"),
    (b"tags = 3\n", "[tags.NAME]"),
    (b'[tags.x]\nkeywords = ["a"]\npatterns = ["(unclosed"]\n', "bad pattern"),
    (b"[tags.x]\ntitle_only = true\n", "no keywords"),
    (b"\xff\xfe[tags.x]\n", "not UTF-8"),
])
def test_broken_user_file_is_one_sentence_naming_it(user_tags, content, words):
    user_tags.write_bytes(content)
    with pytest.raises(ReaderError) as caught:
        catalog.tag_rules()
    assert_one_sentence(str(caught.value), str(user_tags), words)
