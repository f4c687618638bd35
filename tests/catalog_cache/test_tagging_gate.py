"""The keyword rules' gate (try the expression only where a keyword's first word occurs)
gives exactly the tags of running each expression over the whole text."""

from __future__ import annotations

import random

from reader import paths
from reader.catalog import files as catalog
from reader.tags import TagRule, compile_rule, load_rules, topic_tags

TRICKY = [
    "KV-cache, kv cache, KVCache and kvcache; pre-training, pretraining, pre training.",
    "LLM LLMs llm-based xllm llmx LLM. LLM, LLM! (LLM) «LLM» llm_agent -llm",
    "Quantized quantization quantiz QUANTIZE; pipeline parallelism pipeline-parallel.",
    "Café Müller: Zoë's agents agent agentic multi-agent multi agent multiagent.",
    "serving serving serving kv  cache\tkv\ncache co-serving coserving",
    "ﬁne-tuning Fine-Tuning FINETUNE fine tune fine—tuning",
    "",
    "a",
]


def ungated(rules: tuple[TagRule, ...]) -> tuple[TagRule, ...]:
    """The same rules without their gate: the expression runs over the whole text."""
    return tuple(TagRule(r.name, r.pattern, r.title_only, r.abstract_min) for r in rules)


def texts(seed_papers) -> list[str]:
    rng = random.Random(17)
    words = [w for p in seed_papers for w in p.abstract.split()] + " ".join(TRICKY).split()
    made = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 60))) for _ in range(400)]
    return TRICKY + made + [p.abstract for p in seed_papers] + [p.title for p in seed_papers]


def test_bundled_rules_have_gates():
    rules = load_rules(paths.bundled_data_dir() / "tags.toml")
    assert all(rule.heads is not None for rule in rules if rule.name != "has-code")


def test_gate_changes_no_tag(seed_papers):
    rules = load_rules(paths.bundled_data_dir() / "tags.toml")
    plain = ungated(rules)
    every = texts(seed_papers)
    rng = random.Random(3)
    for text in every:
        title = rng.choice(every)
        assert topic_tags(title, text, rules) == topic_tags(title, text, plain), (title, text)


def test_gate_with_user_rules(seed_papers):
    rules = (
        compile_rule("kw", {"keywords": ["kv-cache", "agent*", "c++", "large language model"],
                            "abstract_min": 2}),
        compile_rule("pat", {"keywords": ["llm"], "patterns": [r"\bkv\s*cache"]}),
        compile_rule("title", {"keywords": ["survey"], "title_only": True}),
    )
    assert rules[0].heads is not None and rules[1].heads is None
    plain = ungated(rules)
    for text in texts(seed_papers):
        assert topic_tags(text, text, rules) == topic_tags(text, text, plain), text
        assert topic_tags("", text, rules) == topic_tags("", text, plain), text


def test_builtin_catalog_tags_unchanged(seed_papers):
    rules = catalog.tag_rules()
    plain = ungated(rules)
    for paper in seed_papers:
        assert topic_tags(paper.title, paper.abstract, rules) == \
            topic_tags(paper.title, paper.abstract, plain)
