"""Shared fixtures. Every test runs with its own XDG dirs, so none touches the real home.

Tests that need a system tool (tmux, Xvfb, xclip) say so with `needs_tool(...)`: without the
tool they are skipped on a workstation, and fail under CI (CI=true), where .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "daily-papers-2025-09-25.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INSTALL_HINT = "apt-get install tmux xvfb xclip; CI's .ci/run installs them"


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def missing_tools(*tools: str) -> list[str]:
    return [tool for tool in tools if shutil.which(tool) is None]


def skip_or_fail(reason: str) -> None:
    """Skip with `reason`; under CI, where every tool is installed, fail instead."""
    if under_ci():
        pytest.fail(f"{reason} (CI is set: a missing tool is a failure, not a skip)",
                    pytrace=False)
    pytest.skip(reason)


def require_tools(*tools: str) -> None:
    """For fixtures and test bodies: skip (fail under CI) unless every tool is on PATH."""
    missing = missing_tools(*tools)
    if missing:
        skip_or_fail(f"{' and '.join(missing)} not installed ({INSTALL_HINT})")


def needs_tool(*tools: str) -> pytest.MarkDecorator:
    """Mark a test or module: skipped without `tools`, failed without them under CI."""
    return pytest.mark.needs_tool(*tools)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs_tool(*names): skip without these programs; fail without them under CI"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("needs_tool"):
        require_tools(*marker.args)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    return home


@pytest.fixture(autouse=True)
def background_io_allowed():
    """A quitting app stops downloads and cache builds process-wide (stop_background_io);
    each test starts as a new process would, with them allowed."""
    from reader.library_update import allow_background_io

    allow_background_io()


@pytest.fixture(scope="session")
def seed_papers():
    """The built-in catalog, tagged with the built-in rules only."""
    from reader import paths
    from reader.catalog import files as catalog
    from reader.tags import load_rules

    rules = load_rules(paths.bundled_data_dir() / "tags.toml")
    return catalog.tag_all(catalog.builtin_papers(), rules)


@pytest.fixture
def by_title(seed_papers):
    def find(prefix: str):
        matches = [p for p in seed_papers if p.title.startswith(prefix)]
        assert len(matches) == 1, f"{prefix!r} matched {len(matches)} papers"
        return matches[0]

    return find
