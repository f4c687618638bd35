"""Shared fixtures. Every test runs with its own XDG dirs, so none touches the real home."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "daily-papers-2025-09-25.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    return home


@pytest.fixture(scope="session")
def seed_papers():
    """The built-in catalog, tagged with the built-in rules only."""
    from reader import catalog, paths
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
