"""The fast tagger gives exactly the tags of the plain algorithm it replaced: each rule's
expression run over the whole folded title and abstract (`finditer` counts the abstract's
matches). A copy of that algorithm, kept here only, is the reference."""

from __future__ import annotations

import random
import re
import tomllib

import pytest

from bench.synth import synthetic_papers
from reader import paths
from reader.catalog import files as catalog
from reader.model import Paper, fold
from reader.tags import (
    HAS_CODE,
    Tagger,
    compile_rule,
    load_rules,
    paper_tags,
    tag_paper,
    topic_tags,
)
from tests.catalog_cache.test_tagging_gate import TRICKY as GATE_TRICKY

BUILTIN = paths.bundled_data_dir() / "tags.toml"


# The reference: the tagging algorithm as it was before the needles (commit b34dbab).


def _reference_body(keyword: str) -> str:
    word = fold(keyword.strip())
    stem = word.endswith("*")
    body = re.escape(word.rstrip("*")).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
    return body + (r"\w*" if stem else "")


def reference_rule(name: str, spec: dict) -> tuple[str, re.Pattern[str], bool, int]:
    keywords = [str(k) for k in spec.get("keywords", [])]
    bodies = sorted({_reference_body(k) for k in keywords}, key=len, reverse=True)
    parts = ([r"(?<![\w-])(?:" + "|".join(bodies) + r")(?!\w)"] if keywords else []) + [
        f"(?i:{p})" for p in map(str, spec.get("patterns", []))]
    pattern = re.compile("|".join(f"(?:{p})" for p in parts))
    return name, pattern, bool(spec.get("title_only", False)), spec.get("abstract_min", 1)


def reference_tags(title: str, abstract: str, rules) -> tuple[str, ...]:
    title, abstract = fold(title), fold(abstract)
    found = []
    for name, pattern, title_only, abstract_min in rules:
        if pattern.search(title) or (
                not title_only and sum(1 for _ in pattern.finditer(abstract)) >= abstract_min):
            found.append(name)
    return tuple(found)


def reference_tag_paper(paper: Paper, rules) -> tuple[str, ...]:
    tags = list(paper.tags)
    tags += [t for t in reference_tags(paper.title, paper.abstract, rules) if t not in tags]
    if paper.primary_code_link and HAS_CODE not in tags:
        tags.append(HAS_CODE)
    return tuple(tags)


def reference_rules(specs: dict[str, dict]):
    return [reference_rule(name, spec) for name, spec in specs.items()]


def bundled_specs() -> dict[str, dict]:
    return tomllib.loads(BUILTIN.read_text(encoding="utf-8"))["tags"]


# Hand-made rules: every option and every kind of keyword the rules can hold.

HAND_MADE = {
    "words": {"keywords": ["agent", "Agents", "LLM", "café", "straße", "ﬁne", "x"]},
    "hyphens": {"keywords": ["kv-cache", "co-serving", "a-b-c", "gpt-4o", "multi--agent",
                             "x-", "pre-train*", "on-device"], "abstract_min": 2},
    "spaces": {"keywords": ["large language model", "we prove", "kv  cache", "a - b",
                            "tool use"], "abstract_min": 3},
    "stems": {"keywords": ["quantiz*", "pipeline parallel*", "x-*", "code llm*", "agent*",
                           "a.b*", "c++*"], "abstract_min": 2},
    "symbols": {"keywords": ["c++", "a.b", "don't", "f(x)", "k8s", "gpt_4", "α-beta"]},
    "title only": {"keywords": ["survey", "review", "kv cache"], "title_only": True},
    "title only, min": {"keywords": ["agent"], "title_only": True, "abstract_min": 5},
    "not a word first": {"keywords": ["-x", ".net", "agent"]},
    "empty stem": {"keywords": ["*"], "abstract_min": 4},
    "patterns": {"patterns": [r"\bgpt-\d\b", r"(?x: kv \s* cache )", r"(?s:agent.llm)",
                              r"(?-i:LLM)"], "abstract_min": 2},
    "patterns and keywords": {"keywords": ["llm"], "patterns": [r"\bkv\s*cache", "ser+ving"],
                              "abstract_min": 2},
    "many hyphens": {"keywords": ["a-b-c-d-e-f-g-h", "tool-use"]},
    "same words again": {"keywords": ["agent", "kv-cache", "llm"], "abstract_min": 2},
}

PIECES = ["agent", "agents", "agentic", "Agent", "AGENTS", "llm", "llms", "LLM", "café", "cafe",
          "strasse", "straße", "ﬁne", "fine", "x", "xx", "kv", "cache", "kvcache", "co",
          "serving", "coserving", "a", "b", "c", "ab", "bc", "abc", "d", "e", "f", "g", "h",
          "gpt", "4o", "gpt4o", "multi", "multiagent", "pre", "train", "pretrain",
          "pretraining", "on", "device", "ondevice", "large", "language", "model", "models",
          "we", "prove", "proves", "tool", "use", "quantiz", "quantized", "quantization",
          "pipeline", "parallel", "parallelism", "code", "llmx", "c++", "a.b", "a.bc", "don't",
          "f(x)", "k8s", "gpt_4", "α", "beta", "alpha", "survey", "review", ".net", "net",
          "-x", "gpt-4", "gpt-x", "ser", "serrving", "123", "_", "abcdefgh"]
