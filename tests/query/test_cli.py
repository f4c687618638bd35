"""`reader list --query Q --sort KEY` on the built-in catalog."""

from __future__ import annotations

import json

from reader.cli import main
from reader.model import fold
from reader.state import StateStore
from tests.core.messages import assert_one_sentence


def listed(capsys, *argv: str) -> list[dict]:
    code = main(["list", "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return json.loads(out)


def test_query_filters_the_list(capsys, seed_papers):
    assert [r["title"] for r in listed(capsys, "--query", "melange")] == [
        p.title for p in seed_papers if "melange" in fold(p.title + p.abstract)]
    records = listed(capsys, "--query", "tag:serving has:code")
    assert records and len(records) < len(seed_papers)
    assert all("serving" in r["tags"] and any(k["kind"] == "code" for k in r["links"])
               for r in records)
    assert len(listed(capsys, "--query", "")) == len(seed_papers)


def test_sort_orders_the_list(capsys, seed_papers):
    records = listed(capsys, "--query", "tag:llm", "--sort", "title")
    titles = [fold(r["title"]) for r in records]
    assert titles == sorted(titles) and len(titles) > 10


def test_query_sees_reading_state_from_db(capsys, tmp_path, seed_papers):
    db = tmp_path / "state.json"
    store = StateStore(db)
    store.set_starred(seed_papers[4].id)
    store.set_read(seed_papers[2].id)
    store.close()
    assert [r["id"] for r in listed(capsys, "--db", str(db), "--query", "is:starred")] == [
        seed_papers[4].id]
    records = listed(capsys, "--db", str(db), "--query", "is:unread", "--sort", "unread")
    assert seed_papers[2].id not in [r["id"] for r in records]
    assert len(records) == len(seed_papers) - 1


def test_table_output_is_filtered_too(capsys):
    assert main(["list", "--query", "title:melange"]) == 0
    out, _ = capsys.readouterr()
    assert len(out.splitlines()) == 1 and "Mélange" in out


def test_bad_query_is_one_line_and_exit_2(capsys):
    code = main(["list", "--query", "tag:serving (has:code"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("reader: ") and err.count("\n") == 1
    assert_one_sentence(err.removeprefix("reader: "), "column 13", "never closed")


def test_bad_sort_key_is_a_usage_error(capsys):
    assert main(["list", "--sort", "size"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "invalid choice" in err and err.count("\n") == 1
