"""Saved searches in the config dir: round trip, replace, delete, broken files, bad queries."""

from __future__ import annotations

import pytest

from reader import paths
from reader.errors import ReaderError
from reader.query import QueryError, SavedSearch, delete_search, load_saved, save_search
from reader.query.saved import saved_searches_path
from tests.core.messages import assert_one_sentence


def test_round_trip_in_the_config_dir():
    assert load_saved() == []
    save_search("serving with code", "tag:serving has:code")
    save_search('odd "name" \\ é', 'title:"kv cache" -tag:survey\t')
    assert saved_searches_path() == paths.config_dir() / "searches.toml"
    assert load_saved() == [
        SavedSearch("serving with code", "tag:serving has:code"),
        SavedSearch('odd "name" \\ é', 'title:"kv cache" -tag:survey'),
    ]
    assert [p.name for p in paths.config_dir().iterdir()] == ["searches.toml"]  # no temp files


def test_saving_a_name_again_replaces_it_in_place(tmp_path):
    path = tmp_path / "s.toml"
    for name in ("a", "b", "c"):
        save_search(name, f"tag:{name}", path)
    save_search("b", "is:unread", path)
    assert load_saved(path) == [SavedSearch("a", "tag:a"), SavedSearch("b", "is:unread"),
                                SavedSearch("c", "tag:c")]
    delete_search("a", path)
    assert [s.name for s in load_saved(path)] == ["b", "c"]
    with pytest.raises(ReaderError) as caught:
        delete_search("a", path)
    assert_one_sentence(str(caught.value), "'a'")


def test_a_query_that_does_not_parse_is_not_saved(tmp_path):
    path = tmp_path / "s.toml"
    save_search("ok", "tag:llm", path)
    before = path.read_bytes()
    with pytest.raises(QueryError):
        save_search("broken", "tag:(llm", path)
    with pytest.raises(ReaderError, match="name of one line"):
        save_search("  ", "tag:llm", path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("[[search]\nname = 'x'", "not valid TOML"),
        ("search = 'x'", "[[search]]"),
        ("[[search]]\nname = 'x'\n", "saved search 1"),
        ("[[search]]\nname = ''\nquery = 'a'\n", "saved search 1"),
        ("[[search]]\nname = 'a'\nquery = 3\n", "saved search 1"),
    ],
)
def test_a_broken_file_is_one_sentence_and_left_alone(tmp_path, content, words):
    path = tmp_path / "searches.toml"
    path.write_text(content, encoding="utf-8")
    for action in (lambda: load_saved(path), lambda: save_search("n", "a", path)):
        with pytest.raises(ReaderError) as caught:
            action()
        assert_one_sentence(str(caught.value), str(path), words)
    assert path.read_text(encoding="utf-8") == content


def test_not_utf8_is_one_sentence(tmp_path):
    path = tmp_path / "searches.toml"
    path.write_bytes(b"\xff\xfe name")
    with pytest.raises(ReaderError) as caught:
        load_saved(path)
    assert_one_sentence(str(caught.value), "not UTF-8")
