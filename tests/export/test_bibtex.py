"""BibTeX export, checked by parsing it with bibtexparser."""

from __future__ import annotations

import re

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware

from reader.export import bibtex
from tests.export.conftest import TRICKY_TITLE


def parse(text):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


def test_every_paper_is_one_misc_entry_with_a_unique_key(entries):
    library = parse(bibtex.render(entries))
    assert len(library.entries) == len(entries)
    assert {e.entry_type for e in library.entries} == {"misc"}
    keys = [e.key for e in library.entries]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9]+", key) for key in keys)


def test_arxiv_papers_carry_eprint_and_archive_prefix(entries):
    library = parse(bibtex.render(entries))
    by_key = {e.key: e.fields_dict for e in library.entries}
    arxiv = [(entry, key) for entry, key in zip(entries, bibtex.keys([e.paper for e in entries]),
                                                 strict=True) if entry.paper.arxiv_id]
    assert len(arxiv) == 10
    for entry, key in arxiv:
        fields = by_key[key]
        assert fields["eprint"].value == entry.paper.arxiv_id
        assert fields["archivePrefix"].value == "arXiv"
    # cond-mat/0412498 by Adrian Del Maestro: like BibTeX, the last word is the surname.
    melting = by_key["maestro2004thermal"]
    assert melting["eprint"].value == "cond-mat/0412498"
    assert melting["primaryClass"].value == "cond-mat.str-el"
    assert melting["doi"].value == "10.1103/PhysRevB.71.184511"
    assert melting["author"].value == "Adrian Del Maestro and Subir Sachdev"
    assert melting["year"].value == "2004"


def test_page_dump_papers_have_no_eprint_but_a_url(entries):
    library = parse(bibtex.render(entries))
    no_arxiv = [e for e in library.entries if "eprint" not in e.fields_dict]
    assert len(no_arxiv) == 3
    for entry in no_arxiv:
        assert entry.fields_dict["url"].value.startswith(("https://huggingface.co/papers?q=", "https://arxiv.org"))


def test_keys_are_stable_across_runs_and_orders(entries):
    first = dict(zip([e.paper.id for e in entries], bibtex.keys([e.paper for e in entries]), strict=True))
    reversed_papers = [e.paper for e in reversed(entries)]
    again = dict(zip([p.id for p in reversed_papers], bibtex.keys(reversed_papers), strict=True))
    assert first == again


def test_colliding_keys_get_letters_in_id_order(entries):
    paper = entries[0].paper
    twins = [paper.with_changes(id="b-id"), paper.with_changes(id="a-id"), paper]
    base = bibtex.base_key(paper)
    # Ordered by id: '2606.00467' < 'a-id' < 'b-id'.
    assert bibtex.keys(twins) == [base + "c", base + "b", base + "a"]
    assert bibtex.keys(twins[::-1]) == [base + "a", base + "b", base + "c"]


def test_latex_specials_are_escaped_and_decode_back(entries):
    text = bibtex.render(entries)
    library = parse(text)
    (tricky,) = [e for e in library.entries if e.key.startswith("nunez2025")]
    raw = tricky.fields_dict["title"].value
    # No special character is left bare: each of & % $ # _ is escaped, braces stay balanced.
    assert not re.search(r"(?<!\\)[&%$#_]", raw)
    assert raw.count("{") == raw.count("}")
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    (tricky,) = [e for e in decoded.entries if e.key.startswith("nunez2025")]
    assert tricky.fields_dict["title"].value == TRICKY_TITLE
    assert tricky.fields_dict["keywords"].value == "a_b"


def test_non_ascii_is_kept_as_utf8(entries):
    text = bibtex.render(entries)
    assert "Ünïcode" in text and "José Núñez" in text
    assert "\\'" not in text


def test_an_author_named_with_and_is_braced(entries):
    library = parse(bibtex.render(entries))
    (tricky,) = [e for e in library.entries if e.key.startswith("nunez2025")]
    assert tricky.fields_dict["author"].value == "José Núñez and {Research and Development Team}"


def test_note_and_user_tags(entries):
    library = parse(bibtex.render(entries[:1]))
    fields = library.entries[0].fields_dict
    assert fields["annote"].value == (
        'Great "baseline", 50\\% faster second line; \\textbraceleft{}braces\\textbraceright{}')
    assert fields["keywords"].value.endswith("to-cite")


def test_no_entries_is_an_empty_file():
    assert bibtex.render([]) == ""
