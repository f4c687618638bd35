"""`reader list --format json` writes exactly what `json.dump(..., indent=2)` wrote."""

from __future__ import annotations

import json

from reader.commands.json_out import dumps

ODD = ["", "é ü 中文", "quote \" back \\ slash", "\x00\x1b[2J\x7f\u2028\u202e", "tab\tnl\n",
       "\ud800"]


def test_same_text_as_json_dump(seed_papers):
    values = [
        [], {}, [[]], [{}], 0, -5, 2**70, 1.5, float("nan"), float("inf"), True, False, None,
        {"a": [1, {"b": [], "c": {}}], "d": ODD, "e": {"f": {"g": [None, True]}}},
        [paper.to_dict() for paper in seed_papers],
        ODD,
    ]
    for value in values:
        assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2), value


def test_dump_list_streams_the_same_text(seed_papers):
    import io

    from reader.commands.json_out import dump_list

    for value in ([], [1], [paper.to_dict() for paper in seed_papers]):
        out = io.StringIO()
        dump_list(value, out)
        assert out.getvalue() == json.dumps(value, ensure_ascii=False, indent=2)


def test_subclasses_of_int_and_str_are_written_as_json_writes_them():
    from enum import IntEnum

    class Level(IntEnum):
        HIGH = 3

    class Name(str):
        pass

    value = {"level": Level.HIGH, "name": Name("x"), "flags": [True, 1, Level.HIGH]}
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_list_as_json_lines_gives_the_same_records(capsys):
    """`--format jsonl`: one compact record a line, the records of `--format json`; what
    would act on a terminal is made inert as in every other format."""
    from reader.cli import main
    from tests.conftest import FIXTURES

    source = str(FIXTURES / "hf_daily_papers_2026.json")
    assert main(["list", "--format", "json", source]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert main(["list", "--format", "jsonl", source]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(whole) == 30
    assert [json.loads(line) for line in lines] == whole
