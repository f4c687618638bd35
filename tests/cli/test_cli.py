"""The `reader` command: --version, --help, `list`, and bad input (one line, exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import __version__, paths
from reader.cli import main
from reader.state import StateStore
from tests.conftest import FIXTURES, SEED
from tests.core.messages import assert_one_sentence
from tests.state.helpers import run_unprivileged

OCT3 = FIXTURES / "daily-papers-2025-10-03.txt"
RECORD_KEYS = {"id", "title", "abstract", "authors", "date", "collection", "tags", "links",
               "read", "starred"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def list_json(capsys, *argv: str) -> list[dict]:
    code, out, err = run(capsys, "list", "--format", "json", *argv)
    assert (code, err) == (0, "")
    return json.loads(out)


def assert_usage_error(code: int, out: str, err: str, *must_contain: str) -> None:
    """Exit 2, nothing on stdout, exactly one line on stderr, no traceback."""
    assert code == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("reader")
    assert "Traceback" not in err
    for part in must_contain:
        assert part in err, err


# --version and --help


def test_version(capsys):
    code, out, err = run(capsys, "--version")
    assert (code, out, err) == (0, f"reader {__version__}\n", "")


def test_help_says_where_state_and_config_live(capsys, isolated_dirs):
    code, out, err = run(capsys, "--help")
    assert code == 0 and err == ""
    data_home = os.environ["XDG_DATA_HOME"]
    config_home = os.environ["XDG_CONFIG_HOME"]
    assert data_home.startswith(str(isolated_dirs))
    where = out.split("where things live:", 1)[1].splitlines()
    state = [line.split() for line in where if line.strip().startswith("state ")]
    config = [line.split() for line in where if line.strip().startswith("config ")]
    assert state[0][1] == str(Path(data_home) / "paper-reader" / "state.json")
    assert config[0][1] == str(Path(config_home) / "paper-reader")
    assert "list" in out


def test_help_follows_changed_xdg_dirs(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere-config"))
    _, out, _ = run(capsys, "--help")
    assert str(tmp_path / "elsewhere-data" / "paper-reader") in out
    assert str(tmp_path / "elsewhere-config" / "paper-reader") in out


def test_list_help(capsys):
    code, out, err = run(capsys, "list", "--help")
    assert code == 0 and "--format" in out and err == ""


# reader list


def test_list_json_is_the_95_seed_papers(capsys):
    records = list_json(capsys)
    assert len(records) == 95
    for record in records:
        assert RECORD_KEYS <= record.keys()
        assert isinstance(record["tags"], list) and record["tags"]
        assert all(isinstance(tag, str) for tag in record["tags"])
        assert isinstance(record["links"], list)
        for link in record["links"]:
            assert set(link) == {"url", "kind"} and link["kind"] in ("code", "project", "other")
        assert record["read"] is False and record["starred"] is False
        assert record["date"] == "2025-09-25"
        assert record["collection"] == "daily-2025-09-25"
        assert isinstance(record["authors"], list)
    assert records[0]["id"] == "sliced-recursive-transformer"
    assert len({r["id"] for r in records}) == 95
    longcat = next(r for r in records if r["title"] == "LongCat-Flash Technical Report")
    assert longcat["links"] == [
        {"url": "https://longcat.ai", "kind": "other"},
        {"url": "https://huggingface.co/meituan-longcat", "kind": "code"},
        {"url": "https://github.com/meituan-longcat", "kind": "code"},
    ]


def test_list_json_keeps_accents(capsys):
    records = list_json(capsys)
    assert any(r["title"].startswith("M\u00e9lange:") for r in records)


def test_list_json_shows_read_and_starred_state(capsys):
    store = StateStore(paths.default_state_path())
    try:
        store.set_read("sliced-recursive-transformer")
        store.set_starred("llm-agent-operating-system")
    finally:
        store.close()
    records = {r["id"]: r for r in list_json(capsys)}
    assert records["sliced-recursive-transformer"]["read"] is True
    assert records["llm-agent-operating-system"]["starred"] is True
    assert sum(r["read"] for r in records.values()) == 1
    assert sum(r["starred"] for r in records.values()) == 1


def test_list_db_option_uses_that_state_file(capsys, tmp_path):
    db = tmp_path / "other-state.json"
    store = StateStore(db)
    try:
        store.set_starred("sliced-recursive-transformer")
    finally:
        store.close()
    records = list_json(capsys, "--db", str(db))
    assert records[0]["starred"] is True
    assert not any(r["starred"] for r in list_json(capsys))


def test_list_files(capsys):
    records = list_json(capsys, str(OCT3))
    assert [r["date"] for r in records] == ["2025-10-03"] * 3
    assert records[0]["title"] == "Caching Caf\u00e9 Menus with Tiny Language Models"
    assert len(list_json(capsys, str(OCT3), str(SEED))) == 98


def test_list_table(capsys):
    code, out, err = run(capsys, "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 95
    assert lines[0].startswith("sliced-recursive-transformer")
    assert "Sliced Recursive Transformer" in lines[0]
    assert "code" in lines[0]
    same = run(capsys, "list", "--format", "table")
    assert same[1] == out


def test_list_uses_user_tags(capsys, isolated_dirs):
    user = paths.config_dir() / "tags.toml"
    user.parent.mkdir(parents=True)
    user.write_text('[tags.chefs]\nkeywords = ["monolith"]\n', encoding="utf-8")
    records = list_json(capsys)
    assert [r["title"].split(":")[0] for r in records if "chefs" in r["tags"]] == ["Monolith"]


# Bad input: exactly one line on stderr, exit 2, no traceback


@pytest.mark.parametrize("argv, words", [
    (["--bogus"], ["--bogus"]),
    (["list", "--format", "xml"], ["xml"]),
    (["list", "--nope"], ["--nope"]),
    (["list", "--format"], ["--format"]),
])
def test_bad_options(capsys, argv, words):
    assert_usage_error(*run(capsys, *argv), *words)


def test_missing_file(capsys, tmp_path):
    missing = tmp_path / "missing.txt"
    assert_usage_error(*run(capsys, "list", str(missing)), str(missing), "does not exist")
    assert_usage_error(*run(capsys, str(missing)), str(missing))


def test_directory(capsys, tmp_path):
    assert_usage_error(*run(capsys, "list", str(tmp_path)), str(tmp_path), "directory")
    assert_usage_error(*run(capsys, str(tmp_path)), str(tmp_path), "directory")


def test_binary_file(capsys, tmp_path):
    binary = tmp_path / "reader.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert_usage_error(*run(capsys, "list", str(binary)), str(binary), "binary")
    assert_usage_error(*run(capsys, str(binary)), str(binary), "binary")


def test_wrong_format_file(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list\n\neggs\n", encoding="utf-8")
    code, out, err = run(capsys, "list", str(notes))
    assert_usage_error(code, out, err, str(notes), "line 1")
    assert_one_sentence(err.removeprefix("reader: ").strip())
    assert_usage_error(*run(capsys, str(notes)), str(notes), "line 1")


def test_unreadable_file(capsys, monkeypatch):
    page = OCT3.read_bytes()

    def check(folder: Path) -> list:  # as root, in a child that has dropped to nobody
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            monkeypatch.setenv(name, str(folder / name.lower()))  # dirs nobody can use
        locked = folder / "daily-papers-2025-10-03.txt"
        locked.write_bytes(page)
        locked.chmod(0)
        return [*run(capsys, "list", str(locked)), str(locked)]

    code, out, err, path = run_unprivileged(check)
    assert_usage_error(code, out, err, path, "permission")


def test_broken_user_tags_file(capsys):
    user = paths.config_dir() / "tags.toml"
    user.parent.mkdir(parents=True)
    user.write_text("[tags.oops\n", encoding="utf-8")
    assert_usage_error(*run(capsys, "list"), str(user), "TOML")


# As a real process


def reader(*argv: str, cwd: Path, env: dict[str, str] | None = None,
           stdout: int = subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *argv], cwd=cwd, env=env,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60)


def test_python_m_reader_version(tmp_path):
    done = reader("--version", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"reader {__version__}\n", "")


def test_process_bad_input_is_one_line(tmp_path):
    done = reader("list", str(tmp_path / "missing.txt"), cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    done = reader("list", "--format", "yaml", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1


def test_process_list_json_from_another_directory(tmp_path):
    done = reader("list", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    assert len(json.loads(done.stdout)) == 95


def test_list_into_head_has_no_broken_pipe_traceback(tmp_path):
    for fmt in ("table", "json"):
        command = f"'{sys.executable}' -m reader list --format {fmt} | head -1"
        done = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60)
        assert done.stderr == "", done.stderr
        assert done.stdout.count("\n") == 1


@pytest.mark.parametrize("argv", [
    ("list", str(OCT3)),            # fits stdout's buffer: written only when flushed
    ("list", "--format", "json"),   # larger than a pipe's buffer
    ("--version",),
    ("--help",),
])
def test_closed_stdout_is_not_an_error(tmp_path, argv):
    """Whoever reads our output may be gone before we write (`reader list | true`)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = reader(*argv, cwd=tmp_path, env=env, stdout=write_end)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")


def test_an_id_cut_by_the_list_table_still_finds_its_paper(capsys):
    """`reader list`'s table cuts long ids (titles' slugs) to 32 characters; `reader
    similar` takes such a start of an id when one paper's id has it (a new-user session
    found the cut id refused)."""
    from reader.cli import main
    from tests.conftest import FIXTURES

    source = FIXTURES / "daily-papers-2026-06-12.txt"
    assert main(["list", str(source)]) == 0
    ids = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    cut = max(ids, key=len)
    assert len(cut) == 32
    assert main(["similar", cut, str(source), "--limit", "1"]) == 0
    from reader.commands.similar_cmd import _by_start
    from reader.errors import ReaderError

    assert _by_start(["model-a", "model-b", "other"], "oth") == [2]
    with pytest.raises(ReaderError, match="starts the ids of 2 papers; give more of it"):
        _by_start(["model-a", "model-b", "other"], "model")
