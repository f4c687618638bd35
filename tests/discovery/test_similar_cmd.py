"""`reader similar ID`: table and JSON, bad ids and limits as one line and exit 2."""

from __future__ import annotations

import json

from reader.cli import main
from tests.conftest import SEED

ASKED = "parallel-scaling-law-for-language-models"


def test_json_lists_the_similar_papers_with_shared_words(capsys):
    assert main(["similar", ASKED, str(SEED), "--limit", "4", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 4
    assert all(r["id"] != ASKED and r["shared"] for r in records)
    assert sum("Scaling Law" in r["title"] for r in records) >= 2


def test_table_says_what_it_is_similar_to(capsys):
    assert main(["similar", ASKED, str(SEED), "--limit", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Similar to {ASKED}: Parallel Scaling Law for Language Models"
    assert sum(line.strip().startswith("shares: ") for line in out) == 2


def test_the_library_is_used_without_files(capsys):
    from reader.catalog import files as catalog

    first = catalog.builtin_papers()[0].id
    assert main(["similar", first, "--limit", "1", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_unknown_id_is_one_line_and_exit_2(capsys):
    assert main(["similar", "no-such-paper", str(SEED)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["reader: No paper with id 'no-such-paper' in those files."]


def test_bad_limit_is_one_line_and_exit_2(capsys):
    for limit in ("0", "ten", "-3"):
        assert main(["similar", ASKED, str(SEED), "--limit", limit]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "--limit" in err[0]
