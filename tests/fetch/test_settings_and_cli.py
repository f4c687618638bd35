"""`reader fetch` end to end against the local server, and where base URLs come from."""

from __future__ import annotations

import pytest

from reader import fetch, paths
from reader.cli import main
from reader.errors import ReaderError
from reader.library import Library, load_library
from tests.sources.sentences import one_sentence


def test_defaults_without_config_or_environment():
    settings = fetch.load_settings(environ={})
    assert settings.daily_papers_url == "https://huggingface.co"
    assert settings.arxiv_url == "https://export.arxiv.org"
    assert settings.timeout == fetch.DEFAULT_TIMEOUT


def write_config(text: str) -> None:
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    (paths.config_dir() / "fetch.toml").write_text(text, encoding="utf-8")


def test_config_file_then_environment():
    write_config('daily_papers_url = "http://mirror.test/hf/"\narxiv_url = "http://a.test"\ntimeout = 5\n')
    settings = fetch.load_settings(environ={})
    assert (settings.daily_papers_url, settings.arxiv_url, settings.timeout) == (
        "http://mirror.test/hf", "http://a.test", 5.0)
    settings = fetch.load_settings(environ={"READER_ARXIV_URL": "https://b.test"})
    assert settings.arxiv_url == "https://b.test"
    assert settings.daily_papers_url == "http://mirror.test/hf"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("timeout = [", "TOML"),
        ("timeout = -1\n", "timeout"),
        ("arxiv_url = 3\n", "arxiv_url"),
        ('daily_papers_url = "gopher://x"\n', "base URL"),
    ],
)
def test_bad_config_is_one_sentence(text, words):
    write_config(text)
    with pytest.raises(ReaderError) as caught:
        fetch.load_settings(environ={})
    one_sentence(str(caught.value), words)


def test_fetch_a_day_into_the_library(api, capsys):
    assert main(["fetch", "--date", "2026-06-12", "--base-url", f"{api.url}/ok"]) == 0
    out = capsys.readouterr().out
    assert "Fetched 30 papers from Daily Papers of 2026-06-12" in out and "30 new" in out
    papers = load_library()
    assert len(papers) == 30 and {p.collection for p in papers} == {"daily-2026-06-12"}
    # Again: nothing new.
    assert main(["fetch", "--date", "2026-06-12", "--base-url", f"{api.url}/ok"]) == 0
    assert "0 new, 0 updated, 30 unchanged" in capsys.readouterr().out


def test_environment_variable_gives_the_base_url(api, monkeypatch, capsys):
    monkeypatch.setenv("READER_DAILY_PAPERS_URL", f"{api.url}/ok")
    assert main(["fetch", "--days", "2"]) == 0
    assert len(api.requests) == 2


def test_config_file_gives_the_arxiv_url(api, capsys):
    write_config(f'arxiv_url = "{api.url}/ok"\n')
    assert main(["fetch", "--arxiv", "cat:cs.AI", "--max-results", "50"]) == 0
    assert "Fetched 50 papers for arXiv query 'cat:cs.AI'" in capsys.readouterr().out
    assert {p.collection.rsplit("-", 3)[0] for p in load_library()} == {"arxiv-cs.AI"}


@pytest.mark.parametrize("mode", ["status-503", "garbage", "slow"])
def test_network_trouble_exits_1_and_keeps_the_library(api, capsys, mode):
    assert main(["fetch", "--date", "2026-06-12", "--base-url", f"{api.url}/ok"]) == 0
    before = Library().path.read_bytes()
    capsys.readouterr()
    code = main(["fetch", "--days", "3", "--base-url", f"{api.url}/{mode}", "--timeout", "0.3"])
    assert code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("reader: ")
    one_sentence(captured.err.removeprefix("reader: "))
    assert Library().path.read_bytes() == before


def test_no_server_exits_1(dead_url, capsys):
    assert main(["fetch", "--base-url", dead_url, "--timeout", "2"]) == 1
    assert "connection refused" in capsys.readouterr().err
    assert not paths.default_library_path().exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["fetch", "--date", "2026-02-30"],
        ["fetch", "--days", "0"],
        ["fetch", "--days", "400"],
        ["fetch", "--date", "2026-06-12", "--days", "2"],
        ["fetch", "--timeout", "soon"],
        ["fetch", "--base-url", "not a url"],
        ["fetch", "--arxiv", "cat:cs.LG", "--max-results", "5000", "--base-url", "http://127.0.0.1:9"],
    ],
)
def test_bad_arguments_exit_2_before_any_request(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("reader")]) == 1, err
