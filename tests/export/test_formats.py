"""Markdown, JSON and CSV exports, and the atomic writer."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from reader.atomic import write_text_atomic
from reader.errors import ReaderError
from reader.export import format_for, render, write_export
from tests.export.conftest import TRICKY_TITLE
from tests.sources.sentences import one_sentence


def test_markdown_lists_title_link_tags_and_note(entries):
    text = render(entries, "md")
    assert text.startswith("# Reading list\n\n13 papers.\n")
    first = entries[0].paper
    assert f"## [{first.title}](https://arxiv.org/abs/{first.arxiv_id})" in text
    assert text.count("\n## [") == len(entries)
    assert "★ starred" in text
    assert "- Tags: " in text and "`to-cite`" in text
    assert '> Great "baseline", 50% faster\n> second line; \\{braces\\}' in text


def test_markdown_escapes_and_links_code(entries):
    text = render(entries, "md")
    assert "## [Ünïcode & 100% of $x\\_1$ \\#1 ~ fast: a back\\\\slash study]" in text
    assert "- Code: <https://github.com/x/{weird}>" in text
    msa = render([e for e in entries if e.paper.arxiv_id == "2606.12730"], "md")
    assert "- Code: <https://github.com/psychology-of-AI/Rethinking-Pyschometric-Eval-LLMs>" in msa


def test_json_has_paper_fields_and_state(entries):
    records = json.loads(render(entries, "json"))
    assert len(records) == len(entries)
    first = records[0]
    assert first["id"] == entries[0].paper.id
    assert first["starred"] is True and first["read"] is True
    assert first["user_tags"] == ["to-cite"]
    assert first["note"].startswith('Great "baseline"')
    assert first["url"] == f"https://arxiv.org/abs/{entries[0].paper.arxiv_id}"
    assert records[-1]["title"] == TRICKY_TITLE


def test_csv_round_trips_commas_quotes_and_newlines(entries):
    rows = list(csv.DictReader(io.StringIO(render(entries, "csv"))))
    assert len(rows) == len(entries)
    first = rows[0]
    assert first["note"] == 'Great "baseline", 50% faster\nsecond line; {braces}'
    assert first["starred"] == "yes" and first["tags"].endswith("to-cite")
    assert first["upvotes"] == str(entries[0].paper.upvotes)
    assert rows[-1]["title"] == TRICKY_TITLE
    assert rows[-1]["code_url"] == "https://github.com/x/{weird}"
    assert rows[-1]["authors"] == "José Núñez; Research and Development Team"


@pytest.mark.parametrize("fmt", ["md", "bib", "json", "csv"])
def test_empty_exports_are_valid(fmt):
    text = render([], fmt)
    if fmt == "json":
        assert json.loads(text) == []
    elif fmt == "csv":
        assert text.startswith("id,title,")


def test_format_from_suffix(tmp_path):
    assert format_for(tmp_path / "list.BIB") == "bib"
    assert format_for(tmp_path / "list.markdown") == "md"
    assert format_for(tmp_path / "list.txt") is None


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path, entries):
    target = tmp_path / "reading.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    write_export(entries, "json", target)
    assert json.loads(target.read_text(encoding="utf-8"))[0]["id"] == entries[0].paper.id
    assert os.listdir(tmp_path) == ["reading.json"]
    assert target.stat().st_mode & 0o777 == 0o600


def test_atomic_write_into_a_missing_folder_is_one_sentence(tmp_path):
    with pytest.raises(ReaderError) as caught:
        write_text_atomic(tmp_path / "nope" / "x.md", "text")
    one_sentence(str(caught.value), "does not exist")


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("old", encoding="utf-8")

    with pytest.raises((TypeError, AttributeError)):
        write_text_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["list.md"]
