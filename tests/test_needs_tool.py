"""needs_tool: a missing program skips a test on a workstation and fails it under CI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

TEST = '''
from tests.conftest import needs_tool, require_tools

@needs_tool("no-such-tool-here")
def test_marked():
    pass

def test_required_in_the_body():
    require_tools("no-such-tool-either")
'''


def run_inner(tmp_path, ci: str | None) -> str:
    (tmp_path / "test_inner.py").write_text(TEST, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rsf", "-p", "tests.conftest", "-c", os.devnull,
         "--rootdir", str(tmp_path), "-p", "no:cacheprovider", str(tmp_path / "test_inner.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    return f"{done.stdout}\nexit {done.returncode}"


def test_without_ci_a_missing_tool_skips(tmp_path):
    out = run_inner(tmp_path, None)
    assert "2 skipped" in out and "failed" not in out and out.endswith("exit 0")
    assert "no-such-tool-here not installed" in out
    assert "no-such-tool-either not installed" in out


@pytest.mark.parametrize("ci", ["true", "1"])
def test_under_ci_a_missing_tool_fails(tmp_path, ci):
    out = run_inner(tmp_path, ci)
    # The mark fails the test in its setup (an error), require_tools in its body (a failure).
    assert "1 failed, 1 error" in out and "skipped" not in out and out.endswith("exit 1")
    assert out.count("a missing tool is a failure, not a skip") >= 2
