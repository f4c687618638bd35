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
