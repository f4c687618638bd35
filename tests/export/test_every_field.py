"""`reader list --format json` and the exports carry every field a source gave (issue 16)."""

from __future__ import annotations

import csv
import io
import json

from reader.cli import main
from reader.commands.common import Entry
from reader.export import csv_export, markdown
from reader.sources import arxiv_atom, arxiv_rss
from reader.state import PaperState
from tests.conftest import FIXTURES

HF = FIXTURES / "hf_daily_papers_2026.json"
ATOM = FIXTURES / "arxiv_atom_cs_ai_lg.xml"
RSS = FIXTURES / "arxiv_rss_spec_replace_cross.xml"


def listed(capsys, *files):
    capsys.readouterr()
    assert main(["list", "--format", "json", *map(str, files)]) == 0
    return json.loads(capsys.readouterr().out)


def test_list_json_of_the_library_has_every_hf_field(capsys):
    assert main(["import", str(HF)]) == 0
    records = listed(capsys)
    msa = next(r for r in records if r["arxiv_id"] == "2606.09446")
    facts = msa["facts"]
    assert facts["ai_summary"] and len(facts["ai_keywords"].split("; ")) == 6
    assert facts["published"] and facts["submitted_by"]
    assert msa["published"] == facts["published"]
    assert msa["days"] == ["2026-06-12"] and msa["collections"] == ["daily-2026-06-12"]
    assert msa["also_in"] == [] and msa["source"] == "huggingface"
    assert msa["pdf_url"] == "https://arxiv.org/pdf/2606.09446"
    assert "\n\n" in msa["abstract"]


def test_list_json_of_atom_has_version_pdf_comment_and_categories(capsys):
    record = next(r for r in listed(capsys, ATOM) if r["arxiv_id"] == "2607.09474")
    assert record["version"] == "v1"
    assert record["version_url"] == "https://arxiv.org/abs/2607.09474v1"
    assert record["pdf_url"] == "https://arxiv.org/pdf/2607.09474v1"
    assert record["facts"]["comment"].startswith("25 pages, 7 figures.")
    assert record["facts"]["categories"] == "cs.AI" and record["facts"]["updated"]
    assert {"url": "https://github.com/eth-sri/proof-council", "kind": "code"} in record["links"]


def test_list_json_of_rss_has_doi_licence_journal_and_announce_type(capsys):
    (record,) = listed(capsys, RSS)
    assert record["facts"]["doi"] == "10.5802/jep.257"
    assert record["facts"]["license"] == "http://creativecommons.org/licenses/by/4.0/"
    assert record["facts"]["journal_ref"].endswith("pp. 431-472")
    assert record["facts"]["announce_type"] == "replace-cross"
    assert record["year"] == 2022 and record["date"] == "2024-08-23"


def entry(path, module, index=0):
    paper = module.parse(path.read_text(encoding="utf-8"), source=str(path))[index]
    return Entry(paper, PaperState())


def test_markdown_shows_version_pdf_and_journal():
    text = markdown.render([entry(RSS, arxiv_rss)])
    assert "arXiv:2203.01250v3" in text
    assert "- PDF: <https://arxiv.org/pdf/2203.01250v3>" in text
    assert "Tome 11 (2024)" in text
    assert "- Link: <https://doi.org/10.5802/jep.257>" in text


def test_csv_has_the_new_columns_after_the_old_ones():
    rows = list(csv.DictReader(io.StringIO(csv_export.render([entry(ATOM, arxiv_atom)]))))
    assert list(rows[0])[:16] == list(csv_export.COLUMNS[:16])
    assert rows[0]["version"] == "v1" and rows[0]["pdf_url"].endswith("2607.09662v1")
    assert rows[0]["published"] == "2026-07-10" and rows[0]["categories"]