GAPS = [" ", " ", " ", "  ", "-", "--", " - ", "\t", "\n", ", ", ". ", "(", ")", "/", "—", "«",
        "»", "\u00a0", "_", "", "+", "'", ":", "-\n", "\u2011"]

TRICKY = [
    *GATE_TRICKY,  # the tagging gate's own hard cases, then these
    "a-b-c a b c abc ab-c a-bc a - b a--b c++ c+++ a.b a.bcd don't f(x) k8s gpt_4 α-beta",
    "-",
]


def soup(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(GAPS) for _ in range(size)).strip()


def hand_made_texts() -> list[str]:
    rng = random.Random(17)
    return TRICKY + [soup(rng, rng.randint(1, 40)) for _ in range(1500)]


# The tests


def test_builtin_catalog_gets_the_same_tags():
    rules, reference = load_rules(BUILTIN), reference_rules(bundled_specs())
    for paper in catalog.builtin_papers():
        assert tag_paper(paper, rules).tags == reference_tag_paper(paper, reference), paper.id
        assert paper_tags(paper, rules) == tag_paper(paper, rules).tags


def test_synthetic_papers_get_the_same_tags():
    rules, reference = load_rules(BUILTIN), reference_rules(bundled_specs())
    for paper in synthetic_papers(3000):
        assert tag_paper(paper, rules).tags == reference_tag_paper(paper, reference), paper.id


def test_bundled_rules_on_hand_made_texts():
    rules, reference = load_rules(BUILTIN), reference_rules(bundled_specs())
    texts = hand_made_texts()
    rng = random.Random(5)
    for text in texts:
        title = rng.choice(texts)
        assert topic_tags(title, text, rules) == reference_tags(title, text, reference), text


def test_every_rule_option_on_hand_made_texts():
    rules = tuple(compile_rule(name, spec) for name, spec in HAND_MADE.items())
    reference = reference_rules(HAND_MADE)
    texts = hand_made_texts()
    rng = random.Random(9)
    for text in texts:
        title = rng.choice(texts)[:80]
        for pair in ((title, text), ("", text), (text, "")):
            assert topic_tags(*pair, rules) == reference_tags(*pair, reference), pair


def test_a_users_tags_toml_with_every_option(isolated_dirs):
    user = paths.config_dir() / "tags.toml"
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text(
        '[tags.llm]\ndisabled = true\n'
        '[tags.recsys]\nkeywords = ["collisionless", "embedding table*"]\nabstract_min = 2\n'
        '[tags.mine]\nkeywords = ["kv-cache", "agent*", "c++"]\n'
        'patterns = ["\\\\bgpt-\\\\d"]\ntitle_only = true\n'
        '[tags.counted]\nkeywords = ["serving", "co-serving", "we prove"]\nabstract_min = 3\n',
        encoding="utf-8")
    specs = bundled_specs()
    user_specs = tomllib.loads(user.read_text(encoding="utf-8"))["tags"]
    del specs["llm"], user_specs["llm"]
    specs.update(user_specs)
    rules, reference = catalog.tag_rules(), reference_rules(specs)
    assert [rule.name for rule in rules] == [name for name, *_ in reference]
    texts = hand_made_texts() + [p.abstract for p in catalog.builtin_papers()]
    rng = random.Random(11)
    for text in texts:
        title = rng.choice(texts)[:100]
        assert topic_tags(title, text, rules) == reference_tags(title, text, reference), text


def test_rules_given_one_after_another_in_any_form():
    """The compiled rules are kept for the next call: other rules, or the same ones in a
    list or a generator, or ungated copies of them, still get their own tags."""
    bundled, hand_made = load_rules(BUILTIN), tuple(
        compile_rule(name, spec) for name, spec in HAND_MADE.items())
    ungated = tuple(rule.__class__(rule.name, rule.pattern, rule.title_only, rule.abstract_min)
                    for rule in hand_made)
    references = {id(bundled): reference_rules(bundled_specs()),
                  id(hand_made): reference_rules(HAND_MADE), id(ungated): reference_rules(HAND_MADE)}
    texts = hand_made_texts()[:300]
    rng = random.Random(2)
    for text in texts:
        rules = rng.choice([bundled, hand_made, ungated])
        given = rng.choice([rules, list(rules), iter(rules), Tagger(rules)])
        assert topic_tags(text[:60], text, given) == reference_tags(
            text[:60], text, references[id(rules)]), text


@pytest.mark.parametrize("name", ["agents", "survey"])
def test_a_tag_the_paper_already_has_is_not_repeated(name):
    rules, reference = load_rules(BUILTIN), reference_rules(bundled_specs())
    paper = Paper(id="p", title="A survey of agents", abstract="Agents, agents.", tags=(name,))
    assert tag_paper(paper, rules).tags == reference_tag_paper(paper, reference)
