"""`--query` and `--sort` work the same for list, links and export."""

from __future__ import annotations

import json

from reader.cli import main


def test_links_query_keeps_only_matching_papers(capsys, seed_papers):
    assert main(["links", "--query", "tag:serving"]) == 0
    urls = capsys.readouterr().out.split()
    expected = [p.primary_code_link.url for p in seed_papers
                if "serving" in p.tags and p.primary_code_link]
    assert urls == expected and urls


def test_export_query_and_sort(capsys):
    assert main(["export", "--query", 'title:"scaling law"', "--sort", "title",
                 "--format", "json"]) == 0
    titles = [record["title"] for record in json.loads(capsys.readouterr().out)]
    assert titles and all("scaling law" in t.lower() for t in titles)
    assert titles == sorted(titles, key=str.casefold)


def test_a_bad_query_is_one_line_and_exit_2(capsys):
    for command in ("list", "links", "export"):
        assert main([command, "--query", "tag:serving ("]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("reader: ")
